"""The pre-commit hook of .pre-commit-hooks.yaml, run for real with `pre-commit try-repo`."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
INSTALL_TIMEOUT = 900  # the first run builds a virtualenv and pip-installs pplint into it

GOOD = """\
pplint: 1
tender:
  id: TEST-2026-001
  title: Cleaning of municipal buildings
  buyer:
    name: City of Testville
    country: ES
  nature: services
  cpv: ["90910000"]
award_criteria:
  - id: AC-1
    name: Price
    type: price
    weight: 60
  - id: AC-2
    name: Technical proposal
    type: quality
    weight: 40
clauses:
  - id: C-01
    section: performance
    text: The contractor shall pay the wages of the applicable collective agreement.
"""
BAD = GOOD.replace("weight: 40", "weight: fifty")

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                       reason="pre-commit is not installed"),
]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without GIT_* variables (set when pytest itself runs inside a hook)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(extra)
    return env


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=clean_env(), check=True, capture_output=True,
                   timeout=120)


def init_repo(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q")
    git(path, "config", "user.email", "tests@pplint.invalid")
    git(path, "config", "user.name", "pplint tests")
    git(path, "config", "commit.gpgsign", "false")


def working_tree_files(root: Path) -> list[Path]:
    """The files of the working tree as git sees them (tracked or new, not ignored)."""
    done = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                          cwd=root, env=clean_env(), capture_output=True, check=False,
                          timeout=120)
    if done.returncode != 0:  # not a git checkout (an sdist, say): take the files as they are
        skip = {".git", "__pycache__", ".venv", ".pytest_cache", ".mypy_cache", ".ruff_cache",
                "dist", "build"}
        return [p.relative_to(root) for p in root.rglob("*")
                if p.is_file() and not skip & set(p.relative_to(root).parts)]
    names = [n for n in done.stdout.decode().split("\0") if n]
    return sorted({Path(n) for n in names if (root / n).is_file()})


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's working tree, committed as it is into a scratch repository.

    `try-repo` on a dirty checkout commits only tracked changes (`git add -u`), so new files
    that are not yet committed (the hook manifest itself, new modules or rule packs) would be
    missing. A snapshot tests exactly the code on disk and never touches this checkout's git.
    """
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for rel in working_tree_files(REPO):
        target = snapshot / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, target)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    init_repo(snapshot)
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-q", "-m", "snapshot for the pre-commit test")
    return snapshot


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A user's repository with a good and a bad tender; only format findings count."""
    work = tmp_path / "work"
    init_repo(work)
    (work / ".pplint.yaml").write_text("select: [FMT-]\n", encoding="utf-8")
    (work / "good.tender.yaml").write_text(GOOD, encoding="utf-8")
    (work / "bad.tender.yaml").write_text(BAD, encoding="utf-8")
    git(work, "add", ".")
    return work


def try_repo(project: Path, hook_repo: Path, home: Path, *files: str
             ) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "pplint",
           "--verbose", "--color", "never", "--files", *files]
    return subprocess.run(cmd, cwd=project, env=clean_env(PRE_COMMIT_HOME=str(home)),
                          capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False)


def test_hook_passes_on_a_good_tender(project: Path, hook_repo: Path,
                                      pre_commit_home: Path) -> None:
    done = try_repo(project, hook_repo, pre_commit_home, "good.tender.yaml")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "pplint" in output and "Passed" in output, output


def test_hook_fails_on_a_bad_tender(project: Path, hook_repo: Path,
                                    pre_commit_home: Path) -> None:
    done = try_repo(project, hook_repo, pre_commit_home, "bad.tender.yaml")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Failed" in output, output
    assert "FMT-SCHEMA" in output and "bad.tender.yaml" in output, output


def test_hook_ignores_files_that_are_not_tenders(project: Path, hook_repo: Path,
                                                 pre_commit_home: Path) -> None:
    (project / "notes.yaml").write_text("weight: fifty\n", encoding="utf-8")
    git(project, "add", "notes.yaml")
    done = try_repo(project, hook_repo, pre_commit_home, "notes.yaml")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "no files to check" in output.lower(), output


def test_manifest_declares_the_hook() -> None:
    from pre_commit.clientlib import load_manifest  # type: ignore[import-untyped]

    hooks = {hook["id"]: hook for hook in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    hook = hooks["pplint"]
    assert hook["entry"] == "pplint check"
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"]
    assert hook["files"] == r"\.tender\.ya?ml$"
    assert hook["require_serial"] is False
    assert hook["args"] == []
