"""Benchmark: checking a published notice against checking the tender it maps to.

For every notice of ../shared/data/notices (eForms and TED XML), the tender `pplint import`
writes from it is checked too; both are timed in this process, alternately, warm, and the
ratio notice / tender is printed per notice and as a median: the cost of the same content
read from XML rather than YAML. Then the cost per kilobyte of the notices is set against that
of the accuracy corpus's tenders (corpus/, real wording), timed in the same run: the cost of a
notice against a tender of the same size in bytes, which is the issue's aim (<= 1).

Usage: python3 bench/notices.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from measure import build_engine
from report import tree_state

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "notices" / "eforms"


def best_of(engine: object, raw: bytes, name: str, rounds: int) -> float:
    """The fastest of ``rounds`` checks of one file, in seconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        engine.check_bytes(raw, name)  # type: ignore[attr-defined]
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7, help="timings per file (7)")
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"needs {SHARED}", file=sys.stderr)
        return 2
    from pplint.notices.load import load_xml
    from pplint.notices.yamlout import dump

    engine = build_engine()
    rows = []
    for path in sorted(SHARED.glob("*.xml")):
        raw = path.read_bytes()
        tender = dump(load_xml(raw, path.name), path.name).encode()
        engine.check_bytes(raw, path.name)  # warm both
        engine.check_bytes(tender, "t.tender.yaml")
        notice_s = tender_s = 0.0
        for _ in range(3):  # alternate, so that drift hits both alike
            notice_s += best_of(engine, raw, path.name, args.rounds)
            tender_s += best_of(engine, tender, "t.tender.yaml", args.rounds)
        rows.append((path.name, len(raw), notice_s / 3, tender_s / 3))
    print(f"pplint at {tree_state()}: notice vs the tender it maps to, warm, best of {args.rounds}")
    print(f"{'notice':52} {'bytes':>8} {'notice ms':>10} {'tender ms':>10} {'ratio':>6}")
    for name, size, n, t in rows:
        print(f"{name[:52]:52} {size:8,} {n * 1000:10.2f} {t * 1000:10.2f} {n / t:6.2f}")
    corpus = sorted((Path(__file__).resolve().parents[1] / "corpus").rglob("*.tender.yaml"))
    tender_bytes = tender_time = 0.0
    for path in corpus:
        raw = path.read_bytes()
        engine.check_bytes(raw, path.name)
        tender_time += best_of(engine, raw, path.name, args.rounds)
        tender_bytes += len(raw)
    notice_per_kb = sum(n for *_, n, _ in rows) / (sum(size for _, size, _, _ in rows) / 1024)
    tender_per_kb = tender_time / (tender_bytes / 1024)
    print(
        f"per KB: notices {notice_per_kb * 1000:.3f} ms, corpus tenders "
        f"{tender_per_kb * 1000:.3f} ms ({len(corpus)} files): ratio "
        f"{notice_per_kb / tender_per_kb:.2f}; aim <= 1.00: "
        f"{'met' if notice_per_kb <= tender_per_kb else 'not met'}"
    )
    ratios = [n / t for _, _, n, t in rows]
    quartiles = statistics.quantiles(ratios, n=4)
    print(
        f"median ratio {statistics.median(ratios):.2f} (quartiles {quartiles[0]:.2f}.."
        f"{quartiles[2]:.2f}, {len(rows)} notices): the same content costs this much more "
        "from XML (parse, map, locate) than from YAML"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
