"""Text folding (case, accents), compiled term matchers, and numbers read from clause text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "\u00b7": ".",
                        "\u2027": ".", "\u00a0": " "})
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


class TermSet:
    """Many labelled term lists, matched in one pass over a folded text's tokens.

    Literal terms live in a trie of tokens, so matching is whole-word by construction, costs a
    few dictionary look-ups per word, finds nested and overlapping terms, and needs no regex
    compilation. Terms written ``re:...`` are regular expressions over the folded text.
    """

    def __init__(self, terms: Mapping[str, Iterable[str]],
                 lazy: Callable[[str], bool] = lambda _: False):
        self._trie: dict[str, Any] = {}
        # regex terms of labels for which ``lazy(label)`` is true are not run by find(), only by
        # find_label(), on the texts that need them
        self._lazy: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        # (label, pattern text, required literals); compiled on first use, since most regex
        # terms never get past their literal test (and a pickled TermSet stays cheap to load)
        self._regexes: list[tuple[str, str, tuple[str, ...]]] = []
        self._compiled: dict[str, re.Pattern[str]] = {}  # not pickled, see __getstate__
        for label, items in terms.items():
            for term in items:
                if term.startswith("re:"):
                    rx = re.compile(term[3:])
                    entry = (label, rx.pattern, required_literals(rx))
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
        return {"_trie": self._trie, "_regexes": self._regexes, "_lazy": self._lazy}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._trie = state["_trie"]
        self._regexes = state["_regexes"]
        self._lazy = state["_lazy"]
        self._compiled = {}

    def has_lazy(self, label: str) -> bool:
        return label in self._lazy

    def find_label(self, folded: str, label: str) -> list[Match]:
        """Matches of the lazy regex terms of one label (literal terms come from find())."""
        out: list[Match] = []
        for pattern, needles in self._lazy.get(label, ()):
            if not _may_match(needles, folded):
                continue
            out.extend(Match(label, m.group(0), m.start(), m.end())
                       for m in self._regex(pattern).finditer(folded))
        return out

    def _regex(self, pattern: str) -> re.Pattern[str]:
        rx = self._compiled.get(pattern)
        if rx is None:
            rx = self._compiled[pattern] = re.compile(pattern)
        return rx

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
            for m in self._regex(pattern).finditer(folded):
                words = m.group(0)
                if (label, words) not in seen:
                    seen.add((label, words))
                    out.append(Match(label, words, m.start(), m.end()))
        return out

    def labels(self, folded: str) -> set[str]:
        return {m.label for m in self.find(folded)}


# --- numbers -------------------------------------------------------------------------------

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty-five": 45, "sixty": 60, "ninety": 90,
    "uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
    "siete": 7, "diez": 10, "quince": 15, "veinte": 20, "treinta": 30, "sesenta": 60,
    "noventa": 90, "quatre": 4, "cinc": 5, "sis": 6, "set": 7, "deu": 10, "quinze": 15,
    "vint": 20, "trenta": 30, "seixanta": 60, "noranta": 90, "dues": 2,
}
_NUM = r"(\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|" + "|".join(
    sorted(_WORD_NUMBERS, key=len, reverse=True)
) + r")"
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
