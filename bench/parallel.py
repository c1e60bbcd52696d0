"""Benchmark `pplint check --jobs`: serial against two workers, peak memory in the number of
files, and the share of the per-file time that JSON formatting takes; all in one run."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from corpus import SEED, generate
from measure import compile_bytecode, peak_mib
from report import Aim, Table, timed, tree_state

SPEEDUP_AIM = 1.6  # --jobs 2 against --jobs 1, on two cores
RSS_AIM = 1.25  # peak RSS on ten times the files
QUICK = {"files": 16, "runs": 1, "small": 10, "large": 40, "json_files": 8}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000, help="tenders timed (1000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each side (3)")
    parser.add_argument("--small", type=int, default=300, help="files of the small run (300)")
    parser.add_argument("--large", type=int, default=3000, help="files of the large run (3000)")
    parser.add_argument(
        "--json-files", type=int, default=200, help="files for the JSON share (200)"
    )
    parser.add_argument("--quick", action="store_true", help="tiny numbers, for a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        for key, value in QUICK.items():
            setattr(args, key, min(getattr(args, key), value))
    return args


def pplint(jobs: int, folder: Path, fmt: str = "text") -> list[str]:
    """The command line of one measured check."""
    return [sys.executable, "-m", "pplint", "check", "--no-config", "--jobs", str(jobs)] + [
        "--format",
        fmt,
        str(folder),
    ]


def subset(source: Sequence[Path], count: int, folder: Path) -> Path:
    """A folder of hard links to the first ``count`` tenders."""
    folder.mkdir()
    for path in source[:count]:
        os.link(path, folder / path.name)
    return folder


def wall(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds of one run, and the CPU seconds of it and its workers (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


def figure(values: Sequence[float], unit: str = "s") -> str:
    """A median and its spread."""
    vals = sorted(values)
    return (
        f"{statistics.median(vals):8.2f} {unit} median "
        f"(min {vals[0]:.2f}, max {vals[-1]:.2f} {unit}; {len(vals)} runs)"
    )


def speed(table: Table, folder: Path, files: int, runs: int, env: dict[str, str]) -> Aim:
    """Serial and --jobs 2 wall times, alternated so that noise hits both alike."""
    for jobs in (1, 2):  # warm the pack cache and the OS file cache: not counted
        wall(pplint(jobs, folder), env)
    times: dict[int, list[float]] = {1: [], 2: []}
    cpu: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(runs):
        for jobs in (1, 2):
            elapsed, used = wall(pplint(jobs, folder), env)
            times[jobs].append(elapsed)
            cpu[jobs].append(used)
    ratios = [s / p for s, p in zip(times[1], times[2], strict=True)]
    ratio = statistics.median(times[1]) / statistics.median(times[2])
    table.section(f"wall time of `pplint check --format text` on {files} files")
    table.add("serial, --jobs 1", figure(times[1]))
    table.add("two workers, --jobs 2", figure(times[2]))
    table.add(
        "speed-up --jobs 2 / --jobs 1",
        f"{ratio:8.2f}x of the medians (per pair: min {min(ratios):.2f}x, max {max(ratios):.2f}x)",
    )
    table.add("CPU time, --jobs 1", figure(cpu[1]))
    table.add("CPU time, --jobs 2 (all processes)", figure(cpu[2]))
    table.add("load average (1 min) after the timings", f"{os.getloadavg()[0]:8.2f}")
    return Aim(f"--jobs 2 >= {SPEEDUP_AIM}x serial", f"{ratio:.2f}x", ratio >= SPEEDUP_AIM)


def memory(
    table: Table, small: Path, large: Path, sizes: tuple[int, int], env: dict[str, str]
) -> list[Aim]:
    """Peak RSS of the largest process, small and large runs, serial and two workers."""
    table.section("peak RSS of the largest process (ru_maxrss), `--format text`")
    aims = []
    for jobs in (1, 2):
        low, high = peak_mib(pplint(jobs, small), env), peak_mib(pplint(jobs, large), env)
        table.add(f"{sizes[0]} files --jobs {jobs}", f"{low:8.1f} MiB")
        table.add(f"{sizes[1]} files --jobs {jobs}", f"{high:8.1f} MiB")
        ratio = high / low
        table.add(f"ratio {sizes[1]} / {sizes[0]} files --jobs {jobs}", f"{ratio:8.2f}x")
        aims.append(Aim(f"RSS --jobs {jobs} <= {RSS_AIM}x", f"{ratio:.2f}x", ratio <= RSS_AIM))
    return aims


def json_share(table: Table, files: Sequence[Path]) -> None:
    """In this process: the check of each file (with what JSON needs: model clauses and the
    rules that hold) against feeding the results to the JSON writer and finishing it."""
    from dataclasses import replace

    from pplint.cli import options
    from pplint.engine.report import Report
    from pplint.engine.run import FileStep
    from pplint.load import config
    from pplint.output.formatters import jsonfmt, stream

    setup = options.build(config.Config(), [], [], [], None, True)
    setup.settings = replace(setup.settings, evidence=True)
    step = FileStep.of(setup, None, False, True, False)
    step((files[0], str(files[0])))  # lazily built parts: not counted
    start = time.perf_counter()
    done = [step((path, str(path))) for path in files]
    check_s = time.perf_counter() - start
    report = Report([], setup.ruleset, setup.fail_on)
    writer = jsonfmt.Writer(report, [str(p) for p in files])
    start = time.perf_counter()
    for checked in done:
        report.counts().add(checked.result)
        writer.add(stream.FileOut(checked.result, checked.clauses))
    text = writer.finish()
    json_s = time.perf_counter() - start
    json.loads(text)  # it is JSON
    n = len(files)
    share = json_s / (check_s + json_s)
    table.section(f"JSON formatting, in one process, {n} files")
    table.add("check per file", f"{check_s / n * 1000:8.2f} ms")
    table.add("JSON formatting per file", f"{json_s / n * 1000:8.2f} ms")
    table.add("JSON share of the per-file time", f"{share * 100:8.1f} %")


def run(args: argparse.Namespace, root: Path) -> int:
    count = max(args.files, args.large, args.small, args.json_files)
    (root / "all").mkdir()
    source = timed(f"generating {count} tenders", lambda: generate(root / "all", count))
    compile_bytecode()
    env = {**os.environ, "PPLINT_CACHE_DIR": str(root / "cache"), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    table = Table()
    table.section(f"pplint at {tree_state()}, {os.cpu_count()} CPUs, seed {SEED}")
    table.add("tenders generated", f"{count:8d} (40 clauses, 6 criteria, en/es/ca)")
    table.add("load average (1 min) before", f"{os.getloadavg()[0]:8.2f}")
    timed_folder = subset(source, args.files, root / "timed")
    small = subset(source, args.small, root / "small")
    large = subset(source, args.large, root / "large")
    aims = [timed("wall times", lambda: speed(table, timed_folder, args.files, args.runs, env))]
    aims += timed("peak RSS", lambda: memory(table, small, large, (args.small, args.large), env))
    timed("JSON formatting", lambda: json_share(table, source[: args.json_files]))
    print(table.render())
    print("aims:")
    for aim in aims:
        print(f"  [{'    met' if aim.met else 'NOT MET'}]  {aim.name}: {aim.measured}")
    return 0 if args.quick or all(aim.met for aim in aims) else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pplint-parallel-") as tmp:
        return run(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
