"""The portfolio of many tenders: indicators, charts and the table of tenders."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pplint.core.i18n import tr
from pplint.core.model import RULE_FAMILIES
from pplint.core.rules import RuleSet
from pplint.output.report import labels
from pplint.output.report.charts import Chart, bars
from pplint.output.report.view import Scorecard
from pplint.packs.localize import localize
from pplint.scan.indicators import CEILING, PRICE_BINS

TOP_RULES = 10
TOP_BUYERS = 15


@dataclass(slots=True)
class Buyer:
    """One buyer's tenders and findings."""

    name: str
    tenders: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    scores: list[int] = field(default_factory=list)

    @property
    def score(self) -> int | None:
        return round(statistics.mean(self.scores)) if self.scores else None


@dataclass(slots=True)
class Portfolio:
    """Everything the portfolio page shows."""

    indicators: list[tuple[str, str]]
    charts: list[Chart]
    more_buyers: int  # buyers left out of the chart of buyers


def _percent(lang: str, part: int, whole: int) -> str:
    return f"{labels.number(lang, 100 * part / whole)}%" if whole else "—"


def build(cards: Sequence[Scorecard], rs: RuleSet, lang: str) -> Portfolio:
    """The portfolio of these scorecards, in ``lang``."""
    local = localize(rs, lang)
    read = [c for c in cards if c.readable]
    weights = [c.price_weight for c in read if c.price_weight is not None]
    scores = [c.score for c in read if c.score is not None]
    sev: Counter[str] = Counter()
    for c in cards:
        sev.update(c.by_severity)

    def t(text: str, **values: object) -> str:
        return tr(lang, text, **values)

    indicators = [
        (t("Tenders"), labels.number(lang, len(cards))),
        (t("Tenders with findings"), labels.number(lang, sum(1 for c in cards if c.by_severity))),
        (t("Errors"), labels.number(lang, sev["error"])),
        (t("Warnings"), labels.number(lang, sev["warning"])),
        (t("Information"), labels.number(lang, sev["info"])),
        (t("Waived findings"), labels.number(lang, sum(len(c.waivers) for c in cards))),
        (t("Median score"), f"{labels.number(lang, statistics.median(scores))}" if scores else "—"),
        (
            t("Median price weight"),
            f"{labels.number(lang, statistics.median(weights), 1)}%" if weights else "—",
        ),
        (
            t("Price weighs over {ceiling}%", ceiling=CEILING),
            f"{labels.number(lang, sum(1 for w in weights if w > CEILING))} / "
            f"{labels.number(lang, len(weights))}",
        ),
    ]
    charts = [
        _price_chart(weights, len(read), lang),
        _family_chart(read, lang),
        _rules_chart(cards, local, lang),
    ]
    buyers = _buyers(cards, lang)
    if buyers:
        charts.append(_buyer_chart(buyers[:TOP_BUYERS], lang))
    return Portfolio(
        indicators,
        [c for c in charts if c is not None],
        max(0, len(buyers) - TOP_BUYERS),
    )


def _price_chart(weights: list[float], readable: int, lang: str) -> Chart:
    rows = []
    for lo, hi in PRICE_BINS:
        count = sum(1 for w in weights if lo <= round(w) < hi)
        rows.append((f"{lo}–{min(hi, 100):g}%", float(count), labels.number(lang, count)))
    text = (
        tr(lang, "Price weight across tenders"),
        tr(
            lang,
            "Tenders by the weight of price in their award (the highest among lots); "
            "{unknown} with weights unknown.",
            unknown=readable - len(weights),
        ),
    )
    return bars("chart-price", text, rows, [tr(lang, "Price weight"), tr(lang, "Tenders")])


def _family_chart(read: Sequence[Scorecard], lang: str) -> Chart:
    rows = []
    for name in RULE_FAMILIES:
        if name == "award":  # criteria, not clauses: the price-weight chart shows them
            continue
        count = sum(1 for c in read if name in c.present)
        share = 100 * count / len(read) if read else 0.0
        rows.append((labels.family(lang, name), share, _percent(lang, count, len(read))))
    text = (
        tr(lang, "Tenders with a clause of each family"),
        tr(lang, "Share of tenders with at least one clause or criterion of each family."),
    )
    head = [tr(lang, "Family"), tr(lang, "Share of tenders")]
    return bars("chart-families", text, rows, head, scale_max=100)


def _rules_chart(cards: Sequence[Scorecard], rs: RuleSet, lang: str) -> Chart | None:
    failing: Counter[str] = Counter()
    for c in cards:
        failing.update(c.failed_rules)
    top = sorted(failing.items(), key=lambda x: (-x[1], x[0]))[:TOP_RULES]
    if not top:
        return None
    text = (
        tr(lang, "Rules that fail most"),
        tr(lang, "The rules with findings in most tenders, and in how many."),
    )
    head = [tr(lang, "Rule"), tr(lang, "Title"), tr(lang, "Tenders")]
    table = []
    for rule, n in top:
        known = rs.rules.get(rule)
        table.append([rule, known.title if known else rule, labels.number(lang, n)])
    rows = [(rule, float(n), labels.number(lang, n)) for rule, n in top]
    return bars("chart-rules", text, rows, head, table)


def _buyers(cards: Sequence[Scorecard], lang: str) -> list[Buyer]:
    groups: dict[str, Buyer] = {}
    unknown = tr(lang, "Buyer not named")
    for c in cards:
        name = c.buyer or unknown
        group = groups.setdefault(name, Buyer(name))
        group.tenders += 1
        group.errors += c.by_severity["error"]
        group.warnings += c.by_severity["warning"]
        group.infos += c.by_severity["info"]
        if c.score is not None:
            group.scores.append(c.score)
    return sorted(groups.values(), key=lambda b: (-b.tenders, b.name))


def _buyer_chart(buyers: Sequence[Buyer], lang: str) -> Chart:
    rows = [
        (b.name, float(b.score or 0), "—" if b.score is None else labels.number(lang, b.score))
        for b in buyers
    ]
    text = (
        tr(lang, "Score per buyer"),
        tr(lang, "The mean score of each buyer's tenders (the share of requirements met)."),
    )
    head = [tr(lang, "Buyer"), tr(lang, "Tenders"), tr(lang, "Errors"), tr(lang, "Warnings")]
    head.append(tr(lang, "Mean score"))
    table = [
        [b.name, *(labels.number(lang, n) for n in (b.tenders, b.errors, b.warnings)), shown]
        for b, (_, _, shown) in zip(buyers, rows, strict=True)
    ]
    return bars("chart-buyers", text, rows, head, table, scale_max=100)
