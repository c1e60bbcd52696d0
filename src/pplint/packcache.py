"""A cache of loaded rule packs, keyed by pplint's version and the packs' files, for cold starts."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pplint import __version__, rulepack
from pplint.rulepack import RuleSet


def cache_key(paths: Iterable[Path], enabled: Iterable[str]) -> str:
    """Changes whenever a pack file, the set of packs, the options or pplint itself change
    (its version, and any of its modules: a pickle of older classes is never loaded)."""
    digest = hashlib.sha256(__version__.encode())
    code = Path(__file__).parent
    for path in sorted([*code.glob("*.py"), *code.glob("*/*.py")]):
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for path in rulepack.pack_files(paths):
        stat = path.stat()
        digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    digest.update("\0".join(sorted(enabled)).encode())
    return digest.hexdigest()[:32]


def load(paths: list[Path], enabled: list[str], cache_dir: Path | None) -> RuleSet:
    """Load packs through the cache in ``cache_dir`` (no cache when None)."""
    if cache_dir is None:
        return rulepack.load(paths, enabled)
    target = cache_dir / f"packs-{cache_key(paths, enabled)}.pickle"
    try:
        with target.open("rb") as handle:
            cached = pickle.load(handle)
        if isinstance(cached, RuleSet):
            return cached
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        pass
    rs = rulepack.load(paths, enabled)
    from pplint.classify import Classifier

    Classifier(rs)  # compiles the term set into rs, so that the cache keeps it
    _store(rs, cache_dir, target)
    return rs


def _store(rs: RuleSet, cache_dir: Path, target: Path) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("packs-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(rs, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except OSError:
        pass
