"""One defect, one finding: a rule's hits that differ only by lot become one hit naming the
lots."""

from __future__ import annotations

import json
from collections.abc import Iterable

from pplint.checks import Hit

LOT_PREFIX = " in lot "


def merge_lot_repeats(hits: Iterable[Hit]) -> list[Hit]:
    """Hits with the same kind, place, reasons and values but for their lot, merged in the
    order they came, their lots listed (``in lots L1, L2 and L3``)."""
    groups: dict[str, list[Hit]] = {}
    order: list[str] = []
    for hit in hits:
        lot = hit.vars.get("lot")
        key = (
            json.dumps(
                [
                    hit.kind,
                    list(hit.path),
                    list(hit.reasons),
                    hit.clause,
                    hit.note,
                    list(hit.elements),
                    sorted((k, str(v)) for k, v in hit.vars.items() if k != "lot"),
                ]
            )
            if isinstance(lot, str) and lot.startswith(LOT_PREFIX)
            else f"#{len(order)}"
        )
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(hit)
    return [_merged(groups[key]) for key in order]


def _merged(hits: list[Hit]) -> Hit:
    first = hits[0]
    if len(hits) == 1:
        return first
    lots = [str(h.vars["lot"])[len(LOT_PREFIX) :] for h in hits]
    named = ", ".join(lots[:-1]) + " and " + lots[-1]
    details = tuple(dict.fromkeys(d for h in hits for d in h.details))
    return Hit(
        first.kind,
        first.path,
        {**first.vars, "lot": f" in lots {named}"},
        reasons=first.reasons,
        details=details,
        clause=first.clause,
        note=first.note,
        elements=first.elements,
    )
