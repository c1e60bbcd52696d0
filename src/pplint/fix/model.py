"""What a fix is: edits of the original text, its tier, what it says, and why one is held back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pplint.core.i18n import tr
from pplint.core.model import Finding

SAFE = "safe"
REVIEW = "review"
TIERS = (SAFE, REVIEW)
NEEDS_FLAG = "a review fix: add --review-fixes to apply it"  # why a passing review fix waits


@dataclass(frozen=True, slots=True)
class Note:
    """A text to say: an English template of the catalogue and its values."""

    template: str
    values: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, template: str, **values: Any) -> Note:
        return cls(template, tuple((k, str(v)) for k, v in values.items()))

    def say(self, lang: str | None) -> str:
        """The text in ``lang`` (English when the catalogue has none)."""
        return tr(lang, self.template, **dict(self.values))


@dataclass(frozen=True, order=True, slots=True)
class Edit:
    """Replace the text from (start_line, start_column) up to, not including, (end_line,
    end_column) of the original file with ``text``; 1-based, columns in code points."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int
    text: str


@dataclass(frozen=True, slots=True)
class Change:
    """What a fix does to the document's data: set the value at ``path``, or append ``value``
    to the list at ``path`` (created when absent)."""

    op: str  # "set" | "append"
    path: tuple[str | int, ...]
    value: Any


@dataclass(frozen=True, slots=True, eq=False)
class Fix:
    """One finding's fix: its edits of the original text and the change they make."""

    rule: str
    tier: str
    description: Note
    edits: tuple[Edit, ...]
    finding: Finding
    change: Change
    partial: bool = False  # fixes one reason of a weak finding that has others
    clause_id: str | None = None  # the id of an inserted clause
    follows: bool = False  # asked for by the re-check once the other clauses are in


@dataclass(frozen=True, slots=True)
class Held:
    """A fix (or the fix a finding would have) that is not applied, and why."""

    rule: str
    tier: str
    description: Note
    reason: Note
    finding: Finding
    fix: Fix | None = None


@dataclass(slots=True)
class FilePlan:
    """One file's fixes: those that passed every check, those held back, or why the whole
    file is left alone."""

    file: str
    lang: str = "en"  # the tender's language: what is said about it
    skipped: Note | None = None
    notice: bool = False  # a published notice: never edited
    fixes: list[Fix] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    unfixable: int = 0  # findings no fix exists for
    original: str = ""
    fixed: str = ""  # the text with every fix in ``fixes`` applied
    bom: bool = False

    def fixed_bytes(self) -> bytes:
        """The fixed text as the file's bytes (UTF-8, with its byte-order mark if it had one)."""
        return (b"\xef\xbb\xbf" if self.bom else b"") + self.fixed.encode("utf-8")

    @property
    def changed(self) -> bool:
        return bool(self.fixes) and self.fixed != self.original
