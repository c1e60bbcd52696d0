"""Baselines: today's findings recorded by rule, file and document path, never by line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pplint.errors import PplintError
from pplint.files import ReadError, read_limited
from pplint.model import Finding

VERSION = 1
Key = tuple[str, str, str, str]


def key(finding: Finding) -> Key:
    """What identifies a finding across edits: rule, file, document path and clause id."""
    return (finding.rule, Path(finding.file).as_posix(), finding.path_str, finding.clause or "")


def dumps(findings: Iterable[Finding]) -> str:
    """A baseline file's text for these findings (sorted, so that diffs stay small)."""
    entries = sorted({key(f): f for f in findings if not f.suppressed}.items())
    out: dict[str, Any] = {
        "pplint_baseline": VERSION,
        "findings": [
            {"rule": k[0], "file": k[1], "path": k[2], **({"clause": k[3]} if k[3] else {}),
             "message": f.message}
            for k, f in entries
        ],
    }
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def load(path: Path) -> set[Key]:
    name = str(path)
    try:
        data = json.loads(read_limited(path).decode("utf-8"))
    except ReadError as exc:
        raise PplintError(f"cannot read baseline: {exc.message}", name) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PplintError(f"baseline is not valid JSON: {exc}", name) from None
    if not isinstance(data, dict) or data.get("pplint_baseline") != VERSION or not isinstance(
        data.get("findings"), list
    ):
        raise PplintError("not a pplint baseline file (expected `pplint_baseline: 1` and a "
                          "`findings` list); write one with --write-baseline", name)
    keys: set[Key] = set()
    for i, entry in enumerate(data["findings"]):
        try:
            keys.add((str(entry["rule"]), str(entry["file"]), str(entry["path"]),
                      str(entry.get("clause", ""))))
        except (TypeError, KeyError):
            raise PplintError(f"baseline entry {i} lacks rule, file or path", name) from None
    return keys


def split(findings: Iterable[Finding], known: set[Key]) -> tuple[list[Finding], int]:
    """Findings not in the baseline, and how many were hidden because they are."""
    kept, hidden = [], 0
    for f in findings:
        if not f.suppressed and key(f) in known:
            hidden += 1
        else:
            kept.append(f)
    return kept, hidden
