"""Check kinds over tender fields: lots, accessibility, strategic goals, turnover, ``field``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pplint.analysis.conditions import holds
from pplint.analysis.fold import fold
from pplint.analysis.numbers import numbers
from pplint.checks.registry import (
    FAMILY_LIST,
    NUM,
    PLACE_LIST,
    TERMS,
    TOPICS,
    Context,
    Hit,
    items_in,
    register,
)
from pplint.core.model import DocPath
from pplint.core.rules import Rule

_CONDITION = {"type": "object"}  # validated as a condition by the pack loader


@register("lots", value_min=NUM, generic=TERMS, min_words=NUM)
def lots(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Divide into lots, or say why not (in more than generic words)."""
    t = ctx.tender
    if t.has_lots:
        return
    if "value_min" in options and (t.value is None or t.value < ctx.num(options["value_min"])):
        return
    raw = (t.data["tender"].get("lots_justification") or "").strip()
    if not raw:
        yield Hit("missing", ("tender",), {"field": "lots_justification"})
        return
    folded = fold(raw)
    generic = options.get("generic")
    short = len(folded.split()) < ctx.num(options.get("min_words", 12))
    if short or (generic and _only_generic(ctx, folded, generic)):
        yield Hit(
            "weak",
            ("tender", "lots_justification"),
            {"field": "lots_justification"},
            reasons=("referral-only",),
            details=(
                "the justification gives only generic reasons, not why this "
                "contract cannot be divided",
            ),
        )


def _only_generic(ctx: Context, folded: str, generic: Any) -> bool:
    found = ctx.find_in(folded, generic)
    if not found:
        return False
    rest = folded
    for m in found:
        rest = rest.replace(m.text, " ")
    return len([w for w in rest.split() if len(w) > 3]) < 8


@register("accessibility", topics=TOPICS, generic=TERMS)
def accessibility(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Accessibility criteria must be declared (or clauses on them exist), or justified."""
    t = ctx.tender
    acc = t.data["tender"].get("accessibility")
    has_clause = any(ctx.on_topic(i, options) for i in t.items) if options.get("topics") else False
    if acc is None:
        if not has_clause:
            yield Hit("missing", ("tender",), {"field": "accessibility"})
        return
    if acc.get("criteria") == "not_included":
        text = fold(acc.get("justification") or "")
        generic = options.get("generic")
        if len(text.split()) < 6 or (
            generic and ctx.find_in(text, generic) and len(text.split()) < 15
        ):
            yield Hit(
                "weak",
                ("tender", "accessibility", "justification"),
                {"field": "accessibility.justification"},
                reasons=("referral-only",),
                details=(
                    "the justification does not explain why the purchase is not for use by people",
                ),
            )
    elif acc.get("criteria") == "included" and options.get("topics") and not has_clause:
        yield Hit(
            "missing",
            ("tender", "accessibility", "criteria"),
            {"field": "accessibility.criteria"},
            note="Accessibility is declared as included, but no clause states it.",
        )


_GOAL_MAP = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "additionalProperties": False,
        "properties": {"families": FAMILY_LIST, "topics": TOPICS},
    },
}


@register(
    "strategic",
    goals=_GOAL_MAP,
    codes=_GOAL_MAP,
    require_condition={
        "type": "object",
        "additionalProperties": False,
        "properties": {"families": FAMILY_LIST, "topics": TOPICS, "in": PLACE_LIST},
    },
)
def strategic(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Declared strategic goals and codes must be backed by clauses or criteria."""
    strategic_data = ctx.tender.data["tender"].get("strategic") or {}
    declared: list[tuple[DocPath, str, Mapping[str, Any]]] = []
    goal_map = options.get("goals") or {}
    for i, goal in enumerate(strategic_data.get("goals") or ()):
        if goal in goal_map:
            declared.append((("tender", "strategic", "goals", i), goal, goal_map[goal]))
    code_map = options.get("codes") or {}
    for key in ("environmental_impact", "social_objective", "innovative_acquisition"):
        for i, code in enumerate(strategic_data.get(key) or ()):
            if code in code_map:
                declared.append((("tender", "strategic", key, i), code, code_map[code]))
    for path, goal, want in declared:
        if not any(ctx.on_topic(item, want) for item in ctx.tender.items):
            yield Hit("violation", path, {"goal": goal})
    need = options.get("require_condition")
    if need and not any(ctx.on_topic(i, need) for i in items_in(ctx, need)):
        yield Hit(
            "missing",
            ("clauses",) if "clauses" in ctx.tender.data else ("tender",),
            {"goal": "special execution condition"},
            note="No social, environmental or innovation condition is set for the "
            "performance of the contract.",
        )


@register("turnover", ratio=NUM, topics=TOPICS)
def turnover(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Required turnover must stay proportionate to the contract's annual value."""
    t = ctx.tender
    if t.value is None:
        return
    years = (t.duration_months or 12) / 12
    annual = t.value / max(years, 1.0) if years >= 1 else t.value
    limit = ctx.num(options.get("ratio", 2)) * annual
    for item in t.clauses():
        if item.place != "selection" or not ctx.on_topic(item, options):
            continue
        amounts = numbers(item.body(), "eur")
        if amounts and max(amounts) > limit:
            name = next((f for f in item.fields if f.startswith("text")), item.main_field)
            yield Hit(
                "violation",
                item.field_path(name),
                {
                    "value": f"{max(amounts):,.0f} EUR",
                    "limit": f"{limit:,.0f} EUR",
                    "clause": item.id,
                },
                clause=item.id,
            )


@register(
    "field",
    path={"type": "string"},
    kind={"enum": ["missing", "violation"]},
    **{"if": _CONDITION, "then": _CONDITION},
)
def field_rule(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """When ``if`` holds, ``then`` must hold too; what fails is a ``violation`` (something
    present that must not be), or ``missing`` when the rule says so (something absent)."""
    if holds(options.get("if") or {}, ctx) and not holds(options.get("then") or {}, ctx):
        dotted = options.get("path") or "tender"
        path: DocPath = tuple(int(p) if p.isdigit() else p for p in dotted.split("."))
        yield Hit(options.get("kind", "violation"), path, {"field": dotted})
