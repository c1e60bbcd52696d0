"""Text folding (case, accents), compiled term matchers, and numbers read from clause text."""

from __future__ import annotations

import importlib
import re
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

_QUOTES = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "´": "'", "\u00b7": ".", "\u2027": ".", "\u00a0": " "}
)
_SPACE = re.compile(r"\s+")
_GEMINATE = re.compile(r"l\.l(?=\w)")  # Catalan ela geminada: col·lectiu, col.lectiu -> collectiu


@lru_cache(maxsize=1024)
def fold(text: str) -> str:
    """Lowercase, strip accents, unify quotes and spaces: the form every match runs on."""
    text = text.translate(_QUOTES).casefold()
    if not text.isascii():
        text = "".join(
            ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
        )
    return _SPACE.sub(" ", _GEMINATE.sub("ll", text)).strip()


_TOKEN = re.compile(r"\w+|[^\w\s]")


@lru_cache(maxsize=512)  # about one tender's texts: bounded memory, no growth per file
def _words(folded: str) -> tuple[str, ...]:
    """The tokens of a text (cached: every term set of a run scans the same texts)."""
    return tuple(_TOKEN.findall(folded))


@lru_cache(maxsize=128)
def _spans(folded: str) -> tuple[tuple[int, int], ...]:
    """Token spans, computed only for texts where some term matched."""
    return tuple(m.span() for m in _TOKEN.finditer(folded))


@dataclass(frozen=True, slots=True)
class Match:
    """A term found in a folded text: the label it counts for and the words matched."""

    label: str
    text: str
    start: int = 0
    end: int = 0


def merged_spans(folded: str, matches: list[Match]) -> list[str]:
    """The words of overlapping matches joined: `have an office in the municipality`."""
    spans: list[list[int]] = []
    for m in sorted(matches, key=lambda m: (m.start, -m.end)):
        if spans and m.start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], m.end)
        else:
            spans.append([m.start, m.end])
    return list(dict.fromkeys(folded[a:b] for a, b in spans))


_END = ""  # key that marks the end of a term in the token trie


def _may_match(needles: tuple[str, ...], folded: str) -> bool:
    """Whether a text holds one of a regex's required literals (always, when it has none)."""
    if not needles:
        return True
    if len(needles) == 1:  # the common case, without a generator
        return needles[0] in folded
    return any(n in folded for n in needles)


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Pieces of plain text of which every match of the pattern contains at least one.

    Read from the parsed pattern: the longest run of literal characters that the top-level
    sequence (or a group that must match) requires, or one literal per branch of a required
    alternation. A text with none of them cannot match, so the regex is not run on it.
    Empty when nothing useful is required.
    """
    if pattern.flags & re.IGNORECASE:
        return ()
    try:
        from re import _parser as parser  # type: ignore[attr-defined]

        parsed = parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - a pattern that compiled always parses
        return ()
    best = _walk(parsed)
    return best if all(len(n) >= 3 for n in best) else ()


def _walk(items: Any) -> tuple[str, ...]:
    """The best requirement of a sequence: one literal, or any-of literals from a branch."""
    options: list[tuple[str, ...]] = []
    run = ""
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            run += chr(arg)
            continue
        if run:
            options.append((run,))
        run = ""
        if name == "SUBPATTERN":
            options.append(_walk(arg[-1]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and arg[0] >= 1:
            options.append(_walk(arg[2]))
        elif name == "BRANCH":
            branches = [_walk(branch) for branch in arg[1]]
            if all(branches):
                options.append(tuple(n for b in branches for n in b))
    if run:
        options.append((run,))
    usable = [o for o in options if o and all(len(n) >= 3 for n in o)]
    if not usable:
        return ()
    return max(usable, key=lambda o: min(len(n) for n in o))


# --- regex terms: refused shapes ---------------------------------------------------------

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


def _needles(pattern: str) -> tuple[str, ...]:
    """The required literals of a pattern; none when ``re`` cannot compile it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # such a pattern is refused when it first runs
            return required_literals(re.compile(pattern))
    except (re.error, RecursionError, OverflowError):
        return ()


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, not {type(value).__name__}")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"expected a list, not {type(value).__name__}")
    return tuple(_text(v) for v in value)


def _checked_trie(trie: Any) -> tuple[dict[str, Any], set[str]]:
    """A stored token trie, checked to hold only mappings and lists of labels (texts), and
    the labels it holds. A key that is not a text could never match a token, so keys are not
    checked (JSON, the cache's format, has only text keys anyway)."""
    stack: list[Any] = [trie]
    ends: list[Any] = []
    pop, push, end_of = stack.pop, stack.extend, ends.append
    while stack:
        node = pop()
        if type(node) is not dict:
            raise TypeError(f"expected a mapping, not {type(node).__name__}")
        if _END in node:
            end_of(node[_END])
            push([child for key, child in node.items() if key != _END])
        else:
            push(node.values())
    labels: set[str] = set()
    for end in ends:
        if type(end) is not list:
            raise TypeError(f"expected a list, not {type(end).__name__}")
        labels.update(end)  # an unhashable item raises TypeError
    for label in labels:
        _text(label)
    return trie, labels


# --- regex terms: run with a time bound ----------------------------------------------------

SEARCH_SECONDS = 0.25  # one regex term on one text
FILE_SECONDS = 3.0  # all regex terms on one file, in a budget started per file


class Skipped(NamedTuple):
    """A regex term that was not run on some text (or stopped), and why, in plain words."""

    label: str
    pattern: str
    reason: str

    def message(self) -> str:
        """One line for a finding: which term, whose, what happened and what it means."""
        shown = self.pattern if len(self.pattern) <= 80 else self.pattern[:79] + "…"
        return (
            f"regex term `re:{shown}` of {_owner(self.label)} {self.reason}; findings that "
            "depend on it may be missing or wrong (simplify the pattern in its rule pack)"
        )


def _owner(label: str) -> str:
    """Whose term a label is: the classifier's ``t:topic`` and ``l:lexicon`` labels, others."""
    kind, _, name = label.partition(":")
    if kind == "t" and name:
        return f"topic `{name}`"
    if kind == "l" and name:
        return f"lexicon `{name}`"
    return "a rule's word list"


@dataclass(slots=True)
class RegexBudget:
    """The time regex terms may take, and the terms skipped for want of it.

    Each search stops after ``SEARCH_SECONDS``; a term stopped once is not run again under
    the same budget. With ``total``, once the searches have taken that long in all, every
    further search is skipped. Each skipped (label, pattern) is listed once in ``skipped``.
    """

    total: float | None = None
    spent: float = 0.0
    skipped: list[Skipped] = field(default_factory=list)
    _listed: set[tuple[str, str]] = field(default_factory=set)  # (label, pattern) in skipped
    _stopped: dict[str, str] = field(default_factory=dict)  # pattern -> reason

    def skip(self, label: str, pattern: str, reason: str) -> None:
        """List a term as skipped, once."""
        if (label, pattern) not in self._listed:
            self._listed.add((label, pattern))
            self.skipped.append(Skipped(label, pattern, reason))

    def search(self, label: str, pattern: str, rx: Any, folded: str) -> list[Any]:
        """The matches of a compiled regex term in a text, or none when it is skipped."""
        reason = self._stopped.get(pattern)
        if reason is None and self.total is not None and self.spent >= self.total:
            reason = (
                f"was not run: the regular expressions of this file already took {self.total:g} s"
            )
        if reason is not None:
            self.skip(label, pattern, reason)
            return []
        timeout = SEARCH_SECONDS
        if self.total is not None:
            timeout = min(timeout, self.total - self.spent)
        start = time.perf_counter()
        try:
            return list(rx.finditer(folded, timeout=timeout))
        except TimeoutError:
            if timeout < SEARCH_SECONDS:
                reason = f"was stopped: the regular expressions of this file took {self.total:g} s"
            else:
                reason = self._stopped[pattern] = (
                    f"took longer than {SEARCH_SECONDS:g} s on one text and was stopped"
                )
            self.skip(label, pattern, reason)
            return []
        finally:
            self.spent += time.perf_counter() - start


_RUN_BUDGET = RegexBudget()  # used when no per-file budget was started: no total
_BUDGET: ContextVar[RegexBudget] = ContextVar("pplint_regex_budget", default=_RUN_BUDGET)


@contextmanager
def file_regex_budget(total: float | None = FILE_SECONDS) -> Iterator[RegexBudget]:
    """A fresh budget for the regex terms of one file, current inside the ``with`` block;
    after the file is checked, its ``skipped`` lists what did not run."""
    budget = RegexBudget(total)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def regex_budget() -> RegexBudget:
    """The budget regex terms run under now."""
    return _BUDGET.get()


@lru_cache(maxsize=1)
def _regex_module() -> Any:
    """The ``regex`` package (it has timeouts), imported only when a regex term first runs."""
    return importlib.import_module("regex")


class TermSet:
    """Many labelled term lists, matched in one pass over a folded text's tokens.

    Literal terms live in a trie of tokens, so matching is whole-word by construction, costs a
    few dictionary look-ups per word, finds nested and overlapping terms, and needs no regex
    compilation. Terms written ``re:...`` are regular expressions over the folded text, run
    with the ``regex`` package under the current ``RegexBudget``; a term that does not compile
    or runs out of time finds nothing and is listed in the budget's ``skipped``.
    """

    def __init__(
        self, terms: Mapping[str, Iterable[str]], lazy: Callable[[str], bool] = lambda _: False
    ):
        self._trie: dict[str, Any] = {}
        # regex terms of labels for which ``lazy(label)`` is true are not run by find(), only by
        # find_label(), on the texts that need them
        self._lazy: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        # (label, pattern text, required literals); compiled on first use, since most regex
        # terms never get past their literal test (and a stored TermSet stays cheap to load)
        self._regexes: list[tuple[str, str, tuple[str, ...]]] = []
        self._compiled: dict[str, Any] = {}  # pattern -> regex, or why it does not compile
        self.label_set: frozenset[str] = frozenset(terms)  # every label a match can carry
        for label, items in terms.items():
            for term in items:
                if term.startswith("re:"):
                    entry = (label, term[3:], _needles(term[3:]))
                    if lazy(label):
                        self._lazy.setdefault(label, []).append(entry[1:])
                    else:
                        self._regexes.append(entry)
                    continue
                words = _TOKEN.findall(fold(term))
                if not words:
                    continue
                node = self._trie
                for word in words:
                    node = node.setdefault(word, {})
                labels = node.setdefault(_END, [])
                if label not in labels:
                    labels.append(label)

    def __getstate__(self) -> dict[str, Any]:
        """Plain data only (dicts, lists, strings), so that it can be stored as JSON."""
        return {
            "_trie": self._trie,
            "_regexes": [
                [label, pattern, list(needles)] for label, pattern, needles in self._regexes
            ],
            "_lazy": {
                label: [[pattern, list(needles)] for pattern, needles in entries]
                for label, entries in self._lazy.items()
            },
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore from ``__getstate__`` data (lists where tuples were); ValueError when the
        data does not have that shape."""
        try:
            self._trie, labels = _checked_trie(state["_trie"])
            self._regexes = [
                (_text(label), _text(pattern), _texts(needles))
                for label, pattern, needles in state["_regexes"]
            ]
            self._lazy = {
                _text(label): [(_text(pattern), _texts(needles)) for pattern, needles in entries]
                for label, entries in state["_lazy"].items()
            }
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not a stored term set: {exc}") from None
        labels.update(label for label, _, _ in self._regexes)
        labels.update(self._lazy)
        self.label_set = frozenset(labels)
        self._compiled = {}

    def has_lazy(self, label: str) -> bool:
        return label in self._lazy

    def find_label(self, folded: str, label: str) -> list[Match]:
        """Matches of the lazy regex terms of one label (literal terms come from find())."""
        out: list[Match] = []
        for pattern, needles in self._lazy.get(label, ()):
            if not _may_match(needles, folded):
                continue
            out.extend(
                Match(label, m.group(0), m.start(), m.end())
                for m in self._search(label, pattern, folded)
            )
        return out

    def _search(self, label: str, pattern: str, folded: str) -> list[Any]:
        """The matches of one regex term in a text, under the current budget."""
        rx = self._compiled.get(pattern)
        if rx is None:  # checked again: a stored term set skipped the check of its pack
            problem = regex_problem(pattern)
            try:
                rx = f"is refused: {problem}" if problem else _regex_module().compile(pattern)
            except Exception as exc:  # never a traceback
                rx = f"does not compile: {exc}"
            self._compiled[pattern] = rx
        if isinstance(rx, str):
            regex_budget().skip(label, pattern, rx)
            return []
        return regex_budget().search(label, pattern, rx, folded)

    def find(self, folded: str) -> list[Match]:
        """Every (label, words) found in an already folded text, in text order, no repeats."""
        out: list[Match] = []
        seen: set[tuple[str, str]] = set()
        words_ = _words(folded)
        root = self._trie
        count = len(words_)
        for i, word in enumerate(words_):
            node = root.get(word)
            j = i
            while node is not None:
                labels = node.get(_END)
                if labels:
                    spans = _spans(folded)
                    start, end = spans[i][0], spans[j][1]
                    words = folded[start:end]
                    for label in labels:
                        if (label, words) not in seen:
                            seen.add((label, words))
                            out.append(Match(label, words, start, end))
                j += 1
                if j >= count:
                    break
                node = node.get(words_[j])
        for label, pattern, needles in self._regexes:
            if not _may_match(needles, folded):
                continue
            for m in self._search(label, pattern, folded):
                words = m.group(0)
                if (label, words) not in seen:
                    seen.add((label, words))
                    out.append(Match(label, words, m.start(), m.end()))
        return out

    def labels(self, folded: str) -> set[str]:
        return {m.label for m in self.find(folded)}


# --- numbers -------------------------------------------------------------------------------

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty-five": 45,
    "sixty": 60,
    "ninety": 90,
    "uno": 1,
    "un": 1,
    "una": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "diez": 10,
    "quince": 15,
    "veinte": 20,
    "treinta": 30,
    "sesenta": 60,
    "noventa": 90,
    "quatre": 4,
    "cinc": 5,
    "sis": 6,
    "set": 7,
    "deu": 10,
    "quinze": 15,
    "vint": 20,
    "trenta": 30,
    "seixanta": 60,
    "noranta": 90,
    "dues": 2,
}
_NUM = (
    r"(\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|"
    + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
    + r")"
)
UNITS: dict[str, str] = {
    "percent": r"(?:%|per ?cent|por ?ciento|per ?cent)",
    "days": r"(?:(?:calendar |working |business |natural(?:es|s)? |habiles )?(?:days?|dias?|dies)"
    r"(?: (?:naturales|habiles|naturals|habils|laborables|feiners))?)",
    "hours": r"(?:hours?|hrs?|h|horas?|hores?)",
    "months": r"(?:months?|mes(?:es)?|mesos)",
    "years": r"(?:years?|anos?|anys?)",
    "cycles": r"(?:(?:charge |full )?cycles?|ciclos?|cicles?)",
    "eur": r"(?:eur|euros?|€)",
}
_UNIT_RX = {
    unit: re.compile(r"(?<![\w.,])" + _NUM + r"\s*" + rx + r"(?![\w])")
    for unit, rx in UNITS.items()
}
_EUR_BEFORE = re.compile(r"(?:eur|€)\s*" + _NUM + r"(?:\s*(million|millones|milions|m)\b)?")
_EUR_AFTER = re.compile(
    r"(?<![\w.,])" + _NUM + r"\s*(million|millones|milions|m)?\s*(?:eur|euros?|€)(?![\w])"
)
_ANY_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")
_COMPARED = re.compile(r"(?:<=|>=|<|>|=|\u2264|\u2265)\s*\d")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")


def parse_number(raw: str) -> float:
    """``1.500.000`` / ``1,500,000`` / ``1 500 000`` / ``2,5`` / ``thirty`` to a float."""
    raw = raw.strip()
    if raw in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[raw])
    compact = raw.replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", compact):
        return float(re.sub(r"[.,]", "", compact))
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+[.,]\d+", compact):
        sep = compact[-3] if compact[-3] in ".," else compact[-2]
        whole, frac = compact.rsplit(sep, 1)
        return float(re.sub(r"[.,]", "", whole) + "." + frac)
    return float(compact.replace(",", "."))


def numbers(folded: str, unit: str) -> list[float]:
    """All quantities of one unit in a folded text."""
    if unit == "number":
        return [parse_number(m.group(0)) for m in _ANY_NUMBER.finditer(folded)]
    if unit == "eur":
        out = []
        for rx in (_EUR_BEFORE, _EUR_AFTER):
            for m in rx.finditer(folded):
                value = parse_number(m.group(1))
                if m.group(2):
                    value *= 1_000_000
                out.append(value)
        return out
    return [parse_number(m.group(1)) for m in _UNIT_RX[unit].finditer(folded)]


def has_quantity(folded: str) -> bool:
    """Whether a text states some measurable quantity: a number with a unit, a % or a date."""
    if _DATE.search(folded) or _COMPARED.search(folded):
        return True
    return any(_UNIT_RX[u].search(folded) for u in UNITS) or bool(_EUR_BEFORE.search(folded))
