"""Cost of checking one generated 40-clause tender, this tree against an earlier commit.

Both trees check the same generated tenders in-process (packs loaded once, a warm-up, then the
best of several passes), in separate processes that alternate, so that a slow moment of the
machine falls on both. Prints each side's times and the ratio of minima and of medians.

    python3 bench/against.py 9184ab2 --tenders 200 --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

from corpus import generate

ROOT = Path(__file__).resolve().parent.parent

# run in a child process, with PYTHONPATH on one tree's src: ms per tender, best pass
_WORKER = """
import sys, time
from pathlib import Path
from pplint.engine.checker import Engine
from pplint.packs import rulepack
engine = Engine(rulepack.load([rulepack.shipped_dir()]))
raws = [(p.read_bytes(), str(p)) for p in sorted(Path(sys.argv[1]).glob("*.yaml"))]
bad = 0
for raw, name in raws[:20]:
    result = engine.check_bytes(raw, name)
    bad += any(f.rule.startswith("FMT-") for f in result.findings)
best = None
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    for raw, name in raws:
        engine.check_bytes(raw, name)
    took = (time.perf_counter() - start) / len(raws)
    best = took if best is None else min(best, took)
print(f"{1000 * best:.3f} {bad}")
"""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the earlier commit (anything `git archive` takes)")
    parser.add_argument("--tenders", type=int, default=200, help="generated tenders (200)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating runs per side (5)")
    parser.add_argument("--passes", type=int, default=5, help="passes per run, best kept (5)")
    return parser.parse_args(argv)


def export(commit: str, into: Path) -> Path:
    """The commit's tree unpacked into a folder (git archive: no checkout, no worktree)."""
    archive = into / "base.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "archive", commit], cwd=ROOT, stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "base", filter="data")
    return into / "base" / "src"


def run_once(src: Path, tenders: Path, passes: int) -> float:
    """One child process on one tree: ms per tender (an error when that tree cannot read the
    generated tenders: its times would measure format errors)."""
    done = subprocess.run(
        [sys.executable, "-c", _WORKER, str(tenders), str(passes)],
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    took, bad = done.stdout.split()
    if int(bad):
        raise SystemExit(f"{src}: {bad} of the warm-up tenders have format findings there")
    return float(took)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pplint-against-") as tmp:
        work = Path(tmp)
        base = export(args.base, work)
        tenders = work / "tenders"
        tenders.mkdir()
        generate(tenders, args.tenders)
        here = ROOT / "src"
        times: dict[str, list[float]] = {"base": [], "here": []}
        for _ in range(args.rounds):
            times["base"].append(run_once(base, tenders, args.passes))
            times["here"].append(run_once(here, tenders, args.passes))
    for side, values in times.items():
        shown = ", ".join(f"{v:.2f}" for v in values)
        print(
            f"{side:5} ms per tender: min {min(values):.2f}, median "
            f"{statistics.median(values):.2f} ({shown})"
        )
    low = min(times["here"]) / min(times["base"])
    mid = statistics.median(times["here"]) / statistics.median(times["base"])
    print(
        f"this tree against {args.base}: {low:.2f}x (minima), {mid:.2f}x (medians), "
        f"{args.tenders} tenders of 40 clauses"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
