"""Baselines: keyed by rule, file and document path, so reformatting resurrects nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from pplint.cli.main import main

from conftest import DATA, HEADER

CLAUSES = """\
clauses:
  - id: C1
    section: performance
    text: Where possible the contractor should respect the collective agreement.
"""
NEW = """\
  - id: C2
    section: performance
    text: The contractor may keep the collective agreement if feasible.
"""
ARGS = [
    "--no-config",
    "--rules",
    str(DATA / "test-pack.yaml"),
    "--select",
    "SOC-TST-001",
    "-f",
    "text",
]


@pytest.fixture
def tender(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "t.tender.yaml"
    path.write_text(HEADER + CLAUSES, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "t.tender.yaml", *ARGS, *args])
    return result.exit_code, result.output


def test_write_then_only_new_findings(tender: Path) -> None:
    code, out = run("--write-baseline", "baseline.json")
    assert code == 1 and "SOC-TST-001" in out
    data = json.loads(Path("baseline.json").read_text(encoding="utf-8"))
    assert data["findings"] == [
        {
            "rule": "SOC-TST-001",
            "file": "t.tender.yaml",
            "path": "clauses[0].text",
            "clause": "C1",
            "message": data["findings"][0]["message"],
        }
    ]
    assert not {"line", "column"} & set(data["findings"][0])  # never keyed on lines
    assert run("--baseline", "baseline.json") == (0, "")
    # reformatting: comments and blank lines move every line down; nothing comes back
    tender.write_text("# moved\n\n\n" + HEADER + "\n" + CLAUSES, encoding="utf-8")
    assert run("--baseline", "baseline.json") == (0, "")
    # a second weak clause on the same topic is the same unmet requirement: still hidden
    tender.write_text(HEADER + CLAUSES + NEW, encoding="utf-8")
    assert run("--baseline", "baseline.json") == (0, "")
    # a new weak clause in place of the old one is a new finding
    tender.write_text(HEADER + "clauses:\n" + NEW, encoding="utf-8")
    code, out = run("--baseline", "baseline.json")
    assert code == 1
    assert "C2" in out and "C1 " not in out


def test_fixed_findings_drop_out_when_rewritten(tender: Path) -> None:
    tender.write_text(HEADER + CLAUSES + NEW, encoding="utf-8")
    run("--write-baseline", "baseline.json")
    entries = json.loads(Path("baseline.json").read_text())["findings"]
    assert [e["clause"] for e in entries] == ["C1"]  # two weak clauses, one unmet requirement
    fixed = NEW.replace(
        "may keep the collective agreement if feasible",
        "shall keep the collective agreement; payslips every quarter; penalty of 5%",
    )
    tender.write_text(HEADER + CLAUSES + fixed, encoding="utf-8")
    run("--write-baseline", "baseline.json")
    entries = json.loads(Path("baseline.json").read_text())["findings"]
    assert entries == []  # C2 now holds, so the requirement is met


def test_bad_baseline_file_is_a_user_error(tender: Path) -> None:
    Path("baseline.json").write_text("{not json", encoding="utf-8")
    code, out = run("--baseline", "baseline.json")
    assert code == 2 and "baseline.json" in out and "not valid JSON" in out
    code, out = run("--baseline", "nowhere.json")
    assert code == 2 and "cannot read baseline" in out


def test_baseline_count_in_summary(tender: Path) -> None:
    run("--write-baseline", "baseline.json")
    result = CliRunner().invoke(
        main, ["check", "t.tender.yaml", *ARGS[:-2], "-f", "json", "--baseline", "baseline.json"]
    )
    assert json.loads(result.output)["summary"]["baseline"] == 1


def _entry(**fields: object) -> str:
    return json.dumps({"pplint_baseline": 1, "findings": [fields]})


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"pplint_baseline": true, "findings": []}', "not a pplint baseline file"),
        ('{"pplint_baseline": 1.0, "findings": []}', "not a pplint baseline file"),
        ('{"pplint_baseline": "1", "findings": []}', "not a pplint baseline file"),
        ('{"pplint_baseline": 1, "findings": {}}', "not a pplint baseline file"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"pplint_baseline": 1, "findings": [], "n": ' + "9" * 5000 + "}", "not valid JSON"),
        ('{"pplint_baseline": 1, "findings": [3]}', "entry 0 is not a mapping"),
        ('{"pplint_baseline": 1, "findings": [[]]}', "entry 0 is not a mapping"),
        (_entry(rule=["SOC-TST-001"], file="t.tender.yaml", path="x"), "entry 0 needs"),
        (_entry(rule="SOC-TST-001", file="t.tender.yaml"), "entry 0 needs"),
        (_entry(rule="SOC-TST-001", file="t.tender.yaml", path="x", clause=1), "entry 0 needs"),
        (_entry(rule="R", file="f", path="p", clause=None), "entry 0 needs"),
    ],
)
def test_hostile_baseline_is_a_user_error(tender: Path, text: str, words: str) -> None:
    Path("baseline.json").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["check", "t.tender.yaml", *ARGS, "--baseline", "baseline.json"]
    )
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert result.output.startswith("pplint: error: baseline.json: ") and words in result.output


def test_baseline_that_cannot_be_written_is_a_user_error(tender: Path) -> None:
    Path("file").write_text("", encoding="utf-8")
    code, out = run("--write-baseline", "file/baseline.json")
    assert code == 2 and "file/baseline.json: cannot write baseline" in out


def test_file_names_that_are_not_utf8_round_trip_through_a_baseline(tender: Path) -> None:
    name = os.fsdecode(b"caf\xe9.tender.yaml")
    Path(name).write_text(HEADER + CLAUSES, encoding="utf-8")
    args = ["check", name, *ARGS]
    first = CliRunner().invoke(main, [*args, "--write-baseline", "baseline.json"])
    assert first.exit_code == 1, first.output
    recorded = json.loads(Path("baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [e["file"] for e in recorded] == [name]
    again = CliRunner().invoke(main, [*args, "--baseline", "baseline.json"])
    assert again.exit_code == 0, again.output
