"""`pplint fix --review-fixes` on every bad example and every tender of the accuracy corpus,
then `pplint check` with the same options: the fixed findings are gone, none is new, nothing is
invalid, every original line is still there but for the words a safe fix adds, only marked
clauses are inserted, and a second run changes nothing (issue 14)."""

from __future__ import annotations

import difflib
import json
import re
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from pplint.cli.main import main
from pplint.core.i18n import LANGS, tr
from pplint.fix.review import COMMENT

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import accuracy  # noqa: E402

OPTIONS = ["--no-config", "--lang", "en"]
BAD = sorted((REPO / "examples" / "bad").glob("*.tender.yaml"))
APPLIED = re.compile(r"^  applied (safe|review) (\S+) line (\d+): (.*)$")
PHRASES = (" or equivalent", " o equivalente", " o equivalent")
# the comment above an inserted clause, in the tender's language
MARK = re.compile(
    r"^\s*# (?:"
    + "|".join(
        re.escape(tr(lang, COMMENT, rule="RULE", title="TITLE")).replace("RULE", r"(\S+)", 1)
        for lang in LANGS
    ).replace("TITLE", ".*")
    + ")$"
)
# what each bad example gets: safe fixes applied, review fixes applied (issue 14's floor)
EXPECTED = {
    "call-centre": (0, 2),
    "cloud-hosting": (1, 4),
    "furniture": (2, 2),
    "road-works": (1, 1),
}


def cli(*args: str) -> Any:
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


def findings(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Each file's findings, as `pplint check --format json` gives them (by file name)."""
    done = cli("check", str(folder), *OPTIONS, "--format", "json", "--fail-on", "never")
    assert done.exit_code == 0, done.output
    out: dict[str, list[dict[str, Any]]] = {}
    for f in json.loads(done.output)["findings"]:
        out.setdefault(Path(f["file"]).name, []).append(f)
    return out


def applied(output: str) -> dict[str, list[tuple[str, str]]]:
    """The fixes `pplint fix` says it applied, per file name: (tier, rule)."""
    out: dict[str, list[tuple[str, str]]] = {}
    current = ""
    for line in output.splitlines():
        if line.endswith(":") and not line.startswith(" "):
            current = Path(line[:-1]).name
        found = APPLIED.match(line)
        if found:
            out.setdefault(current, []).append((found.group(1), found.group(2)))
    return out


def copy(sources: list[Path], folder: Path) -> Path:
    folder.mkdir()
    for source in sources:
        shutil.copy(source, folder / source.name)
    return folder


def pairs(items: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    """(rule, kind) of the active findings, a rule listed as related counted too."""
    out: Counter[tuple[str, str]] = Counter()
    for f in items:
        if f.get("suppressed"):
            continue
        out[(f["rule"], f["kind"])] += 1
        for rule in f.get("related_rules") or ():
            out[(rule, f["kind"])] += 1
    return out


def check_changes(before: str, after: str) -> list[str]:
    """What differs between a file and its fixed text that a fix may not do: a line removed,
    a line changed by more than an equivalence phrase, a line inserted outside a marked
    clause."""
    old, new = before.splitlines(), after.splitlines()
    problems: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            problems.append(f"lines {i1 + 1}-{i2} removed")
        elif tag == "replace":
            problems += _replaced(old[i1:i2], new[j1:j2], i1)
        elif tag == "insert":
            problems += _inserted(new[j1:j2], j1)
    return problems


def _replaced(old: list[str], new: list[str], at: int) -> list[str]:
    """Lines changed in place: each must be its old text with equivalence phrases added
    (an insertion may follow the last of them, as difflib sometimes pairs lines)."""
    problems = []
    for k, line in enumerate(old):
        changed = new[k] if k < len(new) else ""
        stripped = changed
        for phrase in PHRASES:
            stripped = stripped.replace(phrase, "")
        if stripped != line or changed == line:
            problems.append(f"line {at + k + 1} changed: {line!r} -> {changed!r}")
    if len(new) > len(old):
        problems += _inserted(new[len(old) :], at + len(old))
    return problems


def _inserted(lines: list[str], at: int) -> list[str]:
    """Inserted lines: blank lines, a `clauses:` key, and clauses under their marking comment."""
    problems = []
    marked = False
    for k, line in enumerate(lines):
        if MARK.match(line):
            marked = True
        elif line.strip() and line.strip() != "clauses:" and not marked:
            problems.append(f"line {at + k + 1} inserted outside a marked clause: {line!r}")
    return problems


def fix_and_recheck(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Fix every tender of a folder with --review-fixes, then check it as the issue says."""
    originals = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.tender.yaml")}
    before = findings(folder)
    done = cli("fix", str(folder), "--review-fixes", *OPTIONS)
    assert done.exit_code == 0, done.output
    fixed = applied(done.output)
    after = findings(folder)
    for name, text in originals.items():
        new = (folder / name).read_text(encoding="utf-8")
        was, now = pairs(before.get(name, [])), pairs(after.get(name, []))
        assert not [f for f in after.get(name, []) if f["kind"] == "invalid"], name
        new_pairs = [p for p in now if p not in was]
        assert not new_pairs, f"{name}: new findings {new_pairs}"
        for tier, rule in fixed.get(name, []):
            kinds = {k for r, k in was if r == rule}
            if tier == "review":
                assert (rule, "missing") not in now or (rule, "missing") not in was, (name, rule)
            else:
                left = [f for f in after.get(name, []) if f["rule"] == rule and f["kind"] in kinds]
                assert all("no-equivalent" not in f.get("reasons", []) for f in left), (name, rule)
                assert sum(now[(rule, k)] for k in kinds) < sum(
                    was[(rule, k)] for k in kinds
                ) or all(f["kind"] == "weak" for f in left), (name, rule)
        comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
        kept = set(new.splitlines())
        assert all(c in kept for c in comments), f"{name}: a comment line is gone"
        problems = check_changes(text, new)
        assert not problems, f"{name}: {problems[:5]}"
        inserted = [
            next(g for g in m.groups() if g) for m in map(MARK.match, new.splitlines()) if m
        ]
        assert sorted(inserted) == sorted(r for t, r in fixed.get(name, []) if t == "review"), name
    again = {p.name: p.read_bytes() for p in folder.glob("*.tender.yaml")}
    second = cli("fix", str(folder), "--review-fixes", *OPTIONS)
    assert second.exit_code == 0, second.output
    assert {p.name: p.read_bytes() for p in folder.glob("*.tender.yaml")} == again
    assert "Files changed: 0 of" in second.output
    return fixed


def test_every_bad_example_is_fixed_and_rechecked(tmp_path: Path) -> None:
    fixed = fix_and_recheck(copy(BAD, tmp_path / "bad"))
    got = {
        name.removesuffix(".tender.yaml"): (
            sum(t == "safe" for t, _ in items),
            sum(t == "review" for t, _ in items),
        )
        for name, items in fixed.items()
    }
    assert got == EXPECTED


def test_every_corpus_tender_is_fixed_and_rechecked(tmp_path: Path) -> None:
    cases = accuracy.load_cases()
    assert len(cases) >= 100
    fixed = fix_and_recheck(copy([c.tender for c in cases], tmp_path / "corpus"))
    review = sum(t == "review" for items in fixed.values() for t, _ in items)
    safe = sum(t == "safe" for items in fixed.values() for t, _ in items)
    assert review >= 800 and safe >= 5, (review, safe)


def test_diff_writes_nothing_and_exits_1_when_it_would_change(tmp_path: Path) -> None:
    folder = copy(BAD[:1], tmp_path / "one")
    target = folder / BAD[0].name
    raw = target.read_bytes()
    done = CliRunner().invoke(main, ["fix", str(target), "--diff", "--review-fixes", *OPTIONS])
    assert done.exit_code == 1, done.output
    assert done.stdout.startswith(f"--- a/{target}\n+++ b/{target}\n")
    assert "+  # inserted by pplint fix for legal review:" in done.stdout
    assert target.read_bytes() == raw
    cli("fix", str(target), "--review-fixes", *OPTIONS)
    quiet = CliRunner().invoke(main, ["fix", str(target), "--diff", "--review-fixes", *OPTIONS])
    assert quiet.exit_code == 0 and quiet.stdout == "", quiet.output
