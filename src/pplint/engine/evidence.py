"""Evidence for passes: for a rule that holds, the clauses on its topics in its places, and
the words that put each on the topic."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pplint.analysis.context import TenderContext
from pplint.checks.registry import items_in
from pplint.core.model import format_path
from pplint.core.rules import Rule
from pplint.engine.results import Evidence, Passed
from pplint.load.source import SourceDoc

MAX_WORDS = 5  # words shown per clause
CRITERIA_KINDS = frozenset({"topic-weight"})  # kinds that read award criteria only


def passed_by(ctx: TenderContext, doc: SourceDoc, rule: Rule, options: Mapping[str, Any]) -> Passed:
    """The evidence that ``rule`` holds: the on-topic clauses of its places, for a rule that
    names topics or families; nothing for one that judges fields or weights."""
    if not (options.get("topics") or options.get("families")):
        return Passed(rule.id)
    clauses = []
    criteria_only = rule.check in CRITERIA_KINDS
    for item in items_in(ctx, options):
        if not ctx.on_topic(item, options) or (criteria_only and item.kind != "criterion"):
            continue
        words = [w for _, w in ctx.topic_evidence(item, options)]
        clauses.append(
            Evidence(
                item.id,
                format_path(item.path),
                doc.locate(item.path).line,
                tuple(dict.fromkeys(words))[:MAX_WORDS],
            )
        )
    return Passed(rule.id, tuple(clauses))
