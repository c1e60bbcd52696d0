"""Regex terms run with a time bound: per search, and in a budget per file."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, NamedTuple

SEARCH_SECONDS = 0.25  # one regex term on one text
FILE_SECONDS = 3.0  # all regex terms on one file, in a budget started per file


class Skipped(NamedTuple):
    """A regex term that was not run on some text (or stopped), and why, in plain words."""

    label: str
    pattern: str
    reason: str

    def message(self) -> str:
        """One line for a finding: which term, whose, what happened and what it means."""
        shown = self.pattern if len(self.pattern) <= 80 else self.pattern[:79] + "…"
        return (
            f"regex term `re:{shown}` of {_owner(self.label)} {self.reason}; findings that "
            "depend on it may be missing or wrong (simplify the pattern in its rule pack)"
        )


def _owner(label: str) -> str:
    """Whose term a label is: the classifier's ``t:topic`` and ``l:lexicon`` labels, others."""
    kind, _, name = label.partition(":")
    if kind == "t" and name:
        return f"topic `{name}`"
    if kind == "l" and name:
        return f"lexicon `{name}`"
    return "a rule's word list"


@dataclass(slots=True)
class RegexBudget:
    """The time regex terms may take, and the terms skipped for want of it.

    Each search stops after ``SEARCH_SECONDS``; a term stopped once is not run again under
    the same budget. With ``total``, once the searches have taken that long in all, every
    further search is skipped. Each skipped (label, pattern) is listed once in ``skipped``.
    """

    total: float | None = None
    spent: float = 0.0
    skipped: list[Skipped] = field(default_factory=list)
    _listed: set[tuple[str, str]] = field(default_factory=set)  # (label, pattern) in skipped
    _stopped: dict[str, str] = field(default_factory=dict)  # pattern -> reason

    def skip(self, label: str, pattern: str, reason: str) -> None:
        """List a term as skipped, once."""
        if (label, pattern) not in self._listed:
            self._listed.add((label, pattern))
            self.skipped.append(Skipped(label, pattern, reason))

    def search(self, label: str, pattern: str, rx: Any, folded: str) -> list[Any]:
        """The matches of a compiled regex term in a text, or none when it is skipped.

        ``rx`` is a ``regex`` pattern, stopped after its time; or, for a shipped term on a
        short text (see ``terms.QUICK_TEXT``), a ``re`` pattern, which has no time limit: its
        time counts towards the file's total all the same."""
        reason = self._stopped.get(pattern)
        if reason is None and self.total is not None and self.spent >= self.total:
            reason = (
                f"was not run: the regular expressions of this file already took {self.total:g} s"
            )
        if reason is not None:
            self.skip(label, pattern, reason)
            return []
        timeout = SEARCH_SECONDS
        if self.total is not None:
            timeout = min(timeout, self.total - self.spent)
        start = time.perf_counter()
        try:
            if isinstance(rx, re.Pattern):
                return list(rx.finditer(folded))
            return list(rx.finditer(folded, timeout=timeout))
        except TimeoutError:
            if timeout < SEARCH_SECONDS:
                reason = f"was stopped: the regular expressions of this file took {self.total:g} s"
            else:
                reason = self._stopped[pattern] = (
                    f"took longer than {SEARCH_SECONDS:g} s on one text and was stopped"
                )
            self.skip(label, pattern, reason)
            return []
        finally:
            self.spent += time.perf_counter() - start


_RUN_BUDGET = RegexBudget()  # used when no per-file budget was started: no total
_BUDGET: ContextVar[RegexBudget] = ContextVar("pplint_regex_budget", default=_RUN_BUDGET)


@contextmanager
def file_regex_budget(total: float | None = FILE_SECONDS) -> Iterator[RegexBudget]:
    """A fresh budget for the regex terms of one file, current inside the ``with`` block;
    after the file is checked, its ``skipped`` lists what did not run."""
    budget = RegexBudget(total)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def regex_budget() -> RegexBudget:
    """The budget regex terms run under now."""
    return _BUDGET.get()
