"""Text folding (case, accents), compiled term matchers, and numbers read from clause text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "·": ".", "\u00a0": " "})
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lowercase, strip accents, unify quotes and spaces: the form every match runs on."""
    text = text.translate(_QUOTES).casefold()
    if not text.isascii():
        text = "".join(
            ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
        )
    return _SPACE.sub(" ", text).strip()


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation shaped as a trie, so the engine never retries a shared prefix."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:  # type: ignore[type-arg]
        alternatives = [
            re.escape(ch).replace(r"\ ", r"\s+") + emit(sub) for ch, sub in sorted(node.items())
            if ch
        ]
        if "" in node:
            alternatives.append(r"(?!\w)")  # a term may end here, at the end of a word
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return emit(trie)


@dataclass(frozen=True, slots=True)
class Match:
    """A term found in a folded text: the label it counts for and the words matched."""

    label: str
    text: str


class TermSet:
    """Many labelled term lists compiled into one pass over a folded text."""

    def __init__(self, terms: Mapping[str, Iterable[str]]):
        literal_labels: dict[str, set[str]] = {}
        self._regexes: list[tuple[str, re.Pattern[str]]] = []
        for label, items in terms.items():
            for term in items:
                if term.startswith("re:"):
                    self._regexes.append((label, re.compile(term[3:])))
                else:
                    folded = fold(term)
                    if folded:
                        literal_labels.setdefault(folded, set()).add(label)
        self._labels = literal_labels
        self._labels_sorted = {k: tuple(sorted(v)) for k, v in literal_labels.items()}
        self._literal: re.Pattern[str] | None = None
        if literal_labels:
            pattern = _trie_pattern(literal_labels)
            # zero-width lookahead so overlapping terms at one position all count
            self._literal = re.compile(r"(?<!\w)(?=(" + pattern + r"))")
        self._cache: dict[str, tuple[str, ...]] = {}

    @property
    def empty(self) -> bool:
        return self._literal is None and not self._regexes

    def _labels_for(self, matched: str) -> tuple[str, ...]:
        """Labels of a matched literal, including shorter terms nested inside it."""
        cached = self._cache.get(matched)
        if cached is not None:
            return cached
        key = _SPACE.sub(" ", matched)
        labels = set(self._labels.get(key, ()))
        assert self._literal is not None
        for inner in self._literal.finditer(key):
            if inner.group(1) != key:
                labels.update(self._labels.get(_SPACE.sub(" ", inner.group(1)), ()))
        result = tuple(sorted(labels))
        self._cache[matched] = result
        return result

    def find(self, folded: str) -> list[Match]:
        """Every (label, words) found in an already folded text, in text order, no repeats."""
        out: list[Match] = []
        seen: set[tuple[str, str]] = set()
        if self._literal is not None:
            for m in self._literal.finditer(folded):
                words = m.group(1)
                for label in self._labels_sorted.get(words) or self._labels_for(words):
                    if (label, words) not in seen:
                        seen.add((label, words))
                        out.append(Match(label, words))
        for label, rx in self._regexes:
            for m in rx.finditer(folded):
                words = m.group(0)
                if (label, words) not in seen:
                    seen.add((label, words))
                    out.append(Match(label, words))
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
    if _DATE.search(folded):
        return True
    return any(_UNIT_RX[u].search(folded) for u in UNITS) or bool(_EUR_BEFORE.search(folded))
