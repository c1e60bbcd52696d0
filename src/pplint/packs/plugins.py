"""Extensions installed by other packages: check kinds, rule packs and output formats, via
entry points."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from pplint.core.errors import PackError

CHECKS_GROUP = "pplint.checks"
PACKS_GROUP = "pplint.packs"
FORMATTERS_GROUP = "pplint.formatters"


@cache
def _installed() -> Any:
    """Every entry point of the installed distributions, read once per process."""
    return metadata.entry_points()


def _entry_points(group: str) -> list[Any]:
    return sorted(_installed().select(group=group), key=lambda ep: ep.name)


@cache
def load_checks() -> tuple[str, ...]:
    """Import every module registered under ``pplint.checks``; importing it registers its
    check kinds with ``pplint.checks.register``. Returns the entry-point names loaded."""
    loaded = []
    for ep in _entry_points(CHECKS_GROUP):
        try:
            ep.load()
        except Exception as exc:  # a broken plugin is a user error, named, not a traceback
            raise PackError(
                f"check plugin `{ep.name}` ({ep.value}) failed to load: {exc}", None
            ) from None
        loaded.append(ep.name)
    return tuple(loaded)


def pack_paths() -> list[Path]:
    """Rule-pack files or folders that installed packages declare under ``pplint.packs``.

    An entry point names a function returning a path or a list of paths (or the value itself).
    """
    out: list[Path] = []
    for ep in _entry_points(PACKS_GROUP):
        try:
            value = ep.load()
            value = value() if callable(value) else value
        except Exception as exc:
            raise PackError(
                f"pack plugin `{ep.name}` ({ep.value}) failed to load: {exc}", None
            ) from None
        items: Iterable[Any] = value if isinstance(value, list | tuple) else [value]
        out.extend(Path(str(item)) for item in items)
    return out


def formatter_targets() -> list[tuple[str, str]]:
    """(name, "module:function") of each output format installed packages declare under
    ``pplint.formatters``; nothing is imported until the format is used."""
    return [(ep.name, ep.value) for ep in _entry_points(FORMATTERS_GROUP)]
