"""Token tries of a term set as they are stored: checked before use, and kept as JSON text
until a text of their language needs them (a cache entry is untrusted, and most checks read
one language's tries only)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pplint.analysis.inflect import LANGS

END = ""  # key that marks the end of a term in a token trie
# the tries a text in a known language is scanned with, in this order (see TermSet)
LANGUAGE_PARTS = ("_others", "_single", "_keyed")
FULL = "_trie"  # the trie of every term word for word, for texts of no known language

Trie = dict[str, Any]


class DamagedTrie(ValueError):
    """A stored trie that is not a trie of text labels the term set knows."""


def checked_trie(trie: Any) -> tuple[Trie, set[str]]:
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
        if END in node:
            end_of(node[END])
            push([child for key, child in node.items() if key != END])
        else:
            push(node.values())
    labels: set[str] = set()
    for end in ends:
        if type(end) is not list:
            raise TypeError(f"expected a list, not {type(end).__name__}")
        labels.update(end)  # an unhashable item raises TypeError
    for label in labels:
        if not isinstance(label, str):
            raise TypeError(f"expected a string, not {type(label).__name__}")
    return trie, labels


def packed(trie: Trie | str) -> str:
    """A trie as compact JSON text (text already packed is returned as it is)."""
    if isinstance(trie, str):
        return trie
    return json.dumps(trie, separators=(",", ":"), ensure_ascii=False)


def stored(value: Any) -> Trie | str:
    """A stored trie as given: packed JSON text (checked when unpacked) or a mapping (checked
    now); TypeError when it is neither or not a trie."""
    if isinstance(value, str):
        return value
    return checked_trie(value)[0]


def per_language(value: Any) -> dict[str, Trie | str]:
    """Stored tries, one per language, each packed or checked."""
    if type(value) is not dict or set(value) != set(LANGS):
        raise TypeError("expected one trie per language")
    return {lang: stored(value[lang]) for lang in LANGS}


def unpacked(value: Trie | str, known: frozenset[str]) -> Trie:
    """A stored trie ready to scan with: decoded if packed, checked to name only labels in
    ``known``; DamagedTrie otherwise."""
    if not isinstance(value, str):
        return value
    try:
        trie, labels = checked_trie(json.loads(value))
    except (ValueError, TypeError, RecursionError) as exc:
        raise DamagedTrie(f"not a stored trie: {exc}") from None
    if not labels <= known:
        raise DamagedTrie(f"a stored trie names unknown labels: {sorted(labels - known)[:3]}")
    return trie


def labels_of(tries: Mapping[str, Any]) -> set[str]:
    """The labels of tries that are mappings already checked (packed ones are not read)."""
    out: set[str] = set()
    for trie in tries.values():
        if not isinstance(trie, str):
            out |= checked_trie(trie)[1]
    return out
