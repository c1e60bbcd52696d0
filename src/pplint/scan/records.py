"""The records of a scan: one per document and one per finding, plain and versioned.

docs/scan-records.md documents every field; `SCHEMA_VERSION` changes when one does. The same
records go to JSON Lines and to Parquet, so each field has one type (or null).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pplint.core.model import NOT_SHOWN, Finding
from pplint.core.rules import RuleSet
from pplint.engine.results import FileResult
from pplint.load.source import SourceDoc

SCHEMA_VERSION = 1

# document record fields and their types, in order (the Parquet schema follows this)
DOCUMENT_FIELDS: dict[str, str] = {
    "schema": "int",
    "source": "str",  # the file, or archive!member
    "position": "int",  # the document's place in its file (0 unless a package or JSON Lines)
    "format": "str",  # eforms, ted, ocds, yaml; null for a file that could not be read
    "notice_kind": "str",  # competition, result, planning, ... (notices)
    "id": "str",
    "title": "str",
    "buyer": "str",
    "country": "str",
    "city": "str",
    "language": "str",
    "main_cpv": "str",
    "nature": "str",
    "procedure": "str",
    "value": "float",
    "currency": "str",
    "lots": "int",  # 1 for an undivided contract
    "price_weight": "float",  # the highest share of price in a lot, percent; null if unknown
    "goals": "list[str]",  # declared strategic goals (BT-06)
    "families": "list[str]",  # families with at least one clause or criterion on their topics
    "rules_held": "list[str]",
    "rules_failed": "list[str]",
    "rules_not_judged": "list[str]",  # what the notice cannot show (not-shown)
    "unbacked_goals": "int",  # declared goals with no clause or criterion behind them
    "findings": "int",
    "errors": "int",
    "warnings": "int",
    "error_code": "str",  # FMT-... when the document could not be read or checked
    "error": "str",
}
FINDING_FIELDS: dict[str, str] = {
    "schema": "int",
    "source": "str",
    "position": "int",
    "id": "str",  # the document's id
    "rule": "str",
    "severity": "str",
    "kind": "str",
    "family": "str",
    "line": "int",
    "column": "int",
    "path": "str",
    "xpath": "str",
    "pointer": "str",
    "reasons": "list[str]",
    "message": "str",
}
UNBACKED = "GOV-STR-001"  # the rule that finds declared goals with nothing behind them


@dataclass(slots=True)
class Scanned:
    """What one file of a scan gave: a document record per document, and finding records."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)


def error_record(source: str, code: str, message: str, position: int = 0) -> dict[str, Any]:
    """The record of a document that could not be read or checked."""
    record = _empty(DOCUMENT_FIELDS)
    record.update(
        schema=SCHEMA_VERSION, source=source, position=position, error_code=code, error=message
    )
    return record


def document_record(
    source: str, position: int, doc: SourceDoc, result: FileResult, rs: RuleSet
) -> dict[str, Any]:
    """The record of one checked document."""
    data = doc.data if isinstance(doc.data, dict) else {}
    tender = data.get("tender") or {}
    buyer = tender.get("buyer") or {}
    value = tender.get("estimated_value") or {}
    notice = doc.notice
    judged = [f for f in result.findings if f.kind != NOT_SHOWN and not f.suppressed]
    invalid = [f for f in judged if f.kind == "invalid"]
    failed = sorted({f.rule for f in judged if f.kind != "invalid"})
    unseen = sorted({f.rule for f in result.findings if f.kind == NOT_SHOWN})
    record = _empty(DOCUMENT_FIELDS)
    record.update(
        schema=SCHEMA_VERSION,
        source=source,
        position=position,
        format=notice.format if notice is not None else "yaml",
        notice_kind=notice.kind if notice is not None else None,
        id=_text(tender.get("id")),
        title=_text(tender.get("title")),
        buyer=_text(buyer.get("name")),
        country=_text(buyer.get("country")),
        city=_text(buyer.get("city")),
        language=_text(tender.get("language")) or ("en" if not notice or notice.read else None),
        main_cpv=_text((tender.get("cpv") or [None])[0]),
        nature=_text(tender.get("nature")),
        procedure=_text(tender.get("procedure")),
        value=_number(value.get("amount")),
        currency=_text(value.get("currency")),
        lots=max(1, len(tender.get("lots") or ())),
        price_weight=price_weight(data.get("award_criteria") or []),
        goals=sorted(g for g in (tender.get("strategic") or {}).get("goals") or () if g),
        families=families(result, rs),
        rules_held=sorted(set(result.applicable) - set(failed) - set(unseen)),
        rules_failed=failed,
        rules_not_judged=unseen,
        unbacked_goals=sum(1 for f in judged if f.rule == UNBACKED and f.kind == "violation"),
        findings=len(judged),
        errors=sum(1 for f in judged if f.severity.label == "error"),
        warnings=sum(1 for f in judged if f.severity.label == "warning"),
    )
    if invalid:
        record.update(error_code=invalid[0].rule, error=invalid[0].message)
    return record


def finding_records(
    source: str, position: int, ident: str | None, findings: Iterable[Finding]
) -> list[dict[str, Any]]:
    """One record per finding of a document."""
    out = []
    for f in findings:
        out.append(
            {
                "schema": SCHEMA_VERSION,
                "source": source,
                "position": position,
                "id": ident,
                "rule": f.rule,
                "severity": f.severity.label,
                "kind": f.kind,
                "family": f.family,
                "line": f.line,
                "column": f.column,
                "path": f.path_str,
                "xpath": f.xpath,
                "pointer": f.pointer,
                "reasons": list(f.reasons),
                "message": f.message,
            }
        )
    return out


def price_weight(criteria: list[dict[str, Any]]) -> float | None:
    """The highest share of price among the lots, percent, or None when weights are unknown."""
    lots: dict[Any, list[dict[str, Any]]] = {}
    for c in criteria:
        lots.setdefault(c.get("lot"), []).append(c)
    shared = lots.pop(None, [])
    groups = [shared + own for own in lots.values()] or [shared]
    best: float | None = None
    for group in groups:
        if not group or any(not isinstance(c.get("weight"), int | float) for c in group):
            continue
        total = sum(float(c["weight"]) for c in group)
        if total <= 0:
            continue
        share = sum(float(c["weight"]) for c in group if c.get("type") == "price") * 100 / total
        best = share if best is None else max(best, share)
    return round(best, 2) if best is not None else None


def families(result: FileResult, rs: RuleSet) -> list[str]:
    """The families with a clause or criterion on one of their topics."""
    found = set()
    for item in result.explained:
        for topic in item.evidence:
            known = rs.topics.get(topic)
            if known is not None:
                found.add(known.family)
    return sorted(found)


def _empty(fields: dict[str, str]) -> dict[str, Any]:
    return {name: [] if kind.startswith("list") else None for name, kind in fields.items()}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
