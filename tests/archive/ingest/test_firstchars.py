import re

import pytest

from archive.ingest import people
from archive.ingest.firstchars import compile_with_first_chars

from . import samples
from .conftest import SEEDS

TEXTS = [*samples.ALL.values(), samples.MND_SCM, samples.STATE_READOUT, samples.WHITE_HOUSE] + [
    path.read_text() for path in sorted(SEEDS.glob("*.txt"))
]


@pytest.mark.parametrize("name", ["TITLE_NAME", "TITLE_LIST"])
def test_a_pattern_led_by_its_first_characters_finds_exactly_the_same_matches(name):
    fast = getattr(people, name)
    assert fast.pattern.startswith("(?=[")
    plain = re.compile(fast.pattern.split(")(?:", 1)[1][:-1])
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
    [(r"\w+ minister", 0), (r"(?i:minister) Kim", 0), (r"minister", re.IGNORECASE), (r"(?:Kim)?", 0)],
)
def test_a_pattern_whose_first_characters_are_unbounded_is_left_as_it_is(pattern, flags):
    assert compile_with_first_chars(pattern, flags).pattern == pattern
