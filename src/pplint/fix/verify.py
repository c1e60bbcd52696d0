"""A set of fixes made on the original text and checked: it still loads with pplint's own
loader, its data changed exactly as the fixes say, and no line they do not touch changed."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any

from pplint.core.errors import LoadError
from pplint.fix.model import Change, Edit, Note
from pplint.fix.textedit import EditError, Text
from pplint.load.source import load_text


def made(
    text: Text,
    edits: Sequence[Edit],
    changes: Sequence[Change],
    data: Any,
    name: str,
    max_nodes: int,
) -> tuple[str, Note | None]:
    """The text with the edits made, and what is wrong with it (None when nothing is)."""
    try:
        new = text.apply(edits)
    except EditError as exc:
        return text.text, Note.of("the edits cannot be made: {reason}", reason=str(exc))
    try:
        doc = load_text(new, name, max_nodes=max_nodes)
    except LoadError as exc:
        return new, Note.of("the file would not load after the fix: {reason}", reason=exc.message)
    if doc.duplicates:
        return new, Note.of("the fix would repeat a key")
    if doc.data != expected(data, changes):
        return new, Note.of("the fix would change other values of the document")
    if not only_touched(text, Text(new), edits):
        return new, Note.of("the fix would change lines it does not touch")
    return new, None


def expected(data: Any, changes: Sequence[Change]) -> Any:
    """The document's data as the changes leave it."""
    out = copy.deepcopy(data)
    for change in changes:
        *parents, last = change.path
        node = out
        for part in parents:
            node = node[part]
        if change.op == "set":
            node[last] = change.value
        else:
            node.setdefault(last, []).append(copy.deepcopy(change.value))
    return out


def only_touched(old: Text, new: Text, edits: Sequence[Edit]) -> bool:
    """Whether every original line is still there, in order, except those the edits touch."""
    touched = old.touched(edits)
    matcher = SequenceMatcher(None, old.lines, new.lines, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete") and not set(range(i1, i2)) <= touched:
            return False
    return True
