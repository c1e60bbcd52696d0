"""GitLab Code Quality report: a JSON array of issues with stable, unique fingerprints."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pplint.core.model import Finding, Severity
from pplint.engine.report import Report
from pplint.output.formatters.common import ci_path, clip, display_name, dump_json
from pplint.output.formatters.sarif import unique_hashes

SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "minor"}


def severity(f: Finding) -> str:
    """Code Quality severity; a file that is itself broken blocks."""
    if f.family == "format" and f.severity == Severity.ERROR:
        return "blocker"
    return SEVERITIES[f.severity]


def _issue(f: Finding, fingerprint: str, root: Path) -> dict[str, Any]:
    reasons = f" [{', '.join(f.reasons)}]" if f.reasons else ""
    return {
        "type": "issue",
        "description": clip(f"{f.rule}: {f.message}{reasons}"),
        "check_name": f.rule,
        "fingerprint": fingerprint,
        "severity": severity(f),
        "location": {
            "path": display_name(ci_path(f.file, root)),
            "lines": {"begin": max(f.line, 1)},
        },
    }


def render(report: Report) -> str:
    findings = sorted(report.active)
    prints = unique_hashes(
        findings, lambda data: hashlib.md5(data, usedforsecurity=False), report.root
    )
    return dump_json([_issue(f, fp, report.root) for f, fp in zip(findings, prints, strict=True)])
