"""The accuracy corpus (corpus/README.md) is well formed, and bench/accuracy.py measures it.

The figures themselves are not asserted here: they are measured, and reported by the bench.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pplint.core.model import Finding, Severity
from pplint.engine.checker import Engine
from pplint.packs import rulepack

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import accuracy  # noqa: E402

CASES = accuracy.load_cases()
RS = rulepack.load([rulepack.shipped_dir()], include_optional=True)


def test_the_corpus_is_large_and_varied_enough() -> None:
    assert len(CASES) >= 40
    assert {c.language for c in CASES} >= {"en", "es", "ca"}
    assert {c.strength for c in CASES} == {"strong", "weak"}
    holdout = sum(c.split == "holdout" for c in CASES)
    assert 0.15 <= holdout / len(CASES) <= 0.4, f"{holdout} of {len(CASES)} cases are hold-out"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_case_names_real_rules_and_loads_cleanly(case: accuracy.Case) -> None:
    named = {e.rule for e in case.expect} | set(case.unsure)
    unknown = sorted(named - set(RS.rules))
    assert not unknown, f"{case.id} expects unknown rules {unknown}"
    result = Engine(RS).check_path(case.tender)
    invalid = [f"{f.rule} {f.line}: {f.message}" for f in result.findings if f.kind == "invalid"]
    assert not invalid, f"{case.tender} does not follow the tender format: {invalid}"
    assert "# source:" in case.tender.read_text(encoding="utf-8"), "clauses must cite sources"


def test_judging_counts_right_wrong_and_missed() -> None:
    case = accuracy.Case(
        "t",
        REPO / "examples" / "bad" / "furniture.tender.yaml",
        "en",
        "tune",
        "weak",
        "furniture",
        [accuracy.Expected("SOC-SUB-001", "missing"), accuracy.Expected("DIG-OSS-001", "missing")],
        frozenset({"SOC-SUB-002"}),
    )
    result = Engine(RS).check_path(case.tender)
    outcome = accuracy.judge(case, result.active)
    assert [e.rule for _, e in outcome.right] == ["SOC-SUB-001"]
    assert [e.rule for e in outcome.missed] == ["DIG-OSS-001"]
    assert {f.rule for f in outcome.ignored} == {"SOC-SUB-002"}
    assert "SOC-LAB-001" in {f.rule for f in outcome.wrong}
    assert len(outcome.right) + len(outcome.wrong) + len(outcome.ignored) == len(result.active)


def _weak(rule: str, line: int, clause: str | None) -> Finding:
    return Finding("t.yaml", line, 1, rule, Severity.WARNING, "weak", "award", "m", clause=clause)


def test_a_clause_less_expectation_covers_its_rule_at_further_clauses_not_repeats() -> None:
    expect = [
        accuracy.Expected("INN-AWD-005", "weak"),
        accuracy.Expected("SOC-SUB-002", "weak", clause="C1"),
    ]
    case = accuracy.Case("t", Path("t.yaml"), "en", "tune", "weak", "x", expect, frozenset())
    findings = [
        _weak("INN-AWD-005", 10, "AC-1"),
        _weak("INN-AWD-005", 20, "AC-2"),  # a further criterion: right, not matched again
        _weak("INN-AWD-005", 21, "AC-2"),  # the same place again: a repeat, wrong
        _weak("SOC-SUB-002", 30, "C1"),
        _weak("SOC-SUB-002", 40, "C2"),  # the entry names its clause: wrong
    ]
    outcome = accuracy.judge(case, findings)
    assert [(f.rule, f.clause) for f, _ in outcome.right] == [
        ("INN-AWD-005", "AC-1"),
        ("SOC-SUB-002", "C1"),
    ]
    assert [(f.rule, f.clause) for f, _ in outcome.spread] == [("INN-AWD-005", "AC-2")]
    assert [(f.line, f.clause) for f in outcome.wrong] == [(21, "AC-2"), (40, "C2")]
    tally = accuracy.tallies([outcome], {"INN-AWD-005": "award", "SOC-SUB-002": "social"})
    whole = tally["all"]["all"]
    assert (whole.right, whole.wrong, whole.matched, whole.spread) == (3, 2, 2, 1)


def test_the_bench_prints_and_writes_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "accuracy.json"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "accuracy.py"), "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "precision" in done.stdout and "split: holdout" in done.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["split"]) == {"tune", "holdout"}
    assert 0.0 <= data["all"]["all"]["precision"] <= 1.0
