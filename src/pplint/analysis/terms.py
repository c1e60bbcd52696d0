"""Compiled term sets: many labelled word lists matched in one pass over a folded text."""

from __future__ import annotations

import importlib
import re
import warnings
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

from pplint.analysis.budget import regex_budget
from pplint.analysis.fold import TOKEN, Match, fold, keys_of, spans_of, words_of
from pplint.analysis.inflect import LANGS, TextKeys, term_keys
from pplint.analysis.regex_guard import regex_problem

_END = ""  # key that marks the end of a term in the token trie


def _may_match(needles: tuple[str, ...], folded: str) -> bool:
    """Whether a text holds one of a regex's required literals (always, when it has none)."""
    if not needles:
        return True
    if len(needles) == 1:  # the common case, without a generator
        return needles[0] in folded
    return any(n in folded for n in needles)


GRAM = 3  # required literals are at least this long (required_literals)


NeedleIndex = tuple[dict[str, list[tuple[str, tuple[int, ...]]]], tuple[int, ...]]


def needle_indexes(regexes: list[tuple[str, str, tuple[str, ...], str]]) -> dict[str, NeedleIndex]:
    """One needle index per text language ("" for a text of unknown language): the regexes
    written for that language and those written for none."""
    return {lang: needle_index(regexes, lang if lang else None) for lang in ("", *sorted(LANGS))}


def needle_index(
    regexes: list[tuple[str, str, tuple[str, ...], str]], lang: str | None = None
) -> NeedleIndex:
    """The regexes by the first GRAM characters of their required literals: (gram -> [(literal,
    regex numbers)]), and the numbers of the regexes that have none (always run). With
    ``lang``, only the regexes a text in that language runs."""
    by_literal: dict[str, list[int]] = {}
    always: list[int] = []
    for i, (_, _, needles, written_in) in enumerate(regexes):
        if lang and written_in and written_in != lang:
            continue  # a regex is written for its language's wording
        if not needles or any(len(n) < GRAM for n in needles):
            always.append(i)
        for needle in needles:
            by_literal.setdefault(needle, []).append(i)
    index: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
    for needle, numbers in by_literal.items():
        if len(needle) >= GRAM:
            index.setdefault(needle[:GRAM], []).append((needle, tuple(numbers)))
    return index, tuple(always)


def regexes_to_run(
    index: Mapping[str, list[tuple[str, tuple[int, ...]]]],
    always: tuple[int, ...],
    folded: str,
    also: list[tuple[tuple[str, ...], ...]],
) -> list[int]:
    """The numbers of the regexes whose required literals occur in a text, in order: one pass
    over the text's character grams instead of one search per literal; each regex's other
    requirements (``also``: one literal of each group) must occur too."""
    grams = {folded[i : i + GRAM] for i in range(len(folded) - GRAM + 1)}
    found = set(always)
    for gram in grams.intersection(index):
        for needle, numbers in index[gram]:
            if needle in folded:
                found.update(numbers)
    return sorted(n for n in found if all(any(lit in folded for lit in g) for g in also[n]))


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
    return _needles(pattern)[1]


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


# --- regex terms: refused shapes ---------------------------------------------------------


def _needles(pattern: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """The required literals of a pattern (its strongest requirement) and all its top-level
    requirements, from one parse; none when ``re`` cannot compile it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # such a pattern is refused when it first runs
            found = _top_requirements(re.compile(pattern))
    except (re.error, RecursionError, OverflowError):
        return (), ()
    return (found[0] if found else ()), tuple(dict.fromkeys(found))


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
    under the current ``RegexBudget``; a term that does not compile or runs out of time finds
    nothing and is listed in the budget's ``skipped``.
    """

    def __init__(
        self,
        terms: Mapping[str, Iterable[str] | Mapping[str, Iterable[str]]],
        lazy: Callable[[str], bool] = lambda _: False,
    ):
        self._trie: dict[str, Any] = {}  # every literal term, word for word
        # per language, that language's literal terms on inflection keys (inflect.py): a text
        # in that language matches them in their inflected forms too
        # (one-word terms are in a trie of depth one on their number_key)
        self._keyed: dict[str, dict[str, Any]] = {lang: {} for lang in LANGS}
        self._single: dict[str, dict[str, Any]] = {lang: {} for lang in LANGS}
        # per language, word for word, the terms NOT listed under it: a text in that language
        # meets its own language's terms through the keyed tries, which match them anyway
        self._others: dict[str, dict[str, Any]] = {lang: {} for lang in LANGS}
        # regex terms of labels for which ``lazy(label)`` is true are not run by find(), only by
        # find_label(), on the texts that need them
        self._lazy: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        # (label, pattern text, required literals, language or ""); compiled on first use, since
        # most regex terms never get past their literal test (and a stored TermSet stays cheap
        # to load); a text of a known language runs its language's and language-less ones
        self._regexes: list[tuple[str, str, tuple[str, ...], str]] = []
        # per regex, its other required literal groups (required_groups): tested too
        self._also: list[tuple[tuple[str, ...], ...]] = []
        self._compiled: dict[str, Any] = {}  # pattern -> regex, or why it does not compile
        self.label_set: frozenset[str] = frozenset(terms)  # every label a match can carry
        for label, items in terms.items():
            by_lang = items if isinstance(items, Mapping) else {"": items}
            for lang, listed in by_lang.items():
                for term in listed:
                    self._add(label, term, lang, lazy)
        self._needles = needle_indexes(self._regexes)

    def _add(self, label: str, term: str, lang: str, lazy: Callable[[str], bool]) -> None:
        """One term of a label; ``lang`` is its language, or "" when the list has none."""
        if term.startswith("re:"):
            needles, groups = _needles(term[3:])
            if lazy(label):
                self._lazy.setdefault(label, []).append((term[3:], needles))
            else:
                self._regexes.append((label, term[3:], needles, lang if lang in LANGS else ""))
                self._also.append(tuple(g for g in groups if g != needles))
            return
        words = TOKEN.findall(fold(term))
        if not words:
            return
        _insert(self._trie, words, label)
        for other in LANGS:
            if other != lang:
                _insert(self._others[other], words, label)
        if lang in self._keyed:
            keys = term_keys(words, lang)
            _insert(self._keyed[lang] if len(keys) > 1 else self._single[lang], keys, label)

    def __getstate__(self) -> dict[str, Any]:
        """Plain data only (dicts, lists, strings), so that it can be stored as JSON."""
        return {
            "_trie": self._trie,
            "_keyed": self._keyed,
            "_single": self._single,
            "_others": self._others,
            "_regexes": [
                [label, pattern, list(needles), lang]
                for label, pattern, needles, lang in self._regexes
            ],
            "_lazy": {
                label: [[pattern, list(needles)] for pattern, needles in entries]
                for label, entries in self._lazy.items()
            },
            "_also": [[list(group) for group in groups] for groups in self._also],
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore from ``__getstate__`` data (lists where tuples were); ValueError when the
        data does not have that shape."""
        try:
            self._trie, labels = _checked_trie(state["_trie"])
            self._keyed = _per_language(state["_keyed"])
            self._single = _per_language(state["_single"])
            self._others = _per_language(state["_others"])
            self._regexes = [
                (_text(label), _text(pattern), _texts(needles), _language(lang))
                for label, pattern, needles, lang in state["_regexes"]
            ]
            self._lazy = {
                _text(label): [(_text(pattern), _texts(needles)) for pattern, needles in entries]
                for label, entries in state["_lazy"].items()
            }
            self._also = [tuple(_texts(group) for group in groups) for groups in state["_also"]]
            if len(self._also) != len(self._regexes):
                raise ValueError("one list of literal groups per regex term expected")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not a stored term set: {exc}") from None
        self._needles = needle_indexes(self._regexes)
        labels.update(entry[0] for entry in self._regexes)
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

    def find(self, folded: str, lang: str | None = None) -> list[Match]:
        """Every (label, words) found in an already folded text, in text order, no repeats.
        With ``lang`` (the text's language), that language's terms match inflected too."""
        out: list[Match] = []
        seen: set[tuple[str, str]] = set()
        words_ = words_of(folded)
        if lang in self._keyed:
            keys = keys_of(folded, lang)
            _scan_keyed(self, lang, words_, keys, folded, out, seen)
        else:
            _scan(self._trie, words_, folded, out, seen)
        regexes = self._regexes
        index, always = self._needles[lang if lang in LANGS else ""]
        for number in regexes_to_run(index, always, folded, self._also):
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


def _per_language(stored: Any) -> dict[str, dict[str, Any]]:
    """Stored keyed tries, one per language, each checked (a cache is untrusted)."""
    if type(stored) is not dict or set(stored) != set(LANGS):
        raise TypeError("expected one keyed trie per language")
    return {lang: _checked_trie(stored[lang])[0] for lang in LANGS}


def _insert(trie: dict[str, Any], words: list[str], label: str) -> None:
    node = trie
    for word in words:
        node = node.setdefault(word, {})
    labels = node.setdefault(_END, [])
    if label not in labels:
        labels.append(label)


def _scan_keyed(
    ts: TermSet,
    lang: str,
    words: tuple[str, ...],
    keys: TextKeys,
    folded: str,
    out: list[Match],
    seen: set[tuple[str, str]],
) -> None:
    """The three scans of a text in a known language in one pass over its tokens: the other
    languages' terms word for word, its own one-word terms on their number keys, its own longer
    terms on their full keys (walking on from each token where a trie starts)."""
    exact, single, keyed = ts._others[lang], ts._single[lang], ts._keyed[lang]
    number, full, skippable = keys.number, keys.full, keys.skippable
    for i, word in enumerate(words):
        if word in exact:
            _walk_from(exact, words, None, i, folded, out, seen)
        node = single.get(number[i])
        if node is not None and _END in node:
            _found(node[_END], i, i, folded, out, seen)
        if full[i] in keyed:
            _walk_from(keyed, full, skippable, i, folded, out, seen)
    out.sort(key=lambda m: (m.start, m.end))


def _found(
    labels: list[str],
    i: int,
    j: int,
    folded: str,
    out: list[Match],
    seen: set[tuple[str, str]],
) -> None:
    spans = spans_of(folded)  # cached per text
    start, end = spans[i][0], spans[j][1]
    text = folded[start:end]
    for label in labels:
        if (label, text) not in seen:
            seen.add((label, text))
            out.append(Match(label, text, start, end))


def _walk_from(
    root: dict[str, Any],
    words: tuple[str, ...],
    skippable: tuple[bool, ...] | None,
    i: int,
    folded: str,
    out: list[Match],
    seen: set[tuple[str, str]],
) -> None:
    """The terms of a trie that start at token ``i``."""
    count = len(words)
    node = root.get(words[i])
    j = i
    while node is not None:
        labels = node.get(_END)
        if labels:
            _found(labels, i, j, folded, out, seen)
        j += 1
        if skippable is not None:
            skips = 0
            while j < count and skippable[j] and skips < _SKIPS and words[j] not in node:
                j += 1
                skips += 1
        if j >= count:
            break
        node = node.get(words[j])


def _scan(
    root: dict[str, Any],
    words: tuple[str, ...],
    folded: str,
    out: list[Match],
    seen: set[tuple[str, str]],
) -> None:
    """Every term of a trie found word for word in a token sequence, added to ``out`` unless
    ``seen``."""
    for i, word in enumerate(words):
        if word in root:
            _walk_from(root, words, None, i, folded, out, seen)


# --- numbers -------------------------------------------------------------------------------
