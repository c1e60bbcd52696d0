"""Plain `file:line:col: severity RULE message` lines, for pipes, editors and grep."""

from __future__ import annotations

from pplint.engine.report import Report
from pplint.output.formatters.common import display_name, shown


def render(report: Report) -> str:
    lines = []
    for f in sorted(report.active):
        listed = ", ".join(f.reasons)
        reasons = f" [{listed}]" if f.reasons and listed not in f.message else ""
        lines.append(
            f"{display_name(f.file)}:{f.line}:{f.column}: {f.severity.label} "
            f"{shown(f.rule)} {shown(f.message + reasons)}"
        )
    return "\n".join(lines) + ("\n" if lines else "")
