"""Streamed runs: text and GitHub output printed as files finish, in order, serially and with
workers; whole-run formats keep only the text they print, never a file's result."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pplint.cli import sinks
from pplint.cli.main import main
from pplint.core.model import Finding
from pplint.engine.checker import Engine
from pplint.engine.report import Report
from pplint.engine.results import FileResult
from pplint.output import formatters
from pplint.output.formatters import stream

from conftest import REPO

EXAMPLES = REPO / "examples"
ENV = {"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "NO_COLOR": "1"}
FILES = 12
WAIT_SECONDS = 20.0


@pytest.fixture
def tenders(tmp_path: Path) -> Path:
    """Twelve weak tenders, named so that the last one is checked last."""
    bad = EXAMPLES / "bad" / "furniture.tender.yaml"
    for number in range(FILES):
        shutil.copy(bad, tmp_path / f"t{number:02d}.tender.yaml")
    return tmp_path


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("fmt", ["text", "github", formatters.TERMINAL])
def test_the_first_file_is_printed_before_the_last_is_checked(
    fmt: str, jobs: str, tenders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check of the last file waits (in its worker, too) until the first file's lines
    have been printed; it records whether they were."""
    printed = tenders / "printed"  # made when the first text is printed
    seen = tenders / "seen"  # what the check of the last file found
    real_check = Engine.check_path
    real_print = sinks.Outputs.add

    def check_path(self: Engine, path: Path, display: str | None = None) -> FileResult:
        if path.name == f"t{FILES - 1:02d}.tender.yaml":
            deadline = time.monotonic() + WAIT_SECONDS
            while not printed.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            seen.write_text("printed" if printed.exists() else "nothing", encoding="utf-8")
        return real_check(self, path, display)

    def add(self: sinks.Outputs, out: stream.FileOut) -> None:
        real_print(self, out)
        if "t00.tender.yaml" in runner_stdout():
            printed.touch()

    monkeypatch.setattr(Engine, "check_path", check_path)
    monkeypatch.setattr(sinks.Outputs, "add", add)
    runner = CliRunner()

    def runner_stdout() -> str:
        """What the command has printed so far (CliRunner's standard output)."""
        sys.stdout.flush()
        return bytes(sys.stdout.buffer.getvalue()).decode("utf-8")  # type: ignore[attr-defined]

    old = Path.cwd()
    os.chdir(tenders)
    try:
        done = runner.invoke(main, ["check", "--jobs", jobs, "--format", fmt, "."], env=ENV)
    finally:
        os.chdir(old)
    assert done.exit_code == 1, done.output
    assert seen.read_text(encoding="utf-8") == "printed"
    assert done.stdout.index("t00.tender.yaml") < done.stdout.index(f"t{FILES - 1:02d}")


def test_whole_run_formats_keep_text_not_results(tenders: Path) -> None:
    """A format that prints at the end keeps strings (and counts), nothing of a FileResult:
    no result, no finding, no tender data."""
    from pplint.cli import options

    setup = options.setup(None, False, (), (), (), None, True, None, cwd=tenders)
    engine = Engine(setup.ruleset, setup.settings, terms=setup.terms)
    paths = sorted(tenders.glob("*.tender.yaml"))
    results = [engine.check_path(p, p.name) for p in paths]
    assert all(r.findings and r.context for r in results)
    for name in formatters.FORMATS:
        report = Report([], setup.ruleset, setup.fail_on)
        writer = formatters.writer(name, report, [p.name for p in paths])
        for result in results:
            clauses = {f.rule: "a model clause" for f in result.findings}
            assert writer.add(stream.FileOut(result, clauses)) == "" or writer.streams
        kept = _reachable({k: v for k, v in vars(writer).items() if k != "report"})
        assert not [x for x in kept if isinstance(x, FileResult | Finding)], name
        assert not [x for x in kept if x is results[0].context], name
        assert writer.finish() or writer.streams
    walked = _reachable({"held": [(results[0].findings[0], "text")], "r": results[1]})
    assert sum(isinstance(x, FileResult | Finding) for x in walked) > 2  # the walk sees them


def _reachable(root: Any) -> list[Any]:
    """Every object reachable from ``root`` (classes, modules and functions left out)."""
    seen: dict[int, Any] = {}
    todo = [root]
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, type | type(os) | type(_reachable)):
            continue
        seen[id(obj)] = obj
        todo.extend(gc.get_referents(obj))
    return list(seen.values())


def test_a_streamed_run_keeps_no_result(tenders: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every built-in format and output at once: the report ends with no result in it."""
    ended: list[Report] = []
    real = sinks.Outputs.finish

    def finish(self: sinks.Outputs) -> bool:
        ended.append(self.report)
        assert not self.keep
        return real(self)

    monkeypatch.setattr(sinks.Outputs, "finish", finish)
    argv = [f"--output={name}={tenders}/out.{name}" for name in formatters.FORMATS]
    old = Path.cwd()
    os.chdir(tenders)
    try:
        done = CliRunner().invoke(main, ["check", "--jobs", "1", "--show-clauses", *argv, "."])
    finally:
        os.chdir(old)
    assert done.exit_code == 1
    (report,) = ended
    assert report.results == [] and report.model_clauses == {}
    assert report.summary()["files"] == FILES and report.summary()["findings"] > FILES
    assert all((tenders / f"out.{name}").stat().st_size for name in formatters.FORMATS)


def test_names_out_of_order_are_held_until_their_turn() -> None:
    order: stream.ByName[str] = stream.ByName(["b", "a", "c", "a"])
    assert order.add("b", [(2, "b2"), (1, "b1")]) == []  # a comes first by name
    assert order.add("a", [(1, "a1")]) == []  # a second `a` is still to come
    assert order.add("c", [(1, "c1")]) == []
    assert order.add("a", [(0, "a0")]) == ["a0", "a1", "b1", "b2", "c1"]
    assert order.rest() == []
