"""engine.run: every file through the engine, crashes per file, baselines, model clauses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pplint.cli import options, outputs
from pplint.core.errors import PplintError
from pplint.engine import run as runner
from pplint.engine.checker import Engine
from pplint.engine.results import FileResult
from pplint.output import formatters

from conftest import HEADER, REPO

BAD = REPO / "examples" / "bad" / "furniture.tender.yaml"
GOOD = REPO / "examples" / "good" / "laptops.tender.yaml"
FURNITURE_RULES = {
    "SOC-SME-001",
    "SOC-SUB-001",
    "SOC-SUB-002",
    "SOC-SME-003",
    "DIG-STD-002",
    "ENV-LBL-001",
    "ENV-HAZ-001",
    "GOV-CPC-001",
    "SOC-LAB-001",
}


def check(
    paths: list[tuple[Path, str]],
    *,
    cwd: Path,
    use_config: bool = True,
    write_baseline: str | None = None,
    baseline: str | None = None,
    model_clauses: bool = False,
    **options_: Any,
) -> runner.Run:
    """A run as `pplint check` makes one: options to a setup, then the run; a baseline that
    is asked for is written where the command line writes it."""
    setup = options.setup(
        None,
        use_config,
        options_.get("rules", ()),
        options_.get("select", ()),
        options_.get("ignore", ()),
        options_.get("fail_on"),
        True,
        None,
        cwd=cwd,
    )
    done = runner.run(
        setup,
        paths,
        baseline=Path(baseline) if baseline else None,
        record_baseline=bool(write_baseline),
        model_clauses=model_clauses,
    )
    if write_baseline:
        assert done.recorded is not None
        outputs.write_file(write_baseline, done.recorded, "baseline")
    return done


def files(*paths: Path) -> list[tuple[Path, str]]:
    """Each path with its file name as display name."""
    return [(p, p.name) for p in paths]


def rules_of(result: FileResult) -> set[str]:
    return {f.rule for f in result.findings}


def test_every_file_gives_one_result_in_order(tmp_path: Path) -> None:
    done = check(files(BAD, GOOD), use_config=False, cwd=tmp_path)
    assert [r.file for r in done.report.results] == [BAD.name, GOOD.name]
    assert rules_of(done.report.results[0]) == FURNITURE_RULES
    assert done.report.results[1].findings == []
    assert all(r.checked for r in done.report.results)
    assert done.crashes == [] and done.excluded == []
    assert {f.file for f in done.report.findings} == {BAD.name}


def test_options_reach_the_engine(tmp_path: Path) -> None:
    done = check(files(BAD), use_config=False, ignore=["SOC"], fail_on="never", cwd=tmp_path)
    assert rules_of(done.report.results[0]) == {r for r in FURNITURE_RULES if r[:3] != "SOC"}
    assert done.report.fail_on is None
    assert done.report.failing() == []


def test_configuration_is_discovered_from_cwd(tmp_path: Path) -> None:
    (tmp_path / ".pplint.yaml").write_text("select: [DIG]\n", encoding="utf-8")
    done = check(files(BAD), cwd=tmp_path)
    assert rules_of(done.report.results[0]) == {"DIG-STD-002"}
    assert check(files(BAD), use_config=False, cwd=tmp_path).report.findings


def test_excluded_files_are_listed_and_not_checked(tmp_path: Path) -> None:
    (tmp_path / ".pplint.yaml").write_text("exclude: [drafts/]\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    draft = tmp_path / "drafts" / "d.tender.yaml"
    draft.write_bytes(BAD.read_bytes())
    kept = tmp_path / "k.tender.yaml"
    kept.write_bytes(BAD.read_bytes())
    done = check([(draft, "drafts/d"), (kept, "k")], cwd=tmp_path)
    assert done.excluded == ["drafts/d"]
    assert [r.file for r in done.report.results] == ["k"]


def test_a_crash_in_one_file_keeps_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Engine.check_path

    def check_path(self: Engine, path: Path, display: str | None = None) -> FileResult:
        if path == GOOD:
            raise RuntimeError("boom\nsecond line")
        return real(self, path, display)

    monkeypatch.setattr(Engine, "check_path", check_path)
    done = check(files(GOOD, BAD), use_config=False, cwd=tmp_path)
    assert done.crashes == [runner.Crash(GOOD.name, "RuntimeError: boom second line")]
    crashed, other = done.report.results
    assert [(f.rule, f.line, f.file) for f in crashed.findings] == [("FMT-INTERNAL", 1, GOOD.name)]
    assert "RuntimeError: boom second line" in crashed.findings[0].message
    assert rules_of(other) == FURNITURE_RULES
    assert any(f.rule == "FMT-INTERNAL" for f in done.report.failing())


def test_written_baseline_hides_the_same_findings_next_time(tmp_path: Path) -> None:
    dest = tmp_path / "out" / "baseline.json"
    first = check(files(BAD), use_config=False, write_baseline=str(dest), cwd=tmp_path)
    data = json.loads(dest.read_text(encoding="utf-8"))
    assert data["pplint_baseline"] == 1
    assert {e["rule"] for e in data["findings"]} == FURNITURE_RULES
    assert first.report.baseline_hidden == 0
    again = check(files(BAD, GOOD), use_config=False, baseline=str(dest), cwd=tmp_path)
    assert again.report.findings == []
    assert again.report.baseline_hidden == len(FURNITURE_RULES)
    assert again.report.summary()["baseline"] == len(FURNITURE_RULES)


def test_baseline_hides_only_what_it_recorded(tmp_path: Path) -> None:
    dest = tmp_path / "baseline.json"
    check(files(BAD), use_config=False, select=["ENV"], write_baseline=str(dest), cwd=tmp_path)
    done = check(files(BAD), use_config=False, baseline=str(dest), cwd=tmp_path)
    assert rules_of(done.report.results[0]) == {r for r in FURNITURE_RULES if r[:3] != "ENV"}
    assert done.report.baseline_hidden == 2  # ENV-LBL-001 and ENV-HAZ-001


def test_a_baseline_written_while_one_is_read_keeps_every_finding(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    check(files(BAD), use_config=False, write_baseline=str(old), cwd=tmp_path)
    check(files(BAD), use_config=False, baseline=str(old), write_baseline=str(new), cwd=tmp_path)
    assert new.read_text(encoding="utf-8") == old.read_text(encoding="utf-8")


def test_a_crash_is_never_recorded_nor_hidden_by_a_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def check_path(self: Engine, path: Path, display: str | None = None) -> FileResult:
        raise ValueError("bug")

    monkeypatch.setattr(Engine, "check_path", check_path)
    dest = tmp_path / "baseline.json"
    check(files(BAD), use_config=False, write_baseline=str(dest), cwd=tmp_path)
    assert json.loads(dest.read_text(encoding="utf-8"))["findings"] == []
    forged = {
        "pplint_baseline": 1,
        "findings": [{"rule": "FMT-INTERNAL", "file": BAD.name, "path": ""}],
    }
    dest.write_text(json.dumps(forged), encoding="utf-8")
    done = check(files(BAD), use_config=False, baseline=str(dest), cwd=tmp_path)
    assert [f.rule for f in done.report.findings] == ["FMT-INTERNAL"]
    assert done.report.baseline_hidden == 0


def test_a_bad_baseline_is_a_user_error(tmp_path: Path) -> None:
    dest = tmp_path / "baseline.json"
    dest.write_text('{"findings": []}', encoding="utf-8")
    with pytest.raises(PplintError, match="not a pplint baseline"):
        check(files(BAD), use_config=False, baseline=str(dest), cwd=tmp_path)


def test_a_bad_tender_is_findings_not_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "b.tender.yaml"
    broken.write_text(HEADER + "clauses: [\n", encoding="utf-8")
    done = check(files(broken, BAD), use_config=False, cwd=tmp_path)
    first, second = done.report.results
    assert [f.rule for f in first.findings] == ["FMT-SYNTAX"]
    assert rules_of(second) == FURNITURE_RULES
    assert done.crashes == []


# -- reporting helpers ---------------------------------------------------------------------------


def test_model_clauses_are_filled_once_per_file_and_rule(tmp_path: Path) -> None:
    done = check(files(BAD, GOOD), use_config=False, cwd=tmp_path, model_clauses=True)
    assert set(done.report.model_clauses) == {(BAD.name, r) for r in FURNITURE_RULES}
    assert all(text.strip() for text in done.report.model_clauses.values())


def test_no_model_clauses_unless_asked(tmp_path: Path) -> None:
    assert check(files(BAD), use_config=False, cwd=tmp_path).report.model_clauses == {}


def test_pretty_renders_as_text(tmp_path: Path) -> None:
    done = check(files(BAD), use_config=False, cwd=tmp_path)
    text = formatters.render(done.report, "text")
    assert formatters.render(done.report, "pretty") == text
    assert "DIG-STD-002" in text
