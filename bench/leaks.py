"""The memory and leak finder: peak memory over many files in a fresh process, and what grew."""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

from measure import build_engine
from report import short_name

# The entry point, whose hidden --memory-worker option runs memory_worker in a fresh process.
ENTRY = Path(__file__).with_name("bench.py")


def _peak_rss_mib() -> float:
    """Peak resident memory of this program image (VmHWM; unlike ru_maxrss, reset by exec)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return float("nan")


def _sizes() -> dict[int, int]:
    """Length of every sizeable container the garbage collector tracks, by id."""
    return {
        id(o): len(o) for o in gc.get_objects() if isinstance(o, dict | list | set) and len(o) >= 50
    }


def _owner(obj: object) -> str:
    """A readable name for what holds ``obj``: Class.attribute or module.name."""
    for ref in gc.get_referrers(obj):
        if isinstance(ref, dict):
            key = next((k for k, v in ref.items() if v is obj), None)
            if key is None:
                continue
            for holder in gc.get_referrers(ref):
                if getattr(holder, "__dict__", None) is ref:
                    kind = "module" if type(holder).__name__ == "module" else "object"
                    name = getattr(holder, "__name__", type(holder).__qualname__)
                    if kind == "object":
                        name = f"{type(holder).__module__}.{type(holder).__qualname__}"
                    return f"{name}.{key}"
            return f"a dict, key {key!r}"
        attrs = getattr(ref, "__dict__", None)
        if isinstance(attrs, dict):
            key = next((k for k, v in attrs.items() if v is obj), None)
            if key is not None:
                return f"{type(ref).__module__}.{type(ref).__qualname__}.{key}"
    return "unknown holder"


def _type_counts(objects: list[Any]) -> dict[str, int]:
    """How many of ``objects`` there are of each type, by module.qualname."""
    types: dict[str, int] = {}
    for o in objects:
        name = f"{type(o).__module__}.{type(o).__qualname__}"
        types[name] = types.get(name, 0) + 1
    return types


def _sites(snapshot: tracemalloc.Snapshot) -> list[str]:
    """The source lines whose allocations grew most since ``snapshot``."""
    own = [tracemalloc.Filter(False, tracemalloc.__file__)]
    diff = (
        tracemalloc.take_snapshot()
        .filter_traces(own)
        .compare_to(snapshot.filter_traces(own), "lineno")[:8]
    )
    return [
        f"{d.size_diff / 2**20:+7.2f} MiB {d.count_diff:+8d} blocks  "
        f"{short_name(str(d.traceback[0].filename))}:{d.traceback[0].lineno}"
        for d in diff
        if d.size_diff > 0
    ]


def _growth(before_sizes: dict[int, int], before_types: dict[str, int], top: int = 5) -> list[str]:
    """The containers and object types that grew since the first checkpoint."""
    gc.collect()
    objects = gc.get_objects()
    grown = sorted(
        (
            (len(o) - before_sizes.get(id(o), 0), o)
            for o in objects
            if isinstance(o, dict | list | set) and len(o) >= 50
        ),
        key=lambda item: item[0],
        reverse=True,
    )[:top]
    types = _type_counts(objects)
    out = [
        f"{size:+d} entries in a {type(o).__name__} held by {_owner(o)}"
        for size, o in grown
        if size > 0
    ]
    del objects, grown
    changes = sorted(((n - before_types.get(t, 0), t) for t, n in types.items()), reverse=True)
    out += [f"{n:+d} live {t} objects" for n, t in changes[:top] if n > 0]
    return out


def memory_worker(folder: Path, count: int, trace: bool) -> dict[str, Any]:
    """In a fresh process: peak memory after count/10 and after count files, results dropped."""
    files = sorted(folder.glob("*.tender.yaml"))[:count]
    if trace:
        tracemalloc.start()
    engine = build_engine()
    engine.check_path(files[0])  # lazy imports and caches
    gc.collect()

    def sample(tag: str) -> dict[str, float]:
        """Peak memory so far, under keys ending in ``tag``."""
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        got = {f"rss_{tag}": kib / 1024, f"hwm_{tag}": _peak_rss_mib()}
        if trace:
            got[f"trace_{tag}"] = tracemalloc.get_traced_memory()[1] / 2**20
        return got

    out: dict[str, Any] = sample("setup")
    first = max(1, count // 10)
    for path in files[:first]:
        engine.check_path(path)
    out |= sample("first")
    snapshot = tracemalloc.take_snapshot() if trace else None
    sizes: dict[int, int] = {} if trace else _sizes()
    types: dict[str, int] = {} if trace else _type_counts(gc.get_objects())
    for path in files[first:]:
        engine.check_path(path)
    out |= sample("all")
    out["first_n"] = first
    out["all_n"] = len(files)
    if snapshot is not None:
        out["sites"] = _sites(snapshot)
    else:
        out["growth"] = _growth(sizes, types)
    return out


def run_memory(folder: Path, count: int, trace: bool) -> dict[str, Any]:
    """memory_worker's figures, measured in a fresh process (tracemalloc on if ``trace``)."""
    cmd = [sys.executable, str(ENTRY), "--memory-worker", str(folder), "--files", str(count)]
    if trace:
        cmd.append("--trace")
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
