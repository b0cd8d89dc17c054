import re

import pytest

from archive.ingest import people
from archive.ingest.firstchars import _with_charset, compile_with_first_chars, first_chars

from . import samples
from .conftest import SEEDS

TEXTS = (
    [*samples.ALL.values(), samples.MND_SCM, samples.STATE_READOUT, samples.WHITE_HOUSE]
    + [path.read_text() for path in sorted(SEEDS.glob("*.txt"))]
    + [
        "국방부 장관 신원식은 2024년 7월 28일 미국 국방장관 오스틴과 회담했다. "
        "신원식 국방부 장관은 확장억제를 논의했다."
    ]
)


@pytest.mark.parametrize(
    "name",
    [
        "TITLE_NAME",
        "TITLE_LIST",
        "NAME_COMMA_TITLE",
        "HANGUL_NAME_TITLE",
        "HANGUL_TITLE_NAME",
        "MEETING_VERBS",
        "_SENTENCE_END",
    ],
)
def test_a_pattern_told_its_first_characters_finds_exactly_the_same_matches(name):
    fast = getattr(people, name)
    plain = _plain(fast)
    found = [[(m.span(), m.groupdict()) for m in fast.finditer(text)] for text in TEXTS]
    assert found == [[(m.span(), m.groupdict()) for m in plain.finditer(text)] for text in TEXTS]
    assert any(found)


def test_the_engine_skips_the_characters_outside_the_set():
    # what makes the search fast: a set that left out "K" would miss Kim (never built so, here)
    assert _with_charset(r"\bKim", 0, {ord("L")}).search("Lee and Kim") is None
    assert _with_charset(r"\bKim", 0, {ord("K")}).search("Lee and Kim").span() == (8, 11)
    compiled = compile_with_first_chars(r"(?<!\w)(?:Minister|Admiral)")
    assert compiled.pattern == r"(?<!\w)(?:Minister|Admiral)"  # this Python takes the set, not the lookahead


def test_the_set_holds_every_first_character_of_an_alternation():
    pattern = r"(?<!\w)(?:Minister|(?:Vice\s+)?Admiral|장관|[0-3]?[0-9]일)"
    assert first_chars(pattern) == set(map(ord, "0123456789AMV장"))
    assert [m.group() for m in compile_with_first_chars(pattern).finditer("Vice Admiral, Minister, 장관, 28일")] == [
        "Vice Admiral",
        "Minister",
        "장관",
        "28일",
    ]


@pytest.mark.parametrize(
    "pattern, flags",
    [
        (r"\w+ minister", 0),
        (r"[^a] minister", 0),
        (r"(?:Kim)?", 0),
        # the engine's case rules for a range past U+FFFF are its own
        ("[\u014d-\U0001e927]", re.IGNORECASE),
    ],
)
def test_a_pattern_whose_first_characters_are_unbounded_is_left_as_it_is(pattern, flags):
    assert first_chars(pattern, flags) is None
    compiled = compile_with_first_chars(pattern, flags)
    assert compiled.pattern == pattern
    for text in ("MINISTER Kim", "the Minister", "\u0149", "x minister"):
        found, expected = compiled.search(text), re.search(pattern, text, flags)
        assert (found and found.span()) == (expected and expected.span())


@pytest.mark.parametrize(
    "pattern, flags, first",
    [
        (r"(?i:minister) Kim", 0, "mM"),
        (r"minister", re.IGNORECASE, "mM"),
        (r"(?:(?i:minister))", 0, "mM"),
        # the Kelvin sign is a "k", the long s an "s", to the engine ignoring case
        (r"(?i:kim|sung)", 0, "kK\u212asS\u017f"),
        # the pattern's own global flags, after leading space or a comment under VERBOSE too
        (r"(?i)minister", 0, "mM"),
        (r"(?i)minister", re.IGNORECASE, "mM"),
        (r" (?i)minister", re.VERBOSE, "mM"),
        ("# an office\n(?i)minister", re.VERBOSE, "mM"),
    ],
)
def test_a_case_insensitive_part_puts_every_case_variant_in_the_set(pattern, flags, first):
    assert first_chars(pattern, flags) == set(map(ord, first))
    compiled = compile_with_first_chars(pattern, flags)
    text = "MINISTER Kim, Minister Kim, minister Kim, mINISTER Kim, \u212aIM, \u017fung"
    assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in re.finditer(pattern, text, flags)]
    assert len(compiled.findall(text)) >= 2


def test_spaces_and_digits_lead_with_every_character_of_their_class():
    chars = first_chars(r"^\s*By|\d+월", re.MULTILINE)
    for char in [" ", "\n", "\t", "\u3000", "\xa0", "B", "7", "٣", "７", "\U0001d7d9"]:
        assert ord(char) in chars, repr(char)
    assert ord("b") not in chars and ord("x") not in chars
    compiled = compile_with_first_chars(r"^\s*By|\d+월", re.MULTILINE)
    text = "  By Kim\nBy Lee\n٣월 and ７월 and \U0001d7d9월"
    assert [m.span() for m in compiled.finditer(text)] == [
        m.span() for m in re.finditer(r"^\s*By|\d+월", text, re.MULTILINE)
    ]
    assert len(compiled.findall(text)) == 5


def _plain(compiled):
    assert not compiled.pattern.startswith("(?=")  # the set is in the engine's information block
    return re.compile(compiled.pattern, compiled.flags)


def test_the_signal_and_date_patterns_find_exactly_what_their_plain_forms_find():
    from archive.ingest import datefind, recognise

    patterns = [pattern for _kind, pattern, _where in recognise.SIGNALS] + [p for _kind, p in datefind.PATTERNS]
    texts = [*TEXTS, "On Friday, May 31 they met; 2024년 7월 28일, 07/28/2024, 28.07.2024, 2024. 7. 28., ٢٠٢٤-٠٧-٢٨"]
    for compiled in patterns:
        plain = _plain(compiled)
        found = [[(m.span(), m.groupdict()) for m in compiled.finditer(text)] for text in texts]
        assert found == [[(m.span(), m.groupdict()) for m in plain.finditer(text)] for text in texts], compiled.pattern
    assert sum(bool(pattern.search(text)) for pattern in patterns for text in texts) > len(texts)


@pytest.mark.django_db
def test_the_organization_and_series_patterns_find_exactly_what_their_plain_forms_find():
    from archive.ingest.reference import load_reference

    reference = load_reference()
    for compiled in (reference.organization_regex(), reference.series_regex()):
        plain = _plain(compiled)
        found = [[(m.span(), m.lastgroup) for m in compiled.finditer(text)] for text in TEXTS]
        assert found == [[(m.span(), m.lastgroup) for m in plain.finditer(text)] for text in TEXTS]
        assert any(found)


def test_where_the_engine_refuses_the_set_a_lookahead_gives_the_same_matches(monkeypatch):
    from archive.ingest import firstchars

    def refused(*args):
        raise RuntimeError("invalid SRE code")  # what another Python's engine may answer

    monkeypatch.setattr(firstchars, "_with_charset", refused)
    for pattern, flags in [(r"(?<!\w)(?:Minister|Admiral)\s+\w+", 0), (r"(?i)minister", 0), (r"minister", re.I)]:
        compiled = compile_with_first_chars(pattern, flags)
        text = "Vice Admiral Kim, MINISTER Shin, the minister"
        assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in re.finditer(pattern, text, flags)]
        assert compiled.findall(text)
