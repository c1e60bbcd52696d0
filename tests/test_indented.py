"""The indented JSON encoder writes exactly what json.dumps(indent=2) writes."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pplint.output.formatters import indented

LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=40,
)


def standard(data: Any, depth: int = 0) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)


@settings(max_examples=500, deadline=None)
@given(VALUES, st.integers(min_value=0, max_value=3))
def test_same_text_as_the_standard_encoder(data: Any, depth: int) -> None:
    assert indented.dumps(data, depth) == standard(data, depth)


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        {"a": {}, "b": [], "c": [[], {}]},
        {7: "int key", 2.5: "float key", True: "t", False: "f", None: "n"},
        [math.nan, math.inf, -math.inf, -0.0, 1e16, 10**30],
        {"esc": 'quote " backslash \\ newline \n tab \t bell \x07 é ✓'},
        {"lone": "\ud800"},
    ],
)
def test_edge_cases(data: Any) -> None:
    assert indented.dumps(data) == standard(data)


def test_what_json_refuses_it_refuses() -> None:
    with pytest.raises(TypeError):
        indented.dumps({(1, 2): "tuple key"})
    with pytest.raises(TypeError):
        indented.dumps({"set": {1}})
