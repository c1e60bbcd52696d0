"""Every example of every shipped rule (and refinement) passes: the packs test themselves."""

from __future__ import annotations

import pytest

from pplint.analysis.classify import Classifier
from pplint.engine import selftest
from pplint.packs import rulepack

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
    # one rule per requirement of the catalogue (69), plus checks an expert review asked for:
    # INN-AWD-006 (award criteria scoring the bidder), DIG-GDPR-004 (undeclared personal data)
    # and GOV-CPC-002 (performance conditions proved only by a declaration)
    prefixes = {"SOC": 17, "ENV": 17, "ETH": 7, "DIG": 17, "INN": 10, "GOV": 4}
    core = [r for r in RULES if r.pack != "optional"]
    for prefix, count in prefixes.items():
        assert len([r for r in core if r.id.startswith(prefix + "-")]) == count, prefix
    optional = {r.id for r in RULES if r.pack == "optional"}
    assert optional == {
        "SOC-LAB-006",
        "SOC-ETH-002",
        "ETH-TRD-001",
        "DIG-AI-001",
        "DIG-TRN-001",
        "INN-VAR-001",
    }


def _reasons_a_rule_can_report(rule_check: str, options: dict[str, object]) -> set[str]:
    """The weakness reasons a rule's check kind and options make possible."""
    out: set[str] = set()
    if rule_check == "weak":
        if options.get("hedge", True):
            out.add("hedged")
        if options.get("referral", True):
            out.add("referral-only")
        names = {
            "verification": "no-verification",
            "enforcement": "no-enforcement",
            "target": "no-target",
        }
        out |= {names[r] for r in options.get("require", ["verification"])}  # type: ignore[attr-defined]
        if options.get("labels"):
            out.add("no-equivalent")
        for spec in options.get("numbers") or ():  # type: ignore[attr-defined]
            if "min" in spec or "max" in spec:
                out.add("below-threshold")
            if spec.get("required"):
                out.add("no-target")
        for entry in [*(options.get("weak_if") or ()), *(options.get("require_terms") or ())]:  # type: ignore[misc]
            out.add(entry["reason"])
        if options.get("elements"):
            out.add("incomplete")
    elif rule_check == "topic-weight":
        out.add("below-threshold")
    elif rule_check == "scoring":
        out.add("no-verification")
    elif rule_check in ("lots", "accessibility"):
        out.add("referral-only")
    return out


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_a_failing_example_for_every_reason(rule_id: str) -> None:
    rule = RS.rules[rule_id]
    examples = [*rule.examples, *(e for ref in rule.refinements for e in ref.examples)]
    shown = {reason for e in examples if e["expect"] == "fail" for reason in e.get("reasons", ())}
    assert _reasons_a_rule_can_report(rule.check, rule.options) <= shown


def test_every_topic_and_lexicon_speaks_three_languages() -> None:
    for name, topic in RS.topics.items():
        assert set(topic.signals) == {"en", "es", "ca"}, name
    for name, lexicon in RS.lexicons.items():
        assert set(lexicon) == {"en", "es", "ca"}, name


def test_params_from_known_sources_say_so() -> None:
    for param in RS.params.values():
        assert param.source.strip(), param.name
