"""Stage 2, recognise the kind of source and blank out its cruft.

Cruft (site headers, "News Zone", image ids, "ORGANIZATIONS IN THIS STORY",
page headers and footers, sidebars interleaved with a white-paper page) is
replaced by spaces rather than removed, so the clean text has the length of
the read text and every span found in it points into the read text.
"""

import re
import statistics
from dataclasses import dataclass, field

from .firstchars import compile_with_first_chars


@dataclass
class Layout:
    kind: str
    format: str
    doc_type: str
    signal: tuple | None
    clean: str
    sidebars: list = field(default_factory=list)
    page: tuple | None = None
    work: tuple | None = None


# kind -> (SourceFile.Format, Document.Type)
KINDS = {
    "white_paper": ("white_paper", "white_paper"),
    "communique": ("joint_statement", "communique"),
    "joint_statement": ("joint_statement", "joint_statement"),
    "readout": ("readout", "readout"),
    "congressional_release": ("press_release", "press_release"),
    "ministry_release": ("press_release", "press_release"),
    "news_story": ("news_story", "news_story"),
    "transcript": ("generic", "transcript"),
    "report": ("generic", "report"),
    "speech": ("generic", "speech"),
    "generic": ("generic", "other"),
}

_I = re.IGNORECASE | re.MULTILINE
# (kind, pattern, where): "head" looks at the first lines only, "any" at the whole text. Each
# pattern is led by a lookahead on the characters its matches can start with (firstchars.py).
SIGNALS = [
    # A wire credit or a story footer first: a news story about a white paper is still a news story.
    (
        "news_story",
        compile_with_first_chars(
            r"ORGANIZATIONS\s+IN\s+THIS\s+STORY|\((?:Yonhap|AP|AFP|Reuters|UPI|Kyodo)\)|기자\s*=|@yna\.co\.kr",
            re.MULTILINE,
        ),
        "any",
    ),
    (
        "white_paper",
        compile_with_first_chars(r"\bDefen[cs]e\s+White\s+Paper\b|\bWhite\s+Paper\b|국방백서", _I),
        "edges",
    ),
    # A transcript: a speaker's office in capitals opening a line ("SECRETARY AUSTIN:", "MINISTER OF NATIONAL
    # DEFENSE SHIN WON-SIK:"), or the label over its headline.
    (
        "transcript",
        compile_with_first_chars(
            r"^[ \t]*(?:\d{1,3}[ \t]+)?(?:SECRETARY|MINISTER|GENERAL|GEN\.|ADMIRAL|ADM\.|AMBASSADOR|CHAIRMAN|PRESIDENT"
            r"|MODERATOR|SENATOR|REPRESENTATIVE)"
            r"(?:[ \t]+[A-Z][A-Z.'’-]*){0,8}[ \t]*:[ \t]",
            re.MULTILINE,
        ),
        "any",
    ),
    (
        "news_story",
        compile_with_first_chars(
            r"ORGANIZATIONS\s+IN\s+THIS\s+STORY|\((?:Yonhap|AP|AFP|Reuters|UPI|Kyodo)\)|^\s*By\s+[A-Z][a-z]+\s+[A-Z]"
            r"|^\s*(?:Staff\s+)?Reporter\b|^\s*Webp\s+[a-z0-9]{12,}\s*$|기자\s*=|\b[a-z0-9._%+-]+@yna\.co\.kr",
            re.MULTILINE,
        ),
        "any",
    ),
    # An outlet's name in the page's head or on its last line; in the body it is a story's source or a
    # reporter's affiliation ("a reporter from Yonhap News Agency"), not the page's.
    (
        "news_story",
        compile_with_first_chars(
            r"Stars\s+and\s+Stripes|Korea\s+Herald|Korea\s+Times|JoongAng|Yonhap\s+News|Hankyoreh", _I
        ),
        "edges",
    ),
    ("transcript", compile_with_first_chars(r"^\s*(?:Transcript|Press\s+Conference\s+Transcript)\s*$", _I), "head"),
    ("communique", compile_with_first_chars(r"\bJoint\s+Communiqu[eé]\b|공동성명서|공동\s*보도문", _I), "head"),
    (
        "joint_statement",
        compile_with_first_chars(
            r"\bJoint\s+(?:Press\s+|Leaders['’]?\s+)?Statement\b|\bJoint\s+Declaration\b|\bLeaders['’]?\s+Statement\b"
            r"|\bJoint\s+Fact\s+Sheet\b|\bTrilateral\s+(?:Joint\s+)?Statement\b|공동\s*성명|공동\s*선언"
            # a release of two parties ("JOINT PRESS RELEASE"), a declaration as a page's headline
            r"|\bJoint\s+(?:Press|News)\s+Release\b|(?<=[A-Za-z] )Declaration[ \t]*$",
            _I,
        ),
        "head",
    ),
    ("readout", compile_with_first_chars(r"^\s*Read-?out\b|\bRead-?out\s+of\b", _I), "head"),
    # remarks or a speech: the label over its headline
    (
        "speech",
        compile_with_first_chars(r"^[ \t]*(?:Remarks|Speech|Speeches|Remarks[ \t]+as[ \t]+Delivered)[ \t]*$", _I),
        "head",
    ),
    # a research institute's commentary, brief or report: the label over its headline
    (
        "report",
        compile_with_first_chars(
            r"^[ \t]*(?:Commentary|Critical[ \t]+Questions|Issue[ \t]+Brief|Policy[ \t]+Brief"
            r"|(?:Research[ \t]+)?Report)[ \t]*$",
            _I,
        ),
        "head",
    ),
    ("readout", compile_with_first_chars(r"provided\s+the\s+following\s+read-?out", _I), "any"),
    (
        "congressional_release",
        compile_with_first_chars(
            r"\bsenate\.gov\b|\bhouse\.gov\b"
            r"|\bOffice\s+of\s+(?:U\.S\.\s+)?(?:Senator|Congressman|Congresswoman|Representative)\b"
            r"|^\s*(?:U\.S\.\s+)?(?:Senator|Congressman|Congresswoman)\s+[A-Z][a-z]+\s+[A-Z]",
            re.MULTILINE,
        ),
        "head",
    ),
    # a member's party tag ("Chairman Mike Rogers (R-Ala.)"), wherever a menu pushes it; a story, a readout
    # or a statement that names a member so was recognised above
    (
        "congressional_release",
        compile_with_first_chars(r"\((?:R|D|I)[-–](?:[A-Z][a-z]+\.?|[A-Z]{2})\)"),
        "any",
    ),
    (
        "ministry_release",
        compile_with_first_chars(
            r"^[ \t]*(?:News[ \t]+Zone|Press[ \t]+Releases?|News[ \t]+Releases?|보도자료|보도[ \t]*자료)[ \t]*$"
            r"|[>›»][ \t]*(?:Press|News)[ \t]+Releases?[ \t]*$"  # a breadcrumb ending at the releases
            r"|^\s*(?:Ministry\s+of\s+National\s+Defen[cs]e|국방부)\s*$",
            _I,
        ),
        "head",
    ),
]

CRUFT_LINE = re.compile(
    r"^\s*(?:"
    r"news\s+zone|press\s+releases?|news\s+releases?|organizations\s+in\s+this\s+story|보도자료|보도\s*자료"
    r"|(?:webp|jpe?g|png|gif|image)\s+[a-z0-9]{12,}|[\w-]{16,}\.(?:jpe?g|png|webp|gif)"
    r"|files?|attachments?|첨부\s*파일|첨부|share(?:\s+this)?|print|e-?mail|facebook|twitter|linkedin|kakao(?:talk)?"
    r"|back\s+to\s+(?:list|top)|list|top|prev(?:ious)?(?:\s+article)?|next(?:\s+article)?|목록"
    # the links to the previous and next posts, with their headlines
    r"|(?:이전\s*글|다음\s*글)\s*:?.*|(?:prev(?:ious)?|next)(?:\s+(?:article|post))?(?:\s*[:|]\s*|\s{2,}).*"
    r"|related\s+(?:articles|stories|news|links|content)|read\s+more|advertisement"
    r"|skip\s+to\s+(?:main\s+)?(?:content|navigation|menu)\b.*|(?:\S+\s+)?바로가기(?:\s+\S+\s+바로가기)*"
    r"|copyright\b.*|©.*|all\s+rights\s+reserved\.?|home\s*[>›].*|.*\|\s*official\s+website|tags?\s*:.*"
    r"|subscribe\b.*|photos?|video|(?:p\.|page)\s*\d+(?:\s*[-–]\s*.*)?"
    r"|toggle\s+(?:navigation|menu|search)|(?:main\s+)?menu|search(?:\s+[\w.]+)?|sign\s+in|log\s*in|sign\s+up"
    r"|전체\s*메뉴(?:\s*열기)?|로그인|검색|기자\s*페이지|구독|\d+\s+min(?:ute)?s?\s+read"
    r"|(?:\d{1,4}\s+)?\d{4}\s+defen[cs]e\s+white\s+paper(?:\s+(?:chapter\s+\d+|\d{1,4}))?"
    r"|chapter\s+\d+\s+\d{4}\s+defen[cs]e\s+white\s+paper(?:\s+\d{1,4})?"
    r"|[•·▪*]\s*\(.*\)|[•·▪*]\s*|\d+\)|-+|=+|_+|\*+"
    r")\s*:?\s*$",
    _I,
)
# The head of a list that is not the text: attached files, or a site's links to other stories. The short
# lines under it are blanked, up to a blank line or a sentence.
_LIST_HEAD = re.compile(
    r"^\s*(?:files?|attachments?|첨부\s*파일|첨부|related\s+(?:articles|stories|news|links|content|posts)"
    r"|most\s+(?:viewed|read|popular)(?:\s+(?:articles|stories|news))?|(?:more|latest|top)\s+(?:articles|stories|news)"
    r"|you\s+may\s+also\s+like"
    r"|관련\s*기사|많이\s*본\s*(?:뉴스|기사)|関連(?:リンク|記事))\s*:?\s*$",
    _I,
)
_FOOTNOTE_MARK = re.compile(r"^\s*\d+\)\s+")
_FILE_NAME = re.compile(r"\.(?:hwp|hwpx|pdf|docx?|xlsx?|pptx?|jpe?g|png|gif|zip)\b", re.IGNORECASE)
_PAGE = re.compile(r"^\s*(?:P\.|Page|p\.)\s*(\d{1,4})\b", re.MULTILINE)
_WORK = re.compile(r"\b((?:19|20)\d{2}\s+(?:Defen[cs]e\s+White\s+Paper\b|국방백서))", re.IGNORECASE)
_HEADING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Z]\.)\s+[A-Z]")


def _lines(text):
    """(start, end) of every line."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _blank(chars, start, end):
    for index in range(start, end):
        if chars[index] != "\n":
            chars[index] = " "


def _headline_declaration(text, match):
    """Whether a joint-statement match is not a "Declaration" ending a line, or is one as a page's headline
    ("Washington Declaration"), not a sentence wrapped after it ("... adopted the Washington Declaration")."""
    if not match.group().strip().lower().startswith("declaration"):
        return True
    line_start = text.rfind("\n", 0, match.start()) + 1
    return match.start() - line_start <= 60 and not re.search(r"\b[a-z]", text[line_start : match.start()])


def recognise_kind(text):
    """(kind, span of the evidence) of a source text."""
    stripped = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    # "head": the first twelve lines, as a site's menu may push the headline and its labels that far down;
    # "edges": the first six (a running header, a masthead) and the last
    head_end = stripped[min(len(stripped), 12) - 1][1] if stripped else 0
    top_end = stripped[min(len(stripped), 6) - 1][1] if stripped else 0
    for kind, pattern, where in SIGNALS:
        if where == "head":
            match = pattern.search(text, 0, head_end)
        elif where == "edges":
            match = pattern.search(text, 0, top_end) or pattern.search(text, stripped[-1][0] if stripped else 0)
        else:
            match = pattern.search(text)
        while match and kind == "joint_statement" and not _headline_declaration(text, match):
            match = pattern.search(text, match.end(), head_end)
        if match:
            return kind, (match.start(), match.end())
    return "generic", None


_SENTENCE_TAIL = re.compile(r"^(.{1,32}?[.)])\s+(?=[a-z(])")
_DOUBLED = re.compile(r"^(.{1,32}?\b(\w+))\s+(?=\2\b)", re.IGNORECASE)


def _best_cut(line, width):
    """Where a sidebar fragment ends in a line it shares with the body: about 25 characters in,
    at the end of a sentence or before a capital if one is near."""
    best = None
    for match in re.finditer(" ", line[:35]):
        cut = match.start()
        if len(line) - cut - 1 > width + 4:
            continue
        score = abs(cut - 25)
        if line[cut - 1] == ".":
            score -= 15
        if line[cut + 1 : cut + 2].isupper():
            score -= 6
        if best is None or score < best[0]:
            best = (score, cut)
    return best[1] if best else None


def _strip_sidebars(text, chars, line_spans):
    """Blank the narrow sidebar column a white-paper page interleaves with its body; return the sidebar spans."""
    lengths = [e - s for s, e in line_spans if e - s >= 60]
    if len(lengths) < 4:
        return []
    typical = statistics.median(lengths)
    width = max((n for n in lengths if n <= typical + 3), default=typical)
    merged = [i for i, (s, e) in enumerate(line_spans) if e - s > width + 1]
    if len(merged) < 2:
        return []
    first, last = merged[0] - 1, merged[-1] + 3
    sidebars = []
    for index in range(max(first, 0), min(last + 1, len(line_spans))):
        start, end = line_spans[index]
        line = text[start:end]
        cut = None
        if end - start > width + 1:
            cut = _best_cut(line, width)
        elif 0 < end - start <= 32 and not _HEADING.match(line) and not line.rstrip().endswith((".", "”", '"')):
            cut = end - start
        else:
            match = _SENTENCE_TAIL.match(line) or _DOUBLED.match(line)
            if match:
                cut = len(match.group(1))
        if cut:
            sidebars.append((start, start + cut))
            _blank(chars, start, min(start + cut + 1, end))
    return sidebars


def _sentence_not_file(line):
    """Whether a line ends a sentence ("...개최하였다.") rather than naming a file ("결과.hwp")."""
    return bool(re.search(r"(?:다|[a-z)”\"])\.$", line)) and not _FILE_NAME.search(line)


def strip_cruft(text, kind):
    """The text with cruft blanked (same length), plus the sidebar spans of a white-paper page."""
    chars = list(text)
    line_spans = _lines(text)
    in_list = False
    seen_heads = set()
    for index, (start, end) in enumerate(line_spans):
        line = text[start:end].strip()
        if not line:
            # a list ends at a blank line ("첨부파일", "[보도자료] ... .hwp", ""): an empty heading has none
            in_list = False
            continue
        if in_list and len(line) < 120 and not _sentence_not_file(line):
            _blank(chars, start, end)
            continue
        in_list = False
        if _LIST_HEAD.match(line) and index > 2:
            in_list = True
            _blank(chars, start, end)
            continue
        if CRUFT_LINE.match(line):
            _blank(chars, start, end)
            continue
        if index < 15 and len(line) > 15:
            if line in seen_heads:
                _blank(chars, start, end)
                continue
            seen_heads.add(line)
        footnote = _FOOTNOTE_MARK.match(text, start, end)
        if footnote and kind == "white_paper":
            _blank(chars, start, footnote.end())
    sidebars = _strip_sidebars(text, chars, line_spans) if kind == "white_paper" else []
    return "".join(chars), sidebars


def recognise(text):
    """The Layout of a read text: its kind, format, document type and clean text."""
    kind, signal = recognise_kind(text)
    source_format, doc_type = KINDS[kind]
    clean, sidebars = strip_cruft(text, kind)
    page = work = None
    if kind == "white_paper":
        match = _PAGE.search(text)
        if match:
            page = (match.group(1), match.span(1))
        match = _WORK.search(text)
        if match:
            work = (match.group(1), match.span(1))
    return Layout(
        kind=kind,
        format=source_format,
        doc_type=doc_type,
        signal=signal,
        clean=clean,
        sidebars=sidebars,
        page=page,
        work=work,
    )
