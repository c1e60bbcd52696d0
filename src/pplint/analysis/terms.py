"""Compiled term sets: many labelled word lists matched in one pass over a folded text."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

from pplint.analysis.budget import regex_budget
from pplint.analysis.fold import TOKEN, Match, fold, keys_of, spans_of, words_of
from pplint.analysis.inflect import LANGS, TextKeys, term_keys
from pplint.analysis.needles import NeedleScan, may_match, needles_of
from pplint.analysis.regex_guard import regex_problem
from pplint.analysis.tries import (
    END as _END,
)
from pplint.analysis.tries import (
    FULL,
    LANGUAGE_PARTS,
    DamagedTrie,
    Trie,
    labels_of,
    packed,
    per_language,
    stored,
    unpacked,
)
from pplint.analysis.vetted import is_vetted

# a regex term run only on request: (pattern, required literals, other literal groups, language)
LazyRegex = tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...], str]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, not {type(value).__name__}")
    return value


def _language(value: Any) -> str:
    text = _text(value)
    if text and text not in LANGS:
        raise ValueError(f"unknown language {text!r}")
    return text


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"expected a list, not {type(value).__name__}")
    return tuple(_text(v) for v in value)


# --- regex terms: run with a time bound ----------------------------------------------------


# A shipped regex term (its digest in vetted-regexes.txt: refused no shape that can backtrack
# exponentially) runs with the standard ``re`` on a text of up to this many characters: it
# compiles three times faster than with ``regex`` and ``regex`` need not be imported. Without a
# time limit a search is then bounded by the text's length (the slowest shipped term, on a
# hostile text of this length, takes about 0.1 s); longer texts, and every other term, run
# with ``regex`` under its time limit. The matches are the same (tests/test_vetted.py).
QUICK_TEXT = 2000


def _quick(pattern: str) -> re.Pattern[str] | None:
    """A shipped regex term compiled with ``re``; None for any other pattern."""
    if not is_vetted(pattern):
        return None
    try:
        return re.compile(pattern)
    except re.error:  # regex-only syntax: run it with regex
        return None


@lru_cache(maxsize=1)
def _regex_module() -> Any:
    """The ``regex`` package (it has timeouts), imported only when a regex term first runs."""
    return importlib.import_module("regex")


class TermSet:
    """Many labelled term lists, matched in one pass over a folded text's tokens.

    Literal terms live in a trie of tokens, so matching is whole-word by construction, costs a
    few dictionary look-ups per word, finds nested and overlapping terms, and needs no regex
    compilation. A term listed under its language (en, es, ca) is also matched on inflection
    keys (``inflect.py``) in texts of that language, in the same pass. Terms written
    ``re:...`` are regular expressions over the folded text, run with the ``regex`` package
    (shipped ones on short texts with ``re``: ``QUICK_TEXT``) under the current
    ``RegexBudget``; a term that does not compile or runs out of time finds nothing and is
    listed in the budget's ``skipped``.
    """

    def __init__(
        self,
        terms: Mapping[str, Iterable[str] | Mapping[str, Iterable[str]]],
        lazy: Callable[[str], bool] = lambda _: False,
    ):
        # every trie below is a mapping, or (loaded from a cache) JSON text unpacked on first use
        self._trie: Trie | str = {}  # every literal term, word for word
        # per language, that language's literal terms on inflection keys (inflect.py): a text
        # in that language matches them in their inflected forms too
        # (one-word terms are in a trie of depth one on their number_key)
        self._keyed: dict[str, Trie | str] = {lang: {} for lang in LANGS}
        self._single: dict[str, Trie | str] = {lang: {} for lang in LANGS}
        # per language, word for word, the terms NOT listed under it: a text in that language
        # meets its own language's terms through the keyed tries, which match them anyway
        self._others: dict[str, Trie | str] = {lang: {} for lang in LANGS}
        # regex terms of labels for which ``lazy(label)`` is true are not run by find(), only by
        # find_label(), on the texts that need them
        # (pattern, required literals, its other literal groups, language or "") per label
        self._lazy: dict[str, list[LazyRegex]] = {}
        # (label, pattern text, required literals, language or ""); compiled on first use, since
        # most regex terms never get past their literal test (and a stored TermSet stays cheap
        # to load); a text of a known language runs its language's and language-less ones
        self._regexes: list[tuple[str, str, tuple[str, ...], str]] = []
        # per regex, its other required literal groups (required_groups): tested too
        self._also: list[tuple[tuple[str, ...], ...]] = []
        self._compiled: dict[str, Any] = {}  # pattern -> regex, or why it does not compile
        self._quick: dict[str, re.Pattern[str] | None] = {}  # pattern -> re, for short texts
        self.label_set: frozenset[str] = frozenset(terms)  # every label a match can carry
        for label, items in terms.items():
            by_lang = items if isinstance(items, Mapping) else {"": items}
            for lang, listed in by_lang.items():
                for term in listed:
                    self._add(label, term, lang, lazy)
        self._scans: dict[str, NeedleScan] = {}  # per text language, built on first use
        self._ready()

    def _ready(self) -> None:
        """Forget what is derived on first use: unpacked tries, needle scans, compiled regexes."""
        # per language, (others, single, keyed) ready to scan with; the full trie likewise
        self._lang_tries: dict[str, tuple[Trie, Trie, Trie]] = {}
        self._full: Trie | None = None
        self._scans = {}
        self._compiled = {}
        self._quick = {}
        # what replaces a stored term set found damaged on first use (see rebuild_with)
        self._rebuild: Callable[[], TermSet] | None = getattr(self, "_rebuild", None)

    def rebuild_with(self, build: Callable[[], TermSet]) -> None:
        """How to build this term set anew, should a stored trie prove damaged when a text
        first needs it (a cache entry is untrusted): the rebuilt set takes its place."""
        self._rebuild = build

    def _add(self, label: str, term: str, lang: str, lazy: Callable[[str], bool]) -> None:
        """One term of a label; ``lang`` is its language, or "" when the list has none."""
        if term.startswith("re:"):
            needles, groups = needles_of(term[3:])
            others = tuple(g for g in groups if g != needles)
            written_in = lang if lang in LANGS else ""
            if lazy(label):
                self._lazy.setdefault(label, []).append((term[3:], needles, others, written_in))
            else:
                self._regexes.append((label, term[3:], needles, written_in))
                self._also.append(others)
            return
        words = TOKEN.findall(fold(term))
        if not words:
            return
        _insert(unpacked(self._trie, self.label_set), words, label)
        for other in LANGS:
            if other != lang:
                _insert(unpacked(self._others[other], self.label_set), words, label)
        if lang in self._keyed:
            keys = term_keys(words, lang)
            target = self._keyed[lang] if len(keys) > 1 else self._single[lang]
            _insert(unpacked(target, self.label_set), keys, label)

    def __getstate__(self) -> dict[str, Any]:
        """Plain data only (dicts, lists, strings), so that it can be stored as JSON; tries
        not unpacked yet stay JSON text."""
        return {
            FULL: self._trie,
            **{part: dict(getattr(self, part)) for part in LANGUAGE_PARTS},
            "_labels": sorted(self.label_set),
            "_regexes": [
                [label, pattern, list(needles), lang]
                for label, pattern, needles, lang in self._regexes
            ],
            "_lazy": {
                label: [
                    [pattern, list(needles), [list(g) for g in groups], lang]
                    for pattern, needles, groups, lang in entries
                ]
                for label, entries in self._lazy.items()
            },
            "_also": [[list(group) for group in groups] for groups in self._also],
        }

    def packed_state(self) -> dict[str, Any]:
        """``__getstate__`` with every trie as JSON text, so that loading it decodes only the
        tries a check needs (the tries are most of a cache entry)."""
        state = self.__getstate__()
        state[FULL] = packed(state[FULL])
        for part in LANGUAGE_PARTS:
            state[part] = {lang: packed(trie) for lang, trie in state[part].items()}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore from ``__getstate__`` data (lists where tuples were); ValueError when the
        data does not have that shape. Packed tries are checked when first unpacked."""
        try:
            self._trie = stored(state[FULL])
            for part in LANGUAGE_PARTS:
                setattr(self, part, per_language(state[part]))
            self._regexes = [
                (_text(label), _text(pattern), _texts(needles), _language(lang))
                for label, pattern, needles, lang in state["_regexes"]
            ]
            self._lazy = {
                _text(label): [
                    (
                        _text(pattern),
                        _texts(needles),
                        tuple(_texts(g) for g in groups),
                        _language(lang),
                    )
                    for pattern, needles, groups, lang in entries
                ]
                for label, entries in state["_lazy"].items()
            }
            self._also = [tuple(_texts(group) for group in groups) for groups in state["_also"]]
            if len(self._also) != len(self._regexes):
                raise ValueError("one list of literal groups per regex term expected")
            labels = set(_texts(state["_labels"]))
            eager = labels_of({FULL: self._trie}) | {
                label for part in LANGUAGE_PARTS for label in labels_of(getattr(self, part))
            }
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not a stored term set: {exc}") from None
        labels |= eager  # ``fits`` then tells whether the rule set knows them all
        labels.update(entry[0] for entry in self._regexes)
        labels.update(self._lazy)
        self.label_set = frozenset(labels)
        self._ready()

    def _tries(self, lang: str) -> tuple[Trie, Trie, Trie]:
        """A language's (others, single, keyed) tries, unpacked on first use."""
        found = self._lang_tries.get(lang)
        if found is None:
            try:
                others, single, keyed = (
                    unpacked(getattr(self, part)[lang], self.label_set) for part in LANGUAGE_PARTS
                )
            except DamagedTrie:
                self._take_rebuilt()
                return self._tries(lang)
            found = self._lang_tries[lang] = (others, single, keyed)
        return found

    def _full_trie(self) -> Trie:
        """The trie of every term word for word, unpacked on first use."""
        if self._full is None:
            try:
                self._full = unpacked(self._trie, self.label_set)
            except DamagedTrie:
                self._take_rebuilt()
                return self._full_trie()
        return self._full

    def _take_rebuilt(self) -> None:
        """Become the term set built anew (DamagedTrie when there is no way to build it)."""
        if self._rebuild is None:
            raise DamagedTrie("a stored trie is damaged and the term set cannot be rebuilt")
        fresh = self._rebuild()
        self.__dict__.update(fresh.__dict__)
        self._rebuild = None  # the fresh set is built, never stored

    def scan(self, lang: str | None) -> NeedleScan:
        """The needle scan of texts in a language ("" or None: unknown): its regexes and
        those written for no language."""
        key = lang if lang in LANGS else ""
        found = self._scans.get(key)
        if found is None:
            found = self._scans[key] = NeedleScan(self._regexes, self._also, key or None)
        return found

    def patterns(self) -> set[str]:
        """Every regex term's pattern, eager and lazy."""
        found = {pattern for _, pattern, _, _ in self._regexes}
        found.update(entry[0] for entries in self._lazy.values() for entry in entries)
        return found

    def has_lazy(self, label: str) -> bool:
        return label in self._lazy

    def find_label(self, folded: str, label: str, lang: str | None = None) -> list[Match]:
        """Matches of the lazy regex terms of one label (literal terms come from find()); with
        ``lang`` (the text's language), only the terms written for it or for none."""
        out: list[Match] = []
        for pattern, needles, groups, written_in in self._lazy.get(label, ()):
            if lang and written_in and written_in != lang:
                continue
            if not may_match(needles, folded) or not all(may_match(g, folded) for g in groups):
                continue
            out.extend(
                Match(label, m.group(0), m.start(), m.end())
                for m in self._search(label, pattern, folded)
            )
        return out

    def _search(self, label: str, pattern: str, folded: str) -> list[Any]:
        """The matches of one regex term in a text, under the current budget."""
        if len(folded) <= QUICK_TEXT:
            quick = self._quick.get(pattern, False)
            if quick is False:
                quick = self._quick[pattern] = _quick(pattern)
            if quick is not None:
                return regex_budget().search(label, pattern, quick, folded)
        rx = self._compiled.get(pattern)
        if rx is None:  # checked again (a stored term set skipped the check of its pack)
            problem = None if is_vetted(pattern) else regex_problem(pattern)  # unless shipped
            try:
                rx = f"is refused: {problem}" if problem else _regex_module().compile(pattern)
            except Exception as exc:  # never a traceback
                rx = f"does not compile: {exc}"
            self._compiled[pattern] = rx
        if isinstance(rx, str):
            regex_budget().skip(label, pattern, rx)
            return []
        return regex_budget().search(label, pattern, rx, folded)

    def find(self, folded: str, lang: str | None = None) -> list[Match]:
        """Every (label, words) found in an already folded text, in text order, no repeats.
        With ``lang`` (the text's language), that language's terms match inflected too."""
        hits = _Hits(folded)
        words_ = words_of(folded)
        if lang in self._keyed:
            _scan_keyed(self._tries(lang), words_, keys_of(folded, lang), hits)
        else:
            _scan(self._full_trie(), words_, hits)
        regexes, seen, out = self._regexes, hits.seen, hits.out
        for number in self.scan(lang).to_run(folded):
            label, pattern, _, _ = regexes[number]
            for m in self._search(label, pattern, folded):
                words = m.group(0)
                if (label, words) not in seen:
                    seen.add((label, words))
                    out.append(Match(label, words, m.start(), m.end()))
        return out

    def labels(self, folded: str, lang: str | None = None) -> set[str]:
        return {m.label for m in self.find(folded, lang)}


_SKIPS = 3  # words a text may hold between two words of a term (articles, possessives)


def _insert(trie: dict[str, Any], words: list[str], label: str) -> None:
    node = trie
    for word in words:
        node = node.setdefault(word, {})
    labels = node.setdefault(_END, [])
    if label not in labels:
        labels.append(label)


class _Hits:
    """The matches of one text so far, each (label, words) once, in the order found."""

    __slots__ = ("folded", "out", "seen", "_spans")

    def __init__(self, folded: str):
        self.folded = folded
        self.out: list[Match] = []
        self.seen: set[tuple[str, str]] = set()
        self._spans: tuple[tuple[int, int], ...] | None = None  # token spans, on first match

    def add(self, labels: list[str], i: int, j: int) -> None:
        """The labels of a term found from token ``i`` to token ``j``."""
        spans = self._spans
        if spans is None:
            spans = self._spans = spans_of(self.folded)
        start, end = spans[i][0], spans[j][1]
        text = self.folded[start:end]
        for label in labels:
            if (label, text) not in self.seen:
                self.seen.add((label, text))
                self.out.append(Match(label, text, start, end))


def _scan_keyed(
    tries: tuple[Trie, Trie, Trie], words: tuple[str, ...], keys: TextKeys, hits: _Hits
) -> None:
    """The three scans of a text in a known language in one pass over its tokens: the other
    languages' terms word for word, its own one-word terms on their number keys, its own longer
    terms on their full keys (walking on from each token where a trie starts)."""
    exact, single, keyed = tries
    number, full, skippable = keys.number, keys.full, keys.skippable
    for i, word in enumerate(words):
        node = exact.get(word)
        if node is not None:
            _walk_from(node, words, None, i, hits)
        node = single.get(number[i])
        if node is not None and _END in node:
            hits.add(node[_END], i, i)
        node = keyed.get(full[i])
        if node is not None:
            _walk_from(node, full, skippable, i, hits)
    hits.out.sort(key=lambda m: (m.start, m.end))


def _walk_from(
    node: dict[str, Any] | None,
    words: tuple[str, ...],
    skippable: tuple[bool, ...] | None,
    i: int,
    hits: _Hits,
) -> None:
    """The terms of a trie that start at token ``i``, from the trie's node for that token."""
    count = len(words)
    j = i
    while node is not None:
        labels = node.get(_END)
        if labels:
            hits.add(labels, i, j)
        j += 1
        if skippable is not None:
            skips = 0
            while j < count and skippable[j] and skips < _SKIPS and words[j] not in node:
                j += 1
                skips += 1
        if j >= count:
            break
        node = node.get(words[j])


def _scan(root: dict[str, Any], words: tuple[str, ...], hits: _Hits) -> None:
    """Every term of a trie found word for word in a token sequence."""
    for i, word in enumerate(words):
        node = root.get(word)
        if node is not None:
            _walk_from(node, words, None, i, hits)


# --- numbers -------------------------------------------------------------------------------
