"""A notice's tender written as commented YAML: each value says where the notice gives it."""

from __future__ import annotations

import json
import re
from typing import Any

from pplint.core.model import DocPath
from pplint.load.source import SourceDoc
from pplint.notices.build import to_source

# eForms business terms of the tender fields (the notices mapping), by path pattern
BT = {
    ("tender", "id"): "BT-22 (or BT-04)",
    ("tender", "title"): "BT-21-Procedure",
    ("tender", "buyer"): "OPT-300 / BT-500",
    ("tender", "buyer", "name"): "BT-500",
    ("tender", "buyer", "country"): "BT-514",
    ("tender", "buyer", "city"): "BT-513",
    ("tender", "language"): "BT-702",
    ("tender", "nature"): "BT-23",
    ("tender", "procedure"): "BT-105",
    ("tender", "cpv", "*"): "BT-262 / BT-263",
    ("tender", "estimated_value"): "BT-27",
    ("tender", "duration_months"): "BT-36",
    ("tender", "strategic", "goals", "*"): "BT-06",
    ("tender", "strategic", "environmental_impact", "*"): "BT-774",
    ("tender", "strategic", "social_objective", "*"): "BT-775",
    ("tender", "strategic", "innovative_acquisition", "*"): "BT-776",
    ("tender", "strategic", "gpp_criteria"): "BT-805",
    ("tender", "accessibility", "criteria"): "BT-754",
    ("tender", "accessibility", "justification"): "BT-755",
    ("tender", "lots", "*", "id"): "BT-137",
    ("tender", "lots", "*", "title"): "BT-21-Lot",
    ("tender", "lots", "*", "cpv", "*"): "BT-262-Lot / BT-263-Lot",
    ("tender", "lots", "*", "estimated_value"): "BT-27-Lot",
    ("tender", "lots", "*", "reserved"): "BT-71",
    ("award_criteria", "*", "type"): "BT-539",
    ("award_criteria", "*", "name"): "BT-734 (or BT-540)",
    ("award_criteria", "*", "description"): "BT-540",
    ("award_criteria", "*", "weight"): "BT-541 / BT-5421",
    ("award_criteria", "*", "rank"): "BT-541 (ord-imp)",
    ("award_criteria", "*", "scoring"): "BT-543",
}
FORMATS = {"eforms": "an eForms", "ted": "a TED", "ocds": "an OCDS"}
WHERE = {"eforms": "its business term", "ted": "its element", "ocds": "its JSON pointer"}
CLAUSE_BT = {"performance": "BT-70", "exclusion": "BT-67", "selection": "BT-809 / BT-750"}
_UNSAFE = re.compile(r"[^\w\s./:@\[\]()'=,*-]")


def dump(doc: SourceDoc, name: str) -> str:
    """The commented YAML of a tender read from the notice ``name``."""
    info = doc.notice
    data = dict(doc.data)
    ordered = {"pplint": data.pop("pplint", 1), "source": to_source(info, name), **data}
    head = [
        f"# Written by `pplint import` from {_safe(name)}, "
        f"{FORMATS.get(info.format, info.format)} notice ({info.kind}).",
        f"# Each value says where the notice gives it ({WHERE.get(info.format, 'its place')}"
        " and line).",
        "# A notice shows no specification, contract clause, verification or enforcement text:",
        "# add them from the tender documents, then remove `source` to judge the whole tender.",
    ]
    head += [f"# Note: {_safe(note)}" for note in info.notes]
    writer = _Writer(doc)
    writer.mapping(ordered, (), 0)
    return "\n".join(head + writer.lines) + "\n"


class _Writer:
    """Block-style YAML, one value a line, each with its source as a comment."""

    def __init__(self, doc: SourceDoc):
        self.doc = doc
        self.lines: list[str] = []

    def comment(self, path: DocPath) -> str:
        loc = self.doc.locations.get(path)
        if loc is None or path[:1] == ("source",):
            return ""
        where = _term(path, self.doc) or _tail(self.doc.notice.source(path))
        return f"  # {_safe(where)}, line {loc.line}" if where else f"  # line {loc.line}"

    def mapping(self, value: dict[str, Any], path: DocPath, indent: int) -> None:
        pad = " " * indent
        for key, item in value.items():
            here = (*path, key)
            if isinstance(item, dict | list) and item:
                self.lines.append(f"{pad}{key}:{self.comment(here)}")
                self.block(item, here, indent + 2)
            else:
                self.lines.append(f"{pad}{key}: {_scalar(item)}{self.comment(here)}")

    def block(self, value: dict[str, Any] | list[Any], path: DocPath, indent: int) -> None:
        if isinstance(value, dict):
            self.mapping(value, path, indent)
            return
        pad = " " * indent
        for i, item in enumerate(value):
            here = (*path, i)
            if isinstance(item, dict) and item:
                start = len(self.lines)
                self.mapping(item, here, indent + 2)
                self.lines[start] = f"{pad}- {self.lines[start][indent + 2 :]}"
                note = self.comment(here)
                if note and "#" not in self.lines[start]:
                    self.lines[start] += note
            else:
                self.lines.append(f"{pad}- {_scalar(item)}{self.comment(here)}")


def _scalar(value: Any) -> str:
    """A scalar as YAML: strings double-quoted (JSON's escapes are YAML's), others as JSON."""
    if isinstance(value, dict | list):
        return "{}" if isinstance(value, dict) else "[]"
    return _NOT_YAML.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False)
    )


# what YAML does not allow raw in a double-quoted scalar, or would read as a line break
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def _term(path: DocPath, doc: SourceDoc) -> str | None:
    """The eForms business term a tender path comes from."""
    if doc.notice.format != "eforms":
        return None
    pattern = tuple("*" if isinstance(p, int) else p for p in path)
    if pattern[:1] == ("clauses",) and len(path) >= 3 and path[2] in ("text", "title"):
        section = doc.data["clauses"][path[1]].get("section", "")
        return CLAUSE_BT.get(section)
    return BT.get(pattern)


def _tail(source: str | None) -> str:
    """The last steps of an XPath, or a JSON pointer, as a short note."""
    if not source:
        return ""
    if source.startswith("/") and "/" in source[1:] and ":" not in source:
        return source  # a JSON pointer
    return "/".join(step for step in source.split("/")[-2:] if step != "*")


def _safe(text: str) -> str:
    """Text fit for a YAML comment: one line, nothing that could end or break it."""
    return _UNSAFE.sub("?", " ".join(str(text).split()))[:300]
