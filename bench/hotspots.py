"""Where the time goes, printed only when an aim is missed: cProfile and -X importtime."""

from __future__ import annotations

import cProfile
import io
import pstats
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from report import short_name

BENCH = Path(__file__).resolve().parent


def hot_spots(stats: pstats.Stats, top: int, key: str) -> list[str]:
    """The ``top`` functions by ``key`` (cumulative or tottime), the benchmark's own left out."""
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    index = 3 if key == "cumulative" else 2
    rows = sorted(raw.items(), key=lambda item: item[1][index], reverse=True)
    lines = []
    for (filename, lineno, func), (_, calls, tottime, cumtime, _) in rows:
        if (
            filename in ("~", "<string>")
            or filename.startswith("<frozen")
            or filename.endswith(("cProfile.py", "profile.py"))
            or Path(filename).resolve().parent == BENCH
        ):
            continue
        lines.append(
            f"    {cumtime:8.3f}s cum {tottime:8.3f}s self {calls:>9} calls  "
            f"{short_name(filename)}:{lineno}:{func}"
        )
        if len(lines) >= top:
            break
    return lines


def profile_check(engine: Any, files: Sequence[Path]) -> list[str]:
    """Hot spots of checking ``files`` in this process."""
    prof = cProfile.Profile()
    prof.enable()
    for path in files:
        engine.check_path(path)
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    return (
        [f"  in-process check of {len(files)} files, by cumulative time:"]
        + hot_spots(stats, 25, "cumulative")
        + ["  by self time:"]
        + hot_spots(stats, 15, "tottime")
    )


def _check_cmd(*python_options: str) -> list[str]:
    """The cold command profiled, run by this Python with ``python_options``."""
    return [sys.executable, *python_options, "-m", "pplint", "check"]


def _cold_profile(file: Path, cwd: Path) -> list[str]:
    """Hot spots of a fresh `pplint check FILE --format text`, from cProfile."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cold.prof"
        subprocess.run(
            [*_check_cmd("-m", "cProfile", "-o", str(out)), str(file), "--format", "text"],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        stats = pstats.Stats(str(out), stream=io.StringIO())
        lines = ["  cold `pplint check FILE --format text`, by cumulative time:"]
        lines += hot_spots(stats, 25, "cumulative")
        lines += ["  by self time:"] + hot_spots(stats, 12, "tottime")
    return lines


def _slow_imports(file: Path, cwd: Path) -> list[str]:
    """The top-level imports of a fresh `pplint check FILE --format text`, slowest first."""
    done = subprocess.run(
        [*_check_cmd("-X", "importtime"), str(file), "--format", "text"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    imports: list[tuple[int, str]] = []
    for line in done.stderr.splitlines():
        parts = [p.strip() for p in line[len("import time:") :].split("|")]
        if len(parts) == 3 and parts[1].isdigit():
            imports.append((int(parts[1]), parts[2]))
    top = [(us, name) for us, name in imports if "." not in name.strip()]
    top.sort(reverse=True)
    lines = ["  top-level imports by cumulative import time (-X importtime):"]
    lines += [f"    {us / 1000:8.1f} ms  {name}" for us, name in top[:12]]
    return lines


def profile_cold(file: Path, cwd: Path) -> list[str]:
    """Hot spots and slowest imports of a fresh `pplint check FILE --format text`."""
    return _cold_profile(file, cwd) + _slow_imports(file, cwd)
