"""GitLab Code Quality report: a JSON array of issues with stable, unique fingerprints."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pplint.core.model import Finding, Severity
from pplint.engine.report import Report
from pplint.output.formatters import stream
from pplint.output.formatters.common import ci_path, clip, display_name, json_list, nested_json
from pplint.output.formatters.sarif import Fingerprints

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


class Writer(stream.Writer):
    """Keeps each issue as its JSON text."""

    def __init__(self, report: Report, names: Sequence[str]) -> None:
        super().__init__(report, names)
        self.prints = Fingerprints(
            lambda data: hashlib.md5(data, usedforsecurity=False), report.root
        )
        self.issues: list[str] = []

    def add(self, out: stream.FileOut) -> str:
        pieces = ((f, f) for f in out.result.findings if not f.suppressed)
        self._issues(self.order.add(out.result.file, pieces))
        return ""

    def _issues(self, findings: list[Finding]) -> None:
        root = self.report.root
        self.issues += [nested_json(_issue(f, self.prints.of(f), root), 1) for f in findings]

    def finish(self) -> str:
        self._issues(self.order.rest())
        return json_list(self.issues, 0) + "\n"


def render(report: Report) -> str:
    return stream.render_with(Writer, report)
