"""Benchmark pplint: cold start against yamllint, throughput against PyYAML, memory, CLI imports."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from corpus import SEED, generate, mean_words
from hotspots import profile_check, profile_cold
from leaks import memory_worker, run_memory
from measure import (
    HEAVY,
    build_engine,
    cold_times,
    compile_bytecode,
    imported_by,
    imports_via_main,
    throughput,
)
from report import Aim, Table, ms, spread, timed, tree_state

QUICK_FILES, QUICK_RUNS = 40, 2


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line: sizes of the run, and the hidden options of the memory worker."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000, help="tenders to generate (1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per cold timing (5)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small numbers, for a smoke run (exit 0 even if an aim is missed)",
    )
    parser.add_argument("--no-profile", action="store_true", help="never profile")
    parser.add_argument("--memory-worker", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def setup_rows(
    table: Table, files: Sequence[Path], gen_s: float, words: tuple[float, int, int], first: Any
) -> None:
    """What was measured: versions, commit, and the generated tenders."""
    import yaml

    from pplint import __version__

    sizes = [p.stat().st_size for p in files]
    mean, wmin, wmax = words
    table.section(
        f"set-up: pplint {__version__} at {tree_state()}, Python "
        f"{sys.version.split()[0]}, PyYAML {yaml.__version__} (CSafeLoader), "
        f"{os.cpu_count()} CPUs"
    )
    table.add(
        "tenders generated",
        f"{len(files)} in {gen_s:.1f} s (seed {SEED}); 40 clauses, 6 criteria each",
    )
    table.add(
        "file size",
        f"mean {statistics.fmean(sizes) / 1024:.1f} KiB "
        f"(min {min(sizes) / 1024:.1f}, max {max(sizes) / 1024:.1f})",
    )
    table.add("clause text words", f"mean {mean:.0f} (min {wmin}, max {wmax})")
    table.add(
        "findings in sample file",
        f"{len(first.findings)} "
        f"({sum(1 for f in first.findings if f.severity.name == 'ERROR')} errors)",
    )


def cold_section(table: Table, sample: Path, runs: int, folder: Path) -> Aim:
    """Fresh-process timings of pplint, yamllint and the bare interpreter."""
    py = sys.executable
    cmds = {
        "python": [py, "-c", "pass"],
        "pplint": [py, "-m", "pplint", "check", str(sample), "--format", "text"],
        "yamllint": [py, "-m", "yamllint", "-d", "relaxed", str(sample)],
        "version": [py, "-m", "pplint", "--version"],
        "help": [py, "-m", "pplint", "--help"],
    }
    modules = compile_bytecode()
    cold = timed("cold subprocess timings", lambda: cold_times(cmds, runs, folder))
    med = {name: statistics.median(vals) for name, vals in cold.items()}
    ratio = med["pplint"] / med["yamllint"]
    table.section(
        f"cold start: fresh process each, median of {runs} interleaved runs "
        f"(bytecode of pplint's {modules} modules written first, as an install does)"
    )
    table.add("python -c pass (floor)", f"{ms(med['python'])} {spread(cold['python'])}")
    table.add("pplint check FILE --format text", f"{ms(med['pplint'])} {spread(cold['pplint'])}")
    table.add("yamllint -d relaxed FILE", f"{ms(med['yamllint'])} {spread(cold['yamllint'])}")
    table.add("ratio pplint / yamllint", f"{ratio:8.2f}x")
    above = (med["pplint"] - med["python"]) / max(med["yamllint"] - med["python"], 1e-9)
    table.add("ratio above the python floor", f"{above:8.2f}x")
    table.add("pplint --version", f"{ms(med['version'])} {spread(cold['version'])}")
    table.add("pplint --help", f"{ms(med['help'])} {spread(cold['help'])}")
    return Aim("cold pplint <= 0.8x yamllint", f"{ratio:.2f}x", ratio <= 0.8)


def throughput_section(table: Table, engine: Any, files: Sequence[Path]) -> Aim:
    """Files per second in one process, against PyYAML's C loader on the same files."""
    n = len(files)
    check_s, parse_s = timed("in-process throughput", lambda: throughput(engine, files))
    cost = check_s / parse_s
    table.section(f"throughput: one process, {n} files, rule set built once")
    table.add(
        "pplint Engine.check_path",
        f"{n / check_s:8.1f} files/s ({check_s / n * 1000:.2f} ms/file)",
    )
    table.add(
        "yaml.load CSafeLoader",
        f"{n / parse_s:8.1f} files/s ({parse_s / n * 1000:.2f} ms/file)",
    )
    table.add("check cost / parse cost", f"{cost:8.2f}x")
    return Aim("check <= 3x parse", f"{cost:.2f}x", cost <= 3.0)


def memory_section(table: Table, mem: dict[str, Any], trace: dict[str, Any]) -> Aim:
    """Peak memory after a tenth of the files and after all of them."""
    a, b = int(mem["first_n"]), int(mem["all_n"])
    table.section(f"memory: fresh process, results discarded, after {a} and {b} files")
    checkpoints = (("setup", "rule set + 1 file"), ("first", f"{a} files"), ("all", f"{b} files"))
    for tag, label in checkpoints:
        table.add(
            f"peak RSS after {label}",
            f"{mem[f'hwm_{tag}']:8.1f} MiB VmHWM, {mem[f'rss_{tag}']:.1f} MiB ru_maxrss",
        )
    for tag, label in checkpoints:
        table.add(f"tracemalloc peak after {label}", f"{trace[f'trace_{tag}']:8.1f} MiB")
    rss_growth = mem["hwm_all"] - mem["hwm_first"]
    tm_growth = trace["trace_all"] - trace["trace_first"]
    flat = rss_growth <= max(2.0, 0.05 * mem["hwm_first"]) and tm_growth <= max(
        1.0, 0.05 * trace["trace_first"]
    )
    too_few = (
        ""
        if b >= 200
        else " (too few files to judge: bounded caches are still filling; run without --quick)"
    )
    return Aim(
        "memory flat in the number of files",
        f"+{rss_growth:.1f} MiB peak RSS, +{tm_growth:.1f} MiB traced from {a} to {b} files"
        + too_few,
        flat,
    )


def imports_section(table: Table, sample: Path, folder: Path) -> Aim:
    """Which heavy modules `--version`, `--help` and `check` import."""
    timed("imports of --version / --help", lambda: None)
    table.section("imports: heavy modules (jsonschema, rich, jinja2) loaded")
    light = True
    for args_ in (["--version"], ["--help"]):
        names, cli_s = imported_by(args_, folder)
        heavy = sorted(set(HEAVY) & names)
        via_main = imports_via_main(args_)
        light = light and not heavy and not via_main
        table.add(
            f"python -m pplint {args_[0]}",
            f"{', '.join(heavy) or 'none'} (pplint.cli import {cli_s * 1000:.0f} ms)",
        )
        table.add(f"cli.main([{args_[0]!r}])", ", ".join(via_main) or "none")
    names, _ = imported_by(["check", str(sample), "--format", "text"], folder)
    table.add("pplint check --format text (info)", ", ".join(sorted(set(HEAVY) & names)) or "none")
    return Aim(
        "--version / --help import no jsonschema, rich, jinja2",
        "none loaded" if light else "heavy module loaded",
        light,
    )


def print_report(table: Table, aims: Sequence[Aim]) -> None:
    """The table of figures, then each aim, met or not."""
    print()
    print(table.render())
    print("-- aims")
    for aim in aims:
        print(f"  [{'met' if aim.met else 'NOT MET':>7}]  {aim.name}: {aim.measured}")


def print_hot_spots(
    aims: Sequence[Aim],
    sample: Path,
    folder: Path,
    engine: Any,
    files: Sequence[Path],
    leaks: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    """Where the time or the memory goes, for each of the first three aims that was missed."""
    cold, per_file, memory = aims[:3]
    if not cold.met:
        timed("profiling the cold start", lambda: None)
        print("\n-- hot spots: cold start (aim missed)")
        print("\n".join(profile_cold(sample, folder)))
    if not per_file.met:
        timed("profiling the per-file check", lambda: None)
        print("\n-- hot spots: per-file check (aim missed; cProfile inflates Python-heavy code)")
        print("\n".join(profile_check(engine, files[: min(len(files), 100)])))
    if not memory.met:
        mem, trace = leaks
        print(
            f"\n-- hot spots: memory growth from {mem['first_n']} to {mem['all_n']} files "
            "(aim missed)"
        )
        print("  what grew (gc-tracked containers and live objects):")
        print("\n".join(f"    {line}" for line in mem.get("growth", [])))
        print("  where the growth was allocated (tracemalloc, by line):")
        print("\n".join(f"    {line}" for line in trace.get("sites", [])))


def run(args: argparse.Namespace, folder: Path) -> int:
    """Generate the tenders into ``folder``, measure, print; 1 if an aim is missed."""
    start = time.perf_counter()
    files = timed("generating tenders", lambda: generate(folder, args.files))
    gen_s = time.perf_counter() - start
    n = len(files)
    words = mean_words(files[:50])
    # Memory first, while this process is small: Linux carries ru_maxrss across exec.
    mem = timed("memory (fresh process)", lambda: run_memory(folder, n, False))
    trace = timed("memory with tracemalloc (fresh process)", lambda: run_memory(folder, n, True))
    engine = timed("building the rule set", build_engine)
    first = engine.check_path(files[0])
    bad = [f for f in first.findings if f.rule.startswith("FMT-")]
    if bad:
        print(f"generated tender is invalid: {bad[0].rule} {bad[0].message}", file=sys.stderr)
        return 2
    sample = files[n // 2]
    table = Table()
    setup_rows(table, files, gen_s, words, first)
    aims = [
        cold_section(table, sample, args.runs, folder),
        throughput_section(table, engine, files),
        memory_section(table, mem, trace),
        imports_section(table, sample, folder),
    ]
    print_report(table, aims)
    if not args.no_profile:
        print_hot_spots(aims, sample, folder, engine, files, (mem, trace))
    return 0 if args.quick or all(aim.met for aim in aims) else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, or (hidden option) one memory measurement in this fresh process."""
    args = parse_args(argv)
    if args.memory_worker:
        print(json.dumps(memory_worker(Path(args.memory_worker), args.files, args.trace)))
        return 0
    if args.quick:
        args.files, args.runs = min(args.files, QUICK_FILES), min(args.runs, QUICK_RUNS)
    with tempfile.TemporaryDirectory(prefix="pplint-bench-") as tmp:
        return run(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
