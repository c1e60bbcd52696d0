"""CI output formats (SARIF, GitLab Code Quality, GitHub annotations, JUnit) on real engine runs."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from pplint.core.model import Finding, Severity, Waived
from pplint.engine import run as runner
from pplint.engine.checker import Engine
from pplint.engine.report import Report
from pplint.engine.results import FORMAT_RULES, FileResult, Settings
from pplint.output.formatters import get, github, gitlab, junit, sarif
from pplint.packs import rulepack

PACK = Path(__file__).resolve().parent / "data" / "ci-pack.yaml"
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"

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
  - id: C1
    section: specification
    text: Mops by AcmeSoft.
  - id: C2
    section: specification
    text: >
      Buckets by AcmeSoft,
      delivered weekly.
waivers:
  - {rule: TST-CI-BRAND, clause: C1, reason: "Sole supplier, 100%: see memo", approver: J. Doe}
"""
BROKEN = "pplint: 1\ntender: [\n"
NAME = "tenders/a.tender.yaml"


def make_report(files: dict[str, str]) -> Report:
    """Check tender texts with the test pack only, then fill model clauses as the CLI does."""
    rs = rulepack.load([PACK])
    settings = Settings()
    engine = Engine(rs, settings)
    results = [engine.check_bytes(text.encode("utf-8"), name) for name, text in files.items()]
    report = Report(results, rs)
    runner.fill_model_clauses(report, settings.params)
    return report


def moved(text: str) -> str:
    """The same tender with blank and comment lines inserted above the clauses."""
    return text.replace("clauses:\n", "\n\n# moved down\n\nclauses:\n", 1)


@pytest.fixture(scope="module")
def report() -> Report:
    return make_report({NAME: TENDER, "tenders/broken.tender.yaml": BROKEN})


def by_rule(items: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return {item[key]: item for item in items}


# -- SARIF -------------------------------------------------------------------------------------


def sarif_doc(rep: Report) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(sarif.render(rep))
    return doc


def test_sarif_validates_against_the_official_schema(report: Report) -> None:
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(sarif_doc(report)), key=str)
    assert not errors, [e.message for e in errors]


def test_sarif_rules_results_and_locations(report: Report) -> None:
    doc = sarif_doc(report)
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "pplint" and driver["version"]
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids) and set(ids) == {f.rule for f in report.findings}
    assert "TST-CI-NEVER" not in ids  # no finding, no descriptor
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not loc["artifactLocation"]["uri"].startswith("/")
        region = loc["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        assert (region["endLine"], region["endColumn"]) > (
            region["startLine"],
            region["startColumn"],
        )
        assert result["message"]["text"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {
        "TST-CI-PRICE": "error",
        "TST-CI-WEIGHT": "warning",
        "TST-CI-BRAND": "note",
        "FMT-SYNTAX": "error",
    }
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_sarif_rule_help_has_legal_basis_and_model_clause(report: Report) -> None:
    rules = by_rule(sarif_doc(report)["runs"][0]["tool"]["driver"]["rules"], "id")
    price = rules["TST-CI-PRICE"]
    rule = report.rule("TST-CI-PRICE")
    assert rule is not None and price["shortDescription"]["text"] == rule.title
    assert price["fullDescription"]["text"]
    assert price["defaultConfiguration"] == {"level": "error"}
    assert price["properties"]["tags"] == ["award", "procurement"]
    for key in ("text", "markdown"):
        help_text = price["help"][key]
        assert "https://eur-lex.europa.eu/eli/dir/2014/24/oj" in help_text
        assert "Cleaning services" in help_text  # the model clause rendered for this tender
    fmt = rules["FMT-SYNTAX"]
    assert FORMAT_RULES["FMT-SYNTAX"].lower() in fmt["shortDescription"]["text"].lower()
    assert fmt["help"]["text"] and fmt["properties"]["tags"] == ["format", "procurement"]


def test_sarif_fingerprints_survive_moved_lines() -> None:
    def prints(text: str) -> dict[tuple[str, str], tuple[str, int]]:
        run = sarif_doc(make_report({NAME: text}))["runs"][0]
        return {
            (r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]): (
                r["partialFingerprints"]["pplint/v1"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in run["results"]
        }

    before, after = prints(TENDER), prints(moved(TENDER))
    assert before.keys() == after.keys()
    assert {k: v[0] for k, v in before.items()} == {k: v[0] for k, v in after.items()}
    brand = ("TST-CI-BRAND", "clauses[1].text")
    assert after[brand][1] == before[brand][1] + 4  # the line moved, the fingerprint did not
    assert "primaryLocationLineHash" not in json.dumps(sarif_doc(make_report({NAME: TENDER})))


def test_sarif_waived_finding_has_a_suppression(report: Report) -> None:
    results = sarif_doc(report)["runs"][0]["results"]
    waived = [r for r in results if "suppressions" in r]
    assert len(waived) == 1 and waived[0]["ruleId"] == "TST-CI-BRAND"
    assert waived[0]["properties"]["clause"] == "C1"
    (sup,) = waived[0]["suppressions"]
    assert sup["status"] == "accepted" and sup["kind"] in ("inSource", "external")
    assert sup["justification"] == "Sole supplier, 100%: see memo"
    assert sup["properties"]["approver"] == "J. Doe"
    active = [r for r in results if r["ruleId"] == "TST-CI-BRAND" and "suppressions" not in r]
    assert active and active[0]["properties"]["clause"] == "C2"


def test_sarif_output_is_stable(report: Report) -> None:
    assert sarif.render(report) == sarif.render(report)
    assert get("sarif") is sarif.render


# -- GitLab Code Quality -----------------------------------------------------------------------


def test_gitlab_issues(report: Report) -> None:
    text = gitlab.render(report)
    assert not text.startswith("\ufeff")
    issues = json.loads(text)
    assert isinstance(issues, list) and len(issues) == len(report.active)
    for issue, finding in zip(issues, sorted(report.active), strict=True):
        assert issue["check_name"] == finding.rule
        assert issue["description"].startswith(f"{finding.rule}: ")
        assert issue["location"]["lines"]["begin"] == finding.line >= 1
        assert issue["location"]["path"] == finding.file
        assert len(issue["fingerprint"]) == 32
    severities = {i["check_name"]: i["severity"] for i in issues}
    assert severities == {
        "TST-CI-PRICE": "critical",
        "TST-CI-WEIGHT": "major",
        "TST-CI-BRAND": "minor",
        "FMT-SYNTAX": "blocker",
    }
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_gitlab_paths_are_relative_posix() -> None:
    rep = make_report(
        {"./tenders/a.tender.yaml": TENDER, str(Path.cwd() / "tenders" / "b.tender.yaml"): TENDER}
    )
    paths = {i["location"]["path"] for i in json.loads(gitlab.render(rep))}
    assert paths == {"tenders/a.tender.yaml", "tenders/b.tender.yaml"}


def test_gitlab_fingerprints_are_stable_and_unique() -> None:
    def prints(text: str) -> list[str]:
        issues = json.loads(gitlab.render(make_report({NAME: text})))
        return sorted(i["fingerprint"] for i in issues)

    assert prints(TENDER) == prints(moved(TENDER))
    twin = Finding(
        NAME, 3, 1, "FMT-SCHEMA", Severity.ERROR, "invalid", "format", "bad", path=("tender",)
    )
    rep = Report(
        [FileResult(NAME, findings=[twin, twin.with_changes(line=4)])], rulepack.load([PACK])
    )
    issues = json.loads(gitlab.render(rep))
    assert len(issues) == 2 and issues[0]["fingerprint"] != issues[1]["fingerprint"]
    key = f"FMT-SCHEMA\0{NAME}\0tender\0".encode()
    assert issues[0]["fingerprint"] == hashlib.md5(key, usedforsecurity=False).hexdigest()


# -- GitHub Actions ----------------------------------------------------------------------------


def test_github_escape_helpers() -> None:
    assert github.escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert github.escape_property("a:b,c%d\ne\rf") == "a%3Ab%2Cc%25d%0Ae%0Df"
    assert github.escape_property(12) == "12"
    assert github.escape_data("%0A") == "%250A"  # already-escaped text is escaped again


def finding(rule: str, severity: Severity, line: int, **extra: object) -> Finding:
    return Finding(NAME, line, 3, rule, severity, "violation", "award", "msg", **extra)  # type: ignore[arg-type]


def test_github_columns_only_on_one_line_ranges() -> None:
    one = github.annotation(finding("TST-A", Severity.ERROR, 5, end_line=5, end_column=9))
    assert one.startswith("::error file=tenders/a.tender.yaml,line=5,col=3,endLine=5,endColumn=9,")
    many = github.annotation(finding("TST-A", Severity.ERROR, 5, end_line=8, end_column=4))
    assert "line=5" in many and "endLine=8" in many
    assert "col=" not in many and "endColumn=" not in many
    unknown = github.annotation(finding("TST-A", Severity.WARNING, 5))
    assert unknown.startswith("::warning file=tenders/a.tender.yaml,line=5,col=3,title=")


def test_github_escapes_messages_and_titles() -> None:
    f = finding("TST-A", Severity.INFO, 2).with_changes(
        message="50%: a,\nb", kind="weak", reasons=("hedged",)
    )
    line = github.annotation(f)
    assert line == (
        "::notice file=tenders/a.tender.yaml,line=2,col=3,title=TST-A (weak)"
        "::50%25: a,%0Ab [hedged]"
    )
    assert "\n" not in line


def test_github_render_orders_by_severity_in_each_file(report: Report) -> None:
    """Files in name order as they finish (a streamed run prints each at once), errors first
    in each: runners show the first ten of each severity, the same ones as a global order."""
    lines = github.render(report).splitlines()
    commands = [line.split(" ", 1)[0] for line in lines[:-1]]
    assert commands == ["::error", "::warning", "::notice", "::error"]
    assert [line.split(",", 1)[0].split("=")[1] for line in lines[:-1]] == [NAME] * 3 + [
        "tenders/broken.tender.yaml"
    ]
    assert "title=TST-CI-PRICE (violation)" in lines[0]
    assert lines[-1].startswith("::notice::pplint: 4 findings") and "1 waived" in lines[-1]
    assert not any("clauses[0]" in line or "line=14," in line for line in lines)  # waived


def test_github_step_summary(report: Report) -> None:
    f = finding("TST-A", Severity.ERROR, 2).with_changes(message="a | b")
    waived = f.with_changes(line=3, waiver=Waived("ok"))
    rep = Report([FileResult(NAME, findings=[f, waived])], rulepack.load([PACK]))
    text = github.step_summary(rep)
    assert text.startswith("## pplint")
    assert "| Severity | Rule | File:line | Message |" in text
    assert f"| error | TST-A | {NAME}:2 | a \\| b |" in text
    assert "1 waived" in text and f"{NAME}:3" not in text
    full = github.step_summary(report)
    assert "4 findings" in full and full.count("\n| ") == 2 + 4


# -- JUnit -------------------------------------------------------------------------------------


def test_junit_matrix(report: Report) -> None:
    text = junit.render(report)
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites" and root.get("name") == "pplint"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {NAME, "tenders/broken.tender.yaml"}
    suite = suites[NAME]
    cases = {c.get("name", "").split(" ")[0]: c for c in suite.iter("testcase")}
    names = [c.get("name") for c in suite.iter("testcase")]
    assert len(names) == len(set(names))
    assert all(
        c.get("classname") == "tenders/a" and c.get("file") == NAME for c in suite.iter("testcase")
    )
    assert cases["TST-CI-NEVER"].find("skipped") is not None
    price = cases["TST-CI-PRICE"].find("failure")
    assert price is not None and price.get("type") == "violation" and "77.8%" in (price.text or "")
    brand = cases["TST-CI-BRAND"]
    assert brand.find("failure") is not None  # C2 is active
    assert "Sole supplier" in (brand.findtext("system-out") or "")  # C1 is waived
    assert suite.get("tests") == "4" and suite.get("skipped") == "1"
    assert suite.get("failures") == "3"
    broken = list(suites["tenders/broken.tender.yaml"].iter("testcase"))
    assert [c.get("name", "").split(" ")[0] for c in broken] == ["FMT-SYNTAX"]
    assert broken[0].find("error") is not None or broken[0].find("failure") is not None
    assert root.get("tests") == "5" and root.get("skipped") == "1"


def test_junit_waived_only_passes_and_escapes() -> None:
    text = (
        TENDER.replace("Buckets by AcmeSoft", "Buckets of any make")
        .replace("weight: 70", "weight: 40")
        .replace("weight: 20", "weight: 60")
        .replace('"Sole supplier, 100%: see memo"', "'Sole <supplier> & \"co\"'")
    )
    root = ET.fromstring(junit.render(make_report({NAME: text})).encode("utf-8"))
    cases = {c.get("name", "").split(" ")[0]: c for c in root.iter("testcase")}
    brand = cases["TST-CI-BRAND"]
    assert brand.find("failure") is None and brand.find("error") is None
    assert 'Sole <supplier> & "co"' in (brand.findtext("system-out") or "")
    assert root.get("failures") == "0" and root.get("errors") == "0"


def test_junit_escapes_characters_xml_cannot_carry() -> None:
    bad = Finding(NAME, 1, 1, "FMT-SCHEMA", Severity.ERROR, "invalid", "format", "bell \x07 here")
    rep = Report([FileResult(NAME, findings=[bad])], rulepack.load([PACK]))
    root = ET.fromstring(junit.render(rep).encode("utf-8"))
    error = root.find("testsuite/testcase/error")
    assert error is not None and error.get("message") == "bell \\x07 here"


def gitlab_cases(text: str) -> list[dict[str, str | None]]:
    """The test cases GitLab's parser (lib/gitlab/ci/parsers/test/junit.rb) reads from a report:
    test cases under the top `testsuites` and under every `testsuite`, nested or not."""
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    out: list[dict[str, str | None]] = []

    def cases(node: ET.Element) -> None:
        for case in node.findall("testcase"):
            status = next(
                (
                    status
                    for tag, status in (
                        ("failure", "failed"),
                        ("error", "error"),
                        ("skipped", "skipped"),
                    )
                    if case.find(tag) is not None
                ),
                "success",
            )
            output = case.find({"failed": "failure", "error": "error"}.get(status, "-"))
            out.append(
                {
                    "suite_name": node.get("name"),
                    "classname": case.get("classname"),
                    "name": case.get("name"),
                    "file": case.get("file"),
                    "status": status,
                    "system_output": None if output is None else output.text,
                }
            )
        for suite in node.findall("testsuite"):
            cases(suite)

    cases(root)
    return out


def test_junit_carries_what_gitlab_reads(report: Report) -> None:
    cases = {
        (c["file"], (c["name"] or "").split(" ")[0]): c for c in gitlab_cases(junit.render(report))
    }
    broken = "tenders/broken.tender.yaml"
    assert {key: c["status"] for key, c in cases.items()} == {
        (NAME, "TST-CI-PRICE"): "failed",
        (NAME, "TST-CI-WEIGHT"): "failed",
        (NAME, "TST-CI-BRAND"): "failed",
        (NAME, "TST-CI-NEVER"): "skipped",
        (broken, "FMT-SYNTAX"): "error",
    }
    price = cases[(NAME, "TST-CI-PRICE")]
    assert price["suite_name"] == NAME and price["classname"] == "tenders/a"
    assert "Price weighs 77.8%" in (price["system_output"] or "")
    assert "YAML" in (cases[(broken, "FMT-SYNTAX")]["system_output"] or "")


def test_junit_jenkins_flavour_has_no_file_and_no_root_skipped(report: Report) -> None:
    root = ET.fromstring(get("junit-jenkins")(report).encode("utf-8"))
    assert root.get("skipped") is None and root.get("tests") == "5"
    assert all(c.get("file") is None for c in root.iter("testcase"))
    skipped = [c.find("skipped") for c in root.iter("testcase") if c.find("skipped") is not None]
    assert [(s.text, s.attrib) for s in skipped if s is not None] == [
        ("rule does not apply to this tender", {})
    ]


def test_fingerprints_are_those_of_earlier_versions() -> None:
    """Identical findings are salted `identity\\0N`, a salt taken by another identity skipped."""
    base = Finding(
        NAME,
        3,
        1,
        "FMT-SCHEMA",
        Severity.ERROR,
        "invalid",
        "format",
        "bad",
        path=("tender",),
        clause="X",
    )
    other = base.with_changes(clause="X\x001")  # its identity is base's first salted one
    root = Path.cwd()
    got = sarif.unique_hashes([other, base, base, base], hashlib.sha256, root)
    key = f"FMT-SCHEMA\0{NAME}\0tender\0X"
    assert got == [
        hashlib.sha256(f"{key}\0{n}".encode()).hexdigest()
        if n
        else hashlib.sha256(key.encode()).hexdigest()
        for n in (1, 0, 2, 3)
    ]
