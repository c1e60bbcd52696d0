"""A whole run's results, the rule set behind them, and the counts every output shares."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pplint.core.model import NOT_SHOWN, Finding, Severity
from pplint.core.rules import Rule, RuleSet
from pplint.engine.results import FileResult
from pplint.packs.localize import localize


def find_root(start: Path | None = None) -> Path:
    """The git work tree holding `start` (the nearest folder with `.git`), else `start` itself."""
    here = Path(os.path.abspath(start if start is not None else os.getcwd()))
    for folder in (here, *here.parents):
        if os.path.exists(folder / ".git"):
            return folder
    return here


@dataclass(slots=True)
class Tally:
    """A run's counts, kept as each file finishes, so that no file's result need be kept."""

    fail_on: Severity | None = Severity.ERROR
    files: int = 0
    with_findings: set[str] = field(default_factory=set)
    by_severity: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    per_rule: Counter[str] = field(default_factory=Counter)
    per_family: Counter[str] = field(default_factory=Counter)
    suppressed: int = 0
    not_shown: int = 0
    rules_applied: int = 0
    failing: int = 0

    def add(self, result: FileResult) -> None:
        """Count one file's result."""
        self.files += 1
        self.rules_applied += len(result.applicable)
        for f in result.findings:
            if f.suppressed:
                self.suppressed += 1
                continue
            if f.kind == NOT_SHOWN:
                self.not_shown += 1
                continue
            self.with_findings.add(f.file)
            self.by_severity[f.severity.label] += 1
            self.by_kind[f.kind] += 1
            self.per_rule[f.rule] += 1
            self.per_family[f.family] += 1
            if self.fail_on is not None and f.severity >= self.fail_on:
                self.failing += 1

    @property
    def findings(self) -> int:
        """How many active findings."""
        return sum(self.by_severity.values())

    def summary(self, baseline_hidden: int) -> dict[str, Any]:
        by_sev = self.by_severity
        return {
            "files": self.files,
            "files_with_findings": len(self.with_findings),
            "findings": self.findings,
            "errors": by_sev.get("error", 0),
            "warnings": by_sev.get("warning", 0),
            "infos": by_sev.get("info", 0),
            "by_kind": dict(sorted(self.by_kind.items())),
            "suppressed": self.suppressed,
            "not_shown": self.not_shown,
            "baseline": baseline_hidden,
            "rules_applied": self.rules_applied,
        }

    def statistics(self) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """Counts of active findings per rule and per family, most frequent first."""
        return _by_count(self.per_rule), _by_count(self.per_family)


def _by_count(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda x: (-x[1], x[0]))


@dataclass(slots=True)
class Report:
    """Results of one run, the rule set behind them and what the run was asked.

    A streamed run keeps no results: its counts are in ``tally``, and its model clauses go
    to the outputs with each file.
    """

    results: list[FileResult]
    ruleset: RuleSet
    fail_on: Severity | None = Severity.ERROR
    baseline_hidden: int = 0
    model_clauses: dict[tuple[str, str], str] = field(default_factory=dict)
    root: Path = field(default_factory=find_root)  # CI formats give paths relative to it
    tally: Tally | None = None
    lang: str = "en"  # the language of what the run says beyond each file's findings

    def __post_init__(self) -> None:
        self.root = Path(os.path.abspath(self.root))

    def rule(self, rule_id: str, lang: str | None = None) -> Rule | None:
        """A rule of the run, its texts in ``lang`` (the run's language when None)."""
        return localize(self.ruleset, lang or self.lang).rules.get(rule_id)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    @property
    def suppressed(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed]

    def failing(self) -> list[Finding]:
        if self.fail_on is None:
            return []
        return [f for f in self.active if f.severity >= self.fail_on and f.kind != NOT_SHOWN]

    def fails(self) -> bool:
        """Whether a finding is at or above ``fail_on`` (from the tally of a streamed run)."""
        return self.counts().failing > 0

    def counts(self) -> Tally:
        """The run's tally: kept as it went, or counted from the results."""
        if self.tally is not None:
            return self.tally
        tally = Tally(self.fail_on)
        for result in self.results:
            tally.add(result)
        return tally

    def summary(self) -> dict[str, Any]:
        return self.counts().summary(self.baseline_hidden)

    def statistics(self) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """Counts of active findings per rule and per family, most frequent first."""
        return self.counts().statistics()

    def model_clause(self, finding: Finding) -> str | None:
        return self.model_clauses.get((finding.file, finding.rule))
