"""A scan's JSON Lines records (docs/scan-records.md) read back as documents for the report."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from pplint.core.errors import PplintError
from pplint.core.model import NOT_SHOWN, DocPath, Finding, Severity
from pplint.core.rules import RuleSet
from pplint.engine.results import FileResult, Passed
from pplint.output.report.collect import Checked
from pplint.scan.records import SCHEMA_VERSION

_PATH_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")
NOT_JUDGED = "Not judged: the notice has no place for what this rule looks for."


def parse_path(text: str | None) -> DocPath:
    """``award_criteria[2].weight`` as ``("award_criteria", 2, "weight")``."""
    parts: list[str | int] = []
    for index, name in _PATH_PART.findall(text or ""):
        parts.append(int(index) if index else name)
    return tuple(parts)


def read_records(
    lines: Iterable[str], name: str, rs: RuleSet, selected: Collection[str]
) -> Iterator[Checked]:
    """The documents of a scan's JSON Lines, each with its findings (the ``selected`` rules
    that none of its lists names count as not applicable); a line that is not a record of
    this schema raises PplintError naming its line."""
    current: Checked | None = None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        record = _record(line, name, number)
        if record.get("record") == "document":
            if current is not None:
                yield current
            current = _document(record, rs, selected)
        elif record.get("record") == "finding":
            if current is None or record.get("source") != current.name:
                raise PplintError("a finding record before its document record", name, number)
            current.result.findings.append(_finding(record))
        else:
            raise PplintError(
                "not a scan record (`record` is neither document nor finding)", name, number
            )
    if current is not None:
        yield current


def _record(line: str, name: str, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise PplintError(f"not a JSON record: {exc}", name, number) from None
    if not isinstance(record, dict):
        raise PplintError("not a JSON object", name, number)
    if record.get("schema") != SCHEMA_VERSION:
        raise PplintError(
            f"scan records of schema {record.get('schema')!r}; this pplint reads schema "
            f"{SCHEMA_VERSION}",
            name,
            number,
        )
    return record


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _number(value: Any) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok else None


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 1


def _tender(record: dict[str, Any]) -> dict[str, Any]:
    """The tender mapping a document record describes (what the header and model clauses read)."""
    tender: dict[str, Any] = {}
    for key in ("id", "title", "language", "nature", "procedure"):
        if record.get(key) is not None:
            tender[key] = _text(record[key])
    buyer = {
        k: _text(record.get(f))
        for k, f in (("name", "buyer"), ("country", "country"), ("city", "city"))
    }
    tender["buyer"] = {k: v for k, v in buyer.items() if v is not None}
    if record.get("main_cpv"):
        tender["cpv"] = [_text(record["main_cpv"])]
    amount = _number(record.get("value"))
    if amount is not None:
        tender["estimated_value"] = {"amount": amount, "currency": _text(record.get("currency"))}
    return tender


def _document(record: dict[str, Any], rs: RuleSet, selected: Collection[str]) -> Checked:
    source = _text(record.get("source")) or "?"
    held, failed = _strings(record.get("rules_held")), _strings(record.get("rules_failed"))
    unseen = _strings(record.get("rules_not_judged"))
    result = FileResult(source)
    code = _text(record.get("error_code"))
    read = record.get("format") is not None and (code is None or code == "FMT-LANGUAGE")
    if read:
        result.applicable = [*held, *failed]
        result.passed = [Passed(rule) for rule in held]
        judged = {*held, *failed, *unseen}
        result.not_applicable = [rid for rid in sorted(selected) if rid not in judged]
        result.checked = True
    for rule in unseen:
        known = rs.rules.get(rule)
        family = known.family if known else "format"
        result.findings.append(
            Finding(source, 1, 1, rule, Severity.INFO, NOT_SHOWN, family, NOT_JUDGED)
        )
    if code and code != "FMT-LANGUAGE":
        kind, severity = ("invalid", Severity.ERROR)
        if code == "FMT-NO-TENDER":
            kind, severity = NOT_SHOWN, Severity.INFO
        message = _text(record.get("error")) or code
        result.findings.append(Finding(source, 1, 1, code, severity, kind, "format", message))
    tender = _tender(record)
    return Checked(
        source,
        {"tender": tender} if read else None,
        result,
        lang=_text(record.get("language")),
        format=_text(record.get("format")) or "yaml",
        families=_strings(record.get("families")),
        price_weight=_number(record.get("price_weight")),
        from_scan=True,
    )


def _finding(record: dict[str, Any]) -> Finding:
    severity = _text(record.get("severity")) or "error"
    try:
        level = Severity.parse(severity)
    except KeyError:
        level = Severity.ERROR
    line = record.get("line")
    column = record.get("column")
    return Finding(
        _text(record.get("source")) or "?",
        _count(line),
        _count(column),
        _text(record.get("rule")) or "?",
        level,
        _text(record.get("kind")) or "invalid",
        _text(record.get("family")) or "format",
        _text(record.get("message")) or "",
        path=parse_path(_text(record.get("path"))),
        reasons=tuple(_strings(record.get("reasons"))),
        xpath=_text(record.get("xpath")),
        pointer=_text(record.get("pointer")),
    )
