"""ruamel.yaml's round trip, set up as the file is written: its indentation, no line wrapping,
quotes kept; imported only when a clause is to be inserted."""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import Any

WRAP = 92  # columns a generated folded text is wrapped at (a fold changes nothing it says)


@dataclass(frozen=True, slots=True)
class Style:
    """How the file writes its lists: the dash's column, the item's keys' column, a nested
    mapping's indentation, and whether items are parted by blank lines."""

    offset: int = 2
    sequence: int = 4
    mapping: int = 2
    blank_lines: bool = False


def yaml(style: Style) -> Any:
    """A round-trip ruamel.yaml instance writing in ``style``."""
    from ruamel.yaml import YAML

    y = YAML(typ="rt", pure=True)
    y.preserve_quotes = True
    y.width = 1_000_000
    y.allow_duplicate_keys = False
    y.indent(
        mapping=style.mapping, sequence=max(style.sequence, style.offset + 2), offset=style.offset
    )
    return y


def load(y: Any, text: str) -> Any:
    return y.load(text)


def dump(y: Any, data: Any) -> str:
    out = io.StringIO()
    y.dump(data, out)
    return out.getvalue()


def folded(text: str, width: int) -> Any:
    """``text`` (one line) as a folded block scalar, wrapped at ``width`` columns."""
    from ruamel.yaml.scalarstring import FoldedScalarString

    lines = textwrap.wrap(text, max(width, 40), break_long_words=False, break_on_hyphens=False)
    value = FoldedScalarString(text + "\n")
    if " ".join(lines) == text and len(lines) > 1:
        positions, at = [], 0
        for line in lines[:-1]:
            at += len(line)
            positions.append(at)
            at += 1
        value.fold_pos = positions
    return value


def clause(fields: dict[str, Any], width: int) -> Any:
    """A clause mapping in block style, its topics in flow style, its text folded."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    out = CommentedMap()
    for key, value in fields.items():
        if isinstance(value, list):
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            out[key] = seq
        elif key == "text":
            out[key] = folded(value, width)
        else:
            out[key] = value
    return out


def block_list() -> Any:
    """A new, empty list in block style."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq()
    seq.fa.set_block_style()
    return seq


def comment_before(seq: Any, index: int, comment: str, column: int, blank: bool) -> None:
    """A comment line (after a blank line when ``blank``) above item ``index`` of ``seq``."""
    seq.yaml_set_comment_before_after_key(
        index, before=("\n" if blank else "") + comment, indent=column
    )


def flow(seq: Any) -> bool:
    """Whether a loaded list is written in flow style (``[...]``)."""
    return bool(getattr(getattr(seq, "fa", None), "flow_style", lambda: False)())


def block_style(seq: Any) -> None:
    """Write a list that was ``[]`` as a block list."""
    seq.fa.set_block_style()
