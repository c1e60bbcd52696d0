"""The SARIF of every example tender validates against the official SARIF 2.1.0 schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from pplint.cli.main import main

from conftest import DATA, REPO

SCHEMA_FILE = DATA / "sarif-schema-2.1.0.json"  # the official OASIS schema, vendored
EXAMPLES = sorted((REPO / "examples").rglob("*.tender.yaml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_sarif_is_valid(
    example: Path, validator: jsonschema.Draft4Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(
        main, ["check", example.relative_to(REPO).as_posix(), "--no-config", "--format", "sarif"]
    )
    assert result.exit_code in (0, 1), result.output
    sarif = json.loads(result.output)
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    run = sarif["runs"][0]
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    for res in run["results"]:
        assert res["ruleId"] in rule_ids
        assert res["partialFingerprints"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    for rule in run["tool"]["driver"]["rules"]:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"].strip(), (rule["id"], key)
        assert "markdown" in rule["help"]


def test_waived_finding_carries_its_justification(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(
        main,
        ["check", "examples/bad/cloud-hosting.tender.yaml", "--no-config", "--format", "sarif"],
    )
    results = json.loads(result.output)["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert suppressed
    assert suppressed[0]["suppressions"][0]["justification"].strip()
