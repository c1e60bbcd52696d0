"""Checks of what a pack writes, each raised at its file, line and column: messages, model
clauses and word lists."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pplint.analysis.classify import is_inline_terms
from pplint.analysis.regex_guard import regex_problem
from pplint.analysis.vetted import is_vetted
from pplint.core.errors import PackError
from pplint.core.messages import placeholders
from pplint.core.model import DocPath
from pplint.load.source import SourceDoc
from pplint.packs.clauses import template_problem

MESSAGE_FIELDS = frozenset(
    {"clause", "topics", "reasons", "value", "limit", "lot", "places", "term", "goal", "field"}
)


def error_at(doc: SourceDoc, path: DocPath, message: str) -> PackError:
    """A PackError at the line and column where ``path`` is written in ``doc``."""
    loc = doc.locate(path)
    return PackError(message, doc.file, loc.line, loc.column)


def check_message(doc: SourceDoc, path: DocPath, message: str) -> None:
    """Only plain ``{name}`` placeholders of known fields (and ``{{``, ``}}``) are allowed."""
    for name, text in placeholders(message):
        if name is None:
            raise error_at(
                doc,
                path,
                f"`{text}` in message is not a placeholder: write plain "
                "`{name}` placeholders (no `!r`, `:spec`, `.attribute` or `[index]`), "
                "and `{{` or `}}` for a literal brace",
            )
        if name not in MESSAGE_FIELDS:
            raise error_at(
                doc,
                path,
                f"unknown placeholder {text} in message; known: "
                + ", ".join(sorted(MESSAGE_FIELDS)),
            )


def check_template(doc: SourceDoc, path: DocPath, template: str) -> None:
    """A model clause must be a template the sandbox allows, at its line in the pack."""

    problem = template_problem(template)
    if problem is None:
        return
    loc = doc.locate(path)
    end = doc.end(path)
    if end is not None and end.column == 1 and end.line > loc.line:  # a `|` or `>` block:
        line, column = loc.line + problem.line, 1  # its text starts on the next line
    else:
        line, column = loc.line + problem.line - 1, loc.column if problem.line == 1 else 1
    raise PackError(f"model clause `{path[-1]}`: {problem.message}", doc.file, line, column)


def check_terms(doc: SourceDoc, path: DocPath, terms: Mapping[str, Any]) -> None:
    """Every ``re:`` term of a ``{lang: [terms]}`` list must compile and be safe to run."""
    for lang, items in terms.items():
        for index, term in enumerate(items):
            if not (isinstance(term, str) and term.startswith("re:")):
                continue
            problem = None if is_vetted(term[3:]) else regex_problem(term[3:])
            if problem:
                shown = term if len(term) <= 80 else term[:79] + "…"
                raise error_at(
                    doc, (*path, lang, index), f"regex term `{shown}` is refused: {problem}"
                )


def check_inline_terms(doc: SourceDoc, path: DocPath, value: Any) -> None:
    """The inline ``{lang: [terms]}`` word lists anywhere in a rule's options or condition."""

    if is_inline_terms(value):
        check_terms(doc, path, value)
    elif isinstance(value, dict):
        for key, sub in value.items():
            check_inline_terms(doc, (*path, key), sub)
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            check_inline_terms(doc, (*path, index), sub)
