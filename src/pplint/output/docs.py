"""Rule documentation from pack metadata: table, JSON, Markdown reference, `explain` text."""

from __future__ import annotations

from typing import Any

from pplint.core.i18n import tr
from pplint.core.rules import Refinement, Rule, RuleSet
from pplint.packs import clauses
from pplint.packs.localize import localize

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


def condition_text(cond: dict[str, Any], rs: RuleSet, lang: str | None = None) -> str:
    """A condition in words: `contract nature is services and a CPV code starts with 72`."""
    if not cond:
        return tr(lang, "always")
    parts = []
    word_or, word_and = f" {tr(lang, 'or')} ", f" {tr(lang, 'and')} "
    for key, value in cond.items():
        if key == "any":
            parts.append("(" + word_or.join(condition_text(c, rs, lang) for c in value) + ")")
        elif key == "not":
            parts.append(tr(lang, "not ({condition})", condition=condition_text(value, rs, lang)))
        else:
            if isinstance(value, list):
                shown = word_or.join(str(v) for v in value)
            elif isinstance(value, str) and value.startswith("$") and value[1:] in rs.params:
                p = rs.params[value[1:]]
                shown = f"{p.value:,.0f}{' ' + p.unit if p.unit else ''} ({value[1:]})"
            elif isinstance(value, dict):
                shown = tr(lang, "one of its terms")
            elif isinstance(value, bool):
                shown = tr(lang, str(value).lower())
            else:
                shown = str(value)
            parts.append(tr(lang, _CONDITION_WORDS[key], v=shown))
    return word_and.join(parts)


def generated(lang: str | None) -> str:
    """The line that marks a generated reference page, in ``lang``."""
    return tr(lang, GENERATED)


def rules_data(rs: RuleSet, lang: str | None = None) -> list[dict[str, Any]]:
    """Every rule as JSON, its texts in ``lang``."""
    rs = localize(rs, lang)
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
                "applies": condition_text(r.applies, rs, lang),
                "legal_basis": r.legal_basis,
                "message": r.message,
                "rationale": r.rationale,
                "refinements": [
                    {
                        "pack": ref.pack,
                        "when": condition_text(ref.when, rs, lang),
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


def rules_table(rs: RuleSet, lang: str | None = None) -> Any:
    from rich.table import Table

    rs = localize(rs, lang)
    title = tr(lang, "{n} rules in {k} packs", n=len(rs.rules), k=len(rs.packs))
    table = Table(title=title, title_justify="left")
    for col in ("id", "severity", "family", "title", "pack"):
        table.add_column(tr(lang, col))
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


def explain_text(
    rule: Rule, rs: RuleSet, lang: str | None = None, clause_langs: list[str] | None = None
) -> str:
    """The text of `pplint explain RULE`, in ``lang``, with the model clauses in
    ``clause_langs`` (all the rule has when None)."""
    rule = localize(rs, lang).rules.get(rule.id, rule)

    names = ("family", "severity", "pack", "check", "applies")
    width = max(len(tr(lang, n)) for n in names) + 2

    def field(name: str, value: str) -> str:
        return f"  {(tr(lang, name) + ':').ljust(width)}{value}"

    lines = [
        f"{rule.id}: {rule.title}",
        "",
        field("family", rule.family),
        field("severity", rule.severity.label),
        field("pack", rule.pack),
        field("check", rule.check),
        field("applies", condition_text(rule.applies, rs, lang)),
        "",
    ]
    lines += [tr(lang, "What it reports:"), f"  {rule.message}", ""]
    lines += [tr(lang, "Why:"), f"  {rule.rationale}", ""]
    lines += [tr(lang, "Legal basis:")] + [f"  - {line}" for line in _legal_lines(rule)] + [""]
    for ref in rule.refinements:
        sev = " " + tr(lang, "severity {s}", s=ref.severity.label) if ref.severity else ""
        opts = " " + tr(lang, "options {options}", options=ref.options) if ref.options else ""
        when = condition_text(ref.when, rs, lang)
        lines.append(tr(lang, "Refined by pack {pack} when {when}:", pack=ref.pack, when=when))
        lines[-1] += sev + opts
    if rule.refinements:
        lines.append("")
    if rule.notes:
        lines += [tr(lang, "Limits of the check:"), f"  {rule.notes}", ""]
    langs = list(rule.model_clause) if clause_langs is None else clause_langs
    for code in langs:
        if code in rule.model_clause:
            text = clauses.render(rule, rs, _sample_tender(), code)
            lines += [tr(lang, "Model clause ({code}):", code=code), f"  {text}", ""]
    lines.append(tr(lang, "Examples: {n} (run them with `pplint test`).", n=len(rule.examples)))
    return "\n".join(lines) + "\n"


def _sample_tender() -> dict[str, Any]:
    return {
        "id": "[tender id]",
        "title": "[tender title]",
        "buyer": {"name": "[contracting authority]", "country": "", "city": ""},
        "language": "en",
    }


def markdown(rs: RuleSet, lang: str | None = None) -> str:
    """The index of the rule reference (docs/rules.md): every pack and rule, and the params."""
    rs = localize(rs, lang)
    counts = {p.name: sum(r.pack == p.name for r in rs.rules.values()) for p in rs.packs}
    return _render(
        _INDEX,
        lang,
        rules=rs.rule_list(),
        packs=rs.packs,
        counts=counts,
        params=params_data(rs),
    )


def pack_markdown(rs: RuleSet, pack: str, lang: str | None = None) -> str:
    """The reference page of one pack (docs/rules/PACK.md): its rules, one section each, the
    refinements it makes to other packs' rules, its topics and its params."""
    rs = localize(rs, lang)
    (meta,) = [p for p in rs.packs if p.name == pack]
    rules = [_rule_section(r, rs, lang) for r in rs.rule_list() if r.pack == pack]
    refinements = [
        {"rule": r, **_refinement(ref, rs, lang)}
        for r in rs.rule_list()
        if r.pack != pack
        for ref in r.refinements
        if ref.pack == pack
    ]
    topics = sorted((t for t in rs.topics.values() if t.pack == pack), key=lambda t: t.name)
    params = [p for p in params_data(rs) if p["pack"] == pack]
    return _render(
        _PACK, lang, pack=meta, rules=rules, refinements=refinements, topics=topics, params=params
    )


def markdown_pages(rs: RuleSet, lang: str | None = None) -> dict[str, str]:
    """Every page of the rule reference by its path under docs/: ``rules.md``, the index,
    and ``rules/PACK.md`` for each pack (each carries the GENERATED line, so that a writer
    can tell a generated page from one written by hand)."""
    pages = {"rules.md": markdown(rs, lang)}
    for p in rs.packs:
        pages[f"rules/{p.name}.md"] = pack_markdown(rs, p.name, lang)
    return pages


def _rule_section(r: Rule, rs: RuleSet, lang: str | None) -> dict[str, Any]:
    return {
        "rule": r,
        "applies": condition_text(r.applies, rs, lang),
        "legal": _legal_lines(r),
        "refinements": [_refinement(ref, rs, lang) for ref in r.refinements],
        "clauses": {code: clauses.render(r, rs, _sample_tender(), code) for code in r.model_clause},
        "message": " ".join(r.message.split()),
        "rationale": " ".join(r.rationale.split()),
        "notes": " ".join(r.notes.split()),
    }


def _refinement(ref: Refinement, rs: RuleSet, lang: str | None) -> dict[str, Any]:
    return {
        "pack": ref.pack,
        "when": condition_text(ref.when, rs, lang),
        "severity": ref.severity.label if ref.severity else "",
        "options": ref.options,
    }


def _render(template: str, lang: str | None, **values: Any) -> str:
    from jinja2 import Environment

    env = Environment(
        autoescape=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True
    )
    env.filters["cell"] = lambda text: " ".join(str(text).split()).replace("|", "\\|")
    env.globals["_"] = lambda text, **kw: tr(lang, text, **kw)
    return env.from_string(template).render(generated=tr(lang, GENERATED), **values)


GENERATED = (
    "Generated from the rule packs by `pplint rules --format markdown --output-dir docs`; "
    "do not edit by hand."
)

_PARAMS = """\
| {{ _("name") }} | {{ _("value") }} | {{ _("unit") }} | {{ _("source") }} | {{ _("verified") }} |
| --- | --- | --- | --- | --- |
{% for p in params %}
| {{ p.name }} | {{ '%g' % p.value }} | {{ p.unit or '' }} | {{ p.source | cell }} | \
{{ _('yes') if p.verified else _('no') }} |
{% endfor %}
"""

_INDEX = (
    """\
# {{ _("pplint rule reference") }}

{{ generated }}
{{ _("{n} rules in {k} packs, one page each.", n=rules | length, k=packs | length) }}

## {{ _("Packs") }}

| {{ _("pack") }} | {{ _("title") }} | {{ _("jurisdiction") }} | {{ _("active") }} | \
{{ _("rules") }} |
| --- | --- | --- | --- | --- |
{% for p in packs %}
| [{{ p.name }}](rules/{{ p.name }}.md) | {{ p.title | cell }} | {{ p.jurisdiction }} | \
{{ _('by default') if p.default else _('opt-in') }} | {{ counts[p.name] }} |
{% endfor %}

## {{ _("Rules") }}

| {{ _("id") }} | {{ _("severity") }} | {{ _("family") }} | {{ _("title") }} | {{ _("pack") }} |
| --- | --- | --- | --- | --- |
{% for r in rules %}
| [{{ r.id }}](rules/{{ r.pack }}.md#{{ r.id | lower }}) | {{ r.severity.label }} | \
{{ r.family }} | {{ r.title | cell }} | [{{ r.pack }}](rules/{{ r.pack }}.md) |
{% endfor %}

## {{ _("Params") }}

"""
    + _PARAMS
)

_PACK = (
    """\
# {{ pack.title }}

{{ generated }}
{{ _("Pack `{name}`", name=pack.name) }}{% if pack.jurisdiction %}, \
{{ _("jurisdiction {j}", j=pack.jurisdiction) }}{% endif %}, \
{% if pack.default %}{{ _("active by default") }}{% else %}\
{{ _("opt-in (enable it with `packs: [{name}]` in the configuration)", name=pack.name) }}\
{% endif %}. [{{ _("All packs and rules") }}](../rules.md).
{% if pack.description %}

{{ pack.description | cell }}
{% endif %}
{% if rules %}

| {{ _("id") }} | {{ _("severity") }} | {{ _("family") }} | {{ _("title") }} |
| --- | --- | --- | --- |
{% for r in rules %}
| [{{ r.rule.id }}](#{{ r.rule.id | lower }}) | {{ r.rule.severity.label }} | \
{{ r.rule.family }} | {{ r.rule.title | cell }} |
{% endfor %}
{% endif %}
{% for r in rules %}

## {{ r.rule.id }}

**{{ r.rule.title }}**. {{ _("Family {family}, severity {severity}, pack `{pack}`, \
check `{check}`.", family=r.rule.family, severity=r.rule.severity.label, pack=r.rule.pack, \
check=r.rule.check) }}

- {{ _("Applies:") }} {{ r.applies }}.
- {{ _("Reports:") }} {{ r.message }}
- {{ _("Why:") }} {{ r.rationale }}
- {{ _("Legal basis:") }}
{% for line in r.legal %}
  - {{ line }}
{% endfor %}
{% for f in r.refinements %}
- {{ _("Refined by [`{pack}`]({pack}.md) when {when}", pack=f.pack, when=f.when) }}\
{% if f.severity %}: {{ _("severity {s}", s=f.severity) }}{% endif %}\
{% if f.options %}, {{ _("options `{options}`", options=f.options) }}{% endif %}.
{% endfor %}
{% if r.notes %}
- {{ _("Limits:") }} {{ r.notes }}
{% endif %}
{% for code, text in r.clauses.items() %}

{{ _("Model clause ({code}):", code=code) }}

> {{ text }}
{% endfor %}
{% endfor %}
{% if refinements %}

## {{ _("Refinements of other packs' rules") }}

| {{ _("rule") }} | {{ _("when") }} | {{ _("severity") }} | {{ _("options") }} |
| --- | --- | --- | --- |
{% for f in refinements %}
| [{{ f.rule.id }}]({{ f.rule.pack }}.md#{{ f.rule.id | lower }}) | {{ f.when | cell }} | \
{{ f.severity }} | {% if f.options %}`{{ f.options }}`{% endif %} |
{% endfor %}
{% endif %}
{% if topics %}

## {{ _("Topics") }}

| {{ _("topic") }} | {{ _("family") }} | {{ _("title") }} |
| --- | --- | --- |
{% for t in topics %}
| `{{ t.name }}` | {{ t.family }} | {{ t.title | cell }} |
{% endfor %}
{% endif %}
{% if params %}

## {{ _("Params") }}

"""
    + _PARAMS
    + """\
{% endif %}
"""
)
