"""Award-criteria check kinds: price ceiling, weights, sustainability weight, scoring."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from pplint.analysis.fold import fold
from pplint.analysis.tender import Item
from pplint.checks.missing_weak import is_referral_only
from pplint.checks.registry import FAMILY_LIST, NUM, TERMS, TOPICS, Context, Hit, register
from pplint.core.rules import Rule


def by_lot(ctx: Context) -> list[tuple[str | None, list[Item]]]:
    """Criteria per lot (criteria without ``lot`` count for every lot)."""
    criteria = ctx.tender.criteria()
    out = []
    for lot in ctx.tender.lot_ids:
        out.append((lot, [c for c in criteria if c.lot is None or c.lot == lot]))
    unknown = {c.lot for c in criteria if c.lot is not None} - set(ctx.tender.lot_ids)
    for lot in sorted(x for x in unknown if x is not None):
        out.append((lot, [c for c in criteria if c.lot is None or c.lot == lot]))
    return out


def _lot_words(lot: str | None) -> str:
    return f" in lot {lot}" if lot else ""


JUSTIFIED = {"justified": {"type": "boolean"}, "generic": TERMS, "min_words": NUM}
GENERIC_NOTE = (
    "The award_justification given is too short or too generic to set the limit aside: say why "
    "the quality of what is bought cannot vary (for example, fully specified standard goods)."
)


def justification(ctx: Context, lot: str | None) -> str:
    """The stated reason for awarding on price: the lot's, else the tender's."""
    tender = ctx.tender.data["tender"]
    for entry in tender.get("lots") or ():
        if lot is not None and entry.get("id") == lot and entry.get("award_justification"):
            return str(entry["award_justification"])
    return str(tender.get("award_justification") or "")


def justified(ctx: Context, lot: str | None, options: Mapping[str, Any]) -> bool | None:
    """Whether a price-only or price-heavy award is justified: True for a specific reason,
    False for a short, generic or referral-only one, None when none is given."""
    if not options.get("justified", True):
        return None
    folded = fold(justification(ctx, lot).strip())
    if not folded:
        return None
    if len(folded.split()) < ctx.num(options.get("min_words", 10)):
        return False
    generic = options.get("generic")
    if generic and ctx.find_in(folded, generic) and len(folded.split()) < 20:
        return False
    if "referral" not in ctx.rs.lexicons:  # a pack set without the shared lexicons
        return True
    return not ctx.find_in(folded, "referral") or len(folded.split()) >= 20


@register("price-ceiling", max=NUM, **JUSTIFIED)
def price_ceiling(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Price criteria must not weigh more than the ceiling, per lot, unless the tender says
    specifically why (``award_justification``). Weights are shares of the lot's points: 50 of
    55 points is 91%, whatever the scale the tender writes them in."""
    limit = ctx.num(options.get("max", 60))
    reported: set[str] = set()
    for lot, criteria in by_lot(ctx):
        prices = [c for c in criteria if c.ctype == "price"]
        total = sum(c.weight or 0 for c in prices)
        points = sum(c.weight or 0 for c in criteria)
        if points > 0 and all(c.weight is not None for c in criteria):
            total = round(total * 100 / points, 1)
        if prices and total > limit and prices[0].id not in reported:
            reported.add(prices[0].id)
            stated = justified(ctx, lot, options)
            if stated:
                continue
            yield Hit(
                "violation",
                (*prices[0].path, "weight"),
                {
                    "value": f"{total:g}",
                    "limit": f"{limit:g}",
                    "lot": _lot_words(lot),
                    "clause": prices[0].id,
                },
                clause=prices[0].id,
                note=GENERIC_NOTE if stated is False else "",
            )


@register("weights")
def weights(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """The weights of each lot's criteria must sum to 100."""
    if not ctx.tender.criteria():
        return
    for lot, criteria in by_lot(ctx):
        if any(c.weight is None for c in criteria):
            continue  # ranked by importance (a notice's ord-imp): there is no sum to check
        total = sum(c.weight or 0 for c in criteria)
        if abs(total - 100) > 1e-6:
            yield Hit(
                "violation",
                ("award_criteria",),
                {"value": f"{total:g}", "limit": "100", "lot": _lot_words(lot)},
            )


@register("topic-weight", topics=TOPICS, families=FAMILY_LIST, min=NUM)
def topic_weight(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Criteria on the topics must weigh at least ``min`` per lot."""
    limit = ctx.num(options.get("min", 10))
    for lot, criteria in by_lot(ctx):
        if not criteria:
            continue
        on_topic = [c for c in criteria if c.ctype != "price" and ctx.on_topic(c, options)]
        total = sum(c.weight or 0 for c in on_topic)
        values = {"value": f"{total:g}", "limit": f"{limit:g}", "lot": _lot_words(lot)}
        ranked = any(c.weight is None for c in criteria)  # no weight to compare with the limit
        if not on_topic:
            yield Hit("missing", ("award_criteria",), values)
        elif total < limit and not ranked:
            detail = (
                f"criteria {', '.join(c.id for c in on_topic)} weigh {total:g}%, "
                f"under the minimum of {limit:g}%"
            )
            yield Hit(
                "weak", ("award_criteria",), values, reasons=("below-threshold",), details=(detail,)
            )


@register("price-only", **JUSTIFIED)
def price_only(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Award on price alone (no cost or quality criterion) is a violation, unless the tender
    says specifically why (``award_justification``)."""
    for lot, criteria in by_lot(ctx):
        if criteria and all(c.ctype == "price" for c in criteria):
            stated = justified(ctx, lot, options)
            if stated:
                continue
            yield Hit(
                "violation",
                (*criteria[0].path, "type"),
                {"lot": _lot_words(lot), "clause": criteria[0].id},
                clause=criteria[0].id,
                note=GENERIC_NOTE if stated is False else "",
            )


@register(
    "scoring",
    lexicons=("referral",),
    types={"type": "array", "items": {"enum": ["price", "cost", "quality"]}},
    placeholders=TERMS,
    min_words=NUM,
)
def scoring(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Every judged criterion needs a scoring method that says how points are given."""
    types = set(options.get("types") or ("quality", "cost"))
    placeholders = options.get("placeholders")
    min_words = ctx.num(options.get("min_words", 4))
    for crit in ctx.tender.criteria():
        if crit.ctype not in types:
            continue
        folded = crit.folded.get("scoring", "")
        detail, reason = "", "no-verification"
        if not folded:
            detail = "no scoring method: say how points are given"
        elif is_referral_only(ctx, crit, "scoring"):
            detail = "the scoring method only refers to another document: state it here"
            reason = "referral-only"
        elif len(folded.split()) < min_words:
            detail = "the scoring method is too short to say how points are given"
        elif placeholders and ctx.find(crit, placeholders, ("scoring",)) and not _has_scale(folded):
            detail = "the scoring method is a placeholder, with no scale or formula"
        elif not _SCALE.search(folded) and len(_LEVELS.findall(folded)) < 2:
            detail = (
                "the scoring method lists what will be judged but not how points are given "
                "(no points per level, grades, range or formula)"
            )
        if detail:
            yield Hit(
                "weak",
                (*crit.path, "scoring" if folded else "name"),
                {"clause": crit.id, "reasons": reason},
                reasons=(reason,),
                details=(detail,),
                clause=crit.id,
            )


_SCALE = re.compile(
    r"\d\s*(?:puntos?|points?|punts?|pts?)\b|%|\d\s*/\s*\d|"
    r"\b(?:de|from|entre|between)\s+\d+(?:[.,]\d+)?\s+(?:a|to|y|i|and)\s+\d|"
    r"\b(?:formula|proporcional\w*|proportional\w*|linealment\w*|linearly|lineal|"
    r"puntuacion maxima|maxima puntuacion|puntuacio maxima|maxima puntuacio|maximum score|"
    r"maximum points|max(?:imum)? of \d|hasta un maximo|fins a un maxim|escala|scale|"
    r"excelente|muy bueno|bueno|regular|deficiente|insuficiente|suficiente|adecuad[ao]|"
    r"excel.lent|molt bo|bona?|excellent|very good|good|poor|fair|satisfactory|"
    r"unsatisfactory|inadequate|adequate|cero puntos|zero points|0 puntos|0 points|"
    r"por cada|per cada|for each|for every|pass/fail|yes/no|si/no)\b|"
    # an equation: "p2 = 10x(1-((emax-ei) / emax))", "p = (omin / oi) * 30"
    r"\b[a-z]\w{0,8}\s*=\s*(?:\d+(?:[.,]\d+)?\s*[x\u00d7*\u00b7]?\s*)?\(|\)\s*[/*\u00d7]\s*\(?[a-z\d]"
)


_LEVELS = re.compile(r"(?:^|[\s(\[])\d+(?:[.,]\d+)?\s*:\s")  # "25: ... 15: ... 0: ..."


def _has_scale(folded: str) -> bool:
    return any(ch.isdigit() for ch in folded)
