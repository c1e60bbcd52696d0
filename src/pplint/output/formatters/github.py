"""GitHub Actions workflow commands (annotations, saying when a fix is available) and a
Markdown job summary."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pplint.core.i18n import tr
from pplint.core.model import Finding, Severity
from pplint.engine.report import Report, find_root
from pplint.output.formatters import stream
from pplint.output.formatters.common import ci_path, clip, display_name, visible
from pplint.output.formatters.sarif import FixOffers

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
MAX_TABLE_ROWS = 1000
MAX_SUMMARY_BYTES = 900_000  # $GITHUB_STEP_SUMMARY takes at most 1 MiB per step, in all
MAX_CELL = 1000  # characters of one message in the summary table


def escape_data(value: Any) -> str:
    """Escape a command's message as actions/toolkit does (`escapeData`)."""
    return str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: Any) -> str:
    """Escape a command's property value as actions/toolkit does (`escapeProperty`)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def ordered(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then notices (runners show only 10 of each per step)."""
    return sorted(findings, key=lambda f: (-f.severity, f))


def _text(f: Finding) -> str:
    return f.message + (f" [{', '.join(f.reasons)}]" if f.reasons else "")


def annotation(f: Finding, root: Path | None = None, note: str = "") -> str:
    """One `::error file=...,line=...::message` command for a finding (paths from `root`),
    ending with ``note`` (that a fix is available) when given."""
    end_line, end_column = f.end_line, f.end_column
    if end_line is not None and end_line > f.line and end_column == 1:
        end_line, end_column = end_line - 1, None  # a block ends at column 1 of the next line
    where = display_name(ci_path(f.file, root or find_root()))
    props: list[tuple[str, Any]] = [("file", where), ("line", f.line)]
    if end_line is None or end_line == f.line:
        props.append(("col", f.column))
        if end_line is not None and end_column is not None and end_column > f.column:
            props += [("endLine", end_line), ("endColumn", end_column)]
    else:
        props.append(("endLine", end_line))  # columns only when the range is on one line
    props.append(("title", visible(f"{f.rule} ({f.kind})")))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    text = clip(_text(f)) + (f" {note}" if note else "")
    message = visible(text, keep="\n")  # a newline is escaped as %0A below
    return f"::{COMMANDS[f.severity]} {joined}::{escape_data(message)}"


def _counts(report: Report) -> str:
    s = report.summary()
    text = (
        f"{s['findings']} findings ({s['errors']} errors, {s['warnings']} warnings, "
        f"{s['infos']} infos) in {s['files']} files; {s['suppressed']} waived"
    )
    if s["baseline"]:
        text += f"; {s['baseline']} hidden by the baseline"
    return text


class Writer(stream.Writer):
    """Each file's annotations, errors first, as soon as the files named before it are done;
    the counts last. Runners show the first ten of each severity: those of the first files."""

    streams = True

    def __init__(self, report: Report, names: Sequence[str]) -> None:
        super().__init__(report, names)
        self.offers = FixOffers(report)

    def add(self, out: stream.FileOut) -> str:
        self.offers.add(out)
        pieces = (((-f.severity, f), f) for f in out.result.findings if not f.suppressed)
        return self._lines(self.order.add(out.result.file, pieces))

    def finish(self) -> str:
        counts = f"::notice::{escape_data('pplint: ' + _counts(self.report))}\n"
        return self._lines(self.order.rest()) + counts

    def _lines(self, findings: list[Finding]) -> str:
        return "".join(annotation(f, self.report.root, self._note(f)) + "\n" for f in findings)

    def _note(self, f: Finding) -> str:
        from pplint.fix.offers import note

        offered = self.offers.pop(f)
        return note(*offered) if offered else ""


def render(report: Report) -> str:
    return stream.render_with(Writer, report)


def _cell(value: Any) -> str:
    text = visible(clip(" ".join(str(value).split()), MAX_CELL))
    return text.replace("\\", "\\\\").replace("|", "\\|")


class StepSummary:
    """The job summary, fed one file at a time: the counts, and the first MAX_TABLE_ROWS
    findings in the order of `ordered` (no more are kept)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.rows: list[tuple[tuple[int, Finding], int, Finding]] = []
        self.seen = 0

    def add(self, out: stream.FileOut) -> None:
        for f in out.result.findings:
            if not f.suppressed:
                self.rows.append(((-f.severity, f), self.seen, f))
                self.seen += 1
        if len(self.rows) > 2 * MAX_TABLE_ROWS:
            self._trim()

    def _trim(self) -> None:
        self.rows.sort(key=lambda row: row[:2])
        del self.rows[MAX_TABLE_ROWS:]

    def finish(self) -> str:
        """A Markdown section for $GITHUB_STEP_SUMMARY: counts, then a table of findings."""
        self._trim()
        report = self.report
        s = report.summary()
        lang = report.lang
        counts = tr(
            lang,
            "**{findings} findings** in {k} of {n} files: {errors} errors, {warnings} warnings, "
            "{infos} infos; {waived} waived",
            findings=s["findings"],
            k=s["files_with_findings"],
            n=s["files"],
            errors=s["errors"],
            warnings=s["warnings"],
            infos=s["infos"],
            waived=s["suppressed"],
        )
        if s["baseline"]:
            counts += "; " + tr(lang, "{n} hidden by the baseline", n=s["baseline"])
        if s.get("not_shown"):
            counts += "; " + tr(lang, "{n} not judged on a notice", n=s["not_shown"])
        out = ["## pplint", "", counts + ".", ""]
        if self.seen:
            head = [tr(lang, w) for w in ("Severity", "Rule", "File:line", "Message")]
            out += ["| " + " | ".join(head) + " |", "| --- | --- | --- | --- |"]
            size = sum(len(line.encode("utf-8")) + 1 for line in out)
            rows = 0
            for _, _, f in self.rows:
                where = f"{display_name(ci_path(f.file, report.root))}:{f.line}"
                row = (
                    f"| {tr(lang, f.severity.label)} | {_cell(f.rule)} | {_cell(where)} "
                    f"| {_cell(_text(f))} |"
                )
                size += len(row.encode("utf-8")) + 1
                if size > MAX_SUMMARY_BYTES:
                    break
                out.append(row)
                rows += 1
            if rows < self.seen:
                more = tr(lang, "... and {n} more (see the full report).", n=self.seen - rows)
                out += ["", more]
            out.append("")
        return "\n".join(out) + "\n"


def step_summary(report: Report) -> str:
    """A Markdown section for $GITHUB_STEP_SUMMARY: counts, then a table of active findings."""
    summary = StepSummary(report)
    for out in stream.file_outs(report):
        summary.add(out)
    return summary.finish()
