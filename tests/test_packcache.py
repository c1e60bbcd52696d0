"""The pack cache: hits return the same rule set, any change to packs or code misses."""

from __future__ import annotations

import os
import time
from pathlib import Path

from pplint import packcache, rulepack

from conftest import DATA, REPO


def test_cache_hit_and_invalidation(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_bytes((DATA / "test-pack.yaml").read_bytes())
    paths = [REPO / "rules" / "00-lexicons.yaml", pack]
    first = packcache.load(paths, [], tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("packs-*.pickle"))) == 1
    second = packcache.load(paths, [], tmp_path / "cache")
    assert set(second.rules) == set(first.rules)
    assert second.compiled is not None  # the compiled term set travels with the cache
    key = packcache.cache_key(paths, [])
    time.sleep(0.01)
    pack.write_text(pack.read_text(encoding="utf-8").replace("Engine test pack", "Changed"),
                    encoding="utf-8")
    os.utime(pack)
    assert packcache.cache_key(paths, []) != key
    assert packcache.cache_key(paths, ["optional"]) != packcache.cache_key(paths, [])


def test_unwritable_or_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    paths = [rulepack.shipped_dir()]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert packcache.load(paths, [], blocker / "cache").rules  # cannot write: still loads
    cache = tmp_path / "cache"
    packcache.load(paths, [], cache)
    for stored in cache.glob("packs-*.pickle"):
        stored.write_bytes(b"garbage")
    assert len(packcache.load(paths, [], cache).rules) == 69
    assert packcache.load(paths, [], None).rules  # no cache at all
