"""The generated tender validator agrees with jsonschema, and is generated from today's schema.

The generated code only answers yes or no on the happy path; jsonschema stays the authority and
words every message. What must never happen is the generated code accepting a document that
jsonschema rejects (its errors would be lost), so every document below is judged by both.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from pplint.load import fastschema, schemas
from pplint.load.source import load_bytes

from conftest import REPO

JSONSCHEMA = schemas._validator("tender")
SETTINGS = settings(
    max_examples=60 if os.environ.get("PPLINT_HYPOTHESIS") != "deep" else 3000,
    deadline=None,
    derandomize=os.environ.get("PPLINT_HYPOTHESIS") != "deep",
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)


def _jsonschema_ok(data: Any) -> bool:
    return not schemas.validate_with(JSONSCHEMA, data)


def _agree(data: Any) -> None:
    fast = fastschema.is_valid_tender(data)
    assert fast == _jsonschema_ok(data), f"generated says {fast} for {data!r:.300}"


def _real_tenders() -> list[Path]:
    roots = [REPO / "examples", REPO / "corpus", REPO / "tests" / "golden"]
    return sorted(p for root in roots for p in root.rglob("*.tender.yaml"))


def test_the_generated_module_is_made_from_todays_schema() -> None:
    from pplint.load import _tender_valid

    assert _tender_valid.SCHEMA_SHA256 == fastschema.schema_digest(), (
        "the tender schema changed: run `python tools/generate_validator.py`"
    )
    pytest.importorskip("fastjsonschema")
    assert fastschema.GENERATED.read_text("utf-8") == fastschema.generate()


def test_a_stale_module_is_never_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    from pplint.load import _tender_valid

    monkeypatch.setattr(_tender_valid, "SCHEMA_SHA256", "0" * 64)
    monkeypatch.setattr(fastschema, "_validate", None)
    assert fastschema.is_valid_tender({"pplint": 1}) is False
    monkeypatch.setattr(fastschema, "_validate", None)


@pytest.mark.parametrize("path", _real_tenders(), ids=lambda p: str(p.relative_to(REPO)))
def test_both_accept_every_real_tender(path: Path) -> None:
    data = load_bytes(path.read_bytes(), str(path)).data
    _agree(data)


def _mutations(data: Any) -> Iterator[Any]:
    """Copies of a valid tender with one thing wrong: a key gone, a wrong type, a value out of
    its enum or pattern, an unknown key, a boolean for a number, at every level."""
    wrong_values: list[Any] = [None, True, 0, 1.5, "", "x", [], {}, ["x"], {"x": 1}, -1]

    def walk(node: Any, path: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
        yield path
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, (*path, i))

    def at(root: Any, path: tuple[Any, ...]) -> Any:
        for step in path:
            root = root[step]
        return root

    for path in walk(data, ()):
        if not path:
            continue
        for value in wrong_values:
            changed = copy.deepcopy(data)
            at(changed, path[:-1])[path[-1]] = value
            yield changed
        changed = copy.deepcopy(data)
        parent = at(changed, path[:-1])
        if isinstance(parent, dict):
            del parent[path[-1]]
            yield changed
            extra = copy.deepcopy(data)
            at(extra, path[:-1])["unknown_key"] = 1
            yield extra
        else:
            parent.pop(path[-1])
            yield changed


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "examples").rglob("*.tender.yaml")),
    ids=lambda p: p.name,
)
def test_both_judge_every_one_thing_wrong_alike(path: Path) -> None:
    data = load_bytes(path.read_bytes(), str(path)).data
    for changed in _mutations(data):
        _agree(changed)


@SETTINGS
@given(from_schema(schemas.schema("tender")))
def test_both_accept_what_the_schema_generates(data: Any) -> None:
    _agree(data)


JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 200)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["pplint", "tender", "id", "title", "clauses", "award_criteria", "x"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@SETTINGS
@given(JSONISH)
def test_both_judge_arbitrary_data_alike(data: Any) -> None:
    _agree(data)
