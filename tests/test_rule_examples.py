"""Every example of every shipped rule (and refinement) passes: the packs test themselves."""

from __future__ import annotations

import pytest

from pplint import rulepack, selftest
from pplint.classify import Classifier

RS = rulepack.load([rulepack.shipped_dir()], enabled=["optional"])
CLASSIFIER = Classifier(RS)
RULES = RS.rule_list()


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_rule_examples(rule_id: str) -> None:
    results = selftest.run_rule(RS, RS.rules[rule_id], CLASSIFIER)
    failures = [f"{r.label} [{r.source}]: {r.problem}" for r in results if not r.ok]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_rule_has_pass_and_fail_examples(rule_id: str) -> None:
    rule = RS.rules[rule_id]
    expects = {e["expect"] for e in rule.examples}
    assert expects == {"pass", "fail"}
    assert rule.legal_basis and {"en", "es"} <= set(rule.model_clause)


def test_catalogue_ids_are_all_present() -> None:
    prefixes = {"SOC": 17, "ENV": 17, "ETH": 7, "DIG": 16, "INN": 9, "GOV": 3}
    core = [r for r in RULES if r.pack != "optional"]
    for prefix, count in prefixes.items():
        assert len([r for r in core if r.id.startswith(prefix + "-")]) == count, prefix
    optional = {r.id for r in RULES if r.pack == "optional"}
    assert optional == {"SOC-LAB-006", "SOC-ETH-002", "ETH-TRD-001", "DIG-AI-001",
                        "DIG-TRN-001", "INN-VAR-001"}
