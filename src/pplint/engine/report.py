"""A whole run's results, the rule set behind them, and the counts every output shares."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pplint.core.model import Finding, Severity
from pplint.core.rules import Rule, RuleSet
from pplint.engine.results import FileResult


def find_root(start: Path | None = None) -> Path:
    """The git work tree holding `start` (the nearest folder with `.git`), else `start` itself."""
    here = Path(os.path.abspath(start if start is not None else os.getcwd()))
    for folder in (here, *here.parents):
        if os.path.exists(folder / ".git"):
            return folder
    return here


@dataclass(slots=True)
class Report:
    """Results of one run, the rule set behind them and what the run was asked."""

    results: list[FileResult]
    ruleset: RuleSet
    fail_on: Severity | None = Severity.ERROR
    baseline_hidden: int = 0
    model_clauses: dict[tuple[str, str], str] = field(default_factory=dict)
    root: Path = field(default_factory=find_root)  # CI formats give paths relative to it

    def __post_init__(self) -> None:
        self.root = Path(os.path.abspath(self.root))

    def rule(self, rule_id: str) -> Rule | None:
        return self.ruleset.rules.get(rule_id)

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
        return [f for f in self.active if f.severity >= self.fail_on]

    def summary(self) -> dict[str, Any]:
        active = self.active
        by_sev = Counter(f.severity.label for f in active)
        by_kind = Counter(f.kind for f in active)
        return {
            "files": len(self.results),
            "files_with_findings": len({f.file for f in active}),
            "findings": len(active),
            "errors": by_sev.get("error", 0),
            "warnings": by_sev.get("warning", 0),
            "infos": by_sev.get("info", 0),
            "by_kind": dict(sorted(by_kind.items())),
            "suppressed": len(self.suppressed),
            "baseline": self.baseline_hidden,
            "rules_applied": sum(len(r.applicable) for r in self.results),
        }

    def statistics(self) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
        """Counts of active findings per rule and per family, most frequent first."""
        active = self.active
        per_rule = Counter(f.rule for f in active).most_common()
        per_family = Counter(f.family for f in active).most_common()
        return sorted(per_rule, key=lambda x: (-x[1], x[0])), sorted(
            per_family, key=lambda x: (-x[1], x[0])
        )

    def model_clause(self, finding: Finding) -> str | None:
        return self.model_clauses.get((finding.file, finding.rule))
