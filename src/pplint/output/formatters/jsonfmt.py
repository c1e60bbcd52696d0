"""The JSON report of the format contract: tool, findings, the rules that hold and the
clauses that satisfy them (``passed``, an added field), summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pplint.core.model import Finding
from pplint.engine.report import Report
from pplint.engine.results import FileResult
from pplint.output.formatters import stream
from pplint.output.formatters.common import (
    TOOL,
    clip,
    display_name,
    dump_json,
    fill_json,
    legal_text,
    nested_json,
)


def _clipped(value: Any) -> Any:
    """A JSON value with every string in it cut to the output cap."""
    if isinstance(value, str):
        return clip(value)
    if isinstance(value, list):
        return [_clipped(item) for item in value]
    if isinstance(value, dict):
        return {key: _clipped(item) for key, item in value.items()}
    return value


def _item(report: Report, f: Finding, clause: str | None) -> dict[str, Any]:
    item = f.to_dict()
    rule = report.rule(f.rule)
    if rule is not None:
        item["title"] = rule.title
        item["legal_basis"] = rule.legal_basis
        item["legal_basis_text"] = legal_text(rule)
        if clause:
            item["model_clause"] = clause
    out: dict[str, Any] = _clipped(item)
    out["file"] = display_name(f.file)  # whole: a file name is never cut
    return out


def _passed(report: Report, result: FileResult) -> list[dict[str, Any]]:
    """Every rule that holds in one file, with the clauses that satisfy it."""
    out = []
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


class Writer(stream.Writer):
    """Keeps each finding and each rule that holds as its JSON text, nothing else."""

    def __init__(self, report: Report, names: Sequence[str]) -> None:
        super().__init__(report, names)
        self.findings: list[str] = []
        self.passed: list[str] = []

    def add(self, out: stream.FileOut) -> str:
        pieces = ((f, self._finding(f, out.clause(f))) for f in out.result.findings)
        self.findings += self.order.add(out.result.file, pieces)
        self.passed += [nested_json(entry, 2) for entry in _passed(self.report, out.result)]
        return ""

    def _finding(self, f: Finding, clause: str | None) -> str:
        return nested_json(_item(self.report, f, clause), 2)

    def finish(self) -> str:
        self.findings += self.order.rest()
        skeleton = {
            "tool": {"name": TOOL["name"], "version": TOOL["version"]},
            "findings": [],
            "passed": [],
            "summary": self.report.summary(),
        }
        return fill_json(dump_json(skeleton), {"findings": self.findings, "passed": self.passed}, 1)


def render(report: Report) -> str:
    return stream.render_with(Writer, report)
