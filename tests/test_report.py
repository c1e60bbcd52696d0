"""report: the counts every format shares, failing findings, statistics, legal text, the root."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pplint.core.model import Finding, Severity, Waived
from pplint.core.rules import RuleSet
from pplint.engine.report import Report, find_root
from pplint.engine.results import FileResult
from pplint.output.formatters.common import legal_text


def finding(
    rule: str,
    severity: Severity,
    file: str = "a.yaml",
    kind: str = "missing",
    family: str = "social",
    waived: bool = False,
) -> Finding:
    """A finding with just what the report looks at."""
    waiver = Waived("accepted") if waived else None
    return Finding(file, 1, 1, rule, severity, kind, family, "message", waiver=waiver)


def report(*results: FileResult, fail_on: Severity | None = Severity.ERROR) -> Report:
    return Report(list(results), RuleSet(), fail_on, root=Path("/"))


MIXED = [
    FileResult(
        "a.yaml",
        [
            finding("SOC-A", Severity.ERROR),
            finding("SOC-B", Severity.WARNING, kind="weak"),
            finding("ENV-A", Severity.INFO, family="environmental", kind="weak"),
            finding("SOC-C", Severity.ERROR, waived=True),
        ],
        applicable=["SOC-A", "SOC-B", "ENV-A"],
    ),
    FileResult(
        "b.yaml",
        [finding("SOC-A", Severity.WARNING, file="b.yaml", kind="violation")],
        applicable=["SOC-A", "SOC-B"],
    ),
    FileResult("c.yaml"),
]


def test_summary_counts_active_findings_only() -> None:
    assert report(*MIXED).summary() == {
        "files": 3,
        "files_with_findings": 2,
        "findings": 4,
        "errors": 1,
        "warnings": 2,
        "infos": 1,
        "by_kind": {"missing": 1, "violation": 1, "weak": 2},
        "suppressed": 1,
        "not_shown": 0,
        "baseline": 0,
        "rules_applied": 5,
    }


def test_summary_of_nothing_is_all_zeros() -> None:
    summary = report().summary()
    assert summary["files"] == 0 and summary["findings"] == 0 and summary["by_kind"] == {}


def test_summary_carries_the_baseline_count() -> None:
    rep = report(*MIXED)
    rep.baseline_hidden = 7
    assert rep.summary()["baseline"] == 7


def test_a_file_whose_findings_are_all_waived_has_no_findings() -> None:
    only = FileResult("w.yaml", [finding("SOC-A", Severity.ERROR, file="w.yaml", waived=True)])
    summary = report(only).summary()
    assert summary["files_with_findings"] == 0
    assert summary["suppressed"] == 1


def test_active_and_suppressed_split_the_findings() -> None:
    rep = report(*MIXED)
    assert [f.rule for f in rep.suppressed] == ["SOC-C"]
    assert "SOC-C" not in {f.rule for f in rep.active}
    assert len(rep.active) + len(rep.suppressed) == len(rep.findings) == 5


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [
        (Severity.ERROR, ["SOC-A"]),
        (Severity.WARNING, ["SOC-A", "SOC-B", "SOC-A"]),
        (Severity.INFO, ["SOC-A", "SOC-B", "ENV-A", "SOC-A"]),
        (None, []),
    ],
)
def test_failing_is_active_findings_at_or_above_fail_on(
    fail_on: Severity | None, expected: list[str]
) -> None:
    assert [f.rule for f in report(*MIXED, fail_on=fail_on).failing()] == expected


def test_a_waived_error_does_not_fail() -> None:
    only = FileResult("w.yaml", [finding("SOC-A", Severity.ERROR, waived=True)])
    assert report(only).failing() == []


def test_statistics_most_frequent_first_then_by_name() -> None:
    rep = report(
        FileResult(
            "a.yaml",
            [
                finding("ZZZ-001", Severity.INFO, family="governance"),
                finding("BBB-001", Severity.INFO, family="digital"),
                finding("BBB-001", Severity.INFO, family="digital"),
                finding("AAA-001", Severity.INFO, family="award"),
                finding("CCC-001", Severity.INFO, family="award"),
                finding("CCC-001", Severity.INFO, family="award", waived=True),
            ],
        )
    )
    per_rule, per_family = rep.statistics()
    assert per_rule == [("BBB-001", 2), ("AAA-001", 1), ("CCC-001", 1), ("ZZZ-001", 1)]
    assert per_family == [("award", 2), ("digital", 2), ("governance", 1)]


def test_model_clause_is_looked_up_by_file_and_rule() -> None:
    rep = report(*MIXED)
    rep.model_clauses[("a.yaml", "SOC-A")] = "The contractor shall ..."
    assert rep.model_clause(finding("SOC-A", Severity.ERROR)) == "The contractor shall ..."
    assert rep.model_clause(finding("SOC-A", Severity.ERROR, file="b.yaml")) is None
    assert rep.model_clause(finding("SOC-B", Severity.ERROR)) is None


def test_rule_looks_up_the_rule_set(shipped_rs: RuleSet) -> None:
    rep = Report([], shipped_rs, root=Path("/"))
    found = rep.rule("SOC-SUB-002")
    assert found is not None and found.id == "SOC-SUB-002"
    assert rep.rule("NOPE-001") is None


def test_legal_text_joins_instruments_and_articles(shipped_rs: RuleSet) -> None:
    rule = dataclasses.replace(
        shipped_rs.rules["SOC-SUB-002"],
        legal_basis=[
            {"instrument": "Directive 2014/24/EU", "article": "Art. 70", "url": "https://x"},
            {"instrument": "Law 9/2017"},
            {"instrument": "Law 1/2000", "article": ""},
        ],
    )
    assert legal_text(rule) == "Directive 2014/24/EU Art. 70; Law 9/2017; Law 1/2000"


def test_legal_text_of_no_basis_is_empty(shipped_rs: RuleSet) -> None:
    rule = dataclasses.replace(shipped_rs.rules["SOC-SUB-002"], legal_basis=[])
    assert legal_text(rule) == ""


def test_find_root_walks_up_to_the_git_folder(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    deep = tmp_path / "repo" / "a" / "b"
    deep.mkdir(parents=True)
    assert find_root(deep) == tmp_path / "repo"
    assert find_root(tmp_path / "repo") == tmp_path / "repo"


def test_find_root_takes_a_git_file_too(tmp_path: Path) -> None:
    (tmp_path / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    assert find_root(tmp_path / "sub") == tmp_path


def test_find_root_nearest_git_wins(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "inner" / ".git").mkdir(parents=True)
    (tmp_path / "inner" / "x").mkdir()
    assert find_root(tmp_path / "inner" / "x") == tmp_path / "inner"


def test_find_root_without_git_is_the_start(tmp_path: Path) -> None:
    if any((folder / ".git").exists() for folder in tmp_path.parents):
        pytest.skip(f"a folder above {tmp_path} holds .git")
    start = tmp_path / "x"
    start.mkdir()
    assert find_root(start) == start


def test_find_root_defaults_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert find_root() == tmp_path
    assert Report([], RuleSet()).root == tmp_path


def test_relative_root_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert Report([], RuleSet(), root=Path("sub")).root == tmp_path / "sub"


def test_what_a_notice_cannot_show_is_counted_apart_and_never_fails() -> None:
    unseen = FileResult(
        "n.xml",
        [
            finding("SOC-A", Severity.INFO, file="n.xml", kind="not-shown"),
            finding("SOC-B", Severity.INFO, file="n.xml", kind="not-shown"),
        ],
    )
    rep = report(unseen, fail_on=Severity.INFO)
    summary = rep.summary()
    assert (summary["findings"], summary["not_shown"], summary["files_with_findings"]) == (0, 2, 0)
    assert summary["by_kind"] == {} and summary["infos"] == 0
    assert not rep.fails() and rep.failing() == []
