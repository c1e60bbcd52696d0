"""Tests for pplint.conditions: every kind of condition on a tender, and unknown names in one."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from pplint.analysis.conditions import check_condition_refs, holds
from pplint.analysis.context import TenderContext
from pplint.analysis.tender import build
from pplint.core.errors import PackError
from pplint.core.rules import RuleSet
from pplint.engine.checker import Engine
from pplint.load import schemas
from pplint.load.source import load_bytes
from pplint.packs import rulepack

from conftest import HEADER, REPO

MakeFacts = Callable[..., TenderContext]

# one rule that applies only where a tender mentions an inline word list
MENTIONS_PACK = """
pack: probe
topics:
  t-solar:
    title: Solar
    family: social
    signals: {en: [solar panels], es: [placas solares], ca: [plaques solars]}
rules:
  - id: SOC-XX-001
    title: A rule
    family: social
    severity: warning
    check: weak
    applies: {mentions: {en: [rooftop]}}
    options: {topics: [t-solar]}
    message: "Clause {clause} is weak."
    rationale: Because.
    legal_basis: [{instrument: Test}]
    model_clause: {en: "x", es: "y"}
    examples: [{expect: pass}, {expect: fail}]
"""


def tender_text(body: str = "", **replace: str) -> str:
    """HEADER with each ``old`` text replaced by its ``new`` one, followed by ``body``."""
    head = HEADER
    for old, new in replace.items():
        assert old in head
        head = head.replace(old, new)
    return head + textwrap.dedent(body)


def facts_of(rs: RuleSet, text: str, params: Mapping[str, float] | None = None) -> TenderContext:
    data = load_bytes(text.encode("utf-8"), "t.tender.yaml").data
    assert schemas.validate("tender", data) == []
    tender = build(data)
    engine = Engine(rs)
    classification = engine.classifier.classify(tender)
    return TenderContext(tender, classification, rs, params or {})


@pytest.fixture
def facts(test_rs: RuleSet) -> MakeFacts:
    """Facts of HEADER plus extra tender fields (indented under `tender:`) and a body."""

    def make(
        extra: str = "", body: str = "", params: Mapping[str, float] | None = None, **repl: str
    ) -> TenderContext:
        fields = textwrap.indent(textwrap.dedent(extra), "  ")
        return facts_of(test_rs, tender_text(**repl) + fields + textwrap.dedent(body), params)

    return make


def test_an_empty_condition_holds(facts: MakeFacts) -> None:
    assert holds({}, facts())


def test_every_key_must_hold(facts: MakeFacts) -> None:
    f = facts()
    assert holds({"nature": ["services"], "country": ["FR"]}, f)
    assert not holds({"nature": ["services"], "country": ["ES"]}, f)
    assert not holds({"nature": ["works"], "country": ["FR"]}, f)


# -- attributes of the tender ---------------------------------------------------------------------


def test_nature(facts: MakeFacts) -> None:
    assert holds({"nature": ["works", "services"]}, facts())
    assert not holds({"nature": ["works", "supplies"]}, facts())
    assert holds({"nature": ["works"]}, facts(**{"nature: services": "nature: works"}))


def test_country_and_not_country(facts: MakeFacts) -> None:
    f = facts()
    assert holds({"country": ["ES", "FR"]}, f)
    assert not holds({"country": ["ES"]}, f)
    assert holds({"not_country": ["ES"]}, f)
    assert not holds({"not_country": ["ES", "FR"]}, f)


def test_city_is_compared_folded(facts: MakeFacts) -> None:
    f = facts(**{"country: FR}": "country: ES, city: Sant Adrià}"})
    assert holds({"city": ["SANT ADRIA"]}, f)
    assert holds({"city": ["Barcelona", "sant adrià"]}, f)
    assert not holds({"city": ["Barcelona"]}, f)
    assert not holds({"city": ["Barcelona"]}, facts())  # no city given


def test_language_defaults_to_english(facts: MakeFacts) -> None:
    assert holds({"language": ["en"]}, facts())
    assert not holds({"language": ["en"]}, facts("language: ca\n"))
    assert holds({"language": ["es", "ca"]}, facts("language: ca\n"))


def test_procedure(facts: MakeFacts) -> None:
    assert not holds({"procedure": ["open"]}, facts())  # not given
    assert holds({"procedure": ["open", "restricted"]}, facts("procedure: open\n"))
    assert not holds({"procedure": ["restricted"]}, facts("procedure: open\n"))


def test_cpv_and_not_cpv_compare_prefixes_of_the_main_codes(facts: MakeFacts) -> None:
    f = facts()  # cpv 90911200
    assert holds({"cpv": ["909"]}, f)
    assert holds({"cpv": ["45", "90911200"]}, f)
    assert not holds({"cpv": ["45"]}, f)
    assert not holds({"cpv": ["9091121"]}, f)
    assert holds({"not_cpv": ["45"]}, f)
    assert not holds({"not_cpv": ["90"]}, f)
    lots = facts("lots:\n  - {id: L1, title: Works, cpv: ['45000000', '71000000']}\n")
    assert holds({"cpv": ["45"]}, lots)  # a lot's main code counts
    assert not holds({"not_cpv": ["45"]}, lots)
    assert not holds({"cpv": ["71"]}, lots)  # its additional code does not
    assert holds({"any_cpv": ["71"]}, lots)


def test_additional_codes_count_only_for_any_cpv(facts: MakeFacts) -> None:
    f = facts(**{'"90911200"': '"90911200", "33760000"'})  # cleaning, plus a supplies code
    assert not holds({"cpv": ["33"]}, f)
    assert holds({"not_cpv": ["33"]}, f)
    assert holds({"any_cpv": ["33"]}, f)
    assert f.tender.all_cpvs == ("90911200", "33760000")


def test_strategic_goals_and_codes(facts: MakeFacts) -> None:
    f = facts(
        "strategic: {goals: [environmental], innovative_acquisition: [rd-act],"
        " social_objective: [work-cond]}\n"
    )
    assert holds({"goals": ["social", "environmental"]}, f)
    assert not holds({"goals": ["social"]}, f)
    assert holds({"codes": ["rd-act"]}, f)
    assert holds({"codes": ["work-cond"]}, f)
    assert not holds({"codes": ["circ-econ"]}, f)
    assert not holds({"goals": ["none"]}, facts("strategic: {goals: [none]}\n"))


def test_gpp_criteria_and_accessibility(facts: MakeFacts) -> None:
    f = facts("strategic: {gpp_criteria: eu}\naccessibility: {criteria: included}\n")
    assert holds({"gpp_criteria": ["eu", "national"]}, f)
    assert not holds({"gpp_criteria": ["none"]}, f)
    assert holds({"accessibility": ["included"]}, f)
    assert not holds({"accessibility": ["not_needed"]}, f)
    assert not holds({"accessibility": ["included"]}, facts())  # not declared


# -- the estimated value --------------------------------------------------------------------------

VALUE = "estimated_value: {amount: 100000, currency: EUR}\n"


def test_value_min_is_inclusive_and_value_max_exclusive(facts: MakeFacts) -> None:
    f = facts(VALUE)
    assert holds({"value_min": 100000}, f)
    assert not holds({"value_min": 100000.5}, f)
    assert not holds({"value_max": 100000}, f)
    assert holds({"value_max": 100000.5}, f)
    assert holds({"value_min": 50000, "value_max": 200000}, f)


def test_without_a_value_neither_bound_holds(facts: MakeFacts) -> None:
    f = facts()
    assert not holds({"value_min": 0}, f)
    assert not holds({"value_max": 10**12}, f)
    assert holds({"not": {"value_min": 0}}, f)


def test_value_bounds_read_params_and_their_overrides(facts: MakeFacts) -> None:
    sixty = "estimated_value: {amount: 60, currency: EUR}\n"  # test-ceiling is 60
    assert holds({"value_min": "$test-ceiling"}, facts(sixty))
    assert not holds({"value_max": "$test-ceiling"}, facts(sixty))
    raised = facts(sixty, params={"test-ceiling": 61})
    assert not holds({"value_min": "$test-ceiling"}, raised)
    assert holds({"value_max": "$test-ceiling"}, raised)


# -- flags ----------------------------------------------------------------------------------------


def test_flags_take_the_format_defaults(facts: MakeFacts) -> None:
    f = facts()  # services, no lots, nothing declared
    assert holds(
        {
            "personal_data": False,
            "hardware": False,
            "subcontracting": True,
            "lots": False,
            "reserved": False,
        },
        f,
    )
    for flag in ("personal_data", "hardware", "lots", "reserved"):
        assert not holds({flag: True}, f), flag
    assert not holds({"subcontracting": False}, f)


def test_flags_follow_the_tender(facts: MakeFacts) -> None:
    f = facts(
        "personal_data: true\nincludes_hardware: true\nsubcontracting: {allowed: false}\n"
        "lots:\n  - {id: L1, title: One, reserved: sheltered_workshops}\n"
        "  - {id: L2, title: Two}\n"
    )
    assert holds(
        {
            "personal_data": True,
            "hardware": True,
            "subcontracting": False,
            "lots": True,
            "reserved": True,
        },
        f,
    )
    unreserved = facts(
        "lots:\n  - {id: L1, title: One, reserved: none}\n  - {id: L2, title: Two}\n"
    )
    assert holds({"lots": True, "reserved": False}, unreserved)


def test_one_lot_is_an_undivided_contract(facts: MakeFacts) -> None:
    single = facts("lots:\n  - {id: LOT-0000, title: The whole contract}\n")
    assert holds({"lots": False}, single)
    assert not single.tender.has_lots


def test_hardware_defaults_to_true_for_supplies_under_cpv_30(facts: MakeFacts) -> None:
    laptops = facts(**{"nature: services": "nature: supplies", '"90911200"': '"30213100"'})
    assert holds({"hardware": True}, laptops)
    declared = facts(
        "includes_hardware: false\n",
        **{"nature: services": "nature: supplies", '"90911200"': '"30213100"'},
    )
    assert holds({"hardware": False}, declared)


# -- what the texts say ---------------------------------------------------------------------------


def test_mentions_a_lexicon_in_a_clause_or_in_the_title(facts: MakeFacts) -> None:
    clause = facts(
        body="clauses:\n  - {id: C1, section: specification, text: Runs Microsoft Office.}\n"
    )
    assert holds({"mentions": "t-brands"}, clause)
    assert not holds({"mentions": "t-labels"}, clause)  # the cache is kept per word list
    titled = facts(**{"title: Test tender": "title: Oracle licences"})
    assert holds({"mentions": "t-brands"}, titled)
    assert not holds({"mentions": "t-brands"}, facts())


def test_mentions_inline_terms_in_the_title(facts: MakeFacts) -> None:
    f = facts(**{"title: Test tender": "title: Rooftop solar"})
    assert holds({"mentions": {"en": ["rooftop solar"]}}, f)
    assert not holds({"mentions": {"en": ["solar rooftop"]}}, f)


def test_mentions_inline_terms_of_a_rule_in_a_clause(tmp_path: Path) -> None:
    path = tmp_path / "probe.yaml"
    path.write_text(MENTIONS_PACK, encoding="utf-8")
    rs = rulepack.load([REPO / "rules" / "00-lexicons", path])
    engine = Engine(rs)
    with_it = tender_text("clauses:\n  - {id: C1, section: other, text: A rooftop array.}\n")
    without = tender_text("clauses:\n  - {id: C1, section: other, text: A ground array.}\n")
    assert "SOC-XX-001" in engine.check_bytes(with_it.encode(), "a.tender.yaml").applicable
    assert "SOC-XX-001" in engine.check_bytes(without.encode(), "b.tender.yaml").not_applicable
    assert holds({"mentions": {"en": ["rooftop"]}}, facts_of(rs, with_it))
    assert not holds({"mentions": {"en": ["rooftop"]}}, facts_of(rs, without))


def test_has_topic_from_any_item_text_or_tag(facts: MakeFacts) -> None:
    f = facts(
        body="""\
        clauses:
          - {id: C1, section: other, text: Nothing to see.}
        award_criteria:
          - {id: A, name: Energy consumption, type: quality, weight: 100}
        """
    )
    assert holds({"has_topic": ["t-wages", "t-green"]}, f)
    assert not holds({"has_topic": ["t-wages"]}, f)
    tagged = facts(body="clauses:\n  - {id: C1, section: other, text: x, topics: [t-wages]}\n")
    assert holds({"has_topic": ["t-wages"]}, tagged)
    assert not holds({"has_topic": ["t-green"]}, facts())


# -- any and not ----------------------------------------------------------------------------------


def test_any_holds_when_one_alternative_holds(facts: MakeFacts) -> None:
    f = facts()
    assert holds({"any": [{"nature": ["works"]}, {"country": ["FR"]}]}, f)
    assert not holds({"any": [{"nature": ["works"]}, {"country": ["ES"]}]}, f)
    assert not holds({"any": [{"nature": ["services"], "country": ["ES"]}]}, f)


def test_not_negates_a_whole_condition(facts: MakeFacts) -> None:
    f = facts()
    assert not holds({"not": {"country": ["FR"]}}, f)
    assert holds({"not": {"country": ["FR"], "nature": ["works"]}}, f)
    assert holds({"not": {"any": [{"country": ["ES"]}, {"nature": ["works"]}]}}, f)
    assert not holds({"not": {"not": {"country": ["ES"]}}}, f)


# -- names a condition uses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cond", "expected"),
    [
        ({"value_min": "$nope"}, [(("value_min",), "unknown param `$nope`")]),
        ({"value_max": "$nope"}, [(("value_max",), "unknown param `$nope`")]),
        ({"value_min": "$test-ceiling", "value_max": 5}, []),
        ({"mentions": "nope"}, [(("mentions",), "unknown lexicon `nope`")]),
        ({"mentions": "t-brands"}, []),
        ({"mentions": {"en": ["nope"]}}, []),
        ({"has_topic": ["t-wages", "ghost"]}, [(("has_topic", 1), "unknown topic `ghost`")]),
        ({"nature": ["works"], "country": ["ZZ"], "codes": ["x"]}, []),
        (
            {"any": [{"nature": ["works"]}, {"not": {"has_topic": ["ghost"]}}]},
            [(("any", 1, "not", "has_topic", 0), "unknown topic `ghost`")],
        ),
        (
            {"not": {"any": [{"mentions": "nope"}, {"value_min": "$x"}]}},
            [
                (("not", "any", 0, "mentions"), "unknown lexicon `nope`"),
                (("not", "any", 1, "value_min"), "unknown param `$x`"),
            ],
        ),
    ],
)
def test_check_condition_refs(
    test_rs: RuleSet, cond: dict[str, Any], expected: list[tuple[tuple[Any, ...], str]]
) -> None:
    assert list(check_condition_refs(test_rs, cond)) == expected


def test_a_pack_whose_condition_names_an_unknown_topic_does_not_load(tmp_path: Path) -> None:
    path = tmp_path / "probe.yaml"
    path.write_text(
        MENTIONS_PACK.replace("{mentions: {en: [rooftop]}}", "{has_topic: [ghost]}"),
        encoding="utf-8",
    )
    with pytest.raises(PackError) as info:
        rulepack.load([REPO / "rules" / "00-lexicons", path])
    assert "unknown topic `ghost`" in str(info.value)
