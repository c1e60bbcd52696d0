"""One tender's scorecard as the page shows it: header, summary by family, findings, the
requirements that hold and the waivers, every text in the scorecard's language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from pplint.analysis.tender import template_context
from pplint.core.i18n import tr, translate
from pplint.core.model import NOT_SHOWN, RULE_FAMILIES, Finding, Waived, format_path
from pplint.core.rules import Rule, RuleSet
from pplint.engine.results import FORMAT_RULES
from pplint.output.formatters.common import clip
from pplint.output.report import labels
from pplint.output.report.collect import Checked
from pplint.output.report.highlight import Segment, segments, triggers
from pplint.packs import clauses
from pplint.packs.localize import localize

FAILED_KINDS = frozenset({"missing", "weak", "violation"})
TEXT_FIELDS = ("text", "scoring", "description", "name", "title")


@dataclass(slots=True)
class Legal:
    """One entry of a rule's legal basis; ``url`` only when it is an http(s) address."""

    text: str
    url: str | None
    note: str | None


@dataclass(slots=True)
class ClauseText:
    """The clause or criterion a finding is about, its triggering words marked."""

    ident: str | None
    title: str | None
    field: str | None
    segments: list[Segment]


@dataclass(slots=True)
class FindingView:
    """One finding, with all the report says about it."""

    anchor: str
    finding: Finding
    title: str
    severity: str
    kind: str
    family: str
    message: str
    path: str
    clause: ClauseText | None
    reasons: list[str]
    details: list[str]
    elements: list[str]
    legal: list[Legal]
    model_clause: str | None = None
    model_id: str | None = None
    model_seen: str | None = None  # the anchor of the finding that shows this rule's clause
    fix: str | None = None  # "safe" or "review": what `pplint fix` offers for it


@dataclass(slots=True)
class FamilyRow:
    """The counts of one family: rules met and not applicable, findings by kind, waived."""

    family: str
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(slots=True)
class Held:
    """A requirement that holds, and the clauses that satisfy it."""

    rule: str
    title: str
    family: str
    label: str
    clauses: list[tuple[str, str | None, int, tuple[str, ...]]]  # id, title, line, words


@dataclass(slots=True)
class WaiverView:
    """A finding a waiver sets aside."""

    rule: str
    title: str
    clause: str | None
    line: int
    waiver: Waived


@dataclass(slots=True)
class Scorecard:
    """One document's scorecard."""

    anchor: str
    lang: str
    doc_lang: str | None
    name: str
    title: str
    buyer: str | None
    header: list[tuple[str, str]]
    families: list[FamilyRow]
    findings: list[FindingView]
    held: list[Held]
    waivers: list[WaiverView]
    score: int | None
    by_severity: Counter[str]
    failed_rules: list[str]
    present: list[str]  # families that some clause or criterion is on
    price_weight: float | None
    from_scan: bool
    readable: bool
    not_judged: int = 0
    columns: list[tuple[str, str]] = field(default_factory=list)  # (key, label) of the summary


COLUMNS = (
    ("met", "Met"),
    ("weak", "Weak"),
    ("missing", "Missing"),
    ("violation", "Violations"),
    ("not-shown", "Not shown"),
    ("not_applicable", "Not applicable"),
    ("waived", "Waived"),
)


def build(
    checked: Checked,
    index: int,
    rs: RuleSet,
    lang: str,
    params: Mapping[str, float] | None = None,
) -> Scorecard:
    """The scorecard of one checked document, in ``lang``."""
    local = localize(rs, lang)
    result = checked.result
    data = checked.data or {}
    tender = data.get("tender") if isinstance(data.get("tender"), dict) else {}
    assert isinstance(tender, dict)
    anchor = f"t{index}"
    active = [f for f in result.findings if not f.suppressed]
    active.sort(key=lambda f: (-f.severity, f.line, f.column, f.rule))
    context = result.context or (template_context(data) if checked.data else None)
    views: list[FindingView] = []
    shown_clause: dict[str, str] = {}
    for number, f in enumerate(active):
        view = _finding(f, f"{anchor}-f{number}", local, data, lang, checked.from_scan)
        view.fix = checked.fixes.get(f)
        rule = local.rules.get(f.rule)
        if rule is not None and rule.model_clause and f.kind != NOT_SHOWN:
            if f.rule in shown_clause:
                view.model_seen = shown_clause[f.rule]
            else:
                view.model_clause = clauses.render(rule, local, context, lang, params)
                view.model_id = f"{anchor}-m{number}"
                shown_clause[f.rule] = view.anchor
        views.append(view)
    failed = sorted({f.rule for f in active if f.kind in FAILED_KINDS})
    unseen = {f.rule for f in active if f.kind == NOT_SHOWN}
    judged = [r for r in dict.fromkeys(result.applicable) if r not in unseen]
    score = None
    if result.checked and judged:
        score = round(100 * sum(1 for r in judged if r not in failed) / len(judged))
    severities = Counter(f.severity.label for f in active if f.kind != NOT_SHOWN)
    title = _str(tender.get("title")) or checked.name
    families = _families(result.findings, result.passed, result.not_applicable, rs, lang)
    unshown = any(row.counts["not-shown"] for row in families)
    return Scorecard(
        anchor=anchor,
        lang=lang,
        doc_lang=checked.lang,
        name=checked.name,
        title=title,
        buyer=_str((tender.get("buyer") or {}).get("name")),
        header=_header(checked, tender, lang),
        families=families,
        findings=views,
        held=_held(checked, local, data, lang),
        waivers=_waivers(result.findings, local, lang),
        score=score,
        by_severity=severities,
        failed_rules=failed,
        present=list(checked.families),
        price_weight=checked.price_weight,
        from_scan=checked.from_scan,
        readable=result.checked,
        not_judged=len(unseen),
        columns=[(key, tr(lang, label)) for key, label in COLUMNS if key != "not-shown" or unshown],
    )


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _header(checked: Checked, tender: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The tender's identity, as label and value pairs (absent values left out)."""
    buyer = tender.get("buyer") if isinstance(tender.get("buyer"), dict) else {}
    assert isinstance(buyer, dict)
    where = ", ".join(str(v) for v in (buyer.get("city"), buyer.get("country")) if v)
    name = _str(buyer.get("name"))
    value = tender.get("estimated_value") if isinstance(tender.get("estimated_value"), dict) else {}
    assert isinstance(value, dict)
    amount = value.get("amount")
    money = None
    if isinstance(amount, int | float) and not isinstance(amount, bool):
        money = f"{labels.number(lang, float(amount))} {value.get('currency') or ''}".strip()
    cpv = tender.get("cpv")
    rows = [
        ("id", _str(tender.get("id"))),
        ("buyer", f"{name} ({where})" if name and where else name or where or None),
        ("cpv", ", ".join(str(c) for c in cpv) if isinstance(cpv, list) and cpv else None),
        ("nature", labels.nature(lang, _str(tender.get("nature")))),
        ("procedure", labels.procedure(lang, _str(tender.get("procedure")))),
        ("value", money),
        ("language", labels.language(checked.lang)),
        ("file", checked.name),
        ("format", None if checked.format == "yaml" else checked.format),
    ]
    return [(labels.field(lang, key), clip(text, 300)) for key, text in rows if text]


def _families(
    findings: list[Finding],
    passed: list[Any],
    not_applicable: list[str],
    rs: RuleSet,
    lang: str,
) -> list[FamilyRow]:
    """The summary table: for each family, rules met and not applicable, findings by kind,
    findings waived; the file-format row only when the file has such findings."""
    counts: dict[str, Counter[str]] = {f: Counter() for f in (*RULE_FAMILIES, "format")}

    def family_of(rule: str) -> str:
        known = rs.rules.get(rule)
        return known.family if known is not None else "format"

    for p in passed:
        counts.setdefault(family_of(p.rule), Counter())["met"] += 1
    for rule in dict.fromkeys(not_applicable):
        counts.setdefault(family_of(rule), Counter())["not_applicable"] += 1
    for f in findings:
        key = "waived" if f.suppressed else f.kind
        counts.setdefault(f.family, Counter())[key] += 1
    rows = []
    for name, counter in counts.items():
        if name == "format" and not counter:
            continue
        row = {key: counter.get(key, 0) for key, _ in COLUMNS}
        if name == "format":
            row["violation"] += counter.get("invalid", 0)
        rows.append(FamilyRow(name, labels.family(lang, name), row))
    return rows


def _legal(rule: Rule | None) -> list[Legal]:
    out = []
    for basis in rule.legal_basis if rule is not None else []:
        text = str(basis.get("instrument") or "")
        if basis.get("article"):
            text += f", {basis['article']}"
        url = str(basis.get("url") or "")
        safe = url if urlsplit(url).scheme in ("http", "https") and "//" in url else None
        note = basis.get("note")
        out.append(Legal(clip(text, 500), safe, clip(str(note), 500) if note else None))
    return out


def _clause(data: dict[str, Any], f: Finding, words: tuple[str, ...]) -> ClauseText | None:
    """The text a finding is about (the field its path names, or its item's main text)."""
    node: Any = data
    item: dict[str, Any] | None = None
    name: str | None = None
    for part in f.path:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
            item = node if isinstance(node, dict) else item
        elif isinstance(part, str) and isinstance(node, dict) and part in node:
            node, name = node[part], part
        else:
            return None
    if isinstance(node, dict):
        name = next((k for k in TEXT_FIELDS if isinstance(node.get(k), str)), None)
        node = node.get(name) if name else None
    if not isinstance(node, str) or not node.strip():
        return None
    ident = _str(item.get("id")) if item else None
    title = _str(item.get("title") or item.get("name")) if item else None
    return ClauseText(ident, title, name, segments(clip(node.strip()), words))


def _finding(
    f: Finding, anchor: str, rs: RuleSet, data: dict[str, Any], lang: str, from_scan: bool
) -> FindingView:
    rule = rs.rules.get(f.rule)
    if rule is not None:
        title = rule.title
    else:
        title = translate(lang, FORMAT_RULES.get(f.rule, f.rule))
    message = translate(lang, f.message) if from_scan else f.message
    words = triggers((f.message, *f.details))
    return FindingView(
        anchor=anchor,
        finding=f,
        title=clip(title, 500),
        severity=labels.severity(lang, f.severity.label),
        kind=labels.kind(lang, f.kind),
        family=labels.family(lang, f.family),
        message=clip(message),
        path=clip(format_path(f.path), 300),
        clause=_clause(data, f, words) if data else None,
        reasons=[labels.reason(lang, r) for r in f.reasons],
        details=[clip(d, 1000) for d in f.details],
        elements=[clip(e, 500) for e in f.elements],
        legal=_legal(rule),
    )


def _held(checked: Checked, rs: RuleSet, data: dict[str, Any], lang: str) -> list[Held]:
    """The requirements that hold, each with the clauses that satisfy it."""
    items: dict[str, str | None] = {}
    for key in ("clauses", "award_criteria"):
        for item in data.get(key) or []:
            if isinstance(item, dict) and item.get("id") is not None:
                items.setdefault(str(item["id"]), _str(item.get("title") or item.get("name")))
    out = []
    for p in checked.result.passed:
        rule = rs.rules.get(p.rule)
        if rule is None:
            continue
        found = [(e.id, items.get(e.id), e.line, e.words) for e in p.clauses]
        label = labels.family(lang, rule.family)
        out.append(Held(p.rule, rule.title, rule.family, label, found))
    order = {name: i for i, name in enumerate(RULE_FAMILIES)}
    return sorted(out, key=lambda h: (order.get(h.family, len(order)), h.rule))


def _waivers(findings: list[Finding], rs: RuleSet, lang: str) -> list[WaiverView]:
    out = []
    for f in findings:
        if f.waiver is None:
            continue
        rule = rs.rules.get(f.rule)
        title = rule.title if rule else translate(lang, FORMAT_RULES.get(f.rule, f.rule))
        out.append(WaiverView(f.rule, title, f.clause, f.line, f.waiver))
    return out
