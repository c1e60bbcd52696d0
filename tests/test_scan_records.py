"""The scan's record schema: documented field for field, and filled as documented."""

from __future__ import annotations

import re

from pplint.engine.checker import Engine
from pplint.scan.records import DOCUMENT_FIELDS, FINDING_FIELDS, SCHEMA_VERSION, price_weight
from pplint.scan.run import ScanStep
from pplint.scan.sources import Document

from conftest import REPO

PAGE = REPO / "docs" / "scan-records.md"
SPANISH = REPO / "examples" / "notices" / "es-limpieza-cn16.xml"


def documented(section: str) -> list[str]:
    """The fields a table of docs/scan-records.md lists, in order."""
    text = PAGE.read_text(encoding="utf-8").split(f"## {section}")[1].split("\n## ")[0]
    names: list[str] = []
    for row in re.findall(r"^\| (`[^|]+`) \|", text, re.MULTILINE):
        names += re.findall(r"`([a-z_]+)`", row)
    return names


def test_the_page_documents_every_field_in_order() -> None:
    assert documented("Document records") == list(DOCUMENT_FIELDS)
    assert documented("Finding records") == list(FINDING_FIELDS)
    assert f"schema version {SCHEMA_VERSION}" in PAGE.read_text(encoding="utf-8")


def test_a_notice_record_is_filled_as_documented(shipped_engine: Engine) -> None:
    scanned = ScanStep(shipped_engine)(Document("day.tar.gz!x.xml", SPANISH.read_bytes()))
    [doc] = scanned.documents
    assert set(doc) == set(DOCUMENT_FIELDS)
    assert (doc["format"], doc["notice_kind"], doc["country"], doc["nature"]) == (
        "eforms",
        "competition",
        "ES",
        "services",
    )
    assert (doc["price_weight"], doc["lots"], doc["value"], doc["error_code"]) == (
        70.0,
        1,
        960000.0,
        None,
    )
    assert "INN-AWD-002" in doc["rules_failed"] and "GOV-STR-001" in doc["rules_not_judged"]
    assert "INN-AWD-002" not in doc["rules_held"]
    assert doc["findings"] == len(scanned.findings) == 6
    finding = next(f for f in scanned.findings if f["rule"] == "INN-AWD-002")
    assert set(finding) == set(FINDING_FIELDS)
    assert finding["xpath"].endswith("efbc:ParameterNumeric") and finding["line"] == 163


def test_a_bad_document_is_a_record_with_its_error(shipped_engine: Engine) -> None:
    step = ScanStep(shipped_engine)
    [broken] = step(Document("b.xml", b"<ContractNotice><a></ContractNotice>")).documents
    assert broken["error_code"] == "FMT-XML" and broken["error"].startswith("1:")
    assert broken["format"] is None and broken["source"] == "b.xml"
    [unread] = step(Document("big.xml", None, "over the limit of 10 bytes")).documents
    assert (unread["error_code"], unread["error"]) == ("FMT-READ", "over the limit of 10 bytes")


def test_price_weight_is_the_heaviest_lot_and_unknown_when_a_weight_is() -> None:
    shared = [{"type": "quality", "weight": 40}, {"type": "price", "weight": 60}]
    assert price_weight(shared) == 60
    lots = [
        {"type": "price", "weight": 30, "lot": "A"},
        {"type": "quality", "weight": 70, "lot": "A"},
        {"type": "price", "weight": 80, "lot": "B"},
        {"type": "quality", "weight": 20, "lot": "B"},
    ]
    assert price_weight(lots) == 80
    assert price_weight([{"type": "price", "weight_stated": False}]) is None
    assert price_weight([]) is None
