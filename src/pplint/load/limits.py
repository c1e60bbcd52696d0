"""The bounds on what a YAML document may be: bytes, values once aliases expand, and nesting.

A node inside more than MAX_DEPTH lists and mappings, in the text or once aliases are expanded,
is refused (FMT-LIMIT) where the first such node starts: real tenders, packs and configurations
nest fewer than ten levels, while libyaml's composer and downstream code (schema validation,
templates, deep copies, JSON output) recurse.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

import yaml

from pplint.core.errors import LoadError
from pplint.load.lines import Lines, error_at

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_NODES = 200_000
MAX_DEPTH = 64


def too_large(size: int, max_bytes: int, file: str) -> LoadError:
    """The error for a file of ``size`` bytes, over ``max_bytes``."""
    return LoadError(
        f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes "
        "(raise `limits.max_file_bytes` in the configuration if this is intended)",
        file,
        1,
        1,
        "FMT-LIMIT",
    )


def too_deep(file: str, lines: Lines, index: int) -> LoadError:
    """The error for a node inside more than MAX_DEPTH lists and mappings, at its offset."""
    return error_at(
        f"nested too deeply: more than {MAX_DEPTH} levels (a tender, pack or "
        "configuration needs far fewer)",
        file,
        lines,
        index,
        "FMT-LIMIT",
    )


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


def check_size(root: yaml.Node, file: str, max_nodes: int, lines: Lines) -> None:
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
                raise error_at(
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
            raise error_at(
                "recursive alias: a value contains itself",
                file,
                lines,
                child.start_mark.index,
                "FMT-LIMIT",
            )
        else:
            active.add(id(child))
            stack.append(_Count(child, _children(child)))
