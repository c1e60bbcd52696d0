"""CLI tests with click's CliRunner: exit codes, formats, subcommands."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pplint.cli.main import main

from conftest import DATA, WEAK

TEST_ARGS = [
    "--no-config",
    "--rules",
    str(DATA / "test-pack.yaml"),
    "--select",
    "SOC-TST-001,SOC-TST-002,FMT-",
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "weak.tender.yaml").write_text(WEAK, encoding="utf-8")
    (tmp_path / "broken.tender.yaml").write_text("pplint: 1\ntender: [\n", encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("not: a tender\n", encoding="utf-8")
    return tmp_path


def test_text_lines_and_exit_1(runner: CliRunner, files: Path) -> None:
    result = runner.invoke(
        main, ["check", str(files / "weak.tender.yaml"), "--format", "text", *TEST_ARGS]
    )
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(
        f"{files / 'weak.tender.yaml'}:11:11: error SOC-TST-001 Clause C1 on wages is weak"
    )


def test_directory_walk_and_one_bad_file_does_not_stop_others(
    runner: CliRunner, files: Path
) -> None:
    result = runner.invoke(main, ["check", str(files), "-f", "text", *TEST_ARGS])
    assert result.exit_code == 1
    assert "broken.tender.yaml:2:10: error FMT-SYNTAX" in result.output
    assert "weak.tender.yaml:11:11: error SOC-TST-001" in result.output
    assert "notes.yaml" not in result.output  # only *.tender.yaml files are walked


def test_missing_file_is_a_finding(runner: CliRunner, files: Path) -> None:
    result = runner.invoke(
        main,
        [
            "check",
            str(files / "nope.tender.yaml"),
            str(files / "weak.tender.yaml"),
            "-f",
            "text",
            *TEST_ARGS,
        ],
    )
    assert "nope.tender.yaml:1:1: error FMT-READ cannot read the file" in result.output
    assert "SOC-TST-001" in result.output


def test_fail_on_and_never(runner: CliRunner, files: Path) -> None:
    args = ["check", str(files / "weak.tender.yaml"), "-f", "text", *TEST_ARGS]
    assert runner.invoke(main, [*args, "--fail-on", "never"]).exit_code == 0
    only_warning = [*args[:-1], "SOC-TST-002"]  # SOC-TST-002 is a warning: no missing here
    assert runner.invoke(main, only_warning).exit_code == 0


def test_json_contract(runner: CliRunner, files: Path) -> None:
    result = runner.invoke(
        main, ["check", str(files / "weak.tender.yaml"), "-f", "json", *TEST_ARGS]
    )
    data = json.loads(result.output)
    assert set(data) == {"tool", "findings", "passed", "summary"}
    finding = data["findings"][0]
    for key in ("rule", "severity", "kind", "family", "message", "file", "line", "column", "path"):
        assert key in finding
    assert finding["reasons"] == ["hedged", "no-verification", "no-enforcement"]
    assert finding["model_clause"] == "The contractor of Test tender shall comply."
    assert data["summary"]["errors"] == 1


def test_usage_and_pack_errors_exit_2(runner: CliRunner, files: Path, tmp_path: Path) -> None:
    bad_pack = tmp_path / "bad-pack.yaml"
    bad_pack.write_text("pack: bad\nrules:\n  - id: SOC-X-001\n    title: t\n", encoding="utf-8")
    result = runner.invoke(
        main, ["check", str(files / "weak.tender.yaml"), "--no-config", "--rules", str(bad_pack)]
    )
    assert result.exit_code == 2
    assert f"{bad_pack}:3:5: rules[0]: required field `family` is missing" in result.output
    assert runner.invoke(main, ["check"]).exit_code == 2
    assert runner.invoke(main, ["check", "x", "--output", "nonsense"]).exit_code == 2


def test_pack_with_unknown_check_kind(runner: CliRunner, tmp_path: Path, files: Path) -> None:
    pack = (
        (DATA / "test-pack.yaml")
        .read_text(encoding="utf-8")
        .replace("check: price-only", "check: prise-only")
        .replace("pack: test-pack", "pack: broken")
    )
    (tmp_path / "p.yaml").write_text(pack, encoding="utf-8")
    result = runner.invoke(
        main,
        [
            "check",
            str(files / "weak.tender.yaml"),
            "--no-config",
            "--rules",
            str(tmp_path / "p.yaml"),
        ],
    )
    assert result.exit_code == 2
    assert "unknown check kind `prise-only`" in result.output


def test_config_file_and_wrong_key(runner: CliRunner, files: Path) -> None:
    config = files / ".pplint.yaml"
    config.write_text(
        f"packs: [{DATA / 'test-pack.yaml'}]\nselect: [SOC-TST-002]\n", encoding="utf-8"
    )
    result = runner.invoke(
        main, ["check", str(files / "weak.tender.yaml"), "-f", "text", "--config", str(config)]
    )
    assert result.exit_code == 0, result.output
    config.write_text("select: [SOC-TST-002]\nfail_onn: warning\n", encoding="utf-8")
    result = runner.invoke(
        main, ["check", str(files / "weak.tender.yaml"), "--config", str(config)]
    )
    assert result.exit_code == 2
    assert f"{config}:2:11: fail_onn: unknown field `fail_onn`" in result.output


def test_no_color_env(runner: CliRunner, files: Path) -> None:
    result = runner.invoke(
        main,
        ["check", str(files / "weak.tender.yaml"), "-f", "pretty", *TEST_ARGS],
        env={"NO_COLOR": "1"},
    )
    assert "\x1b[" not in result.output
    assert "SOC-TST-001" in result.output and "1 finding " in result.output


def test_explain_shows_topics_and_words(runner: CliRunner, files: Path) -> None:
    result = runner.invoke(
        main, ["check", str(files / "weak.tender.yaml"), "--explain", "-f", "text", *TEST_ARGS]
    )
    assert "t-wages (collective agreement)" in result.output


def test_schema_init_rules_explain_test(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = json.loads(runner.invoke(main, ["schema"]).output)
    assert schema["title"].startswith("pplint tender")
    assert "rules" in json.loads(runner.invoke(main, ["schema", "--pack"]).output)["properties"]
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(main, ["init"]).exit_code == 0
    assert (tmp_path / "tender.tender.yaml").is_file()
    assert runner.invoke(main, ["init"]).exit_code == 2  # will not overwrite
    check = runner.invoke(main, ["check", "tender.tender.yaml", "--no-config", "-f", "text"])
    assert check.exit_code == 0, check.output
    listed = json.loads(
        runner.invoke(
            main, ["rules", "--format", "json", "--rules", str(DATA / "test-pack.yaml")]
        ).output
    )
    assert any(r["id"] == "INN-TST-001" for r in listed)
    explained = runner.invoke(
        main, ["explain", "INN-TST-001", "--rules", str(DATA / "test-pack.yaml")]
    )
    assert "Legal basis:" in explained.output and "Refined by pack test-pack" in explained.output
    assert runner.invoke(main, ["explain", "NOPE-001"]).exit_code == 2
    tested = runner.invoke(main, ["test", str(DATA / "test-pack.yaml")])
    assert tested.exit_code == 0
    assert tested.output.strip().splitlines()[-1].endswith(" passed, 0 failed")


def test_statistics(runner: CliRunner, files: Path) -> None:
    result = runner.invoke(main, ["check", str(files), "-f", "text", "--statistics", *TEST_ARGS])
    assert "Findings per rule:" in result.output
    assert "Findings per family:" in result.output


def test_opt_in_pack_by_name_and_unknown_pack(runner: CliRunner, files: Path) -> None:
    config = files / ".pplint.yaml"
    config.write_text("packs: [optional]\nselect: [DIG-AI-001]\n", encoding="utf-8")
    listed = runner.invoke(
        main, ["check", str(files / "weak.tender.yaml"), "-f", "json", "--config", str(config)]
    )
    assert listed.exit_code == 0, listed.output
    config.write_text("packs: [no-such-pack]\n", encoding="utf-8")
    result = runner.invoke(
        main, ["check", str(files / "weak.tender.yaml"), "--config", str(config)]
    )
    assert result.exit_code == 2
    assert "no rule pack named `no-such-pack`" in result.output


def test_rules_all_includes_opt_in_packs(runner: CliRunner) -> None:
    default = json.loads(runner.invoke(main, ["rules", "--format", "json"]).output)
    everything = json.loads(runner.invoke(main, ["rules", "--format", "json", "--all"]).output)
    assert len(default) == 72 and len(everything) == 78
    assert {r["id"] for r in everything} - {r["id"] for r in default} == {
        "SOC-LAB-006",
        "SOC-ETH-002",
        "ETH-TRD-001",
        "DIG-AI-001",
        "DIG-TRN-001",
        "INN-VAR-001",
    }


def test_size_limit_from_configuration(runner: CliRunner, files: Path) -> None:
    config = files / ".pplint.yaml"
    config.write_text("limits: {max_file_bytes: 100}\n", encoding="utf-8")
    result = runner.invoke(
        main, ["check", str(files / "weak.tender.yaml"), "-f", "text", "--config", str(config)]
    )
    assert result.exit_code == 1
    assert "weak.tender.yaml:1:1: error FMT-LIMIT" in result.output
    assert "over the limit of 100 bytes" in result.output


def test_as_of_judges_waiver_expiry(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import REPO

    monkeypatch.chdir(REPO)
    args = ["check", "examples/bad/cloud-hosting.tender.yaml", "--no-config", "-f", "json"]
    before = json.loads(runner.invoke(main, [*args, "--as-of", "2027-12-31"]).output)
    after = json.loads(runner.invoke(main, [*args, "--as-of", "2028-01-01"]).output)
    assert before["summary"]["suppressed"] == 1 and after["summary"]["suppressed"] == 0
    assert any("expired on 2027-12-31" in f["message"] for f in after["findings"])
    assert runner.invoke(main, [*args, "--as-of", "tomorrow"]).exit_code == 2


DEPRECATED_CLICK_TESTING = {"isolated_filesystem"}  # deprecated in click 8.5: use tmp_path


def test_tests_use_no_deprecated_click_testing_api() -> None:
    """A fresh install gets the newest click: the tests must not call what it deprecates."""
    used = []
    for path in sorted(Path(__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in DEPRECATED_CLICK_TESTING:
                used.append(f"{path.name}:{node.lineno}: {node.attr}")
    assert used == []
