"""SARIF 2.1.0 for GitHub code scanning: rules with help, located results, waivers, fixes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from pplint.core.model import NOT_SHOWN, Finding, Severity, Waived
from pplint.core.rules import Rule
from pplint.engine.report import Report
from pplint.engine.results import FORMAT_RULES
from pplint.fix.model import Fix
from pplint.output.formatters import stream
from pplint.output.formatters.common import (
    TOOL,
    ci_path,
    clip,
    dump_json,
    file_uri,
    fill_json,
    nested_json,
    repo_path,
    root_uri,
    uri_reference,
)

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "pplint/v1"
SRCROOT = "%SRCROOT%"


def identity(f: Finding, root: Path) -> str:
    """What makes a finding the same across runs: rule, file, document path, clause (no line)."""
    return "\0".join((f.rule, ci_path(f.file, root), f.path_str, f.clause or ""))


class Fingerprints:
    """One hex digest per finding's identity, in the order asked; a digest already given is
    re-salted with a counter."""

    def __init__(self, digest: Callable[[bytes], Any], root: Path) -> None:
        self.digest = digest
        self.root = root
        self.seen: set[str] = set()
        self.next_salt: dict[str, int] = {}  # per identity: every lower salt is already taken

    def of(self, f: Finding) -> str:
        key = identity(f, self.root)
        salt = self.next_salt.get(key, 0)
        while True:
            data = key if salt == 0 else f"{key}\0{salt}"
            value = str(self.digest(data.encode("utf-8", "surrogatepass")).hexdigest())
            salt += 1
            if value not in self.seen:
                break
        self.next_salt[key] = salt
        self.seen.add(value)
        return value


def unique_hashes(
    findings: Iterable[Finding], digest: Callable[[bytes], Any], root: Path
) -> list[str]:
    """One hex digest per finding's identity; a collision is re-salted with a counter."""
    prints = Fingerprints(digest, root)
    return [prints.of(f) for f in findings]


def _legal(rule: Rule, markdown: bool) -> list[str]:
    out = []
    for basis in rule.legal_basis:
        article = f", {basis['article']}" if basis.get("article") else ""
        label = clip(basis["instrument"] + article)
        url = clip(basis["url"]) if basis.get("url") else None
        if markdown:
            out.append(f"- [{label}]({url})" if url else f"- {label}")
        else:
            out.append(f"- {label}" + (f" <{url}>" if url else ""))
    return out


def first_clauses(report: Report) -> dict[str, str]:
    """Per rule, the first model clause rendered for it in this run (by file name)."""
    out: dict[str, str] = {}
    for (_file, rule_id), text in sorted(report.model_clauses.items()):
        if text:
            out.setdefault(rule_id, text)
    return out


def _clause(rule: Rule, rendered: dict[str, str]) -> str:
    """The model clause rendered for this rule in this run, else the English template."""
    if rule.id in rendered:
        return clip(rendered[rule.id])
    lang = "en" if "en" in rule.model_clause else next(iter(rule.model_clause))
    return clip(" ".join(rule.model_clause[lang].split()))


def _pack_rule(rule: Rule, rendered: dict[str, str]) -> dict[str, Any]:
    message = clip(" ".join(rule.message.split()))
    rationale = clip(" ".join(rule.rationale.split()))
    clause = _clause(rule, rendered)
    text = "\n".join(
        [
            message,
            "",
            f"Why: {rationale}",
            "",
            "Legal basis:",
            *_legal(rule, False),
            "",
            "Model clause:",
            clause,
        ]
    )
    markdown = "\n".join(
        [
            message,
            "",
            f"**Why.** {rationale}",
            "",
            "**Legal basis**",
            "",
            *_legal(rule, True),
            "",
            "**Model clause**",
            "",
            *(f"> {line}" for line in clause.splitlines()),
        ]
    )
    return {
        "id": rule.id,
        "shortDescription": {"text": clip(rule.title)},
        "fullDescription": {"text": rationale},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.family, "procurement"]},
    }


def _format_rule(rule_id: str) -> dict[str, Any]:
    what = FORMAT_RULES.get(rule_id, "a problem with the file itself")
    text = (
        f"A problem with the tender file itself: {what}. Fix the file; until then some "
        "rules may not run or may report wrongly."
    )
    return {
        "id": rule_id,
        "shortDescription": {"text": what[0].upper() + what[1:]},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": text},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["format", "procurement"]},
    }


def _descriptor(report: Report, rule_id: str, rendered: dict[str, str]) -> dict[str, Any]:
    rule = report.rule(rule_id)
    return _pack_rule(rule, rendered) if rule is not None else _format_rule(rule_id)


def _region(f: Finding) -> dict[str, int]:
    """The finding's span, at least one character wide, never before line 1, column 1."""
    line, column = max(f.line, 1), max(f.column, 1)
    end_line, end_column = f.end_line, f.end_column
    if end_line is None or end_column is None or (end_line, end_column) <= (line, column):
        end_line, end_column = line, column + 1
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def artifact(file: str, root: Path) -> dict[str, str]:
    """Where the file is: relative to %SRCROOT% (the repository root), else an absolute URI."""
    path = repo_path(file, root)
    if path is None:
        return {"uri": file_uri(file)}
    return {"uri": uri_reference(path), "uriBaseId": SRCROOT}


def _suppression(w: Waived) -> dict[str, Any]:
    extra = {
        k: clip(v)
        for k, v in (("source", w.source), ("approver", w.approver), ("expires", w.expires))
        if v
    }
    in_file = w.source.startswith("waivers[")
    return {
        "kind": "inSource" if in_file else "external",
        "status": "accepted",
        "justification": clip(w.reason),
        "properties": extra,
    }


def _fix(fix: Fix, f: Finding, root: Path, lang: str | None) -> dict[str, Any]:
    """A fix as SARIF gives it: its tier and description, and its replacements in the
    result's file (regions of the original text; an empty one is an insertion point)."""
    from pplint.fix.offers import describe

    return {
        "description": {"text": clip(describe(fix, lang))},
        "artifactChanges": [
            {
                "artifactLocation": artifact(f.file, root),
                "replacements": [
                    {
                        "deletedRegion": {
                            "startLine": e.start_line,
                            "startColumn": e.start_column,
                            "endLine": e.end_line,
                            "endColumn": e.end_column,
                        },
                        "insertedContent": {"text": e.text},
                    }
                    for e in fix.edits
                ],
            }
        ],
    }


def _result(f: Finding, index: int, fingerprint: str, root: Path) -> dict[str, Any]:
    text = f.message + (f" [{', '.join(f.reasons)}]" if f.reasons else "")
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": clip(text)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact(f.file, root),
                    "region": _region(f),
                },
                "logicalLocations": [{"fullyQualifiedName": clip(f.path_str) or "document"}],
            }
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint},
        "properties": {
            "kind": f.kind,
            "family": f.family,
            "reasons": list(f.reasons),
            "details": [clip(d) for d in f.details],
        },
    }
    logical = result["locations"][0]["logicalLocations"]
    if f.xpath is not None:  # a notice's element
        logical.append({"fullyQualifiedName": clip(f.xpath), "kind": "element"})
        result["properties"]["xpath"] = clip(f.xpath)
    if f.pointer is not None:  # an OCDS member
        logical.append({"fullyQualifiedName": clip(f.pointer), "kind": "value"})
        result["properties"]["pointer"] = clip(f.pointer)
    if f.kind == NOT_SHOWN:  # not judged: the notice has no place for what the rule wants
        result["kind"] = "notApplicable"
        result["level"] = "none"
    if f.clause is not None:
        result["properties"]["clause"] = clip(f.clause)
    if f.elements:
        result["properties"]["missingElements"] = [clip(e) for e in f.elements]
    if f.related:
        result["properties"]["relatedRules"] = list(f.related)
    if f.waiver is not None:
        result["suppressions"] = [_suppression(f.waiver)]
    return result


class FixOffers:
    """Per finding of the files added so far, its fix and the language to describe it in
    (computed per file: the file is read and planned again, only when a finding may have
    one; a failure costs only the offers)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.fixes: dict[int, tuple[Fix, str | None]] = {}
        self._offers: Any = None

    def add(self, out: stream.FileOut) -> None:
        from pplint.fix.offers import Offers

        if self._offers is None:
            self._offers = Offers(self.report.ruleset)
        if not any(self._offers.may_fix(f) for f in out.result.findings):
            return
        try:
            found = self._offers.of(out.result, out.clauses)
        except Exception:  # noqa: BLE001 - an offer must never cost the report
            return
        for finding, fix in found.items():
            self.fixes[id(finding)] = (fix, out.result.lang)

    def pop(self, f: Finding) -> tuple[Fix, str | None] | None:
        return self.fixes.pop(id(f), None)


class Writer(stream.Writer):
    """Keeps each result as its JSON text, the rule ids, and per rule the model clause of the
    first file by name."""

    def __init__(self, report: Report, names: Sequence[str]) -> None:
        super().__init__(report, names)
        self.prints = Fingerprints(hashlib.sha256, report.root)
        self.results: list[tuple[str, str]] = []  # rule id, the result with ruleIndex 0
        self.clauses: dict[str, tuple[str, str]] = {}  # rule id -> (file, model clause)
        self.offers = FixOffers(report)

    def add(self, out: stream.FileOut) -> str:
        name = out.result.file
        self.offers.add(out)
        for rule_id, text in out.clauses.items():
            first = self.clauses.get(rule_id)
            if text and (first is None or name < first[0]):
                self.clauses[rule_id] = (name, text)
        self._results(self.order.add(name, ((f, f) for f in out.result.findings)))
        return ""

    def _results(self, findings: list[Finding]) -> None:
        for f in findings:
            result = _result(f, 0, self.prints.of(f), self.report.root)
            offered = self.offers.pop(f)
            if offered is not None:
                result["fixes"] = [_fix(offered[0], f, self.report.root, offered[1])]
            self.results.append((f.rule, nested_json(result, 4)))

    def finish(self) -> str:
        self._results(self.order.rest())
        report = self.report
        rule_ids = sorted({rule_id for rule_id, _ in self.results})
        index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
        rendered = {rule_id: text for rule_id, (_, text) in self.clauses.items()}
        run = {
            "tool": {
                "driver": {
                    "name": TOOL["name"],
                    "version": TOOL["version"],
                    "rules": [_descriptor(report, r, rendered) for r in rule_ids],
                }
            },
            "invocations": [{"executionSuccessful": True}],
            "originalUriBaseIds": {SRCROOT: {"uri": root_uri(report.root)}},
            "columnKind": "unicodeCodePoints",
            "results": [],
        }
        results = [
            text.replace('"ruleIndex": 0,', f'"ruleIndex": {index[rule_id]},', 1)
            for rule_id, text in self.results
        ]
        skeleton = dump_json({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]})
        return fill_json(skeleton, {"results": results}, 3)


def render(report: Report) -> str:
    return stream.render_with(Writer, report)
