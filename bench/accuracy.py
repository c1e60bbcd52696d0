"""Precision and recall of pplint on the accuracy corpus (corpus/README.md), per family,
language, split and strength, against expectations an expert wrote before the run.

    python3 bench/accuracy.py                 # the table
    python3 bench/accuracy.py --details       # and every wrong and missed finding (tune part)
    python3 bench/accuracy.py --json out.json # the figures as JSON too
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pplint.core.model import Finding, Severity
from pplint.engine.checker import Engine
from pplint.packs import rulepack

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
KINDS = ("missing", "weak", "violation")
SPLITS = ("tune", "holdout")


@dataclass(frozen=True, slots=True)
class Expected:
    """One finding an expert expects."""

    rule: str
    kind: str
    reasons: tuple[str, ...] = ()
    clause: str | None = None


@dataclass(slots=True)
class Case:
    """One corpus tender and its expectations."""

    id: str
    tender: Path
    language: str
    split: str
    strength: str
    domain: str
    expect: list[Expected]
    unsure: frozenset[str]


@dataclass(slots=True)
class Outcome:
    """How pplint did on one case."""

    case: Case
    right: list[tuple[Finding, Expected]] = field(default_factory=list)
    # expectations a right finding also meets through its related rules (one defect, one finding)
    also: list[tuple[Finding, Expected]] = field(default_factory=list)
    # findings of a matched expectation that names no clause, each at a further clause: the
    # expert wrote one entry for a defect that several clauses share (right, not matched again)
    spread: list[tuple[Finding, Expected]] = field(default_factory=list)
    wrong: list[Finding] = field(default_factory=list)
    missed: list[Expected] = field(default_factory=list)
    ignored: list[Finding] = field(default_factory=list)  # on `unsure` rules
    invalid: list[Finding] = field(default_factory=list)  # FMT-*: the case itself is broken


class CorpusError(Exception):
    """An expectations file that does not follow corpus/README.md."""


def load_cases(root: Path = CORPUS) -> list[Case]:
    """Every case under ``root``, in path order; CorpusError names the first bad file."""
    cases = []
    for path in sorted(root.rglob("*.expect.yaml")):
        cases.append(_case(path))
    ids = Counter(c.id for c in cases)
    twice = sorted(i for i, n in ids.items() if n > 1)
    if twice:
        raise CorpusError(f"case ids used twice: {', '.join(twice)}")
    return cases


def _case(path: Path) -> Case:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: not a mapping")
    tender = path.with_name(path.name.replace(".expect.yaml", ".tender.yaml"))
    if not tender.is_file():
        raise CorpusError(f"{path}: no {tender.name} beside it")
    need = ("id", "language", "split", "strength", "expect", "sources")
    lacking = [k for k in need if k not in data]
    if lacking:
        raise CorpusError(f"{path}: lacks {', '.join(lacking)}")
    if data["split"] not in SPLITS:
        raise CorpusError(f"{path}: split must be one of {', '.join(SPLITS)}")
    expect = []
    for i, entry in enumerate(data.get("expect") or []):
        if not isinstance(entry, dict) or "rule" not in entry or entry.get("kind") not in KINDS:
            raise CorpusError(f"{path}: expect[{i}] needs a rule and a kind ({', '.join(KINDS)})")
        expect.append(
            Expected(
                str(entry["rule"]),
                str(entry["kind"]),
                tuple(entry.get("reasons") or ()),
                str(entry["clause"]) if entry.get("clause") is not None else None,
            )
        )
    unsure = frozenset(str(u["rule"]) for u in data.get("unsure") or [] if isinstance(u, dict))
    return Case(
        str(data["id"]),
        tender,
        str(data["language"]),
        str(data["split"]),
        str(data["strength"]),
        str(data.get("domain", "")),
        expect,
        unsure,
    )


def judge(case: Case, findings: Iterable[Finding]) -> Outcome:
    """Match findings to expectations: each expectation is matched by at most one finding of
    its rule and kind (on its clause, when it names one); a finding that lists related rules
    (the same defect under several rules) meets theirs too, but counts once. Every other finding
    is wrong, a repeat of a matched one at the same place included: one defect must be reported
    once. An expectation that names no clause also covers its rule's findings of the same kind at
    further clauses (the expert wrote one entry for several places); they are right, not matched."""
    out = Outcome(case)
    open_ = list(case.expect)
    places: dict[int, set[str | None]] = {}
    for f in sorted(findings):
        if f.rule.startswith("FMT-"):
            out.invalid.append(f)
            continue
        if f.rule in case.unsure:
            out.ignored.append(f)
            continue
        hits = []
        for rule in (f.rule, *f.related):
            hit = next((e for e in open_ if e.rule == rule and _matches(e, f, rule)), None)
            if hit is not None:
                open_.remove(hit)
                hits.append(hit)
        if hits:
            out.right.append((f, hits[0]))
            out.also.extend((f, e) for e in hits[1:])
            for e in hits:
                places.setdefault(id(e), set()).add(f.clause)
            continue
        spread = next(
            (
                e
                for e in case.expect
                if id(e) in places
                and e.clause is None
                and _matches(e, f)
                and f.clause is not None
                and f.clause not in places[id(e)]
            ),
            None,
        )
        if spread is not None:
            places[id(spread)].add(f.clause)
            out.spread.append((f, spread))
        else:
            out.wrong.append(f)
    out.missed = open_
    return out


def _matches(e: Expected, f: Finding, rule: str | None = None) -> bool:
    if e.rule != (rule or f.rule) or e.kind != f.kind:
        return False
    return e.clause is None or e.clause == f.clause


@dataclass(slots=True)
class Tally:
    """Counts behind precision and recall."""

    right: int = 0
    wrong: int = 0
    expected: int = 0
    matched: int = 0
    spread: int = 0  # right findings at further clauses of a clause-less expectation
    reasons_ok: int = 0
    reasons_judged: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float | None:
        total = self.right + self.wrong
        return self.right / total if total else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.expected if self.expected else None


def tallies(outcomes: list[Outcome], family_of: dict[str, str]) -> dict[str, dict[str, Tally]]:
    """Tallies overall and per family, language, split and strength."""
    groups: dict[str, dict[str, Tally]] = {
        "all": {},
        "family": {},
        "language": {},
        "split": {},
        "strength": {},
    }
    for o in outcomes:
        c = o.case
        keys = {"all": ["all"], "language": [c.language], "split": [c.split]}
        keys["strength"] = [c.strength]
        per_family: dict[str, Tally] = {}
        for f, e in o.right:
            per_family.setdefault(family_of.get(f.rule, "?"), Tally()).right += 1
            t = per_family.setdefault(family_of.get(e.rule, "?"), Tally())
            t.matched += 1
            if e.reasons:
                t.reasons_judged += 1
                t.reasons_ok += set(e.reasons) <= set(f.reasons)
        for _, e in o.also:
            t = per_family.setdefault(family_of.get(e.rule, "?"), Tally())
            t.matched += 1
        for f, _ in o.spread:
            t = per_family.setdefault(family_of.get(f.rule, "?"), Tally())
            t.right += 1
            t.spread += 1
        for f in o.wrong:
            per_family.setdefault(family_of.get(f.rule, "?"), Tally()).wrong += 1
        for e in c.expect:
            per_family.setdefault(family_of.get(e.rule, "?"), Tally()).expected += 1
        whole = Tally()
        for fam, t in per_family.items():
            groups["family"].setdefault(fam, Tally()).add(t)
            whole.add(t)
        for group, names in keys.items():
            for name in names:
                groups[group].setdefault(name, Tally()).add(whole)
    return groups


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{100 * value:5.1f}%"


def table(groups: dict[str, dict[str, Tally]]) -> str:
    lines = [
        f"{'group':<24} {'precision':>9} {'recall':>8} {'right':>6} {'wrong':>6} "
        f"{'expected':>9} {'missed':>7} {'reasons':>8}"
    ]
    for group, by_name in groups.items():
        for name, t in sorted(by_name.items()):
            label = name if group == "all" else f"{group}: {name}"
            reasons = (f"{t.reasons_ok}/{t.reasons_judged}" if t.reasons_judged else "-").rjust(8)
            lines.append(
                f"{label:<24} {_pct(t.precision):>9} {_pct(t.recall):>8} {t.right:>6} "
                f"{t.wrong:>6} {t.expected:>9} {t.expected - t.matched:>7} {reasons}"
            )
    return "\n".join(lines)


def details(outcomes: list[Outcome], splits: frozenset[str] = frozenset({"tune"})) -> str:
    """Wrong and missed findings per tender, for the splits named (the hold-out is not tuned on)."""
    out = []
    for o in outcomes:
        if o.case.split not in splits or not (o.wrong or o.missed or o.invalid):
            continue
        out.append(f"\n{o.case.id} ({o.case.language}, {o.case.split}, {o.case.strength})")
        for f in o.invalid:
            out.append(f"  INVALID {f.rule} line {f.line}: {f.message}")
        for f in o.wrong:
            reasons = f" [{', '.join(f.reasons)}]" if f.reasons else ""
            where = f" {f.clause}" if f.clause else ""
            out.append(f"  wrong   {f.severity.label:<7} {f.rule} {f.kind}{reasons}{where}")
        for e in o.missed:
            where = f" {e.clause}" if e.clause else ""
            out.append(f"  missed  {e.rule} {e.kind}{where}")
    return "\n".join(out)


def strict_line(groups: dict[str, dict[str, Tally]]) -> str:
    """Precision if findings at further clauses of a clause-less expectation counted wrong."""
    parts = []
    whole = groups["all"].get("all", Tally())
    for label, t in [("all", whole), *sorted(groups["split"].items())]:
        strict = Tally(right=t.right - t.spread, wrong=t.wrong + t.spread)
        parts.append(f"{label} {t.spread} ({_pct(strict.precision).strip()} if counted wrong)")
    return "findings at further clauses of a clause-less expectation: " + ", ".join(parts)


def false_errors_on_strong(outcomes: list[Outcome]) -> list[tuple[str, Finding]]:
    """Error-severity findings an expert would not raise, on well-drafted tenders."""
    return [
        (o.case.id, f)
        for o in outcomes
        if o.case.strength == "strong"
        for f in o.wrong
        if f.severity is Severity.ERROR
    ]


def run(root: Path = CORPUS) -> tuple[list[Outcome], dict[str, str]]:
    """Check every case with the shipped default packs, as `pplint check` does, and judge it."""
    rs = rulepack.load([rulepack.shipped_dir()])
    engine = Engine(rs)
    outcomes = []
    for case in load_cases(root):
        result = engine.check_path(case.tender, str(case.tender.relative_to(root)))
        outcomes.append(judge(case, result.active))
    return outcomes, {rid: r.family for rid, r in rs.rules.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--details", action="store_true", help="list wrong and missed findings of the tune part"
    )
    parser.add_argument(
        "--holdout-details",
        action="store_true",
        help="with --details, list the hold-out part too (for the closing note, never for tuning)",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--corpus", metavar="DIR", default=str(CORPUS))
    args = parser.parse_args(argv)
    try:
        outcomes, family_of = run(Path(args.corpus))
    except CorpusError as exc:
        print(f"accuracy: {exc}", file=sys.stderr)
        return 2
    groups = tallies(outcomes, family_of)
    print(f"{len(outcomes)} tenders, {sum(len(o.case.expect) for o in outcomes)} expected findings")
    print(table(groups))
    false_errors = false_errors_on_strong(outcomes)
    print(f"false error-severity findings on strong tenders: {len(false_errors)}")
    print(strict_line(groups))
    invalid = sum(len(o.invalid) for o in outcomes)
    if invalid:
        print(f"format findings (the corpus itself is broken): {invalid}")
    if args.details:
        splits = frozenset({"tune", "holdout"} if args.holdout_details else {"tune"})
        print(details(outcomes, splits))
        split_of = {o.case.id: o.case.split for o in outcomes}
        for case_id, f in false_errors:
            if split_of[case_id] in splits:
                print(f"  false error on strong {case_id}: {f.rule} {f.kind}")
    if args.json:
        data: dict[str, Any] = {
            group: {
                name: {
                    "precision": t.precision,
                    "recall": t.recall,
                    "right": t.right,
                    "wrong": t.wrong,
                    "expected": t.expected,
                    "matched": t.matched,
                    "spread": t.spread,
                }
                for name, t in by_name.items()
            }
            for group, by_name in groups.items()
        }
        data["false_errors_on_strong"] = len(false_errors)
        Path(args.json).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
