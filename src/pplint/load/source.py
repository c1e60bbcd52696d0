"""YAML bytes to plain data plus a table from document path to line and column, safely.

The text is decoded (UTF-8 only), composed by libyaml (`compose`), bounded (`limits`) and built
into plain values here without recursion, plain scalars read by the YAML 1.2 core schema
(`scalars`), each value's place counted as an editor counts lines and columns (`lines`).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import yaml

from pplint.core.errors import LoadError
from pplint.core.model import DocPath, Location
from pplint.load.compose import compose_single
from pplint.load.limits import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_NODES,
    MAX_DEPTH,
    check_size,
    too_deep,
    too_large,
)
from pplint.load.lines import Lines, error_at
from pplint.load.scalars import MAP_TAG, MERGE_TAG, SCALARS, SEQ_TAG, Refused

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_NODES",
    "MAX_DEPTH",
    "Duplicate",
    "SourceDoc",
    "decode",
    "load_bytes",
    "load_text",
]


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A mapping key that appears twice: where, and where it first appeared."""

    path: DocPath
    location: Location
    first: Location


@dataclass(slots=True)
class SourceDoc:
    """A loaded YAML document: its data and where each value sits in the file."""

    file: str
    data: Any
    locations: dict[DocPath, Location] = field(default_factory=dict)
    ends: dict[DocPath, Location] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    notice: Any = None  # a NoticeInfo when the document was read from a published notice

    def locate(self, path: DocPath) -> Location:
        """The location of ``path``, or of its closest ancestor that exists."""
        p = tuple(path)
        while p:
            loc = self.locations.get(p)
            if loc is not None:
                return loc
            p = p[:-1]
        return self.locations.get((), Location(1, 1))

    def end(self, path: DocPath) -> Location | None:
        return self.ends.get(tuple(path))


def decode(raw: bytes, file: str) -> str:
    """Bytes to text: UTF-8 only (a BOM is allowed); binary or other encodings are refused."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _position(raw, nul)
        raise LoadError(
            "binary content (a NUL byte): this is not a YAML text file",
            file,
            line,
            col,
            "FMT-ENCODING",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        raise LoadError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02X}); save the file as UTF-8",
            file,
            line,
            col,
            "FMT-ENCODING",
        ) from None


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, len(raw[start:offset].decode("utf-8", "replace")) + 1


def load_bytes(
    raw: bytes,
    file: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> SourceDoc:
    """Load one YAML document from bytes, refusing what is too big, binary or ambiguous."""
    if len(raw) > max_bytes:
        raise too_large(len(raw), max_bytes, file)
    return load_text(decode(raw, file), file, max_nodes=max_nodes)


def load_text(text: str, file: str, *, max_nodes: int = DEFAULT_MAX_NODES) -> SourceDoc:
    """Load one YAML document from text."""
    lines = Lines(text)
    root = compose_single(text, file, lines)
    if root is None:
        raise LoadError("the file is empty: expected a YAML mapping", file, 1, 1, "FMT-EMPTY")
    check_size(root, file, max_nodes, lines)
    doc = SourceDoc(file, None)
    doc.locations[()] = lines.at(root.start_mark)
    doc.data = _Builder(doc, lines).build(root)
    return doc


_Children = Generator[tuple[DocPath, yaml.Node], Any, None]


class _Builder:
    """Turns composed nodes into plain data, recording locations and duplicate keys.

    Without recursion: each list or mapping is a generator that yields its children's paths and
    nodes and is sent back each child's value, once that child is complete.
    """

    def __init__(self, doc: SourceDoc, lines: Lines):
        self.doc = doc
        self.at = lines.at
        self.lines = lines

    def _fail(self, node: yaml.Node, message: str, code: str = "FMT-SYNTAX") -> LoadError:
        return error_at(message, self.doc.file, self.lines, node.start_mark.index, code)

    def build(self, root: yaml.Node) -> Any:
        """The plain data of ``root``, every node in document order."""
        data, children = self._open(root, ())
        stack = [(children, data)] if children else []
        value: Any = None
        while stack:
            try:
                path, node = stack[-1][0].send(value)
            except StopIteration:
                value = stack.pop()[1]  # a complete list or mapping: its parent's next value
                continue
            value, children = self._open(node, path)
            if children is not None:
                stack.append((children, value))
                value = None
        return data

    def _open(self, node: yaml.Node, path: DocPath) -> tuple[Any, _Children | None]:
        """A scalar's value, or an empty list or mapping and the generator that fills it."""
        if len(path) > MAX_DEPTH:  # deeper than the text through aliases
            raise too_deep(self.doc.file, self.lines, node.start_mark.index)
        self.doc.ends[path] = self.at(node.end_mark)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node), None
        if isinstance(node, yaml.SequenceNode):
            if node.tag != SEQ_TAG:
                raise self._tag_error(node)
            items: list[Any] = []
            return items, self._items(node, path, items)
        if node.tag != MAP_TAG:
            raise self._tag_error(node)
        out: dict[str, Any] = {}
        return out, self._entries(node, path, out)

    def _items(self, node: yaml.SequenceNode, path: DocPath, items: list[Any]) -> _Children:
        for index, child in enumerate(node.value):
            child_path = (*path, index)
            self.doc.locations[child_path] = self.at(child.start_mark)
            items.append((yield child_path, child))

    def _entries(self, node: yaml.Node, path: DocPath, out: dict[str, Any]) -> _Children:
        seen: dict[str, Location] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(key_node, "a mapping key must be a plain word, not a list or map")
            if key_node.tag == MERGE_TAG:
                raise self._fail(
                    key_node, "merge keys (`<<`) are not supported; write the values out"
                )
            key = str(key_node.value)
            child_path = (*path, key)
            key_loc = self.at(key_node.start_mark)
            if key in seen:
                self.doc.duplicates.append(Duplicate(child_path, key_loc, seen[key]))
                continue  # the first value wins; the duplicate is reported, never silently lost
            seen[key] = key_loc
            is_scalar = isinstance(value_node, yaml.ScalarNode)
            self.doc.locations[child_path] = (
                self.at(value_node.start_mark) if is_scalar else key_loc
            )
            out[key] = yield child_path, value_node

    def _tag_error(self, node: yaml.Node) -> LoadError:
        return self._fail(
            node,
            f"tag {node.tag!r} is not allowed: tenders and packs use plain YAML values only",
            "FMT-TAG",
        )

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        construct = SCALARS.get(node.tag)
        if construct is None:
            raise self._tag_error(node)
        try:
            return construct(node.value)
        except Refused as exc:
            raise self._fail(node, exc.message, exc.code) from None
