"""Benchmark `pplint scan`: documents per second per core, --jobs 2 against --jobs 1, and peak
memory in the number of documents, on nested tar.gz packages of the shared eForms notices.

Two monthly .tar.gz packages of daily .tar.gz packages are built from
../shared/data/notices/eforms/*.xml repeated, one of 2,000 documents and one of 200; `pplint
scan --jsonl FILE --no-progress` runs on them as subprocesses, --jobs 1 and --jobs 2 alternated,
and every figure is a median over the runs with its spread, measured in this run. The aims
(issue: `pplint scan`): at least 100 documents per second per core, --jobs 2 at least 1.6 times
as fast as --jobs 1 (close to twice), and peak RSS of the 2,000-document scan within 1.25 times
that of the 200-document one. Then the median notice's own rate, checked in this process.

Usage: python3 bench/scan.py [--runs N] [--large N] [--small N] [--quick]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from measure import peak_mib

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "notices" / "eforms"
RATE_AIM = 100.0  # documents per second per core
SPEEDUP_AIM = 1.6  # --jobs 2 against --jobs 1: "close to twice"
RSS_AIM = 1.25  # peak RSS of the large scan against the small one
PER_DAY = 100  # documents per daily package
QUICK = {"runs": 1, "large": 400, "small": 100}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each side (3)")
    parser.add_argument("--large", type=int, default=2000, help="documents, large (2000)")
    parser.add_argument("--small", type=int, default=200, help="documents, small (200)")
    parser.add_argument("--quick", action="store_true", help="tiny numbers, for a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        for key, value in QUICK.items():
            setattr(args, key, min(getattr(args, key), value))
    return args


def _tar_gz(members: Sequence[tuple[str, bytes]]) -> bytes:
    """A .tar.gz of the members, in memory."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, raw in members:
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            info.mtime = 1_700_000_000
            tar.addfile(info, io.BytesIO(raw))
    return out.getvalue()


def monthly(notices: Sequence[Path], count: int, path: Path) -> Path:
    """A monthly .tar.gz of daily .tar.gz packages of PER_DAY documents: the notices repeated
    in turn to ``count`` documents."""
    raws = [(p.name, p.read_bytes()) for p in notices]
    days = []
    for day, start in enumerate(range(0, count, PER_DAY)):
        members = [
            (f"{i:05d}-{raws[i % len(raws)][0]}", raws[i % len(raws)][1])
            for i in range(start, min(start + PER_DAY, count))
        ]
        days.append((f"2025-01-{day + 1:02d}.tar.gz", _tar_gz(members)))
    path.write_bytes(_tar_gz(days))
    return path


def pplint(jobs: int, package: Path, out: Path) -> list[str]:
    """The command line of one measured scan."""
    return [
        *(sys.executable, "-m", "pplint", "scan", "--no-config", "--no-progress"),
        *("--jobs", str(jobs), "--jsonl", str(out), str(package)),
    ]


def wall(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds of one run, and the CPU seconds of it and its workers (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode(errors='replace')}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


def figure(values: Sequence[float], unit: str, digits: int = 2) -> str:
    """A median and its spread."""
    vals = sorted(values)
    return (
        f"{statistics.median(vals):9.{digits}f} {unit} median "
        f"(min {vals[0]:.{digits}f}, max {vals[-1]:.{digits}f}; {len(vals)} runs)"
    )


def aim(name: str, measured: str, met: bool) -> str:
    """One aim, met or not."""
    return f"  [{'    met' if met else 'NOT MET'}]  {name}: {measured}"


def documents_in(jsonl: Path) -> int:
    """The document records of a scan's JSON Lines."""
    with jsonl.open(encoding="utf-8") as handle:
        return sum(1 for line in handle if line.startswith('{"record": "document"'))


def speed(
    large: Path, one: Path, count: int, runs: int, env: dict[str, str], out: Path
) -> list[str]:
    """Wall and CPU times of --jobs 1 and --jobs 2 on the large package, alternated, and of
    a one-document package (the start-up, subtracted for a net figure)."""
    for jobs in (1, 2):  # warm the pack cache and the OS file cache: not counted
        wall(pplint(jobs, large, out), env)
    found = documents_in(out)
    times: dict[int, list[float]] = {1: [], 2: []}
    cpu: dict[int, list[float]] = {1: [], 2: []}
    start: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(runs):
        for jobs in (1, 2):
            elapsed, used = wall(pplint(jobs, large, out), env)
            times[jobs].append(elapsed)
            cpu[jobs].append(used)
            start[jobs].append(wall(pplint(jobs, one, out), env)[0])
    rate = {j: [found / t / j for t in times[j]] for j in (1, 2)}
    pairs = [s / p for s, p in zip(times[1], times[2], strict=True)]
    ratio = statistics.median(times[1]) / statistics.median(times[2])
    print(f"-- `pplint scan --jsonl` of {count:,} documents ({found:,} records of documents)")
    print(f"  wall, --jobs 1              {figure(times[1], 's')}")
    print(f"  wall, --jobs 2              {figure(times[2], 's')}")
    print(f"  CPU, --jobs 1               {figure(cpu[1], 's')}")
    print(f"  CPU, --jobs 2 (all)         {figure(cpu[2], 's')}")
    print(f"  docs/s per core, --jobs 1   {figure(rate[1], 'docs/s', 1)}")
    print(f"  docs/s per core, --jobs 2   {figure(rate[2], 'docs/s', 1)}")
    print(
        f"  speed-up --jobs 2 / 1       {ratio:9.2f}x of the medians "
        f"(per pair: min {min(pairs):.2f}x, max {max(pairs):.2f}x)"
    )
    net = {j: statistics.median(times[j]) - statistics.median(start[j]) for j in (1, 2)}
    print(f"  start-up (1 document), -j 1 {figure(start[1], 's')}")
    print(f"  start-up (1 document), -j 2 {figure(start[2], 's')}")
    print(
        f"  speed-up net of start-up    {net[1] / net[2]:9.2f}x "
        f"({net[1]:.2f} s against {net[2]:.2f} s of scanning)"
    )
    print(f"  load average (1 min) after  {os.getloadavg()[0]:9.2f}")
    serial, parallel = statistics.median(rate[1]), statistics.median(rate[2])
    return [
        aim(f"docs/s per core, --jobs 1 >= {RATE_AIM:g}", f"{serial:.1f}", serial >= RATE_AIM),
        aim(f"docs/s per core, --jobs 2 >= {RATE_AIM:g}", f"{parallel:.1f}", parallel >= RATE_AIM),
        aim(f"--jobs 2 >= {SPEEDUP_AIM}x --jobs 1", f"{ratio:.2f}x", ratio >= SPEEDUP_AIM),
    ]


def memory(
    small: Path, large: Path, sizes: tuple[int, int], runs: int, env: dict[str, str], out: Path
) -> list[str]:
    """Peak RSS of the largest process, small and large packages alternated, both --jobs."""
    print("-- peak RSS of the largest process (ru_maxrss, a fresh parent per run)")
    aims = []
    for jobs in (1, 2):
        low: list[float] = []
        high: list[float] = []
        for _ in range(runs):
            low.append(peak_mib(pplint(jobs, small, out), env))
            high.append(peak_mib(pplint(jobs, large, out), env))
        ratios = [h / lo for h, lo in zip(high, low, strict=True)]
        ratio = statistics.median(high) / statistics.median(low)
        print(f"  {sizes[0]:>5,} documents, --jobs {jobs}   {figure(low, 'MiB', 1)}")
        print(f"  {sizes[1]:>5,} documents, --jobs {jobs}   {figure(high, 'MiB', 1)}")
        print(
            f"  ratio, --jobs {jobs}             {ratio:9.2f}x of the medians "
            f"(per pair: min {min(ratios):.2f}x, max {max(ratios):.2f}x)"
        )
        aims.append(aim(f"peak RSS --jobs {jobs} <= {RSS_AIM}x", f"{ratio:.2f}x", ratio <= RSS_AIM))
    return aims


def median_notice(notices: Sequence[Path], rounds: int) -> str:
    """The rate of the median notice, one core, warm: each notice's fastest scan step of
    ``rounds`` (read, map, check, records), in this process."""
    from measure import build_engine

    from pplint.scan.run import ScanStep
    from pplint.scan.sources import Document

    step = ScanStep(build_engine())
    seconds = []
    for path in notices:
        document = Document(path.name, path.read_bytes())
        step(document)  # lazily built parts: not counted
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            step(document)
            best = min(best, time.perf_counter() - start)
        seconds.append(best)
    middle = statistics.median(seconds)
    quartiles = statistics.quantiles(seconds, n=4)
    print(f"-- each of the {len(notices)} notices scanned in this process, warm, best of {rounds}")
    print(
        f"  median notice               {middle * 1000:9.2f} ms = {1 / middle:.1f} docs/s "
        f"(quartiles {quartiles[0] * 1000:.2f}..{quartiles[2] * 1000:.2f} ms)"
    )
    return aim(f"median notice >= {RATE_AIM:g} docs/s", f"{1 / middle:.1f}", 1 / middle >= RATE_AIM)


def run(args: argparse.Namespace, root: Path) -> int:
    """Build the packages, measure, print the figures and the aims."""
    import pplint

    notices = sorted(SHARED.glob("*.xml"))
    env = {**os.environ, "PPLINT_CACHE_DIR": str(root / "cache"), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    large = monthly(notices, args.large, root / "large.tar.gz")
    small = monthly(notices, args.small, root / "small.tar.gz")
    print(
        f"pplint {pplint.__version__}, {os.cpu_count()} CPUs, {len(notices)} shared notices "
        f"repeated; daily packages of {PER_DAY} in a monthly .tar.gz "
        f"({large.stat().st_size / 1024**2:.1f} MiB for {args.large:,}, "
        f"{small.stat().st_size / 1024**2:.1f} MiB for {args.small:,})"
    )
    print(f"  load average (1 min) before {os.getloadavg()[0]:9.2f}")
    one = monthly(notices[:1], 1, root / "one.tar.gz")
    out = root / "out.jsonl"
    aims = speed(large, one, args.large, args.runs, env, out)
    aims += memory(small, large, (args.small, args.large), args.runs, env, out)
    aims.append(median_notice(notices, 3 if args.quick else 7))
    print("aims:")
    print("\n".join(aims))
    return 0 if args.quick or all("NOT MET" not in a for a in aims) else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Measure in a temporary folder."""
    args = parse_args(argv)
    if not SHARED.is_dir():
        print(f"needs {SHARED}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="pplint-scan-bench-") as tmp:
        return run(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
