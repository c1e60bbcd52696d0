"""Check kind ``declaration-only``: a performance condition whose only proof is a declaration
given with the offer or at signature, with no monitoring while the contract runs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pplint.checks.registry import PLACE_LIST, TERMS, Context, Hit, items_in, register
from pplint.core.rules import Rule


@register("declaration-only", declaration=TERMS, monitoring=TERMS, **{"in": PLACE_LIST})
def declaration_only(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Each clause of the places whose verification is a declaration and nothing that checks
    the condition during the contract (reports, audits, a frequency)."""
    if "declaration" not in options or "monitoring" not in options:
        return
    for item in items_in(ctx, options):
        if item.kind != "clause":
            continue
        fields = ("verification",) if "verification" in item.folded else tuple(item.folded)
        declared = ctx.find(item, options["declaration"], fields)
        if not declared or ctx.find(item, options["monitoring"]):
            continue
        yield Hit(
            "weak",
            item.field_path(fields[0]),
            {"clause": item.id, "reasons": "no-verification", "term": declared[0].text},
            reasons=("no-verification",),
            details=(
                f"the only proof is a declaration (\u201c{declared[0].text}\u201d): nothing "
                "checks the condition while the contract runs",
            ),
            clause=item.id,
        )
