"""Required literals of regex terms, and one scan of a text that tells which regex terms can
match it, so that only those run."""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import Any

GRAM = 3  # required literals are at least this long (required_literals)

Regex = tuple[str, str, tuple[str, ...], str]  # (label, pattern, required literals, language)


def may_match(needles: tuple[str, ...], folded: str) -> bool:
    """Whether a text holds one of a regex's required literals (always, when it has none)."""
    if not needles:
        return True
    if len(needles) == 1:  # the common case, without a generator
        return needles[0] in folded
    return any(n in folded for n in needles)


class NeedleScan:
    """The regex terms a text in one language can match, from one pass over the text.

    Every required literal of those regexes (and of their other literal groups) goes into one
    Aho-Corasick automaton, which finds every occurrence of every literal in a single pass in
    C. A regex runs when one of its required literals occurs and one literal of each of its
    other groups.
    """

    def __init__(
        self,
        regexes: Sequence[Regex],
        also: Sequence[tuple[tuple[str, ...], ...]],
        lang: str | None = None,
    ):
        self._also = also
        by_literal: dict[str, list[int]] = {}
        always: list[int] = []
        literals: set[str] = set()
        for i, (_, _, needles, written_in) in enumerate(regexes):
            if lang and written_in and written_in != lang:
                continue  # a regex is written for its language's wording
            if not needles or any(len(n) < GRAM for n in needles):
                always.append(i)
            else:
                for needle in needles:
                    by_literal.setdefault(needle, []).append(i)
                literals.update(needles)
            for group in also[i]:
                literals.update(group)
        self._always = tuple(always)
        self._by_literal = {lit: tuple(numbers) for lit, numbers in by_literal.items()}
        self._empty = "" in literals  # occurs in every text
        self._automaton = _automaton(literals - {""})

    def present(self, folded: str) -> set[str]:
        """The literals of the scan that occur in a text."""
        found = (
            set() if self._automaton is None else {lit for _, lit in self._automaton.iter(folded)}
        )
        if self._empty:
            found.add("")
        return found

    def to_run(self, folded: str) -> list[int]:
        """The numbers of the regexes that can match a text, in order."""
        present = self.present(folded)
        found = set(self._always)
        by_literal = self._by_literal
        for literal in present:
            numbers = by_literal.get(literal)
            if numbers is not None:
                found.update(numbers)
        if not found:
            return []
        also = self._also
        if not any(also[n] for n in found):
            return sorted(found)
        return sorted(n for n in found if all(not present.isdisjoint(g) for g in also[n]))


def _automaton(literals: set[str]) -> Any:
    """An automaton that finds every occurrence of the literals (None when there are none)."""
    if not literals:
        return None
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for literal in literals:
        automaton.add_word(literal, literal)
    automaton.make_automaton()
    return automaton


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Pieces of plain text of which every match of the pattern contains at least one.

    Read from the parsed pattern: the longest run of literal characters that the top-level
    sequence (or a group that must match) requires, or one literal per branch of a required
    alternation. A text with none of them cannot match, so the regex is not run on it.
    Empty when nothing useful is required.
    """
    found = _top_requirements(pattern)
    return found[0] if found else ()


def required_groups(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Every requirement of a pattern's top-level sequence (each an any-of tuple of literals),
    strongest first: a match holds one literal of each, so all are tested before it runs."""
    return needles_of(pattern)[1]


def _top_requirements(pattern: re.Pattern[str]) -> list[tuple[str, ...]]:
    """The usable requirements of a compiled pattern's top-level sequence, strongest first."""
    if pattern.flags & re.IGNORECASE:
        return []
    try:
        from re import _parser as parser  # type: ignore[attr-defined]

        parsed = parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - a pattern that compiled always parses
        return []
    return _usable(_requirements(parsed))


def _pure(items: Any) -> str | None:
    """The text of a sequence made only of literal characters, else None."""
    out = ""
    for op, arg in items:
        if str(op) != "LITERAL":
            return None
        out += chr(arg)
    return out


def _alternatives(op: Any, arg: Any) -> list[str] | None:
    """The texts a required group of plain literal alternatives can match: ``(?:ar|ara|i)``."""
    name = str(op)
    if name == "SUBPATTERN":
        inner = list(arg[-1])
        if len(inner) != 1:
            pure = _pure(inner)
            return None if pure is None else [pure]
        op, arg = inner[0]
        name = str(op)
    if name == "BRANCH":
        texts = [_pure(branch) for branch in arg[1]]
        return None if any(t is None for t in texts) else [t for t in texts if t is not None]
    if name == "IN" and all(str(o) == "LITERAL" for o, _ in arg):
        return [chr(a) for _, a in arg]  # a character class of plain characters: [oa]
    return None


def _minimal(texts: list[str]) -> tuple[str, ...]:
    """Any-of needles without those that contain another (which adds nothing to the test)."""
    kept = sorted(set(texts), key=lambda t: (len(t), t))
    out: list[str] = []
    for t in kept:
        if not any(k in t for k in out):
            out.append(t)
    return tuple(out)


def _walk(items: Any) -> tuple[str, ...]:
    """The best requirement of a sequence (see ``_requirements``)."""
    usable = _usable(_requirements(items))
    return usable[0] if usable else ()


def _requirements(items: Any) -> list[tuple[str, ...]]:
    """What a sequence requires, each an any-of tuple: one literal, or any-of literals from a
    branch (a literal followed by a group of plain alternatives gives each joined:
    ``contract(?:ar|i)`` requires ``contractar`` or ``contracti``); a group that must match
    gives its own best requirement."""
    options: list[tuple[str, ...]] = []
    run = ""
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            run += chr(arg)
            continue
        if run:
            alternatives = _alternatives(op, arg)
            if alternatives:
                options.append(_minimal([run + a for a in alternatives]))
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
    return options


def _usable(options: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The requirements worth a test (every literal at least GRAM long), strongest first."""
    usable = [o for o in options if o and all(len(n) >= GRAM for n in o)]
    return sorted(usable, key=lambda o: -min(len(n) for n in o))


def needles_of(pattern: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The required literals of a pattern (its strongest requirement) and all its top-level
    requirements, from one parse; none when ``re`` cannot compile it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # such a pattern is refused when it first runs
            found = _top_requirements(re.compile(pattern))
    except (re.error, RecursionError, OverflowError):
        return (), ()
    return (found[0] if found else ()), tuple(dict.fromkeys(found))
