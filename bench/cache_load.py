"""Time loading the shipped packs: without cache, through a pickle cache, through the JSON cache.

Each round runs the three ways one after the other (so that noise from other work on the
machine hits them alike), after clearing the caches a fresh process would not have (compiled
regexes, folded texts). The pickle cache is the format pplint used before: this script builds
it in a temporary folder and reads only its own file. Prints the medians and their ratios.

    python3 bench/cache_load.py [--rounds 40] [--cold-rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import pickle
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pplint.analysis.classify import Classifier
from pplint.analysis.fold import fold
from pplint.cli import cache as packcache
from pplint.core.rules import RuleSet
from pplint.packs import codec, rulepack


def fresh() -> None:
    """Forget what a new process would not know yet."""
    re.purge()
    fold.cache_clear()
    gc.collect()


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes, after fresh() (freeing its result is not counted)."""
    fresh()
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    del result
    return elapsed


def no_cache(paths: list[Path]) -> RuleSet:
    """What a run pays without a cache: load the packs and compile the classifier's terms."""
    rs = rulepack.load(paths, [])
    Classifier(rs)
    return rs


def pickle_cache(paths: list[Path], target: Path) -> RuleSet:
    """The former cache: the key (computed for its cost), then one unchecked pickle load."""
    packcache.cache_key(paths, [])
    with target.open("rb") as handle:
        rs = pickle.load(handle)
    assert isinstance(rs, RuleSet)
    return rs


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40, help="rounds through the caches")
    parser.add_argument("--cold-rounds", type=int, default=5, help="rounds without cache")
    args = parser.parse_args(argv)
    paths = [rulepack.shipped_dir()]
    with tempfile.TemporaryDirectory(prefix="pplint-cache-bench-") as tmp:
        key = packcache.cache_key(paths, [])
        pickled_file, json_dir = Path(tmp) / f"packs-{key}.pickle", Path(tmp) / "json"
        with pickled_file.open("wb") as handle:
            pickle.dump(no_cache(paths), handle, protocol=pickle.HIGHEST_PROTOCOL)
        packcache.load(paths, [], json_dir)
        entry = json_dir / f"packs-{key}.json"
        codec.decode(entry.read_bytes(), key)  # raises if the entry would not be used
        cold = [timed(lambda: no_cache(paths)) for _ in range(args.cold_rounds)]
        pickled: list[float] = []
        checked: list[float] = []
        for _ in range(args.rounds):
            pickled.append(timed(lambda: pickle_cache(paths, pickled_file)))
            checked.append(timed(lambda: packcache.load(paths, [], json_dir)))
        if packcache.cache_key(paths, []) != key:
            print("note: pplint's code or packs changed during the run; run it again")
        sizes = {"pickle": pickled_file.stat().st_size, "json": entry.stat().st_size}
    runs = {"no cache": cold, "pickle cache": pickled, "JSON cache": checked}
    median = {name: statistics.median(times) for name, times in runs.items()}
    print(
        f"shipped packs, median of {args.rounds} rounds ({args.cold_rounds} without cache); "
        "the fastest round in brackets"
    )
    for name, times in runs.items():
        print(f"  {name:13} {median[name] * 1000:8.2f} ms  ({min(times) * 1000:.2f})")
    print(f"  entry size    pickle {sizes['pickle']:,} bytes, JSON {sizes['json']:,} bytes")
    print(f"  JSON / pickle     {median['JSON cache'] / median['pickle cache']:.2f}")
    print(f"  JSON / no cache   {median['JSON cache'] / median['no cache']:.3f}")
    print(f"  pickle / no cache {median['pickle cache'] / median['no cache']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
