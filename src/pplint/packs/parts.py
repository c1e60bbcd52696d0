"""What one pack defines, each piece with the document and path where it is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pplint.core.model import DocPath
from pplint.load.source import SourceDoc


@dataclass(frozen=True, slots=True)
class Part:
    """A param, lexicon, topic, rule or refinement, and where it is written: ``path`` in ``doc``."""

    doc: SourceDoc
    path: DocPath
    name: str  # the param, lexicon or topic name, the rule id, or the refined rule's id
    raw: Any


@dataclass(slots=True)
class RulePart:
    """A rule, and its examples (written in the rule or in a file beside it)."""

    part: Part
    examples: list[dict[str, Any]]


@dataclass(slots=True)
class PackSource:
    """One pack as read from its file or folder, before it is merged into a RuleSet."""

    meta: Part  # the pack's name, title, ...: a single-file pack's root, or pack.yaml's
    file: str  # the pack's file, or its folder
    params: list[Part] = field(default_factory=list)
    lexicons: list[Part] = field(default_factory=list)
    topics: list[Part] = field(default_factory=list)
    rules: list[RulePart] = field(default_factory=list)
    refine: list[Part] = field(default_factory=list)


def from_single_file(doc: SourceDoc) -> PackSource:
    """The parts of a pack written as one file (``rules:``, ``refine:``, ... in one mapping)."""
    data: dict[str, Any] = doc.data
    source = PackSource(Part(doc, (), str(data["pack"]), data), doc.file)
    source.params = mapping_parts(doc, ("params",), data.get("params"))
    source.lexicons = mapping_parts(doc, ("lexicons",), data.get("lexicons"))
    source.topics = mapping_parts(doc, ("topics",), data.get("topics"))
    for index, raw in enumerate(data.get("rules") or ()):
        part = Part(doc, ("rules", index), str(raw["id"]), raw)
        source.rules.append(RulePart(part, list(raw["examples"])))
    source.refine = [
        Part(doc, ("refine", index), str(raw["rule"]), raw)
        for index, raw in enumerate(data.get("refine") or ())
    ]
    return source


def mapping_parts(doc: SourceDoc, path: DocPath, value: Any) -> list[Part]:
    """One part per entry of a ``{name: definition}`` mapping at ``path`` (none when absent)."""
    return [Part(doc, (*path, name), name, raw) for name, raw in (value or {}).items()]
