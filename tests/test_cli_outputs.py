"""`pplint check` with CI formats: --format, --output FORMAT=PATH, and GitHub Actions defaults."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pplint.cli.main import main

from conftest import REPO

PACK = Path(__file__).resolve().parent / "data" / "ci-pack.yaml"
TENDER = """\
pplint: 1
tender:
  id: T-1
  title: Cleaning services
  buyer: {name: City, country: FR}
  nature: services
  cpv: ["90910000"]
award_criteria:
  - {id: AC-1, name: Price, type: price, weight: 70, scoring: lowest price}
  - {id: AC-2, name: Quality, type: quality, weight: 30, scoring: 30 points for a plan}
clauses:
  - {id: C1, section: specification, text: Mops by AcmeSoft.}
"""
NAME = "tenders/a.tender.yaml"
CI_ENV = {"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "NO_COLOR": "1"}


@pytest.fixture()
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "tenders").mkdir()
    (tmp_path / NAME).write_text(TENDER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str, env: dict[str, str | None] | None = None) -> Result:
    argv = ["check", "--no-config", "--rules", str(PACK), "--select", "TST-", *args, NAME]
    return CliRunner().invoke(main, argv, env={**CI_ENV, **(env or {})})


def test_format_sarif_on_stdout(workdir: Path) -> None:
    result = check("--format", "sarif")
    assert result.exit_code == 1, result.output  # TST-CI-PRICE is an error
    doc = json.loads(result.stdout)
    assert doc["version"] == "2.1.0"
    results = doc["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"TST-CI-PRICE", "TST-CI-BRAND"}
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {NAME}
    help_text = doc["runs"][0]["tool"]["driver"]["rules"][1]["help"]["text"]
    assert "Cleaning services" in help_text  # the CLI filled the model clauses


def test_outputs_written_while_stdout_keeps_text(workdir: Path) -> None:
    (workdir / "out").mkdir()
    result = check(
        "--output",
        "sarif=out/report.sarif",
        "--output",
        "junit=junit.xml",
        "--output",
        "gitlab=gl-code-quality.json",
    )
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(f"{NAME}:") for line in lines)
    assert any(" error TST-CI-PRICE " in line for line in lines)
    sarif = json.loads((workdir / "out" / "report.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]
    root = ET.fromstring((workdir / "junit.xml").read_bytes())
    assert root.tag == "testsuites" and root.get("failures") == "2"
    issues = json.loads((workdir / "gl-code-quality.json").read_text(encoding="utf-8"))
    assert {i["location"]["path"] for i in issues} == {NAME}


def test_output_creates_missing_folders(workdir: Path) -> None:
    result = check("--output", "sarif=missing/dir/report.sarif")
    assert result.exit_code == 1
    assert json.loads((workdir / "missing/dir/report.sarif").read_text(encoding="utf-8"))


def test_output_that_cannot_be_written_is_a_user_error(workdir: Path) -> None:
    (workdir / "blocker").write_text("a file, not a folder", encoding="utf-8")
    result = check("--output", "sarif=blocker/report.sarif")
    assert result.exit_code == 2
    assert "cannot write" in result.output


def test_bad_output_spec(workdir: Path) -> None:
    result = check("--output", "xml=report.xml")
    assert result.exit_code == 2
    assert "FORMAT=PATH" in result.output


def test_github_actions_default_and_step_summary(workdir: Path) -> None:
    summary = workdir / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    result = check(env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"::error file={NAME},line=9,")
    assert "title=TST-CI-PRICE (violation)" in lines[0]
    assert "::Price weighs 70%25, above 40%25: give points" in lines[0]
    assert lines[1].startswith("::notice file=")
    assert lines[-1].startswith("::notice::pplint: 2 findings")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n## pplint")  # appended, not replaced
    assert "| Severity | Rule | File:line | Message |" in text
    assert f"| error | TST-CI-PRICE | {NAME}:9 |" in text


def test_explicit_format_wins_over_github_actions(workdir: Path) -> None:
    summary = workdir / "summary.md"
    result = check(
        "--format", "gitlab", env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert result.exit_code == 1, result.output
    assert isinstance(json.loads(result.stdout), list)
    assert "| Severity | Rule |" in summary.read_text(encoding="utf-8")  # whatever the format


def test_junit_format_on_stdout(workdir: Path) -> None:
    result = check("--format", "junit")
    root = ET.fromstring(result.stdout.encode("utf-8"))
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(names) == len(set(names)) == 4
    skipped = [c for c in root.iter("testcase") if c.find("skipped") is not None]
    assert [c.get("name", "").split(" ")[0] for c in skipped] == ["TST-CI-NEVER"]


def test_json_and_explain_show_the_rules_that_hold() -> None:
    laptops = str(REPO / "examples" / "good" / "laptops.tender.yaml")
    done = CliRunner().invoke(main, ["check", laptops, "--no-config", "-f", "json"])
    assert done.exit_code == 0, done.output
    passed = {p["rule"]: p for p in json.loads(done.stdout)["passed"]}
    assert passed["SOC-SUB-002"]["clauses"][0]["id"] == "C-19"
    assert passed["SOC-SUB-002"]["file"] == laptops
    explained = CliRunner().invoke(
        main, ["check", laptops, "--no-config", "--explain", "-f", "text"]
    )
    assert "holds SOC-SUB-002" in explained.stderr + explained.stdout
