"""OCDS 1.1 JSON read as tenders (notices.ocds): mapped values, JSON pointers, lines and
columns, packages, records, JSON Lines, and the errors for what is not OCDS or not JSON.

The inline fixtures are written here so that the tests run in a fresh clone; the tests over the
shared OCDS sample (open-contracting/sample-data, fictional-example 1.1, BSD-3 / PDDL data)
skip when ../shared is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pplint.core.errors import LoadError
from pplint.core.model import Location
from pplint.engine.checker import Engine
from pplint.engine.results import FileResult
from pplint.load.source import SourceDoc
from pplint.notices import ocds
from pplint.notices.build import NoticeInfo

# A tender release in the shape of the OCDS sample, with priceOnly and eligibility criteria.
RELEASE = """\
{
  "ocid": "ocds-abc123-0001",
  "id": "ocds-abc123-0001-tender",
  "date": "2024-02-01T10:00:00Z",
  "language": "en",
  "tag": ["tender"],
  "parties": [
    {
      "id": "GB-SUP-9",
      "name": "Kerbside Contractors Ltd",
      "roles": ["supplier"]
    },
    {
      "id": "GB-LAC-E09000003",
      "name": "London Borough of Barnet",
      "roles": ["buyer", "procuringEntity"],
      "address": {"locality": "London", "countryName": "United Kingdom"}
    }
  ],
  "buyer": {"id": "GB-LAC-E09000003", "name": "London Borough of Barnet"},
  "tender": {
    "id": "BAR-2024-17",
    "title": "Resurfacing of the cycle lanes",
    "mainProcurementCategory": "works",
    "procurementMethod": "open",
    "value": {"amount": 480000, "currency": "GBP"},
    "contractPeriod": {"durationInDays": 365},
    "awardCriteria": "priceOnly",
    "eligibilityCriteria": "Bidders shall hold a valid construction safety certificate.",
    "items": [
      {
        "id": "1",
        "classification": {"scheme": "CPV", "id": "45233130.0"},
        "additionalClassifications": [{"scheme": "CPV", "id": "45233162-2"}]
      }
    ]
  },
  "awards": [
    {
      "id": "A-1",
      "status": "pending",
      "suppliers": [{"id": "GB-SUP-9", "name": "Kerbside Contractors Ltd"}]
    }
  ]
}
"""

# A release using the OCDS for eForms extension fields: two lots that differ.
EXTENDED = {
    "ocid": "ocds-xyz-0002",
    "id": "r-1",
    "language": "es",
    "tag": ["tender"],
    "parties": [
        {
            "id": "B1",
            "name": "Ajuntament de Girona",
            "roles": ["buyer"],
            "address": {"locality": "Girona", "countryName": "España"},
        }
    ],
    "tender": {
        "id": "GI-2024-5",
        "title": "Limpieza de edificios municipales",
        "mainProcurementCategory": "services",
        "items": [
            {
                "id": "1",
                "relatedLot": "LOT-0001",
                "classification": {"scheme": "CPV", "id": "90911200"},
            },
            {
                "id": "2",
                "relatedLot": "LOT-0002",
                "classification": {"scheme": "CPV", "id": "90919200"},
            },
        ],
        "exclusionGrounds": {
            "criteria": [{"type": "labour-law", "description": "Incumplimiento del convenio."}]
        },
        "lots": [
            {
                "id": "LOT-0001",
                "title": "Edificios administrativos",
                "value": {"amount": 120000, "currency": "EUR"},
                "hasSustainability": True,
                "sustainability": [
                    {"goal": "social.laborRightsPromotion", "strategies": ["awardCriteria"]},
                    {"goal": "environmental.circularEconomy", "strategies": ["euGPPCriteria"]},
                ],
                "hasAccessibilityCriteria": True,
                "otherRequirements": {"reservedParticipation": ["shelteredWorkshop"]},
                "contractTerms": {
                    "performanceTerms": "La empresa aplicará el convenio colectivo del sector."
                },
                "awardCriteria": {
                    "criteria": [
                        {
                            "type": "price",
                            "name": "Precio",
                            "numbers": [{"number": 60, "weight": "percentageExact"}],
                        },
                        {
                            "type": "quality",
                            "name": "Plan de trabajo",
                            "numbers": [{"number": 40, "weight": "percentageExact"}],
                        },
                    ]
                },
            },
            {
                "id": "LOT-0002",
                "title": "Escuelas",
                "contractTerms": {
                    "performanceTerms": "Se usarán productos con etiqueta ecológica."
                },
                "awardCriteria": {
                    "criteria": [
                        {
                            "type": "price",
                            "name": "Precio",
                            "numbers": [{"number": 30, "weight": "pointsExact"}],
                        },
                        {
                            "type": "quality",
                            "name": "Calidad",
                            "numbers": [{"number": 70, "weight": "pointsExact"}],
                        },
                    ]
                },
            },
        ],
    },
}

SAMPLE = "ocds"  # the OCDS folder of the shared notices


def at(text: str, needle: str, nth: int = 1) -> Location:
    """The 1-based line and column where the ``nth`` occurrence of ``needle`` starts."""
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return Location(line, index - text.rfind("\n", 0, index))


def one(text: str | bytes, file: str = "r.json") -> SourceDoc:
    """The only tender of an OCDS text."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    docs = ocds.load(raw, file)
    assert len(docs) == 1
    return docs[0]


def info(doc: SourceDoc) -> NoticeInfo:
    """The notice information of a tender read from OCDS."""
    assert isinstance(doc.notice, NoticeInfo)
    return doc.notice


def release(**tender: Any) -> dict[str, Any]:
    """A minimal English release whose tender has the given members."""
    return {
        "ocid": "ocds-t-1",
        "id": "t-1",
        "language": "en",
        "tag": ["tender"],
        "buyer": {"name": "Test Council"},
        "tender": {"id": "T-1", "title": "Test tender", **tender},
    }


def schema_findings(engine: Engine, doc: SourceDoc) -> list[str]:
    """The format findings (rule and message) of checking one tender."""
    result = engine.check_doc(doc, FileResult(doc.file))
    return [f"{f.rule}: {f.message}" for f in result.findings if f.rule.startswith("FMT-")]


# -- a release ---------------------------------------------------------------------------------


def test_release_maps_the_core_fields() -> None:
    doc = one(RELEASE)
    tender = doc.data["tender"]
    assert tender["id"] == "BAR-2024-17"
    assert tender["title"] == "Resurfacing of the cycle lanes"
    assert tender["buyer"] == {
        "name": "London Borough of Barnet",
        "country": "GB",
        "city": "London",
    }
    assert tender["language"] == "en"
    assert tender["nature"] == "works"
    assert tender["procedure"] == "open"
    assert tender["cpv"] == ["45233130", "45233162-2"]
    assert tender["estimated_value"] == {"amount": 480000, "currency": "GBP"}
    assert tender["duration_months"] == 12
    assert "lots" not in tender
    assert doc.data["award_criteria"] == [
        {"id": "AC-1", "name": "Price", "type": "price", "weight": 100}
    ]
    assert doc.data["clauses"] == [
        {
            "id": "SEL-1",
            "section": "selection",
            "text": "Bidders shall hold a valid construction safety certificate.",
        }
    ]


def test_release_notice_information() -> None:
    notice = info(one(RELEASE))
    assert (notice.format, notice.kind, notice.source_key) == ("ocds", "tender", "pointer")
    assert notice.languages == ("en",)
    assert notice.read == ("en",)
    assert notice.carries == frozenset({"award", "selection"})
    assert notice.elsewhere == frozenset()
    assert notice.aside["parties"] == [{"name": "Kerbside Contractors Ltd", "roles": ["supplier"]}]
    assert notice.aside["awards"] == [
        {"id": "A-1", "status": "pending", "suppliers": ["Kerbside Contractors Ltd"]}
    ]
    assert notice.aside["release"]["id"] == "ocds-abc123-0001-tender"


def test_release_pointers_and_locations() -> None:
    doc = one(RELEASE)
    sources = info(doc).sources
    expected = {
        ("tender", "title"): ("/tender/title", '"Resurfacing'),
        ("tender", "buyer", "country"): ("/parties/1/address/countryName", '"United Kingdom"'),
        ("tender", "buyer", "city"): ("/parties/1/address/locality", '"London"'),
        ("tender", "nature"): ("/tender/mainProcurementCategory", '"works"'),
        ("tender", "cpv", 0): ("/tender/items/0/classification/id", '"45233130.0"'),
        ("tender", "cpv", 1): ("/tender/items/0/additionalClassifications/0/id", '"45233162-2"'),
        ("tender", "estimated_value", "amount"): ("/tender/value/amount", "480000"),
        ("tender", "duration_months"): ("/tender/contractPeriod/durationInDays", "365"),
        ("award_criteria", 0, "weight"): ("/tender/awardCriteria", '"priceOnly"'),
        ("clauses", 0, "text"): ("/tender/eligibilityCriteria", '"Bidders'),
    }
    for path, (pointer, needle) in expected.items():
        assert sources[path] == pointer, path
        assert doc.locations[path] == at(RELEASE, needle), path
    # pinned: the title's value starts on line 23, column 14
    assert doc.locations[("tender", "title")] == Location(23, 14)
    assert doc.locations[("tender", "cpv", 0)] == Location(33, 51)


def test_every_value_put_has_a_location_and_a_pointer() -> None:
    doc = one(RELEASE)
    sources = info(doc).sources
    for path, value in _leaves(doc.data):
        if path[0] == "pplint":
            continue
        assert path in doc.locations, path
        assert sources[path].startswith("/"), (path, value)


def _leaves(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], Any]]:
    """The scalar values of plain data with their paths."""
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(data, list):
        return [leaf for i, v in enumerate(data) for leaf in _leaves(v, (*path, i))]
    return [(path, data)]


def test_goods_are_supplies_and_a_missing_nature_comes_from_the_cpv() -> None:
    cpv = {"items": [{"id": "1", "classification": {"scheme": "CPV", "id": "30213100"}}]}
    goods = one(json.dumps(release(mainProcurementCategory="goods", **cpv)))
    assert goods.data["tender"]["nature"] == "supplies"
    derived = one(json.dumps(release(**cpv)))
    assert derived.data["tender"]["nature"] == "supplies"
    assert info(derived).sources[("tender", "nature")] == "/tender/items/0/classification/id"
    assert any("no mainProcurementCategory" in n for n in info(derived).notes)


def test_no_cpv_and_no_nature_still_make_a_valid_tender(shipped_engine: Engine) -> None:
    doc = one(json.dumps(release()))
    assert doc.data["tender"]["cpv"] == ["00000000"]
    assert doc.data["tender"]["nature"] == "services"
    assert any("no CPV code" in n for n in info(doc).notes)
    assert schema_findings(shipped_engine, doc) == []


def test_best_value_codes_give_criteria_without_weights() -> None:
    doc = one(
        json.dumps(release(awardCriteria="ratedCriteria", awardCriteriaDetails="Quality 60%."))
    )
    assert doc.data["award_criteria"] == [
        {"id": "AC-1", "name": "Price", "type": "price", "weight_stated": False},
        {
            "id": "AC-2",
            "name": "Quality",
            "type": "quality",
            "weight_stated": False,
            "description": "Quality 60%.",
        },
    ]
    notice = info(doc)
    assert "award" not in notice.carries
    assert notice.elsewhere == frozenset({"award"})


def test_a_selective_method_is_read_from_its_details_or_left_out() -> None:
    named = one(
        json.dumps(
            release(procurementMethod="selective", procurementMethodDetails="Restricted procedure")
        )
    )
    assert named.data["tender"]["procedure"] == "restricted"
    bare = one(json.dumps(release(procurementMethod="limited")))
    assert "procedure" not in bare.data["tender"]
    assert info(bare).aside["procurement_method"] == "limited"


def test_texts_in_a_language_pplint_does_not_read_are_not_clauses() -> None:
    data = release(eligibilityCriteria="Les candidats doivent être inscrits au registre.")
    data["language"] = "fr"
    doc = one(json.dumps(data))
    notice = info(doc)
    assert notice.languages == ("fr",)
    assert notice.read == ()
    assert "language" not in doc.data["tender"]
    assert "clauses" not in doc.data
    assert doc.data["tender"]["title"] == "Test tender"


def test_a_language_variant_in_a_language_read_is_used() -> None:
    data = release(
        eligibilityCriteria="Les candidats doivent être inscrits.",
        eligibilityCriteria_en="Bidders shall be registered.",
    )
    data["language"] = "fr"
    doc = one(json.dumps(data))
    assert info(doc).read == ("en",)
    assert doc.data["clauses"][0]["text"] == "Bidders shall be registered."
    assert info(doc).sources[("clauses", 0, "text")] == "/tender/eligibilityCriteria_en"


def test_escapes_are_read_and_later_columns_stay_right() -> None:
    text = (
        '{"ocid": "o-1", "language": "en", "tender": {"title": "Caf\\u00e9 \\ud83d\\udeb2 '
        'a\\/b \\"x\\"", "id": "T-9"}}'
    )
    doc = one(text)
    assert doc.data["tender"]["title"] == 'Café \U0001f6b2 a/b "x"'
    assert doc.locations[("tender", "id")] == at(text, '"T-9"')


def test_a_repeated_member_is_reported_and_the_first_value_kept() -> None:
    text = '{"ocid": "o-1",\n "tender": {"title": "First", "title": "Second"}}'
    doc = one(text)
    assert doc.data["tender"]["title"] == "First"
    [dup] = doc.duplicates
    assert dup.path == ("tender", "title")
    assert (dup.location, dup.first) == (at(text, '"title"', 2), at(text, '"title"'))


# -- packages, records, JSON Lines -------------------------------------------------------------


def test_a_release_package_gives_one_tender_per_release() -> None:
    first, second = release(title="First lane"), release(title="Second lane")
    second["tag"] = ["tenderAmendment"]
    text = json.dumps({"version": "1.1", "releases": [first, second]}, indent=2)
    docs = ocds.load(text.encode(), "p.json")
    assert [d.data["tender"]["title"] for d in docs] == ["First lane", "Second lane"]
    assert [info(d).kind for d in docs] == ["tender", "tenderAmendment"]
    assert info(docs[1]).sources[("tender", "title")] == "/releases/1/tender/title"
    assert docs[1].locations[("tender", "title")] == at(text, '"Second lane"')
    assert docs[0].locations[()] == at(text, "{", 2)


def test_releases_without_a_tender_are_skipped_and_named() -> None:
    contract = {"ocid": "ocds-t-1", "id": "t-2", "tag": ["contract"], "contracts": [{"id": "C"}]}
    docs = ocds.load(json.dumps({"releases": [release(), contract]}).encode(), "p.json")
    assert len(docs) == 1
    assert "releases with no tender were not linted: /releases/1 (contract)" in info(docs[0]).notes


def test_a_record_package_reads_the_compiled_release() -> None:
    compiled = release(title="Compiled title")
    compiled["tag"] = ["compiled"]
    record = {"ocid": "ocds-t-1", "releases": [{"url": "x#1", "tag": ["tender"]}]}
    text = json.dumps({"records": [{**record, "compiledRelease": compiled}]}, indent=1)
    doc = one(text)
    assert doc.data["tender"]["title"] == "Compiled title"
    assert info(doc).kind == "compiled"
    assert info(doc).sources[("tender", "title")] == "/records/0/compiledRelease/tender/title"
    assert doc.locations[("tender", "title")] == at(text, '"Compiled title"')


def test_a_record_without_a_compiled_release_reads_its_latest_release() -> None:
    old, new = release(title="Old"), release(title="New")
    old["date"], new["date"] = "2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z"
    doc = one(json.dumps({"records": [{"ocid": "ocds-t-1", "releases": [new, old]}]}))
    assert doc.data["tender"]["title"] == "New"
    assert info(doc).sources[("tender", "title")] == "/records/0/releases/0/tender/title"
    assert any("does not merge" in n for n in info(doc).notes)


def test_json_lines_give_one_tender_per_line_located_on_its_line() -> None:
    lines = [json.dumps(release(title="Line one")), json.dumps(release(title="Line two"))]
    text = "\n".join(lines) + "\n"
    docs = ocds.load(text.encode(), "r.jsonl")
    assert [d.data["tender"]["title"] for d in docs] == ["Line one", "Line two"]
    for n, doc in enumerate(docs, 1):
        assert info(doc).sources[("tender", "title")] == "/tender/title"
        column = lines[n - 1].index('"Line ') + 1
        assert doc.locations[("tender", "title")] == Location(n, column)
    assert docs[1].locations[()] == Location(2, 1)


def test_a_broken_json_line_is_placed_on_its_line() -> None:
    text = json.dumps(release()) + '\n{"ocid": "x", "tender": }\n'
    with pytest.raises(LoadError) as caught:
        ocds.load(text.encode(), "r.jsonl")
    assert (caught.value.code, caught.value.line, caught.value.column) == ("FMT-JSON", 2, 25)


# -- the OCDS for eForms extension fields ------------------------------------------------------


def test_extension_fields_are_mapped_and_shown() -> None:
    doc = one(json.dumps(EXTENDED, ensure_ascii=False, indent=2))
    tender = doc.data["tender"]
    assert tender["buyer"] == {"name": "Ajuntament de Girona", "country": "ES", "city": "Girona"}
    assert tender["language"] == "es"
    assert tender["strategic"] == {
        "goals": ["social", "environmental"],
        "social_objective": ["work-cond"],
        "environmental_impact": ["circ-econ"],
        "gpp_criteria": "eu",
    }
    assert tender["accessibility"] == {"criteria": "included"}
    assert tender["lots"] == [
        {
            "id": "LOT-0001",
            "title": "Edificios administrativos",
            "cpv": ["90911200"],
            "estimated_value": {"amount": 120000, "currency": "EUR"},
            "reserved": "sheltered_workshops",
        },
        {"id": "LOT-0002", "title": "Escuelas", "cpv": ["90919200"]},
    ]
    weights = [(c["id"], c["lot"], c["weight"]) for c in doc.data["award_criteria"]]
    assert weights == [
        ("AC-LOT-0001-1", "LOT-0001", 60),
        ("AC-LOT-0001-2", "LOT-0001", 40),
        ("AC-LOT-0002-1", "LOT-0002", 30),
        ("AC-LOT-0002-2", "LOT-0002", 70),
    ]
    clauses = [(c["id"], c["section"], c.get("lot")) for c in doc.data["clauses"]]
    assert clauses == [
        ("EXCL-exg-mis-bre-lab-law", "exclusion", None),
        ("PERF-LOT-0001-1", "performance", "LOT-0001"),
        ("PERF-LOT-0002-1", "performance", "LOT-0002"),
    ]
    assert info(doc).carries == frozenset(
        {"award", "performance", "exclusion", "accessibility", "strategic"}
    )
    sources = info(doc).sources
    assert sources[("award_criteria", 3, "weight")] == (
        "/tender/lots/1/awardCriteria/criteria/1/numbers/0/number"
    )
    assert sources[("clauses", 1, "text")] == "/tender/lots/0/contractTerms/performanceTerms"


def test_a_single_lot_is_not_a_division() -> None:
    data = release(
        lots=[{"id": "LOT-0000", "title": "Only", "value": {"amount": 5, "currency": "EUR"}}]
    )
    doc = one(json.dumps(data))
    assert "lots" not in doc.data["tender"]
    assert doc.data["tender"]["estimated_value"] == {"amount": 5, "currency": "EUR"}
    assert info(doc).sources[("tender", "estimated_value")] == "/tender/lots/0/value"


def test_inline_fixtures_follow_the_tender_schema(shipped_engine: Engine) -> None:
    texts = [RELEASE, json.dumps(EXTENDED), json.dumps(release(awardCriteria="bestProposal"))]
    for text in texts:
        for doc in ocds.load(text.encode(), "r.json"):
            result = shipped_engine.check_doc(doc, FileResult(doc.file))
            assert result.checked
            assert schema_findings(shipped_engine, doc) == []


# -- what is not OCDS, not JSON, or has no tender ----------------------------------------------


@pytest.mark.parametrize(
    "text", ['{"pplint": 1, "tender": {"id": "T"}}', '[{"ocid": "x"}]', '"ocds"']
)
def test_json_that_is_not_ocds_raises_not_ocds(text: str) -> None:
    with pytest.raises(ocds.NotOcds):
        ocds.load(text.encode(), "t.json")


def test_broken_json_is_fmt_json_with_its_line_and_column() -> None:
    text = '{\n  "ocid": "x",\n  "tender": {"title": "A",}\n}\n'
    with pytest.raises(LoadError) as caught:
        ocds.load(text.encode(), "b.json")
    error = caught.value
    assert (error.code, error.file, error.line, error.column) == ("FMT-JSON", "b.json", 3, 27)
    assert "JSON syntax error" in error.message


@pytest.mark.parametrize("text", ["{'ocid': 'x'}", '{"ocid": NaN}', '{ocid: "x"}'])
def test_what_yaml_would_accept_but_json_does_not_is_refused(text: str) -> None:
    with pytest.raises(LoadError) as caught:
        ocds.load(text.encode(), "b.json")
    assert caught.value.code == "FMT-JSON"
    assert caught.value.line == 1


def test_ocds_without_a_tender_is_fmt_no_tender() -> None:
    text = '{\n  "ocid": "ocds-t-1",\n  "tag": ["contract"],\n  "contracts": []\n}'
    with pytest.raises(LoadError) as caught:
        ocds.load(text.encode(), "c.json")
    assert (caught.value.code, caught.value.line, caught.value.column) == ("FMT-NO-TENDER", 1, 1)
    assert "contract" in caught.value.message


# -- the shared OCDS sample --------------------------------------------------------------------


def sample(notices_dir: Path, name: str) -> tuple[str, list[SourceDoc]]:
    """The text of a shared OCDS sample file and the tenders it maps to."""
    path = notices_dir / SAMPLE / name
    raw = path.read_bytes()
    return raw.decode("utf-8"), ocds.load(raw, path.name, max_nodes=1_000_000)


def test_sample_tender_release(notices_dir: Path) -> None:
    text, [doc] = sample(notices_dir, "ocds-sample__ocds-213czf-000-00001-02-tender.json")
    tender = doc.data["tender"]
    assert tender["id"] == "ocds-213czf-000-00001-01-tender"
    assert tender["title"] == "Planned cycle lane improvements"
    assert tender["buyer"] == {
        "name": "London Borough of Barnet",
        "country": "GB",
        "city": "London",
    }
    assert tender["nature"] == "works"
    assert tender["procedure"] == "open"
    assert tender["cpv"] == ["45233130", "45233162-2"]
    assert tender["estimated_value"] == {"amount": 1100000, "currency": "GBP"}
    assert tender["duration_months"] == 12
    assert [
        (c["type"], c.get("weight"), c["weight_stated"]) for c in doc.data["award_criteria"]
    ] == [
        ("price", None, False),
        ("quality", None, False),
    ]
    notice = info(doc)
    assert notice.kind == "tender"
    assert notice.carries == frozenset()
    assert notice.elsewhere == frozenset({"award"})
    assert notice.sources[("tender", "title")] == "/releases/0/tender/title"
    assert doc.locations[("tender", "title")] == Location(58, 18)
    assert (
        notice.sources[("tender", "buyer", "country")]
        == "/releases/0/parties/0/address/countryName"
    )
    assert doc.locations[("tender", "cpv", 0)] == at(text, '"45233130.0"')


def test_sample_release_package(notices_dir: Path) -> None:
    _, docs = sample(notices_dir, "ocds-sample__ocds-213czf-000-00001.json")
    assert [info(d).kind for d in docs] == ["planning", "tender", "tenderAmendment", "award"]
    assert [info(d).sources[("tender", "title")] for d in docs] == [
        f"/releases/{i}/tender/title" for i in range(4)
    ]
    assert docs[0].data["tender"]["estimated_value"]["amount"] == 1000000
    skipped = "releases with no tender were not linted: /releases/4 (contract), /releases/5"
    assert all(any(n.startswith(skipped) for n in info(d).notes) for d in docs)
    assert info(docs[3]).aside["awards"][0]["suppliers"] == ["AnyCorp Cycle Provision"]


def test_sample_record_package(notices_dir: Path) -> None:
    for name in (
        "ocds-sample__ocds-213czf-000-00001.json",
        "ocds-sample__ocds-213czf-000-00001-withversions.json",
    ):
        _, [doc] = sample(notices_dir, f"record/{name}")
        assert info(doc).kind == "compiled"
        assert info(doc).sources[("tender", "title")] == "/records/0/compiledRelease/tender/title"
        assert doc.data["tender"]["cpv"] == ["45233130", "45233162-2"]


def test_sample_contract_release_has_no_tender(notices_dir: Path) -> None:
    with pytest.raises(LoadError) as caught:
        sample(notices_dir, "ocds-sample__ocds-213czf-000-00001-05-contract.json")
    assert (caught.value.code, caught.value.line, caught.value.column) == ("FMT-NO-TENDER", 14, 5)


def test_every_sample_document_follows_the_tender_schema(
    notices_dir: Path, shipped_engine: Engine
) -> None:
    checked = 0
    for path in sorted((notices_dir / SAMPLE).rglob("*.json")):
        try:
            docs = ocds.load(path.read_bytes(), path.name, max_nodes=1_000_000)
        except LoadError as exc:
            assert exc.code == "FMT-NO-TENDER", path  # the contract and implementation releases
            continue
        for doc in docs:
            result = shipped_engine.check_doc(doc, FileResult(doc.file))
            assert result.checked, path
            assert schema_findings(shipped_engine, doc) == [], path
            checked += 1
    assert checked == 10


def test_a_release_with_no_tender_is_information_not_an_error(shipped_engine: Engine) -> None:
    """A contract or implementation release is nothing wrong: one info note, exit 0."""
    text = '{\n  "ocid": "ocds-t-1",\n  "tag": ["contract"],\n  "contracts": []\n}'
    result = shipped_engine.check_bytes(text.encode(), "c.json")
    assert [(f.rule, f.kind, f.severity.label) for f in result.findings] == [
        ("FMT-NO-TENDER", "not-shown", "info")
    ]
