"""Plain `file:line:col: severity RULE message` lines, for pipes, editors and grep."""

from __future__ import annotations

from pplint.core.model import Finding
from pplint.engine.report import Report
from pplint.output.formatters import stream
from pplint.output.formatters.common import display_name, shown


def line(f: Finding) -> str:
    """One finding as a line of text, with its newline."""
    listed = ", ".join(f.reasons)
    reasons = f" [{listed}]" if f.reasons and listed not in f.message else ""
    return (
        f"{display_name(f.file)}:{f.line}:{f.column}: {f.severity.label} "
        f"{shown(f.rule)} {shown(f.message + reasons)}\n"
    )


class Writer(stream.Writer):
    """Each file's lines as soon as the files named before it are done."""

    streams = True

    def add(self, out: stream.FileOut) -> str:
        pieces = ((f, f) for f in out.result.findings if not f.suppressed)
        return "".join(line(f) for f in self.order.add(out.result.file, pieces))

    def finish(self) -> str:
        return "".join(line(f) for f in self.order.rest())


def render(report: Report) -> str:
    return stream.render_with(Writer, report)
