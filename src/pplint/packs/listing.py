"""Which files make up the rule packs: packs named by files and folders, and a pack folder's
files listed safely and by name (links refused, entries and bytes bounded), without reading any."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pplint.core.errors import PackError

MANIFEST = "pack.yaml"
MAX_PACK_FILES = 10_000  # entries of a pack folder and its sub-folders
MAX_PACK_BYTES = 16 * 1024 * 1024  # all its files together
RULE_ID = re.compile(r"[A-Z]{2,5}(?:-[A-Z0-9]{2,8})+")
NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
EXAMPLES_SUFFIX = ".examples.yaml"

MAX_PACKS_IN_FOLDER = 10_000  # entries of a folder of packs

SUBFOLDERS = {
    "lexicons": ("lexicon", NAME),
    "topics": ("topic", NAME),
    "refine": ("refine", RULE_ID),
}
LAYOUT = (
    "pack.yaml, <RULE-ID>.yaml, <RULE-ID>.examples.yaml, lexicons/<name>.yaml, "
    "topics/<name>.yaml or refine/<RULE-ID>.yaml"
)
_ORDER = ("pack", "lexicon", "topic", "rule", "examples", "refine")


@dataclass(frozen=True, slots=True)
class Entry:
    """A file of a pack folder: what it holds, the name it is given, and its path."""

    kind: str
    name: str
    path: Path


def is_pack_folder(path: Path) -> bool:
    """Whether ``path`` is a folder holding a ``pack.yaml`` (a link to a folder is not)."""
    return path.is_dir() and os.path.lexists(path / MANIFEST)


def scan(folder: Path) -> list[Entry]:
    """The files of a pack folder in load order, every name checked; PackError on the first
    file that does not belong, a link, too many files or too many bytes."""
    budget = _Budget(folder)
    entries: list[Entry] = []
    for entry, path in budget.walk(folder):
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in SUBFOLDERS:
                raise PackError(
                    f"unknown folder `{entry.name}` in a pack folder: the only folders are "
                    "lexicons/, topics/ and refine/",
                    str(path),
                )
            entries += _scan_sub(budget, path, *SUBFOLDERS[entry.name])
            continue
        budget.add(entry)
        entries.append(_top_entry(entry.name, path))
    rules = {e.name for e in entries if e.kind == "rule"}
    for e in entries:
        if e.kind == "examples" and e.name not in rules:
            raise PackError(
                f"examples file without its rule: there is no {e.name}.yaml beside it",
                str(e.path),
                1,
                1,
            )
    return sorted(entries, key=lambda e: (_ORDER.index(e.kind), e.name))


def _top_entry(name: str, path: Path) -> Entry:
    if name == MANIFEST:
        return Entry("pack", "", path)
    if name.endswith(EXAMPLES_SUFFIX) and RULE_ID.fullmatch(name[: -len(EXAMPLES_SUFFIX)]):
        return Entry("examples", name[: -len(EXAMPLES_SUFFIX)], path)
    if name.endswith(".yaml") and RULE_ID.fullmatch(name[:-5]):
        return Entry("rule", name[:-5], path)
    raise PackError(
        f"unknown file `{name}` in a pack folder: a pack folder holds {LAYOUT} "
        "(rule ids in capitals, for example SOC-LAB-001)",
        str(path),
        1,
        1,
    )


def _scan_sub(budget: _Budget, folder: Path, kind: str, pattern: re.Pattern[str]) -> list[Entry]:
    out: list[Entry] = []
    what = "rule id" if pattern is RULE_ID else "name (lowercase, digits and dashes)"
    for entry, path in budget.walk(folder):
        if entry.is_dir(follow_symlinks=False):
            raise PackError(
                f"folder `{entry.name}` inside {folder.name}/: a pack folder's "
                f"{folder.name}/ holds files only",
                str(path),
            )
        stem = entry.name[:-5] if entry.name.endswith(".yaml") else ""
        if not pattern.fullmatch(stem):
            raise PackError(
                f"unknown file `{entry.name}` in {folder.name}/: its files are named <{what}>.yaml",
                str(path),
                1,
                1,
            )
        budget.add(entry)
        out.append(Entry(kind, stem, path))
    return out


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.endswith(".md")


def _refuse_link(entry: os.DirEntry[str], path: Path) -> None:
    if entry.is_symlink():
        raise PackError(
            "a symbolic link in a pack folder: its files and folders must be real ones "
            "(links are not followed)",
            str(path),
        )


class _Budget:
    """Counts the entries and bytes of one pack folder against the limits."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.entries = 0
        self.bytes = 0

    def walk(self, folder: Path) -> list[tuple[os.DirEntry[str], Path]]:
        """The entries of a folder that belong to the pack (hidden files and ``*.md`` left
        out, all of them counted), with their paths; PackError at a link."""
        out = []
        for entry in self.listdir(folder):
            if _ignored(entry.name):
                continue
            path = folder / entry.name
            _refuse_link(entry, path)
            out.append((entry, path))
        return out

    def listdir(self, folder: Path) -> list[os.DirEntry[str]]:
        """The entries of a folder by name, counted (stops as soon as there are too many)."""
        out: list[os.DirEntry[str]] = []
        try:
            with os.scandir(folder) as it:
                for entry in it:
                    self.entries += 1
                    if self.entries > MAX_PACK_FILES:
                        raise PackError(
                            f"the pack folder holds more than {MAX_PACK_FILES:,} files and "
                            "folders: refused",
                            str(self.folder),
                        )
                    out.append(entry)
        except OSError as exc:
            raise PackError(
                f"cannot read the pack folder: {exc.strerror or exc}", str(folder)
            ) from None
        return sorted(out, key=lambda e: e.name)

    def add(self, entry: os.DirEntry[str]) -> None:
        """Count a file's size (its own, never a link's target)."""
        try:
            self.bytes += entry.stat(follow_symlinks=False).st_size
        except OSError:
            return  # reading it reports the problem
        if self.bytes > MAX_PACK_BYTES:
            raise PackError(
                f"the files of the pack folder are over {MAX_PACK_BYTES:,} bytes in all: refused",
                str(self.folder),
            )


def shipped_dir() -> Path:
    """The directory of shipped packs: in the wheel (pplint/rules) or the source tree (rules/)."""
    packaged = Path(str(resources.files("pplint"))) / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


def pack_files(paths: Iterable[Path]) -> list[Path]:
    """The packs named by files and folders, each once: a file is a single-file pack
    (whatever its name), a folder holding ``pack.yaml`` a pack folder, and any other folder
    gives its packs (``*.yaml`` / ``*.yml`` files and pack folders) in name order."""
    out: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if is_pack_folder(path):
            found = [path]
        elif path.is_dir():
            found = _packs_in(path)
        elif path.exists():
            found = [path]
        else:
            raise PackError("rule pack not found", str(path))
        for p in found:
            if p.resolve() not in seen:
                seen.add(p.resolve())
                out.append(p)
    return out


def _packs_in(directory: Path) -> list[Path]:
    """The packs of a folder of packs: its ``*.yaml`` / ``*.yml`` files and its pack folders
    (never through a link to a folder), in name order."""
    found: list[Path] = []
    try:
        with os.scandir(directory) as it:
            for count, entry in enumerate(it, 1):
                if count > MAX_PACKS_IN_FOLDER:
                    raise PackError(
                        f"the folder holds more than {MAX_PACKS_IN_FOLDER:,} entries: refused",
                        str(directory),
                    )
                path = directory / entry.name
                if path.suffix in (".yaml", ".yml") and not entry.is_dir():
                    found.append(path)
                elif entry.is_dir() and os.path.lexists(path / MANIFEST):
                    if entry.is_symlink():
                        raise PackError(
                            "a symbolic link to a pack folder: pack folders are not followed "
                            "through links (name the folder itself)",
                            str(path),
                        )
                    found.append(path)
    except OSError as exc:
        raise PackError(f"cannot read the folder: {exc.strerror or exc}", str(directory)) from None
    return sorted(found, key=lambda p: p.name)


def pack_sources(paths: Iterable[Path]) -> list[Path]:
    """Every file the packs named by ``paths`` are read from (a pack folder's files included),
    for a cache key that changes whenever any of them changes."""
    out: list[Path] = []
    for pack in pack_files(paths):
        if is_pack_folder(pack):
            out.extend(entry.path for entry in scan(pack))
        else:
            out.append(pack)
    return out
