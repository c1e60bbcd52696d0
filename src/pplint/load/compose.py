"""Text to one composed YAML node tree by libyaml, its errors and nesting made LoadErrors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

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
from pplint.load.limits import MAX_DEPTH, too_deep
from pplint.load.lines import Lines, error_at
from pplint.load.scalars import CoreResolver


class _TooDeep(Exception):
    """libyaml's composer reached a node inside more than MAX_DEPTH lists and mappings."""


class _Loader(CParser, CoreResolver):
    """libyaml's parser and composer with the core-schema resolver; we construct the values.

    The composer recurses in C and would overflow the stack on nesting some 25,000 deep (a
    50 KB file); the resolver hooks it calls around every node stop it past MAX_DEPTH.
    """

    def __init__(self, text: str):
        CParser.__init__(self, text)
        CoreResolver.__init__(self)
        self.depth = 0

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Called before each node is composed; ``depth`` counts it and the nodes around it."""
        self.depth += 1
        if self.depth > MAX_DEPTH + 1:
            raise _TooDeep

    def ascend_resolver(self) -> None:
        """Called after each node is composed."""
        self.depth -= 1


@contextmanager
def _loader(text: str) -> Iterator[_Loader]:
    loader = _Loader(text)
    try:
        yield loader
    finally:
        loader.dispose()


def compose_single(text: str, file: str, lines: Lines) -> yaml.Node | None:
    """The one document of ``text``, composed by libyaml; its errors become LoadErrors."""
    try:
        return _compose(text, file, lines)
    except UnicodeEncodeError as exc:  # a lone surrogate: only in text not made by decode()
        raise error_at(
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
        raise error_at(
            f"YAML syntax error: {problem}", file, lines, mark.index if mark else 0, "FMT-SYNTAX"
        ) from None
    except yaml.reader.ReaderError as exc:
        # libyaml reports a byte offset into the UTF-8 text
        index = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        raise error_at(
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


def _compose(text: str, file: str, lines: Lines) -> yaml.Node | None:
    with _loader(text) as loader:
        try:
            root = loader.get_node() if loader.check_node() else None
            extra = loader.get_node() if loader.check_node() else None
        except _TooDeep:
            raise _first_too_deep(text, file, lines) from None
        if extra is not None:
            raise error_at(
                "several YAML documents in one file: a tender is one document "
                "(remove the `---` separator or split the file)",
                file,
                lines,
                extra.start_mark.index,
                "FMT-MULTIDOC",
            )
        return root


def _first_too_deep(text: str, file: str, lines: Lines) -> LoadError:
    """The error at the first node inside more than MAX_DEPTH lists and mappings.

    Found from libyaml's events, which do not recurse, once the composer has stopped on one.
    """
    with _loader(text) as loader:
        return too_deep(file, lines, next(_too_deep_offsets(loader), 0))


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
