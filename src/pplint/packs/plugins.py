"""Extensions installed by other packages: check kinds, rule packs and output formats, via
entry points."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from functools import cache
from importlib.machinery import PathFinder
from pathlib import Path
from typing import Any

from pplint.core.errors import PackError

CHECKS_GROUP = "pplint.checks"
PACKS_GROUP = "pplint.packs"
FORMATTERS_GROUP = "pplint.formatters"


_MARK = b"[pplint."  # how a group of ours starts in an entry_points.txt file
_METADATA_DIRS = (".dist-info", ".egg-info")


@cache
def _installed() -> Any:
    """Every entry point of the installed distributions, read once per process."""
    from importlib import metadata  # about 30 ms with the scan: only when a plugin may exist

    return metadata.entry_points()


@cache
def _may_have_plugins() -> bool:
    """Whether an installed distribution may declare an entry point of ours: a quick read of
    the ``entry_points.txt`` files in the folders on ``sys.path``; True (read properly) when a
    path entry is not a plain folder or a finder of its own may list distributions."""
    if any(
        hasattr(finder, "find_distributions") and finder is not PathFinder
        for finder in sys.meta_path
    ):
        return True
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:
            return True  # a zip file on the path: let importlib.metadata read it
        except OSError:
            continue  # missing or unreadable: importlib.metadata skips it too
        for name in names:
            if name.endswith(_METADATA_DIRS) and _declares_ours(os.path.join(folder, name)):
                return True
    return False


def _declares_ours(meta: str) -> bool:
    """Whether a distribution's metadata folder has an entry_points.txt naming a group of
    ours (unreadable: assumed so, and read properly)."""
    try:
        with open(os.path.join(meta, "entry_points.txt"), "rb") as handle:
            return _MARK in handle.read()
    except FileNotFoundError:
        return False
    except OSError:
        return True


def _entry_points(group: str) -> list[Any]:
    if not _may_have_plugins():
        return []
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
