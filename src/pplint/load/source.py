"""YAML bytes to plain data plus a table from document path to line and column, safely.

Plain values are read with the YAML 1.2 core schema, as editors and JSON Schema tools read
them: only true/false (three spellings each) are booleans, only null, ~ and nothing are null,
and `yes`, `no`, `on`, `NO` (Norway), `1_000`, `1:20` or dates are text. As in the core schema,
a decimal number written with a leading zero (CPV `09310000`) is the number 9310000, so codes
must be quoted; the schema message says so. Numbers must be finite and within the float range,
because downstream code compares them and calls float().

A node inside more than MAX_DEPTH lists and mappings, in the text or once aliases are expanded,
is refused (FMT-LIMIT) where the first such node starts: real tenders, packs and configurations
nest fewer than ten levels, while libyaml's composer and downstream code (schema validation,
templates, deep copies, JSON output) recurse.

Lines and columns are counted as an editor counts them: only LF ends a line (CRLF counts once,
a lone CR, U+0085, U+2028 and U+2029 do not), and an error never points past the end of the file.
"""

from __future__ import annotations

import bisect
import math
import re
import sys
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, Protocol

import yaml

try:  # libyaml's parser: the PyPI wheels of PyYAML carry it (the pure-Python one recurses)
    from yaml._yaml import CParser
except ImportError as exc:  # pragma: no cover - a PyYAML built without libyaml
    raise ImportError(
        "pplint needs PyYAML with its libyaml extension (`yaml._yaml`); "
        "reinstall PyYAML from a wheel: python3 -m pip install --force-reinstall "
        "pyyaml"
    ) from exc

from pplint.core.errors import LoadError
from pplint.core.model import DocPath, Location

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_NODES = 200_000
MAX_DEPTH = 64

_STD = "tag:yaml.org,2002:"
_STR_TAG = f"{_STD}str"
_NULL_TAG = f"{_STD}null"
_BOOL_TAG = f"{_STD}bool"
_INT_TAG = f"{_STD}int"
_FLOAT_TAG = f"{_STD}float"
_MERGE_TAG = f"{_STD}merge"
_SEQ_TAG = f"{_STD}seq"
_MAP_TAG = f"{_STD}map"

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# the core schema's (YAML 1.2.2, 10.3.2): a leading zero does not make a text (09310000 is a number)
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_OTHER_BREAKS = "\r\x85\u2028\u2029"
_NUMBER_START = frozenset("0123456789+-.")
_MAX_INT_DIGITS = len(str(int(sys.float_info.max)))


def _implicit_tag(text: str) -> str:
    """The YAML 1.2 core schema tag of a plain scalar (plus `<<`, refused as a merge key)."""
    if text in _NULLS:
        return _NULL_TAG
    if text in _BOOLS:
        return _BOOL_TAG
    if text[:1] in _NUMBER_START:
        if _INT.fullmatch(text):
            return _INT_TAG
        if _FLOAT.fullmatch(text) or _NOT_FINITE.fullmatch(text):
            return _FLOAT_TAG
    if text == "<<":
        return _MERGE_TAG
    return _STR_TAG


class _CoreResolver(yaml.resolver.BaseResolver):
    """Resolves untagged nodes by the YAML 1.2 core schema."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of an untagged node: by its text if plain, else text, list or mapping."""
        if kind is yaml.ScalarNode:
            return _implicit_tag(value) if implicit[0] else _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


class _TooDeep(Exception):
    """libyaml's composer reached a node inside more than MAX_DEPTH lists and mappings."""


class _Loader(CParser, _CoreResolver):
    """libyaml's parser and composer with the core-schema resolver; we construct the values.

    The composer recurses in C and would overflow the stack on nesting some 25,000 deep (a
    50 KB file); the resolver hooks it calls around every node stop it past MAX_DEPTH.
    """

    def __init__(self, text: str):
        CParser.__init__(self, text)
        _CoreResolver.__init__(self)
        self.depth = 0

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Called before each node is composed; ``depth`` counts it and the nodes around it."""
        self.depth += 1
        if self.depth > MAX_DEPTH + 1:
            raise _TooDeep

    def ascend_resolver(self) -> None:
        """Called after each node is composed."""
        self.depth -= 1


class _Refused(Exception):
    """A scalar its tag cannot hold, or a number pplint does not take."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _shown(text: str) -> str:
    """A scalar as a message shows it: short and on one line."""
    head = text if len(text) <= 40 else text[:30] + "..."
    shown = f"`{head}`" if head.isprintable() else repr(head)
    return shown if len(text) <= 40 else f"{shown} ({len(text):,} characters)"


def _impossible(text: str, tag: str, hint: str) -> _Refused:
    return _Refused(f"{_shown(text)} is not a valid !!{tag} value: write {hint}", "FMT-TAG")


def _too_large(text: str) -> _Refused:
    return _Refused(
        f"number too large: {_shown(text)}; numbers must be between -1.8e308 and 1.8e308",
        "FMT-LIMIT",
    )


def _text(text: str) -> str:
    return text


def _null(text: str) -> None:
    if text not in _NULLS:
        raise _impossible(text, "null", "null, ~ or nothing")


def _bool(text: str) -> bool:
    if text not in _BOOLS:
        raise _impossible(text, "bool", "true or false")
    return _BOOLS[text]


def _int(text: str) -> int:
    if not _INT.fullmatch(text):
        raise _impossible(text, "int", "a whole number such as 42, 0o17 or 0x1F")
    if text[:2] in ("0o", "0x"):
        value = int(text[2:], 8 if text[1] == "o" else 16)
    elif len(text.lstrip("+-")) > _MAX_INT_DIGITS:
        raise _too_large(text)  # before int(), which refuses more than 4,300 digits
    else:
        value = int(text)
    if abs(value) > sys.float_info.max:
        raise _too_large(text)
    return value


def _float(text: str) -> float:
    if _NOT_FINITE.fullmatch(text):
        raise _Refused(
            f"not a finite number: {_shown(text)} (infinity and NaN cannot be compared; "
            "write a number)",
            "FMT-LIMIT",
        )
    if not _FLOAT.fullmatch(text):
        raise _impossible(text, "float", "a number such as 1.5 or 2e3")
    value = float(text)
    if math.isinf(value):
        raise _too_large(text)
    return value


_SCALARS: dict[str, Callable[[str], Any]] = {
    _STR_TAG: _text,
    f"{_STD}timestamp": _text,  # dates stay text
    _MERGE_TAG: _text,  # `<<` is refused as a key only; as a value it is text
    _NULL_TAG: _null,
    _BOOL_TAG: _bool,
    _INT_TAG: _int,
    _FLOAT_TAG: _float,
}


class _Mark(Protocol):
    """Where libyaml is in the text: a character offset, and its own line and column."""

    index: int
    line: int
    column: int


class _Lines:
    """Marks to line and column as an editor counts them: only LF breaks a line."""

    def __init__(self, text: str):
        self.text = text
        # libyaml also breaks lines at these; without them its own count is the editor's,
        # except at the end of a text without a final LF, where libyaml starts one more line
        self.plain = not any(c in text for c in _OTHER_BREAKS)
        self.trusted = len(text) + 1 if text.endswith("\n") else len(text)
        self._starts: list[int] = []

    def at(self, mark: _Mark) -> Location:
        """The location of a libyaml mark."""
        if self.plain and mark.index < self.trusted:
            return Location(mark.line + 1, mark.column + 1)
        return self.counted(mark.index)

    def counted(self, index: int) -> Location:
        """The location of a character offset (the LF ending a line belongs to that line)."""
        if not self._starts:  # the offset before each line: -1 for the first, then each LF
            self._starts = [-1, *(m.start() for m in re.finditer("\n", self.text))]
        line = bisect.bisect_left(self._starts, index)
        return Location(line, index - self._starts[line - 1])

    def inside(self, index: int) -> Location:
        """Like counted(), but an offset after the last line break is the last line's end."""
        text = self.text
        if index >= len(text) and text.endswith("\n"):
            index = len(text) - (2 if text.endswith("\r\n") else 1)
        return self.counted(index)


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
        raise LoadError(
            f"file is {len(raw):,} bytes, over the limit of {max_bytes:,} bytes "
            "(raise `limits.max_file_bytes` in the configuration if this is intended)",
            file,
            1,
            1,
            "FMT-LIMIT",
        )
    return load_text(decode(raw, file), file, max_nodes=max_nodes)


def load_text(text: str, file: str, *, max_nodes: int = DEFAULT_MAX_NODES) -> SourceDoc:
    """Load one YAML document from text."""
    lines = _Lines(text)
    root = _compose_single(text, file, lines)
    if root is None:
        raise LoadError("the file is empty: expected a YAML mapping", file, 1, 1, "FMT-EMPTY")
    _check_size(root, file, max_nodes, lines)
    doc = SourceDoc(file, None)
    doc.locations[()] = lines.at(root.start_mark)
    doc.data = _Builder(doc, lines).build(root)
    return doc


def _error(message: str, file: str, lines: _Lines, index: int, code: str) -> LoadError:
    loc = lines.inside(index)
    return LoadError(message, file, loc.line, loc.column, code)


@contextmanager
def _loader(text: str) -> Iterator[_Loader]:
    loader = _Loader(text)
    try:
        yield loader
    finally:
        loader.dispose()


def _compose_single(text: str, file: str, lines: _Lines) -> yaml.Node | None:
    """The one document of ``text``, composed by libyaml; its errors become LoadErrors."""
    try:
        return _compose(text, file, lines)
    except UnicodeEncodeError as exc:  # a lone surrogate: only in text not made by decode()
        raise _error(
            "the text is not valid Unicode (a lone surrogate)",
            file,
            lines,
            exc.start,
            "FMT-ENCODING",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise _error(
            f"YAML syntax error: {problem}", file, lines, mark.index if mark else 0, "FMT-SYNTAX"
        ) from None
    except yaml.reader.ReaderError as exc:
        # libyaml reports a byte offset into the UTF-8 text
        index = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        raise _error(
            f"unacceptable character #x{exc.character:04x} in the text"
            if isinstance(exc.character, int)
            else "unacceptable character in the text",
            file,
            lines,
            index,
            "FMT-ENCODING",
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - other PyYAML errors carry no mark
        raise LoadError(f"YAML error: {exc}", file, 1, 1, "FMT-SYNTAX") from None


def _compose(text: str, file: str, lines: _Lines) -> yaml.Node | None:
    with _loader(text) as loader:
        try:
            root = loader.get_node() if loader.check_node() else None
            extra = loader.get_node() if loader.check_node() else None
        except _TooDeep:
            raise _first_too_deep(text, file, lines) from None
        if extra is not None:
            raise _error(
                "several YAML documents in one file: a tender is one document "
                "(remove the `---` separator or split the file)",
                file,
                lines,
                extra.start_mark.index,
                "FMT-MULTIDOC",
            )
        return root


def _too_deep(file: str, lines: _Lines, index: int) -> LoadError:
    return _error(
        f"nested too deeply: more than {MAX_DEPTH} levels (a tender, pack or "
        "configuration needs far fewer)",
        file,
        lines,
        index,
        "FMT-LIMIT",
    )


def _first_too_deep(text: str, file: str, lines: _Lines) -> LoadError:
    """The error at the first node inside more than MAX_DEPTH lists and mappings.

    Found from libyaml's events, which do not recurse, once the composer has stopped on one.
    """
    with _loader(text) as loader:
        return _too_deep(file, lines, next(_too_deep_offsets(loader), 0))


def _too_deep_offsets(loader: _Loader) -> Iterator[int]:
    """Where each node inside more than MAX_DEPTH lists and mappings starts."""
    depth = 0
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.NodeEvent):
            if depth > MAX_DEPTH and event.start_mark:
                yield event.start_mark.index
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    """The nodes directly inside ``node``, keys before their values."""
    if isinstance(node, yaml.SequenceNode):
        return iter(node.value)
    if isinstance(node, yaml.MappingNode):
        return chain.from_iterable(node.value)
    return iter(())


@dataclass(slots=True)
class _Count:
    """A node being counted: the children still to count and the running total."""

    node: yaml.Node
    children: Iterator[yaml.Node]
    total: int = 1


def _check_size(root: yaml.Node, file: str, max_nodes: int, lines: _Lines) -> None:
    """Refuse alias bombs and recursive aliases before expanding anything (no recursion)."""
    sizes: dict[int, int] = {}
    active = {id(root)}
    stack = [_Count(root, _children(root))]
    while stack:
        frame = stack[-1]
        child = next(frame.children, None)
        if child is None:
            stack.pop()
            active.discard(id(frame.node))
            sizes[id(frame.node)] = frame.total
            if frame.total > max_nodes:
                raise _error(
                    f"the document expands to more than {max_nodes:,} values through aliases "
                    "(an alias bomb?); refused",
                    file,
                    lines,
                    frame.node.start_mark.index,
                    "FMT-LIMIT",
                )
            if stack:
                stack[-1].total += frame.total
        elif isinstance(child, yaml.ScalarNode):
            frame.total += 1  # a scalar is one value and contains nothing
        elif id(child) in sizes:
            frame.total += sizes[id(child)]
        elif id(child) in active:
            raise _error(
                "recursive alias: a value contains itself",
                file,
                lines,
                child.start_mark.index,
                "FMT-LIMIT",
            )
        else:
            active.add(id(child))
            stack.append(_Count(child, _children(child)))


_Children = Generator[tuple[DocPath, yaml.Node], Any, None]


class _Builder:
    """Turns composed nodes into plain data, recording locations and duplicate keys.

    Without recursion: each list or mapping is a generator that yields its children's paths and
    nodes and is sent back each child's value, once that child is complete.
    """

    def __init__(self, doc: SourceDoc, lines: _Lines):
        self.doc = doc
        self.at = lines.at
        self.lines = lines

    def _fail(self, node: yaml.Node, message: str, code: str = "FMT-SYNTAX") -> LoadError:
        return _error(message, self.doc.file, self.lines, node.start_mark.index, code)

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
            raise _too_deep(self.doc.file, self.lines, node.start_mark.index)
        self.doc.ends[path] = self.at(node.end_mark)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node), None
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self._tag_error(node)
            items: list[Any] = []
            return items, self._items(node, path, items)
        if node.tag != _MAP_TAG:
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
            if key_node.tag == _MERGE_TAG:
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
        construct = _SCALARS.get(node.tag)
        if construct is None:
            raise self._tag_error(node)
        try:
            return construct(node.value)
        except _Refused as exc:
            raise self._fail(node, exc.message, exc.code) from None
