"""One tender as the conditions and the checks see it: its view, its classification, the rule
set and params, and every word-list match, all through the rule set's one compiled term set."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pplint.analysis.asserted import asserted_somewhere
from pplint.analysis.classify import Classification, spec_label
from pplint.analysis.fold import Match
from pplint.analysis.sentences import mention_stands
from pplint.analysis.tender import Item, Tender
from pplint.analysis.terms import TermSet
from pplint.core.rules import RuleSet, resolve


@dataclass(slots=True)
class TenderContext:
    """What conditions and check kinds may ask about one tender (the ``ctx`` of a kind)."""

    tender: Tender
    classification: Classification
    rs: RuleSet
    params: Mapping[str, float] = field(default_factory=dict)
    _scans: dict[str, list[Match]] = field(default_factory=dict)
    _mentions: dict[str, bool] = field(default_factory=dict)
    _topics: frozenset[str] | None = None
    _families: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)  # facts a check derives once per tender
    # item keys per topic and per family, indexed on first use (on_topic_keys)
    _by_topic: tuple[dict[str, set[tuple[str, int]]], dict[str, set[tuple[str, int]]]] | None = None

    # -- word lists ------------------------------------------------------------------------

    def find(self, item: Item, spec: Any, only: Iterable[str] | None = None) -> list[Match]:
        """Matches of a lexicon name or inline term list in an item's fields (all by default),
        from the single scan done at classification."""
        return [m for _, m in self.classification.find(item, spec_label(spec), only)]

    def find_in(self, folded: str, spec: Any) -> list[Match]:
        """Matches of a lexicon name or inline term list in any other folded text (the title,
        a justification), with the same compiled term set; each text is scanned once."""
        label = spec_label(spec)
        lang = self.tender.language
        terms = self.classification.terms
        if label not in terms.label_set:  # a plugin's own list, not in the rule set
            return _standalone(label, _term_list(self.rs, spec)).find(folded, lang)
        scanned = self._scans.get(folded)
        if scanned is None:
            scanned = self._scans[folded] = terms.find(folded, lang)
        out = [m for m in scanned if m.label == label]
        seen = {m.text for m in out}
        out.extend(m for m in terms.find_label(folded, label, lang) if m.text not in seen)
        return out

    def mentions(self, spec: Any) -> bool:
        """Whether the title or any clause or criterion says one of the terms as a fact: not
        denied, not under a condition (``asserted.py``); cached."""
        key = spec_label(spec)
        if key not in self._mentions:
            title = self.tender.title_folded
            self._mentions[key] = any(
                asserted_somewhere(title, m.text) for m in self.find_in(title, spec)
            ) or any(
                mention_stands(
                    item.folded,
                    ((name, m.text) for name, m in self.classification.find(item, key)),
                    asserted_somewhere,
                )
                for item in self.tender.items
            )
        return self._mentions[key]

    # -- topics ----------------------------------------------------------------------------

    def topics_of(self, item: Item) -> frozenset[str]:
        return self.classification.topics_of(item)

    def families_of(self, item: Item) -> frozenset[str]:
        key = (item.kind, item.index)
        found = self._families.get(key)
        if found is None:
            found = self._families[key] = frozenset(
                self.rs.topics[t].family for t in self.topics_of(item)
            )
        return found

    def topics_present(self) -> frozenset[str]:
        """Every topic found in some clause or criterion of the tender."""
        if self._topics is None:
            out: set[str] = set()
            for item in self.tender.items:
                out |= self.classification.topics_of(item)
            self._topics = frozenset(out)
        return self._topics

    def on_topic(self, item: Item, options: Mapping[str, Any]) -> bool:
        """Whether an item is about the option's ``topics`` or ``families``."""
        topics = options.get("topics")
        families = options.get("families")
        if not topics and not families:
            return True
        if topics and not self.topics_of(item).isdisjoint(topics):
            return True
        return bool(families and not self.families_of(item).isdisjoint(families))

    def on_topic_keys(self, options: Mapping[str, Any]) -> frozenset[tuple[str, int]] | None:
        """The (kind, index) of every item ``on_topic`` is true of, from an index of items by
        topic and family built once per tender; None when the options name neither."""
        topics = options.get("topics")
        families = options.get("families")
        if not topics and not families:
            return None
        if self._by_topic is None:
            self._by_topic = self._items_by_topic()
        by_topic, by_family = self._by_topic
        keys: set[tuple[str, int]] = set()
        for topic in topics or ():
            keys |= by_topic.get(topic, frozenset())
        for family in families or ():
            keys |= by_family.get(family, frozenset())
        return frozenset(keys)

    def _items_by_topic(
        self,
    ) -> tuple[dict[str, set[tuple[str, int]]], dict[str, set[tuple[str, int]]]]:
        """Item keys per topic and per family."""
        by_topic: dict[str, set[tuple[str, int]]] = {}
        by_family: dict[str, set[tuple[str, int]]] = {}
        for item in self.tender.items:
            key = (item.kind, item.index)
            for topic in self.topics_of(item):
                by_topic.setdefault(topic, set()).add(key)
            for family in self.families_of(item):
                by_family.setdefault(family, set()).add(key)
        return by_topic, by_family

    def items_on(self, options: Mapping[str, Any], items: Iterable[Item]) -> list[Item]:
        """The items, in order, that are about the option's ``topics`` or ``families``
        (every item when it names neither): ``on_topic`` for many items at once."""
        keys = self.on_topic_keys(options)
        if keys is None:
            return list(items)
        return [item for item in items if (item.kind, item.index) in keys]

    def topic_evidence(self, item: Item, options: Mapping[str, Any]) -> list[tuple[str, str]]:
        """(field, words) that put an item on the option's ``topics`` or ``families``, topic
        by topic in name order."""
        topics = set(options.get("topics") or ())
        families = set(options.get("families") or ())
        evidence = self.classification.items[(item.kind, item.index)].evidence
        return [
            hit
            for topic, found in sorted(evidence.items())
            if topic in topics or self.rs.topics[topic].family in families
            for hit in found
        ]

    # -- numbers ---------------------------------------------------------------------------

    def num(self, value: Any) -> float:
        """A number, or a ``$param`` resolved with this run's overrides."""
        return float(resolve(self.rs, value, self.params))


def _term_list(rs: RuleSet, spec: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    lists = rs.lexicons[spec] if isinstance(spec, str) else spec
    return tuple((lang, tuple(terms)) for lang, terms in lists.items())


@lru_cache(maxsize=64)
def _standalone(label: str, terms: tuple[tuple[str, tuple[str, ...]], ...]) -> TermSet:
    """A term set for a word list that the rule set's compiled set does not hold."""
    return TermSet({label: dict(terms)})
