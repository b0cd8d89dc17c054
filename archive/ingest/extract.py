"""Stage 3, extract: the fields of a document, each with the span of the text it came from."""

import re
from dataclasses import dataclass, field

from archive.dates import PartialDate, Precision

from . import known
from .datefind import RELATIVE, find_dates, is_date_line, is_dateline
from .errors import IngestError
from .firstchars import compile_with_first_chars
from .mentions import (
    MeetingMention,
    extract_meetings,
    extract_organizations,
    extract_themes,
    home_country,
    relative_day,
)
from .people import find_people, mark_participants, sentences

LABELS = frozenset(
    [
        "press release",
        "press releases",
        "news release",
        "news",
        "news zone",
        "readout",
        "readouts",
        "statement",
        "statements",
        "joint statement",
        "release",
        "releases",
        "remarks",
        "speech",
        "transcript",
        "briefing",
        "home",
        "media",
        "press",
        "defense news",
        "white paper",
        "report",
        "article",
        "story",
        "보도자료",
        "보도 자료",
        "알림",
        "공지사항",
        # a document's markings and a release's labels
        "unclassified",
        "for immediate release",
        "joint press release",
        "media note",
        "media advisory",
        "office of the spokesperson",
        "commentary",
        "analysis",
        "date",
        "hits",
        "views",
        "research report",
        "opinion",
        "editorial",
    ]
)
_DATE_LABEL = re.compile(
    r"(?:^|\n)[ \t]*(?:(?:Date|Posted|Published|Released|Release\s+date|Updated|Issued|Press\s+release|Release|"
    r"Posted\s+on|Published\s+on|등록일|작성일|게시일|보도일시|배포일시)\b[^:\n]{0,20}?[:：]?[ \t]*"
    r"|[A-Z][A-Z .,'’]{2,30}(?:,|\s[—–-]+)\s*(?:[A-Z][a-z]+day,?\s+)?"
    r"|(?:[A-Z][a-z]+day,?\s+)?)$"
)
# A publisher's name alone on a line: the site's header, not the headline.
_SITE_NAME = (
    r"(?:(?:Republic\s+of\s+Korea\s+|ROK\s+|U\.S\.\s+|United\s+States\s+)?(?:Ministry\s+of\s+National\s+Defen[cs]e"
    r"|Department\s+of\s+Defen[cs]e|Department\s+of\s+State)|The\s+White\s+House|대한민국\s*국방부|국방부)"
)
# (in Korean and English: "대한민국 국방부 Ministry of National Defense")
_SITE_HEADER = re.compile(rf"{_SITE_NAME}(?:\s+{_SITE_NAME})?\s*[|:]?", re.IGNORECASE)
# An outlet's or a member of Congress's name alone on a line, as a site's header writes it.
_MASTHEAD = re.compile(
    r"Stars\s+and\s+Stripes|(?:[\w.&'’-]+\s+){0,3}(?:News\s+Agency|Herald|Times|Post|Journal|Daily|Tribune"
    r"|Broadcasting(?:\s+System)?"
    r"|Gazette|Press)|(?:U\.S\.\s+)?(?:Senator|Sen\.|Representative|Rep\.|Congressman|Congresswoman)"
    r"(?:\s+[A-Z][\w.'’-]*){1,3}",
)
_UNLABELLED = re.compile(r"(?:[A-Z][a-z]+day,?)?")
_DATELINE_PLACE = re.compile(r"^\s*([A-Z][A-Za-z .]+?)(?:,|\s*[—–]|\s+--|\s*\()")
_KIND_CALL = re.compile(r"\b(?:phone|telephone|call)\b|통화", re.IGNORECASE)
_KIND_VIDEO = re.compile(
    r"\b(?:video\s*(?:conference|call|teleconference)|videoconference|virtual(?:ly)?)\b|화상", re.I
)
_NOT_REPORTED = re.compile(
    r"\b(?:after|before|since|following|ahead\s+of|sidelines\s+of|margins\s+of|progress\s+of|at|of)\s+(?:the\s+)?"
    r"(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)
# "Joint Communiqué of the 56th SCM": the document of a meeting reports that meeting.
_REPORT_OF = re.compile(
    r"\b(?:Communiqu[eé]|Statement|Declaration|Read-?out|Fact\s+Sheet|Outcomes?|Results?|Minutes)\s+(?:of|from|on)\s+"
    r"(?:the\s+)?(?:\S+\s+){0,2}$",
    re.IGNORECASE,
)
_PLACE_LINE = re.compile(r"^[A-Z][A-Za-z .,]{2,40}$")
_PUBLISHER_LINE = re.compile(r"(?:^|\n)\s*(?:Source|Released\s+by|Publisher|Issued\s+by|From)\s*[:：]\s*(.+)", re.I)
_OUTLETS = re.compile(
    r"\((?P<y>Yonhap)\)|Yonhap\s+News\s+Agency|(?:The\s+)?Korea\s+Herald|(?:The\s+)?Korea\s+Times"
    r"|(?:Korea\s+)?JoongAng\s+Daily|(?:The\s+)?Chosun\s+Ilbo|(?:The\s+)?Hankyoreh|Stars\s+and\s+Stripes|DVIDS"
    r"|Voice\s+of\s+America|Reuters|Associated\s+Press|Kyodo\s+News|Nikkei\s+Asia|Defense\s+News|Breaking\s+Defense"
)


@dataclass
class Value:
    value: object
    span: tuple | None = None


@dataclass
class Extraction:
    title: Value
    doc_type: Value
    publisher: Value  # value: organization key or None
    date: Value  # PartialDate
    event_date: Value
    location: Value  # value: (city, country)
    people: list
    organizations: list
    meetings: list
    themes: list  # (slug, span)
    body: str
    summary: str
    language: str
    citation: str = ""
    pages: str = ""
    meeting_kind: str = "in_person"
    reported_series: MeetingMention | None = None
    warnings: list = field(default_factory=list)


def _nonblank_lines(text, limit=None):
    position = 0
    found = []
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            found.append((position + lead, position + len(line.rstrip()), line.strip()))
            if limit and len(found) >= limit:
                break
        position += len(line) + 1
    return found


# Lines between a headline and its date line: a byline, a photo credit, a page's counters and fields.
_BYLINE = re.compile(r"(?:[A-Z][\w&]*\s+){0,3}[Bb]y\s+[A-Z][^|]{0,80}")
_CAPITALS_LABEL = re.compile(r"[A-Z][A-Z0-9 .,&'’/()-]{2,39}")
_CREDIT = re.compile(
    r"(?:Photos?|Images?|Source|Credit|Writer|Author|Hits?|Views?|조회수|담당부서|작성자)\b\s*[:：]?\s.*", re.IGNORECASE
)


def _body_line(line):
    """Whether a line reads as body text rather than a headline: very long, a sentence, or a dateline opening."""
    line = line.strip()
    return len(line) > 250 or bool(re.match(r"(?:On|In|At|By)\s", line)) or (line.endswith(".") and len(line) > 140)


# A document type alone, which the heading's next line completes.
_GENERIC_TITLE = re.compile(
    r"(?:Joint\s+|Combined\s+)?(?:Communiqu[ée]|(?:Press\s+|Leaders['’]\s+)?Statement|Declaration|Fact\s+Sheet)",
    re.IGNORECASE,
)


# Four or more Hangul nouns of two to five syllables, none ending in a particle or a verb, nothing else.
_MENU_WORD = r"[가-힣]{1,4}[가-힣](?<![은는이가을를의에과와도로다요])"
_HANGUL_MENU = re.compile(rf"(?:{_MENU_WORD}\s+){{3,}}{_MENU_WORD}")


def _navigation_line(line):
    """A site's navigation or layout rather than a headline.

    A breadcrumb or menu: short parts between ``>``, ``›``, ``»`` or ``|`` (at least two ``|``,
    since a title bar's "headline | site" has one), or four or more short parts set apart by
    runs of spaces. A line with a wide run of spaces inside is a page's running header
    ("2022 Defense White Paper        Chapter 6").
    """
    parts = [part.strip() for part in re.split(r"\s[>›»]\s|\s?[>›»]\s?(?=\S)|\s*\|\s*", line) if part.strip()]
    separators = len(re.findall(r"[>›»]", line)) + (line.count("|") if line.count("|") >= 2 else 0)
    if separators and len(parts) >= 2 and all(len(part) <= 32 for part in parts):
        return True
    if separators >= 2 and len(parts) >= 3 and all(len(part) <= 32 for part in parts[:-1]):
        return True  # a breadcrumb ending in the page's headline ("Home | News & Events | Press Releases | …")
    spaced = [part for part in re.split(r"\s{2,}", line) if part]
    if len(spaced) >= 4 and all(len(part) <= 20 for part in spaced):
        return True
    if _HANGUL_MENU.fullmatch(line):
        return True  # "국방부소개 국방정책 국방소식 정보공개 국민소통": nouns without particles, a menu
    return bool(re.search(r"\S\s{5,}\S", line))


# A heading's number or label, not part of its title ("Section 2  Developing ...", "3.1 ", "IV. ").
_HEADING_LABEL = re.compile(r"(?:(?:Section|Chapter|Part)\s+\d+\.?|\d{1,2}(?:\.\d+)*\.?|[IVX]+\.)\s+(?=\S)")


# A Korean white paper's headings: "제6장  한미동맹 발전과 ...", "제1절  한미동맹의 지속 발전".
_KOREAN_HEADING = re.compile(r"제\s*\d+\s*(?P<level>[장절])\s+(?=\S)")


# A body's name alone on a line, the publisher's above or under a headline: "Japan Ministry of Defense",
# "House Armed Services Committee", "Defense Acquisition Program Administration".
_BODY_NAME = re.compile(
    r"(?:The\s+)?(?:[A-Z][\w.&'’-]*\s+){0,4}(?:Ministry|Department|Office|Agency|Administration|Command|Committee"
    r"|Council|Institute|Center|Centre|Service|Forces(?:\s+Korea|\s+Japan)?)"
    r"(?:\s+(?:of|for|on)(?:\s+(?:the\s+)?[A-Z][\w.&'’-]*){1,4})?"
    r"(?:,\s*(?:the\s+)?(?:Republic\s+of\s+Korea|Korea|Japan|United\s+States(?:\s+of\s+America)?))?"
)


def _title_candidate(line):
    """Whether a line may be the headline: not a label, a date, a site's navigation, header or masthead, a
    body's name, nor body text; and more than one word."""
    if line.lower().strip(" :|") in LABELS or is_date_line(line) or len(line) < 8 or _SITE_HEADER.fullmatch(line):
        return False
    if _BODY_NAME.fullmatch(line) or line[:1].islower():
        return False  # a body's name, or a line that goes on from the page before ("ing nuclear, ...")
    if line.isupper() and line.count(",") >= 2 and _AUTHORS.fullmatch(line):
        return False  # a report's authors in capitals ("DANIEL K. PARK, MEGAN L. WRIGHT, SEO JI-HOON")
    if _navigation_line(line) or _MASTHEAD.fullmatch(line) or _body_line(line):
        return False
    return len(line.split()) > 1 or bool(_CJK.search(line))  # Hangul, kana or kanji: a word is a phrase


_PLACE_ALONE = re.compile(
    r"[A-Z][\w.'’ -]{1,30},\s*(?:Republic\s+of\s+Korea|South\s+Korea|Korea|Japan|United\s+States|U\.S\.|USA|D\.C\.)\.?"
)
_AUTHORS = re.compile(r"[A-Z][A-Z.'’ -]+(?:,\s*(?:AND\s+)?[A-Z][A-Z.'’ -]+)+")
_COLUMN = re.compile(r"\S+(?:\s{1,4}\S+)*")  # runs of words set apart by five spaces or more
_TITLE_LABEL = re.compile(r"(?:Title|Subject|제목)\s*[:：]\s*(?=\S)", re.IGNORECASE)


def _above_date_line(lines):
    """The index of the headline a page sets above its date line, when it does: the nearest line above the
    first date line that may be a headline, past labels, bylines and credits ("Washington Declaration" over
    "April 26, 2023", under a site's menu)."""
    dated = None
    for index, (_s, _e, line) in enumerate(lines[:25]):
        if is_dateline(line):
            dated = index
            break
        if _body_line(line) and not _BYLINE.fullmatch(line):
            return None  # the body has begun: a date line comes before it
    if dated is None:
        return None
    for index in range(dated - 1, -1, -1):
        line = lines[index][2]
        if line.lower().strip(" :|") in LABELS or _BYLINE.fullmatch(line) or _CREDIT.fullmatch(line):
            continue
        if is_date_line(line) or _CAPITALS_LABEL.fullmatch(line) or _PLACE_ALONE.fullmatch(line):
            continue  # a second date, a label in capitals ("OFFICE OF THE SPOKESPERSON"), a place
        return index if _title_candidate(line) else None
    return None


def _white_paper_heading(lines, mended_breaks):
    """A white-paper page's heading without its label, or None: a Korean page's section (절, else its
    chapter, 장); else the short lines under the running header and page number, joined."""
    headings = [(start, end, line, label) for start, end, line in lines[:8] if (label := _KOREAN_HEADING.match(line))]
    if headings:
        start, end, line, label = next((item for item in headings if item[3]["level"] == "절"), headings[0])
        return Value(line[label.end() :], (start + label.end(), end))
    block = []
    for start, end, line in lines:
        if not block and (line.isdigit() or _navigation_line(line)):
            continue  # a page number or a running header above the heading
        label = _HEADING_LABEL.match(line) if not block else None
        broken = block and block[-1][1] in mended_breaks  # "... Defense Pos-" over "ture of the Alliance"
        if len(line) - (label.end() if label else 0) > 60 or (block and line[:1].islower() and not broken):
            break
        block.append((start, end, line))
    if not block:
        return None
    joined, start = " ".join(line for _s, _e, line in block), block[0][0]
    label = _HEADING_LABEL.match(joined)
    if label and len(joined) - label.end() >= 8:
        joined, start = joined[label.end() :], start + label.end()
    return Value(joined, (start, block[-1][1]))


def extract_title(clean, text, kind, warnings, mended_breaks=frozenset()):
    """The headline: the first line that is not a label, a date or body text; a fuller line beats a truncated one.

    A page whose headline stands over its date line under a site's menu ("Home", "Briefing Room",
    "Statements and Releases", ...) has that line for its headline, or the line above it when that is a
    headline of four words or more and the line over the date its deck. A headline line that ends inside a
    word the reader mended (``mended_breaks``, see read.mend_hyphens) goes on to the next line.
    """
    lines = _nonblank_lines(clean, 40)
    if kind == "white_paper":
        heading = _white_paper_heading(lines, mended_breaks)
        if heading is not None:
            return heading
    for start, _end, line in lines[:3]:
        columns = list(_COLUMN.finditer(line))
        for heading, other in ((columns[0], columns[1]), (columns[1], columns[0])) if len(columns) == 2 else ():
            if is_dateline(other.group()) and len(heading.group().split()) >= 4 and _title_candidate(heading.group()):
                # a PDF page's running header names the document beside its date ("Joint Communiqué of the
                # 57th ROK-U.S. Security Consultative Meeting        November 4, 2025, Seoul")
                return Value(heading.group(), (start + heading.start(), start + heading.end()))
    first = next((index for index, (_s, _e, line) in enumerate(lines[:12]) if _title_candidate(line)), None)
    # the usual page: the headline, then its date line; else look for the headline over the date line
    under_first = first is not None and first + 1 < len(lines) and is_dateline(lines[first + 1][2])
    dated = first if under_first else _above_date_line(lines)
    position = first
    if dated is not None and dated != first:
        position = dated
        _above_start, above_end, above = lines[dated - 1] if dated > 0 else (0, 0, "")
        # the line over the date is the deck of a headline of four words or more above it, or completes the
        # line above ("Joint Communiqué" over the meeting's name; a word broken across them); a menu's items
        # are shorter
        completes = len(above.split()) >= 4 or _GENERIC_TITLE.fullmatch(above) or above_end in mended_breaks
        if above and completes and _title_candidate(above):
            position = dated - 1
    if position is None:
        return Value(None, None)
    start, end, line = lines[position]
    if re.search(r"(?:\.\.\.|…)$", line):
        stem = re.sub(r"\s*(?:\.\.\.|…)$", "", line)
        for candidate in re.finditer(rf"^[ \t]*({re.escape(stem)}[^\n]+)$", text, re.MULTILINE):
            # a site's title bar holds the headline before its " | site name"
            headline = re.sub(r"\s+\|[^|]*$", "", candidate.group(1)).strip()
            if len(headline) > len(stem) and not re.search(r"(?:\.\.\.|…)$", headline) and not _body_line(headline):
                return Value(headline, (candidate.start(1), candidate.start(1) + len(headline)))
        warnings.append("The title is cut short in the source; the full headline is not in the file.")
        # a short lower-case end is a word cut off ("fo") or a dangling "of": dropped; a short word
        # in capitals is a name or an acronym ("Shin Won Sik", "U.S.", "NCG") and kept
        stem = re.sub(r"\s+[a-z]{1,3}$", "", stem)
        return Value(stem.rstrip(" ,;:") + "…", (start, end))
    if _GENERIC_TITLE.fullmatch(line) and position + 1 < len(lines):
        # "Joint Communiqué" over "The 56th Security Consultative Meeting": the heading names the
        # meeting on its second line.
        _next_start, next_end, following = lines[position + 1]
        if not (is_date_line(following) or _body_line(following) or following.endswith(".")) and len(following) <= 100:
            return Value(f"{line}: {following}", (start, next_end))
    label = _TITLE_LABEL.match(line)
    if label:
        line, start = line[label.end() :], start + label.end()  # "Title : North Korea launches ..."
    if end in mended_breaks and position + 1 < len(lines):
        # "... Security Consul-" over "tative Meeting": the reader mended the word and kept the break
        _next_start, next_end, following = lines[position + 1]
        line, end = f"{line} {following}", next_end
    if kind == "white_paper":
        # A white-paper heading's label ("Section 2  Developing ...") is not part of its title.
        label = _HEADING_LABEL.match(line)
        if label and len(line) - label.end() >= 8:
            return Value(line[label.end() :], (start + label.end(), end))
    return Value(line, (start, end))


def extract_dates(clean, text, layout, meeting_span, warnings, title_end=0):
    """(publication date, event date) as Values of PartialDate.

    The publication date is looked for in the head: the first eight lines, or down to four lines under
    the headline (``title_end``) when a site's menu pushes it further down.
    """
    mentions = find_dates(clean)
    publication = None
    head_limit = max(_head_limit(clean), _head_limit(clean[title_end:], 4) + title_end if title_end else 0)
    if layout.kind == "white_paper" and layout.work:
        head_limit = -1  # a white-paper page is dated by its work ("2024 국방백서"), not by a date in its text
    for mention in mentions:
        if mention.start > head_limit:
            break
        line_start = clean.rfind("\n", 0, mention.start) + 1
        line_end = clean.find("\n", mention.end)
        line_end = line_end if line_end >= 0 else len(clean)
        if is_dateline(clean[line_start:line_end]):
            publication = mention
            break
        label = _DATE_LABEL.search(clean[max(0, line_start - 1) : mention.start])
        if label is None:
            continue
        rest = clean[mention.end : line_end]
        # Unlabelled, the date must stand on its own line ("July 28, 2024", "Friday, May 31, 2024 (KST)"):
        # a wrapped sentence that happens to start with a date ("May 21, 2022, the two Presidents ...") is body text.
        if not _UNLABELLED.fullmatch(label.group().strip()) or len(rest.strip(" ,.—–-")) <= 25:
            publication = mention
            break
    event = None
    if meeting_span:
        event = next(
            (m for m in mentions if meeting_span[0] <= m.start < meeting_span[1] and m is not publication), None
        )
    if event is None and meeting_span:
        # The date may be given elsewhere in the meeting's paragraph ("The 56th SCM was held on October 30.
        # The ministers led their delegations."); a date in another paragraph is another event ("the summit
        # of April 2023"), not this meeting's.
        start = clean.rfind("\n\n", 0, meeting_span[0]) + 1
        end = clean.find("\n\n", meeting_span[1])
        end = len(clean) if end < 0 else end
        event = next((m for m in mentions if start <= m.start < end and m is not publication), None)
    elif event is None:
        # the first other date, not a photo's ("… March 12, 2025. (Pfc. Kim Min-jun/U.S. Army)")
        event = next((m for m in mentions if m is not publication and not _in_caption(clean, m.start)), None)
    year_hint = next((m.year for m in mentions if m.year), None)
    work_year = None
    if layout.work:
        work_year = int(layout.work[0][:4])
        year_hint = year_hint or work_year

    def resolve(mention, label):
        if mention is None:
            return Value(None, None)
        if mention.has_year:
            value = mention.partial()
        else:
            year = (publication.year if publication and publication.year else None) or year_hint
            written = text[mention.start : mention.end]
            if year is None and mention.latest_year_with_weekday():
                year = mention.latest_year_with_weekday()
                warnings.append(
                    f'The {label} "{written}" has no year; {year} is assumed as the latest year in which that '
                    "day fell on that weekday."
                )
                return Value(mention.partial(year), mention.span)
            if year is None:
                warnings.append(
                    f'The {label} "{text[mention.start : mention.end]}" has no year and none is given nearby.'
                )
                return Value(None, mention.span)
            warnings.append(
                f'The {label} "{text[mention.start : mention.end]}" has no year; {year} is assumed from the text.'
            )
            value = mention.partial(year)
        if mention.ambiguous:
            warnings.append(
                f'The {label} "{text[mention.start : mention.end]}" could be read either way; '
                "read in the order the source uses elsewhere."
            )
        return Value(value, mention.span)

    published = resolve(publication, "publication date")
    happened = resolve(event, "date")
    relative = RELATIVE.search(clean, *meeting_span) if event is None and meeting_span else None
    day = relative_day(relative, published.value, warnings, clean) if relative else None
    if day is not None:
        happened = Value(day, relative.span())  # "held talks on Wednesday", "met yesterday"
    elif event is None and meeting_span and published.value is not None:
        warnings.append("The meeting's own date is not stated; the publication date is used.")
        happened = published
    # (in the read text: the copyright line is blanked as cruft)
    copyright = _COPYRIGHT.search(text) if published.value is None and layout.kind == "report" else None
    if copyright:
        # a report is dated by the year of its copyright ("© 2024 RAND Corporation")
        published = Value(PartialDate.parse(copyright.group(1)), copyright.span(1))
    if published.value is None and work_year and layout.kind == "white_paper":
        published = Value(PartialDate.parse(str(work_year)), (layout.work[1][0], layout.work[1][0] + 4))
    if published.value is None and happened.value is not None:
        warnings.append("No publication date is stated; the date of the event is used.")
        published = happened
    if layout.kind == "white_paper":
        happened = Value(None, None)
    return published, happened


_COPYRIGHT = re.compile(r"(?:©|\(c\)|Copyright)\s*(?:©\s*)?((?:19|20)\d{2})\b", re.IGNORECASE)


_CAPTION_CREDIT = re.compile(r"\((?:[^()\n]*\b(?:[Pp]hoto|[Cc]ourtesy)\b|[^()\n]*/[^()\n]*)[^()\n]*\)\s*$")


def _in_caption(clean, position):
    """Whether ``position`` is in a photo's caption: a line that ends with its credit in brackets."""
    end = clean.find("\n", position)
    line = clean[clean.rfind("\n", 0, position) + 1 : end if end >= 0 else len(clean)]
    return bool(_CAPTION_CREDIT.search(line))


def _head_limit(clean, count=8):
    lines = _nonblank_lines(clean, count)
    return lines[-1][1] + 1 if lines else 0


_PLACES = [(re.compile(rf"(?<![A-Za-z-])(?:{p})(?![A-Za-z-])"), city, country) for p, city, country in known.PLACES]
# Where any of them matches: one scan finds the positions, each table pattern is tried only there.
_ANY_PLACE = compile_with_first_chars("|".join(pattern.pattern for pattern, _city, _country in _PLACES))
_PLACED = re.compile(r"(?:\bin|\bat|\bto|에서|를|을)\s*(?:the\s+)?$")


def extract_place(clean, meeting_span, event_span=None):
    patterns = _PLACES
    chunks = [meeting_span] if meeting_span else []
    if event_span:
        chunks += [(s, e) for s, e in sentences(clean) if s <= event_span[0] < e]
    for chunk_start, chunk_end in chunks:
        # the first place named after "in", "at", "to" (or in Hangul), the earliest in the table at one position
        position = chunk_start
        while found := _ANY_PLACE.search(clean, position, chunk_end):
            start = position = found.start()
            position += 1
            before = clean[max(chunk_start, start - 8) : start]
            placed = _PLACED.search(before)
            for pattern, city, country in patterns:
                match = pattern.match(clean, start, chunk_end)
                if match and (placed or _HANGUL_SYLLABLE.search(match.group())):
                    return Value((city, country), match.span())
    for start, _end, line in _nonblank_lines(clean, 6):
        if _PLACE_LINE.match(line):
            for pattern, city, country in patterns:
                if pattern.fullmatch(line.rstrip(".")):
                    return Value((city, country), (start, start + len(line)))
    for start, _end, line in _nonblank_lines(clean, 10):
        dateline = _DATELINE_PLACE.match(line)
        if dateline and len(line) > 60:
            for pattern, city, country in patterns:
                found = pattern.match(dateline.group(1).strip().title().replace("D.c.", "D.C."))
                if found:
                    return Value((city, country), (start, start + len(dateline.group(1))))
    return Value(None, None)


_COUNTRY_AFTER_BODY = re.compile(
    r",\s*(?:the\s+)?(?:Republic\s+of\s+Korea|Korea|Japan|United\s+States(?:\s+of\s+America)?)\s*$"
)


def _site_publisher(text, reference, title_span=None):
    """The body or outlet a page's header names in its first three lines, alone or beside other parts:
    "The White House", "U.S. Department of State", "대한민국 국방부 Ministry of National Defense",
    "防衛省・自衛隊", "CSIS | Center for Strategic & International Studies", "hankyoreh"."""
    for start, _end, line in _nonblank_lines(text[:2000], 3):
        if len(line) > 100:
            continue  # a header is short; a long line is the headline or the body
        if title_span and start <= title_span[0] < start + len(line):
            continue  # the headline ("Pentagon, Seoul agree to expand drills") names no publisher
        line = _COUNTRY_AFTER_BODY.sub("", line)  # "Ministry of Foreign Affairs, Republic of Korea"
        parts = [line, *re.split(r"\s*[|・]\s*", line)]
        if not line.isascii():
            parts += re.findall(r"[A-Za-z][A-Za-z.&'’ -]{3,}", line)  # "대한민국 국방부 Ministry of National Defense"
        for part in dict.fromkeys(part.strip() for part in parts):
            entry = reference.organization_for(part)
            if entry is None and part.startswith("The "):
                entry = reference.organization_for(part[4:])
            if entry:
                offset = start + line.find(part)
                return Value(entry.key, (offset, offset + len(part)))
        outlet = _OUTLETS.fullmatch(line.title()) or _OUTLETS.fullmatch(line)
        if outlet:
            entry = reference.organization_for(outlet.group("y") or outlet.group())
            name = re.sub(r"^The\s+", "", outlet.group())
            return Value(entry.key if entry else name, (start, start + len(line)))
    return None


def extract_publisher(clean, text, layout, organizations, reference, title_span=None):
    line = _PUBLISHER_LINE.search(clean)
    if line:
        entry = reference.organization_for(line.group(1).strip())
        if entry:
            return Value(entry.key, line.span(1))
    site = _site_publisher(text, reference, title_span) if layout.kind != "white_paper" else None
    if site:
        return site
    if layout.kind == "white_paper" or (layout.kind == "ministry_release" and not re.search(r"[Jj]apan", clean[:200])):
        return Value("mnd", layout.signal)
    by_key = {org.key: org for org in organizations}
    if layout.kind == "readout":
        for key in ("dod", "dos", "mnd"):
            if key in by_key:
                return Value(key, by_key[key].span)
        return Value("dod", layout.signal)
    if layout.kind == "congressional_release":
        house = re.search(r"\b(?:Congress(?:man|woman)|Rep\.|Representative)\b", clean[:600])
        return Value("house" if house else "senate", layout.signal)
    if layout.kind == "news_story":
        outlet = _OUTLETS.search(clean)
        if outlet:
            entry = reference.organization_for(outlet.group("y") or outlet.group())
            if entry:
                return Value(entry.key, outlet.span())
            return Value(re.sub(r"^The\s+", "", outlet.group()), outlet.span())
        return Value(None, None)
    if layout.kind in ("joint_statement", "communique"):
        for key in ("mnd", "dod", "dos", "mofa"):
            if key in by_key:
                return Value(key, by_key[key].span)
    return Value(None, None)


def paragraphs(clean, kind):
    """The clean body as paragraphs; a white-paper page's lines are reflowed."""
    blocks = [block for block in re.split(r"\n[ \t]*\n", clean) if block.strip()]
    result = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if kind != "white_paper":
            result.append(" ".join(lines))
            continue
        current = []
        for line in lines:
            current.append(line)
            if line.endswith((".", "”", '"')) and len(line) < 70:
                result.append(" ".join(current))
                current = []
            elif re.match(r"^(?:\d+(?:\.\d+)*\.?)\s+[A-Z]", line) and len(current) == 1 and len(line) < 70:
                continue
        if current:
            result.append(" ".join(current))
    return [re.sub(r"\s+", " ", paragraph).replace(" ,", ",") for paragraph in result]


_HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
_CJK = re.compile(r"[\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff]")
_LETTER = re.compile(r"[A-Za-z\uac00-\ud7a3]")


_SPEAKER = re.compile(r"^[ \t]*(?:\d{1,3}[ \t]+)?([A-Z][A-Z0-9 .,'’-]{1,100}?)[ \t]*:", re.MULTILINE)


def _mark_speakers(clean, people):
    """In a transcript, those who speak ("SECRETARY OF DEFENSE LLOYD J. AUSTIN III:", "MINISTER SHIN:") are
    its participants, and only they: a meeting the speakers mention took place with others."""
    labels = [f" {label} " for label in _SPEAKER.findall(clean)]
    if not labels:
        return
    for person in people:
        words = [w.upper() for w in re.split(r"[\s,]+", person.name) if len(w.rstrip(".")) > 1]
        words = [w for w in words if w.rstrip(".") not in ("JR", "SR", "II", "III", "IV")]
        if not words:
            continue
        family = words[0] if person.country in ("KR", "KP", "CN", "JP") else words[-1]
        person.participant = any(f" {family} " in label.replace(",", " ") for label in labels)


def extract(text, layout, reference, *, name="source", mended_breaks=frozenset()):
    """An Extraction of a read text; IngestError when it has no title or no date.

    ``mended_breaks``: the SourceText's, where a line ended inside a word the reader mended.
    """
    clean = layout.clean
    warnings = []
    title = extract_title(clean, text, layout.kind, warnings, mended_breaks)
    if not title.value:
        raise IngestError(name, "no title found: the first lines are empty, labels or dates")
    people = find_people(clean)
    meeting_span = mark_participants(clean, people, after=title.span[1] if title.span else 0)
    if layout.kind == "transcript":
        _mark_speakers(clean, people)
    for person in people:
        if person.organization in known.BY_COUNTRY:
            # "Chairman of the Joint Chiefs of Staff Gen. Dan Caine" with no country: the text's side's
            person.organization = known.by_country(person.organization, home_country(clean))
    date, event_date = extract_dates(clean, text, layout, meeting_span, warnings, title.span[1])
    if date.value is None:
        yearless = next((m for m in find_dates(clean) if not m.has_year), None)
        if yearless is not None:
            written = clean[yearless.start : yearless.end]
            raise IngestError(
                name, f'no date with a year: the text writes "{written}" and gives no year to read it with'
            )
        raise IngestError(name, "no date found: the text gives no publication or event date with a year")
    organizations = extract_organizations(clean, reference)
    # the dates cached: extract_dates found them
    meetings = extract_meetings(clean, reference, find_dates(clean), published=date.value, warnings=warnings)
    reported = None
    if meeting_span:
        for mention in meetings:
            in_title = title.span and title.span[0] <= mention.span[0] < title.span[1]
            in_sentence = meeting_span[0] <= mention.span[0] < meeting_span[1]
            lead = clean[max(0, mention.span[0] - 40) : mention.span[0]]
            if (in_title or in_sentence) and (not _NOT_REPORTED.search(lead) or _REPORT_OF.search(lead)):
                reported = mention
                break
    kind = "in_person"
    if meeting_span:
        sentence = clean[meeting_span[0] : meeting_span[1]]
        if _KIND_VIDEO.search(sentence):
            kind = "video"
        elif _KIND_CALL.search(sentence):
            kind = "call"
    body_clean = clean
    if title.span:
        body_clean = clean[: title.span[0]] + re.sub(r"[^\n]", " ", clean[title.span[0] : title.span[1]])
        body_clean += clean[title.span[1] :]
    body_paragraphs = paragraphs(body_clean, layout.kind)
    body = "\n\n".join(p for p in body_paragraphs if p)
    summary_sentences = []
    for start, end in sentences(body):
        summary_sentences.append(body[start:end].strip())
        if sum(len(s) for s in summary_sentences) > 200 or len(summary_sentences) == 2:
            break
    language = "en"
    if _HANGUL_SYLLABLE.search(clean):  # the letters are counted only when some are Hangul
        hangul = len(clean) - len(_HANGUL_SYLLABLE.sub("", clean))
        letters = len(clean) - len(_LETTER.sub("", clean))
        language = "ko" if hangul / letters > 0.3 else "en"
    citation = pages = ""
    if layout.kind == "white_paper":
        if layout.work:
            citation = layout.work[0].replace("Defence", "Defense")
        if layout.page:
            pages = layout.page[0]
            citation = f"{citation}, p. {pages}" if citation else f"p. {pages}"
    if not people and layout.kind not in ("white_paper",):
        warnings.append("No person with an office was found in the text.")
    return Extraction(
        title=title,
        doc_type=Value(layout.doc_type, layout.signal),
        publisher=extract_publisher(clean, text, layout, organizations, reference, title.span),
        date=date,
        event_date=event_date,
        # a white-paper page tells of many meetings and is not written anywhere in particular
        location=(
            Value(None, None)
            if layout.kind == "white_paper"
            else extract_place(clean, meeting_span, event_date.span if meeting_span else None)
        ),
        people=people,
        organizations=organizations,
        meetings=meetings,
        themes=extract_themes(clean, reference),
        body=body,
        summary=" ".join(summary_sentences)[:600],
        language=language,
        citation=citation,
        pages=pages,
        meeting_kind=kind,
        reported_series=reported,
        warnings=warnings,
    )


__all__ = ["Extraction", "IngestError", "Precision", "Value", "extract"]
