"""Model clauses: each rule's jinja2 templates, filled from the tender they fix.

Templates come from rule packs, which are untrusted. A template is checked against an
allow-list of jinja2 constructs (`template_check`; when its pack loads, and again before it is
rendered, since a cached rule set skips the load check) and rendered in jinja2's immutable
sandbox (`sandbox`), with bounds on its output, on the texts and lists it builds, on its loop
steps and on its time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from pplint.core.rules import Rule, RuleSet
from pplint.packs.sandbox import (
    FILTERS,
    MAX_INT_BITS,
    MAX_OUTPUT,
    MAX_SECONDS,
    MAX_STEPS,
    MAX_TEMPLATE,
    TESTS,
    TemplateProblem,
    bounded_work,
    env,
    short,
)
from pplint.packs.template_check import CONTEXT, checked_tree

__all__ = [
    "CONTEXT",
    "FILTERS",
    "MAX_INT_BITS",
    "MAX_OUTPUT",
    "MAX_SECONDS",
    "MAX_STEPS",
    "MAX_TEMPLATE",
    "TESTS",
    "TemplateProblem",
    "pick_language",
    "render",
    "template_problem",
]

# A template whose only markup is ``{{ path }}`` (or ``{{ path | int }}``) needs no parsing
_SIMPLE = re.compile(
    r"\{\{-?\s*(?:tender(?:\.[a-z][a-z0-9_]*)+|params\['[a-z0-9][a-z0-9-]*'\]\.value"
    r"|rule\.(?:id|title)|lang)(?:\s*\|\s*int)?\s*-?\}\}"
)


def template_problem(text: str) -> TemplateProblem | None:
    """Why a model-clause template is refused (syntax, unknown filter, refused construct)."""
    if len(text) <= MAX_TEMPLATE and "{" not in _SIMPLE.sub("", text):
        return None
    tree = checked_tree(text)
    return tree if isinstance(tree, TemplateProblem) else None


@functools.lru_cache(maxsize=512)
def _compile(text: str) -> Any:
    """The template compiled from its checked tree, or why it is refused (cached by text)."""
    tree = checked_tree(text)
    if isinstance(tree, TemplateProblem):
        return tree
    try:
        return env().from_string(tree)
    except Exception as exc:  # anything else jinja2 refuses
        return TemplateProblem(f"the template cannot be compiled: {short(exc)}")


def _number(value: float) -> float | int:
    """30.0 reads as 30 in a clause."""
    return int(value) if float(value).is_integer() else value


def pick_language(rule: Rule, language: str) -> str:
    for lang in (language, "en", "es", "ca"):
        if lang in rule.model_clause:
            return lang
    return next(iter(rule.model_clause))


def render(
    rule: Rule,
    rs: RuleSet,
    tender: Mapping[str, Any] | None,
    language: str | None = None,
    params: Mapping[str, float] | None = None,
) -> str:
    """The rule's model clause in the tender's language (or English), filled from the tender;
    a short note in brackets instead when the template is refused or fails."""
    tender = tender or {}
    with bounded_work():
        try:  # a cached rule set is untrusted too: nothing here may raise
            lang = pick_language(rule, language or str(tender.get("language") or "en"))
            values = {
                name: {
                    "value": _number(params.get(name, p.value) if params else p.value),
                    "unit": p.unit,
                    "source": p.source,
                }
                for name, p in rs.params.items()
            }
            template = _compile(rule.model_clause[lang])
            if isinstance(template, TemplateProblem):
                raise template
            text = _generate(
                template,
                dict(
                    tender=tender,
                    rule={"id": rule.id, "title": rule.title},
                    lang=lang,
                    params=values,
                ),
            )
        except Exception as exc:  # a template error must not hide the findings
            return f"[model clause of {rule.id} could not be rendered: {short(exc)}]"
    return " ".join(text.split())


def _generate(template: Any, context: dict[str, Any]) -> str:
    """Render piece by piece, stopping as soon as the output passes its bound."""
    parts: list[str] = []
    size = 0
    for part in template.generate(**context):
        size += len(part)
        if size > MAX_OUTPUT:
            raise TemplateProblem(f"the clause is longer than {MAX_OUTPUT:,} characters")
        parts.append(part)
    return "".join(parts)
