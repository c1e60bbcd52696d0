"""One defect, one finding: a rule's hits that differ only by lot become one hit naming the
lots, and weak findings of several rules on the same clause field for the same reasons become
one finding that lists the related rules."""

from __future__ import annotations

import json
from collections.abc import Iterable

from pplint.checks import Hit
from pplint.core.model import Finding

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


def merge_same_defect(findings: list[Finding]) -> list[Finding]:
    """Weak findings at one place (file, field) with the same reasons and elements, from
    different rules, as one finding: the most severe (then the first) rule's, with the others
    in ``related`` and named in its message. Waived findings stay as they are."""
    groups: dict[tuple[object, ...], list[Finding]] = {}
    out: list[Finding | tuple[object, ...]] = []
    for f in findings:
        if f.kind != "weak" or f.waiver is not None:
            out.append(f)
            continue
        key = (f.file, f.path, f.reasons, f.elements)
        if key not in groups:
            groups[key] = []
            out.append(key)
        groups[key].append(f)
    merged: list[Finding] = []
    for entry in out:
        if isinstance(entry, Finding):
            merged.append(entry)
            continue
        group = groups[entry]
        if len(group) == 1:
            merged.append(group[0])
            continue
        first = max(group, key=lambda f: f.severity)  # max keeps the first of equals
        related = tuple(f.rule for f in group if f is not first)
        merged.append(
            first.with_changes(
                related=related,
                message=f"{first.message} The same defect is also reported under "
                f"{', '.join(related)}.",
            )
        )
    return merged
