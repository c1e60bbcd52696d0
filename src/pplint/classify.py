"""Topics of every clause and award criterion, with the words that matched (explainable)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pplint.model import DocPath
from pplint.rulepack import RuleSet
from pplint.tender import Item, Tender
from pplint.text import Match, TermSet


@dataclass(slots=True)
class ItemTopics:
    """What one item is about: topic -> evidence (field, words or ``tag``)."""

    evidence: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def topics(self) -> frozenset[str]:
        return frozenset(self.evidence)

    def add(self, topic: str, where: str, words: str) -> None:
        self.evidence.setdefault(topic, []).append((where, words))


@dataclass(frozen=True, slots=True)
class UnknownTag:
    path: DocPath
    tag: str


@dataclass(slots=True)
class Classification:
    items: dict[tuple[str, int], ItemTopics]
    unknown_tags: list[UnknownTag]
    lexicons: dict[tuple[str, int], dict[str, list[Match]]]  # item -> field -> lexicon matches

    def topics_of(self, item: Item) -> frozenset[str]:
        return self.items[(item.kind, item.index)].topics

    def lex(self, item: Item) -> dict[str, list[Match]]:
        return self.lexicons[(item.kind, item.index)]


def _flatten(signals: Mapping[str, tuple[str, ...]]) -> list[str]:
    return [term for terms in signals.values() for term in terms]


class Classifier:
    """Topic signals and shared lexicons compiled once per rule set, matched per item."""

    def __init__(self, rs: RuleSet):
        self.rs = rs
        self.topic_terms = TermSet({n: _flatten(t.signals) for n, t in rs.topics.items()})
        self.lexicon_terms = TermSet({n: _flatten(lex) for n, lex in rs.lexicons.items()})
        self.rule_topics = {rid: r.topics() for rid, r in rs.rules.items()}

    def classify(self, tender: Tender) -> Classification:
        items: dict[tuple[str, int], ItemTopics] = {}
        lexicons: dict[tuple[str, int], dict[str, list[Match]]] = {}
        unknown: list[UnknownTag] = []
        for item in tender.items:
            found = ItemTopics()
            per_field: dict[str, list[Match]] = {}
            for name, folded in item.folded.items():
                for m in self.topic_terms.find(folded):
                    found.add(m.label, name, m.text)
                per_field[name] = self.lexicon_terms.find(folded)
            for j, tag in enumerate(item.tags):
                if tag in self.rs.topics:
                    found.add(tag, "topics", "tag")
                elif tag in self.rule_topics and self.rule_topics[tag]:
                    for topic in self.rule_topics[tag]:
                        found.add(topic, "topics", f"tag {tag}")
                else:
                    unknown.append(UnknownTag((*item.path, "topics", j), tag))
            items[(item.kind, item.index)] = found
            lexicons[(item.kind, item.index)] = per_field
        return Classification(items, unknown, lexicons)
