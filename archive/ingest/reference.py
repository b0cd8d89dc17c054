"""The authority records the extractor and reconciler compare against.

:func:`load_reference` reads every Person name variant, Organization,
MeetingSeries and PolicyTheme once, merged with the built-in tables in
known.py, so that ingesting thousands of files costs no query per name. The
writer adds what it creates after each file commits.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.text import slugify

from people.names import core_name_key, name_key

from . import known
from .firstchars import compile_with_first_chars


@dataclass
class Entry:
    key: str
    name: str
    acronym: str = ""
    country: str = ""
    kind: str = ""
    aliases: list = field(default_factory=list)
    pk: int | None = None
    slug: str = ""


@dataclass
class PersonEntry:
    pk: int
    slug: str
    display_name: str
    country: str
    family_key: str


def new_organization_name(reference, key):
    """``key`` if it names an organization ingest creates, else None: a publisher found by its name
    alone (a news outlet the tables lack). The reference's own keys are lower case ("mnd", "yonhap")."""
    return key if key and key not in reference.organizations and not key.islower() else None


def _alternation(entries, patterns_of):
    parts, lookup = [], {}
    for entry in entries:
        for pattern, literal in patterns_of(entry):
            parts.append(pattern)
            if literal is not None:
                lookup[literal] = entry
    parts.sort(key=len, reverse=True)
    if not parts:
        return None, lookup
    return compile_with_first_chars(r"(?<![A-Za-z0-9-])(?:" + "|".join(parts) + r")(?![A-Za-z0-9-])"), lookup


def _org_patterns(entry):
    if entry.acronym and len(entry.acronym) >= 2:
        yield re.escape(entry.acronym), entry.acronym
    for name in [entry.name, *entry.aliases]:
        if name.isupper() and " " not in name:
            yield re.escape(name), name
        else:
            yield "(?i:" + re.escape(name).replace(r"\ ", r"\s+") + ")", name.lower()


class Reference:
    """People, organizations, series and themes, indexed for matching."""

    def __init__(self):
        self.people_by_key = {}
        self.people_by_family = defaultdict(list)
        self.people_keys_by_initial = defaultdict(list)
        self.people_by_core = defaultdict(list)  # core_name_key of the display name -> entries
        self.organizations = {}
        self.series = {}
        self.themes = []
        self.person_variants = set()  # (person pk, name as written)
        self.meetings_by_number = {}  # (series pk, ordinal) -> meeting pk
        self.meetings_by_series_date = {}  # (series pk, start date) -> meeting pk
        self.meetings_by_person_date = {}  # (person pk, start date) -> meeting pk
        self.written_meetings = {}  # pk -> a Meeting this run wrote or read, with who takes part (records.py)
        self._org_regex = self._org_lookup = None
        self._series_regex = None

    # people
    def add_person_name(self, key, entry):
        if not key or key in self.people_by_key:
            return
        self.people_by_key[key] = entry
        self.people_keys_by_initial[key[0]].append(key)
        if entry not in self.people_by_family[entry.family_key]:
            self.people_by_family[entry.family_key].append(entry)
            core = core_name_key(entry.display_name)
            if core:
                self.people_by_core[core].append(entry)

    # organizations
    def add_organization(self, entry):
        self.organizations[entry.key] = entry
        self._org_regex = None

    def organization_regex(self):
        if self._org_regex is None:
            self._org_regex, self._org_lookup = _alternation(self.organizations.values(), _org_patterns)
        return self._org_regex

    def organization_for(self, text):
        self.organization_regex()
        squeezed = re.sub(r"\s+", " ", text)
        return self._org_lookup.get(squeezed) or self._org_lookup.get(squeezed.lower())

    # series
    def add_series(self, entry):
        self.series[entry.key] = entry
        self._series_regex = None

    def series_regex(self):
        if self._series_regex is None:
            parts = []
            for entry in self.series.values():
                names = [re.escape(entry.name).replace(r"\ ", r"\s+")] + [_hangul_wraps(a) for a in entry.aliases]
                if entry.acronym:
                    names.append(re.escape(entry.acronym))
                group = re.sub(r"\W", "_", entry.key)
                parts.append(f"(?P<s_{group}>" + "|".join(names) + ")")
            self._series_by_group = {re.sub(r"\W", "_", entry.key): entry for entry in self.series.values()}
            pattern = r"(?<![A-Za-z0-9-])(?:" + "|".join(parts) + r")(?![A-Za-z0-9-])"
            self._series_regex = compile_with_first_chars(pattern) if parts else None
        return self._series_regex

    def series_for_match(self, match):
        name = match.lastgroup  # the series' own group: the alternatives inside it are not named
        if name and name.startswith("s_"):
            return self._series_by_group.get(name[2:])
        for name, value in match.groupdict().items():
            if value is not None and name.startswith("s_"):
                return self._series_by_group.get(name[2:])
        return None


_HANGUL_PAIR = re.compile(r"(?<=[가-힣])(?=[가-힣])")


def _hangul_wraps(pattern):
    """A name pattern in Hangul that also finds the name broken across a line, as a Korean PDF breaks a line
    inside a word ("제55차 한미안보협의회⏎의(SCM)")."""
    return _HANGUL_PAIR.sub(r"\\n?", pattern)


def family_key(display_name, country=""):
    words = display_name.replace(",", " ").split()
    words = [w for w in words if w.rstrip(".").lower() not in ("jr", "sr", "ii", "iii", "iv")]
    if not words:
        return ""
    first = words[0].lower()
    if country == "KR" or (country == "" and first in known.KOREAN_SURNAMES and len(words) <= 3):
        return name_key(words[0])
    return name_key(words[-1])


def load_reference():
    """A Reference holding every authority record in the database plus the built-in tables."""
    from archive.models import PolicyTheme
    from meetings.models import MeetingSeries
    from people.models import Organization, PersonName

    reference = Reference()
    for key, (name, acronym, country, kind, aliases) in known.ORGANIZATIONS.items():
        reference.add_organization(Entry(key, name, acronym, country, kind, list(aliases)))
    for org in Organization.objects.only("pk", "name", "acronym", "country", "kind", "slug"):
        key = _match_builtin(reference.organizations, org.name, org.acronym) or f"db:{org.pk}"
        builtin = reference.organizations.get(key)
        # the built-in name too, when the record's differs ("Ministry of Foreign Affairs (Republic of Korea)")
        aliases = [*builtin.aliases, *([builtin.name] if builtin.name != org.name else [])] if builtin else []
        reference.add_organization(
            Entry(key, org.name, org.acronym, org.country, org.kind, aliases, pk=org.pk, slug=org.slug)
        )
    for key, (name, acronym, level, aliases) in known.SERIES.items():
        reference.add_series(Entry(key, name, acronym, "", level, list(aliases), slug=slugify(name)))
    for series in MeetingSeries.objects.only("pk", "name", "acronym", "slug", "level"):
        key = _match_builtin(reference.series, series.name, series.acronym) or f"db:{series.pk}"
        builtin = reference.series.get(key)
        aliases = builtin.aliases if builtin else []
        reference.add_series(
            Entry(key, series.name, series.acronym, "", series.level, aliases, pk=series.pk, slug=series.slug)
        )
    for theme in PolicyTheme.objects.only("pk", "slug", "keywords"):
        words = theme.keyword_list
        if words:
            pattern = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
            regex = re.compile(rf"(?<![A-Za-z0-9])(?:{pattern})(?![A-Za-z0-9])", re.IGNORECASE)
            reference.themes.append((theme.slug, theme.pk, regex))
    from people.models import Person

    entries = {}
    for person in Person.objects.only("pk", "slug", "display_name", "hangul_name", "country"):
        entry = PersonEntry(
            person.pk, person.slug, person.display_name, person.country, family_key(person.display_name, person.country)
        )
        entries[person.pk] = entry
        reference.add_person_name(name_key(person.display_name), entry)
        if person.hangul_name:
            reference.add_person_name(name_key(person.hangul_name), entry)
    names = PersonName.objects.only("key", "name", "person_id")
    for variant in names:
        reference.person_variants.add((variant.person_id, variant.name))
        if variant.person_id in entries:
            reference.add_person_name(variant.key, entries[variant.person_id])
    from meetings.models import Meeting, Participation

    # In creation order, as a run adds them: where two meetings share a key, the first one holds it.
    for pk, series_pk, number, start in (
        Meeting.objects.filter(series__isnull=False)
        .order_by("pk")
        .values_list("pk", "series_id", "ordinal", "start_date")
    ):
        if number:
            reference.meetings_by_number[(series_pk, number)] = pk
        reference.meetings_by_series_date.setdefault((series_pk, start), pk)
    for meeting_pk, person_pk, start in Participation.objects.order_by("meeting_id", "pk").values_list(
        "meeting_id", "person_id", "meeting__start_date"
    ):
        reference.meetings_by_person_date.setdefault((person_pk, start), meeting_pk)
    return reference


def _match_builtin(entries, name, acronym):
    """The built-in entry a database record is: by name or alias first, else by acronym (two records that
    share an acronym, such as each country's Joint Chiefs of Staff, are told apart by their names)."""
    wanted = name_key(name)
    builtins = [(key, entry) for key, entry in entries.items() if not key.startswith("db:")]
    for key, entry in builtins:
        if name_key(entry.name) == wanted or any(name_key(a) == wanted for a in entry.aliases if a[:1].isalpha()):
            return key
    for key, entry in builtins:
        if acronym and entry.acronym and acronym.lower() == entry.acronym.lower():
            return key
    return None
