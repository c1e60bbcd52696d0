"""The printed report: a table of figures, the aims, number formats and the commit measured."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(slots=True)
class Aim:
    """One aim of the README's table: what was measured and whether it was met."""

    name: str
    measured: str
    met: bool


@dataclass(slots=True)
class Table:
    """Labelled figures under section titles, printed in aligned columns."""

    rows: list[tuple[str, str]] = field(default_factory=list)

    def add(self, label: str, value: str) -> None:
        """One figure."""
        self.rows.append((label, value))

    def section(self, title: str) -> None:
        """A section title."""
        self.rows.append((f"-- {title}", ""))

    def render(self) -> str:
        """The table as text, values aligned."""
        width = max(len(label) for label, _ in self.rows if not label.startswith("--"))
        return "\n".join(
            label if label.startswith("--") else f"  {label:<{width}}  {value}"
            for label, value in self.rows
        )


def ms(seconds: float) -> str:
    """Seconds as milliseconds, right-aligned."""
    return f"{seconds * 1000:8.1f} ms"


def spread(values: Iterable[float]) -> str:
    """The fastest and slowest of timings, in milliseconds."""
    vals = sorted(values)
    return f"(min {vals[0] * 1000:.0f}, max {vals[-1] * 1000:.0f} ms)"


def short_name(filename: str) -> str:
    """A readable file name: pplint/..., a package path, or re/... for the standard library."""
    if "/src/pplint/" in filename:
        return "pplint/" + filename.split("/src/pplint/", 1)[1]
    if "/site-packages/" in filename:
        return filename.split("/site-packages/", 1)[1]
    return re.sub(r"^.*/lib/python3\.\d+/", "", filename)


def timed(label: str, func: Callable[[], Any]) -> Any:
    """Say on stderr what is being measured, then measure it."""
    print(f"... {label}", file=sys.stderr, flush=True)
    return func()


def tree_state() -> str:
    """The commit measured, and whether src/ or rules/ differ from it (read-only git calls)."""
    root = Path(__file__).resolve().parents[1]

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", "--no-optional-locks", "-C", str(root), *args],
            capture_output=True,
            text=True,
            check=False,
        )

    head = git("rev-parse", "--short", "HEAD")
    if head.returncode != 0:
        return "not a git checkout"
    dirty = git("diff", "--quiet", "HEAD", "--", "src", "rules").returncode != 0 or bool(
        git("ls-files", "--others", "--exclude-standard", "src", "rules").stdout.strip()
    )
    return f"{head.stdout.strip()}{' + uncommitted changes in src/ or rules/' if dirty else ''}"
