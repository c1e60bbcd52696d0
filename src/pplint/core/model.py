"""Findings, severities and locations: the plain data every layer shares."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any

DocPath = tuple[str | int, ...]

RULE_FAMILIES = ("social", "environmental", "ethical", "digital", "award", "governance")
FAMILIES = (*RULE_FAMILIES, "format")  # format findings are about the file itself
# what a published notice has no place for: not a finding about the tender (counted apart)
NOT_SHOWN = "not-shown"
# why a clause is weak, in the order findings list them (the pack schema's enums match: tested)
REASONS = (
    "hedged",
    "referral-only",
    "incomplete",  # added to the format's list: a required element is absent (``elements``)
    "no-verification",
    "no-enforcement",
    "no-target",
    "no-equivalent",
    "below-threshold",
)


class Severity(enum.IntEnum):
    """How serious a finding is; ordered so that ``max()`` gives the worst."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A 1-based line and column in a file."""

    line: int
    column: int


def format_path(path: DocPath) -> str:
    """Render a document path as ``clauses[3].text``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """One problem found in one file; sorts by file, line, column, rule."""

    file: str
    line: int
    column: int
    rule: str
    severity: Severity = field(compare=False)
    kind: str = field(compare=False)
    family: str = field(compare=False)
    message: str = field(compare=False)
    path: DocPath = field(default=(), compare=False)
    reasons: tuple[str, ...] = field(default=(), compare=False)
    details: tuple[str, ...] = field(default=(), compare=False)
    clause: str | None = field(default=None, compare=False)
    elements: tuple[str, ...] = field(default=(), compare=False)  # required elements absent
    related: tuple[str, ...] = field(default=(), compare=False)  # other rules, same defect
    end_line: int | None = field(default=None, compare=False)
    end_column: int | None = field(default=None, compare=False)
    waiver: Waived | None = field(default=None, compare=False)
    xpath: str | None = field(default=None, compare=False)  # where in a notice's XML
    pointer: str | None = field(default=None, compare=False)  # where in an OCDS JSON document

    @property
    def path_str(self) -> str:
        return format_path(self.path)

    @property
    def suppressed(self) -> bool:
        return self.waiver is not None

    def with_changes(self, **changes: Any) -> Finding:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a finding (fields of the format contract, plus optional extras)."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.label,
            "kind": self.kind,
            "family": self.family,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path_str,
        }
        if self.kind == "weak":
            out["reasons"] = list(self.reasons)
        if self.details:
            out["details"] = list(self.details)
        if self.clause is not None:
            out["clause"] = self.clause
        if self.elements:
            out["missing_elements"] = list(self.elements)
        if self.related:
            out["related_rules"] = list(self.related)
        if self.xpath is not None:
            out["xpath"] = self.xpath
        if self.pointer is not None:
            out["pointer"] = self.pointer
        if self.end_line is not None:
            out["end_line"] = self.end_line
            out["end_column"] = self.end_column
        if self.waiver is not None:
            out["suppressed"] = True
            out["waiver"] = self.waiver.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Waived:
    """Why a finding is suppressed: the waiver that covers it."""

    reason: str
    approver: str | None = None
    expires: str | None = None
    source: str = "waiver"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"reason": self.reason, "source": self.source}
        if self.approver:
            out["approver"] = self.approver
        if self.expires:
            out["expires"] = self.expires
        return out
