"""One defect, one finding: a rule's hits that differ only by lot become one hit naming the
lots, and weak findings of several rules on the same clause field for the same reasons become
one finding that lists the related rules."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TypeVar

from pplint.checks import Hit
from pplint.core.i18n import tr
from pplint.core.model import Finding

LOT_PREFIX = " in lot "
T = TypeVar("T")


def _in_groups(items: Iterable[T], key: Callable[[int, T], object]) -> list[list[T]]:
    """Items grouped by ``key(position, item)``, groups in the order their first item came."""
    groups: dict[object, list[T]] = {}
    for i, item in enumerate(items):
        groups.setdefault(key(i, item), []).append(item)
    return list(groups.values())


def merge_lot_repeats(hits: Iterable[Hit]) -> list[Hit]:
    """Hits with the same kind, place, reasons and values but for their lot, merged in the
    order they came, their lots listed (``in lots L1, L2 and L3``)."""

    def key(i: int, hit: Hit) -> object:
        lot = hit.vars.get("lot")
        if not (isinstance(lot, str) and lot.startswith(LOT_PREFIX)):
            return i  # not a per-lot hit: alone
        return json.dumps(
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

    return [_merged(group) for group in _in_groups(hits, key)]


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


def merge_same_defect(findings: list[Finding], lang: str | None = None) -> list[Finding]:
    """Weak findings at one place (file, field) with the same reasons and elements, from
    different rules, as one finding: the most severe (then the first) rule's, with the others
    in ``related`` and named in its message. Waived findings stay as they are."""

    def key(i: int, f: Finding) -> object:
        if f.kind != "weak" or f.waiver is not None:
            return i  # alone
        return (f.file, f.path, f.reasons, f.elements)

    return [_same_defect(group, lang) for group in _in_groups(findings, key)]


def _same_defect(group: list[Finding], lang: str | None) -> Finding:
    if len(group) == 1:
        return group[0]
    first = max(group, key=lambda f: f.severity)  # max keeps the first of equals
    related = tuple(f.rule for f in group if f is not first)
    return first.with_changes(
        related=related,
        message=first.message
        + " "
        + tr(lang, "The same defect is also reported under {rules}.", rules=", ".join(related)),
    )
