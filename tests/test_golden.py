"""Golden files: every example tender's text and JSON output, as checked in.

Refresh after an intended change with
``PPLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from pplint.cli.main import main

from conftest import REPO

EXAMPLES = sorted((REPO / "examples").rglob("*.tender.yaml"))
GOLDEN = REPO / "tests" / "golden"
UPDATE = os.environ.get("PPLINT_UPDATE_GOLDEN") == "1"
AS_OF = "2026-11-29"  # waivers in the examples are judged on a fixed date


def _output(example: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(REPO)
    rel = example.relative_to(REPO).as_posix()
    result = CliRunner().invoke(
        main, ["check", rel, "--no-config", "--format", fmt, "--fail-on", "never", "--as-of", AS_OF]
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_golden(example: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out = _output(example, fmt, monkeypatch)
    golden = GOLDEN / example.relative_to(REPO / "examples").with_suffix(f".{fmt}")
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}: run with PPLINT_UPDATE_GOLDEN=1"
    assert out == golden.read_text(encoding="utf-8")


def test_examples_exist() -> None:
    assert len(EXAMPLES) >= 2
    assert any("good" in p.parts for p in EXAMPLES) and any("bad" in p.parts for p in EXAMPLES)


@pytest.mark.parametrize(
    "example", [p for p in EXAMPLES if "good" in p.parts], ids=lambda p: p.stem
)
def test_good_examples_have_no_missing_or_weak_finding(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    data = json.loads(_output(example, "json", monkeypatch))
    assert [
        f["rule"]
        for f in data["findings"]
        if f["kind"] in ("missing", "weak", "invalid") and not f.get("suppressed")
    ] == []
