"""The pre-commit hook of .pre-commit-hooks.yaml, run for real with `pre-commit try-repo`."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, clean_env, copy_working_tree, git, init_repo, readme_blocks

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
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed"
    ),
]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's working tree, committed as it is on branch `main` of a scratch repository.

    `try-repo` on a dirty checkout commits only tracked changes (`git add -u`), so new files
    that are not yet committed (the hook manifest itself, new modules or rule packs) would be
    missing. A snapshot tests exactly the code on disk and never touches this checkout's git.
    """
    snapshot = copy_working_tree(tmp_path_factory.mktemp("hook-repo"))
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


def pre_commit(project: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run pre-commit in ``project`` with its own home, no colour and verbose output."""
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=project,
        env=clean_env(PRE_COMMIT_HOME=str(home)),
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT,
        check=False,
    )


def try_repo(
    project: Path, hook_repo: Path, home: Path, *files: str
) -> subprocess.CompletedProcess[str]:
    args = ["try-repo", str(hook_repo), "pplint", "--verbose", "--color", "never"]
    return pre_commit(project, home, *args, "--files", *files)


def test_hook_passes_on_a_good_tender(
    project: Path, hook_repo: Path, pre_commit_home: Path
) -> None:
    done = try_repo(project, hook_repo, pre_commit_home, "good.tender.yaml")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "pplint" in output and "Passed" in output, output


def test_hook_fails_on_a_bad_tender(project: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    done = try_repo(project, hook_repo, pre_commit_home, "bad.tender.yaml")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Failed" in output, output
    assert "FMT-SCHEMA" in output and "bad.tender.yaml" in output, output


def test_hook_ignores_files_that_are_not_tenders(
    project: Path, hook_repo: Path, pre_commit_home: Path
) -> None:
    (project / "notes.yaml").write_text("weight: fifty\n", encoding="utf-8")
    git(project, "add", "notes.yaml")
    done = try_repo(project, hook_repo, pre_commit_home, "notes.yaml")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "no files to check" in output.lower(), output


def readme_config(hook_repo: Path) -> str:
    """The README's `.pre-commit-config.yaml`, its placeholder `repo:` set to ``hook_repo``."""
    texts = [b.text for b in readme_blocks() if b.lang == "yaml" and b.text.startswith("repos:")]
    assert len(texts) == 1, "README.md should show one .pre-commit-config.yaml"
    repos = yaml.safe_load(texts[0])["repos"]
    assert len(repos) == 1 and [h["id"] for h in repos[0]["hooks"]] == ["pplint"], repos
    placeholder = repos[0]["repo"]
    assert placeholder.startswith("<") and placeholder.endswith(">"), placeholder
    return texts[0].replace(placeholder, str(hook_repo))


def run_hooks(project: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return pre_commit(project, home, "run", "--verbose", "--color", "never", "--files", *files)


def test_readme_config_runs_the_hook_at_its_rev(
    project: Path, hook_repo: Path, pre_commit_home: Path
) -> None:
    """The README's config as printed (rev included) installs the hook from a repository."""
    (project / ".pre-commit-config.yaml").write_text(readme_config(hook_repo), encoding="utf-8")
    git(project, "add", ".pre-commit-config.yaml")
    good = run_hooks(project, pre_commit_home, "good.tender.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout, good.stdout + good.stderr
    bad = run_hooks(project, pre_commit_home, "bad.tender.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "FMT-SCHEMA" in bad.stdout and "bad.tender.yaml" in bad.stdout, bad.stdout


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
