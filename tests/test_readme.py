"""Every example of README.md, run as printed: a README that stops being true fails here.

The fenced blocks are read from README.md. Shell commands run in a scratch folder holding what
they need, the console session's output is compared, and the configuration, waiver, editor and
CI snippets are parsed and used. The two set-up commands and `bash .ci/run` are run by CI itself
(`.ci/run` reads the set-up commands from the README; a test here checks it reads these two);
the pre-commit snippet is run for real in tests/test_precommit.py.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import DATA, REPO, Block, clean_env, copy_working_tree, readme_blocks

TIMEOUT = 600  # a hang guard only: the slowest command here (mypy, cold) takes well under that

INSTALL = 'python3 -m pip install -e ".[test]"'
PYTEST = "python3 -m pytest"
CHECK_BAD = "pplint check examples/bad/furniture.tender.yaml"
CHECK_GOOD = "pplint check examples/good"
EXPLAIN = "pplint explain INN-AWD-002"
INIT = "pplint init"
WRITE_BASELINE = "pplint check tenders/ --write-baseline .pplint-baseline.json"
USE_BASELINE = "pplint check tenders/ --baseline .pplint-baseline.json"
SAVE_SCHEMA = "mkdir -p .schemas && pplint schema > .schemas/tender.schema.json"
LINT = "ruff format --check src tests bench && ruff check src tests && mypy"
UPDATE_GOLDEN = "PPLINT_UPDATE_GOLDEN=1 python3 -m pytest tests/test_golden.py"
CI = "bash .ci/run"
REPORT_BAD = "pplint report examples/bad -o report.html"
REPORT_ALL = "pplint report examples -o portfolio.html --lang ca"
SCAN = "pplint scan 202500001.tar.gz --parquet ted-202500001 --indicators"
DUCKDB = (
    'python3 -c "import duckdb; duckdb.sql(\\"SELECT country, count(*) AS notices, '
    "round(median(price_weight), 1) AS median_price, count(*) FILTER (WHERE price_weight > 60) "
    "AS over_60 FROM read_parquet('ted-202500001/documents/*.parquet') WHERE error_code IS NULL "
    'GROUP BY country ORDER BY notices DESC\\").show()"'
)
COVERED = {
    INSTALL,
    PYTEST,
    CHECK_BAD,
    CHECK_GOOD,
    EXPLAIN,
    INIT,
    WRITE_BASELINE,
    USE_BASELINE,
    SAVE_SCHEMA,
    LINT,
    UPDATE_GOLDEN,
    CI,
    SCAN,
    DUCKDB,
    REPORT_BAD,
    REPORT_ALL,
}

CITY_PACK = """\
pack: our-city
title: Our city's own rules
topics:
  city-zero-emission-delivery:
    title: Zero-emission deliveries in the city centre
    family: environmental
    signals:
      en: [zero-emission vehicles]
rules:
  - id: ENV-CTY-001
    title: Deliveries in the city centre by zero-emission vehicles
    family: environmental
    severity: info
    applies: {nature: [supplies]}
    check: missing
    options: {topics: [city-zero-emission-delivery], in: [performance]}
    message: No performance clause makes deliveries in the city centre zero-emission.
    rationale: The city's clean-air plan.
    legal_basis:
      - {instrument: City clean-air plan, article: Art. 3}
    model_clause:
      en: Deliveries for {{ tender.title }} shall be made by zero-emission vehicles.
      es: Las entregas se harán con vehículos de cero emisiones.
    examples:
      - expect: pass
        tender: {nature: supplies, cpv: ["30213100"]}
        clauses:
          - {id: C1, section: performance, text: "Deliveries shall use zero-emission vehicles."}
      - expect: fail
        kind: missing
        tender: {nature: supplies, cpv: ["30213100"]}
"""

WAIVED_TENDER = """\
pplint: 1
tender:
  id: T-LAPTOPS
  title: Supply of laptops
  buyer: {name: City of Testville, country: FR}
  nature: supplies
  cpv: ["30213100"]
clauses:
  - id: C-12
    section: performance
    title: Warranty
    text: The laptops shall have a warranty of 3 years, excluding batteries.
    verification: Warranty certificate with each delivery.
"""

SCHEMA_BROKEN = """\
pplint: 1
tender:
  id: T-1
  title: A tender with a weight that is not a number
  buyer: {name: City of Testville, country: FR}
  nature: services
  cpv: ["90910000"]
award_criteria:
  - {id: AC-1, name: Price, type: price, weight: fifty}
"""

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"  # the official OASIS schema, vendored


# -- reading the README ------------------------------------------------------------------------


def kind(block: Block) -> str:
    """What a README block shows, hence which test runs it ("" when no test does)."""
    if block.lang in ("sh", "console"):
        return block.lang
    if block.lang == "json" and "yaml.schemas" in block.text:
        return "editor"
    if block.lang != "yaml":
        return ""
    data = yaml.safe_load(block.text)
    if not isinstance(data, dict):
        return ""
    if "repos" in data:
        return "pre-commit"
    if "jobs" in data:
        return "github"
    if isinstance(data.get("pplint"), dict) and "script" in data["pplint"]:
        return "gitlab"
    if set(data) == {"waivers"}:
        return "waiver"
    return "config" if block.section == "Configuration" else ""


def blocks_of(which: str) -> list[Block]:
    found = [b for b in readme_blocks() if kind(b) == which]
    assert found, f"README.md shows no {which} block any more: update tests/test_readme.py"
    return found


def one_block(which: str) -> Block:
    found = blocks_of(which)
    assert len(found) == 1, f"README.md shows {len(found)} {which} blocks; tests expect one"
    return found[0]


def bare(line: str) -> str:
    """A command line without its trailing comment."""
    return re.sub(r"\s+#\s.*$", "", line).strip()


def sh_lines(section: str | None = None) -> list[str]:
    """The command lines of the README's sh blocks (of one section), as printed."""
    return [
        line
        for b in blocks_of("sh")
        if section in (None, b.section)
        for line in b.text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def command(key: str) -> str:
    """The README line of the command ``key``, as printed (its comment included)."""
    lines = [line for line in sh_lines() if bare(line) == key]
    assert len(lines) == 1, f"README.md should show `{key}` once: update tests/test_readme.py"
    return lines[0]


# -- running commands like a user's shell ------------------------------------------------------


@pytest.fixture(scope="session")
def shell_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A user's shell: `python3` is this interpreter, its scripts on PATH, no CI variables."""
    wrappers = tmp_path_factory.mktemp("bin")
    python3 = wrappers / "python3"
    python3.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n', encoding="utf-8")
    python3.chmod(0o755)
    scripts = Path(sys.executable).parent
    env = {
        k: v
        for k, v in clean_env().items()
        if not k.startswith(("GITHUB_", "GITLAB_", "PYTEST_", "PPLINT_"))
        and k not in ("CI", "FORCE_COLOR", "NO_COLOR")
    }
    env["PATH"] = os.pathsep.join([str(wrappers), str(scripts), env.get("PATH", "")])
    env["PPLINT_CACHE_DIR"] = os.environ["PPLINT_CACHE_DIR"]  # the tests' own (conftest)
    return env


def run(line: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run one README line in bash, as a user would paste it."""
    return subprocess.run(
        ["bash", "-c", line],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def show(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A scratch folder with the examples, as `examples/` (first minute) and `tenders/` (CI)."""
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    shutil.copytree(REPO / "examples", tmp_path / "tenders")
    return tmp_path


def pplint_json(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """Run `pplint check ARGS --format json`; its exit code and report."""
    done = subprocess.run(
        ["pplint", "check", *args, "--format", "json"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode in (0, 1), show(done)
    report: dict[str, Any] = json.loads(done.stdout)
    return done.returncode, report


def ref_exists(ref: str) -> bool:
    """Whether ``ref`` names a commit here (a branch, its origin copy, a tag or a SHA)."""
    if not (REPO / ".git").exists():
        pytest.skip(f"{REPO} is not a git checkout: cannot check that `{ref}` exists")
    for candidate in (ref, f"origin/{ref}"):
        spec = f"{candidate}^{{commit}}"
        done = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", spec],
            cwd=REPO,
            env=clean_env(),
            capture_output=True,
            timeout=120,
            check=False,
        )
        if done.returncode == 0:
            return True
    return False


def install_ref(line: str) -> str:
    """The git ref of a README `pip install "git+URL@REF"` line."""
    match = re.fullmatch(r'pip install "git\+[^"]+?\.git@([^"\s]+)"', bare(line))
    assert match, f"not a pip install from git at a ref: {line}"
    return match.group(1)


def outputs(line: str) -> dict[str, str]:
    """The FORMAT=PATH pairs of a pplint command's `--output` options."""
    words = shlex.split(line, comments=True)
    pairs = [words[i + 1] for i, w in enumerate(words) if w in ("-o", "--output")]
    return dict(pair.split("=", 1) for pair in pairs)


# -- every block and every command is run ------------------------------------------------------


def test_every_fenced_block_is_run_by_a_test() -> None:
    unknown = [
        f"line {b.line} ({b.lang or 'no language'}, section {b.section})"
        for b in readme_blocks()
        if not kind(b)
    ]
    assert not unknown, f"README blocks no test runs: {unknown}; add them to tests/test_readme.py"
    kinds = {kind(b) for b in readme_blocks()}
    assert kinds == {
        "sh",
        "console",
        "editor",
        "config",
        "waiver",
        "github",
        "gitlab",
        "pre-commit",
    }, kinds


def test_every_shell_command_is_run_by_a_test() -> None:
    uncovered = [line for line in sh_lines() if bare(line) not in COVERED]
    assert not uncovered, f"README commands no test runs: {uncovered}"
    assert sorted(bare(line) for line in sh_lines()) == sorted(COVERED)


def test_ci_runs_the_set_up_commands_as_printed() -> None:
    """`.ci/run` reads the set-up block from the README: the two commands, as printed."""
    setup = sh_lines("Set-up")
    assert [bare(line) for line in setup] == [INSTALL, PYTEST], setup
    done = subprocess.run(
        ["bash", str(REPO / ".ci" / "run"), "--setup-commands"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, show(done)
    assert done.stdout.splitlines() == setup, show(done)
    assert command(CI).startswith("bash .ci/run") and (REPO / ".ci" / "run").is_file()


# -- the first minute --------------------------------------------------------------------------


def test_first_minute_weak_tender_has_findings(folder: Path, shell_env: dict[str, str]) -> None:
    done = run(command(CHECK_BAD), folder, shell_env)
    assert done.returncode == 1, show(done)
    assert "examples/bad/furniture.tender.yaml:" in done.stdout, show(done)


def test_first_minute_good_tenders_are_quiet(folder: Path, shell_env: dict[str, str]) -> None:
    done = run(command(CHECK_GOOD), folder, shell_env)
    assert done.returncode == 0, show(done)
    assert done.stdout == "", show(done)


def test_first_minute_explain(folder: Path, shell_env: dict[str, str]) -> None:
    done = run(command(EXPLAIN), folder, shell_env)
    assert done.returncode == 0, show(done)
    assert "INN-AWD-002" in done.stdout, show(done)


def test_report_commands_write_the_pages(folder: Path, shell_env: dict[str, str]) -> None:
    for key, name, lang, count in (
        (REPORT_BAD, "report.html", "en", 4),
        (REPORT_ALL, "portfolio.html", "ca", 9),
    ):
        done = run(command(key), folder, shell_env)
        assert done.returncode == 0, show(done)
        assert f"({count} documents)" in done.stderr, show(done)
        page = (folder / name).read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
        assert page.count('class="scorecard') >= count


def test_first_minute_init_writes_a_tender_that_passes(
    tmp_path: Path, shell_env: dict[str, str]
) -> None:
    done = run(command(INIT), tmp_path, shell_env)
    assert done.returncode == 0, show(done)
    written = [p.name for p in tmp_path.iterdir()]
    assert len(written) == 1 and fnmatch.fnmatch(written[0], "*.tender.yaml"), written
    check = run(f"pplint check {written[0]}", tmp_path, shell_env)
    assert check.returncode == 0, show(check)


def test_console_session_prints_what_the_readme_shows(
    folder: Path, shell_env: dict[str, str]
) -> None:
    for block in blocks_of("console"):
        lines = block.text.splitlines(keepends=True)
        script = "".join(line[2:] for line in lines if line.startswith("$ "))
        shown = "".join(line for line in lines if not line.startswith("$ "))
        done = run(script, folder, shell_env)
        assert done.stdout == shown, f"README line {block.line}: {show(done)}"


# -- waivers and baselines ---------------------------------------------------------------------


def test_baseline_commands_report_only_new_findings(
    folder: Path, shell_env: dict[str, str]
) -> None:
    write = run(command(WRITE_BASELINE), folder, shell_env)
    assert write.returncode == 1, show(write)  # today's findings are reported as they are recorded
    assert json.loads((folder / ".pplint-baseline.json").read_text(encoding="utf-8"))
    again = run(command(USE_BASELINE), folder, shell_env)
    assert again.returncode == 0, show(again)
    shutil.copy(
        folder / "tenders" / "bad" / "furniture.tender.yaml", folder / "tenders" / "new.tender.yaml"
    )
    new = run(command(USE_BASELINE), folder, shell_env)
    assert new.returncode == 1, show(new)
    reported = {line.split(":", 1)[0] for line in new.stdout.splitlines()}
    assert reported == {"tenders/new.tender.yaml"}, show(new)


def waiver_snippet() -> tuple[str, dict[str, Any]]:
    """The README's waiver block and the one waiver it shows."""
    text = one_block("waiver").text
    waivers = yaml.safe_load(text)["waivers"]
    assert len(waivers) == 1, waivers
    return text, waivers[0]


def test_waiver_snippet_waives_its_clause_until_it_expires(
    tmp_path: Path, shell_env: dict[str, str]
) -> None:
    text, waiver = waiver_snippet()
    assert WAIVED_TENDER.count(f"id: {waiver['clause']}\n") == 1
    tender = tmp_path / "t.tender.yaml"
    expires = dt.date.fromisoformat(waiver["expires"])
    before = ["--as-of", str(expires), "--fail-on", "warning", "--select", f"{waiver['rule']},FMT-"]
    after = ["--as-of", str(expires + dt.timedelta(days=1)), *before[2:]]

    tender.write_text(WAIVED_TENDER, encoding="utf-8")
    status, report = pplint_json([tender.name, *before], tmp_path, shell_env)
    rules = [(f["rule"], f.get("suppressed", False)) for f in report["findings"]]
    assert status == 1 and rules == [(waiver["rule"], False)], report

    tender.write_text(WAIVED_TENDER + text, encoding="utf-8")
    status, report = pplint_json([tender.name, *before], tmp_path, shell_env)
    rules = [(f["rule"], f.get("suppressed", False)) for f in report["findings"]]
    assert status == 0 and rules == [(waiver["rule"], True)], report
    assert report["summary"]["suppressed"] == 1, report["summary"]

    status, report = pplint_json([tender.name, *before, "--no-waivers"], tmp_path, shell_env)
    assert status == 1 and not any(f.get("suppressed") for f in report["findings"]), report

    status, report = pplint_json([tender.name, *after], tmp_path, shell_env)
    rules = sorted((f["rule"], f.get("suppressed", False)) for f in report["findings"])
    assert status == 1 and rules == sorted([("FMT-WAIVER", False), (waiver["rule"], False)]), report


def test_waiver_snippet_as_sarif_suppression(tmp_path: Path, shell_env: dict[str, str]) -> None:
    text, waiver = waiver_snippet()
    (tmp_path / "t.tender.yaml").write_text(WAIVED_TENDER + text, encoding="utf-8")
    done = run(
        f"pplint check t.tender.yaml --as-of {waiver['expires']} --format sarif",
        tmp_path,
        shell_env,
    )
    assert done.returncode == 0, show(done)
    results = [
        r for r in json.loads(done.stdout)["runs"][0]["results"] if r["ruleId"] == waiver["rule"]
    ]
    assert [s["justification"] for r in results for s in r["suppressions"]] == [waiver["reason"]], (
        results
    )


def test_waiver_snippet_without_its_reason_is_invalid(
    tmp_path: Path, shell_env: dict[str, str]
) -> None:
    text, waiver = waiver_snippet()
    no_reason = "".join(
        line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("reason:")
    )
    (tmp_path / "t.tender.yaml").write_text(WAIVED_TENDER + no_reason, encoding="utf-8")
    status, report = pplint_json(
        ["t.tender.yaml", "--as-of", waiver["expires"]], tmp_path, shell_env
    )
    assert status == 1 and any(f["kind"] == "invalid" for f in report["findings"]), report


def test_waiver_snippet_on_another_clause_waives_nothing(
    tmp_path: Path, shell_env: dict[str, str]
) -> None:
    text, waiver = waiver_snippet()
    elsewhere = text.replace(f"clause: {waiver['clause']}", "clause: C-99", 1)
    assert elsewhere != text
    (tmp_path / "t.tender.yaml").write_text(WAIVED_TENDER + elsewhere, encoding="utf-8")
    status, report = pplint_json(
        ["t.tender.yaml", "--as-of", waiver["expires"], "--select", f"{waiver['rule']},FMT-"],
        tmp_path,
        shell_env,
    )
    rules = sorted((f["rule"], f.get("suppressed", False)) for f in report["findings"])
    assert rules == sorted([("FMT-WAIVER", False), (waiver["rule"], False)]), report


# -- configuration -----------------------------------------------------------------------------


@pytest.fixture()
def configured(folder: Path, shell_env: dict[str, str]) -> tuple[Path, dict[str, Any]]:
    """The scratch folder with the README's configuration as printed and the packs it names."""
    text = one_block("config").text
    (folder / ".pplint.yaml").write_text(text, encoding="utf-8")
    config = yaml.safe_load(text)
    own = [p for p in config["packs"] if "/" in p]
    assert own, "the configuration example should show an own pack by path"
    for path in own:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(CITY_PACK, encoding="utf-8")
        done = run(f"pplint test {shlex.quote(path)}", folder, shell_env)
        assert done.returncode == 0, show(done)
    return folder, config


def test_configuration_example_is_valid_and_good_tenders_pass(
    configured: tuple[Path, dict[str, Any]], shell_env: dict[str, str]
) -> None:
    folder, config = configured
    assert config["severity"]["SOC-GEN-001"] == "off", "quote `off`: YAML 1.1 reads it as false"
    done = run("pplint check tenders/good", folder, shell_env)
    assert done.returncode == 0, show(done)
    rules = run("pplint rules --format json", folder, shell_env)
    assert rules.returncode == 0, show(rules)
    packs = {r["pack"] for r in json.loads(rules.stdout)}
    assert "our-city" in packs and not packs & set(config["disable_packs"]), packs


def test_configuration_example_selects_and_fails_as_written(
    configured: tuple[Path, dict[str, Any]], shell_env: dict[str, str]
) -> None:
    folder, config = configured
    status, report = pplint_json(["tenders/"], folder, shell_env)
    found = {f["rule"] for f in report["findings"]}
    assert status == 1 and found, report["summary"]
    assert all(r.startswith(tuple(config["select"])) for r in found), found
    assert not found & {*config["ignore"], "SOC-GEN-001"}, found
    assert "ENV-CTY-001" in found  # the own pack's rule runs


# -- editors -----------------------------------------------------------------------------------


def test_editor_settings_validate_tenders_with_the_saved_schema(
    folder: Path, shell_env: dict[str, str]
) -> None:
    done = run(command(SAVE_SCHEMA), folder, shell_env)
    assert done.returncode == 0, show(done)
    mapping = json.loads(one_block("editor").text)["yaml.schemas"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    modelines = re.findall(r"# yaml-language-server: \$schema=(\S+?)`", readme)
    assert modelines and set(modelines) <= set(mapping), (modelines, mapping)
    (folder / "tenders" / "broken.tender.yml").write_text(SCHEMA_BROKEN, encoding="utf-8")
    for schema_path, globs in mapping.items():
        schema = json.loads((folder / schema_path).read_text(encoding="utf-8"))
        validator = jsonschema.validators.validator_for(schema)(schema)
        tenders = {p.name: p for p in (folder / "tenders").rglob("*.tender.y*ml")}
        matched = {
            name: p for name, p in tenders.items() if any(fnmatch.fnmatch(name, g) for g in globs)
        }
        assert matched == tenders, "the settings should map every tender file name pplint walks"
        broken = matched.pop("broken.tender.yml")
        assert list(validator.iter_errors(yaml.safe_load(broken.read_text("utf-8"))))
        for name, path in matched.items():
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            errors = [e.message for e in validator.iter_errors(data)]
            assert not errors, (name, errors)


# -- CI snippets -------------------------------------------------------------------------------


def check_outputs(produced: dict[str, str], folder: Path) -> None:
    """Each file a pplint command names exists and is valid for its format."""
    for fmt, name in produced.items():
        path = folder / name
        assert path.is_file(), f"{name} ({fmt}) was not written"
        text = path.read_text(encoding="utf-8")
        if fmt == "sarif":
            doc = json.loads(text)
            schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
            errors = [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(doc)]
            assert not errors, errors[:5]
            sarif_run = doc["runs"][0]
            assert sarif_run["tool"]["driver"]["name"] == "pplint" and sarif_run["results"]
        elif fmt == "gitlab":
            issues = json.loads(text)
            assert isinstance(issues, list) and issues
            for issue in issues:
                assert issue["description"] and issue["check_name"], issue
                assert issue["severity"] in GITLAB_SEVERITIES, issue
                assert issue["location"]["path"].startswith("tenders/"), issue
                assert issue["location"]["lines"]["begin"] >= 1, issue
            assert len({i["fingerprint"] for i in issues}) == len(issues)
        elif fmt == "junit":
            root = ET.fromstring(text)
            cases = list(root.iter("testcase"))
            assert root.tag == "testsuites" and cases
            assert (
                int(root.get("failures", "0"))
                == sum(c.find("failure") is not None for c in cases)
                > 0
            )
            assert any(c.find("skipped") is not None for c in cases)  # a rule that does not apply
        else:
            pytest.fail(f"no check for the {fmt} output of a README CI snippet")


def ci_commands(lines: list[str], folder: Path, env: dict[str, str]) -> tuple[dict[str, str], str]:
    """Run a CI job's pplint lines as printed, check its install lines' ref: files, stdout."""
    produced: dict[str, str] = {}
    stdout = ""
    for line in lines:
        if line.startswith("pip install"):
            ref = install_ref(line)
            assert ref_exists(ref), f"`{ref}` in `{line}` is not a branch, tag or commit here"
            continue
        assert line.startswith("pplint "), f"a README CI step no test runs: {line}"
        done = run(line, folder, env)
        assert done.returncode == 1, show(done)  # tenders/ holds the weak examples too
        names = outputs(line)
        check_outputs(names, folder)
        produced.update(names)
        stdout += done.stdout
    assert produced, "the CI snippet runs no pplint command"
    return produced, stdout


def github_workflow() -> dict[str, Any]:
    workflow: dict[str, Any] = yaml.safe_load(one_block("github").text)
    return workflow


def test_github_actions_snippet(folder: Path, shell_env: dict[str, str]) -> None:
    (job,) = github_workflow()["jobs"].values()
    steps = job["steps"]
    summary = folder / "summary.md"
    env = {**shell_env, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    produced, stdout = ci_commands([s["run"] for s in steps if "run" in s], folder, env)
    assert re.search(r"^::(error|warning) file=tenders/", stdout, re.MULTILINE), stdout
    assert summary.read_text(encoding="utf-8").strip(), "nothing appended to the step summary"
    (upload,) = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload")]
    assert upload["with"]["sarif_file"] == produced["sarif"]
    assert upload["if"] == "always()"  # pplint exits 1 on findings: upload them all the same


def test_gitlab_ci_snippet(folder: Path, shell_env: dict[str, str]) -> None:
    job = yaml.safe_load(one_block("gitlab").text)["pplint"]
    produced, _ = ci_commands(job["script"], folder, shell_env)
    artifacts = job["artifacts"]
    assert artifacts["when"] == "always"  # pplint exits 1 on findings: keep the reports
    assert artifacts["reports"] == {"codequality": produced["gitlab"], "junit": produced["junit"]}


def test_pre_commit_snippet_rev_exists() -> None:
    """The rev the snippet pins exists here (tests/test_precommit.py runs the snippet itself)."""
    (repo,) = yaml.safe_load(one_block("pre-commit").text)["repos"]
    assert ref_exists(str(repo["rev"])), f"rev `{repo['rev']}` is not a branch, tag or commit"


# -- development -------------------------------------------------------------------------------


def test_lint_and_type_check_pass(shell_env: dict[str, str]) -> None:
    done = run(command(LINT), REPO, shell_env)
    assert done.returncode == 0, show(done)


def test_golden_refresh_command_changes_nothing(tmp_path: Path, shell_env: dict[str, str]) -> None:
    """The refresh command runs the golden tests; on an up-to-date tree it rewrites nothing."""
    copy = copy_working_tree(tmp_path / "repo")
    done = run(command(UPDATE_GOLDEN), copy, shell_env)
    assert done.returncode == 0, show(done)
    assert golden_files(copy) == golden_files(REPO), "the golden files are out of date"


def golden_files(root: Path) -> dict[str, bytes]:
    golden = root / "tests" / "golden"
    return {str(p.relative_to(golden)): p.read_bytes() for p in golden.rglob("*") if p.is_file()}


# -- scanning the published record --------------------------------------------------------------


def test_scan_walkthrough_scans_a_daily_package_and_duckdb_answers(
    tmp_path: Path, shell_env: dict[str, str]
) -> None:
    """The walk-through on a stand-in for a TED daily package: a tar.gz of a folder of notices
    (the example notice under several names, and one broken file, as real packages can hold)."""
    import tarfile

    pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    day = tmp_path / "202500001"
    day.mkdir()
    notice = (REPO / "examples" / "notices" / "es-limpieza-cn16.xml").read_bytes()
    for number in range(1, 6):
        (day / f"0000{number}_2025.xml").write_bytes(notice)
    (day / "00006_2025.xml").write_bytes(notice[:500])  # cut short
    with tarfile.open(tmp_path / "202500001.tar.gz", "w:gz") as archive:
        archive.add(day, arcname="202500001")
    scanned = run(command(SCAN), tmp_path, shell_env)
    assert scanned.returncode == 0, show(scanned)
    assert "Scanned 6 documents in 6 files" in scanned.stderr, show(scanned)
    assert "1 unreadable" in scanned.stderr, show(scanned)
    assert re.search(r"^ES\s+5\s", scanned.stdout, re.MULTILINE), show(scanned)
    asked = run(command(DUCKDB), tmp_path, shell_env)
    assert asked.returncode == 0, show(asked)
    row = next(line for line in asked.stdout.splitlines() if "ES" in line)
    assert re.search(r"ES\W+5\W+70\.0\W+5\b", row), show(asked)
