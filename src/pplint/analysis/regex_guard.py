"""Regex terms refused before they run: too long, or shaped to take exponential time."""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import Any

MAX_PATTERN = 1000  # characters of one regex term
MAX_EXPANSION = 20_000  # characters the minimum counts of a term's repeats multiply out to
NESTED = (
    "a repeated group holds a repeat that can also match what comes after it (nested "
    "quantifiers, as in `(a+)+`): a long text can be split between them in exponentially "
    "many ways"
)
OVERLAP = (
    "a repeated group has alternatives that can match the same text (as in `(a|aa)*`): "
    "a long text can be matched in exponentially many ways"
)
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
# The characters every set is tried on: Latin, Greek, Cyrillic, spaces, digits, punctuation
# and symbols of other scripts; each set adds its own literals and range ends (see _points)
_BASE = tuple(
    chr(c)
    for c in [
        *range(0x250),
        *range(0x370, 0x3D0),
        *range(0x400, 0x460),
        0x660,
        0x669,
        0x966,
        0x1680,
        0x2000,
        0x2007,
        0x200B,
        0x2028,
        0x202F,
        0x2044,
        0x20AC,
        0x2160,
        0x2460,
        0x3000,
        0x3007,
        0x4E00,
        0xAC00,
        0xFF10,
        0xFF21,
        0x10400,
        0x1D7CE,
    ]
)
_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_LINEBREAK": r"\n",
    "CATEGORY_NOT_LINEBREAK": r"[^\n]",
}
_IGNORECASE, _DOTALL, _ASCII = int(re.IGNORECASE), int(re.DOTALL), int(re.ASCII)
Atom = tuple[str, Any, int]  # (kind, argument, flags): one character set of a pattern
_ALL: Atom = ("all", None, 0)  # any character (what a pattern part we do not read may start with)


@lru_cache(maxsize=1024)
def regex_problem(pattern: str) -> str | None:
    """Why a regex term is refused: it does not compile, or its shape can take exponential
    time (nested quantifiers, overlapping alternatives in a repeat); None when it is fine.

    Read from the parse tree of ``re``: inside every part repeated more than once, each inner
    repeat of variable length must not be able to start with a character that could also
    come right after it, and no two alternatives may start with the same character. This
    catches the classic exponential shapes, not every slow pattern (the timeout does that).
    """
    if len(pattern) > MAX_PATTERN:
        return f"it is longer than {MAX_PATTERN:,} characters"
    from re import _parser as parser  # type: ignore[attr-defined]

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "possible nested set": its meaning will change
            parsed = parser.parse(pattern)
        re.compile(pattern)
        if _expansion(parsed) > MAX_EXPANSION:
            return (
                f"its repeat counts multiply out to more than {MAX_EXPANSION:,} characters "
                "(as in `(?:a{1000}){1000}`), which takes long to compile"
            )
        return _shape(list(parsed), int(parsed.state.flags))
    except (re.error, OverflowError, Warning) as exc:
        return f"it is not a valid regular expression: {exc}"
    except RecursionError:
        return "it is nested too deeply"


def _expansion(items: Any) -> int:
    """How many characters a sequence spells out when the minimum counts of its repeats are
    unrolled, as the ``regex`` package does when it compiles ``(?:a{1000}){1000}``."""
    total = 0
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            total += max(arg[0], 1) * _expansion(arg[2])
        else:
            total += sum(_expansion(sub) for sub, _ in _children(name, arg, 0)) or 1
    return total


def _flags_of(flags: int, arg: Any) -> int:
    """The flags inside a group ``(?i:...)`` / ``(?-i:...)``."""
    return (flags | int(arg[1])) & ~int(arg[2])


def _children(op: str, arg: Any, flags: int) -> list[tuple[Any, int]]:
    """The sub-sequences of one node, with their flags."""
    if op in _REPEATS:
        return [(arg[2], flags)]
    if op == "SUBPATTERN":
        return [(arg[3], _flags_of(flags, arg))]
    if op == "BRANCH":
        return [(branch, flags) for branch in arg[1]]
    if op in ("ASSERT", "ASSERT_NOT"):
        return [(arg[1], flags)]
    if op == "ATOMIC_GROUP":
        return [(arg, flags)]
    if op == "GROUPREF_EXISTS":
        return [(part, flags) for part in arg[1:] if part is not None]
    return []


def _shape(items: Any, flags: int) -> str | None:
    """The first refused shape in a sequence: every part repeated more than once is checked."""
    for op, arg in items:
        name = str(op)
        if name in _REPEATS and arg[1] > 1:
            head, _ = _first(arg[2], flags)
            problem = _ambiguity(arg[2], head, flags)
            if problem:
                return problem
        for sub, sub_flags in _children(name, arg, flags):
            problem = _shape(sub, sub_flags)
            if problem:
                return problem
    return None


def _ambiguity(items: Any, after: frozenset[Atom], flags: int) -> str | None:
    """Inside a repeated part: an inner repeat or alternation whose way is not decided by
    the next character (``after``: what may follow the sequence)."""
    for (op, arg), follow in zip(items, _follows(items, after, flags), strict=True):
        name = str(op)
        problem = None
        if name in _REPEATS:
            low, high, body = arg
            head, _ = _first(body, flags)
            if low != high and _overlap(head, follow):
                return NESTED
            problem = _ambiguity(body, head | follow if high > 1 else follow, flags)
        elif name == "BRANCH":
            heads = []
            for branch in arg[1]:
                head, nullable = _first(branch, flags)
                heads.append(head | follow if nullable else head)
            if any(_overlap(a, b) for i, a in enumerate(heads) for b in heads[i + 1 :]):
                return OVERLAP
            problem = next((p for b in arg[1] if (p := _ambiguity(b, follow, flags))), None)
        elif name not in ("ASSERT", "ASSERT_NOT"):  # lookarounds are checked by _shape
            problem = next(
                (p for sub, f in _children(name, arg, flags) if (p := _ambiguity(sub, follow, f))),
                None,
            )
        if problem:
            return problem
    return None


def _follows(items: Any, after: frozenset[Atom], flags: int) -> list[frozenset[Atom]]:
    """For each node of a sequence, the characters that may come right after it."""
    out: list[frozenset[Atom]] = []
    current = after
    for op, arg in reversed(list(items)):
        out.append(current)
        head, nullable = _first_node(str(op), arg, flags)
        current = head | current if nullable else head
    return out[::-1]


def _first(items: Any, flags: int) -> tuple[frozenset[Atom], bool]:
    """The character sets a sequence may start with, and whether it may match nothing."""
    out: set[Atom] = set()
    for op, arg in items:
        head, nullable = _first_node(str(op), arg, flags)
        out |= head
        if not nullable:
            return frozenset(out), False
    return frozenset(out), True


def _first_node(op: str, arg: Any, flags: int) -> tuple[frozenset[Atom], bool]:
    if op in ("LITERAL", "NOT_LITERAL", "ANY"):
        return frozenset({(op, arg, flags)}), False
    if op == "IN":
        return frozenset({(op, tuple((str(k), v) for k, v in arg), flags)}), False
    if op in _ZERO_WIDTH:
        return frozenset(), True
    if op in _REPEATS:
        head, nullable = _first(arg[2], flags)
        return head, nullable or arg[0] == 0
    if op in ("SUBPATTERN", "BRANCH", "ATOMIC_GROUP", "GROUPREF_EXISTS"):
        parts = [_first(sub, f) for sub, f in _children(op, arg, flags)]
        if op == "GROUPREF_EXISTS" and len(parts) == 1:
            parts.append((frozenset(), True))  # no "else" part: may match nothing
        return frozenset().union(*(h for h, _ in parts)), any(n for _, n in parts)
    return frozenset({_ALL}), True  # a back reference, or anything else: could be anything


def _overlap(a: frozenset[Atom], b: frozenset[Atom]) -> bool:
    """Whether some character belongs to a set of ``a`` and to a set of ``b``."""
    if not a or not b:
        return False
    if _ALL in a or _ALL in b:
        return True
    if frozenset().union(*map(_chars, a)) & frozenset().union(*map(_chars, b)):
        return True
    points = {ch for atom in a | b for ch in _points(atom)}
    return any(any(_member(x, ch) for x in a) and any(_member(y, ch) for y in b) for ch in points)


@lru_cache(maxsize=4096)
def _chars(atom: Atom) -> frozenset[str]:
    """The sample characters (shared ones and the set's own) that a character set matches."""
    return frozenset(ch for ch in (*_BASE, *_points(atom)) if _member(atom, ch))


@lru_cache(maxsize=4096)
def _points(atom: Atom) -> tuple[str, ...]:
    """A set's own characters worth trying: its literals, range ends and their neighbours,
    and a few characters inside each range."""
    kind, arg, _ = atom
    codes: list[int] = []
    if kind in ("LITERAL", "NOT_LITERAL"):
        codes = [arg - 1, arg, arg + 1]
    elif kind == "IN":
        for item, value in arg:
            if item in ("LITERAL", "NOT_LITERAL"):
                codes += [value - 1, value, value + 1]
            elif item == "RANGE":
                low, high = value
                codes += [low - 1, low, high, high + 1]
                codes += range(low, high, max(1, (high - low) // 16))
    return tuple(chr(c) for c in codes if 0 <= c <= 0x10FFFF)


def _member(atom: Atom, ch: str) -> bool:
    """Whether one character set of a pattern matches a character."""
    kind, arg, flags = atom
    if flags & _IGNORECASE:
        return any(_member_exact(kind, arg, flags, c) for c in {ch, ch.lower(), ch.upper()})
    return _member_exact(kind, arg, flags, ch)


def _member_exact(kind: str, arg: Any, flags: int, ch: str) -> bool:
    if kind == "LITERAL":
        return ch == chr(arg)
    if kind == "NOT_LITERAL":
        return ch != chr(arg)
    if kind == "ANY":
        return bool(flags & _DOTALL) or ch != "\n"
    if kind != "IN":
        return True
    negate = False
    found = False
    for item, value in arg:
        if item == "NEGATE":
            negate = True
        elif item == "LITERAL":
            found = found or ch == chr(value)
        elif item == "RANGE":
            found = found or value[0] <= ord(ch) <= value[1]
        elif item == "CATEGORY":
            found = found or _in_category(str(value), flags & _ASCII, ch)
        else:
            found = True  # a set item we do not read: assume it matches
    return found != negate


@lru_cache(maxsize=8192)
def _in_category(category: str, ascii_only: int, ch: str) -> bool:
    pattern = _CATEGORIES.get(category)
    return pattern is None or re.fullmatch(pattern, ch, re.ASCII if ascii_only else 0) is not None
