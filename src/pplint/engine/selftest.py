"""Run the examples each rule carries: a failing example must fail, a passing one pass."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pplint.analysis.classify import Classifier
from pplint.core.rules import Rule, RuleSet
from pplint.engine.checker import Engine
from pplint.engine.results import Settings

BASE_TENDER: dict[str, Any] = {
    "id": "EXAMPLE-1",
    "title": "Example tender",
    "buyer": {"name": "Example buyer", "country": "FR"},
    "nature": "services",
    "cpv": ["79000000"],
}


@dataclass(frozen=True, slots=True)
class ExampleResult:
    rule: str
    index: int
    name: str
    expect: str
    ok: bool
    problem: str
    source: str  # "rule" or "refine:<pack>"

    @property
    def label(self) -> str:
        return f"{self.rule} example {self.index + 1} ({self.expect}: {self.name})"


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def example_document(example: dict[str, Any]) -> dict[str, Any]:
    """The tender an example stands for: its fields merged over a minimal valid tender."""
    doc: dict[str, Any] = {"pplint": 1, "tender": _merge(BASE_TENDER, example.get("tender") or {})}
    for key in ("award_criteria", "clauses"):
        if key in example:
            doc[key] = copy.deepcopy(example[key])
    return doc


def _examples(rule: Rule) -> Iterator[tuple[str, int, dict[str, Any]]]:
    for i, ex in enumerate(rule.examples):
        yield "rule", i, ex
    offset = len(rule.examples)
    for ref in rule.refinements:
        for ex in ref.examples:
            yield f"refine:{ref.pack}", offset, ex
            offset += 1


def run_rule(rs: RuleSet, rule: Rule, classifier: Classifier | None = None) -> list[ExampleResult]:
    """Run one rule's examples (and those of its refinements)."""
    classifier = classifier or Classifier(rs)
    out = []
    for source, index, example in _examples(rule):
        engine = Engine(
            rs,
            Settings(
                select=(rule.id, "FMT-"), params=example.get("params") or {}, use_waivers=False
            ),
            classifier,
        )
        # JSON is YAML 1.2, read back exactly; yaml.safe_dump writes YAML 1.1, leaving texts such
        # as 0o17 or 1e3 unquoted, which YAML 1.2 reads as numbers
        text = json.dumps(example_document(example), ensure_ascii=False, indent=1)
        result = engine.check_bytes(text.encode("utf-8"), f"{rule.id}-example-{index + 1}.yaml")
        invalid = [f for f in result.findings if f.kind == "invalid"]
        mine = [f for f in result.findings if f.rule == rule.id]
        name = example.get("name") or f"example {index + 1}"
        expect = example["expect"]
        problem = ""
        if invalid:
            problem = "the example is not a valid tender: " + "; ".join(
                f"{f.path_str}: {f.message}" for f in invalid[:3]
            )
        elif expect == "pass" and mine:
            problem = "expected no finding, got: " + "; ".join(
                f"{f.kind} {list(f.reasons) or ''} at {f.path_str}" for f in mine
            )
        elif expect == "fail":
            wanted_kind = example.get("kind")
            wanted_reasons = set(example.get("reasons") or ())
            good = [
                f
                for f in mine
                if (not wanted_kind or f.kind == wanted_kind) and wanted_reasons <= set(f.reasons)
            ]
            if not good:
                got = "; ".join(f"{f.kind} {list(f.reasons)}" for f in mine) or "nothing"
                want = wanted_kind or "a finding"
                if wanted_reasons:
                    want += f" with reasons {sorted(wanted_reasons)}"
                problem = f"expected {want}, got {got}"
        out.append(ExampleResult(rule.id, index, name, expect, not problem, problem, source))
    return out
