"""Rule documentation from pack metadata: table, JSON, Markdown reference, `explain` text."""

from __future__ import annotations

from typing import Any

from pplint.core.rules import Refinement, Rule, RuleSet
from pplint.packs import clauses

_CONDITION_WORDS = {
    "nature": "contract nature is {v}",
    "cpv": "a main CPV code starts with {v}",
    "not_cpv": "no main CPV code starts with {v}",
    "any_cpv": "a CPV code, main or additional, starts with {v}",
    "value_min": "estimated value is at least {v}",
    "value_max": "estimated value is below {v}",
    "country": "buyer country is {v}",
    "not_country": "buyer country is not {v}",
    "city": "buyer city is {v}",
    "language": "tender language is {v}",
    "procedure": "procedure is {v}",
    "personal_data": "personal data processed: {v}",
    "hardware": "ICT hardware supplied: {v}",
    "subcontracting": "subcontracting allowed: {v}",
    "lots": "divided into lots: {v}",
    "reserved": "a lot is reserved: {v}",
    "goals": "declared strategic goal {v}",
    "codes": "declared eForms code {v}",
    "gpp_criteria": "GPP criteria set {v}",
    "accessibility": "accessibility criteria {v}",
    "mentions": "the tender mentions {v}",
    "has_topic": "a clause is about {v}",
}


def condition_text(cond: dict[str, Any], rs: RuleSet) -> str:
    """A condition in words: `contract nature is services and a CPV code starts with 72`."""
    if not cond:
        return "always"
    parts = []
    for key, value in cond.items():
        if key == "any":
            parts.append("(" + " or ".join(condition_text(c, rs) for c in value) + ")")
        elif key == "not":
            parts.append("not (" + condition_text(value, rs) + ")")
        else:
            if isinstance(value, list):
                shown = " or ".join(str(v) for v in value)
            elif isinstance(value, str) and value.startswith("$") and value[1:] in rs.params:
                p = rs.params[value[1:]]
                shown = f"{p.value:,.0f}{' ' + p.unit if p.unit else ''} ({value[1:]})"
            elif isinstance(value, dict):
                shown = "one of its terms"
            else:
                shown = str(value).lower() if isinstance(value, bool) else str(value)
            parts.append(_CONDITION_WORDS[key].format(v=shown))
    return " and ".join(parts)


def rules_data(rs: RuleSet) -> list[dict[str, Any]]:
    out = []
    for r in rs.rule_list():
        out.append(
            {
                "id": r.id,
                "title": r.title,
                "family": r.family,
                "severity": r.severity.label,
                "pack": r.pack,
                "check": r.check,
                "applies": condition_text(r.applies, rs),
                "legal_basis": r.legal_basis,
                "message": r.message,
                "rationale": r.rationale,
                "refinements": [
                    {
                        "pack": ref.pack,
                        "when": condition_text(ref.when, rs),
                        "severity": ref.severity.label if ref.severity else None,
                    }
                    for ref in r.refinements
                ],
            }
        )
    return out


def params_data(rs: RuleSet) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "value": p.value,
            "unit": p.unit,
            "source": p.source,
            "date": p.date,
            "verified": p.verified,
            "pack": p.pack,
        }
        for p in sorted(rs.params.values(), key=lambda p: p.name)
    ]


def rules_table(rs: RuleSet) -> Any:
    from rich.table import Table

    table = Table(title=f"{len(rs.rules)} rules in {len(rs.packs)} packs", title_justify="left")
    for col in ("id", "severity", "family", "title", "pack"):
        table.add_column(col)
    for r in rs.rule_list():
        table.add_row(r.id, r.severity.label, r.family, r.title, r.pack)
    return table


def params_table(rs: RuleSet) -> Any:
    from rich.table import Table

    table = Table(
        title="params (override with `params:` in the configuration)", title_justify="left"
    )
    for col in ("name", "value", "source", "verified"):
        table.add_column(col)
    for p in sorted(rs.params.values(), key=lambda p: p.name):
        table.add_row(
            p.name,
            f"{p.value:g}{' ' + p.unit if p.unit else ''}",
            p.source,
            "yes" if p.verified else "no",
        )
    return table


def _legal_lines(rule: Rule) -> list[str]:
    out = []
    for b in rule.legal_basis:
        line = b["instrument"] + (f", {b['article']}" if b.get("article") else "")
        if b.get("url"):
            line += f" <{b['url']}>"
        out.append(line)
    return out


def explain_text(rule: Rule, rs: RuleSet, lang: str | None = None) -> str:
    """The text of `pplint explain RULE`."""
    lines = [
        f"{rule.id}: {rule.title}",
        "",
        f"  family:    {rule.family}",
        f"  severity:  {rule.severity.label}",
        f"  pack:      {rule.pack}",
        f"  check:     {rule.check}",
        f"  applies:   {condition_text(rule.applies, rs)}",
        "",
    ]
    lines += ["What it reports:", f"  {rule.message}", "", "Why:", f"  {rule.rationale}", ""]
    lines += ["Legal basis:"] + [f"  - {line}" for line in _legal_lines(rule)] + [""]
    for ref in rule.refinements:
        sev = f" severity {ref.severity.label}" if ref.severity else ""
        opts = f" options {ref.options}" if ref.options else ""
        lines.append(f"Refined by pack {ref.pack} when {condition_text(ref.when, rs)}:{sev}{opts}")
    if rule.refinements:
        lines.append("")
    if rule.notes:
        lines += ["Limits of the check:", f"  {rule.notes}", ""]
    langs = [lang] if lang else list(rule.model_clause)
    for code in langs:
        if code in rule.model_clause:
            text = clauses.render(rule, rs, _sample_tender(), code)
            lines += [f"Model clause ({code}):", f"  {text}", ""]
    lines.append(f"Examples: {len(rule.examples)} (run them with `pplint test`).")
    return "\n".join(lines) + "\n"


def _sample_tender() -> dict[str, Any]:
    return {
        "id": "[tender id]",
        "title": "[tender title]",
        "buyer": {"name": "[contracting authority]", "country": "", "city": ""},
        "language": "en",
    }


def markdown(rs: RuleSet) -> str:
    """The index of the rule reference (docs/rules.md): every pack and rule, and the params."""
    counts = {p.name: sum(r.pack == p.name for r in rs.rules.values()) for p in rs.packs}
    return _render(
        _INDEX, rules=rs.rule_list(), packs=rs.packs, counts=counts, params=params_data(rs)
    )


def pack_markdown(rs: RuleSet, pack: str) -> str:
    """The reference page of one pack (docs/rules/PACK.md): its rules, one section each, the
    refinements it makes to other packs' rules, its topics and its params."""
    (meta,) = [p for p in rs.packs if p.name == pack]
    rules = [_rule_section(r, rs) for r in rs.rule_list() if r.pack == pack]
    refinements = [
        {"rule": r, **_refinement(ref, rs)}
        for r in rs.rule_list()
        if r.pack != pack
        for ref in r.refinements
        if ref.pack == pack
    ]
    topics = sorted((t for t in rs.topics.values() if t.pack == pack), key=lambda t: t.name)
    params = [p for p in params_data(rs) if p["pack"] == pack]
    return _render(
        _PACK, pack=meta, rules=rules, refinements=refinements, topics=topics, params=params
    )


def markdown_pages(rs: RuleSet) -> dict[str, str]:
    """Every page of the rule reference by its path under docs/: ``rules.md``, the index,
    and ``rules/PACK.md`` for each pack (each carries the GENERATED line, so that a writer
    can tell a generated page from one written by hand)."""
    pages = {"rules.md": markdown(rs)}
    for p in rs.packs:
        pages[f"rules/{p.name}.md"] = pack_markdown(rs, p.name)
    return pages


def _rule_section(r: Rule, rs: RuleSet) -> dict[str, Any]:
    return {
        "rule": r,
        "applies": condition_text(r.applies, rs),
        "legal": _legal_lines(r),
        "refinements": [_refinement(ref, rs) for ref in r.refinements],
        "clauses": {code: clauses.render(r, rs, _sample_tender(), code) for code in r.model_clause},
        "message": " ".join(r.message.split()),
        "rationale": " ".join(r.rationale.split()),
        "notes": " ".join(r.notes.split()),
    }


def _refinement(ref: Refinement, rs: RuleSet) -> dict[str, Any]:
    return {
        "pack": ref.pack,
        "when": condition_text(ref.when, rs),
        "severity": ref.severity.label if ref.severity else "",
        "options": ref.options,
    }


def _render(template: str, **values: Any) -> str:
    from jinja2 import Environment

    env = Environment(
        autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True
    )
    env.filters["cell"] = lambda text: " ".join(str(text).split()).replace("|", "\\|")
    return env.from_string(template).render(generated=GENERATED, **values)


GENERATED = (
    "Generated from the rule packs by `pplint rules --format markdown --output-dir docs`; "
    "do not edit by hand."
)

_PARAMS = """\
| name | value | unit | source | verified |
| --- | --- | --- | --- | --- |
{% for p in params %}
| {{ p.name }} | {{ '%g' % p.value }} | {{ p.unit or '' }} | {{ p.source | cell }} | \
{{ 'yes' if p.verified else 'no' }} |
{% endfor %}
"""

_INDEX = (
    """\
# pplint rule reference

{{ generated }}
{{ rules | length }} rules in {{ packs | length }} packs, one page each.

## Packs

| pack | title | jurisdiction | active | rules |
| --- | --- | --- | --- | --- |
{% for p in packs %}
| [{{ p.name }}](rules/{{ p.name }}.md) | {{ p.title | cell }} | {{ p.jurisdiction }} | \
{{ 'by default' if p.default else 'opt-in' }} | {{ counts[p.name] }} |
{% endfor %}

## Rules

| id | severity | family | title | pack |
| --- | --- | --- | --- | --- |
{% for r in rules %}
| [{{ r.id }}](rules/{{ r.pack }}.md#{{ r.id | lower }}) | {{ r.severity.label }} | \
{{ r.family }} | {{ r.title | cell }} | [{{ r.pack }}](rules/{{ r.pack }}.md) |
{% endfor %}

## Params

"""
    + _PARAMS
)

_PACK = (
    """\
# {{ pack.title }}

{{ generated }}
Pack `{{ pack.name }}`{% if pack.jurisdiction %}, jurisdiction {{ pack.jurisdiction }}{% endif %}, \
{% if pack.default %}active by default{% else %}opt-in (enable it with `packs: [{{ pack.name }}]` \
in the configuration){% endif %}. [All packs and rules](../rules.md).
{% if pack.description %}

{{ pack.description | cell }}
{% endif %}
{% if rules %}

| id | severity | family | title |
| --- | --- | --- | --- |
{% for r in rules %}
| [{{ r.rule.id }}](#{{ r.rule.id | lower }}) | {{ r.rule.severity.label }} | \
{{ r.rule.family }} | {{ r.rule.title | cell }} |
{% endfor %}
{% endif %}
{% for r in rules %}

## {{ r.rule.id }}

**{{ r.rule.title }}**. Family {{ r.rule.family }}, severity {{ r.rule.severity.label }}, \
pack `{{ r.rule.pack }}`, check `{{ r.rule.check }}`.

- Applies: {{ r.applies }}.
- Reports: {{ r.message }}
- Why: {{ r.rationale }}
- Legal basis:
{% for line in r.legal %}
  - {{ line }}
{% endfor %}
{% for f in r.refinements %}
- Refined by [`{{ f.pack }}`]({{ f.pack }}.md) when {{ f.when }}\
{% if f.severity %}: severity {{ f.severity }}{% endif %}\
{% if f.options %}, options `{{ f.options }}`{% endif %}.
{% endfor %}
{% if r.notes %}
- Limits: {{ r.notes }}
{% endif %}
{% for code, text in r.clauses.items() %}

Model clause ({{ code }}):

> {{ text }}
{% endfor %}
{% endfor %}
{% if refinements %}

## Refinements of other packs' rules

| rule | when | severity | options |
| --- | --- | --- | --- |
{% for f in refinements %}
| [{{ f.rule.id }}]({{ f.rule.pack }}.md#{{ f.rule.id | lower }}) | {{ f.when | cell }} | \
{{ f.severity }} | {% if f.options %}`{{ f.options }}`{% endif %} |
{% endfor %}
{% endif %}
{% if topics %}

## Topics

| topic | family | title |
| --- | --- | --- |
{% for t in topics %}
| `{{ t.name }}` | {{ t.family }} | {{ t.title | cell }} |
{% endfor %}
{% endif %}
{% if params %}

## Params

"""
    + _PARAMS
    + """\
{% endif %}
"""
)
