"""Tests for pplint.source: locations, and every way a file can be refused."""

from __future__ import annotations

import time

import pytest

from pplint.core.errors import LoadError
from pplint.core.model import Location
from pplint.load.source import load_bytes


def test_locations_point_at_values_and_keys() -> None:
    doc = load_bytes(b"a: 1\nb:\n  - x: 2\n    y: [1, 2]\n", "f.yaml")
    assert doc.data == {"a": 1, "b": [{"x": 2, "y": [1, 2]}]}
    assert doc.locate(("a",)) == Location(1, 4)  # scalar: the value
    assert doc.locate(("b",)) == Location(2, 1)  # collection: its key
    assert doc.locate(("b", 0, "x")) == Location(3, 8)
    assert doc.locate(("b", 0, "y", 1)) == Location(4, 12)


def test_locate_falls_back_to_closest_ancestor() -> None:
    doc = load_bytes(b"a:\n  b: 1\n", "f.yaml")
    assert doc.locate(("a", "missing", 3)) == Location(1, 1)


def test_duplicate_keys_are_recorded_with_both_places() -> None:
    doc = load_bytes(b"a: 1\nb: 2\na: 3\n", "f.yaml")
    assert doc.data == {"a": 1, "b": 2}
    [dup] = doc.duplicates
    assert (dup.path, dup.location, dup.first) == (("a",), Location(3, 1), Location(1, 1))


@pytest.mark.parametrize(
    ("raw", "code", "line", "column"),
    [
        (b"", "FMT-EMPTY", 1, 1),
        (b"# only a comment\n", "FMT-EMPTY", 1, 1),
        (b"a: [1\n", "FMT-SYNTAX", 1, 6),  # at the end of the file: its last line
        (b"a: 1\n  b: 2\n", "FMT-SYNTAX", 2, 4),
        (b"a: 1\n---\nb: 2\n", "FMT-MULTIDOC", 3, 1),
        (b"a: 1\nb: \xe9\n", "FMT-ENCODING", 2, 4),
        (b"a: 1\x00\n", "FMT-ENCODING", 1, 5),
        (b"a: !!python/object/apply:os.system [ls]\n", "FMT-TAG", 1, 4),
        (b"a: !custom x\n", "FMT-TAG", 1, 4),
        (b"a: &x\n  b: *x\n", "FMT-LIMIT", 1, 4),
        (b"base: &b {x: 1}\nc:\n  <<: *b\n", "FMT-SYNTAX", 3, 3),
    ],
    ids=[
        "empty",
        "comment-only",
        "flow",
        "indent",
        "multidoc",
        "latin1",
        "nul",
        "python-tag",
        "custom-tag",
        "recursive-alias",
        "merge-key",
    ],
)
def test_refused_files(raw: bytes, code: str, line: int, column: int) -> None:
    with pytest.raises(LoadError) as info:
        load_bytes(raw, "f.yaml")
    assert (info.value.code, info.value.line, info.value.column) == (code, line, column)


def test_utf8_bom_is_accepted() -> None:
    assert load_bytes("\ufeffa: é\n".encode(), "f.yaml").data == {"a": "é"}


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    raw = ("\n".join(lines) + "\n").encode()
    start = time.perf_counter()
    with pytest.raises(LoadError) as info:
        load_bytes(raw, "bomb.yaml")
    assert info.value.code == "FMT-LIMIT"
    assert "alias" in info.value.message
    assert time.perf_counter() - start < 5  # generous: it is refused before any expansion


def test_size_limit() -> None:
    with pytest.raises(LoadError) as info:
        load_bytes(b"a: " + b"x" * 200 + b"\n", "big.yaml", max_bytes=100)
    assert info.value.code == "FMT-LIMIT"
    assert "limit of 100 bytes" in info.value.message


def test_dates_stay_text_and_keys_are_strings() -> None:
    doc = load_bytes(b"d: 2027-01-31\n1: one\n", "f.yaml")
    assert doc.data == {"d": "2027-01-31", "1": "one"}
