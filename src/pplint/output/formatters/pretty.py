"""The human report for a terminal: grouped by file, coloured by severity, with a summary."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import Any

from rich.console import Group
from rich.text import Text

from pplint.core.i18n import plural, tr
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
        self.langs: dict[str, str] = {}  # each file's language

    def add(self, out: stream.FileOut) -> list[Any]:
        self.langs[out.result.file] = out.result.lang or self.report.lang
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
        label = tr(self.langs.get(f.file, self.report.lang), f.severity.label)
        line.append(label.ljust(8), style=STYLES[f.severity.label])
        line.append(shown(f.rule).ljust(13), style="bold")
        line.append(shown(f.message))
        if f.reasons and ", ".join(f.reasons) not in f.message:
            line.append(f"  [{shown(', '.join(f.reasons))}]", style="magenta")
        parts: list[Any] = [line]
        for detail in f.details:
            parts.append(Text(f"{'':23}- {shown(detail)}", style="dim"))
        lang = self.langs.get(f.file, self.report.lang)
        rule = self.report.rule(f.rule, lang)
        if rule is not None:
            parts.append(
                Text(f"{'':23}{shown(f.path_str)}  ·  {shown(legal_text(rule))}", style="dim")
            )
            if clause:
                label = tr(lang, "model clause:")
                parts.append(Text(f"{'':23}{label} {shown(clause)}", style="green"))
        return parts


def render(report: Report, show_clauses: bool = False) -> Any:
    """A rich renderable; the CLI decides where and how it is printed."""
    writer = Writer(report, [r.file for r in report.results], show_clauses)
    parts = [part for out in stream.file_outs(report) for part in writer.add(out)]
    return Group(*parts, *writer.finish())


def summary_line(report: Report) -> Text:
    """The run's counts in one line, in the run's language."""
    s, lang = report.summary(), report.lang
    files = s["files"]
    text = Text()
    if s["findings"] == 0:
        text.append("✓ ", style="bold green")
        text.append(plural(lang, files, "No findings in 1 file.", "No findings in {n} files."))
    else:
        found = plural(lang, s["findings"], "1 finding", "{n} findings")
        text.append(f"{found} ", style="bold")
        k = s["files_with_findings"]
        text.append(plural(lang, files, "in {k} of 1 file:", "in {k} of {n} files:", k=k) + " ")
        text.append(plural(lang, s["errors"], "1 error", "{n} errors"), style=STYLES["error"])
        text.append(", ")
        warnings = plural(lang, s["warnings"], "1 warning", "{n} warnings")
        text.append(warnings, style=STYLES["warning"])
        text.append(", ")
        text.append(tr(lang, "{n} info", n=s["infos"]), style=STYLES["info"])
        text.append(".")
    if s.get("not_shown"):
        text.append(
            " "
            + tr(
                lang,
                "{n} not judged: the notice does not show what they look for.",
                n=s["not_shown"],
            ),
            style="dim",
        )
    if s["suppressed"]:
        waived = plural(lang, s["suppressed"], "1 waived.", "{n} waived.")
        text.append(" " + waived, style="dim")
    if s["baseline"]:
        text.append(" " + tr(lang, "{n} in the baseline.", n=s["baseline"]), style="dim")
    return text
