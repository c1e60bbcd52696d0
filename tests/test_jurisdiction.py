"""National and city packs apply only in their jurisdiction, and only tighten the baseline."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from pplint.core.rules import RuleSet
from pplint.engine.checker import Engine
from pplint.engine.results import FileResult
from pplint.packs import rulepack

from conftest import REPO

RS = rulepack.load([rulepack.shipped_dir()])
ENGINE = Engine(RS)

WEAK_ES = """\
pplint: 1
tender:
  id: EXP-2027-1
  title: Servicio de limpieza de edificios municipales
  buyer: {name: Ayuntamiento de Ejemplo, country: ES}
  language: es
  nature: services
  cpv: ["90911200"]
  estimated_value: {amount: 6000000, currency: EUR}
  duration_months: 24
award_criteria:
  - {id: AC-1, name: Precio, type: price, weight: 100, scoring: Fórmula lineal sobre el precio}
clauses:
  - id: C-1
    section: obligation
    text: La empresa abonará a los subcontratistas en un plazo de 60 días.
"""


def run(text: str, **tender: Any) -> FileResult:
    data = yaml.safe_load(text)
    data["tender"].update(tender)
    return ENGINE.check_bytes(yaml.safe_dump(data, allow_unicode=True).encode(), "t.tender.yaml")


def packs_of(result: FileResult, rs: RuleSet = RS) -> set[str]:
    return {rs.rules[f.rule].pack for f in result.findings if f.rule in rs.rules}


def test_spanish_law_applies_in_spain() -> None:
    result = run(WEAK_ES)
    by_rule = {f.rule: f for f in result.findings}
    assert by_rule["GOV-STR-001"].severity.label == "error"  # art. 202.1: a condition is due
    assert by_rule["SOC-SUB-002"].severity.label == "error"  # art. 217 above 5M


def test_a_tender_from_portugal_gets_no_spanish_law_finding() -> None:
    portugal = {"name": "Câmara Municipal de Exemplo", "country": "PT"}
    result = run(WEAK_ES, buyer=portugal)
    assert "es-lcsp" not in packs_of(result)
    # the Spanish and Barcelona packs change nothing at all for a Portuguese tender
    baseline_only = rulepack.load(
        [
            p
            for p in rulepack.pack_files([rulepack.shipped_dir()])
            if not p.name.startswith(("50-", "60-"))
        ]
    )
    data = yaml.safe_load(WEAK_ES)
    data["tender"]["buyer"] = portugal
    raw = yaml.safe_dump(data, allow_unicode=True).encode()
    expected = Engine(baseline_only).check_bytes(raw, "t.tender.yaml")
    assert [(f.rule, f.severity, f.message) for f in result.findings] == [
        (f.rule, f.severity, f.message) for f in expected.findings
    ]
    spanish = {f.rule: f.severity for f in run(WEAK_ES).findings}
    assert any(spanish[f.rule] > f.severity for f in result.findings if f.rule in spanish)


@pytest.mark.parametrize("city", ["Madrid", "Girona"])
def test_barcelona_numbers_apply_only_in_barcelona(city: str) -> None:
    text = (REPO / "examples" / "good" / "school-catering.tender.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert data["tender"]["buyer"]["city"] == "Barcelona"
    facts_rules = [
        r for r in RS.rule_list() if any(ref.pack == "es-barcelona" for ref in r.refinements)
    ]
    assert facts_rules, "the Barcelona pack refines baseline rules"
    data["tender"]["buyer"]["city"] = city
    result = ENGINE.check_bytes(yaml.safe_dump(data, allow_unicode=True).encode(), "t.yaml")
    assert [f for f in result.findings if f.kind in ("missing", "weak")] == []
