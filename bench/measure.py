"""The timings: cold starts in fresh processes, in-process throughput, what the CLI imports."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HEAVY = ("jsonschema", "rich", "jinja2")


def build_engine() -> Any:
    """The rule set and engine, built once as src/pplint/runner.py does."""
    from pplint.cli import options
    from pplint.engine.checker import Engine
    from pplint.load import config

    setup = options.build(config.Config(), [], [], [], None, True)
    return Engine(setup.ruleset, setup.settings)


def compile_bytecode() -> int:
    """Write pplint's bytecode, as installing a package does (pip compiles it; an editable
    install or PYTHONDONTWRITEBYTECODE=1 leaves none), so that cold starts compare with
    yamllint's installed, compiled modules; returns the number of modules."""
    import compileall

    import pplint

    package = Path(pplint.__file__).resolve().parent
    compileall.compile_dir(str(package), quiet=1)
    return sum(1 for _ in package.rglob("*.py"))


def wall(cmd: Sequence[str], cwd: Path) -> float:
    """Seconds a command takes, from start to exit."""
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def cold_times(cmds: dict[str, list[str]], runs: int, cwd: Path) -> dict[str, list[float]]:
    """Fresh-process wall times, interleaved so that machine noise hits every command alike."""
    for cmd in cmds.values():  # warm the OS file cache; not counted
        wall(cmd, cwd)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            times[name].append(wall(cmd, cwd))
    return times


def throughput(engine: Any, files: Sequence[Path], chunk: int = 50) -> tuple[float, float]:
    """Seconds to check and to CSafeLoader-parse all files, in interleaved chunks."""
    import yaml

    check_s = parse_s = 0.0
    for first in range(0, len(files), chunk):
        part = files[first : first + chunk]
        start = time.perf_counter()
        for path in part:
            engine.check_path(path)
        check_s += time.perf_counter() - start
        start = time.perf_counter()
        for path in part:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        parse_s += time.perf_counter() - start
    return check_s, parse_s


def imported_by(args: Sequence[str], cwd: Path) -> tuple[set[str], float]:
    """Top-level modules a real `python -m pplint ARGS` imports, and its pplint.cli import time."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pplint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    names: set[str] = set()
    cli_us = 0.0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = [p.strip() for p in line[len("import time:") :].split("|")]
        if not parts[0].isdigit():
            continue
        names.add(parts[2].split(".")[0])
        if parts[2] == "pplint.cli":
            cli_us = float(parts[1])
    return names, cli_us / 1e6


def imports_via_main(argv: Sequence[str]) -> list[str]:
    """Heavy modules in sys.modules after cli.main(argv) in a fresh interpreter."""
    code = (
        "import contextlib, io, json, sys\n"
        "from pplint import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        cli.main({list(argv)!r}, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


# Run in a fresh, small interpreter: runs the command and prints the peak RSS (KiB) of the
# largest process among its descendants (pplint and its workers), which Linux keeps per child.
_PEAK = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def peak_mib(cmd: Sequence[str], env: dict[str, str]) -> float:
    """Peak RSS of the largest process of one run, in MiB (measured from a fresh parent)."""
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *cmd], capture_output=True, text=True, env=env, check=True
    )
    return int(out.stdout.strip()) / 1024
