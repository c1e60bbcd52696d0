"""TED R2.0.9 exports read as tenders (pplint.notices.ted).

The inline exports below are small hand-written TED forms, so these tests run in a fresh clone;
the tests over ../shared read the eight TED originals the TED XML Data Converter ships beside
their eForms conversions (OP-TED/ted-xml-data-converter, EUPL-1.2).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pplint.core.errors import LoadError
from pplint.core.model import Location
from pplint.engine.checker import Engine
from pplint.load.source import SourceDoc
from pplint.notices import eforms, ted
from pplint.notices.load import load_xml
from pplint.notices.xmlsafe import XmlDoc

NS = ted.NAMESPACE

CONTRACT = """\
<OBJECT_CONTRACT>
  <TITLE><P>Cleaning of the municipal offices</P></TITLE>
  <REFERENCE_NUMBER>CL-2021-7</REFERENCE_NUMBER>
  <CPV_MAIN><CPV_CODE CODE="90911200"/></CPV_MAIN>
  <TYPE_CONTRACT CTYPE="SERVICES"/>
  <VAL_ESTIMATED_TOTAL CURRENCY="EUR">250000.00</VAL_ESTIMATED_TOTAL>
  <NO_LOT_DIVISION/>
  <OBJECT_DESCR ITEM="1">
    <AC>
      <AC_QUALITY>
        <AC_CRITERION>Staff training plan</AC_CRITERION>
        <AC_WEIGHTING>60 %</AC_WEIGHTING>
      </AC_QUALITY>
      <AC_PRICE><AC_WEIGHTING>40 %</AC_WEIGHTING></AC_PRICE>
    </AC>
    <DURATION TYPE="MONTH">24</DURATION>
  </OBJECT_DESCR>
</OBJECT_CONTRACT>"""

LEFTI = """\
<LEFTI>
  <SUITABILITY><P>Registration in the trade register.</P></SUITABILITY>
  <ECONOMIC_FINANCIAL_INFO><P></P></ECONOMIC_FINANCIAL_INFO>
  <TECHNICAL_PROFESSIONAL_INFO>
    <P>Three similar contracts in the last three years.</P>
  </TECHNICAL_PROFESSIONAL_INFO>
  <PERFORMANCE_CONDITIONS>
    <P>The contractor shall pay the wages of the sectoral collective agreement.</P>
  </PERFORMANCE_CONDITIONS>
</LEFTI>"""


def form(
    lang: str = "EN",
    code: str = "F02",
    contract: str = CONTRACT,
    lefti: str = LEFTI,
    country: str = "UK",
    category: str = "ORIGINAL",
    extra: str = "",
) -> str:
    """One language copy of a form."""
    return f"""\
<{code}_2014 CATEGORY="{category}" FORM="{code}" LG="{lang}">
  <LEGAL_BASIS VALUE="32014L0024"/>
  {extra}
  <CONTRACTING_BODY>
    <ADDRESS_CONTRACTING_BODY>
      <OFFICIALNAME>Borough Council</OFFICIALNAME>
      <TOWN>Leeds</TOWN>
      <COUNTRY VALUE="{country}"/>
    </ADDRESS_CONTRACTING_BODY>
    <URL_DOCUMENT>https://tenders.example.org/cl-2021-7</URL_DOCUMENT>
  </CONTRACTING_BODY>
{contract}
{lefti}
  <PROCEDURE><PT_OPEN/></PROCEDURE>
</{code}_2014>"""


def export(*forms: str, namespace: str = NS) -> str:
    """A TED export holding the given forms."""
    body = "\n".join(forms) or form()
    return f"""\
<?xml version="1.0" encoding="UTF-8"?>
<TED_EXPORT xmlns="{namespace}" DOC_ID="123456-2021">
  <CODED_DATA_SECTION>
    <NOTICE_DATA><NO_DOC_OJS>2021/S 100-123456</NO_DOC_OJS></NOTICE_DATA>
  </CODED_DATA_SECTION>
  <FORM_SECTION>
{body}
  </FORM_SECTION>
</TED_EXPORT>
"""


def read(text: str) -> SourceDoc:
    """The tender an export maps to."""
    return ted.load(XmlDoc(text.encode("utf-8"), "t.xml"))


def position(text: str, marker: str, nth: int = 0) -> Location:
    """The line and column (1-based) of the nth occurrence of ``marker`` in ``text``."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(marker, index + 1)
    line = text.count("\n", 0, index) + 1
    return Location(line, index - text.rfind("\n", 0, index))


def element_at(text: str, xpath: str) -> Any:
    """The one element an XPath of a finding or source selects."""
    xml = XmlDoc(text.encode("utf-8"), "t.xml")
    found = xml.root.xpath(xpath)
    assert len(found) == 1
    return found[0]


def local(element: Any) -> str:
    return str(element.tag).split("}")[-1]


# -- recognising and refusing -------------------------------------------------------------


def test_is_ted_by_root_and_namespace() -> None:
    assert ted.is_ted(XmlDoc(export().encode(), "notice.yaml"))  # the name plays no part
    no_ns = export().replace(f' xmlns="{NS}"', "")
    assert not ted.is_ted(XmlDoc(no_ns.encode(), "x.xml"))
    other_root = f'<ContractNotice xmlns="{NS}"/>'
    assert not ted.is_ted(XmlDoc(other_root.encode(), "x.xml"))


def test_an_older_ted_schema_is_refused_clearly() -> None:
    text = export(namespace="http://publications.europa.eu/TED_schema/Export")
    xml = XmlDoc(text.encode(), "old.xml")
    assert ted.is_ted(xml)
    with pytest.raises(LoadError) as caught:
        ted.load(xml)
    assert caught.value.code == "FMT-NOTICE"
    assert "R2.0.9" in caught.value.message
    assert Location(caught.value.line, caught.value.column) == position(text, "<TED_EXPORT")


def test_a_form_it_cannot_read_is_refused_at_the_form(shipped_engine: Engine) -> None:
    text = export("<CONTRACT_DEFENCE CATEGORY='ORIGINAL' LG='EN'/>")
    with pytest.raises(LoadError) as caught:
        read(text)
    assert "CONTRACT_DEFENCE" in caught.value.message
    result = shipped_engine.check_bytes(text.encode(), "defence.xml")
    at = position(text, "<CONTRACT_DEFENCE")
    assert [(f.rule, f.line, f.column) for f in result.findings] == [
        ("FMT-NOTICE", at.line, at.column)
    ]


def test_no_form_section_is_refused() -> None:
    text = f'<TED_EXPORT xmlns="{NS}"><CODED_DATA_SECTION/></TED_EXPORT>'
    with pytest.raises(LoadError, match="no FORM_SECTION"):
        read(text)


def test_load_xml_dispatches_to_ted() -> None:
    doc = load_xml(export().encode(), "t.xml")
    assert doc.notice.format == "ted"
    assert doc.notice.source_key == "xpath"


# -- the tender fields --------------------------------------------------------------------


def test_tender_fields_of_a_contract_notice() -> None:
    doc = read(export())
    tender = doc.data["tender"]
    assert tender["id"] == "CL-2021-7"
    assert tender["title"] == "Cleaning of the municipal offices"
    assert tender["buyer"] == {"name": "Borough Council", "country": "GB", "city": "Leeds"}
    assert tender["language"] == "en"
    assert tender["nature"] == "services"
    assert tender["procedure"] == "open"
    assert tender["cpv"] == ["90911200"]
    assert tender["estimated_value"] == {"amount": 250000, "currency": "EUR"}
    assert tender["duration_months"] == 24
    assert "lots" not in tender
    info = doc.notice
    assert (info.format, info.kind, info.languages, info.read) == (
        "ted",
        "competition",
        ("EN",),
        ("en",),
    )
    assert info.aside["form"] == "F02"
    assert info.aside["documents"] == ["https://tenders.example.org/cl-2021-7"]


def test_uk_is_read_as_gb_and_greece_as_gr() -> None:
    assert read(export(form(country="UK"))).data["tender"]["buyer"]["country"] == "GB"
    assert read(export(form(country="EL"))).data["tender"]["buyer"]["country"] == "GR"


def test_without_reference_number_the_oj_number_is_the_id() -> None:
    contract = CONTRACT.replace("<REFERENCE_NUMBER>CL-2021-7</REFERENCE_NUMBER>", "")
    assert read(export(form(contract=contract))).data["tender"]["id"] == "2021/S 100-123456"


def test_durations_in_days_and_from_dates() -> None:
    days = CONTRACT.replace(
        '<DURATION TYPE="MONTH">24</DURATION>', '<DURATION TYPE="DAY">730</DURATION>'
    )
    assert read(export(form(contract=days))).data["tender"]["duration_months"] == 24
    dates = CONTRACT.replace(
        '<DURATION TYPE="MONTH">24</DURATION>',
        "<DATE_START>2022-01-01</DATE_START><DATE_END>2022-12-31</DATE_END>",
    )
    assert read(export(form(contract=dates))).data["tender"]["duration_months"] == 12


@pytest.mark.parametrize(
    ("element", "procedure"),
    [
        ("PT_RESTRICTED", "restricted"),
        ("PT_COMPETITIVE_NEGOTIATION", "negotiated"),
        ("PT_NEGOTIATED_WITH_PRIOR_CALL", "negotiated"),
        ("PT_COMPETITIVE_DIALOGUE", "competitive_dialogue"),
        ("PT_INNOVATION_PARTNERSHIP", "innovation_partnership"),
    ],
)
def test_procedures(element: str, procedure: str) -> None:
    text = export(form()).replace("<PT_OPEN/>", f"<{element}/>")
    assert read(text).data["tender"]["procedure"] == procedure


def test_nature_from_cpv_when_the_form_has_no_type() -> None:
    contract = CONTRACT.replace('<TYPE_CONTRACT CTYPE="SERVICES"/>', "").replace(
        "90911200", "45210000"
    )
    doc = read(export(form(contract=contract)))
    assert doc.data["tender"]["nature"] == "works"
    assert any("no contract type" in n for n in doc.notice.notes)


# -- lots -----------------------------------------------------------------------------------

TWO_LOTS = """\
<OBJECT_CONTRACT>
  <TITLE><P>Cleaning and gardening</P></TITLE>
  <CPV_MAIN><CPV_CODE CODE="90911200"/></CPV_MAIN>
  <TYPE_CONTRACT CTYPE="SERVICES"/>
  <LOT_DIVISION><LOT_ALL/></LOT_DIVISION>
  <OBJECT_DESCR ITEM="1">
    <TITLE><P>Offices</P></TITLE>
    <LOT_NO>1</LOT_NO>
    <CPV_ADDITIONAL><CPV_CODE CODE="90911200"/></CPV_ADDITIONAL>
    <CPV_ADDITIONAL><CPV_CODE CODE="90919200"/></CPV_ADDITIONAL>
    <AC><AC_PRICE/></AC>
    <VAL_OBJECT CURRENCY="EUR">100000</VAL_OBJECT>
  </OBJECT_DESCR>
  <OBJECT_DESCR ITEM="2">
    <LOT_NO>2</LOT_NO>
    <CPV_ADDITIONAL><CPV_CODE CODE="77310000"/></CPV_ADDITIONAL>
    <SHORT_DESCR><P>Parks and gardens. Twice a week.</P></SHORT_DESCR>
    <AC>
      <AC_QUALITY><AC_CRITERION>Plan</AC_CRITERION><AC_WEIGHTING>70</AC_WEIGHTING></AC_QUALITY>
      <AC_PRICE><AC_WEIGHTING>30</AC_WEIGHTING></AC_PRICE>
    </AC>
  </OBJECT_DESCR>
</OBJECT_CONTRACT>"""


def test_several_lots_with_their_own_criteria() -> None:
    lefti = "<LEFTI><RESTRICTED_SHELTERED_WORKSHOP/></LEFTI>"
    doc = read(export(form(contract=TWO_LOTS, lefti=lefti)))
    lots = doc.data["tender"]["lots"]
    assert [(lot["id"], lot["title"], lot["cpv"]) for lot in lots] == [
        ("LOT-0001", "Offices", ["90911200", "90919200"]),
        ("LOT-0002", "Parks and gardens", ["90911200", "77310000"]),
    ]
    assert lots[0]["estimated_value"] == {"amount": 100000, "currency": "EUR"}
    assert [lot["reserved"] for lot in lots] == ["sheltered_workshops"] * 2
    criteria = [(c["id"], c["type"], c["weight"], c["lot"]) for c in doc.data["award_criteria"]]
    assert criteria == [
        ("AC-LOT-0001-1", "price", 100, "LOT-0001"),
        ("AC-LOT-0002-1", "quality", 70, "LOT-0002"),
        ("AC-LOT-0002-2", "price", 30, "LOT-0002"),
    ]


def test_one_lot_is_an_undivided_contract() -> None:
    one = CONTRACT.replace("<NO_LOT_DIVISION/>", "<LOT_DIVISION><LOT_ALL/></LOT_DIVISION>")
    one = one.replace(
        '<VAL_ESTIMATED_TOTAL CURRENCY="EUR">250000.00</VAL_ESTIMATED_TOTAL>', ""
    ).replace("<AC>", '<VAL_OBJECT CURRENCY="GBP">90000</VAL_OBJECT><AC>')
    lefti = "<LEFTI><RESTRICTED_SHELTERED_PROGRAM/></LEFTI>"
    doc = read(export(form(contract=one, lefti=lefti)))
    assert "lots" not in doc.data["tender"]
    assert doc.data["tender"]["estimated_value"] == {"amount": 90000, "currency": "GBP"}
    assert doc.data["tender"]["reserved"] == "sheltered_workshops"  # undivided: on the tender
    assert [c["id"] for c in doc.data["award_criteria"]] == ["AC-1", "AC-2"]


def test_lots_with_the_same_criteria_list_them_once() -> None:
    same = TWO_LOTS.replace(
        "<AC><AC_PRICE/></AC>",
        "<AC><AC_QUALITY><AC_CRITERION>Plan</AC_CRITERION><AC_WEIGHTING>70</AC_WEIGHTING>"
        "</AC_QUALITY><AC_PRICE><AC_WEIGHTING>30</AC_WEIGHTING></AC_PRICE></AC>",
    )
    criteria = read(export(form(contract=same))).data["award_criteria"]
    assert [(c["id"], c["weight"], "lot" in c) for c in criteria] == [
        ("AC-1", 70, False),
        ("AC-2", 30, False),
    ]


# -- award criteria -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("55 %", (55, "%")),
        ("55%", (55, "%")),
        ("27,5 %", (27.5, "%")),
        ("55", (55, "")),
        ("40 points", (40, "pt")),
        ("50/50", None),
        ("as per procurement documents", None),
        ("Price 40 %", None),
        ("", None),
    ],
)
def test_weighting_texts(text: str, parsed: tuple[float, str] | None) -> None:
    assert ted.parse_weight(text) == parsed


def criteria_of(ac: str) -> tuple[list[dict[str, Any]], SourceDoc]:
    """The award criteria mapped from an AC element."""
    start, end = CONTRACT.index("<AC>"), CONTRACT.index("</AC>") + len("</AC>")
    doc = read(export(form(contract=CONTRACT[:start] + ac + CONTRACT[end:])))
    return doc.data.get("award_criteria", []), doc


def test_a_bare_price_is_price_only() -> None:
    criteria, _ = criteria_of("<AC><AC_PRICE/></AC>")
    assert criteria == [{"id": "AC-1", "name": "price", "type": "price", "weight": 100}]


def test_weights_in_free_text() -> None:
    criteria, doc = criteria_of(
        "<AC>"
        "<AC_QUALITY><AC_CRITERION>Method</AC_CRITERION><AC_WEIGHTING>30</AC_WEIGHTING></AC_QUALITY>"
        "<AC_QUALITY><AC_CRITERION>Team</AC_CRITERION><AC_WEIGHTING>70</AC_WEIGHTING></AC_QUALITY>"
        "<AC_PRICE><AC_WEIGHTING>50/50</AC_WEIGHTING></AC_PRICE>"
        "</AC>"
    )
    assert [(c["name"], c.get("weight"), c.get("weight_stated")) for c in criteria] == [
        ("Method", 30, None),
        ("Team", 70, None),
        ("price", None, False),
    ]
    assert any("'50/50'" in n for n in doc.notice.notes)


def test_points_become_percentages_of_their_sum() -> None:
    criteria, _ = criteria_of(
        "<AC>"
        "<AC_COST><AC_CRITERION>Quality</AC_CRITERION><AC_WEIGHTING>300</AC_WEIGHTING></AC_COST>"
        "<AC_COST><AC_CRITERION>Price</AC_CRITERION><AC_WEIGHTING>450</AC_WEIGHTING></AC_COST>"
        "<AC_COST><AC_CRITERION>Delay</AC_CRITERION><AC_WEIGHTING>50</AC_WEIGHTING></AC_COST>"
        "</AC>"
    )
    assert [(c["type"], c["weight"]) for c in criteria] == [
        ("cost", 37.5),
        ("cost", 56.25),
        ("cost", 6.25),
    ]


def test_criteria_without_any_weight_are_said_to_be_elsewhere() -> None:
    criteria, doc = criteria_of(
        "<AC><AC_QUALITY><AC_CRITERION>Method</AC_CRITERION>"
        "<AC_WEIGHTING>as per procurement documents</AC_WEIGHTING></AC_QUALITY>"
        "<AC_PRICE><AC_WEIGHTING>see documents</AC_WEIGHTING></AC_PRICE></AC>"
    )
    assert [c["weight_stated"] for c in criteria] == [False, False]
    assert "award" in doc.notice.elsewhere
    assert "award" not in doc.notice.carries


def test_criteria_in_the_procurement_documents() -> None:
    criteria, doc = criteria_of("<AC><AC_PROCUREMENT_DOC/></AC>")
    assert criteria == []
    assert doc.notice.elsewhere >= {"award"}
    assert any("procurement documents" in n for n in doc.notice.notes)


# -- clauses and languages ------------------------------------------------------------------


def test_performance_and_selection_clauses() -> None:
    clauses = read(export()).data["clauses"]
    assert [(c["id"], c["section"], c.get("title")) for c in clauses] == [
        ("PERF-1", "performance", None),
        ("SEL-1", "selection", "Suitability to pursue the professional activity"),
        ("SEL-2", "selection", "Technical and professional ability"),
    ]
    assert clauses[0]["text"] == (
        "The contractor shall pay the wages of the sectoral collective agreement."
    )
    assert clauses[2]["text"] == "Three similar contracts in the last three years."


def test_empty_texts_are_skipped() -> None:
    lefti = (
        "<LEFTI><SUITABILITY><P> </P></SUITABILITY>"
        "<PERFORMANCE_CONDITIONS><P></P></PERFORMANCE_CONDITIONS></LEFTI>"
    )
    assert "clauses" not in read(export(form(lefti=lefti))).data


def test_every_readable_language_is_kept() -> None:
    es = LEFTI.replace(
        "The contractor shall pay the wages of the sectoral collective agreement.",
        "El contratista pagará los salarios del convenio colectivo sectorial.",
    )
    fr = LEFTI.replace(
        "The contractor shall pay the wages of the sectoral collective agreement.",
        "Le titulaire paiera les salaires de la convention collective.",
    )
    text = export(form("FR", lefti=fr), form("EN"), form("ES", lefti=es, category="TRANSLATION"))
    doc = read(text)
    perf = doc.data["clauses"][0]
    assert perf["text"] == {
        "en": "The contractor shall pay the wages of the sectoral collective agreement.",
        "es": "El contratista pagará los salarios del convenio colectivo sectorial.",
    }
    assert doc.notice.languages == ("FR", "EN", "ES")
    assert doc.notice.read == ("en", "es")
    assert doc.data["tender"]["language"] == "en"
    # the text is located in the English form, the first one read
    assert doc.locate(("clauses", 0, "text")) == position(text, "<PERFORMANCE_CONDITIONS>", 1)


def test_a_spanish_form_is_read_when_the_original_is_not() -> None:
    es_contract = CONTRACT.replace("Cleaning of the municipal offices", "Limpieza de oficinas")
    doc = read(export(form("DE"), form("ES", contract=es_contract, category="TRANSLATION")))
    assert doc.data["tender"]["language"] == "es"
    assert doc.data["tender"]["title"] == "Limpieza de oficinas"


def test_no_readable_language_means_structure_only() -> None:
    doc = read(export(form("DE"), form("FR")))
    assert "clauses" not in doc.data
    assert "language" not in doc.data["tender"]
    assert doc.notice.read == ()
    assert [c["weight"] for c in doc.data["award_criteria"]] == [60, 40]
    assert any("only structural checks" in n for n in doc.notice.notes)


# -- what a form can show --------------------------------------------------------------------


def test_places_a_contract_notice_carries() -> None:
    info = read(export()).notice
    assert info.carries == {"performance", "selection", "award"}
    assert not info.carries & {"exclusion", "accessibility", "strategic"}


def test_criteria_documents_are_elsewhere() -> None:
    lefti = "<LEFTI><ECONOMIC_CRITERIA_DOC/><TECHNICAL_CRITERIA_DOC/></LEFTI>"
    info = read(export(form(lefti=lefti))).notice
    assert info.elsewhere == {"selection"}
    assert info.carries == {"performance", "award"}


def test_an_award_notice() -> None:
    award = """\
  <AWARD_CONTRACT ITEM="1"><AWARDED_CONTRACT><TENDERS><NB_TENDERS_RECEIVED>3</NB_TENDERS_RECEIVED>
  </TENDERS></AWARDED_CONTRACT></AWARD_CONTRACT>"""
    doc = read(export(form(code="F03", lefti=award)))
    assert doc.notice.kind == "result"
    assert doc.notice.carries == {"award"}
    assert doc.notice.aside["results"] == {"lot_results": 1, "awarded": 1}


def test_a_prior_information_notice_by_its_notice_type() -> None:
    only = read(export(form(code="F01", extra='<NOTICE TYPE="PRI_ONLY"/>', lefti="")))
    assert only.notice.kind == "planning"
    assert "performance" not in only.notice.carries
    call = read(export(form(code="F01", extra='<NOTICE TYPE="PRI_CALL_COMPETITION"/>')))
    assert call.notice.kind == "competition"


# -- locations --------------------------------------------------------------------------------


def test_values_are_located_at_their_elements() -> None:
    text = export()
    doc = read(text)
    assert doc.locate(("tender", "buyer", "country")) == position(text, "<COUNTRY")
    assert doc.locate(("tender", "cpv", 0)) == position(text, "<CPV_CODE")
    assert doc.locate(("award_criteria", 1, "weight")) == position(text, "<AC_WEIGHTING>", 1)
    assert doc.locate(("clauses", 0, "text")) == position(text, "<PERFORMANCE_CONDITIONS>")
    source = doc.notice.source(("tender", "buyer", "country"))
    assert source is not None
    assert local(element_at(text, source)) == "COUNTRY"
    assert local(element_at(text, doc.notice.source(("award_criteria", 1)) or "")) == "AC_PRICE"


def test_findings_are_located_at_the_element(shipped_engine: Engine) -> None:
    start, end = CONTRACT.index("<AC>"), CONTRACT.index("</AC>") + len("</AC>")
    text = export(form(contract=CONTRACT[:start] + "<AC><AC_PRICE/></AC>" + CONTRACT[end:]))
    result = shipped_engine.check_bytes(text.encode(), "price-only.xml")
    on_list = [f for f in result.findings if f.path == ("award_criteria",)]
    for finding in on_list:  # a finding on the whole list points at the AC element
        assert Location(finding.line, finding.column) == position(text, "<AC>")
    on_price = [f for f in result.findings if f.path[:2] == ("award_criteria", 0)]
    assert on_price, [f.rule for f in result.findings]
    for finding in on_price:
        assert Location(finding.line, finding.column) == position(text, "<AC_PRICE/>")
        assert finding.xpath is not None
        assert local(element_at(text, finding.xpath)) == "AC_PRICE"
    assert not [
        f for f in result.findings if f.rule.startswith("FMT-") and f.rule != "FMT-LANGUAGE"
    ]


# -- the shared TED originals -----------------------------------------------------------------

PINNED: dict[str, dict[str, Any]] = {
    "18-412273": {
        "title": "Marché de travaux d'infrastructures, d'ouvrage d'art et d'aménagements "
        "paysagers de la ligne BHNS secteur Mandelieu centre",
        "country": "FR",
        "nature": "works",
        "cpv": ["45234116"],
        "lots": ["LOT-0001", "LOT-0002", "LOT-0003", "LOT-0004", "LOT-0005"],
        "criteria": [("Valeur technique", "quality", 55), ("price", "price", 45)],
        "criteria_count": 10,
        "sections": [],
        "kind": "result",
    },
    "20-162034": {
        "title": "Testeur de radiocommunication LTE pour 3.9G et 4.xG",
        "country": "CH",
        "nature": "supplies",
        "cpv": ["32250000"],
        "lots": [],
        "criteria": [("Performance", "cost", 70), ("Prix", "cost", 30)],
        "criteria_count": 2,
        "sections": [],
        "kind": "competition",
    },
    "20-213571": {
        "title": "Information and Communications Technology Services",
        "country": "GB",
        "nature": "services",
        "cpv": ["72600000"],
        "lots": ["LOT-0001", "LOT-0002"],
        "criteria": [],
        "criteria_count": 0,
        "sections": ["performance", "selection"],
        "kind": "competition",
    },
    "21-000934": {
        "title": "Assessment Support of Draft cap Strategic Plans with Respect to "
        "Environmental Requirements",
        "country": "BE",
        "nature": "services",
        "cpv": ["90700000"],
        "lots": [],
        "criteria": [
            ("Quality of the proposed methodology", "quality", 30),
            ("Organisation of the work and allocation of resources", "quality", 60),
            ("Quality control measures", "quality", 10),
            ("price", "price", None),
        ],
        "criteria_count": 4,
        "sections": [],
        "kind": "result",
    },
    "21-363062": {
        "title": "FN Motol - centrální zdroj chladu pro objekt A - VZT a chlazení",
        "country": "CZ",
        "nature": "works",
        "cpv": ["45000000"],
        "lots": [],
        "criteria": [("price", "price", 100)],
        "criteria_count": 1,
        "sections": [],
        "kind": "competition",
    },
    "21-364240": {
        "title": "Arbetsbefrämjande insatser",
        "country": "SE",
        "nature": "services",
        "cpv": ["85300000"],
        "lots": [],
        "criteria": [("price", "price", 100)],
        "criteria_count": 1,
        "sections": [],
        "kind": "result",
    },
    "22-086633": {
        "title": "EZ.28.118.2020 Dostawa materiałów do naświetleń dla pacjentów Wojewódzkiego "
        "Wielospecjalistycznego CentrumOnkologii i Traumatologii im. M. Kopernika w Łodzi.",
        "country": "PL",
        "nature": "supplies",
        "cpv": ["33151400"],
        "lots": [f"LOT-{n:04d}" for n in range(1, 9)],
        "criteria": [("WARUNKI DOSTAWY", "quality", 40), ("price", "price", 60)],
        "criteria_count": 2,
        "sections": [],
        "kind": "result",
    },
    "22-104446": {
        "title": "Generation of technical data for the application for authorisation of a new "
        "food additive in the EU",
        "country": "CH",
        "nature": "services",
        "cpv": ["71600000"],
        "lots": ["LOT-0001", "LOT-0002", "LOT-0003"],
        "criteria": [
            ("A1) Quality and completeness of analytical results", "cost", 28.57),
            ("A2) Lead time from order until final report", "cost", 9.53),
            ("A3) Minimising sample usage for required analyses", "cost", 7.14),
            ("A4) Convenience of information and sample exchange", "cost", 4.76),
            ("A5) Special price offer if lot A and B are purchased together", "cost", 4.76),
            ("A6) Quantification of additional compounds Lot A", "cost", 2.38),
            ("A7) Price for Lot A", "cost", 42.86),
        ],
        "criteria_count": 18,
        "sections": [],
        "kind": "competition",
    },
}


def original(notices_dir: Path, ident: str) -> Path:
    return notices_dir / "eforms" / f"tedconv-tedxml__{ident}-001-EXP.xml"


def load_file(path: Path) -> SourceDoc:
    return ted.load(XmlDoc(path.read_bytes(), path.name))


def test_every_shared_ted_file_is_pinned(notices_dir: Path) -> None:
    names = sorted(p.name for p in (notices_dir / "eforms").glob("tedconv-tedxml__*.xml"))
    assert names == sorted(original(notices_dir, i).name for i in PINNED)


@pytest.mark.parametrize("ident", sorted(PINNED))
def test_pinned_values_of_the_shared_files(notices_dir: Path, ident: str) -> None:
    want = PINNED[ident]
    doc = load_file(original(notices_dir, ident))
    tender, criteria = doc.data["tender"], doc.data.get("award_criteria", [])
    assert tender["title"] == want["title"]
    assert tender["buyer"]["country"] == want["country"]
    assert tender["nature"] == want["nature"]
    assert tender["cpv"] == want["cpv"]
    assert [lot["id"] for lot in tender.get("lots", [])] == want["lots"]
    assert len(criteria) == want["criteria_count"]
    got = [(c["name"], c["type"], c.get("weight")) for c in criteria[: len(want["criteria"])]]
    assert got == want["criteria"]
    assert [c["section"] for c in doc.data.get("clauses", [])] == want["sections"]
    assert doc.notice.kind == want["kind"]
    assert not doc.notice.carries & {"exclusion", "accessibility", "strategic"}


def test_several_language_forms_of_a_shared_file(notices_dir: Path) -> None:
    doc = load_file(original(notices_dir, "21-000934"))  # an English original, 23 translations
    assert len(doc.notice.languages) == 24
    assert doc.notice.languages[0] == "EN"
    assert doc.notice.read == ("en", "es")
    assert doc.data["tender"]["language"] == "en"
    assert doc.data["tender"]["id"] == "ENV/2020/OP/0030"
    swiss = load_file(original(notices_dir, "22-104446"))  # English, French and German originals
    assert swiss.notice.languages == ("EN", "FR", "DE")
    assert swiss.data["tender"]["language"] == "en"


def test_shared_clauses_and_places(notices_dir: Path) -> None:
    doc = load_file(original(notices_dir, "20-213571"))
    clauses = doc.data["clauses"]
    assert [(c["id"], c["text"]) for c in clauses] == [
        ("PERF-1", "Please see tender documentation."),
        ("SEL-1", "As stated in the procurement documents."),
    ]
    assert doc.notice.carries == {"performance"}
    assert doc.notice.elsewhere == {"award", "selection"}
    assert doc.notice.aside["documents"] == [
        "https://www.eis2win.co.uk/register-interest-to-tender/"
    ]
    lots = doc.data["tender"]["lots"]
    assert [lot["estimated_value"]["amount"] for lot in lots] == [1295520, 234856]


SAME_AS_CONVERSION = ("title", "nature", "procedure", "cpv")


@pytest.mark.parametrize("ident", sorted(PINNED))
def test_same_tender_values_as_the_eforms_conversion(notices_dir: Path, ident: str) -> None:
    mine = load_file(original(notices_dir, ident)).data["tender"]
    conv = notices_dir / "eforms" / f"tedconv-eforms__{ident}-001-EXP.xml"
    theirs = eforms.load(XmlDoc(conv.read_bytes(), conv.name)).data["tender"]
    for field in SAME_AS_CONVERSION:
        assert mine.get(field) == theirs.get(field), field
    assert mine["buyer"] == theirs["buyer"]
    assert mine.get("language") == theirs.get("language")
    assert [lot["id"] for lot in mine.get("lots", [])] == [
        lot["id"] for lot in theirs.get("lots", [])
    ]


@pytest.mark.parametrize("ident", sorted(PINNED))
def test_every_shared_file_checks_cleanly(
    notices_dir: Path, shipped_engine: Engine, ident: str
) -> None:
    path = original(notices_dir, ident)
    result = shipped_engine.check_bytes(path.read_bytes(), path.name)
    bad = [f for f in result.findings if f.rule in ("FMT-INTERNAL", "FMT-SCHEMA", "FMT-NOTICE")]
    assert bad == []
    assert result.checked
    assert all(f.xpath for f in result.findings)
    xml = XmlDoc(path.read_bytes(), path.name)
    for finding in result.findings:
        (element,) = xml.root.xpath(finding.xpath)
        assert xml.location(element) == Location(finding.line, finding.column)


def test_cli_json_on_a_shared_file(notices_dir: Path) -> None:
    path = original(notices_dir, "21-363062")
    done = subprocess.run(
        [sys.executable, "-m", "pplint", "check", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    price = [f for f in report["findings"] if f["path"] == "award_criteria[0].weight"]
    assert price, report["findings"]
    (element,) = XmlDoc(path.read_bytes(), path.name).root.xpath(price[0]["xpath"])
    assert local(element) == "AC_PRICE"
    assert "Traceback" not in done.stderr


def test_odd_and_repeated_lot_numbers_give_unique_ids() -> None:
    contract = TWO_LOTS.replace("<LOT_NO>1</LOT_NO>", "<LOT_NO>A</LOT_NO>").replace(
        "<LOT_NO>2</LOT_NO>", "<LOT_NO>A</LOT_NO>"
    )
    lots = read(export(form(contract=contract))).data["tender"]["lots"]
    assert [lot["id"] for lot in lots] == ["LOT-A", "LOT-A-2"]
    superscript = TWO_LOTS.replace("<LOT_NO>1</LOT_NO>", "<LOT_NO>\u00b2</LOT_NO>")
    lots = read(export(form(contract=superscript))).data["tender"]["lots"]
    assert [lot["id"] for lot in lots] == ["LOT-\u00b2", "LOT-0002"]
