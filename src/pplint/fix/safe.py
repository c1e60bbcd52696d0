"""Safe fixes: "or equivalent", in the text's language, right after a label or brand that a
rule names without it. Nothing else is certain enough to be made without a person."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pplint.analysis.classify import field_language
from pplint.analysis.context import TenderContext
from pplint.analysis.tender import Item
from pplint.core.model import DocPath, Finding
from pplint.core.rules import Rule
from pplint.fix.foldmap import folded_with_map, occurrences
from pplint.fix.model import SAFE, Change, Edit, Fix, Held, Note
from pplint.fix.textedit import EditError, Text
from pplint.load.source import SourceDoc

PHRASES = {"en": "or equivalent", "es": "o equivalente", "ca": "o equivalent"}
EQUIVALENT = "or-equivalent"  # the shared lexicon of equivalence phrases
# words that join two named labels into one list: "FSC or PEFC" takes one phrase, after PEFC
_JOINERS = frozenset({"or", "and", "nor", "o", "u", "y", "e", "i", "ni", ",", "/", "&"})
_CLOSERS = "\"'”’»)]®™"  # what may close a named term: the phrase goes after it
DESCRIBE = "add “{phrase}” after {terms}"
_NEXT = re.compile(r"[ \t]+(\S+)")


@dataclass(frozen=True, slots=True)
class Spot:
    """One place to insert the phrase: the term as written and where it ends."""

    term: str
    value_end: int  # offset in the field's value
    source_end: int  # offset in the file's text


def spec_of(rule: Rule, options: Mapping[str, Any], finding: Finding) -> Any | None:
    """The term list whose match the phrase follows, when the finding is about a missing
    "or equivalent"; None for every other finding."""
    if finding.kind == "violation" and rule.check == "forbidden":
        return options.get("terms") if options.get("unless") == EQUIVALENT else None
    if finding.kind == "weak" and "no-equivalent" in finding.reasons:
        return options.get("labels")
    return None


def safe_fix(
    ctx: TenderContext,
    doc: SourceDoc,
    text: Text,
    rule: Rule,
    options: Mapping[str, Any],
    finding: Finding,
) -> Fix | Held | None:
    """The fix of a finding about a missing "or equivalent", or why it cannot be made; None
    when the finding is about something else."""
    spec = spec_of(rule, options, finding)
    if spec is None:
        return None
    item = _item(ctx, finding.path)
    if item is None:
        return _held(rule, finding, Note.of("the finding points at no clause or criterion"))
    for entry in options.get("weak_if") or ():
        if entry.get("reason") == "no-equivalent" and ctx.find(item, entry["terms"]):
            return _held(
                rule,
                finding,
                Note.of(
                    "the clause excludes equivalents in its own words: only a person can reword it"
                ),
            )
    for name in _fields(item, finding, rule):
        language = field_language(name, ctx.tender.language)
        phrase = PHRASES.get(language)
        if phrase is None:
            continue
        path: DocPath = (*item.path, *name.split("."))
        spots = _spots(ctx, doc, text, item, name, spec, path)
        if spots is None:
            return _held(
                rule, finding, Note.of("the named term could not be placed exactly in the file")
            )
        if not spots:
            continue
        return _fix(rule, finding, text, item, name, path, phrase, spots)
    return _held(
        rule, finding, Note.of("every named term is already followed by an equivalence phrase")
    )


def _item(ctx: TenderContext, path: DocPath) -> Item | None:
    if len(path) < 2 or not isinstance(path[1], int):
        return None
    kind = {"clauses": "clause", "award_criteria": "criterion"}.get(str(path[0]))
    return next((i for i in ctx.tender.items if i.kind == kind and i.index == path[1]), None)


def _fields(item: Item, finding: Finding, rule: Rule) -> list[str]:
    """The finding's own field first; for a weak label, the clause's other body fields too."""
    own = ".".join(str(p) for p in finding.path[2:])
    names = [own] if own in item.fields else []
    if rule.check != "forbidden":
        names += [
            n
            for n in item.fields
            if n not in names and n not in ("verification", "enforcement", "scoring")
        ]
    return names


def _spots(
    ctx: TenderContext,
    doc: SourceDoc,
    text: Text,
    item: Item,
    name: str,
    spec: Any,
    path: DocPath,
) -> list[Spot] | None:
    """Where the phrase goes in one field: after each named term and its model name (after
    the last of terms joined by "or", "and" or a space), except where an equivalence phrase
    already follows; None when a term cannot be placed in the file exactly."""
    folded = item.folded[name]
    spans = _groups(folded, ctx.find(item, spec, (name,)))
    value = item.fields[name]
    value_folded, value_map = folded_with_map(value)
    if value_folded != folded or path not in doc.locations:
        return None if spans else []
    span = _span(text, doc, path)
    if span is None:
        return None
    first, last = span
    source = text.text[first:last]
    source_folded, source_map = folded_with_map(source)
    out: list[Spot] = []
    for span_start, span_end in spans:
        term_start = value_map[span_start]
        value_end = _named_end(value, value_map[span_end - 1] + 1)
        span_end = max(i for i, at in enumerate(value_map) if at < value_end) + 1
        if _followed(ctx, folded[span_end:]):
            continue
        words = folded[span_start:span_end]
        in_value = occurrences(value_folded, words)
        in_source = occurrences(source_folded, words)
        if len(in_value) != len(in_source) or (span_start, span_end) not in in_value:
            return None
        k = in_value.index((span_start, span_end))
        source_end = first + source_map[in_source[k][1] - 1] + 1
        while value_end < len(value) and value[value_end] in _CLOSERS:
            if text.text[source_end : source_end + 1] != value[value_end]:
                return None
            value_end += 1
            source_end += 1
        out.append(Spot(value[term_start:value_end], value_end, source_end))
    return out


def _named_end(value: str, end: int) -> int:
    """Where a named label or brand ends in its text: after the model name written next to
    it in capitals or figures ("Steelcase Series 2", "Microsoft Word"), at most three words,
    within its sentence."""
    for _ in range(3):
        found = _NEXT.match(value, end)
        if found is None:
            break
        word = found.group(1).rstrip(_CLOSERS + ",.;:!?")
        if not word or not (word[0].isupper() or word[0].isdigit()):
            break
        end = found.start(1) + len(word)
        if len(word) < len(found.group(1)):  # punctuation after it ends the name
            break
    return end


def _span(text: Text, doc: SourceDoc, path: DocPath) -> tuple[int, int] | None:
    """Where a scalar's source is in the text (its end may be the end of the file)."""
    start, end = doc.locate(path), doc.end(path)
    if end is None:
        return None
    try:
        first = text.offset(start.line, start.column)
        last = (
            len(text.text)
            if end.line > len(text.lines)
            else text.offset(end.line, min(end.column, len(text.lines[end.line - 1]) + 1))
        )
    except EditError:
        return None
    return first, last


def _groups(folded: str, matches: list[Any]) -> list[tuple[int, int]]:
    """Spans of the matches in order, those that overlap, touch or are joined only by "or",
    "and" or a comma taken as one (a list of labels, or a brand and its product)."""
    joined: list[list[int]] = []
    for m in sorted(matches, key=lambda m: (m.start, -m.end)):
        gap = folded[joined[-1][1] : m.start] if joined else "-"
        words = gap.replace(",", " , ").split()
        if joined and len(words) <= 2 and all(w in _JOINERS for w in words):
            joined[-1][1] = max(joined[-1][1], m.end)
        else:
            joined.append([m.start, m.end])
    return [(a, b) for a, b in joined]


def _followed(ctx: TenderContext, rest: str) -> bool:
    """Whether an equivalence phrase follows a term at once ("FSC or equivalent")."""
    head = rest.lstrip(" ,(")
    if not head:
        return False
    head = head[:80]
    return any(m.start == 0 for m in ctx.find_in(head, EQUIVALENT))


def _fix(
    rule: Rule,
    finding: Finding,
    text: Text,
    item: Item,
    name: str,
    path: DocPath,
    phrase: str,
    spots: list[Spot],
) -> Fix:
    value = item.fields[name]
    new_value = value
    edits = []
    for spot in sorted(spots, key=lambda s: -s.value_end):
        new_value = f"{new_value[: spot.value_end]} {phrase}{new_value[spot.value_end :]}"
        line, column = text.position(spot.source_end)
        edits.append(Edit(line, column, line, column, f" {phrase}"))
    terms = ", ".join(f"“{s.term}”" for s in spots)
    return Fix(
        rule=rule.id,
        tier=SAFE,
        description=Note.of(DESCRIBE, phrase=phrase, terms=terms),
        edits=tuple(sorted(edits)),
        finding=finding,
        change=Change("set", path, new_value),
        partial=finding.kind == "weak" and bool(set(finding.reasons) - {"no-equivalent"}),
    )


def _held(rule: Rule, finding: Finding, reason: Note) -> Held:
    description = Note.of("add “or equivalent” after the named term")
    return Held(rule.id, SAFE, description, reason, finding)
