"""The human report for a terminal: grouped by file, coloured by severity, with a summary."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from rich.console import Group
from rich.text import Text

from pplint.engine.report import Report
from pplint.output.formatters.common import display_name, legal_text, shown

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(report: Report, show_clauses: bool = False) -> Any:
    """A rich renderable; the CLI decides where and how it is printed."""
    parts: list[Any] = []
    active = sorted(report.active)
    for file, group in groupby(active, key=lambda f: f.file):
        parts.append(Text(display_name(file), style="bold underline"))
        for f in group:
            line = Text("  ")
            line.append(f"{f.line}:{f.column}".ljust(8), style="dim")
            line.append(f.severity.label.ljust(8), style=STYLES[f.severity.label])
            line.append(shown(f.rule).ljust(13), style="bold")
            line.append(shown(f.message))
            if f.reasons and ", ".join(f.reasons) not in f.message:
                line.append(f"  [{shown(', '.join(f.reasons))}]", style="magenta")
            parts.append(line)
            for detail in f.details:
                parts.append(Text(f"{'':23}- {shown(detail)}", style="dim"))
            rule = report.rule(f.rule)
            if rule is not None:
                parts.append(
                    Text(f"{'':23}{shown(f.path_str)}  ·  {shown(legal_text(rule))}", style="dim")
                )
                clause = report.model_clause(f) if show_clauses else None
                if clause:
                    parts.append(Text(f"{'':23}model clause: {shown(clause)}", style="green"))
        parts.append(Text(""))
    parts.append(summary_line(report))
    return Group(*parts)


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
    if s["suppressed"]:
        text.append(f" {s['suppressed']} waived.", style="dim")
    if s["baseline"]:
        text.append(f" {s['baseline']} in the baseline.", style="dim")
    return text
