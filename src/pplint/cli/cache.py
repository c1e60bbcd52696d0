"""The pack cache on disk: entries keyed by pplint's version and code and the packs' files,
read without following links, written atomically, pruned to the most recently used."""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from pplint import __version__
from pplint.analysis.classify import Compiled, compiled
from pplint.core.digests import sha256
from pplint.core.files import ReadError, read_limited
from pplint.packs.codec import CacheError, decode, encode, usable
from pplint.packs.listing import pack_sources

MAX_CACHE_BYTES = 64 * 1024 * 1024
KEEP = 8  # entries kept, most recently used first
TOUCH_AFTER_SECONDS = 60  # an entry used again is marked as used, at most once a minute
STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a writer that died
_ENTRY = re.compile(r"packs-[0-9a-f]{32}\.json")


def cache_key(paths: Iterable[Path], enabled: Iterable[str]) -> str:
    """Changes whenever a pack file, the set of packs, the options or pplint itself change
    (its version, and any of its modules: an entry written by other code is never loaded)."""
    digest = sha256(__version__.encode())
    code = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the pplint package
    for path in _code_files(code):
        info = os.stat(path)
        digest.update(
            f"{os.path.relpath(path, code)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode()
        )
    for pack in pack_sources(paths):
        info = pack.stat()
        digest.update(
            f"{os.path.abspath(pack)}\0{info.st_dev}\0{info.st_ino}\0"
            f"{info.st_size}\0{info.st_mtime_ns}\n".encode()
        )
    digest.update("\0".join(sorted(enabled)).encode())
    return digest.hexdigest()[:32]


def _code_files(code: str) -> list[str]:
    """pplint's modules and schemas: every ``*.py`` file and JSON Schema under its package
    folder (a rule-option check depends on the schemas), sorted."""
    found: list[str] = []
    for folder, dirs, files in os.walk(code):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found.extend(
            os.path.join(folder, name) for name in files if name.endswith((".py", ".schema.json"))
        )
    return sorted(found)


def load(paths: list[Path], enabled: list[str], cache_dir: Path | None) -> Compiled:
    """Load packs and compile their term set, through the cache in ``cache_dir`` (no cache
    when None)."""
    from pplint.packs import rulepack  # to read and check the packs: not for a cached entry

    if cache_dir is None:
        return compiled(rulepack.load(paths, enabled))
    key = cache_key(paths, enabled)
    target = cache_dir / f"packs-{key}.json"
    cached = _read(target, key)
    if cached is not None:
        return cached
    packs = compiled(rulepack.load(paths, enabled))
    _store(packs, key, cache_dir, target)
    return packs


def _read(target: Path, key: str) -> Compiled | None:
    """The rule set and term set of a valid entry, marked as used; None when it is missing
    or unusable."""
    try:
        info = os.lstat(target)
        if not stat.S_ISREG(info.st_mode):
            return None  # a symlink (never followed), a folder, a FIFO...
        rs, terms = decode(read_limited(target, MAX_CACHE_BYTES, follow_symlinks=False), key)
    except (OSError, ReadError, CacheError):
        return None
    if not usable(rs, terms):
        return None
    if time.time() - info.st_mtime > TOUCH_AFTER_SECONDS:
        try:  # pruning keeps the most recently used entries
            os.utime(target, follow_symlinks=False)
        except (OSError, NotImplementedError):
            pass
    return compiled(rs, terms)  # the term set knows how to rebuild itself, should it need to


def _store(packs: Compiled, key: str, cache_dir: Path, target: Path) -> None:
    """Write atomically, then prune; a cache that cannot be written is simply not used."""
    try:
        data = encode(packs.ruleset, packs.terms, key)
    except CacheError:
        return
    if len(data) > MAX_CACHE_BYTES:
        return
    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix="packs-", suffix=".tmp")  # mode 0o600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except OSError:
            os.unlink(tmp)
            raise
        _prune(cache_dir, target)
    except OSError:
        pass


def _prune(cache_dir: Path, keep: Path) -> None:
    """Keep the KEEP most recently used entries; remove pickles of older versions unread."""
    entries: list[tuple[int, str, Path]] = []
    now = time.time_ns()
    for path in cache_dir.iterdir():
        name = path.name
        if not name.startswith("packs-") or path == keep:
            continue
        mtime = _mtime(path)
        if mtime is None:
            continue
        if name.endswith(".pickle"):
            path.unlink(missing_ok=True)
        elif name.endswith(".tmp"):
            if now - mtime > STALE_TEMP_SECONDS * 1_000_000_000:
                path.unlink(missing_ok=True)
        elif _ENTRY.fullmatch(name):
            entries.append((mtime, name, path))
    entries.sort(reverse=True)
    for _, _, path in entries[KEEP - 1 :]:
        path.unlink(missing_ok=True)


def _mtime(path: Path) -> int | None:
    """The modification time of the file or link itself; None when it is gone or not a file."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_mtime_ns if stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode) else None
