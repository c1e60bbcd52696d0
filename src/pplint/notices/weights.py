"""Award criterion weights of a notice as the tender format has them: percentages of a lot.

Percentages are kept; points and decimals become shares of the sum of the lot's top-level
criteria; an order of importance becomes a rank, never a made-up percentage. A criterion whose
number is the sum of the numbers of the criteria right after it is their parent: those are
folded into it (named in its description), so that they are not counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PERCENT = ("per-exa", "per-mid")
SHARES = ("poi-exa", "poi-mid", "dec-exa", "dec-mid")
RANK = "ord-imp"


@dataclass(slots=True)
class Criterion:
    """One award criterion of a lot, as read from a notice."""

    element: Any
    ctype: str
    name: str
    description: str = ""
    scoring: str = ""
    number: float | None = None  # as written (BT-541)
    kind: str | None = None  # what the number is (BT-5421)
    number_element: Any = None
    weight: float | None = None  # percent of the lot, once normalised
    rank: int | None = None
    notes: list[str] = field(default_factory=list)

    def key(self) -> tuple[Any, ...]:
        """What makes two lots' criteria the same."""
        return (self.ctype, self.name, self.description, self.number, self.kind, self.scoring)


def normalise(criteria: list[Criterion]) -> list[Criterion]:
    """The lot's criteria with weights in percent (or ranks), sub-criteria folded in."""
    top = _fold_children(criteria)
    weighted = [c for c in top if c.number is not None and c.kind in PERCENT + SHARES]
    scales = {(c.kind or "")[:3] for c in weighted}  # per, poi or dec
    if len(scales) > 1:  # percentages, points and decimals side by side: no common scale
        top[0].notes.append(
            f"the lot gives weights on several scales ({', '.join(sorted(scales))}): "
            "they are left out"
        )
        return top
    kinds = {"percent" if c.kind in PERCENT else "share" for c in weighted}
    for c in top:
        if c.kind == RANK and c.number is not None and c.number >= 1 and c.number == int(c.number):
            c.rank = int(c.number)
    if kinds == {"percent"}:
        for c in weighted:
            c.weight = _round(c.number or 0)
    elif kinds == {"share"}:
        total = sum(c.number or 0 for c in weighted)
        if total > 0:
            for c, share in zip(weighted, _shares([c.number or 0 for c in weighted]), strict=True):
                c.weight = share
            top[0].notes.append(
                f"weights given as {weighted[0].kind} numbers summing to {_round(total):g} "
                "were turned into percentages of that sum"
            )
    for c in top:
        if c.weight is not None and not 0 <= c.weight <= 100:
            c.notes.append(f"weight {c.weight:g} of {c.name!r} is out of 0..100: left out")
            c.weight = None
    return top


def _shares(numbers: list[float]) -> list[float]:
    """Percentages of the numbers' sum, to two decimals, summing to exactly 100 (the hundredths
    left by rounding down go to the largest remainders)."""
    total = sum(numbers)
    exact = [n * 10000 / total for n in numbers]
    floors = [int(e) for e in exact]
    left = 10000 - sum(floors)
    order = sorted(range(len(numbers)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[:left]:
        floors[i] += 1
    return [_round(f / 100) for f in floors]


def _fold_children(criteria: list[Criterion]) -> list[Criterion]:
    """The criteria with those that sum to the one before them folded into it."""
    out: list[Criterion] = []
    i = 0
    while i < len(criteria):
        parent = criteria[i]
        children = _children(criteria, i)
        if children:
            names = "; ".join(f"{c.name} ({c.number:g})" for c in children)
            parent.description = f"{parent.description} Sub-criteria: {names}.".strip()
            parent.notes.append(
                f"{len(children)} criteria summing to the weight of {parent.name!r} were "
                "read as its sub-criteria, not counted again"
            )
            i += 1 + len(children)
        else:
            i += 1
        out.append(parent)
    return out


def _children(criteria: list[Criterion], i: int) -> list[Criterion]:
    """The criteria right after criterion ``i`` (at least two, of its kind) whose numbers sum
    to its own, when the lot's sum is a round total (1, 10, 100, 1000) only without them."""
    parent = criteria[i]
    if parent.number is None or parent.kind not in PERCENT + SHARES:
        return []
    grand = sum(c.number or 0 for c in criteria if c.kind == parent.kind)
    if _round_total(grand):
        return []
    run = 0.0
    for j in range(i + 1, len(criteria)):
        c = criteria[j]
        if c.number is None or c.kind != parent.kind:
            return []
        run += c.number
        if abs(run - parent.number) < 1e-6 and j - i >= 2:
            return criteria[i + 1 : j + 1] if _round_total(grand - run) else []
        if run > parent.number:
            return []
    return []


def _round_total(total: float) -> bool:
    return any(abs(total - t) < 1e-6 for t in (1, 10, 100, 1000))


def _round(value: float) -> float:
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded
