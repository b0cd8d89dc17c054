"""Dates as sources write them, found with their spans.

"July 28, 2024", "On the afternoon of May 31, 2024 (Friday)", "31 May 2024",
"Oct. 14, 2020", "Sept 3 2021", "October 2020", "2024-07-28", "2024. 7. 28.",
"07/28/2024" (the order the source uses), "2024년 7월 28일", "7월 28일", and
"on Friday, May 31" with no year: a mention without a year says so
(``has_year`` false) for the caller to warn about rather than guess silently.
"""

import datetime as dt
import functools
import re
from dataclasses import dataclass

from archive.dates import PartialDate, Precision

from .firstchars import compile_with_first_chars

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9}
_ABBREVIATIONS |= {"oct": 10, "nov": 11, "dec": 12}

_MONTH_WORDS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
# Capitalised or in capitals ("SEOUL, JULY 28, 2024"); never in lower case, where "may" and "march" are verbs.
_MONTH = "(?P<{name}>" + _MONTH_WORDS + "|" + _MONTH_WORDS.upper() + r")\.?"
_WEEKDAY = r"(?:(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day),?\s+)?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:19|20)\d{{2}})"

# Each led by a lookahead on the characters its matches can start with (firstchars.py).
PATTERNS = [
    # July 28, 2024 / Oct. 14, 2020 / Friday, May 31, 2024 / May 31 (Friday), 2024 / July 28
    (
        "mdy",
        compile_with_first_chars(
            _WEEKDAY
            + r"\b"
            + _MONTH.format(name="m")
            + r"(?:\s+|(?<=\.))"  # "Nov.4,2025" as some sites write it: no space after the abbreviation
            + _DAY.format(name="d")
            + r"\b(?:\s*\((?P<wd2>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\))?(?:(?:,\s*|\s+)"
            + _YEAR.format(name="y")
            + r"\b)?",
        ),
    ),
    # 31 May 2024 / 31 May
    (
        "dmy",
        compile_with_first_chars(
            r"\b"
            + _DAY.format(name="d")
            + r"\s+(?:of\s+)?"
            + _MONTH.format(name="m")
            + r"(?:,?\s+"
            + _YEAR.format(name="y")
            + r"\b)?"
        ),
    ),
    # October 2020 / October of 2020
    (
        "my",
        compile_with_first_chars(r"\b" + _MONTH.format(name="m") + r",?\s+(?:of\s+)?" + _YEAR.format(name="y") + r"\b"),
    ),
    # 2024년 7월 28일 / 2024년 7월 / 7월 28일
    (
        "korean",
        compile_with_first_chars(
            r"(?:(?P<y>(?:19|20)\d{2})\s*년\s*)?(?P<m>1[0-2]|0?[1-9])\s*월(?:\s*(?P<d>[0-3]?\d)\s*일)?"
            r"(?:\s*\([월화수목금토일]\))?"
        ),
    ),
    # 2024-07-28 / 2024.7.28 / 2024. 7. 28. / 2024/07/28
    (
        "iso",
        # (after a Hangul label with no space, "송고2025-07-28", as well as a word's end)
        compile_with_first_chars(
            r"(?<![\dA-Za-z])(?P<y>(?:19|20)\d{2})\s*([-./])\s*(?P<m>[01]?\d)\s*\2\s*(?P<d>[0-3]?\d)\b\.?"
        ),
    ),
    # 07/28/2024, 28.07.2024, 28-07-2024: the order decided by the caller
    ("numeric", compile_with_first_chars(r"\b(?P<a>[0-3]?\d)([/.-])(?P<b>[0-3]?\d)\2(?P<y>(?:19|20)\d{2})\b")),
    # 9.12.(목): a Korean release's month and day, with its weekday
    (
        "korean_short",
        compile_with_first_chars(
            r"(?<![\d.])(?P<m>1[0-2]|0?[1-9])\.\s?(?P<d>[0-3]?\d)\.\s?\((?P<kwd>[월화수목금토일])\)"
        ),
    ),
    # 2024年6月2日 / 令和6年6月2日 (the Japanese era: Reiwa from 2019, Heisei from 1989) / 6月2日
    (
        "japanese",
        compile_with_first_chars(
            r"(?:(?:(?P<era>令和|平成)(?P<ey>元|\d{1,2})|(?P<y>(?:19|20)\d{2}))\s*年\s*)?"
            r"(?P<m>1[0-2]|0?[1-9])\s*月\s*(?P<d>[0-3]?\d)\s*日(?:\s*[（(][月火水木金土日][）)])?"
        ),
    ),
]
_ERAS = {"令和": 2019, "平成": 1989}
_HANGUL_WEEKDAY = re.compile(r"\([월화수목금토일]\)")


WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    year: int | None
    month: int
    day: int | None
    ambiguous: bool = False
    weekday: int | None = None

    @property
    def span(self):
        return (self.start, self.end)

    @property
    def has_year(self):
        return self.year is not None

    @property
    def precision(self):
        return Precision.DAY if self.day else Precision.MONTH

    def latest_year_with_weekday(self, today=None):
        """The latest year up to ``today`` in which this month and day fell on the weekday the source names."""
        if self.weekday is None or self.day is None:
            return None
        today = today or dt.date.today()
        for year in range(today.year, today.year - 30, -1):
            if not _valid(year, self.month, self.day):
                continue
            day = dt.date(year, self.month, self.day)
            if day <= today and day.weekday() == self.weekday:
                return year
        return None

    def partial(self, year=None):
        """The PartialDate, with ``year`` supplied when the source gave none."""
        return PartialDate(dt.date(self.year or year, self.month, self.day or 1), self.precision)


def month_number(word):
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or _ABBREVIATIONS.get(word[:4]) or _ABBREVIATIONS.get(word[:3])


def _valid(year, month, day):
    try:
        dt.date(year or 2000, month, day or 1)
    except (ValueError, TypeError):
        return False
    return True


def numeric_order(text):
    """ "dmy" when the source writes day-first dates elsewhere ("31 May 2024", "31/05/2024"), else "mdy"."""
    for match in PATTERNS[5][1].finditer(text):
        if int(match.group("a")) > 12:
            return "dmy"
        if int(match.group("b")) > 12:
            return "mdy"
    day_first = len(PATTERNS[1][1].findall(text))
    month_first = len(PATTERNS[0][1].findall(text))
    return "dmy" if day_first > month_first else "mdy"


def find_dates(text, *, order=None):
    """Every date mention in ``text``, in reading order, overlapping forms resolved to the longest."""
    return list(_find_dates(text, order))


@functools.lru_cache(maxsize=32)  # extraction asks again for the dates of the same text
def _find_dates(text, order):
    found = []
    for kind, pattern in PATTERNS:
        if (kind == "korean" and "월" not in text) or (kind == "japanese" and "月" not in text):
            continue
        if kind == "korean_short" and not _HANGUL_WEEKDAY.search(text):
            continue
        for match in pattern.finditer(text):
            year = match.groupdict().get("y")
            year = int(year) if year else None
            if kind == "japanese" and match.group("era"):
                year = _ERAS[match.group("era")] + (1 if match.group("ey") == "元" else int(match.group("ey"))) - 1
            ambiguous = False
            if kind == "numeric":
                first, second = int(match.group("a")), int(match.group("b"))
                if first > 12:
                    month, day = second, first
                elif second > 12:
                    month, day = first, second
                else:
                    order = order or numeric_order(text)
                    month, day = (first, second) if order == "mdy" else (second, first)
                    ambiguous = first != second
            elif kind in ("iso", "korean", "japanese", "korean_short"):
                month = int(match.group("m"))
                day = int(match.group("d")) if match.group("d") else None
            else:
                month = month_number(match.group("m"))
                day = int(match.group("d")) if "d" in pattern.groupindex and match.group("d") else None
                # "may" in lower case is a verb, not a month
                if kind in ("mdy", "dmy") and match.group("m") == "may":
                    continue
            if kind == "korean" and year is None and day is None:
                continue
            if not _valid(year, month, day):
                continue
            weekday = None
            named = match.groupdict().get("wd") or match.groupdict().get("wd2")
            if named:
                weekday = WEEKDAYS.index(named[:3].lower())
            elif match.groupdict().get("kwd"):
                weekday = "월화수목금토일".index(match.group("kwd"))
            found.append(DateMention(match.start(), match.end(), year, month, day, ambiguous, weekday))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    result = []
    for mention in found:
        if result and mention.start < result[-1].end:
            previous = result[-1]
            if (mention.end - mention.start) > (previous.end - previous.start) and mention.start == previous.start:
                result[-1] = mention
            continue
        result.append(mention)
    return tuple(result)


def is_date_line(line):
    """Whether a line holds a date and little else.

    The letters outside the date are counted: fewer than twelve ("Published: 15 Nov. 2024", "작성일 :
    2024-09-13"). A sentence holding a date is not a date line ("Ministers met in Seoul on Wednesday,
    November 13, 2023"; "는 2023. 7. 18. 서울에서 개최되어"). A place before it is taken off by
    is_dateline ("Seoul, Republic of Korea, July 28, 2024").
    """
    mentions = find_dates(line)
    if not mentions:
        return False
    rest = "".join(line[start:end] for start, end in _gaps(mentions, len(line)))
    return len(re.sub(r"[\W\d_]", "", rest)) < 12


_DIGIT = re.compile(r"\d")


def _gaps(mentions, length):
    position = 0
    for mention in mentions:
        yield position, mention.start
        position = mention.end
    yield position, length


_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*\(?(?:KST|JST|EST|EDT|ET|UTC|GMT)\)?)?")
# A place before a date on its line: "Washington, D.C., April 10, 2025".
_PLACE_BEFORE_DATE = re.compile(r"^(?:[A-Z][A-Za-z.]*(?:\s+(?:of\s+|the\s+)?[A-Z][A-Za-z.]*){0,3},\s*){1,2}")


def is_dateline(line):
    """Whether a line is a page's date line: a date alone or labelled, with its time, place, or a byline or
    section beside it ("Published: 15 Nov. 2024, 17:05", "By USFK Public Affairs | Dec. 20, 2024",
    "North Korea | 2024-11-01 17:05", "Posted on : Nov.4,2025 17:05 KST  Modified on : Nov.4,2025 19:12 KST",
    "Washington, D.C., April 10, 2025", "FOR IMMEDIATE RELEASE        November 12, 2023")."""
    if len(line) > 150 or not _DIGIT.search(line):
        return False  # a date line is short, and every date form has a number
    columns = re.split(r"\s{5,}", line.strip())
    if len(columns) > 1:
        # a running header: the document's name, then its date ("Joint Communiqué of …      November 4, 2025")
        return any(is_dateline(column) for column in columns)
    parts = [part for part in re.split(r"\s*[|•·]\s*|\s{2,}", line.strip()) if part]
    dated = False
    for part in parts:
        bare = _TIME.sub(" ", part).strip(" ,-–—")
        if find_dates(bare) and (is_date_line(bare) or is_date_line(_PLACE_BEFORE_DATE.sub("", bare))):
            dated = True
        elif len(part) > 60:
            return False
    return dated


# Days written relative to the day a text was published: "yesterday", "today", "on Wednesday", "last Monday".
RELATIVE = re.compile(
    r"\b(?:(?P<word>today|yesterday|tomorrow)|(?P<which>on|last|this|past)\s+"
    r"(?P<wd>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day))\b(?!,?\s+(?:" + _MONTH_WORDS + r"|\d))",
    re.IGNORECASE,
)


# A sentence about what is to come: its weekday is the next one, not the last.
FUTURE = re.compile(
    r"\b(?:will|shall|to\s+be\s+held|is\s+(?:scheduled|set|slated|expected)|are\s+(?:scheduled|set|slated|expected)"
    r"|plans?\s+to|upcoming|later\s+this)\b",
    re.IGNORECASE,
)


def resolve_relative(match, published, *, future=False):
    """The day a RELATIVE match means, counted from ``published`` (a date): "on Wednesday" is the latest
    Wednesday up to it, or the next from it when ``future`` (a sentence about what is to come); "last
    Wednesday" is the one before."""
    word = (match.group("word") or "").lower()
    if word:
        return published + dt.timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[word])
    weekday = WEEKDAYS.index(match.group("wd")[:3].lower())
    which = match.group("which").lower()
    if future and which in ("on", "this"):
        return published + dt.timedelta(days=(weekday - published.weekday()) % 7)
    back = (published.weekday() - weekday) % 7
    if back == 0 and which in ("last", "past"):
        back = 7
    return published - dt.timedelta(days=back)


def is_future(text, start, end):
    """Whether text[start:end] (a sentence) tells of what is to come."""
    return bool(FUTURE.search(text, start, end))
