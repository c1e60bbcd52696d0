"""A notice's tender data as it is built: each value with its location and source path."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pplint.core.model import DocPath, Location
from pplint.load.source import SourceDoc

ALL_PLACES = ("performance", "exclusion", "selection", "award", "accessibility", "strategic")


@dataclass(slots=True)
class NoticeInfo:
    """What a notice is and what it could not say, beside the tender data it maps to."""

    format: str  # "eforms", "ted" or "ocds"
    kind: str  # what the notice is: "competition", "result", "planning", ...
    source_key: str  # the name of the source location in findings: "xpath" or "pointer"
    sources: dict[DocPath, str] = field(default_factory=dict)  # tender path -> xpath / pointer
    languages: tuple[str, ...] = ()  # the languages of its texts, as the notice codes them
    read: tuple[str, ...] = ()  # of those, the ones read (en, es, ca)
    aside: dict[str, Any] = field(default_factory=dict)  # kept, with no tender field
    notes: list[str] = field(default_factory=list)  # what the mapping assumed or left out
    # the places this notice can show (its subtype allows the field, and it does not say the
    # procurement documents hold them): performance, exclusion, selection, award,
    # accessibility, strategic
    carries: frozenset[str] = frozenset(ALL_PLACES)
    # the places the notice says are in the procurement documents (BT-806, BT-821, criteria
    # listed without weights)
    elsewhere: frozenset[str] = frozenset()
    # the sections whose every clause only refers to the documents (set when checked)
    referred: frozenset[str] = frozenset()

    @property
    def texts_read(self) -> bool:
        """Whether any text of the notice is in a language pplint reads."""
        return bool(self.read)

    def source(self, path: DocPath) -> str | None:
        """The source location of ``path``, or of its closest ancestor that has one."""
        p = tuple(path)
        while p:
            found = self.sources.get(p)
            if found is not None:
                return found
            p = p[:-1]
        return self.sources.get(())


class Builder:
    """Collects a tender's data with, for each value put, its location and source."""

    def __init__(self, file: str, info: NoticeInfo, root: Location, root_source: str):
        self.file = file
        self.info = info
        self.data: dict[str, Any] = {"pplint": 1, "tender": {}}
        self.locations: dict[DocPath, Location] = {(): root}
        self.info.sources[()] = root_source

    def put(self, path: DocPath, value: Any, where: tuple[Location, str] | None) -> None:
        """Set the value at ``path`` (mappings and lists on the way are made as needed)."""
        node: Any = self.data
        for i, part in enumerate(path[:-1]):
            nxt = path[i + 1]
            if isinstance(node, list):
                assert isinstance(part, int)
                while len(node) <= part:
                    node.append({} if not isinstance(nxt, int) else [])
                node = node[part]
            else:
                node = node.setdefault(part, [] if isinstance(nxt, int) else {})
        last = path[-1]
        if isinstance(node, list):
            assert isinstance(last, int)
            while len(node) <= last:
                node.append(None)
            node[last] = value
        else:
            node[last] = value
        if where is not None:
            self.at(path, where)

    def at(self, path: DocPath, where: tuple[Location, str]) -> None:
        """Record where the value at ``path`` comes from (the first place recorded stays)."""
        location, source = where
        self.locations.setdefault(tuple(path), location)
        self.info.sources.setdefault(tuple(path), source)

    def doc(self) -> SourceDoc:
        """The tender document, ready to check."""
        doc = SourceDoc(self.file, self.data, self.locations)
        doc.notice = self.info
        return doc


def to_source(info: NoticeInfo, file: str) -> dict[str, Any]:
    """The ``source`` mapping an imported tender keeps, so that checking it judges as checking
    the notice does."""
    return {
        "format": info.format,
        "kind": info.kind,
        "file": file,
        "languages": list(info.languages),
        "read": list(info.read),
        "carries": [p for p in ALL_PLACES if p in info.carries],
        "elsewhere": [p for p in ALL_PLACES if p in info.elsewhere],
    }


def from_source(source: dict[str, Any]) -> NoticeInfo:
    """The notice view of a tender imported from a notice (its ``source`` mapping, already
    validated by the tender schema)."""
    return NoticeInfo(
        format=str(source["format"]),
        kind=str(source.get("kind") or ""),
        source_key="",  # the tender's own lines are its locations: no XPath to give
        languages=tuple(source.get("languages") or ()),
        read=tuple(source.get("read") or ()),
        carries=frozenset(source.get("carries", ALL_PLACES)),
        elsewhere=frozenset(source.get("elsewhere") or ()),
    )
