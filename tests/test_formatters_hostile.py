"""Output formats on hostile tenders: odd file names, control characters, many or huge findings.

Reports are built in-process from engine results; anything that could hang runs in a
subprocess with a generous timeout as a hang guard.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
from rich.console import Console

from pplint.engine import run as runner
from pplint.engine.checker import Engine
from pplint.engine.report import Report
from pplint.engine.results import Settings
from pplint.output.formatters import FORMATS, get, github
from pplint.output.formatters.pretty import render as pretty
from pplint.packs import rulepack

from conftest import DATA, REPO

PACK = DATA / "ci-pack.yaml"
HANG_GUARD = 120  # seconds; a correct run takes a few
TENDER = """\
pplint: 1
tender:
  id: T-1
  title: Cleaning services
  buyer: {name: City, country: FR}
  nature: services
  cpv: ["90910000"]
award_criteria:
  - {id: AC-1, name: Price, type: price, weight: 70, scoring: lowest price}
  - {id: AC-2, name: Quality, type: quality, weight: 20, scoring: 20 points for a plan}
clauses:
  - {id: C1, section: specification, text: Mops by AcmeSoft.}
"""
ESC = '"\\x1b[31mRED\\x1b]0;title\\x07\\ncut\\r\\u202e"'  # YAML escapes: ANSI, OSC, newline, bidi
HOSTILE = TENDER.replace("  nature: services\n", f"  nature: services\n  {ESC}: 1\n")
ALIEN = "caf\udce9.tender.yaml"  # os.fsdecode(b"caf\xe9.tender.yaml"): not UTF-8
RAW = ("\x1b", "\x07", "\r", "\u202e")  # what must never reach a terminal from a tender


def make_report(files: dict[str, str], root: Path | None = None) -> Report:
    """Check tender texts with the CI test pack, then fill model clauses as the CLI does."""
    rs = rulepack.load([PACK])
    settings = Settings()
    engine = Engine(rs, settings)
    results = [engine.check_bytes(text.encode("utf-8"), name) for name, text in files.items()]
    report = Report(results, rs) if root is None else Report(results, rs, root=root)
    runner.fill_model_clauses(report, settings.params)
    return report


def plain(renderable: Any) -> str:
    """What the pretty format writes, without any styling of its own."""
    out = io.StringIO()
    Console(file=out, color_system=None, force_terminal=False, width=200).print(renderable)
    return out.getvalue()


def sarif_errors(text: str) -> list[str]:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(json.loads(text))]


# -- file names that are not UTF-8 ---------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_file_name_that_is_not_utf8_is_shown_in_every_format(fmt: str) -> None:
    text = get(fmt)(make_report({ALIEN: TENDER}))
    text.encode("utf-8")  # strict: valid UTF-8, nothing undecodable left
    if fmt == "sarif":
        uris = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(text)["runs"][0]["results"]
        }
        assert uris == {"caf%E9.tender.yaml"}  # the real byte, percent-encoded
        assert not sarif_errors(text)
    else:
        assert "caf\\xe9" in text.replace("\\\\", "\\")  # the byte, visible, in JSON or not


def test_pretty_shows_a_file_name_that_is_not_utf8() -> None:
    out = plain(pretty(make_report({ALIEN: TENDER})))
    out.encode("utf-8")
    assert out.splitlines()[0] == "caf\\xe9.tender.yaml"


def test_invisible_characters_get_visible_escapes() -> None:
    from pplint.output.formatters.common import visible

    text = "a\x1b[0m\n\t\x7f\x85\u202e\u2028\udce9\ud800\ufffe é ✓"
    assert visible(text) == "a\\x1b[0m\\n\\t\\x7f\\u0085\\u202e\\u2028\\xe9\\ud800\\ufffe é ✓"
    assert visible("a\nb\x1b", keep="\n") == "a\nb\\x1b"


def test_display_names_are_lossless() -> None:
    from pplint.output.formatters.common import display_name

    names = ["caf\udce9.t", "caf\\xe9.t", "café.t", "caf\x85.t", "caf\udc85.t", "a\nb", "a\\nb"]
    shown = [display_name(n) for n in names]
    assert len(set(shown)) == len(names), shown
    assert display_name("tenders/a b.tender.yaml") == "tenders/a b.tender.yaml"


def test_a_lone_surrogate_in_a_message_keeps_json_outputs_valid() -> None:
    report = make_report({"t.tender.yaml": TENDER})
    for result in report.results:
        result.findings = [f.with_changes(message=f"{f.message} \ud800") for f in result.findings]
    for fmt in ("json", "sarif", "gitlab"):
        text = get(fmt)(report)
        text.encode("utf-8")
        assert "\\\\ud800" in text and json.loads(text)


# -- control characters from keys and file names ---------------------------------------------


def test_text_escapes_control_characters_and_stays_one_line_per_finding() -> None:
    report = make_report({"odd\n\x1b[2Jname.tender.yaml": HOSTILE})
    out = get("text")(report)
    assert not any(char in out for char in RAW)
    lines = out.splitlines()
    assert len(lines) == len(report.active)
    assert all(line.startswith("odd\\n\\x1b[2Jname.tender.yaml:") for line in lines)
    schema = next(line for line in lines if " FMT-SCHEMA " in line)
    assert "\\x1b[31mRED\\x1b]0;title\\x07\\ncut\\r\\u202e" in schema


def test_pretty_escapes_control_characters() -> None:
    out = plain(pretty(make_report({"odd\x1b[2J.tender.yaml": HOSTILE}), show_clauses=True))
    assert not any(char in out for char in RAW)
    assert "odd\\x1b[2J.tender.yaml" in out and "\\x1b[31mRED" in out


def test_github_escapes_control_characters() -> None:
    report = make_report({"odd\x1b[2J.tender.yaml": HOSTILE})
    commands, summary = get("github")(report), github.step_summary(report)
    for out in (commands, summary):
        assert not any(char in out for char in RAW)
    assert "\\x1b[31mRED" in commands and "file=odd\\x1b[2J.tender.yaml," in commands
    assert all(line.startswith("::") for line in commands.splitlines())
    assert "| odd\\\\x1b[2J.tender.yaml:7 |" in summary  # Markdown doubles the backslash


@pytest.mark.parametrize("fmt", ["junit", "junit-jenkins"])
def test_junit_escapes_control_characters_visibly(fmt: str) -> None:
    text = get(fmt)(make_report({"odd\x1b.tender.yaml": HOSTILE}))
    root = ET.fromstring(text.encode("utf-8"))
    error = root.find("testsuite/testcase/error")
    assert error is not None
    assert "\\x1b[31mRED\\x1b]0;title\\x07\\ncut\\r\\u202e" in error.get("message", "")
    assert "\\x1b[31mRED" in (error.text or "")
    assert root.find("testsuite").get("name") == "odd\\x1b.tender.yaml"  # type: ignore[union-attr]


def test_json_keeps_the_key_but_stays_valid() -> None:
    out = get("json")(make_report({"odd\x1b.tender.yaml": HOSTILE}))
    data = json.loads(out)
    schema = next(f for f in data["findings"] if f["rule"] == "FMT-SCHEMA")
    assert "\x1b[31mRED\x1b]0;title\x07\ncut\r\u202e" in schema["message"]  # lossless in JSON
    assert data["findings"][0]["file"] == "odd\\x1b.tender.yaml"


# -- JUnit for each consumer ----------------------------------------------------------------


@pytest.mark.parametrize("xsd", ["junit-10.xsd", "jenkins-junit.xsd"])
def test_the_jenkins_flavour_is_valid_against_the_jenkins_schemas(xsd: str) -> None:
    broken = "pplint: 1\ntender: [\n"
    report = make_report(
        {"tenders/a.tender.yaml": TENDER, ALIEN: HOSTILE, "tenders/broken.tender.yaml": broken}
    )
    schema = xmlschema.XMLSchema(str(DATA / xsd))
    errors = [e.reason for e in schema.iter_errors(get("junit-jenkins")(report))]
    assert not errors


def test_gitlab_reads_the_real_file_and_no_injected_attachment() -> None:
    memo = TENDER.replace(
        "clauses:",
        "waivers:\n  - {rule: TST-CI-BRAND, clause: C1, reason: "
        "'see [[ATTACHMENT|../../etc/passwd]]'}\nclauses:",
    )
    memo = memo.replace(
        "AcmeSoft.}", "AcmeSoft.}\n  - {id: C2, section: specification, text: Buckets by AcmeSoft.}"
    )
    root = ET.fromstring(get("junit")(make_report({ALIEN: memo})).encode("utf-8"))
    cases = list(root.iter("testcase"))
    assert cases and {c.get("file") for c in cases} == {"caf\\xe9.tender.yaml"}
    brand = next(c for c in cases if (c.get("name") or "").startswith("TST-CI-BRAND"))
    assert brand.find("failure") is not None  # C2; GitLab reads attachments of failures
    out = brand.findtext("system-out") or ""
    assert "../../etc/passwd" in out and "[[ATTACHMENT|" not in out


# -- paths relative to the repository root ------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git work tree with the current folder in a subfolder of it."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    return tmp_path


def test_the_root_is_the_nearest_git_work_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pplint.engine.report import find_root

    (tmp_path / "wt" / "a" / "b").mkdir(parents=True)
    (tmp_path / "wt" / ".git").write_text("gitdir: /elsewhere\n", encoding="utf-8")  # worktree
    assert find_root(tmp_path / "wt" / "a" / "b") == tmp_path / "wt"
    (tmp_path / "plain").mkdir()
    assert find_root(tmp_path / "plain") == tmp_path / "plain"  # no git: the folder itself
    monkeypatch.chdir(tmp_path / "wt" / "a")
    assert Report([], rulepack.load([PACK])).root == tmp_path / "wt"
    assert Report([], rulepack.load([PACK]), root=Path("b")).root == tmp_path / "wt" / "a" / "b"


def test_sarif_uris_are_relative_to_the_repository_root(repo: Path) -> None:
    outside = repo.parent / "elsewhere.tender.yaml"
    text = get("sarif")(
        make_report(
            {"a.tender.yaml": TENDER, str(outside): TENDER, "../../x y.tender.yaml": TENDER}
        )
    )
    run = json.loads(text)["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": repo.as_uri() + "/"}}
    where = {
        json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"], sort_keys=True)
        for r in run["results"]
    }
    assert where == {
        json.dumps({"uri": "sub/a.tender.yaml", "uriBaseId": "%SRCROOT%"}, sort_keys=True),
        json.dumps({"uri": outside.as_uri()}),
        json.dumps({"uri": (repo.parent / "x y.tender.yaml").as_uri()}),
    }
    assert not sarif_errors(text)


def test_an_explicit_root_wins(repo: Path) -> None:
    run = json.loads(get("sarif")(make_report({"a.tender.yaml": TENDER}, root=repo / "sub")))[
        "runs"
    ][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (repo / "sub").as_uri() + "/"
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert uris == {"a.tender.yaml"}


def test_ci_formats_give_paths_from_the_repository_root(repo: Path) -> None:
    report = make_report({"a.tender.yaml": TENDER})
    assert {i["location"]["path"] for i in json.loads(get("gitlab")(report))} == {
        "sub/a.tender.yaml"
    }
    annotations = get("github")(report).splitlines()[:-1]
    assert annotations and all(" file=sub/a.tender.yaml," in line for line in annotations)
    cases = ET.fromstring(get("junit")(report).encode("utf-8")).iter("testcase")
    assert {(c.get("file"), c.get("classname")) for c in cases} == {("sub/a.tender.yaml", "sub/a")}
    assert get("text")(report).startswith("a.tender.yaml:")  # human formats: as given


# -- many findings, huge findings ----------------------------------------------------------------


def test_many_identical_findings_get_unique_fingerprints_in_linear_time(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import json, sys
        sys.path.insert(0, {str(REPO / "tests")!r})
        from pathlib import Path
        from pplint.packs import rulepack
        from pplint.engine.checker import Engine
        from pplint.output.formatters import get
        from pplint.engine.report import Report
        text = {TENDER!r}.replace("  nature", "  dup: 1\\n  dup: 2\\n  nature")
        rs = rulepack.load([Path({str(PACK)!r})])
        result = Engine(rs).check_bytes(text.encode(), "t.tender.yaml")
        dup = next(f for f in result.findings if f.rule == "FMT-DUPLICATE-KEY")
        result.findings = [dup] * 20000  # as many as a tender with 20,000 duplicate keys gives
        report = Report([result], rs)
        sarif = json.loads(get("sarif")(report))["runs"][0]["results"]
        gitlab = json.loads(get("gitlab")(report))
        print(len({{r["partialFingerprints"]["pplint/v1"] for r in sarif}}),
              len({{i["fingerprint"] for i in gitlab}}))
    """)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["20000", "20000"]


def test_many_findings_under_one_huge_key_do_not_repeat_it_in_full() -> None:
    key = "k" * 100_000  # an explicit key (`? key`) may be longer than 1024 characters
    text = TENDER + f"? {key}\n:\n" + "  a: 1\n" * 300  # 299 duplicate keys under it
    report = make_report({"t.tender.yaml": text})
    assert len([f for f in report.active if key in f.path_str]) >= 299
    for fmt in sorted(FORMATS):
        assert len(get(fmt)(report)) < 100 * len(text), fmt  # today: 300 copies of the key
    assert len(plain(pretty(report))) < 100 * len(text)


def test_a_huge_key_gives_lines_of_bounded_length() -> None:
    key = "k" * 300_000  # an explicit key (`? key`) may be longer than 1024 characters
    text = TENDER.replace("  nature", f"  ? {key}\n  : 1\n  nature")
    report = make_report({"t.tender.yaml": text})
    assert any(key in f.path_str and key in f.message for f in report.active)
    outputs = [
        get("text")(report),
        plain(pretty(report)),
        get("junit")(report),
        get("junit-jenkins")(report),
        get("github")(report),
        github.step_summary(report),
    ]
    for out in outputs:
        assert max(len(line) for line in out.splitlines()) < 10_000
    for fmt in ("json", "sarif", "gitlab"):
        assert len(get(fmt)(report)) < 100_000


def test_the_step_summary_stays_under_one_mebibyte() -> None:
    clauses = "".join(
        f"  - {{id: X{i}, section: specification, text: Mops by AcmeSoft.}}\n" for i in range(1200)
    )
    deep = "/".join(["folder"] * 150) + "/t.tender.yaml"  # a long path, well under PATH_MAX
    report = make_report({deep: TENDER + clauses})
    assert len(report.active) > 1000
    summary = github.step_summary(report)
    assert len(summary.encode("utf-8")) < 1024 * 1024
    assert summary.rstrip().endswith("more (see the full report).")
