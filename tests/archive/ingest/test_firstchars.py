import re

import pytest

from archive.ingest import people
from archive.ingest.firstchars import compile_with_first_chars

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
def test_a_pattern_led_by_its_first_characters_finds_exactly_the_same_matches(name):
    fast = getattr(people, name)
    assert fast.pattern.startswith("(?=")
    plain = re.compile(fast.pattern.split(")(?:", 1)[1][:-1], fast.flags)
    found = [[(m.span(), m.groupdict()) for m in fast.finditer(text)] for text in TEXTS]
    assert found == [[(m.span(), m.groupdict()) for m in plain.finditer(text)] for text in TEXTS]
    assert any(found)


def test_the_lookahead_holds_every_first_character_of_an_alternation():
    pattern = compile_with_first_chars(r"(?<!\w)(?:Minister|(?:Vice\s+)?Admiral|장관|[0-3]?[0-9]일)")
    assert pattern.pattern.startswith("(?=[0-9AMV장])")
    assert [m.group() for m in pattern.finditer("Vice Admiral, Minister, 장관, 28일")] == [
        "Vice Admiral",
        "Minister",
        "장관",
        "28일",
    ]


@pytest.mark.parametrize(
    "pattern, flags",
    [(r"\w+ minister", 0), (r"[^a] minister", 0), (r"(?:Kim)?", 0), (r"(?i)minister", 0), (r"(?i)minister", re.I)],
)
def test_a_pattern_whose_first_characters_are_unbounded_is_left_as_it_is(pattern, flags):
    assert compile_with_first_chars(pattern, flags).pattern == pattern


@pytest.mark.parametrize(
    "pattern, flags",
    [(r"(?i:minister) Kim", 0), (r"minister", re.IGNORECASE), (r"(?:(?i:minister))", 0)],
)
def test_a_case_insensitive_part_makes_the_lookahead_ignore_case(pattern, flags):
    compiled = compile_with_first_chars(pattern, flags)
    assert compiled.pattern.startswith("(?=(?i:[m]))")
    text = "MINISTER Kim, Minister Kim, minister Kim, mINISTER Kim"
    assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in re.finditer(pattern, text, flags)]
    assert len(compiled.findall(text)) == 4


def test_spaces_and_digits_lead_with_every_character_of_their_class():
    compiled = compile_with_first_chars(r"^\s*By|\d+월", re.MULTILINE)
    lookahead = re.compile(compiled.pattern[3 : compiled.pattern.index("])") + 1])
    for char in [" ", "\n", "\t", "\u3000", "\xa0", "B", "7", "٣", "７"]:
        assert lookahead.match(char), repr(char)
    assert not lookahead.match("b") and not lookahead.match("x")
    text = "  By Kim\nBy Lee\n٣월 and ７월"
    assert [m.span() for m in compiled.finditer(text)] == [
        m.span() for m in re.finditer(r"^\s*By|\d+월", text, re.MULTILINE)
    ]


def _plain(compiled):
    assert compiled.pattern.startswith("(?=")
    return re.compile(compiled.pattern.split(")(?:", 1)[1][:-1], compiled.flags)


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
