"""The JSON report of the format contract: tool, findings, the rules that hold and the
clauses that satisfy them (``passed``, an added field), summary."""

from __future__ import annotations

from typing import Any

from pplint.core.model import Finding
from pplint.engine.report import Report
from pplint.output.formatters.common import TOOL, clip, display_name, dump_json, legal_text


def _clipped(value: Any) -> Any:
    """A JSON value with every string in it cut to the output cap."""
    if isinstance(value, str):
        return clip(value)
    if isinstance(value, list):
        return [_clipped(item) for item in value]
    if isinstance(value, dict):
        return {key: _clipped(item) for key, item in value.items()}
    return value


def _item(report: Report, f: Finding) -> dict[str, Any]:
    item = f.to_dict()
    rule = report.rule(f.rule)
    if rule is not None:
        item["title"] = rule.title
        item["legal_basis"] = rule.legal_basis
        item["legal_basis_text"] = legal_text(rule)
        clause = report.model_clause(f)
        if clause:
            item["model_clause"] = clause
    out: dict[str, Any] = _clipped(item)
    out["file"] = display_name(f.file)  # whole: a file name is never cut
    return out


def _passed(report: Report) -> list[dict[str, Any]]:
    """Every rule that holds, per file, with the clauses that satisfy it."""
    out = []
    for result in report.results:
        for p in result.passed:
            rule = report.rule(p.rule)
            entry: dict[str, Any] = {
                "file": display_name(result.file),
                "rule": p.rule,
                "title": clip(rule.title) if rule else "",
                "clauses": [
                    {
                        "id": clip(e.id),
                        "path": e.path,
                        "line": e.line,
                        "words": _clipped(list(e.words)),
                    }
                    for e in p.clauses
                ],
            }
            out.append(entry)
    return out


def render(report: Report) -> str:
    findings = [_item(report, f) for f in sorted(report.findings)]
    out = {
        "tool": {"name": TOOL["name"], "version": TOOL["version"]},
        "findings": findings,
        "passed": _passed(report),
        "summary": report.summary(),
    }
    return dump_json(out)
