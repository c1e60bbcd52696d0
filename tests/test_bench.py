"""The README's benchmark runs: `python3 bench/bench.py --quick` prints every figure it names,
and so does `python3 bench/parallel.py --quick` (serial against --jobs 2, memory, JSON share).

A smoke test of the scripts, not of speed: no figure is compared with anything.
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys

import pytest

from conftest import REPO, clean_env

TIMEOUT = 600  # a hang guard only: the quick run takes well under a minute

MS = r"\d+\.\d ms \(min \d+, max \d+ ms\)"
PER_FILE = r"\d+\.\d files/s \(\d+\.\d\d ms/file\)"
RATIO = r"\d+\.\d\dx"
MIB = r"\d+\.\d MiB VmHWM, \d+\.\d MiB ru_maxrss"

# One pattern per figure of the README's Performance table, as the script prints it.
FIGURES = {
    "cold pplint": rf"pplint check FILE --format text +{MS}",
    "cold yamllint": rf"yamllint -d relaxed FILE +{MS}",
    "cold ratio": rf"ratio pplint / yamllint +{RATIO}",
    "files per second": rf"pplint Engine\.check_path +{PER_FILE}",
    "C parse alone": rf"yaml\.load CSafeLoader +{PER_FILE}",
    "check cost / parse cost": rf"check cost / parse cost +{RATIO}",
    "peak RSS after a tenth and all files": (
        rf"peak RSS after \d+ files +{MIB}\n  peak RSS after \d+ files +{MIB}"
    ),
    "--version time": rf"pplint --version +{MS}",
    "--help time": rf"pplint --help +{MS}",
    "--version imports": r"python -m pplint --version +[a-z0-9, ]+ \(pplint\.cli import \d+ ms\)",
    "--help imports": r"python -m pplint --help +[a-z0-9, ]+ \(pplint\.cli import \d+ ms\)",
}
AIMS = (
    "cold pplint <= 0.8x yamllint",
    "check <= 3x parse",
    "memory flat in the number of files",
    "--version / --help import no jsonschema, rich, jinja2",
)


BENCH, PARALLEL = "bench/bench.py", "bench/parallel.py"  # parallel.py: --jobs and memory
SECONDS = r"\d+\.\d\d s median \(min \d+\.\d\d, max \d+\.\d\d s; \d+ runs\)"
PMIB = r"\d+\.\d MiB"

PARALLEL_FIGURES = {
    "serial wall time": rf"serial, --jobs 1 +{SECONDS}",
    "two workers wall time": rf"two workers, --jobs 2 +{SECONDS}",
    "speed-up": rf"speed-up --jobs 2 / --jobs 1 +{RATIO} of the medians \(per pair: min "
    rf"{RATIO}, max {RATIO}\)",
    "serial RSS": rf"\d+ files --jobs 1 +{PMIB}\n  \d+ files --jobs 1 +{PMIB}\n  ratio \d+ / \d+ "
    rf"files --jobs 1 +{RATIO}",
    "two workers RSS": rf"\d+ files --jobs 2 +{PMIB}\n  \d+ files --jobs 2 +{PMIB}\n  ratio \d+ / "
    rf"\d+ files --jobs 2 +{RATIO}",
    "JSON share": r"JSON share of the per-file time +\d+\.\d %",
    "commit": r"-- pplint at [0-9a-f]{7}",
}
PARALLEL_AIMS = ("--jobs 2 >= 1.6x serial", "RSS --jobs 1 <= 1.25x", "RSS --jobs 2 <= 1.25x")


@functools.cache
def quick(script: str) -> subprocess.CompletedProcess[str]:
    """One quick run of a benchmark script, shared by the tests of this file."""
    return subprocess.run(
        [sys.executable, script, "--quick"],
        cwd=REPO,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.mark.parametrize("script", [BENCH, PARALLEL])
def test_quick_run_succeeds(script: str) -> None:
    done = quick(script)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    if script == BENCH:
        assert re.search(r"tenders generated +\d+ in \d+\.\d s \(seed \d+\)", done.stdout)


@pytest.mark.parametrize(
    ("script", "pattern"),
    [(BENCH, p) for p in FIGURES.values()] + [(PARALLEL, p) for p in PARALLEL_FIGURES.values()],
    ids=[*FIGURES, *(f"parallel {name}" for name in PARALLEL_FIGURES)],
)
def test_quick_run_prints_figure(script: str, pattern: str) -> None:
    assert re.search(pattern, quick(script).stdout), quick(script).stdout


@pytest.mark.parametrize(
    ("script", "aim"), [(BENCH, a) for a in AIMS] + [(PARALLEL, a) for a in PARALLEL_AIMS]
)
def test_quick_run_judges_aim(script: str, aim: str) -> None:
    found = re.search(
        rf"^  \[(    met|NOT MET)\]  {re.escape(aim)}: \S", quick(script).stdout, re.M
    )
    assert found


def test_the_cost_against_an_earlier_commit_is_printed_as_ratios() -> None:
    """`bench/against.py` checks the same generated tenders with this tree and with a commit's
    tree (here the current one, so both sides can read them) and prints the ratios."""
    if subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True).returncode:
        pytest.skip("not a git checkout: bench/against.py exports a commit with git archive")
    done = subprocess.run(
        [
            sys.executable,
            "bench/against.py",
            "HEAD",
            "--tenders",
            "25",
            "--rounds",
            "1",
            "--passes",
            "1",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=clean_env(),
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"^base +ms per tender: min \d+\.\d\d", done.stdout, re.M)
    assert re.search(r"^here +ms per tender: min \d+\.\d\d", done.stdout, re.M)
    assert re.search(
        rf"this tree against HEAD: {RATIO} \(minima\), {RATIO} \(medians\)", done.stdout
    )
