"""Shared fixtures and helpers: the engine test pack, a lint helper, git, README blocks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pplint.core.rules import RuleSet
from pplint.engine.checker import Engine
from pplint.engine.results import FileResult, Settings
from pplint.packs import rulepack

# the CLI caches loaded packs; tests keep theirs out of the user's cache folder
os.environ.setdefault("PPLINT_CACHE_DIR", tempfile.mkdtemp(prefix="pplint-test-cache-"))
# what pplint says where a tender does not choose follows the locale: tests speak English
# whatever the machine's locale (tests of the locale set these themselves)
for _name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]
# Design notes and data beside the checkout, absent from a fresh clone: no test may require it.
# A test that needs a file there skips with a reason naming the missing path (.ci/run reruns
# such tests where ../shared is present).
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip naming it when it is absent (a fresh clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the shared data beside the checkout)")
    return path


@pytest.fixture(scope="session")
def notices_dir() -> Path:
    """../shared/data/notices: the published notices (eForms, TED, OCDS) and the SDK."""
    return shared_path("data", "notices")


@pytest.fixture(scope="session")
def shipped_engine(shipped_rs: RuleSet) -> Engine:
    """An engine with the shipped rules and default settings (as `pplint check` has)."""
    return Engine(shipped_rs, Settings())


@pytest.fixture(scope="session")
def test_rs() -> RuleSet:
    """The shipped lexicons plus the engine test pack (independent of the shipped rules)."""
    return rulepack.load([REPO / "rules" / "00-lexicons", DATA / "test-pack.yaml"])


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

# a tender with one weak wage clause (hedged, no verification, no enforcement)
WEAK = (
    HEADER
    + """\
clauses:
  - id: C1
    section: performance
    text: Where possible the contractor should respect the collective agreement.
"""
)


# -- git ---------------------------------------------------------------------------------------


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without GIT_* variables (set when pytest itself runs inside a hook)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(extra)
    return env


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=cwd, env=clean_env(), check=True, capture_output=True, timeout=120
    )


def init_repo(path: Path) -> None:
    """A new git repository at ``path`` whose branch is `main`, as in this project."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    git(path, "symbolic-ref", "HEAD", "refs/heads/main")
    git(path, "config", "user.email", "tests@pplint.invalid")
    git(path, "config", "user.name", "pplint tests")
    git(path, "config", "commit.gpgsign", "false")


def working_tree_files(root: Path) -> list[Path]:
    """The files of the working tree as git sees them (tracked or new, not ignored)."""
    done = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        env=clean_env(),
        capture_output=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:  # not a git checkout (an sdist, say): take the files as they are
        skip = {
            ".git",
            "__pycache__",
            ".venv",
            ".pytest_cache",
            ".mypy_cache",
            ".ruff_cache",
            "dist",
            "build",
        }
        return [
            p.relative_to(root)
            for p in root.rglob("*")
            if p.is_file() and not skip & set(p.relative_to(root).parts)
        ]
    names = [n for n in done.stdout.decode().split("\0") if n]
    return sorted({Path(n) for n in names if (root / n).is_file()})


def copy_working_tree(target: Path) -> Path:
    """A copy of this checkout's working tree (uncommitted files included) at ``target``."""
    for rel in working_tree_files(REPO):
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, dest)
    return target


# -- README ------------------------------------------------------------------------------------

FENCE = re.compile(r"^```(\S*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Block:
    """A fenced block of README.md: its language, text, first line and section heading."""

    lang: str
    text: str
    line: int
    section: str


def readme_blocks() -> list[Block]:
    """Every fenced block of README.md, in order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = []
    for match in FENCE.finditer(readme):
        before = readme[: match.start()]
        headings = re.findall(r"^#+ (.+)$", before, re.MULTILINE)
        blocks.append(
            Block(
                match.group(1),
                match.group(2),
                before.count("\n") + 2,
                headings[-1] if headings else "",
            )
        )
    return blocks
