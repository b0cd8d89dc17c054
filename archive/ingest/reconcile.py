"""Stage 4, reconcile: match what was extracted against the authority records.

A person is linked when one of their known variants has the same name key
(case, spacing, hyphens and titles folded; suffixes kept). A close but unsure
match (a fuzzy score, or a surname alone) is only proposed: it is neither
linked nor created until an editor accepts or rejects it. An unknown full
name becomes a new draft person. Organizations and series found through the
built-in tables but absent from the database become new records.
"""

import difflib
from dataclasses import dataclass, field

from people.names import core_name_key, name_key, script_of

from . import known

FUZZY_CUTOFF = 0.85


@dataclass
class PersonMatch:
    mention: object
    action: str  # "link", "create", "propose"
    entry: object = None
    proposals: list = field(default_factory=list)  # (PersonEntry, score, reason)

    @property
    def canonical(self):
        if self.entry is not None:
            return self.entry.display_name
        return display_name(self.mention.name, self.mention.country)


@dataclass
class Reconciliation:
    people: list
    warnings: list = field(default_factory=list)


def display_name(name, country=""):
    """The archive's printed form of a new name: Korean given names hyphenated ("Shin Won-sik")."""
    words = name.split()
    if script_of(name) == "hangul":
        return name
    is_korean = country == "KR" or (not country and words and words[0].lower() in known.KOREAN_SURNAMES)
    if is_korean and len(words) == 3 and all(w.isalpha() for w in words):
        family = words[0].upper() if words[0].isupper() and len(words[0]) > 1 else words[0]
        return f"{family.title()} {words[1].title()}-{words[2].lower()}"
    return name


def match_person(mention, reference):
    """The PersonMatch of one mention."""
    key = name_key(mention.name)
    if mention.surname_only and script_of(mention.name) == "hangul" and key in reference.people_by_key:
        # a foreign name written in Hangul by one word (오스틴) that is a recorded variant of someone
        return PersonMatch(mention, "link", reference.people_by_key[key])
    if mention.surname_only:
        candidates = reference.people_by_family.get(key, [])
        if mention.country:
            candidates = [c for c in candidates if not c.country or c.country == mention.country]
        return PersonMatch(mention, "propose", proposals=[(c, 0.5, "same surname") for c in candidates])
    entry = reference.people_by_key.get(key)
    if entry is not None:
        return PersonMatch(mention, "link", entry)
    words = mention.name.split()
    if len(words) in (2, 3) and words[-1].lower() in known.KOREAN_SURNAMES:
        flipped = reference.people_by_key.get(name_key(" ".join([words[-1], *words[:-1]])))
        if flipped is not None:
            return PersonMatch(mention, "propose", proposals=[(flipped, 0.9, "family name written last")])
    core = core_name_key(mention.name)
    same = reference.people_by_core.get(core, []) if core else []
    if same:
        reason = "the same name but for a middle initial, a suffix or a short given name"
        return PersonMatch(mention, "propose", proposals=[(entry, 0.9, reason) for entry in same])
    pool = reference.people_keys_by_initial.get(key[:1], [])
    close = difflib.get_close_matches(key, pool, n=3, cutoff=FUZZY_CUTOFF)
    if close:
        proposals = []
        for candidate in close:
            score = round(difflib.SequenceMatcher(None, key, candidate).ratio(), 2)
            candidate_entry = reference.people_by_key[candidate]
            if all(p[0] is not candidate_entry for p in proposals):
                proposals.append((candidate_entry, score, "similar spelling"))
        return PersonMatch(mention, "propose", proposals=proposals)
    return PersonMatch(mention, "create")


def reconcile(extraction, reference):
    """A Reconciliation of the people in an Extraction, with a warning for every unsure match."""
    matches, warnings = [], []
    for mention in extraction.people:
        match = match_person(mention, reference)
        if match.action == "propose":
            if match.proposals:
                listed = ", ".join(f"{entry.display_name} ({reason})" for entry, _s, reason in match.proposals)
                warnings.append(f'"{mention.as_written}" may be {listed}: proposed, not linked.')
            else:
                warnings.append(f'"{mention.as_written}" is a surname only and matches no one: not linked.')
        matches.append(match)
    return Reconciliation(matches, warnings)
