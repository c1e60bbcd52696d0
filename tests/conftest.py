"""Shared fixtures: the engine test pack, a lint helper returning (line, column, rule) tuples."""

from __future__ import annotations

import os
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from pplint import rulepack
from pplint.engine import Engine, FileResult, Settings
from pplint.rulepack import RuleSet

# the CLI caches loaded packs; tests keep theirs out of the user's cache folder
os.environ.setdefault("PPLINT_CACHE_DIR", tempfile.mkdtemp(prefix="pplint-test-cache-"))

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def test_rs() -> RuleSet:
    """The shipped lexicons plus the engine test pack (independent of the shipped rules)."""
    return rulepack.load([REPO / "rules" / "00-lexicons.yaml", DATA / "test-pack.yaml"])


@pytest.fixture(scope="session")
def shipped_rs() -> RuleSet:
    return rulepack.load([rulepack.shipped_dir()])


@pytest.fixture
def lint(test_rs: RuleSet) -> Callable[..., FileResult]:
    def run(text: str, **settings: object) -> FileResult:
        engine = Engine(test_rs, Settings(**settings))  # type: ignore[arg-type]
        return engine.check_bytes(textwrap.dedent(text).encode("utf-8"), "t.tender.yaml")

    return run


def tuples(result: FileResult) -> list[tuple[int, int, str]]:
    return [(f.line, f.column, f.rule) for f in result.findings]


HEADER = """\
pplint: 1
tender:
  id: T-1
  title: Test tender
  buyer: {name: Test buyer, country: FR}
  nature: services
  cpv: ["90911200"]
"""
