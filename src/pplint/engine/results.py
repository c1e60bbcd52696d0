"""What checking produces and is asked: settings, per-file results, the format rule codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pplint.core.model import Finding, Severity
from pplint.load.source import DEFAULT_MAX_BYTES, DEFAULT_MAX_NODES

FORMAT_RULES = {
    "FMT-READ": "the file cannot be read",
    "FMT-ENCODING": "the file is not UTF-8 text",
    "FMT-SYNTAX": "YAML syntax error",
    "FMT-EMPTY": "the file is empty",
    "FMT-MULTIDOC": "several YAML documents in one file",
    "FMT-ROOT": "the document is not a mapping",
    "FMT-TAG": "a YAML tag is not allowed",
    "FMT-LIMIT": "the file exceeds a safety limit",
    "FMT-DUPLICATE-KEY": "a key appears twice in one mapping",
    "FMT-SCHEMA": "the tender does not follow the tender format",
    "FMT-TOPIC": "an unknown topic tag",
    "FMT-WAIVER": "a waiver is expired, unused or names an unknown rule",
    "FMT-INTERNAL": "pplint failed while checking the file (an internal error)",
    "FMT-XML": "the XML is not well-formed or uses a refused construct (DTD, entity)",
    "FMT-NOTICE": "an XML or JSON document that is not a notice pplint reads",
    "FMT-LANGUAGE": "a notice's texts are in no language pplint reads: structure only",
    "FMT-NO-TENDER": "a published document with no tender to lint (a contract release)",
}
INTERNAL_MESSAGE_CHARS = 300
OFF = "off"  # the severity override that turns a rule off


@dataclass(frozen=True, slots=True)
class Settings:
    """What a run asks for: selection, severities, params, limits, waivers."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, float] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES
    max_nodes: int = DEFAULT_MAX_NODES
    use_waivers: bool = True
    today: dt.date | None = None
    evidence: bool = False  # record which clauses satisfy each rule that holds (``passed``)
    lang: str | None = None  # language of what is said; None: each tender's own, else default_lang
    default_lang: str = "en"  # for a file whose language cannot be read (the locale's)

    def reports(self, rule_id: str) -> bool:
        """Whether findings of this rule are shown: format problems always, unless ignored
        or turned off."""
        if self.turned_off(rule_id):
            return False
        if rule_id.startswith("FMT-"):
            return not _matches(rule_id, self.ignore)
        return self.selected(rule_id)

    def turned_off(self, rule_id: str) -> bool:
        """Whether the configuration sets this rule's severity to ``off``."""
        return self.severity.get(rule_id) == OFF

    def override(self, rule_id: str) -> Severity | None:
        """The severity the configuration gives this rule, if any (``off`` is not one)."""
        value = self.severity.get(rule_id)
        return None if not value or value == OFF else Severity.parse(value)

    def selected(self, rule_id: str) -> bool:
        if self.select and not _matches(rule_id, self.select):
            return False
        return not _matches(rule_id, self.ignore)


def _matches(rule_id: str, prefixes: Iterable[str]) -> bool:
    """Whether a rule id is one of the ids or starts with one of the prefixes given."""
    return any(rule_id.startswith(p) for p in prefixes)


@dataclass(slots=True)
class ExplainedItem:
    """Classification of one clause or criterion, for ``--explain``."""

    path: str
    id: str
    place: str
    line: int
    evidence: dict[str, list[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A clause or criterion that satisfies a rule, and the words that put it on the topic."""

    id: str
    path: str
    line: int
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Passed:
    """A rule that holds for the tender, with the clauses that satisfy it (none for a rule
    about fields or weights, which holds as a whole)."""

    rule: str
    clauses: tuple[Evidence, ...] = ()


@dataclass(slots=True)
class FileResult:
    """Everything one file produced: findings, which rules applied, and context for reports."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    applicable: list[str] = field(default_factory=list)
    not_applicable: list[str] = field(default_factory=list)
    context: dict[str, Any] | None = None  # the tender mapping, for model-clause templates
    explained: list[ExplainedItem] = field(default_factory=list)
    passed: list[Passed] = field(default_factory=list)  # rules that hold, when asked
    checked: bool = False  # rules ran (the file loaded and followed the format)
    lang: str | None = None  # the language its messages are in (None: the run's default)

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]


def describe(exc: BaseException) -> str:
    """``Type: message`` on one line, cut to a readable length."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    if len(text) > INTERNAL_MESSAGE_CHARS:
        text = text[: INTERNAL_MESSAGE_CHARS - 3] + "..."
    return text
