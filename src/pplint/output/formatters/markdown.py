"""Markdown for pull-request comments and ``$GITHUB_STEP_SUMMARY``: the counts, then one
collapsible section per file with each finding, its reasons, legal basis and model clause.

Everything from a tender or a file name is escaped: no HTML, link, heading, mention or code
fence of its own survives, and model clauses sit in a fence longer than any backtick run
they hold. The whole text stays under GitHub's comment limit; what does not fit is counted.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from pplint.core.i18n import plural, tr
from pplint.core.model import Finding
from pplint.engine.report import Report
from pplint.output.formatters import stream
from pplint.output.formatters.common import ci_path, clip, display_name, legal_text, visible

MAX_BYTES = 60_000  # GitHub refuses comments over 65,536 characters
MAX_FILE_BYTES = 20_000  # one file's section, so that later files still get a line
ICONS = {"error": "🔴", "warning": "🟡", "info": "🔵"}
_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|<>~@&$])")  # inline syntax, HTML, mentions, math
_LEAD = re.compile(r"^([-+=>.\d])")  # what would start a list, heading or quote


def md(text: str, limit: int = 1000) -> str:
    """Untrusted text as inert Markdown on one line: every character Markdown or HTML
    reads backslash-escaped (so no tag, link, heading, emphasis or @mention)."""
    flat = visible(clip(" ".join(str(text).split()), limit))
    return _LEAD.sub(r"\\\1", _SPECIAL.sub(r"\\\1", flat))


def code(text: str) -> str:
    """Untrusted text as an inline code span (no backtick of its own)."""
    return "`" + visible(clip(" ".join(str(text).split()), 200)).replace("`", "'") + "`"


def fenced(text: str) -> list[str]:
    """A text block in a fence longer than any run of backticks inside it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", visible(clip(text), keep="\n"), fence]


class Writer(stream.Writer):
    """Keeps each file's section (bounded) until the end: the counts come first."""

    def __init__(self, report: Report, names: Sequence[str]) -> None:
        super().__init__(report, names)
        self.sections: list[tuple[str, str]] = []
        self.size = 0
        self.left_out = 0  # files whose section did not fit

    def add(self, out: stream.FileOut) -> str:
        active = [f for f in out.result.findings if not f.suppressed]
        if not active:
            return ""
        lang = out.result.lang or self.report.lang
        for full in (True, False):  # without model clauses and details when it does not fit
            text = "\n".join(self._section(out, sorted(active), lang, full)) + "\n"
            if self.size + len(text.encode("utf-8")) <= MAX_BYTES:
                self.sections.append((out.result.file, text))
                self.size += len(text.encode("utf-8"))
                return ""
        self.left_out += 1
        return ""

    def finish(self) -> str:
        lang = self.report.lang
        out = ["## pplint", "", _counts(self.report), ""]
        out += [text for _, text in sorted(self.sections)]
        if self.left_out:
            out += [
                plural(
                    lang,
                    self.left_out,
                    "1 more file with findings is left out to keep this short: run pplint "
                    "for the full report.",
                    "{n} more files with findings are left out to keep this short: run "
                    "pplint for the full report.",
                ),
                "",
            ]
        return "\n".join(out).rstrip("\n") + "\n"

    def _section(
        self, out: stream.FileOut, findings: list[Finding], lang: str, full: bool
    ) -> list[str]:
        name = html.escape(clip(display_name(ci_path(out.result.file, self.report.root)), 300))
        counts = _severities(findings, lang)
        lines = ["<details>", f"<summary><b>{name}</b>: {counts}</summary>", ""]
        size = 0
        for f in findings:  # in full while the file's budget lasts, then one line each
            part = self._finding(f, out.clause(f), lang) if full else []
            size += sum(len(line.encode("utf-8")) + 1 for line in part)
            if not part or size > MAX_FILE_BYTES:
                part = self._short(f, lang)
            lines += part
        lines.append("")
        lines += ["</details>", ""]
        return lines

    def _finding(self, f: Finding, clause: str | None, lang: str) -> list[str]:
        label = tr(lang, f.severity.label)
        rule = self.report.rule(f.rule, lang)
        title = f" {md(rule.title, 300)}" if rule is not None else ""
        where = tr(lang, "line {line}", line=f.line)
        head = f"{ICONS[f.severity.label]} **{label}** {code(f.rule)}{title} ({where})"
        lines = [head, "", md(f.message, 4000)]
        if f.path_str:
            lines[-1] += f" ({code(f.path_str)})"
        lines.append("")
        if f.reasons and f.kind == "weak":
            lines.append(f"{tr(lang, 'Why:')} {md(', '.join(f.reasons), 300)}")
        lines += [f"- {md(detail, 1000)}" for detail in f.details]
        if rule is not None and rule.legal_basis:
            lines.append(f"{tr(lang, 'Legal basis:')} {md(legal_text(rule), 1000)}")
        if f.details or f.reasons or rule is not None:
            lines.append("")
        if clause:
            summary = tr(lang, "Model clause (to adapt and insert)")
            lines += ["<details>", f"<summary>{summary}</summary>", "", *fenced(clause)]
            lines += ["", "</details>", ""]
        return lines

    def _short(self, f: Finding, lang: str) -> list[str]:
        """A finding in one line (when the full sections would not fit)."""
        label = tr(lang, f.severity.label)
        where = tr(lang, "line {line}", line=f.line)
        return [
            f"- {ICONS[f.severity.label]} **{label}** {code(f.rule)} ({where}): "
            f"{md(f.message, 600)}"
        ]


def _severities(findings: list[Finding], lang: str) -> str:
    """``2 errors, 1 warning`` for a file's findings."""
    by = {s: sum(1 for f in findings if f.severity.label == s) for s in ICONS}
    words = {
        "error": ("1 error", "{n} errors"),
        "warning": ("1 warning", "{n} warnings"),
        "info": ("{n} info", "{n} info"),
    }
    return ", ".join(plural(lang, n, *words[s]) for s, n in by.items() if n)


def _counts(report: Report) -> str:
    """The run's counts in one bold line."""
    s, lang = report.summary(), report.lang
    if s["findings"] == 0:
        return "✅ " + plural(
            lang, s["files"], "No findings in 1 file.", "No findings in {n} files."
        )
    found = plural(lang, s["findings"], "1 finding", "{n} findings")
    where = plural(
        lang, s["files"], "in {k} of 1 file:", "in {k} of {n} files:", k=s["files_with_findings"]
    )
    parts = [
        plural(lang, s["errors"], "1 error", "{n} errors"),
        plural(lang, s["warnings"], "1 warning", "{n} warnings"),
        tr(lang, "{n} info", n=s["infos"]),
    ]
    text = f"**{found}** {where} {', '.join(parts)}."
    if s["suppressed"]:
        text += " " + plural(lang, s["suppressed"], "1 waived.", "{n} waived.")
    if s["baseline"]:
        text += " " + tr(lang, "{n} in the baseline.", n=s["baseline"])
    if s.get("not_shown"):
        text += " " + tr(
            lang, "{n} not judged: the notice does not show what they look for.", n=s["not_shown"]
        )
    return text


def render(report: Report) -> str:
    return stream.render_with(Writer, report)
