"""Stage 1, read: bytes -> text.

The encoding is detected (UTF-8 with or without BOM, UTF-16, CP949/EUC-KR,
Windows-1252), the text is put in Unicode NFC, odd spaces become plain spaces
and words the source broke with a hyphen are mended. Every span the later
stages record points into the text this stage returns, which is a pure
function of the bytes: the original bytes are kept untouched elsewhere.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .datefind import MONTHS
from .errors import IngestError


@dataclass
class SourceText:
    text: str
    encoding: str
    warnings: list = field(default_factory=list)
    mended_breaks: frozenset = frozenset()  # where a line ended inside a word the reader mended (mend_hyphens)


_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_ODD_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2002\u2003\u2009\u200a\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _looks_utf16(data):
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


# A well-formed UTF-8 sequence of two to four bytes, which Windows-1252 text almost never holds.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def decode_bytes(data):
    """(text, encoding) for ``data``; raises ValueError with the reason when it is not text."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ValueError("it starts with a UTF-16 byte order mark but is not valid UTF-16") from None
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise ValueError("it is a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        not_utf8 = error.start
    else:
        return text, "utf-8"
    for encoding in ("euc-kr", "cp949"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        non_ascii = [char for char in text if ord(char) > 127]
        if non_ascii and sum(1 for char in non_ascii if _HANGUL.match(char)) / len(non_ascii) > 0.6:
            return text, encoding
    sequences = _UTF8_SEQUENCE.findall(data)
    stray = sum(1 for byte in data if byte > 127) - sum(len(found) for found in sequences)
    if sequences and len(sequences) >= 2 * stray:
        # Mostly characters written in UTF-8 ("–", "’") around a few stray bytes: read as Windows-1252
        # they would become "â€“", "â€™". A damaged file is refused rather than read as that. (Windows-1252
        # text forms a UTF-8 sequence only by chance, "É”", among many bytes that form none.)
        raise ValueError(f"it is UTF-8 text damaged by bytes that are not UTF-8 (the first at byte {not_utf8})")
    high = sum(1 for byte in data if byte > 127)
    if high / len(data) < 0.3:
        text = data.decode("cp1252", errors="replace")
        if "\ufffd" not in text:
            return text, "cp1252"
    raise ValueError(
        "its bytes are not text in an encoding the reader knows (UTF-8, UTF-16, CP949/EUC-KR, Windows-1252)"
    )


def normalise_text(text):
    """NFC, Unix line ends, plain spaces for non-breaking and other odd spaces, invisible marks removed."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", text)
    return _ODD_SPACES.sub(" ", text)


# Words that stand on their own on the left of a real compound ("future-oriented").
COMPOUND_LEFT = frozenset(
    """co non self anti pre post multi cross well high low long short full half follow future science two three
    four five six seven eight nine ten one first second third semi vice ex cyber de re sub inter intra counter
    trans mid open end all state year day large small wide world decision policy war military civil joint
    nuclear missile space air sea land ground defense defence security rules value fact time real""".split()  # noqa: SIM905
)
# Words that stand on their own on the right of a real compound.
COMPOUND_RIGHT = frozenset(
    """oriented based level term run up on off making related wide led time year day scale building range
    made free owned speed class long state run depth sustainment driven like old going out in launched control
    sharing specific""".split()  # noqa: SIM905
)
# Pairs whose halves also make words with other partners ("spokes-person", "al-ready" are broken words).
COMPOUND_PAIRS = frozenset({("in", "person"), ("face", "to"), ("people", "to")})
# Fragments that are not words but ends of a word broken in two ("achi-eve").
WORD_ENDINGS = frozenset(
    """eve ieve tion tions sion sions ment ments ing ings ity ities ance ances ence ences ure ures ate ates ated
    ive ives ous ness ly ble bly ical ically ated ating ization isation ized ised ogy ence ial ially ient ients
    rence tary tory ary ery ism ist ists cy ship ships ward wards ure ion ions ula ular lar tic tics sis ses
    ther thers ern ered ering ings ance ant ants ent ents nal nally tial tially iate iated ny ies ter ters sive
    hensive ture tures""".split()  # noqa: SIM905
)
# the word's tail, and the spaces after it, where a mended line break is put back (see mend_hyphens)
_HYPHEN = re.compile(r"\b([A-Za-z]+)-(\n[ \t]*|[ \t]*)?([A-Za-z]+)\b([.,;:!?)\]\"”’']*)([ \t]+)?")


def mend_hyphens(text, breaks=None):
    """Join words the source broke with a hyphen ("achi-\\neve", "achi-eve"); keep real compounds.

    A word mended across a line break keeps the break after it ("to achi-\\neve peace" becomes "to
    achieve\\npeace"): every line keeps its length, give or take the word, so a white-paper page's
    layout (its column width, the sidebar lines longer than the body's) reads as it did. The end of
    each such line (the position of its break in the result) is added to ``breaks`` when one is
    given: a heading whose word was broken goes on to the next line (extract.extract_title).
    """
    if "-" not in text:
        return text
    lower = text.lower()
    words = set(re.findall(r"[a-z]+", lower))
    compounds = set(re.findall(r"[a-z]+-[a-z]+", lower))
    shift = [0]  # how much longer the result is than the text, up to the current match

    def repair(match):
        left, gap, right = match.group(1), match.group(2) or "", match.group(3)
        line_break = "\n" in gap
        after = match.group(4) + ("\n" if line_break and match.group(5) else match.group(5) or "")
        mended = mend(left, gap, right, line_break, match.group(0)[: match.end(3) - match.start(0)])
        if breaks is not None and "\n" in after and "\n" not in mended:
            breaks.add(match.start(0) + shift[0] + len(mended) + len(match.group(4)))
        shift[0] += len(mended) + len(after) - (match.end(0) - match.start(0))
        return mended + after

    def mend(left, gap, right, line_break, written):
        joined = left + right
        if gap and not line_break:
            return written
        seen_joined = joined.lower() in words or joined.lower() in MONTHS
        seen_compound = f"{left.lower()}-{right.lower()}" in compounds
        if left[0].isupper() or right[0].isupper():
            # A capitalised word broken at a line end ("Minis-\nter", "Sep-\ntember", "Meet-\ning") is
            # joined when the whole word is written elsewhere in the text, is a month, or its right part
            # is a word's ending; otherwise it is a name's parts ("Won-\nsik") or a compound
            # ("Indo-\nPacific") and keeps its hyphen.
            ending = len(right) >= 3 and right.lower() in WORD_ENDINGS
            if line_break and right[0].islower() and (seen_joined or ending) and not seen_compound:
                return joined
            return f"{left}-{right}" if line_break else written
        if seen_joined and not seen_compound:
            return joined
        left_word = left.lower() in COMPOUND_LEFT or (left.lower(), right.lower()) in COMPOUND_PAIRS
        right_word = right.lower() in COMPOUND_RIGHT
        if line_break:
            return f"{left}-{right}" if left_word or right_word else joined
        if right.lower() in WORD_ENDINGS and not left_word and len(left) >= 2:
            return joined
        return written

    return _HYPHEN.sub(repair, text)


_HTML = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)


class _HtmlText(HTMLParser):
    BLOCKS = frozenset(
        [
            "p",
            "div",
            "section",
            "article",
            "header",
            "footer",
            "main",
            "aside",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "ul",
            "ol",
            "table",
            "tr",
            "blockquote",
            "figure",
            "figcaption",
            "dl",
            "dt",
            "dd",
            "pre",
            "address",
        ]  # noqa: SIM905
    )
    SKIPPED = frozenset("title script style noscript nav svg iframe template form button select".split())  # noqa: SIM905

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html):
    """The visible text of an HTML page, one block per paragraph; scripts, styles and navigation dropped."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def read_source(name, data, *, max_bytes):
    """The text of a source file, or IngestError naming the file and the reason."""
    if not data:
        raise IngestError(name, "the file is empty")
    if len(data) > max_bytes:
        raise IngestError(name, f"the file is {len(data):,} bytes, over the limit of {max_bytes:,} bytes")
    try:
        text, encoding = decode_bytes(data)
    except ValueError as error:
        raise IngestError(name, str(error)) from None
    if _CONTROL.search(text[:4000]) and len(_CONTROL.findall(text)) > len(text) / 100:
        raise IngestError(name, "it is a binary file, not text")
    warnings = []
    if _HTML.match(text[:2000]):
        text = html_to_text(text)
        warnings.append("Read as an HTML page: tags, scripts and navigation removed.")
    breaks = set()
    text = mend_hyphens(normalise_text(text), breaks)
    if not text.strip():
        raise IngestError(name, "the file holds no text, only white space")
    if encoding not in ("utf-8", "utf-8-sig"):
        warnings.append(f"Read as {encoding}.")
    return SourceText(text=text, encoding=encoding, warnings=warnings, mended_breaks=frozenset(breaks))
