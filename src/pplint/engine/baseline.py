"""Baselines: today's findings recorded by rule, file and document path, never by line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pplint.core.errors import PplintError
from pplint.core.files import ReadError, read_limited
from pplint.core.model import Finding

VERSION = 1
NEVER_RECORDED = frozenset({"FMT-INTERNAL"})  # a crash of pplint is never an accepted finding
Key = tuple[str, str, str, str]


def key(finding: Finding) -> Key:
    """What identifies a finding across edits: rule, file, document path and clause id."""
    return (finding.rule, Path(finding.file).as_posix(), finding.path_str, finding.clause or "")


def dumps(findings: Iterable[Finding]) -> str:
    """A baseline file's text for these findings (sorted, so that diffs stay small)."""
    return dumps_entries(entries(findings))


def entries(findings: Iterable[Finding]) -> list[tuple[Key, str]]:
    """The key and message of each finding a baseline records (not waived, not a crash)."""
    return [
        (key(f), f.message) for f in findings if not f.suppressed and f.rule not in NEVER_RECORDED
    ]


def dumps_entries(recorded: Iterable[tuple[Key, str]]) -> str:
    """A baseline file's text for these keys and messages (the last message of a key kept)."""
    out: dict[str, Any] = {
        "pplint_baseline": VERSION,
        "findings": [
            {
                "rule": k[0],
                "file": k[1],
                "path": k[2],
                **({"clause": k[3]} if k[3] else {}),
                "message": message,
            }
            for k, message in sorted(dict(recorded).items())
        ],
    }
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def load(path: Path) -> set[Key]:
    """The keys recorded in a baseline file; anything else than a baseline is a PplintError."""
    name = str(path)
    try:
        data = json.loads(read_limited(path).decode("utf-8"))
    except ReadError as exc:
        raise PplintError(f"cannot read baseline: {exc.message}", name) from None
    except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError, too many digits
        raise PplintError(f"baseline is not valid JSON: {exc}", name) from None
    except RecursionError:
        raise PplintError(
            "not a pplint baseline file: its JSON is nested too deeply", name
        ) from None
    version = data.get("pplint_baseline") if isinstance(data, dict) else None
    if type(version) is not int or version != VERSION or not isinstance(data.get("findings"), list):
        raise PplintError(
            "not a pplint baseline file (expected `pplint_baseline: 1` and a "
            "`findings` list); write one with --write-baseline",
            name,
        )
    return {_entry_key(i, entry, name) for i, entry in enumerate(data["findings"])}


def _entry_key(index: int, entry: Any, name: str) -> Key:
    """The key of one baseline entry: rule, file and path texts, and an optional clause text."""
    if not isinstance(entry, dict):
        raise PplintError(f"baseline entry {index} is not a mapping", name)
    clause = entry.get("clause", "")
    fields = [entry.get("rule"), entry.get("file"), entry.get("path"), clause]
    if not all(isinstance(value, str) for value in fields):
        raise PplintError(
            f"baseline entry {index} needs `rule`, `file` and `path` as texts "
            "(and `clause`, when present, as a text)",
            name,
        )
    return (fields[0], fields[1], fields[2], fields[3])


def split(findings: Iterable[Finding], known: set[Key]) -> tuple[list[Finding], int]:
    """Findings not in the baseline, and how many were hidden because they are."""
    kept, hidden = [], 0
    for f in findings:
        if not f.suppressed and f.rule not in NEVER_RECORDED and key(f) in known:
            hidden += 1
        else:
            kept.append(f)
    return kept, hidden
