"""runner: every file through the engine, crashes per file, baselines and writing outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pplint.core.errors import PplintError
from pplint.engine import run as runner
from pplint.engine.checker import Engine, FileResult

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
    "ENV-CPC-001",
    "GOV-CPC-001",
    "SOC-LAB-001",
}


def files(*paths: Path) -> list[tuple[Path, str]]:
    """Each path with its file name as display name."""
    return [(p, p.name) for p in paths]


def rules_of(result: FileResult) -> set[str]:
    return {f.rule for f in result.findings}


def test_every_file_gives_one_result_in_order(tmp_path: Path) -> None:
    done = runner.run(files(BAD, GOOD), use_config=False, cwd=tmp_path)
    assert [r.file for r in done.report.results] == [BAD.name, GOOD.name]
    assert rules_of(done.report.results[0]) == FURNITURE_RULES
    assert done.report.results[1].findings == []
    assert all(r.checked for r in done.report.results)
    assert done.crashes == [] and done.excluded == []
    assert {f.file for f in done.report.findings} == {BAD.name}


def test_options_reach_the_engine(tmp_path: Path) -> None:
    done = runner.run(files(BAD), use_config=False, ignore=["SOC"], fail_on="never", cwd=tmp_path)
    assert rules_of(done.report.results[0]) == {r for r in FURNITURE_RULES if r[:3] != "SOC"}
    assert done.report.fail_on is None
    assert done.report.failing() == []


def test_configuration_is_discovered_from_cwd(tmp_path: Path) -> None:
    (tmp_path / ".pplint.yaml").write_text("select: [DIG]\n", encoding="utf-8")
    done = runner.run(files(BAD), cwd=tmp_path)
    assert rules_of(done.report.results[0]) == {"DIG-STD-002"}
    assert runner.run(files(BAD), use_config=False, cwd=tmp_path).report.findings


def test_excluded_files_are_listed_and_not_checked(tmp_path: Path) -> None:
    (tmp_path / ".pplint.yaml").write_text("exclude: [drafts/]\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    draft = tmp_path / "drafts" / "d.tender.yaml"
    draft.write_bytes(BAD.read_bytes())
    kept = tmp_path / "k.tender.yaml"
    kept.write_bytes(BAD.read_bytes())
    done = runner.run([(draft, "drafts/d"), (kept, "k")], cwd=tmp_path)
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
    done = runner.run(files(GOOD, BAD), use_config=False, cwd=tmp_path)
    assert done.crashes == [runner.Crash(GOOD.name, "RuntimeError: boom second line")]
    crashed, other = done.report.results
    assert [(f.rule, f.line, f.file) for f in crashed.findings] == [("FMT-INTERNAL", 1, GOOD.name)]
    assert "RuntimeError: boom second line" in crashed.findings[0].message
    assert rules_of(other) == FURNITURE_RULES
    assert any(f.rule == "FMT-INTERNAL" for f in done.report.failing())


def test_written_baseline_hides_the_same_findings_next_time(tmp_path: Path) -> None:
    dest = tmp_path / "out" / "baseline.json"
    first = runner.run(files(BAD), use_config=False, write_baseline=str(dest), cwd=tmp_path)
    data = json.loads(dest.read_text(encoding="utf-8"))
    assert data["pplint_baseline"] == 1
    assert {e["rule"] for e in data["findings"]} == FURNITURE_RULES
    assert first.report.baseline_hidden == 0
    again = runner.run(files(BAD, GOOD), use_config=False, baseline=str(dest), cwd=tmp_path)
    assert again.report.findings == []
    assert again.report.baseline_hidden == len(FURNITURE_RULES)
    assert again.report.summary()["baseline"] == len(FURNITURE_RULES)


def test_baseline_hides_only_what_it_recorded(tmp_path: Path) -> None:
    dest = tmp_path / "baseline.json"
    runner.run(files(BAD), use_config=False, select=["ENV"], write_baseline=str(dest), cwd=tmp_path)
    done = runner.run(files(BAD), use_config=False, baseline=str(dest), cwd=tmp_path)
    assert rules_of(done.report.results[0]) == {r for r in FURNITURE_RULES if r[:3] != "ENV"}
    assert done.report.baseline_hidden == 3


def test_a_baseline_written_while_one_is_read_keeps_every_finding(tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    runner.run(files(BAD), use_config=False, write_baseline=str(old), cwd=tmp_path)
    runner.run(
        files(BAD), use_config=False, baseline=str(old), write_baseline=str(new), cwd=tmp_path
    )
    assert new.read_text(encoding="utf-8") == old.read_text(encoding="utf-8")


def test_a_crash_is_never_recorded_nor_hidden_by_a_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def check_path(self: Engine, path: Path, display: str | None = None) -> FileResult:
        raise ValueError("bug")

    monkeypatch.setattr(Engine, "check_path", check_path)
    dest = tmp_path / "baseline.json"
    runner.run(files(BAD), use_config=False, write_baseline=str(dest), cwd=tmp_path)
    assert json.loads(dest.read_text(encoding="utf-8"))["findings"] == []
    forged = {
        "pplint_baseline": 1,
        "findings": [{"rule": "FMT-INTERNAL", "file": BAD.name, "path": ""}],
    }
    dest.write_text(json.dumps(forged), encoding="utf-8")
    done = runner.run(files(BAD), use_config=False, baseline=str(dest), cwd=tmp_path)
    assert [f.rule for f in done.report.findings] == ["FMT-INTERNAL"]
    assert done.report.baseline_hidden == 0


def test_a_bad_baseline_is_a_user_error(tmp_path: Path) -> None:
    dest = tmp_path / "baseline.json"
    dest.write_text('{"findings": []}', encoding="utf-8")
    with pytest.raises(PplintError, match="not a pplint baseline"):
        runner.run(files(BAD), use_config=False, baseline=str(dest), cwd=tmp_path)


def test_a_bad_tender_is_findings_not_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "b.tender.yaml"
    broken.write_text(HEADER + "clauses: [\n", encoding="utf-8")
    done = runner.run(files(broken, BAD), use_config=False, cwd=tmp_path)
    first, second = done.report.results
    assert [f.rule for f in first.findings] == ["FMT-SYNTAX"]
    assert rules_of(second) == FURNITURE_RULES
    assert done.crashes == []


# -- write_file ----------------------------------------------------------------------------------


def test_write_file_creates_folders_and_replaces_content(tmp_path: Path) -> None:
    dest = tmp_path / "a" / "b" / "out.txt"
    runner.write_file(str(dest), "first, longer text\n", "report")
    runner.write_file(str(dest), "ünï\n", "report")
    assert dest.read_bytes() == "ünï\n".encode()


def test_write_file_escapes_lone_surrogates(tmp_path: Path) -> None:
    dest = tmp_path / "out.json"
    runner.write_file(str(dest), json.dumps({"f": "x\udcff"}, ensure_ascii=False), "baseline")
    assert dest.read_bytes() == b'{"f": "x\\udcff"}'
    assert json.loads(dest.read_text(encoding="utf-8")) == {"f": "x\udcff"}


def test_write_file_to_a_folder_is_a_user_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(PplintError) as caught:
        runner.write_file(str(tmp_path), "x", "baseline")
    assert caught.value.file == str(tmp_path)
    assert caught.value.message.startswith("cannot write baseline: ")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_write_file_refuses_a_fifo_nobody_reads(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    code = (
        "import sys\nfrom pplint.engine import run as runner; from pplint.core import errors\n"
        "try:\n    runner.write_file(sys.argv[1], 'x', 'report')\n"
        "except errors.PplintError as exc:\n    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{fifo}: cannot write report: a FIFO that nobody reads is there"


# -- reporting helpers ---------------------------------------------------------------------------


def test_model_clauses_are_filled_once_per_file_and_rule(tmp_path: Path) -> None:
    done = runner.run(files(BAD, GOOD), use_config=False, cwd=tmp_path)
    runner.add_model_clauses(done.report, done.setup)
    assert set(done.report.model_clauses) == {(BAD.name, r) for r in FURNITURE_RULES}
    assert all(text.strip() for text in done.report.model_clauses.values())


def test_pretty_renders_as_text(tmp_path: Path) -> None:
    done = runner.run(files(BAD), use_config=False, cwd=tmp_path)
    text = runner.render(done.report, "text")
    assert runner.render(done.report, "pretty") == text
    assert "DIG-STD-002" in text


def test_step_summary_is_appended_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = runner.run(files(BAD), use_config=False, cwd=tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    runner.write_step_summary(done.report)
    assert list(tmp_path.iterdir()) == []
    target = tmp_path / "summary.md"
    target.write_text("before\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    runner.write_step_summary(done.report)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("before\n")
    assert "DIG-STD-002" in text
