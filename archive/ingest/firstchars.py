"""A regex told which characters its matches can start with, so that the scan skips the others.

Python's regex engine tries a pattern at every position of the text. A pattern
that opens with a lookbehind and a long alternation (the offices before a
name) pays for the whole attempt at each of them; a leading lookahead on the
characters a match can start with, worked out here from the parsed pattern,
lets most positions fail at once. The matches are the same: the lookahead
only admits a superset of the characters a match can start with. A
case-insensitive part makes the whole lookahead case-insensitive (a superset
again); when the set cannot be bounded (a class like ``\\w``) the pattern is
left as it is.
"""

import functools
import re
from re import _constants as sre
from re import _parser as sre_parse

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


class _Unbounded(Exception):
    pass


# \s and \d of a str pattern: what str.isspace and str.isdecimal accept (as the
# regex engine does); every such character lies below these bounds.
_CATEGORIES = {sre.CATEGORY_SPACE: (str.isspace, 0x3001), sre.CATEGORY_DIGIT: (str.isdecimal, 0x1FC00)}


@functools.cache
def _category(category):
    test, bound = _CATEGORIES[category]
    return frozenset(code for code in range(bound) if test(chr(code)))


def _first(items, folded):
    """(code points a match of ``items`` can start with, whether it can match the empty string).

    ``folded`` (a list) receives True when one of those characters comes from a
    case-insensitive part: the lookahead must then ignore case.
    """
    chars = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL:
            return chars | {av}, False
        if op is sre.IN:
            for kind, value in av:
                if kind is sre.LITERAL:
                    chars.add(value)
                elif kind is sre.RANGE:
                    chars.update(range(value[0], value[1] + 1))
                elif kind is sre.CATEGORY and value in _CATEGORIES:
                    chars.update(_category(value))
                else:  # a word category (\w), a negated one or a negated set
                    raise _Unbounded
            return chars, False
        if op is sre.BRANCH:
            nullable = False
            for branch in av[1]:
                found, empty = _first(branch, folded)
                chars |= found
                nullable = nullable or empty
        elif op is sre.SUBPATTERN:
            _group, add_flags, _del_flags, pattern = av
            inner = []
            found, nullable = _first(pattern, inner)
            if inner or add_flags & sre.SRE_FLAG_IGNORECASE:
                folded.append(True)
            chars |= found
        elif op in _REPEATS:
            low, _high, pattern = av
            found, empty = _first(pattern, folded)
            chars |= found
            nullable = low == 0 or empty
        elif op is sre.ATOMIC_GROUP:
            found, nullable = _first(av, folded)
            chars |= found
        else:
            raise _Unbounded
        if not nullable:
            return chars, False
    return chars, True


def _char_class(chars):
    parts, ordered = [], sorted(chars)
    start = previous = ordered[0]
    for code in [*ordered[1:], None]:
        if code is not None and code == previous + 1:
            previous = code
            continue
        first, last = re.escape(chr(start)), re.escape(chr(previous))
        parts.append(first if start == previous else f"{first}-{last}")
        if code is not None:
            start = previous = code
    return "[" + "".join(parts) + "]"


def compile_with_first_chars(pattern, flags=0):
    """``re.compile(pattern, flags)``, led by a lookahead on the characters its matches can start with."""
    compiled = re.compile(pattern, flags)
    folded = [True] if flags & re.IGNORECASE else []
    try:
        if _GLOBAL_FLAGS.match(pattern):
            return compiled  # inline global flags, "(?i)...", must stay at the start
        parsed = sre_parse.parse(pattern, flags)
        chars, nullable = _first(parsed, folded)
    except _Unbounded:
        return compiled
    if nullable or not chars:
        return compiled
    lookahead = _char_class(chars)
    if folded:
        lookahead = f"(?i:{lookahead})"
    return re.compile(f"(?={lookahead})(?:{pattern})", flags)
