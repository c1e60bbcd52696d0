"""The JSON report of the format contract: tool, findings, summary."""

from __future__ import annotations

import json
from typing import Any

from pplint.report import TOOL, Report, legal_text


def render(report: Report) -> str:
    findings: list[dict[str, Any]] = []
    for f in sorted(report.findings):
        item = f.to_dict()
        rule = report.rule(f.rule)
        if rule is not None:
            item["title"] = rule.title
            item["legal_basis"] = rule.legal_basis
            item["legal_basis_text"] = legal_text(rule)
            clause = report.model_clause(f)
            if clause:
                item["model_clause"] = clause
        findings.append(item)
    out = {"tool": {"name": TOOL["name"], "version": TOOL["version"]}, "findings": findings,
           "summary": report.summary()}
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"
