"""A regex told which characters its matches can start with, so that the scan skips the others.

Python's regex engine tries a pattern at every position of the text, unless the
pattern opens with a literal or a character set: then its search skips, in C,
every character that cannot start a match. A pattern that opens with a
lookbehind, a word boundary or a long alternation of case-insensitive names
gets no such skip, and pays for a whole attempt at each position. Here the
characters a match can start with are worked out from the parsed pattern and
written into the compiled pattern's information block as that character set,
exactly as the engine's compiler writes it for a pattern that opens with a set;
the pattern itself is unchanged, so the matches, groups and spans are the same:
the set only admits a superset of the characters a match can start with (every
case variant, for a case-insensitive part). Should the engine's internals not
accept that, the pattern is led by a lookahead on the same set instead, which
gives the same matches more slowly. When the set cannot be bounded (a class
like ``\\w``) the pattern is left as it is.
"""

import _sre
import functools
import re
from re import _casefix
from re import _compiler as sre_compile
from re import _constants as sre
from re import _parser as sre_parse

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}


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
    case-insensitive part: the set must then hold every case variant of them.
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


def _runs(chars):
    """``chars`` as (first, last) runs of consecutive code points, in order."""
    runs, ordered = [], sorted(chars)
    if not ordered:
        return runs
    start = previous = ordered[0]
    for code in [*ordered[1:], None]:
        if code is not None and code == previous + 1:
            previous = code
            continue
        runs.append((start, previous))
        if code is not None:
            start = previous = code
    return runs


def _char_class(chars):
    parts = []
    for first, last in _runs(chars):
        parts.append(re.escape(chr(first)) if first == last else f"{re.escape(chr(first))}-{re.escape(chr(last))}")
    return "[" + "".join(parts) + "]"


@functools.cache
def _upper_variants():
    """{lower-case code point: the other code points the engine, ignoring case, reads as it}."""
    variants = {}
    for code in range(0x110000):
        lower = _sre.unicode_tolower(code)
        if lower != code:
            variants.setdefault(lower, set()).add(code)
    return variants


def _folded(chars):
    """``chars`` and every character a case-insensitive pattern matches for one of them."""
    variants, out = _upper_variants(), set(chars)
    for code in chars:
        lower = _sre.unicode_tolower(code)
        for equivalent in (lower, *_casefix._EXTRA_CASES.get(lower, ())):
            out.add(equivalent)
            out |= variants.get(equivalent, set())
    return out


def _with_charset(pattern, flags, chars):
    """``pattern`` compiled as ``re.compile`` does, its information block naming ``chars`` as its first characters."""
    parsed = sre_parse.parse(pattern, flags)
    code = sre_compile._code(parsed, flags)
    if code[0] != sre.INFO or code[2] & (sre.SRE_INFO_PREFIX | sre.SRE_INFO_CHARSET):
        return re.compile(pattern, flags)  # the engine has its own skip already
    info = [sre.INFO, 0, sre.SRE_INFO_CHARSET, code[3], code[4]]
    # Above the Basic Multilingual Plane one range stands for all: the engine looks a set up in a
    # table below it, but tries the ranges above it one by one, at every character of the text.
    runs = _runs({code for code in chars if code <= 0xFFFF})
    if any(code > 0xFFFF for code in chars):
        runs.append((0x10000, 0x10FFFF))
    items = [(sre.LITERAL, a) if a == b else (sre.RANGE, (a, b)) for a, b in runs]
    charset, _cased = sre_compile._optimize_charset(items)
    sre_compile._compile_charset(charset, flags, info)
    info[1] = len(info) - 1
    code = info + code[1 + code[1] :]
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return _sre.compile(
        pattern, flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)
    )


def first_chars(pattern, flags=0):
    """The code points a match of ``pattern`` can start with (every case variant of a case-insensitive
    part's), or None when they cannot be bounded or a match can be empty."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    # ignoring case for the whole pattern: by the flags given or its own ("(?i)", after a comment under VERBOSE too)
    folded = [True] if parsed.state.flags & re.IGNORECASE else []
    try:
        chars, nullable = _first(parsed, folded)
    except _Unbounded:
        return None
    if nullable or not chars:
        return None
    if folded and any(code > 0xFFFF for code in chars):
        return None  # the engine's case rules for ranges above the BMP are not followed here
    return _folded(chars) if folded else chars


def compile_with_first_chars(pattern, flags=0):
    """``re.compile(pattern, flags)``, its search skipping the characters its matches cannot start with."""
    chars = first_chars(pattern, flags)
    if chars is None:
        return re.compile(pattern, flags)
    try:
        return _with_charset(pattern, flags, chars)
    except Exception:  # the engine's internals differ (another Python): the same set, as a lookahead
        try:
            return re.compile(f"(?={_char_class(chars)})(?:{pattern})", flags)
        except re.error:  # global flags of the pattern's own must open it
            return re.compile(pattern, flags)
