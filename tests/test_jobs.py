"""`pplint check --jobs N`: the same bytes and exit codes as a serial run, workers that die,
the default number of workers, and the `jobs:` configuration key."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from pplint.cli.main import main
from pplint.engine import pool
from pplint.engine import run as runner
from pplint.engine.checker import Engine
from pplint.engine.results import FileResult
from pplint.output.formatters import FORMATS, TERMINAL

from conftest import HEADER, REPO, clean_env

EXAMPLES = REPO / "examples"
ENV = {"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "NO_COLOR": "1"}
ALL_FORMATS = (TERMINAL, *FORMATS)
MAX_BYTES = 60_000  # the corpus's configured size limit: one file is over it


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 tenders: the examples three times (one with an expired waiver), and broken ones:
    invalid YAML, a schema error, a duplicate key, an empty file and one over the size limit."""
    root = tmp_path_factory.mktemp("corpus")
    (root / ".pplint.yaml").write_text(
        f"limits: {{max_file_bytes: {MAX_BYTES}}}\n", encoding="utf-8"
    )
    examples = sorted(EXAMPLES.glob("*/*.tender.yaml"))
    for copy in range(3):
        for example in examples:
            folder = root / f"set-{copy}" / example.parent.name
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(example, folder / example.name)
    broken = root / "broken"
    broken.mkdir()
    (broken / "syntax.tender.yaml").write_text(HEADER + "clauses: [\n", encoding="utf-8")
    (broken / "schema.tender.yaml").write_text(
        HEADER.replace("nature: services", "nature: spaceships"), encoding="utf-8"
    )
    (broken / "dup.tender.yaml").write_text(HEADER + "tender:\n  id: again\n", encoding="utf-8")
    (broken / "empty.tender.yaml").write_text("", encoding="utf-8")
    big = EXAMPLES.joinpath("bad", "furniture.tender.yaml").read_text(encoding="utf-8")
    padding = "# padding\n" * (MAX_BYTES // 10 + 10)
    (broken / "huge.tender.yaml").write_text(big + padding, encoding="utf-8")
    (broken / "expired.tender.yaml").write_text(
        HEADER + "waivers:\n  - {rule: SOC-LAB-001, reason: Old reason given here., "
        'expires: "2001-01-01"}\n',
        encoding="utf-8",
    )
    return root


def check(cwd: Path, *args: str) -> Result:
    """`pplint check ARGS` in ``cwd``, in this process (so that forked workers inherit the
    test's patches)."""
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["check", *args], env=ENV)
    finally:
        os.chdir(old)


@pytest.fixture
def parallel_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of workers of every pooled run (a run that stays serial adds nothing)."""
    calls: list[int] = []
    real = pool.ordered_map

    def spy(work: Callable[..., Any], items: Any, jobs: int, failed: Any) -> Iterator[Any]:
        calls.append(jobs)
        return real(work, items, jobs, failed)

    monkeypatch.setattr(pool, "ordered_map", spy)
    return calls


def both(cwd: Path, *args: str) -> tuple[Result, Result]:
    return check(cwd, "--jobs", "1", *args), check(cwd, "--jobs", "2", *args)


def same(serial: Result, parallel: Result) -> None:
    assert parallel.stdout_bytes == serial.stdout_bytes
    assert parallel.stderr_bytes == serial.stderr_bytes
    assert parallel.exit_code == serial.exit_code
    assert "Traceback" not in parallel.stderr


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_every_format_is_the_same_with_workers(
    fmt: str, corpus: Path, parallel_calls: list[int]
) -> None:
    serial, parallel = both(corpus, "--format", fmt, ".")
    same(serial, parallel)
    assert parallel_calls == [2]
    assert serial.exit_code == 1 and serial.stdout_bytes
    assert b"huge.tender.yaml" in serial.stdout_bytes or fmt.startswith("junit")


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_every_format_is_the_same_on_the_examples(fmt: str, parallel_calls: list[int]) -> None:
    serial, parallel = both(REPO, "--no-config", "--format", fmt, "examples")
    same(serial, parallel)
    assert parallel_calls == [2] and serial.exit_code == 1


def test_every_output_file_and_the_options_are_the_same(
    corpus: Path, tmp_path: Path, parallel_calls: list[int]
) -> None:
    results = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        argv = [f"--output={fmt}={out}/{fmt}" for fmt in FORMATS]
        argv += ["--show-clauses", "--statistics", "--explain", "--fail-on", "warning"]
        argv += ["--write-baseline", f"{out}/baseline.json"]
        done = check(corpus, "--jobs", jobs, "--format", "text", *argv, ".")
        assert done.exit_code == 1
        assert done.stdout and "Findings per rule" in done.stdout
        assert "holds" in done.stderr and "Baseline written" in done.stderr
        results.append((done.stdout_bytes, done.stderr.replace(str(out), "OUT")))
        results.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert results[2:] == results[:2]
    assert set(results[1]) == {*FORMATS, "baseline.json"}
    assert parallel_calls == [2]


def test_a_baseline_hides_the_same_findings(
    corpus: Path, tmp_path: Path, parallel_calls: list[int]
) -> None:
    recorded = tmp_path / "baseline.json"
    check(corpus, "--jobs", "1", "--select", "SOC-", "--write-baseline", str(recorded), ".")
    for fmt in ("text", "json", "sarif"):
        serial, parallel = both(corpus, "--format", fmt, "--baseline", str(recorded), ".")
        same(serial, parallel)
    assert (
        b"hidden by the baseline"
        in check(corpus, "-f", "github", "--baseline", str(recorded), ".").stdout_bytes
    )
    assert parallel_calls == [2, 2, 2, 2]


def test_a_crash_in_a_worker_is_reported_as_serially(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, parallel_calls: list[int]
) -> None:
    real = Engine.check_path

    def check_path(self: Engine, path: Path, display: str | None = None) -> FileResult:
        if path.name == "laptops.tender.yaml" and "set-1" in str(path):
            raise MemoryError("no room")
        return real(self, path, display)

    monkeypatch.setattr(Engine, "check_path", check_path)
    serial, parallel = both(corpus, "--format", "json", ".")
    same(serial, parallel)
    assert serial.exit_code == 3 and "MemoryError: no room" in serial.stderr
    assert parallel_calls == [2]


def test_a_worker_killed_mid_run_loses_only_its_file(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, parallel_calls: list[int]
) -> None:
    serial = check(corpus, "--jobs", "1", "--format", "text", ".")
    real = Engine.check_path
    victim = "set-1/good/laptops.tender.yaml"

    def check_path(self: Engine, path: Path, display: str | None = None) -> FileResult:
        if str(path).endswith(victim):
            os.kill(os.getpid(), signal.SIGKILL)  # in the worker: the test's process forked it
        return real(self, path, display)

    monkeypatch.setattr(Engine, "check_path", check_path)
    started = time.monotonic()
    killed = check(corpus, "--jobs", "2", "--format", "text", ".")
    assert time.monotonic() - started < 120
    assert parallel_calls == [2]
    assert killed.exit_code == 3
    assert "Traceback" not in killed.stderr
    assert f"internal error while checking {victim}: its worker process was killed by SIGKILL" in (
        killed.stderr
    )
    lines = killed.stdout.splitlines()
    mine = [line for line in lines if line.startswith(victim)]
    assert mine == [
        f"{victim}:1:1: error FMT-INTERNAL internal error while checking this file: its worker "
        "process was killed by SIGKILL (out of memory?); please report it"
    ]
    assert [line for line in lines if not line.startswith(victim)] == [
        line for line in serial.stdout.splitlines() if not line.startswith(victim)
    ]


def test_the_pool_yields_in_order_and_stops_its_workers() -> None:
    assert list(pool.ordered_map(lambda x: x * x, list(range(30)), 3, lambda x, why: -1)) == [
        x * x for x in range(30)
    ]
    running = pool.ordered_map(lambda x: x, list(range(30)), 2, lambda x, why: -1)
    assert next(running) == 0
    running.close()
    import multiprocessing

    assert multiprocessing.active_children() == []


def test_a_slow_item_holds_back_only_a_bounded_number_of_results(tmp_path: Path) -> None:
    log = tmp_path / "log"
    ahead = max(64, pool.AHEAD_PER_WORKER * 2)

    def logged(line: str) -> None:
        with open(log, "a", encoding="ascii") as out:
            out.write(line + "\n")

    def work(item: int) -> int:
        logged(f"start {item}")
        if item == 0:  # the slow one: ends only after the other worker has run out of window
            deadline = time.monotonic() + 60
            while f"start {ahead - 1}\n" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.3)
            logged("end 0")
        return item

    assert list(pool.ordered_map(work, list(range(300)), 2, lambda x, why: -1)) == list(range(300))
    lines = log.read_text().splitlines()
    before = lines[: lines.index("end 0")]
    started = {int(line.split()[1]) for line in before}
    assert ahead - 1 in started  # the other worker ran on meanwhile...
    assert max(started) < ahead  # ...but never further than the window


def test_the_default_number_of_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "cpu_count", lambda: 4)
    monkeypatch.setattr(pool, "can_fork", lambda: True)
    assert runner.workers(None, runner.MIN_PARALLEL - 1) == 1
    assert runner.workers(None, runner.MIN_PARALLEL) == 4
    assert runner.workers(None, 1000) == 4
    assert runner.workers(1, 1000) == 1
    assert runner.workers(0, 1000) == 4  # 0 and `auto`: one per CPU, whatever the count
    assert runner.workers(0, 3) == 3  # never more workers than files
    assert runner.workers(8, 5) == 5
    assert runner.workers(3, 1) == 1
    monkeypatch.setattr(pool, "can_fork", lambda: False)
    assert runner.workers(4, 1000) == 1


def test_a_run_of_eight_files_uses_every_cpu_by_default(
    parallel_calls: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "cpu_count", lambda: 2)
    check(REPO, "--no-config", "examples")  # 8 files
    check(REPO, "--no-config", "examples/bad")  # 4 files
    assert parallel_calls == [2]


@pytest.mark.parametrize(
    ("config", "option", "expected"),
    [
        ("jobs: 2\n", None, [2]),
        ("jobs: 2\n", "1", []),
        ("jobs: 1\n", None, []),
        ("jobs: 1\n", "2", [2]),
        ("jobs: auto\n", None, [3]),
        ("jobs: 0\n", None, [3]),
        ("jobs: 1\n", "auto", [3]),
        ("jobs: 1\n", "0", [3]),
    ],
)
def test_the_jobs_key_and_the_option_that_overrides_it(
    config: str,
    option: str | None,
    expected: list[int],
    tmp_path: Path,
    parallel_calls: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pool, "cpu_count", lambda: 3)
    for example in sorted(EXAMPLES.glob("bad/*.tender.yaml")):  # 4 files: serial by default
        shutil.copy(example, tmp_path / example.name)
    (tmp_path / ".pplint.yaml").write_text(config, encoding="utf-8")
    done = check(tmp_path, *(["--jobs", option] if option else []), "--format", "text", ".")
    assert done.exit_code == 1, done.output
    assert parallel_calls == expected


@pytest.mark.parametrize("value", ["-1", "two", "1.5", "true", "[2]"])
def test_a_bad_jobs_key_is_a_configuration_error(value: str, tmp_path: Path) -> None:
    (tmp_path / ".pplint.yaml").write_text(f"jobs: {value}\n", encoding="utf-8")
    shutil.copy(EXAMPLES / "good" / "laptops.tender.yaml", tmp_path)
    done = check(tmp_path, ".")
    assert done.exit_code == 2
    assert ".pplint.yaml:1:" in done.stderr and "jobs" in done.stderr


@pytest.mark.parametrize("value", ["-1", "two", "1.5", ""])
def test_a_bad_jobs_option_is_a_usage_error(value: str) -> None:
    done = check(REPO, "--jobs", value, "examples")
    assert done.exit_code == 2
    assert "--jobs" in done.stderr and "auto" in done.stderr


def test_ctrl_c_stops_the_run_and_its_workers(corpus: Path) -> None:
    """SIGINT to the process group, as a terminal sends it: no traceback, nothing left."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pplint", "check", "--jobs", "2", "--format", "text", "."]
        + ["."] * 20,
        cwd=corpus,
        env=clean_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(3)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "Traceback" not in err
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)
