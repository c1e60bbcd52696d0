"""The changes between two dumps of a document, carried onto the original text as edits.

ruamel.yaml rewrites some lines it does not change (a plain scalar over several lines comes
out on one); the original keeps them. The changed lines of the dumps are found by a line diff
of the two dumps, placed in the original by a diff of the original against the first dump,
and only they are edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from pplint.fix.textedit import Text


class Unplaced(Exception):
    """A change of the dumps that falls on lines ruamel.yaml writes otherwise than the file."""


@dataclass(frozen=True, slots=True)
class Hunk:
    """Replace original lines [first, last) with ``lines``; first == last inserts before
    line ``first`` (0-based)."""

    first: int
    last: int
    lines: tuple[str, ...]


def hunks(original: Text, before: str, after: str) -> list[Hunk]:
    """The hunks that turn ``before`` into ``after``, placed on the original's lines."""
    dumped = _lines(before)
    changed = _lines(after)
    place = _Placement(original.lines, dumped)
    out: list[Hunk] = []
    matcher = SequenceMatcher(None, dumped, changed, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        lines = tuple(changed[j1:j2])
        if i1 == i2:  # an insertion before dumped line i1: after what line i1 - 1 is in the file
            at = place.after(i1 - 1)
            out.append(Hunk(at, at, lines))
            continue
        mapped = [place.same.get(i) for i in range(i1, i2)]
        first = mapped[0]
        if first is None or mapped != list(range(first, first + len(mapped))):
            raise Unplaced("the change falls on lines the file writes otherwise")
        out.append(Hunk(first, first + len(mapped), lines))
    return out


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return lines


class _Placement:
    """Where the lines of a dump stand in the original: a dumped line equal to an original
    line (in a run of equal lines) is that line; a run of lines the dump writes otherwise
    (a scalar joined onto one line) ends where its original lines end."""

    def __init__(self, original: list[str], dumped: list[str]):
        self.same: dict[int, int] = {}
        self.run_end: dict[int, int] = {}
        matcher = SequenceMatcher(None, original, dumped, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for k in range(j2 - j1):
                    self.same[j1 + k] = i1 + k
            elif tag == "replace":
                self.run_end[j2 - 1] = i2 - 1

    def after(self, dumped_line: int) -> int:
        """The original line index before which an insertion after ``dumped_line`` goes."""
        if dumped_line < 0:
            return 0
        for table in (self.same, self.run_end):
            if dumped_line in table:
                return table[dumped_line] + 1
        raise Unplaced("the insertion falls inside lines the file writes otherwise")
