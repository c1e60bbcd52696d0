"""Check kind ``forbidden``: words that must not appear (brands, territorial restrictions)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pplint.analysis.fold import Match, merged_spans
from pplint.analysis.tender import PLACES
from pplint.checks.registry import PLACE_LIST, TERMS, Context, Hit, register
from pplint.core.rules import Rule


@register("forbidden", terms=TERMS, unless=TERMS, **{"in": PLACE_LIST})
def forbidden(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Each forbidden term found in the places, unless its clause also has an ``unless`` term."""
    if "terms" not in options:
        return
    spec, unless = options["terms"], options.get("unless")
    where = frozenset(options.get("in") or PLACES)
    if "title" in where:
        title = ctx.tender.title_folded
        found = ctx.find_in(title, spec)
        if found and not (unless and ctx.find_in(title, unless)):
            yield Hit("violation", ("tender", "title"), {"term": found[0].text, "clause": "title"})
    for item in ctx.tender.items:
        if not item.in_places(where):
            continue
        for name, folded in item.folded.items():
            found = outside_title(folded, ctx.find(item, spec, (name,)), ctx.tender.title_folded)
            if not found:
                continue
            if unless and ctx.find(item, unless):
                break
            words = ", ".join(merged_spans(folded, found))
            yield Hit(
                "violation",
                item.field_path(name),
                {"term": words, "clause": item.id},
                clause=item.id,
            )
            break


TITLE_MIN = 8  # a shorter title could be an ordinary phrase


def outside_title(folded: str, found: list[Match], title: str) -> list[Match]:
    """The matches not inside a mention of the tender's own title: a clause naming the contract
    ("the contract \u201cMicrosoft licence renewal\u201d") does not specify a brand by it."""
    title = title.strip()
    if len(title) < TITLE_MIN or not found:
        return found
    spans: list[tuple[int, int]] = []
    at = folded.find(title)
    while at >= 0:
        spans.append((at, at + len(title)))
        at = folded.find(title, at + 1)
    return [m for m in found if not any(a <= m.start and m.end <= b for a, b in spans)]
