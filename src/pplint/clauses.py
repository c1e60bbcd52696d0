"""Model clauses: each rule's jinja2 templates, filled from the tender they fix."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from pplint.rulepack import Rule, RuleSet


@cache
def _env() -> Any:
    import jinja2

    return jinja2.Environment(
        undefined=jinja2.ChainableUndefined, autoescape=False, keep_trailing_newline=False,
    )


def _number(value: float) -> float | int:
    """30.0 reads as 30 in a clause."""
    return int(value) if float(value).is_integer() else value


def pick_language(rule: Rule, language: str) -> str:
    for lang in (language, "en", "es", "ca"):
        if lang in rule.model_clause:
            return lang
    return next(iter(rule.model_clause))


def render(rule: Rule, rs: RuleSet, tender: Mapping[str, Any] | None, language: str | None = None,
           params: Mapping[str, float] | None = None) -> str:
    """The rule's model clause in the tender's language (or English), filled from the tender."""
    tender = tender or {}
    lang = pick_language(rule, language or str(tender.get("language") or "en"))
    values = {name: {"value": _number(params.get(name, p.value) if params else p.value),
                     "unit": p.unit, "source": p.source} for name, p in rs.params.items()}
    template = _env().from_string(rule.model_clause[lang])
    try:
        text = template.render(tender=tender, rule={"id": rule.id, "title": rule.title},
                               lang=lang, params=values)
    except Exception as exc:  # a template error must not hide the findings
        return f"[model clause of {rule.id} could not be rendered: {exc}]"
    return " ".join(text.split())
