"""Indicators of a scan per country and per buyer, kept as document records come."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pplint.core.model import RULE_FAMILIES

PRICE_BINS = ((0, 30), (30, 50), (50, 60), (60, 80), (80, 100.01))  # percent, upper open
CEILING = 60  # price weight over which a document counts as price-heavy (INN-AWD-002)
TOP_BUYERS = 20


@dataclass(slots=True)
class Group:
    """The counts of one country or one buyer (fixed size, however many documents)."""

    documents: int = 0
    families: dict[str, int] = field(default_factory=dict)
    # documents by price weight rounded to a whole percent
    price_counts: list[int] = field(default_factory=lambda: [0] * 101)
    over_ceiling: int = 0
    with_goals: int = 0
    unbacked: int = 0

    def add(self, record: dict[str, Any]) -> None:
        self.documents += 1
        for family in record.get("families") or ():
            self.families[family] = self.families.get(family, 0) + 1
        weight = record.get("price_weight")
        if isinstance(weight, int | float) and 0 <= weight <= 100:
            self.price_counts[round(weight)] += 1
            self.over_ceiling += weight > CEILING
        if record.get("goals") and record.get("goals") != ["none"]:
            self.with_goals += 1
            if record.get("unbacked_goals"):
                self.unbacked += 1

    def as_dict(self) -> dict[str, Any]:
        """The group's indicators: shares in percent of its documents."""
        counts = self.price_counts
        known = sum(counts)
        return {
            "documents": self.documents,
            "share_with_family": {
                f: round(100 * self.families.get(f, 0) / self.documents, 1) for f in RULE_FAMILIES
            },
            "price_weight": {
                "known": known,
                "median": _median(counts) if known else None,
                "over_ceiling": self.over_ceiling,
                "bins": {
                    f"{lo}-{min(hi, 100):g}": sum(
                        n for percent, n in enumerate(counts) if lo <= percent < hi
                    )
                    for lo, hi in PRICE_BINS
                },
            },
            "declaring_goals": self.with_goals,
            "goals_unbacked": self.unbacked,
        }


def _median(counts: list[int]) -> float:
    """The (lower) median of a histogram of whole percents, read off its running total."""
    middle = (sum(counts) + 1) // 2
    running = 0
    for percent, n in enumerate(counts):
        running += n
        if running >= middle:
            return float(percent)
    return 100.0


@dataclass(slots=True)
class Indicators:
    """Groups by country and by buyer (buyers are named within their country)."""

    countries: dict[str, Group] = field(default_factory=dict)
    buyers: dict[tuple[str, str], Group] = field(default_factory=dict)

    def add(self, record: dict[str, Any]) -> None:
        if record.get("format") is None or record.get("error_code") not in (None, "FMT-LANGUAGE"):
            return  # no tender was read from it
        country = record.get("country") or "?"
        buyer = record.get("buyer") or "?"
        self.countries.setdefault(country, Group()).add(record)
        self.buyers.setdefault((country, buyer), Group()).add(record)

    def as_dict(self) -> dict[str, Any]:
        top = sorted(self.buyers.items(), key=lambda kv: (-kv[1].documents, kv[0]))
        return {
            "countries": {c: g.as_dict() for c, g in sorted(self.countries.items())},
            "buyers": [{"country": c, "buyer": b, **g.as_dict()} for (c, b), g in top[:TOP_BUYERS]],
        }


def render(indicators: Indicators) -> str:
    """The indicators as a plain-text table: countries, then the buyers with most documents."""
    data = indicators.as_dict()
    head = [
        "docs",
        *(f[:5] for f in RULE_FAMILIES),
        "price~",
        ">60%",
        "by-price",
        "goals",
        "unbacked",
    ]
    bins = "/".join(f"{lo}-{min(hi, 100):g}" for lo, hi in PRICE_BINS)
    lines = [
        "Indicators: shares of documents (percent) with a clause or criterion of each family;",
        f"median price weight; documents over 60%; documents by price weight ({bins});",
        "documents declaring strategic goals; of those, with a goal that nothing backs",
    ]
    lines.append(_row("country", head))
    lines += [_row(name, _cells(g)) for name, g in data["countries"].items()]
    lines.append("")
    lines.append(_row("buyer (most documents first)", head))
    lines += [_row(f"{b['country']} {b['buyer']}"[:40], _cells(b)) for b in data["buyers"]]
    return "\n".join(lines) + "\n"


def _cells(group: dict[str, Any]) -> list[str]:
    price = group["price_weight"]
    return [
        str(group["documents"]),
        *(f"{group['share_with_family'][f]:g}" for f in RULE_FAMILIES),
        "-" if price["median"] is None else f"{price['median']:g}",
        str(price["over_ceiling"]),
        "/".join(str(n) for n in price["bins"].values()),
        str(group["declaring_goals"]),
        str(group["goals_unbacked"]),
    ]


def _row(label: str, cells: Iterable[str]) -> str:
    return f"{label:40} " + " ".join(f"{c:>6}" for c in cells)
