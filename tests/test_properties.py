"""Property-based tests: generated and mutated tenders through the whole CLI and every format.

Tenders are generated from the tender schema itself (hypothesis-jsonschema), written out as YAML
in several styles and line endings, or mutated byte by byte from a real example. Whatever comes
in, `pplint check` must end with exit 0 or 1 and no exception, write every output format, and
every finding must point at a line inside the file and a document path that exists in it (a
finding about an absent field names that field, inside a mapping that exists).

The number of examples is bounded so that CI stays quick and repeatable (the default profile is
derandomized); set PPLINT_HYPOTHESIS=deep for a long random search.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from pplint.cli.main import main
from pplint.load import schemas
from pplint.load.source import load_text

from conftest import REPO

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is shown as found
)
settings.register_profile(
    "deep",
    max_examples=2000,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("PPLINT_HYPOTHESIS", "ci"))

FORMATS = ("text", "json", "sarif", "gitlab", "github", "junit")
EXAMPLE = (REPO / "examples" / "bad" / "furniture.tender.yaml").read_bytes()
HOSTILE_PIECES = [
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!",
    "!x ",
    "|",
    ">",
    "'",
    '"',
    "%",
    "@",
    "`",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\u0085",
    "\u2028",
    "\u2029",
    "#",
    "? ",
    "---\n",
    "...\n",
    "\x1b[31m",
    "\x00",
    "\ufeff",
    "é",
    "1e400",
    ".nan",
    "no",
    "~",
    "<<: *a\n",
    "    ",
    "9" * 50,
]


def _dump(data: Any, flow: bool, width: int) -> str:
    return yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=width
    )


@st.composite
def schema_tenders(draw: st.DrawFn) -> bytes:
    """A tender that follows the schema, written as YAML in a drawn style and line ending."""
    data = draw(from_schema(schemas.schema("tender")))
    style = draw(st.sampled_from(["block", "flow", "json"]))
    if style == "json":  # JSON is YAML 1.2 and reads back exactly
        text = json.dumps(
            data, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1, 4]))
        )
    else:  # safe_dump writes YAML 1.1: a text such as 0o17 may come back as a number
        text = _dump(data, style == "flow", draw(st.sampled_from([40, 80, 10_000])))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text.encode("utf-8")


@st.composite
def mutated_tenders(draw: st.DrawFn) -> bytes:
    """A real tender with a few hostile pieces inserted and a few spans deleted."""
    raw = EXAMPLE
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(raw)))
        if draw(st.booleans()):
            piece = draw(st.sampled_from(HOSTILE_PIECES)).encode("utf-8")
            raw = raw[:at] + piece + raw[at:]
        else:
            raw = raw[:at] + raw[at + draw(st.integers(1, 40)) :]
    return raw


def _lines(raw: bytes) -> int:
    return max(1, raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1))


def _path_exists(data: Any, path: list[Any]) -> bool:
    node = data
    for part in path:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return False
    return True


def _names_absent_key(data: Any, path: list[Any]) -> bool:
    """A finding about an absent field names it inside the mapping where it belongs."""
    if not path or not isinstance(path[-1], str) or not _path_exists(data, path[:-1]):
        return False
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    return isinstance(parent, dict) and path[-1] not in parent


def _document(raw: bytes) -> Any:
    """The document as pplint loads it, or None where it does not load."""
    try:
        return load_text(raw.decode("utf-8-sig"), "t").data
    except Exception:
        return None


def _check(raw: bytes, tmp: Path) -> None:
    tender = tmp / "t.tender.yaml"
    tender.write_bytes(raw)
    out = tmp / "out"
    args = ["check", "--no-config", "--format", "json", str(tender)]
    for fmt in FORMATS:
        args += ["--output", f"{fmt}={out / fmt}"]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"exception {result.exception!r} on:\n{raw[:2000]!r}"
    )
    assert result.exit_code in (0, 1), f"exit {result.exit_code}: {result.output[-2000:]}"
    report = json.loads(result.stdout)
    lines = _lines(raw)
    document = _document(raw)
    for finding in report["findings"]:
        assert 1 <= finding["line"] <= lines, f"line {finding['line']} outside 1..{lines}"
        if document is not None and finding["kind"] != "invalid":
            path = _parse_path(finding["path"])
            assert _path_exists(document, path) or _names_absent_key(document, path), (
                f"path {finding['path']} not in the document"
            )
    for fmt in FORMATS:
        text = (out / fmt).read_bytes().decode("utf-8")
        if fmt in ("json", "sarif", "gitlab"):
            json.loads(text)
        elif fmt == "junit":
            ET.fromstring(text)


def _parse_path(text: str) -> list[Any]:
    """`clauses[3].text` back to ["clauses", 3, "text"]."""
    out: list[Any] = []
    for piece in text.replace("]", "").split("."):
        if not piece:
            continue
        head, *indexes = piece.split("[")
        if head:
            out.append(head)
        out.extend(int(i) for i in indexes)
    return out


@given(schema_tenders())
def test_schema_generated_tenders(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    _check(raw, tmp_path_factory.mktemp("gen"))


@given(mutated_tenders())
def test_mutated_tenders(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    _check(raw, tmp_path_factory.mktemp("mut"))
