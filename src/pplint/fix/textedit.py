"""A text as an editor sees it (LF or CRLF ends a line), positions in it, and edits applied."""

from __future__ import annotations

from collections.abc import Iterable

from pplint.fix.model import Edit


class EditError(Exception):
    """Edits that overlap or point outside the text."""


class Text:
    """A text, its lines without their ends, and where each line starts."""

    def __init__(self, text: str):
        self.text = text
        parts = text.split("\n")
        if text.endswith("\n"):
            parts.pop()  # a final LF ends the last line; it starts none
        self.starts: list[int] = []
        self.lines: list[str] = []
        at = 0
        for index, part in enumerate(parts):
            self.starts.append(at)
            ended = index + 1 < len(parts) or text.endswith("\n")
            self.lines.append(part[:-1] if ended and part.endswith("\r") else part)
            at += len(part) + 1
        if not parts:
            self.starts, self.lines = [0], [""]
        crlf = text.count("\r\n")
        self.newline = "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and column (a column may be one past the line)."""
        if not 1 <= line <= len(self.starts) or column < 1:
            raise EditError(f"no line {line}, column {column}")
        if column > len(self.lines[line - 1]) + 1:
            raise EditError(f"line {line} has no column {column}")
        return self.starts[line - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of an offset inside the text."""
        line = 0
        low, high = 0, len(self.starts) - 1
        while low <= high:
            mid = (low + high) // 2
            if self.starts[mid] <= offset:
                line, low = mid, mid + 1
            else:
                high = mid - 1
        return line + 1, offset - self.starts[line] + 1

    def end_of(self, line: int) -> tuple[int, int]:
        """The position just after the content of a 1-based line (before its line end)."""
        return line, len(self.lines[line - 1]) + 1

    def apply(self, edits: Iterable[Edit]) -> str:
        """The text with the edits made (identical edits once); overlapping ones refused."""
        spans = sorted(
            {
                (
                    self.offset(e.start_line, e.start_column),
                    self.offset(e.end_line, e.end_column),
                    e.text,
                )
                for e in edits
            }
        )
        out: list[str] = []
        at = 0
        for start, end, text in spans:
            if start < at or end < start:
                raise EditError("the edits overlap")
            out += [self.text[at:start], text]
            at = end
        out.append(self.text[at:])
        return "".join(out)

    def touched(self, edits: Iterable[Edit]) -> set[int]:
        """The 0-based indices of the original lines the edits write into."""
        lines: set[int] = set()
        for e in edits:
            lines.update(range(e.start_line - 1, e.end_line))
        return lines
