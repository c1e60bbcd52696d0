"""Text folding (case, accents, quotes, Catalan ela geminada), tokens and match spans."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pplint.analysis.inflect import TextKeys, text_keys

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


TOKEN = re.compile(r"\w+|[^\w\s]")


@lru_cache(maxsize=512)  # about one tender's texts: bounded memory, no growth per file
def words_of(folded: str) -> tuple[str, ...]:
    """The tokens of a text (cached: every term set of a run scans the same texts)."""
    return tuple(TOKEN.findall(folded))


@lru_cache(maxsize=512)
def keys_of(folded: str, lang: str) -> TextKeys:
    """A text's inflection keys in a language (inflect.py)."""
    return text_keys(words_of(folded), lang)


@lru_cache(maxsize=128)
def spans_of(folded: str) -> tuple[tuple[int, int], ...]:
    """Token spans, computed only for texts where some term matched."""
    return tuple([m.span() for m in TOKEN.finditer(folded)])


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
