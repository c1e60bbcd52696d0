"""JUnit XML: per tender file, one test case per rule (pass, fail or skip), in two flavours.

`junit` is the flavour GitLab reads (its parser takes `file` from each test case); `junit-jenkins`
follows the Jenkins JUnit schemas (the xunit plugin's junit-10.xsd and the dtkit junit-4.xsd the
junit plugin is written against), which refuse `file` on a test case and `skipped` on the root.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pplint.core.model import Finding, Severity
from pplint.engine.report import Report
from pplint.engine.results import FORMAT_RULES, FileResult
from pplint.output.formatters import stream
from pplint.output.formatters.common import ci_path, display_name, shown

TENDER_SUFFIXES = (".tender.yaml", ".tender.yml")
NOT_APPLICABLE = "rule does not apply to this tender"
ATTACHMENT = "[[ATTACHMENT|"  # GitLab turns this tag in test output into an artifact link


@dataclass(frozen=True, slots=True)
class Flavour:
    """What one consumer's JUnit dialect allows."""

    case_file: bool  # a `file` attribute on each <testcase>
    root_skipped: bool  # a `skipped` count on <testsuites>
    skip_as_text: bool  # the reason for a skip as text, not as a `message` attribute


GITLAB = Flavour(case_file=True, root_skipped=True, skip_as_text=False)
JENKINS = Flavour(case_file=False, root_skipped=False, skip_as_text=True)


def _text(text: str) -> str:
    """Untrusted text as XML carries it: visible escapes, no GitLab attachment tag."""
    return shown(text).replace(ATTACHMENT, "[\\[ATTACHMENT|")


def classname(path: str) -> str:
    """The file path without its extension (GitLab shows it as the suite name)."""
    for suffix in TENDER_SUFFIXES:
        if path.endswith(suffix):
            return path[: -len(suffix)]
    pure = PurePosixPath(path)
    return pure.with_suffix("").as_posix() if pure.suffix else path


def _line(f: Finding) -> str:
    reasons = f" [{', '.join(f.reasons)}]" if f.reasons else ""
    where = f" at {f.path_str}" if f.path_str else ""
    return _text(f"{f.severity.label} {f.line}:{f.column} {f.message}{reasons}{where}")


@dataclass(frozen=True, slots=True)
class _Suite:
    """Where the test cases of one file go, and how they name it."""

    element: ET.Element
    path: str  # the file relative to the repository root, shown
    flavour: Flavour

    def case(self, name: str) -> ET.Element:
        case = ET.SubElement(
            self.element, "testcase", classname=classname(self.path), name=_text(name)
        )
        if self.flavour.case_file:
            case.set("file", self.path)
        return case


def _case(suite: _Suite, name: str, findings: list[Finding]) -> str:
    """Add a test case; return its outcome: passed, failure or error."""
    case = suite.case(name)
    active = [f for f in findings if not f.suppressed]
    waived = [f for f in findings if f.suppressed]
    outcome = "passed"
    if active:
        outcome = (
            "error"
            if all(f.family == "format" and f.severity == Severity.ERROR for f in active)
            else "failure"
        )
        first = active[0]
        more = f" (+{len(active) - 1} more)" if len(active) > 1 else ""
        kinds = ",".join(sorted({f.kind for f in active}))
        node = ET.SubElement(case, outcome, message=_text(first.message) + more, type=_text(kinds))
        node.text = "\n".join(_line(f) for f in active)
    if waived:
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(
            _text(f"waived ({f.waiver.source}): {f.waiver.reason} -- ") + _line(f)
            for f in waived
            if f.waiver is not None
        )
    return outcome


def _skip(suite: _Suite, name: str) -> None:
    case = suite.case(name)
    if suite.flavour.skip_as_text:
        ET.SubElement(case, "skipped").text = NOT_APPLICABLE
    else:
        ET.SubElement(case, "skipped", message=NOT_APPLICABLE)


def _title(report: Report, rule_id: str) -> str:
    rule = report.rule(rule_id)
    title = rule.title if rule is not None else FORMAT_RULES.get(rule_id, "")
    return f"{rule_id} {title}".strip()


def _suite(
    report: Report, result: FileResult, flavour: Flavour, root: Path
) -> tuple[ET.Element, dict[str, int]]:
    path = display_name(ci_path(result.file, root))
    suite = _Suite(ET.Element("testsuite", name=path), path, flavour)
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_rule[f.rule].append(f)
    cases: list[tuple[str, list[Finding]]] = []
    if result.checked:
        for rule_id in result.applicable:
            cases.append((_title(report, rule_id), by_rule.pop(rule_id, [])))
    for rule_id in sorted(by_rule):  # format findings, and any rule the run did not list
        cases.append((_title(report, rule_id), by_rule[rule_id]))
    for name, findings in cases:
        outcome = _case(suite, name, findings)
        counts["tests"] += 1
        if outcome == "failure":
            counts["failures"] += 1
        elif outcome == "error":
            counts["errors"] += 1
    if result.checked:
        for rule_id in result.not_applicable:
            _skip(suite, _title(report, rule_id))
            counts["tests"] += 1
            counts["skipped"] += 1
    for key, value in counts.items():
        suite.element.set(key, str(value))
    return suite.element, counts


class Writer(stream.Writer):
    """Keeps each file's test suite as its XML text, and the totals."""

    flavour = GITLAB

    def __init__(self, report: Report, names: Sequence[str]) -> None:
        super().__init__(report, names)
        self.suites: list[str] = []
        self.totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}

    def add(self, out: stream.FileOut) -> str:
        suite, counts = _suite(self.report, out.result, self.flavour, self.report.root)
        for key, value in counts.items():
            self.totals[key] += value
        ET.indent(suite, level=1)  # as indenting the whole document would
        self.suites.append(ET.tostring(suite, encoding="unicode"))
        return ""

    def finish(self) -> str:
        root = ET.Element("testsuites", name="pplint")
        totals = dict(self.totals)
        if not self.flavour.root_skipped:
            del totals["skipped"]
        for key, value in totals.items():
            root.set(key, str(value))
        if not self.suites:
            body = ET.tostring(root, encoding="unicode")
        else:
            ET.SubElement(root, "suites")
            head, _, tail = ET.tostring(root, encoding="unicode").partition("<suites />")
            body = head + "\n  " + "\n  ".join(self.suites) + "\n" + tail
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


class JenkinsWriter(Writer):
    """The Jenkins flavour."""

    flavour = JENKINS


def render(report: Report) -> str:
    """The GitLab flavour (the `junit` format)."""
    return stream.render_with(Writer, report)


def render_jenkins(report: Report) -> str:
    """The Jenkins flavour (the `junit-jenkins` format)."""
    return stream.render_with(JenkinsWriter, report)
