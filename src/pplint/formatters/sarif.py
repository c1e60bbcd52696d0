"""SARIF 2.1.0 for GitHub code scanning: rules with help, located results, waivers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from pplint.engine import FORMAT_RULES
from pplint.model import Finding, Severity
from pplint.report import TOOL, Report
from pplint.rulepack import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "pplint/v1"


def relative_posix(file: str) -> str:
    """A finding's file as a POSIX path, relative to the working directory when possible."""
    path = PurePath(file)
    if path.is_absolute():
        try:
            path = Path(file).relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    text = path.as_posix()
    while text.startswith("./"):
        text = text[2:]
    return text


def identity(f: Finding) -> str:
    """What makes a finding the same across runs: rule, file, document path, clause (no line)."""
    return "\0".join((f.rule, relative_posix(f.file), f.path_str, f.clause or ""))


def unique_hashes(findings: Iterable[Finding], digest: Callable[[bytes], Any]) -> list[str]:
    """One hex digest per finding's identity; a collision is re-salted with a counter."""
    seen: set[str] = set()
    out = []
    for f in findings:
        key = identity(f)
        value = digest(key.encode("utf-8")).hexdigest()
        salt = 0
        while value in seen:
            salt += 1
            value = digest(f"{key}\0{salt}".encode()).hexdigest()
        seen.add(value)
        out.append(value)
    return out


def _legal(rule: Rule, markdown: bool) -> list[str]:
    out = []
    for basis in rule.legal_basis:
        label = basis["instrument"] + (f", {basis['article']}" if basis.get("article") else "")
        url = basis.get("url")
        if markdown:
            out.append(f"- [{label}]({url})" if url else f"- {label}")
        else:
            out.append(f"- {label}" + (f" <{url}>" if url else ""))
    return out


def _clause(report: Report, rule: Rule) -> str:
    """The first model clause rendered for this rule in this run, else the English template."""
    for (_file, rule_id), text in sorted(report.model_clauses.items()):
        if rule_id == rule.id and text:
            return text
    lang = "en" if "en" in rule.model_clause else next(iter(rule.model_clause))
    return " ".join(rule.model_clause[lang].split())


def _pack_rule(report: Report, rule: Rule) -> dict[str, Any]:
    message, rationale = " ".join(rule.message.split()), " ".join(rule.rationale.split())
    clause = _clause(report, rule)
    text = "\n".join([message, "", f"Why: {rationale}", "", "Legal basis:",
                      *_legal(rule, False), "", "Model clause:", clause])
    markdown = "\n".join([message, "", f"**Why.** {rationale}", "", "**Legal basis**", "",
                          *_legal(rule, True), "", "**Model clause**", "",
                          *(f"> {line}" for line in clause.splitlines())])
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rationale},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.family, "procurement"]},
    }


def _format_rule(rule_id: str) -> dict[str, Any]:
    what = FORMAT_RULES.get(rule_id, "a problem with the file itself")
    text = (f"A problem with the tender file itself: {what}. Fix the file; until then some "
            "rules may not run or may report wrongly.")
    return {
        "id": rule_id,
        "shortDescription": {"text": what[0].upper() + what[1:]},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": text},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["format", "procurement"]},
    }


def _descriptor(report: Report, rule_id: str) -> dict[str, Any]:
    rule = report.rule(rule_id)
    return _pack_rule(report, rule) if rule is not None else _format_rule(rule_id)


def _region(f: Finding) -> dict[str, int]:
    end_line, end_column = f.end_line, f.end_column
    if end_line is None or end_column is None or (end_line, end_column) <= (f.line, f.column):
        end_line, end_column = f.line, f.column + 1
    return {"startLine": f.line, "startColumn": f.column, "endLine": end_line,
            "endColumn": end_column}


def _artifact(file: str) -> dict[str, str]:
    path = relative_posix(file)
    if PurePath(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path, safe="/"), "uriBaseId": "%SRCROOT%"}


def _result(f: Finding, index: int, fingerprint: str) -> dict[str, Any]:
    text = f.message + (f" [{', '.join(f.reasons)}]" if f.reasons else "")
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {"artifactLocation": _artifact(f.file), "region": _region(f)},
            "logicalLocations": [{"fullyQualifiedName": f.path_str or "document"}],
        }],
        "partialFingerprints": {FINGERPRINT: fingerprint},
        "properties": {"kind": f.kind, "family": f.family, "reasons": list(f.reasons),
                       "details": list(f.details)},
    }
    if f.clause is not None:
        result["properties"]["clause"] = f.clause
    if f.waiver is not None:
        w = f.waiver
        extra = {k: v for k, v in (("source", w.source), ("approver", w.approver),
                                   ("expires", w.expires)) if v}
        in_file = w.source.startswith("waivers[")
        result["suppressions"] = [{"kind": "inSource" if in_file else "external",
                                   "status": "accepted", "justification": w.reason,
                                   "properties": extra}]
    return result


def render(report: Report) -> str:
    findings = sorted(report.findings)
    rule_ids = sorted({f.rule for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    prints = unique_hashes(findings, hashlib.sha256)
    run = {
        "tool": {"driver": {"name": TOOL["name"], "version": TOOL["version"],
                            "rules": [_descriptor(report, r) for r in rule_ids]}},
        "invocations": [{"executionSuccessful": True}],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule], fp) for f, fp in zip(findings, prints, strict=True)],
    }
    out = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"
