"""One pass over every text of a tender: topics (explainable) and every word list rules use."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pplint.analysis.fold import Match
from pplint.analysis.sentences import mention_stands
from pplint.analysis.tender import Item, Tender
from pplint.analysis.terms import TermSet
from pplint.core.model import DocPath
from pplint.core.rules import RuleSet

LANGS = frozenset({"en", "es", "ca"})


@dataclass(slots=True)
class ItemTopics:
    """What one item is about: topic -> evidence (field, words or ``tag``)."""

    evidence: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # the evidence's topics, kept until it changes
    _topics: frozenset[str] | None = field(default=None, compare=False, repr=False)

    @property
    def topics(self) -> frozenset[str]:
        if self._topics is None:
            self._topics = frozenset(self.evidence)
        return self._topics

    def add(self, topic: str, where: str, words: str) -> None:
        self.evidence.setdefault(topic, []).append((where, words))
        self._topics = None

    def drop(self, topic: str) -> None:
        """Forget a topic and its evidence (a denied mention)."""
        del self.evidence[topic]
        self._topics = None


@dataclass(frozen=True, slots=True)
class UnknownTag:
    path: DocPath
    tag: str


@dataclass(slots=True)
class Classification:
    items: dict[tuple[str, int], ItemTopics]
    unknown_tags: list[UnknownTag]
    matches: dict[tuple[str, int], dict[str, list[Match]]]  # item -> field -> eager matches
    terms: TermSet
    lazy: dict[tuple[str, int, str, str], list[Match]]  # (kind, index, field, label) -> matches
    language: str = ""  # the tender's: each field's regex terms run in its language
    # per item, label -> field -> eager matches, indexed on the item's first find()
    _by_label: dict[tuple[str, int], dict[str, dict[str, list[Match]]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def topics_of(self, item: Item) -> frozenset[str]:
        return self.items[(item.kind, item.index)].topics

    def find(
        self, item: Item, label: str, only: Iterable[str] | None = None
    ) -> list[tuple[str, Match]]:
        """(field, match) of one label in an item's fields (all by default): literal terms
        from the single classification scan, regex terms run now (once per field)."""
        key = (item.kind, item.index)
        per_field = self.matches[key]
        by_label = self._by_label.get(key)
        if by_label is None:
            by_label = self._by_label[key] = _index_by_label(per_field)
        eager = by_label.get(label, _NO_MATCHES)
        names = per_field if only is None else [f for f in only if f in per_field]
        lazy = self.terms.has_lazy(label)
        out: list[tuple[str, Match]] = []
        for name in names:
            found = eager.get(name)
            if found:
                out.extend((name, m) for m in found)
            if lazy:
                at = (item.kind, item.index, name, label)
                if at not in self.lazy:
                    lang = field_language(name, self.language) or None
                    self.lazy[at] = self.terms.find_label(item.folded[name], label, lang)
                out.extend((name, m) for m in self.lazy[at])
        return out


_NO_MATCHES: dict[str, list[Match]] = {}


def _index_by_label(per_field: Mapping[str, list[Match]]) -> dict[str, dict[str, list[Match]]]:
    """An item's eager matches by label, then field, each list in text order."""
    out: dict[str, dict[str, list[Match]]] = {}
    for name, matches in per_field.items():
        for m in matches:
            out.setdefault(m.label, {}).setdefault(name, []).append(m)
    return out


def _denied_topics(
    item: Item, per_field: Mapping[str, list[Match]], found: ItemTopics
) -> list[str]:
    """Topics an item's text denies ("Ofertas anormalmente bajas: No se establece ningún
    parámetro"): their mentions do not stand (``mention_stands``)."""
    return [
        topic
        for topic in found.evidence
        if not mention_stands(
            item.folded,
            (
                (name, m.text)
                for name, ms in per_field.items()
                for m in ms
                if m.label == f"t:{topic}"
            ),
        )
    ]


def field_language(name: str, default: str) -> str:
    """The language of an item's field: ``text.es`` is Spanish, others the tender's."""
    head, _, lang = name.partition(".")
    return lang if head == "text" and lang in LANGS else default


def spec_label(spec: Any) -> str:
    """The label under which a lexicon name or an inline ``{lang: [terms]}`` list matches."""
    if isinstance(spec, str):
        return f"l:{spec}"
    return "i:" + json.dumps(spec, sort_keys=True, ensure_ascii=False)


def is_inline_terms(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and set(value) <= LANGS
        and all(isinstance(v, list) for v in value.values())
    )


def _inline_specs(value: Any) -> Iterator[dict[str, list[str]]]:
    if is_inline_terms(value):
        yield value
    elif isinstance(value, dict):
        for sub in value.values():
            yield from _inline_specs(sub)
    elif isinstance(value, list):
        for sub in value:
            yield from _inline_specs(sub)


def fits(terms: TermSet, rs: RuleSet) -> bool:
    """Whether a stored term set names only topics the rule set has (a cache is untrusted)."""
    return all(label[2:] in rs.topics for label in terms.label_set if label.startswith("t:"))


def compile_terms(rs: RuleSet) -> TermSet:
    """Topic signals, shared lexicons and every inline word list of the rules, each under its
    own label, compiled into one term set, so that each text of a tender is scanned once."""
    labelled: dict[str, Mapping[str, Iterable[str]]] = {}
    for name, topic in rs.topics.items():
        labelled[f"t:{name}"] = topic.signals
    for name, lexicon in rs.lexicons.items():
        labelled[f"l:{name}"] = lexicon
    for rule in rs.rules.values():
        sources = [rule.options, rule.applies]
        sources += [part for ref in rule.refinements for part in (ref.options, ref.when)]
        for spec in _inline_specs(sources):
            labelled.setdefault(spec_label(spec), spec)
    return TermSet(labelled, lazy=lambda label: not label.startswith("t:"))


@dataclass(frozen=True, slots=True)
class Compiled:
    """A rule set and its compiled term set: what the engine needs, built once per rule set
    and kept in the pack cache."""

    ruleset: RuleSet
    terms: TermSet


def compiled(rs: RuleSet, terms: TermSet | None = None) -> Compiled:
    """The rule set with ``terms`` when they fit it (a stored term set is untrusted), else
    with a term set compiled now."""
    if terms is None or not fits(terms, rs):
        terms = compile_terms(rs)
    else:  # a stored trie found damaged on first use is replaced by one built now
        terms.rebuild_with(lambda: compile_terms(rs))
    return Compiled(rs, terms)


class Classifier:
    """Finds each item's topics and every word list's matches, in one scan per text."""

    def __init__(self, rs: RuleSet, terms: TermSet | None = None):
        self.rs = rs
        self.rule_topics = {rid: r.topics() for rid, r in rs.rules.items()}
        self.natures = {name: t.natures for name, t in rs.topics.items() if t.natures}
        self.terms = compiled(rs, terms).terms

    def classify(self, tender: Tender) -> Classification:
        items: dict[tuple[str, int], ItemTopics] = {}
        matches: dict[tuple[str, int], dict[str, list[Match]]] = {}
        unknown: list[UnknownTag] = []
        elsewhere = {name for name, natures in self.natures.items() if tender.nature not in natures}
        # a text repeated in the tender (the same clause in every lot) is scanned once
        scanned: dict[tuple[str, str | None], list[Match]] = {}
        for item in tender.items:
            found = ItemTopics()
            per_field: dict[str, list[Match]] = {}
            for name, folded in item.folded.items():
                key = (folded, field_language(name, tender.language))
                if key not in scanned:
                    scanned[key] = self.terms.find(*key)
                found_here = per_field[name] = list(scanned[key])
                for m in found_here:
                    if m.label.startswith("t:") and m.label[2:] not in elsewhere:
                        found.add(m.label[2:], name, m.text)
            for topic in _denied_topics(item, per_field, found):
                found.drop(topic)
            for j, tag in enumerate(item.tags):
                if tag in self.rs.topics:
                    found.add(tag, "topics", "tag")
                elif self.rule_topics.get(tag):
                    for topic in self.rule_topics[tag]:
                        found.add(topic, "topics", f"tag {tag}")
                else:
                    unknown.append(UnknownTag((*item.path, "topics", j), tag))
            items[(item.kind, item.index)] = found
            matches[(item.kind, item.index)] = per_field
        return Classification(items, unknown, matches, self.terms, {}, tender.language)
