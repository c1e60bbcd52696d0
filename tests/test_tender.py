"""Tests for pplint.tender: the view of a valid tender (facts, items, template context)."""

from __future__ import annotations

import copy
import textwrap
from typing import Any

import pytest

from pplint.analysis.tender import Tender, build, template_context
from pplint.load import schemas
from pplint.load.source import load_text

from conftest import HEADER

ITEMS = (
    HEADER
    + """\
clauses:
  - id: C1
    section: performance
    title: Fair Wages
    text: The contractor SHALL pay the wages of the agreement.
    verification: Payslips every quarter.
    enforcement: Penalty of 5% of the price.
    topics: [t-wages]
    essential: true
  - id: C2
    section: selection
    text: {en: Ten years of experience., es: Diez años de experiencia.}
award_criteria:
  - {id: A, name: Price, type: price, weight: 70, scoring: linear formula on price}
  - {id: B, name: Quality, type: quality, weight: 30, description: Team CVs., topics: [t-team]}
"""
)


def data_of(text: str) -> dict[str, Any]:
    """The data of a tender text, checked to be schema-valid as build() requires."""
    data = load_text(textwrap.dedent(text), "t.tender.yaml").data
    assert isinstance(data, dict)
    assert schemas.validate("tender", data) == []
    return data


def tender_of(text: str) -> Tender:
    return build(data_of(text))


def with_tender(extra: str) -> str:
    """HEADER with more lines under `tender:` (indented by two spaces)."""
    return HEADER + textwrap.indent(textwrap.dedent(extra), "  ")


# -- items -------------------------------------------------------------------------------------


def test_items_are_clauses_then_criteria_in_document_order() -> None:
    tender = tender_of(ITEMS)
    assert [(i.kind, i.index, i.id) for i in tender.items] == [
        ("clause", 0, "C1"),
        ("clause", 1, "C2"),
        ("criterion", 0, "A"),
        ("criterion", 1, "B"),
    ]
    assert [i.id for i in tender.clauses()] == ["C1", "C2"]
    assert [i.id for i in tender.criteria()] == ["A", "B"]


def test_clause_item_fields_place_and_flags() -> None:
    c1 = tender_of(ITEMS).items[0]
    assert c1.place == "performance"
    assert c1.lot is None
    assert c1.fields == {
        "title": "Fair Wages",
        "text": "The contractor SHALL pay the wages of the agreement.",
        "verification": "Payslips every quarter.",
        "enforcement": "Penalty of 5% of the price.",
    }
    assert c1.folded["title"] == "fair wages"
    assert c1.folded["text"] == "the contractor shall pay the wages of the agreement."
    assert c1.tags == ("t-wages",)
    assert c1.essential is True
    assert c1.verification == "Payslips every quarter."
    assert c1.enforcement == "Penalty of 5% of the price."
    assert c1.weight is None and c1.ctype is None


def test_clause_without_optional_fields_has_only_its_text() -> None:
    c2 = tender_of(ITEMS).items[1]
    assert c2.place == "selection"
    assert c2.fields == {
        "text.en": "Ten years of experience.",
        "text.es": "Diez años de experiencia.",
    }
    assert c2.folded["text.es"] == "diez anos de experiencia."
    assert (c2.tags, c2.essential, c2.verification, c2.enforcement) == ((), False, None, None)


def test_item_paths_and_field_paths() -> None:
    c1, c2, a, _ = tender_of(ITEMS).items
    assert c1.path == ("clauses", 0)
    assert c2.path == ("clauses", 1)
    assert a.path == ("award_criteria", 0)
    assert c1.field_path("verification") == ("clauses", 0, "verification")
    assert c2.field_path("text.es") == ("clauses", 1, "text", "es")
    assert a.field_path("scoring") == ("award_criteria", 0, "scoring")


def test_main_field_is_the_text_of_a_clause_and_the_name_of_a_criterion() -> None:
    c1, c2, a, _ = tender_of(ITEMS).items
    assert c1.main_field == "text"  # not the title, which comes first
    assert c2.main_field == "text.en"
    assert a.main_field == "name"


def test_criterion_item_type_weight_and_fields() -> None:
    _, _, a, b = tender_of(ITEMS).items
    assert (a.place, a.ctype, a.weight, a.scoring) == (
        "award:price",
        "price",
        70.0,
        "linear formula on price",
    )
    assert isinstance(a.weight, float)
    assert a.fields == {"name": "Price", "scoring": "linear formula on price"}
    assert (b.place, b.ctype, b.weight, b.scoring) == ("award:quality", "quality", 30.0, None)
    assert b.fields == {"name": "Quality", "description": "Team CVs."}
    assert b.tags == ("t-team",)


def test_body_leaves_out_verification_and_enforcement() -> None:
    body = tender_of(ITEMS).items[0].body()
    assert "fair wages" in body
    assert "shall pay the wages" in body
    assert "payslips" not in body
    assert "penalty" not in body


def test_in_places_of_clauses_and_criteria() -> None:
    c1, _, a, _ = tender_of(ITEMS).items
    assert c1.in_places(frozenset({"performance"}))
    assert not c1.in_places(frozenset({"selection", "award"}))
    assert a.in_places(frozenset({"award"}))
    assert a.in_places(frozenset({"award:price"}))
    assert not a.in_places(frozenset({"award:quality", "performance"}))


def test_a_tender_without_clauses_or_criteria_has_no_items() -> None:
    tender = tender_of(HEADER)
    assert tender.items == []
    assert tender.clauses() == [] and tender.criteria() == []


# -- facts -------------------------------------------------------------------------------------


def test_defaults_of_the_format_are_filled_in() -> None:
    tender = tender_of(HEADER)
    assert tender.nature == "services"
    assert tender.country == "FR"
    assert tender.city == ""
    assert tender.language == "en"
    assert tender.procedure is None
    assert tender.value is None
    assert tender.duration_months is None
    assert tender.personal_data is False
    assert tender.hardware is False
    assert tender.subcontracting_allowed is True
    assert tender.reserved is False
    assert tender.goals == frozenset() and tender.codes == frozenset()
    assert tender.gpp_criteria is None and tender.accessibility is None
    assert tender.title_folded == "test tender"


def test_value_and_duration() -> None:
    tender = tender_of(
        with_tender(
            """\
            estimated_value: {amount: 250000, currency: EUR}
            duration_months: 18
            """
        )
    )
    assert tender.value == 250000.0
    assert isinstance(tender.value, float)
    assert tender.duration_months == 18


def test_value_of_zero_is_a_value() -> None:
    tender = tender_of(with_tender("estimated_value: {amount: 0, currency: EUR}\n"))
    assert tender.value == 0.0


def test_cpv_check_digit_is_dropped() -> None:
    tender = tender_of(HEADER.replace('["90911200"]', '["90911200-8", "90919000"]'))
    assert tender.all_cpvs == ("90911200", "90919000")
    assert tender.cpvs == ("90911200",)  # the main code only


def test_lots_add_their_main_cpvs_and_all_their_codes_after_the_tender_ones() -> None:
    tender = tender_of(
        with_tender(
            """\
            lots:
              - {id: L1, title: Cleaning, cpv: ["90911200", "90919200-4"]}
              - {id: L2, title: Waste}
            """
        )
    )
    assert tender.all_cpvs == ("90911200", "90919200")
    assert tender.cpvs == ("90911200",)  # L1's main code is the tender's; L2 has none


def test_a_lot_with_another_main_code_adds_it_to_the_main_codes() -> None:
    tender = tender_of(
        with_tender(
            """\
            lots:
              - {id: L1, title: Cleaning, cpv: ["90911200"]}
              - {id: L2, title: Paper, cpv: ["30197630", "90919200"]}
            """
        )
    )
    assert tender.cpvs == ("90911200", "30197630")
    assert tender.all_cpvs == ("90911200", "30197630", "90919200")


def test_a_cpv_of_several_lots_or_with_a_check_digit_is_listed_once() -> None:
    tender = tender_of(
        with_tender(
            """\
            lots:
              - {id: L1, title: Cleaning, cpv: ["90911200-8", "90919200"]}
              - {id: L2, title: Waste, cpv: ["90919200"]}
            """
        )
    )
    assert tender.cpvs == ("90911200", "90919200")


def test_lots_ids_and_reservation() -> None:
    tender = tender_of(
        with_tender(
            """\
            lots:
              - {id: L1, title: Cleaning, reserved: none}
              - {id: L2, title: Gardens, reserved: sheltered_workshops}
            """
        )
    )
    assert tender.has_lots
    assert tender.lot_ids == ("L1", "L2")
    assert tender.reserved is True


def test_lots_reserved_none_is_not_reserved() -> None:
    tender = tender_of(with_tender("lots:\n  - {id: L1, title: Cleaning, reserved: none}\n"))
    assert tender.reserved is False


def test_no_lots_means_one_unnamed_lot() -> None:
    tender = tender_of(HEADER)
    assert not tender.has_lots
    assert tender.lots == ()
    assert tender.lot_ids == (None,)


def test_clause_and_criterion_name_their_lot() -> None:
    text = (
        with_tender("lots:\n  - {id: L1, title: Cleaning}\n")
        + """\
clauses:
  - {id: C1, section: performance, text: The contractor shall clean., lot: L1}
award_criteria:
  - {id: A, name: Price, type: price, weight: 100, lot: L1}
"""
    )
    assert [i.lot for i in tender_of(text).items] == ["L1", "L1"]


@pytest.mark.parametrize(
    ("nature", "cpv", "expected"),
    [
        ("supplies", ["30200000"], True),
        ("supplies", ["32500000-1"], True),
        ("supplies", ["90911200"], False),
        ("services", ["30200000"], False),
        ("supplies", ["90911200", "30200000"], False),  # only the main CPV counts
    ],
)
def test_hardware_default_from_nature_and_main_cpv(
    nature: str, cpv: list[str], expected: bool
) -> None:
    text = HEADER.replace("nature: services", f"nature: {nature}").replace(
        '["90911200"]', "[" + ", ".join(f'"{c}"' for c in cpv) + "]"
    )
    assert tender_of(text).hardware is expected


def test_hardware_given_overrides_the_default() -> None:
    software = with_tender("includes_hardware: true\n")  # services: the default is false
    assert tender_of(software).hardware is True
    supplies = HEADER.replace("nature: services", "nature: supplies").replace(
        '["90911200"]', '["30200000"]'
    )
    assert tender_of(supplies + "  includes_hardware: false\n").hardware is False


def test_strategic_goals_codes_and_gpp() -> None:
    tender = tender_of(
        with_tender(
            """\
            strategic:
              goals: [social, none, environmental]
              environmental_impact: [clim-mitig]
              social_objective: [work-cond, gen-eq]
              innovative_acquisition: [rd-act]
              gpp_criteria: eu
            accessibility: {criteria: included}
            """
        )
    )
    assert tender.goals == frozenset({"social", "environmental"})
    assert tender.codes == frozenset({"clim-mitig", "work-cond", "gen-eq", "rd-act"})
    assert tender.gpp_criteria == "eu"
    assert tender.accessibility == "included"


def test_buyer_city_and_title_are_folded_and_other_facts_read() -> None:
    text = HEADER.replace("country: FR}", "country: ES, city: Lleida Ñ}").replace(
        "title: Test tender", "title: Limpieza de Edificios"
    )
    tender = tender_of(
        text.replace("nature: services", "nature: services\n  language: es\n  procedure: open")
        + "  personal_data: true\n  subcontracting: {allowed: false}\n"
    )
    assert tender.country == "ES"
    assert tender.city == "lleida n"
    assert tender.title_folded == "limpieza de edificios"
    assert (tender.language, tender.procedure) == ("es", "open")
    assert tender.personal_data is True
    assert tender.subcontracting_allowed is False


def test_build_keeps_the_document_and_does_not_change_it() -> None:
    data = data_of(ITEMS)
    before = copy.deepcopy(data)
    tender = build(data)
    assert tender.data is data
    assert data == before


# -- template context --------------------------------------------------------------------------


def test_template_context_fills_defaults() -> None:
    context = template_context(data_of(HEADER))
    assert context["language"] == "en"
    assert context["personal_data"] is False
    assert context["buyer"] == {"name": "Test buyer", "country": "FR", "city": ""}
    assert context["title"] == "Test tender"


def test_template_context_keeps_given_values() -> None:
    text = HEADER.replace("country: FR}", "country: ES, city: Lleida}") + (
        "  language: ca\n  personal_data: true\n"
    )
    context = template_context(data_of(text))
    assert (context["language"], context["personal_data"]) == ("ca", True)
    assert context["buyer"]["city"] == "Lleida"


def test_template_context_does_not_change_the_document() -> None:
    data = data_of(HEADER)
    before = copy.deepcopy(data)
    template_context(data)
    assert data == before


def test_template_context_of_a_document_without_tender() -> None:
    assert template_context({}) == {"language": "en", "personal_data": False, "buyer": {"city": ""}}
