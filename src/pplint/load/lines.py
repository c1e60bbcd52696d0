"""Lines and columns as an editor counts them, and load errors placed by them.

Only LF ends a line (CRLF counts once, a lone CR, U+0085, U+2028 and U+2029 do not), and an
error never points past the end of the file.
"""

from __future__ import annotations

import bisect
import re
from typing import Protocol

from pplint.core.errors import LoadError
from pplint.core.model import Location

_OTHER_BREAKS = "\r\x85\u2028\u2029"


class Mark(Protocol):
    """Where libyaml is in the text: a character offset, and its own line and column."""

    index: int
    line: int
    column: int


class Lines:
    """Marks to line and column as an editor counts them: only LF breaks a line."""

    def __init__(self, text: str):
        self.text = text
        # libyaml also breaks lines at these; without them its own count is the editor's,
        # except at the end of a text without a final LF, where libyaml starts one more line
        self.plain = not any(c in text for c in _OTHER_BREAKS)
        self.trusted = len(text) + 1 if text.endswith("\n") else len(text)
        self._starts: list[int] = []

    def at(self, mark: Mark) -> Location:
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


def error_at(message: str, file: str, lines: Lines, index: int, code: str) -> LoadError:
    """A load error at a character offset of the text, placed inside the file."""
    loc = lines.inside(index)
    return LoadError(message, file, loc.line, loc.column, code)
