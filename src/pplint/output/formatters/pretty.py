"""The human report for a terminal: grouped by file, coloured by severity, with a summary."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import Any

from rich.console import Group
from rich.text import Text

from pplint.core.model import Finding
from pplint.engine.report import Report
from pplint.output.formatters import stream
from pplint.output.formatters.common import display_name, legal_text, shown

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


class Writer:
    """The terminal view fed one file at a time: each file's group of lines as soon as the
    files named before it are done, the summary last."""

    def __init__(self, report: Report, names: Sequence[str], show_clauses: bool = False):
        self.report = report
        self.order: stream.ByName[tuple[Finding, str | None]] = stream.ByName(names)
        self.show_clauses = show_clauses

    def add(self, out: stream.FileOut) -> list[Any]:
        clause = out.clause if self.show_clauses else lambda f: None
        pieces = ((f, (f, clause(f))) for f in out.result.findings if not f.suppressed)
        return self._parts(self.order.add(out.result.file, pieces))

    def finish(self) -> list[Any]:
        return [*self._parts(self.order.rest()), summary_line(self.report)]

    def _parts(self, findings: list[tuple[Finding, str | None]]) -> list[Any]:
        parts: list[Any] = []
        for file, group in groupby(findings, key=lambda pair: pair[0].file):
            parts.append(Text(display_name(file), style="bold underline"))
            for f, clause in group:
                parts += self._finding(f, clause)
            parts.append(Text(""))
        return parts

    def _finding(self, f: Finding, clause: str | None) -> list[Any]:
        line = Text("  ")
        line.append(f"{f.line}:{f.column}".ljust(8), style="dim")
        line.append(f.severity.label.ljust(8), style=STYLES[f.severity.label])
        line.append(shown(f.rule).ljust(13), style="bold")
        line.append(shown(f.message))
        if f.reasons and ", ".join(f.reasons) not in f.message:
            line.append(f"  [{shown(', '.join(f.reasons))}]", style="magenta")
        parts: list[Any] = [line]
        for detail in f.details:
            parts.append(Text(f"{'':23}- {shown(detail)}", style="dim"))
        rule = self.report.rule(f.rule)
        if rule is not None:
            parts.append(
                Text(f"{'':23}{shown(f.path_str)}  ·  {shown(legal_text(rule))}", style="dim")
            )
            if clause:
                parts.append(Text(f"{'':23}model clause: {shown(clause)}", style="green"))
        return parts


def render(report: Report, show_clauses: bool = False) -> Any:
    """A rich renderable; the CLI decides where and how it is printed."""
    writer = Writer(report, [r.file for r in report.results], show_clauses)
    parts = [part for out in stream.file_outs(report) for part in writer.add(out)]
    return Group(*parts, *writer.finish())


def summary_line(report: Report) -> Text:
    s = report.summary()
    text = Text()
    if s["findings"] == 0:
        text.append("✓ ", style="bold green")
        text.append(f"No findings in {s['files']} file{'s' if s['files'] != 1 else ''}.")
    else:
        text.append(f"{s['findings']} finding{'s' if s['findings'] != 1 else ''} ", style="bold")
        text.append(
            f"in {s['files_with_findings']} of {s['files']} file{'s' if s['files'] != 1 else ''}: "
        )
        text.append(f"{s['errors']} error{'s' if s['errors'] != 1 else ''}", style=STYLES["error"])
        text.append(", ")
        text.append(
            f"{s['warnings']} warning{'s' if s['warnings'] != 1 else ''}", style=STYLES["warning"]
        )
        text.append(", ")
        text.append(f"{s['infos']} info", style=STYLES["info"])
        text.append(".")
    if s.get("not_shown"):
        text.append(
            f" {s['not_shown']} not judged: the notice does not show what they look for.",
            style="dim",
        )
    if s["suppressed"]:
        text.append(f" {s['suppressed']} waived.", style="dim")
    if s["baseline"]:
        text.append(f" {s['baseline']} in the baseline.", style="dim")
    return text
