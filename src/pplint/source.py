"""YAML bytes to plain data plus a table from document path to line and column, safely."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from pplint.errors import LoadError
from pplint.model import DocPath, Location

Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_NODES = 200_000

_STD = "tag:yaml.org,2002:"
_SEQ_TAG = f"{_STD}seq"
_MAP_TAG = f"{_STD}map"
_constructor = yaml.SafeLoader("")
# called directly, not through construct_object(), which would keep every node it sees
_SCALARS: dict[str, Any] = {
    f"{_STD}str": lambda node: node.value,
    f"{_STD}int": _constructor.construct_yaml_int,
    f"{_STD}float": _constructor.construct_yaml_float,
    f"{_STD}bool": _constructor.construct_yaml_bool,
    f"{_STD}null": _constructor.construct_yaml_null,
    f"{_STD}timestamp": lambda node: node.value,  # dates stay text
}


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
            "binary content (a NUL byte): this is not a YAML text file", file, line, col,
            "FMT-ENCODING",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        raise LoadError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02X}); save the file as UTF-8",
            file, line, col, "FMT-ENCODING",
        ) from None


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, len(raw[start:offset].decode("utf-8", "replace")) + 1


def load_bytes(
    raw: bytes, file: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> SourceDoc:
    """Load one YAML document from bytes, refusing what is too big, binary or ambiguous."""
    if len(raw) > max_bytes:
        raise LoadError(
            f"file is {len(raw):,} bytes, over the limit of {max_bytes:,} bytes "
            "(raise `limits.max_file_bytes` in the configuration if this is intended)",
            file, 1, 1, "FMT-LIMIT",
        )
    return load_text(decode(raw, file), file, max_nodes=max_nodes)


def load_text(text: str, file: str, *, max_nodes: int = DEFAULT_MAX_NODES) -> SourceDoc:
    """Load one YAML document from text."""
    root = _compose_single(text, file)
    if root is None:
        raise LoadError("the file is empty: expected a YAML mapping", file, 1, 1, "FMT-EMPTY")
    _check_size(root, file, max_nodes)
    doc = SourceDoc(file, None)
    doc.locations[()] = Location(root.start_mark.line + 1, root.start_mark.column + 1)
    doc.data = _Builder(doc).build(root, ())
    return doc


def _compose_single(text: str, file: str) -> yaml.Node | None:
    loader = Loader(text)
    try:
        root = None
        if loader.check_node():
            root = loader.get_node()
        if loader.check_node():
            extra = loader.get_node()
            mark = extra.start_mark
            raise LoadError(
                "several YAML documents in one file: a tender is one document "
                "(remove the `---` separator or split the file)",
                file, mark.line + 1, mark.column + 1, "FMT-MULTIDOC",
            )
        return root
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise LoadError(f"YAML syntax error: {problem}", file, line, col, "FMT-SYNTAX") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise LoadError(
            f"unacceptable character #x{exc.character:04x} in the text"
            if isinstance(exc.character, int) else "unacceptable character in the text",
            file, line, col, "FMT-ENCODING",
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - other PyYAML errors carry no mark
        raise LoadError(f"YAML error: {exc}", file, 1, 1, "FMT-SYNTAX") from None
    finally:
        loader.dispose()


def _check_size(root: yaml.Node, file: str, max_nodes: int) -> None:
    """Refuse alias bombs and recursive aliases before expanding anything."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            mark = node.start_mark
            raise LoadError(
                "recursive alias: a value contains itself", file, mark.line + 1,
                mark.column + 1, "FMT-LIMIT",
            )
        active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += size(child)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
        active.discard(key)
        sizes[key] = total
        if total > max_nodes:
            mark = node.start_mark
            raise LoadError(
                f"the document expands to more than {max_nodes:,} values through aliases "
                "(an alias bomb?); refused",
                file, mark.line + 1, mark.column + 1, "FMT-LIMIT",
            )
        return total

    size(root)


class _Builder:
    """Turns composed nodes into plain data, recording locations and duplicate keys."""

    def __init__(self, doc: SourceDoc):
        self.doc = doc

    def _fail(self, node: yaml.Node, message: str) -> LoadError:
        mark = node.start_mark
        return LoadError(message, self.doc.file, mark.line + 1, mark.column + 1, "FMT-SYNTAX")

    def build(self, node: yaml.Node, path: DocPath) -> Any:
        end = node.end_mark
        self.doc.ends[path] = Location(end.line + 1, end.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self._tag_error(node)
            items = []
            for index, child in enumerate(node.value):
                child_path = (*path, index)
                self.doc.locations[child_path] = _loc(child)
                items.append(self.build(child, child_path))
            return items
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        raise self._fail(node, "unsupported YAML node")  # pragma: no cover

    def _tag_error(self, node: yaml.Node) -> LoadError:
        return LoadError(
            f"tag {node.tag!r} is not allowed: tenders and packs use plain YAML values only",
            self.doc.file, node.start_mark.line + 1, node.start_mark.column + 1, "FMT-TAG",
        )

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        construct = _SCALARS.get(node.tag)
        if construct is None:
            raise self._tag_error(node)
        return construct(node)

    def _mapping(self, node: yaml.MappingNode, path: DocPath) -> dict[str, Any]:
        if node.tag != _MAP_TAG:
            raise self._tag_error(node)
        out: dict[str, Any] = {}
        seen: dict[str, Location] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._fail(key_node, "a mapping key must be a plain word, not a list or map")
            if key_node.tag == f"{_STD}merge":
                raise self._fail(key_node, "merge keys (`<<`) are not supported; "
                                 "write the values out")
            key = str(key_node.value)
            child_path = (*path, key)
            key_loc = _loc(key_node)
            if key in seen:
                self.doc.duplicates.append(Duplicate(child_path, key_loc, seen[key]))
                continue  # the first value wins; the duplicate is reported, never silently lost
            seen[key] = key_loc
            is_scalar = isinstance(value_node, yaml.ScalarNode)
            self.doc.locations[child_path] = _loc(value_node) if is_scalar else key_loc
            out[key] = self.build(value_node, child_path)
        return out


def _loc(node: yaml.Node) -> Location:
    return Location(node.start_mark.line + 1, node.start_mark.column + 1)
