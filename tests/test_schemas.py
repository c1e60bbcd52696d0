"""Tests for pplint.schemas: schema violations in plain words, at the right path."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pplint.load import schemas

VALID: dict[str, Any] = {
    "pplint": 1,
    "tender": {
        "id": "T",
        "title": "t",
        "buyer": {"name": "b", "country": "ES"},
        "nature": "services",
        "cpv": ["72212000"],
    },
    "award_criteria": [{"id": "A", "name": "Price", "type": "price", "weight": 100}],
    "clauses": [{"id": "C", "section": "performance", "text": {"es": "x", "ca": "y"}}],
}


def _with(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


def test_valid_tender_has_no_problem() -> None:
    assert schemas.validate("tender", VALID) == []


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ("award_criteria", 0, "weight"),
            "fifty",
            "award_criteria[0].weight: 'fifty' is not a number",
        ),
        (("award_criteria", 0, "weight"), 120, "award_criteria[0].weight: 120 must be at most 100"),
        (
            ("tender", "nature"),
            "goods",
            "tender.nature: 'goods' is not one of works, supplies or services",
        ),
        (("tender", "cpv", 0), "7221", "tender.cpv[0]: '7221' is not a CPV code"),
        (
            ("tender", "buyer", "country"),
            "Spain",
            "tender.buyer.country: 'Spain' is not a 2-letter ISO 3166 country code",
        ),
        (("tender", "title"), KeyError, "tender: required field `title` is missing"),
        (("pplint",), 2, "pplint: must be 1, not 2"),
        (("clauses", 0, "text"), 5, "clauses[0].text: 5 is not a text or a mapping"),
        (("tender", "colour"), "red", "tender.colour: unknown field `colour`"),
        (("clauses", 0, "section"), "annex", "clauses[0].section: 'annex' is not one of"),
    ],
)
def test_plain_words(path: tuple[Any, ...], value: Any, expected: str) -> None:
    problems = schemas.validate("tender", _with(path, value))
    assert any(msg.startswith(expected) for _, msg in problems), problems


def test_accessibility_justification_required_when_not_included() -> None:
    data = _with(("tender", "accessibility"), {"criteria": "not_included"})
    [(path, msg)] = schemas.validate("tender", data)
    assert path == ("tender", "accessibility")
    assert "justification" in msg


def test_shipped_schemas_are_valid_json_schema() -> None:
    import jsonschema

    for name in schemas.SCHEMAS:
        jsonschema.Draft202012Validator.check_schema(schemas.schema(name))


def test_weakness_reasons_are_one_list() -> None:
    """The pack schema's reason enums are model.REASONS (the one definition)."""
    from pplint.core.model import REASONS

    found: list[list[str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            enum = node.get("enum")
            if isinstance(enum, list) and "hedged" in enum:
                found.append(enum)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schemas.schema("rulepack"))
    assert found, "the pack schema lists no reasons"
    assert all(sorted(enum) == sorted(REASONS) for enum in found), found
