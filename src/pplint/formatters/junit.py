"""JUnit XML as GitLab reads it: per tender file, one test case per rule (pass, fail or skip)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import PurePosixPath

from pplint.engine import FORMAT_RULES, FileResult
from pplint.formatters.sarif import relative_posix
from pplint.model import Finding, Severity
from pplint.report import Report

TENDER_SUFFIXES = (".tender.yaml", ".tender.yml")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    """Text XML 1.0 can carry (control characters dropped)."""
    return _NOT_XML.sub("", text)


def classname(file: str) -> str:
    """The file path without its extension (GitLab shows it as the suite name)."""
    path = relative_posix(file)
    for suffix in TENDER_SUFFIXES:
        if path.endswith(suffix):
            return path[: -len(suffix)]
    pure = PurePosixPath(path)
    return pure.with_suffix("").as_posix() if pure.suffix else path


def _line(f: Finding) -> str:
    reasons = f" [{', '.join(f.reasons)}]" if f.reasons else ""
    where = f" at {f.path_str}" if f.path_str else ""
    return f"{f.severity.label} {f.line}:{f.column} {f.message}{reasons}{where}"


def _case(suite: ET.Element, file: str, name: str, findings: list[Finding]) -> str:
    """Add a test case; return its outcome: passed, failure or error."""
    case = ET.SubElement(suite, "testcase", classname=_clean(classname(file)), name=_clean(name),
                         file=_clean(relative_posix(file)))
    active = [f for f in findings if not f.suppressed]
    waived = [f for f in findings if f.suppressed]
    outcome = "passed"
    if active:
        outcome = "error" if all(f.family == "format" and f.severity == Severity.ERROR
                                 for f in active) else "failure"
        first = active[0]
        more = f" (+{len(active) - 1} more)" if len(active) > 1 else ""
        kinds = ",".join(sorted({f.kind for f in active}))
        node = ET.SubElement(case, outcome, message=_clean(f"{first.message}{more}"), type=kinds)
        node.text = _clean("\n".join(_line(f) for f in active))
    if waived:
        out = ET.SubElement(case, "system-out")
        out.text = _clean("\n".join(
            f"waived ({f.waiver.source}): {f.waiver.reason} -- {_line(f)}"
            for f in waived if f.waiver is not None))
    return outcome


def _suite(report: Report, result: FileResult) -> tuple[ET.Element, dict[str, int]]:
    suite = ET.Element("testsuite", name=_clean(relative_posix(result.file)))
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_rule[f.rule].append(f)
    cases: list[tuple[str, list[Finding]]] = []
    if result.checked:
        for rule_id in result.applicable:
            rule = report.rule(rule_id)
            title = rule.title if rule is not None else ""
            cases.append((f"{rule_id} {title}".strip(), by_rule.pop(rule_id, [])))
    for rule_id in sorted(by_rule):  # format findings, and any rule the run did not list
        rule = report.rule(rule_id)
        title = rule.title if rule is not None else FORMAT_RULES.get(rule_id, "")
        cases.append((f"{rule_id} {title}".strip(), by_rule[rule_id]))
    for name, findings in cases:
        outcome = _case(suite, result.file, name, findings)
        counts["tests"] += 1
        if outcome == "failure":
            counts["failures"] += 1
        elif outcome == "error":
            counts["errors"] += 1
    if result.checked:
        for rule_id in result.not_applicable:
            rule = report.rule(rule_id)
            name = f"{rule_id} {rule.title if rule is not None else ''}".strip()
            case = ET.SubElement(suite, "testcase", classname=_clean(classname(result.file)),
                                 name=_clean(name), file=_clean(relative_posix(result.file)))
            ET.SubElement(case, "skipped", message="rule does not apply to this tender")
            counts["tests"] += 1
            counts["skipped"] += 1
    for key, value in counts.items():
        suite.set(key, str(value))
    return suite, counts


def render(report: Report) -> str:
    root = ET.Element("testsuites", name="pplint")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for result in report.results:
        suite, counts = _suite(report, result)
        root.append(suite)
        for key, value in counts.items():
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
