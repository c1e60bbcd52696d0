"""Formats fed one file at a time: each file's findings in the order a whole run sorts them,
and only the pieces a format prints kept until the end."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pplint.core.model import Finding
from pplint.engine.report import Report
from pplint.engine.results import FileResult

P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class FileOut:
    """One checked file as the formats see it: its result and its filled model clauses."""

    result: FileResult
    clauses: Mapping[str, str] = field(default_factory=dict)  # rule id -> model clause

    def clause(self, finding: Finding) -> str | None:
        return self.clauses.get(finding.rule)


class ByName(Generic[P]):
    """Pieces of each file released in file-name order, the order findings sort in: a file's
    as soon as every file named before it has come (at once when they come in that order)."""

    def __init__(self, names: Iterable[str]) -> None:
        self._left = Counter(names)
        self._order = sorted(self._left)
        self._next = 0
        self._held: dict[str, list[tuple[Any, P]]] = defaultdict(list)

    def add(self, name: str, pieces: Iterable[tuple[Any, P]]) -> list[P]:
        """Take one file's (sort key, piece) pairs; return the pieces now due, in order."""
        self._held[name].extend(pieces)
        self._left[name] -= 1
        out: list[P] = []
        while self._next < len(self._order):
            due = self._order[self._next]
            if self._left[due] > 0:
                break
            out += self._release(due)
            self._next += 1
        return out

    def rest(self) -> list[P]:
        """Whatever is still held (files that never came), in name order."""
        out: list[P] = []
        for name in sorted(self._held):
            out += self._release(name)
        return out

    def _release(self, name: str) -> list[P]:
        held = self._held.pop(name, [])
        held.sort(key=lambda pair: pair[0])
        return [piece for _, piece in held]


class Writer:
    """A format fed one file at a time: ``add`` returns what may be printed at once, and
    ``finish`` the rest (the report's counts are complete by then)."""

    streams = False  # whether ``add`` returns text (else it keeps pieces for ``finish``)

    def __init__(self, report: Report, names: Sequence[str]) -> None:
        self.report = report
        self.order: ByName[Any] = ByName(names)

    def add(self, out: FileOut) -> str:
        raise NotImplementedError

    def finish(self) -> str:
        raise NotImplementedError


def clauses_by_file(report: Report) -> dict[str, dict[str, str]]:
    """A whole report's model clauses, per file and rule."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for (file, rule_id), text in report.model_clauses.items():
        out[file][rule_id] = text
    return out


def file_outs(report: Report) -> list[FileOut]:
    """Every result of a whole report, with its model clauses, in the run's order."""
    clauses = clauses_by_file(report)
    return [FileOut(r, clauses.get(r.file, {})) for r in report.results]


def render_with(make: Callable[[Report, Sequence[str]], Writer], report: Report) -> str:
    """A whole report through a writer: the text a streamed run prints, all at once."""
    writer = make(report, [r.file for r in report.results])
    parts = [writer.add(out) for out in file_outs(report)]
    parts.append(writer.finish())
    return "".join(parts)
