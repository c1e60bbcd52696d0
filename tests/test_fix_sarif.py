"""Fixes in SARIF (`fixes[].artifactChanges[].replacements`, valid against the official schema)
and "fix available" at the end of GitHub annotations; only the formats that show fixes pay
for computing them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from pplint.cli.main import main
from pplint.fix.textedit import Text
from pplint.load.source import load_text

from conftest import DATA, REPO

SCHEMA = DATA / "sarif-schema-2.1.0.json"  # the official OASIS schema, vendored
SHARED_SCHEMA = REPO.parent / "shared" / "data" / "sarif-schema-2.1.0.json"
FURNITURE = "examples/bad/furniture.tender.yaml"


def sarif(path: str, *extra: str) -> dict[str, Any]:
    done = CliRunner().invoke(main, ["check", path, "--no-config", "--format", "sarif", *extra])
    assert done.exit_code in (0, 1), done.output
    doc: dict[str, Any] = json.loads(done.output)
    return doc


def replacements(result: dict[str, Any]) -> list[dict[str, Any]]:
    (change,) = result["fixes"][0]["artifactChanges"]
    found: list[dict[str, Any]] = change["replacements"]
    return found


def apply(text: str, replaced: list[dict[str, Any]]) -> str:
    """A SARIF fix's replacements made on the text (regions of the original, last first)."""
    lines = Text(text)
    spans = []
    for r in replaced:
        region = r["deletedRegion"]
        start = lines.offset(region["startLine"], region["startColumn"])
        end = lines.offset(region["endLine"], region["endColumn"])
        spans.append((start, end, r["insertedContent"]["text"]))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


@pytest.fixture(scope="module")
def furniture(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("sarif")
    shutil.copy(REPO / FURNITURE, folder / "furniture.tender.yaml")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        return sarif("furniture.tender.yaml")


@pytest.mark.parametrize("schema", [SCHEMA, SHARED_SCHEMA], ids=["vendored", "shared"])
def test_sarif_with_fixes_validates_against_the_official_schema(
    furniture: dict[str, Any], schema: Path
) -> None:
    if not schema.exists():
        pytest.skip(f"needs {schema} (the shared data beside the checkout)")
    validator = jsonschema.Draft4Validator(json.loads(schema.read_text(encoding="utf-8")))
    errors = sorted(validator.iter_errors(furniture), key=str)
    assert not errors, [e.message for e in errors[:5]]
    assert any("fixes" in r for r in furniture["runs"][0]["results"])


def test_each_fix_names_its_tier_and_the_results_file(furniture: dict[str, Any]) -> None:
    results = furniture["runs"][0]["results"]
    fixed = {r["ruleId"]: r for r in results if "fixes" in r}
    assert set(fixed) == {"DIG-STD-002", "ENV-LBL-001", "SOC-SUB-001", "SOC-SUB-002"}
    for rule, result in fixed.items():
        (fix,) = result["fixes"]
        (change,) = fix["artifactChanges"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert change["artifactLocation"] == location
        tier = "Safe fix: " if rule in ("DIG-STD-002", "ENV-LBL-001") else "Review fix "
        assert fix["description"]["text"].startswith(tier), fix["description"]
    insert = replacements(fixed["ENV-LBL-001"])[0]
    assert insert["insertedContent"]["text"] == " or equivalent"
    region = insert["deletedRegion"]
    assert (region["startLine"], region["startColumn"]) == (region["endLine"], region["endColumn"])
    assert not any("fixes" in r for r in results if r["ruleId"] in ("SOC-SME-003", "GOV-CPC-001"))


def test_a_fix_made_from_sarif_alone_loads_and_adds_what_it_says(furniture: dict[str, Any]) -> None:
    original = (REPO / FURNITURE).read_text(encoding="utf-8")
    before = load_text(original, "x").data
    for result in furniture["runs"][0]["results"]:
        if "fixes" not in result:
            continue
        after = load_text(apply(original, replacements(result)), "x").data
        if result["ruleId"].startswith("SOC-SUB"):
            assert after["clauses"][:-1] == before["clauses"]
            added = after["clauses"][-1]
            assert added["id"] == f"PPLINT-{result['ruleId']}"
            assert added["topics"] == [result["ruleId"]]
        else:
            assert len(after["clauses"]) == len(before["clauses"])
            assert after != before


def test_sarif_offers_what_fix_would_apply_and_no_fix_for_a_waived_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(REPO / "examples/bad/cloud-hosting.tender.yaml", tmp_path / "c.tender.yaml")
    monkeypatch.chdir(tmp_path)
    results = sarif("c.tender.yaml")["runs"][0]["results"]
    with_fix = {r["ruleId"] for r in results if "fixes" in r}
    assert with_fix == {"DIG-STD-002", "ENV-CPC-001", "ENV-DC-001", "SOC-GEN-001", "SOC-SUB-002"}
    waived = [r for r in results if r.get("suppressions")]
    assert waived and not any("fixes" in r for r in waived)


def test_github_annotations_say_a_fix_is_available(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(REPO / FURNITURE, tmp_path / "f.tender.yaml")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(main, ["check", "f.tender.yaml", "--no-config", "--format", "github"])
    lines = {
        line.split("title=", 1)[1].split(" ", 1)[0]: line
        for line in done.output.splitlines()
        if "title=" in line
    }
    assert lines["DIG-STD-002"].endswith(" (fix available: pplint fix)")
    assert lines["SOC-SUB-001"].endswith(" (review fix available: pplint fix --review-fixes)")
    assert "fix available" not in lines["SOC-SME-003"]


def test_annotations_say_it_in_the_tenders_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(REPO / "examples/bad/road-works.tender.yaml", tmp_path / "r.tender.yaml")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(main, ["check", "r.tender.yaml", "--no-config", "--format", "github"])
    assert "(corrección disponible: pplint fix)" in done.output
    assert "(corrección para revisar disponible: pplint fix --review-fixes)" in done.output


def test_formats_that_show_no_fix_do_not_compute_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pplint.fix.plan as plan

    shutil.copy(REPO / FURNITURE, tmp_path / "f.tender.yaml")
    monkeypatch.chdir(tmp_path)
    calls: list[str] = []
    real = plan.Planner.plan

    def counted(self: plan.Planner, raw: bytes, name: str, **kw: Any) -> Any:
        calls.append(name)
        return real(self, raw, name, **kw)

    monkeypatch.setattr(plan.Planner, "plan", counted)
    for fmt in ("text", "json", "gitlab", "junit", "markdown"):
        CliRunner().invoke(main, ["check", "f.tender.yaml", "--no-config", "--format", fmt])
    assert calls == []
    CliRunner().invoke(main, ["check", "f.tender.yaml", "--no-config", "--format", "sarif"])
    assert calls == ["f.tender.yaml"]


def test_a_file_gone_since_the_check_gets_no_fix_and_no_error() -> None:
    from pplint.output.formatters import github
    from pplint.output.formatters import sarif as sarif_fmt
    from test_formatters_ci import TENDER, make_report

    report = make_report({"no/such/file.tender.yaml": TENDER})
    doc = json.loads(sarif_fmt.render(report))
    assert doc["runs"][0]["results"] and not any("fixes" in r for r in doc["runs"][0]["results"])
    assert "fix available" not in github.render(report)
