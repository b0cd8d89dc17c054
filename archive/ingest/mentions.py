"""Organizations, meetings and themes a source refers to, each with its span."""

import bisect
import re
from dataclasses import dataclass, replace

from archive.dates import PartialDate, Precision

from . import known
from .datefind import RELATIVE, is_dateline, is_future, resolve_relative
from .people import MEETING_VERBS, sentences

_HANGUL = re.compile(r"[가-힣]")

_ORDINAL_WORDS = {
    "inaugural": 1,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_QUALIFIER = (
    r"(?:annual|regular|Republic\s+of\s+Korea|South\s+Korea|Korea|ROK|United\s+States|U\.S\.|US|Japan"
    r"|\((?:ROK|U\.S\.|US)\)|[-–/])"
)
_ORDINAL_BEFORE = re.compile(
    r"(?:(?P<num>\d{1,3})(?:st|nd|rd|th)|(?P<word>inaugural|first|second|third|fourth|fifth|sixth|seventh|eighth"
    r"|ninth|tenth)|제\s*(?P<ko>\d{1,3})\s*차)\s*(?:" + _QUALIFIER + r"\s*)*"
    r"(?:(?:meeting|session)\s+of\s+the\s+(?:" + _QUALIFIER + r"\s*)*)?$",
    re.IGNORECASE,
)


@dataclass
class OrganizationMention:
    key: str
    name: str
    acronym: str
    as_written: str
    span: tuple


# The ordinal written after the series: "the NCG, since its inaugural meeting in July 2023", "the KIDD,
# the 25th of which was held in September 2024".
_ORDINAL_AFTER = re.compile(
    r"\)?\s*(?:\([A-Z][\w.+-]*\)\s*)?,?\s*(?:(?:since|at|in|during|after)\s+)?(?:"
    r"(?:which\s+(?:held|convened|had)\s+)?(?:its|their|whose)\s+(?:(?P<num>\d{1,3})(?:st|nd|rd|th)|(?P<word>"
    r"inaugural|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth))\s+(?:meeting|session)"
    r"|the\s+(?:(?P<num2>\d{1,3})(?:st|nd|rd|th)|(?P<word2>first|second|third|fourth|fifth|sixth|seventh|eighth"
    r"|ninth|tenth))\s+(?:of\s+which(?:\s+was\s+held)?|of\s+its\s+kind))",
    re.IGNORECASE,
)
_NOT_A_NUMBER_AFTER = re.compile(
    r"\s*(?:meeting\s+)?(?:in|since|for)\s+(?:(?:more\s+than|over|nearly|almost|about)\s+)?(?:\w+\s+)?"
    r"(?:years?|months?|decades?)\b|\s*(?:meeting\s+)?(?:convened\s+|held\s+)?(?:in\s+[\w\s]{0,30}?)?since\s+"
    r"(?:(?:19|20)\d{2}\b|\w+\s+took\s+office)",
    re.IGNORECASE,
)
_A_FORMAT_AFTER = re.compile(r"\s+(?:forum|format|framework|mechanism)s?\b", re.IGNORECASE)
_VICE_BEFORE = re.compile(r"\bvice-ministerial\s+$", re.IGNORECASE)
# A date after "Before the SCM, on October 29" is another event's; the SCM came after it.
_OTHER_EVENT_BEFORE = re.compile(r"\b(?:before|after|ahead\s+of|following|prior\s+to)\s+(?:the\s+)?$", re.IGNORECASE)
# "launched the NCG", "the establishment of the NCG": the body, not a meeting of it.
_FOUNDED_BEFORE = re.compile(
    r"\b(?:launch(?:ed|ing)?|establish(?:ed|ing)?|creat(?:ed|ing)|set\s+up|form(?:ed|ing)|found(?:ed|ing)"
    r"|(?:launch|establishment|creation|formation|founding)\s+of)\s+(?:the\s+|a\s+|an\s+)?$",
    re.IGNORECASE,
)


@dataclass
class MeetingMention:
    series_key: str
    series_name: str
    ordinal: int | None
    date: PartialDate | None
    as_written: str
    span: tuple


# A country's adjective written before a body's name: "Chinese Defense Ministry" is not Korea's.
_COUNTRY_BEFORE = re.compile(
    "(?:" + "|".join(f"(?P<c{i}>{pattern})" for i, pattern in enumerate(known.COUNTRY_WORDS)) + r")\s+$"
)
_COUNTRY_CODES = list(known.COUNTRY_WORDS.values())


def _country_before(clean, start):
    found = _COUNTRY_BEFORE.search(clean, max(0, start - 30), start)
    if found is None:
        return None
    return _COUNTRY_CODES[int(found.lastgroup[1:])]


# Written from the Korean side: Hangul, a Korean outlet or the ministry's own release.
_KOREAN_SIDE = re.compile(
    r"[가-힣]|\(Yonhap\)|Yonhap\s+News|JoongAng|Korea\s+Times|Korea\s+Herald|Hankyoreh|Chosun|Ministry\s+of\s+National"
    r"\s+Defen[cs]e\s*$",
    re.MULTILINE | re.IGNORECASE,
)


# The names and acronyms of the bodies of known.BY_COUNTRY, in lower case -> their shared key.
_SHARED_NAMES = {form.lower(): key for key in known.BY_COUNTRY for form in known.ORGANIZATIONS[key][:2] if form}


_CHAIRMAN_BEFORE = re.compile(r"Chairm[ae]n\s+of\s+the\s+$", re.IGNORECASE)


def home_country(clean):
    """The side a text is written from, as far as a name both countries use needs it: "KR" or "US"."""
    return "KR" if _KOREAN_SIDE.search(clean, 0, 1500) else "US"


def extract_organizations(clean, reference):
    regex = reference.organization_regex()
    found = {}
    if regex is None:
        return []
    home = None
    for match in regex.finditer(clean):
        entry = reference.organization_for(match.group())
        if match.group() == "Congress" and clean.endswith("Library of ", 0, match.start()):
            continue  # the Library of Congress
        if entry is not None and re.sub(r"\s+", " ", match.group()).lower() in _SHARED_NAMES:
            # "ROK Chairman of the Joint Chiefs of Staff", "the U.S. JCS", else the text's side
            office = _CHAIRMAN_BEFORE.search(clean, max(0, match.start() - 30), match.start())
            written = _country_before(clean, match.start()) or (office and _country_before(clean, office.start()))
            home = home or home_country(clean)
            shared = _SHARED_NAMES[re.sub(r"\s+", " ", match.group()).lower()]
            entry = reference.organizations.get(known.by_country(shared, written or home), entry)
        national = entry is not None and entry.country not in ("", "XX")  # not an international body
        written_country = _country_before(clean, match.start()) if national else None
        if written_country and written_country != entry.country:
            # a defense ministry of another country: that country's, if the tables know it, else none
            key = known.DEFENSE_MINISTRY.get(written_country) if entry.key in known.DEFENSE_MINISTRY.values() else None
            entry = reference.organizations.get(key) if key else None
        if entry and entry.key not in found:
            found[entry.key] = OrganizationMention(entry.key, entry.name, entry.acronym, match.group(), match.span())
    return list(found.values())


# A Korean text dates a meeting before naming it: "2023. 11. 13. 서울에서 개최된 제55차 한미안보협의회의",
# "지난 6월 10일 워싱턴에서 개최된 제3차 핵협의그룹".
_KOREAN_HELD_BETWEEN = re.compile(
    # the last day of a meeting of two days ("9.12.(목)~13.(금) 양일간"), then where it was held or "held"
    r"(?:[ \t]*~[ \t]*\d{1,2}\.[ \t]?\([월화수목금토일]\))?[ \t]*(?:양일간|이틀간)?[ \t]*"
    r"(?:(?:[^\s.]+[ \t]+){0,3}?\S+에서[ \t\n]*(?:개최된|열린|개최한|개최되었던|개최될[ \t]+예정인)?"
    r"|개최된|열린|개최한|개최되었던)?[ \t]*"
)
# A sentence that opens with its date: "On Monday, Gen. Jin ... held the 50th Military Committee Meeting".
_OPENING_DATE = re.compile(r"\s*(?:On|In)\s+")
_LOOKED_BACK_ON = re.compile(
    r"\b(?:outcomes?|results?|review(?:ed|ing)?|recall(?:ed|ing)?|follow(?:ed|ing|-up)|since|after|before|ahead\s+of"
    r"|prepar(?:e|ed|ing|ations)|last|previous|earlier)\b[^.;]*$",
    re.IGNORECASE,
)


def _resolved(mention, published, written, warnings):
    """A date mention as a PartialDate: a year it lacks is the publication's, with a warning."""
    if mention.has_year:
        return mention.partial()
    if published is None:
        return None
    _warn(warnings, f'The date "{written}" has no year; {published.date.year} is assumed from the text.')
    return mention.partial(published.date.year)


def _warn(warnings, text):
    if warnings is not None and text not in warnings:
        warnings.append(text)


def relative_day(match, published, warnings, clean):
    """The day a RELATIVE match means ("yesterday", "on Friday"), counted from ``published`` (a PartialDate),
    forward when a future word stands before it in its clause; the warning that says so is added to
    ``warnings``. None without a publication day."""
    if published is None or published.precision != Precision.DAY:
        return None
    # what comes before the day in its sentence ("will meet ... on Friday") tells whether it is to come
    # (the 80 characters before it on its line: "J. Austin" ends no clause)
    clause_start = max(clean.rfind("\n", 0, match.start()), match.start() - 80)
    day = resolve_relative(match, published.date, future=is_future(clean, clause_start + 1, match.start()))
    _warn(
        warnings,
        f'A meeting\'s date is written as "{match.group()}"; {day.isoformat()} is counted from the publication date.',
    )
    return PartialDate(day, Precision.DAY)


def extract_meetings(clean, reference, mentions_of_dates, *, published=None, warnings=None):
    """The meetings a text names, each with its series, ordinal and date as written.

    A meeting's date is the one written just after it in the same sentence ("the 52nd SCM held in
    October 2020"), else one written as a day relative to the publication ("held the 55th SCM
    yesterday", counted from ``published`` and said in ``warnings``), else the date a sentence opens
    with when it reports a meeting ("On Monday, ... held the 50th MCM"). In Korean the date written
    just before the meeting with where it was held comes first ("2023. 11. 13. 서울에서 개최된 제55차
    한미안보협의회의").
    """
    regex = reference.series_regex()
    if regex is None:
        return []
    result = []
    date_starts = [mention.start for mention in mentions_of_dates]
    sentence_starts = None  # the sentences' spans and starts, once a meeting needs them
    matches = []
    for match in regex.finditer(clean):
        previous = matches[-1] if matches else None
        restated = previous and re.fullmatch(r"\s*\(\s*", clean[previous.end() : match.start()])
        if restated and reference.series_for_match(previous) is reference.series_for_match(match):
            continue  # "Security Consultative Meeting (SCM)": the acronym restates the name
        matches.append(match)
    for position, match in enumerate(matches):
        following = matches[position + 1].start() if position + 1 < len(matches) else len(clean)
        entry = reference.series_for_match(match)
        if entry is None:
            continue
        start = match.start()
        if _FOUNDED_BEFORE.search(clean, max(0, start - 40), start):
            continue  # "launched the NCG in April 2023": the body itself, not one of its meetings
        if _A_FORMAT_AFTER.match(clean, match.end()) or _VICE_BEFORE.search(clean, max(0, start - 20), start):
            continue  # "a vice-ministerial 2+2 forum": a kind of talks, not this series' meeting
        ordinal = None
        before = _ORDINAL_BEFORE.search(clean, max(0, start - 80), start)
        if before and before.group("word") and _NOT_A_NUMBER_AFTER.match(clean, match.end()):
            before = None  # "the first 2+2 in five years": the first for a while, not the first of the series
        if before:
            if before.group("num") or before.group("ko"):
                ordinal = int(before.group("num") or before.group("ko"))
            else:
                ordinal = _ORDINAL_WORDS[before.group("word").lower()]
            start = before.start()
        date, end = None, match.end()
        after = _ORDINAL_AFTER.match(clean, match.end()) if ordinal is None else None
        if after:
            number = after.group("num") or after.group("num2")
            word = after.group("word") or after.group("word2")
            ordinal = int(number) if number else _ORDINAL_WORDS[word.lower()]
            end = after.end()
        index = bisect.bisect_left(date_starts, end)
        if index < len(mentions_of_dates):
            mention = mentions_of_dates[index]
            if mention.start <= min(end + 45, following):
                between = clean[end : mention.start]
                other_event = _OTHER_EVENT_BEFORE.search(clean, max(0, start - 30), start)
                # the same sentence: no ";", no sentence or paragraph end, and not a date opening its own line
                # (a dateline under a headline); a sentence wrapped onto the next line goes on
                separated = re.search(r";|\n\s*\n|\.\s+[A-Z]|다\.\s|\n[ \t]*$", between)
                if "\n" in between and not separated:
                    # a date line under a headline that names the meeting ("... KIDD 개최⏎작성일 : 2024-09-13")
                    line_start = clean.rfind("\n", 0, mention.start) + 1
                    line_end = clean.find("\n", mention.end)
                    separated = is_dateline(clean[line_start : line_end if line_end >= 0 else len(clean)])
                if not separated and mention.has_year and not other_event:
                    date, end = mention.partial(), mention.end
        if date is None and _HANGUL.search(clean, start, match.end()):
            # written in Korean: the date before the meeting, where it was held, is its own
            index = bisect.bisect_left(date_starts, start) - 1
            if index >= 0 and _KOREAN_HELD_BETWEEN.fullmatch(clean, mentions_of_dates[index].end, start):
                mention = mentions_of_dates[index]
                date = _resolved(mention, published, clean[mention.start : mention.end], warnings) or date
        if date is None:
            relative = RELATIVE.search(clean, end, min(end + 45, following))
            if relative and not re.search(r";|\n\s*\n|\.\s+[A-Z]", clean[end : relative.start()]):
                date = relative_day(relative, published, warnings, clean)
        if date is None:
            if sentence_starts is None:
                spans = sentences(clean)
                sentence_starts = (spans, [s for s, _e in spans])
            date = _opening_date(clean, start, mentions_of_dates, published, warnings, sentence_starts)
        as_written = re.sub(r"\s+", " ", clean[start:end])
        result.append(MeetingMention(entry.key, entry.name, ordinal, date, as_written, (start, end)))
    return _one_per_meeting(result)


def _opening_date(clean, start, mentions_of_dates, published, warnings, sentence_starts):
    """The date the sentence holding ``start`` opens with, when the sentence reports a meeting and this is
    not one it looks back on ("reviewed the outcomes of the 55th SCM")."""
    spans, starts = sentence_starts
    index = bisect.bisect_right(starts, start) - 1
    sentence = spans[index] if index >= 0 and start < spans[index][1] else None
    if sentence is None or _LOOKED_BACK_ON.search(clean, max(sentence[0], start - 60), start):
        return None
    opening = _OPENING_DATE.match(clean, sentence[0])
    if opening is None or not MEETING_VERBS.search(clean, sentence[0], sentence[1]):
        return None
    relative = RELATIVE.match(clean, sentence[0] + len(opening.group()) - len(opening.group().lstrip()))
    if relative:
        return relative_day(relative, published, warnings, clean)
    index = bisect.bisect_left(mentions_of_dates, opening.end(), key=lambda mention: mention.start)
    if index < len(mentions_of_dates) and mentions_of_dates[index].start == opening.end():
        mention = mentions_of_dates[index]
        return mention.partial() if mention.has_year else None
    return None


def _one_per_meeting(mentions):
    """One mention per meeting, in the order first named: "the 56th SCM" and, later, "the 56th SCM on
    October 30, 2024" are one meeting (the first mention, with the later one's date); a bare "the NCG"
    is dropped when the text names one of that series' meetings by number or date."""
    specific = {m.series_key for m in mentions if m.ordinal is not None or m.date is not None}
    kept = {}
    for mention in mentions:
        if mention.ordinal is not None:
            identity = (mention.series_key, mention.ordinal)
        elif mention.date is not None or mention.series_key not in specific:
            identity = (mention.series_key, None, mention.date)
        else:
            continue
        first = kept.get(identity)
        if first is None:
            kept[identity] = mention
        elif first.date is None and mention.date is not None:
            kept[identity] = replace(first, date=mention.date)
    return list(kept.values())


# A keyword inside a person's office or a command's name is not the theme: "Commander of U.S. Forces Korea",
# "USFK commander", "U.S. Indo-Pacific Command".
_OFFICE_BEFORE = re.compile(
    r"\b(?i:commander|chief|head|director|spokes(?:man|woman|person)|chairman)\s+of\s+(?:the\s+)?"
    r"(?:(?:[A-Z][\w.'’&–-]*|and|the|of),?\s+){0,8}?$"
)
_OFFICE_AFTER = re.compile(r"\s*(?:\(\w+\)\s*)?(?:commander|chief|spokes(?:man|woman|person)|command\b)", re.IGNORECASE)


def extract_themes(clean, reference):
    """The themes whose keywords the text uses, most hits first; hits in an office or a command's name are
    not counted."""
    scored = []
    for slug, _pk, pattern in reference.themes:
        hits = [
            hit
            for hit in pattern.finditer(clean)
            if not _OFFICE_AFTER.match(clean, hit.end())
            and not _OFFICE_BEFORE.search(clean, max(0, hit.start() - 90), hit.start())
        ]
        if hits:
            scored.append((-len(hits), hits[0].start(), slug, hits[0].span()))
    scored.sort()
    return [(slug, span) for _n, _s, slug, span in scored]
