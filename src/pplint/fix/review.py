"""Review fixes: for a `missing` finding, the rule's model clause, filled for the tender in its
language, appended to the list the finding points at, under a comment that marks it for legal
review. ruamel.yaml writes the clause as the file writes its lists; only its lines are added."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pplint.analysis.tender import SECTIONS
from pplint.core.i18n import tr
from pplint.core.model import Finding
from pplint.core.rules import Rule
from pplint.fix import hunks as hunks_mod
from pplint.fix.model import REVIEW, Change, Edit, Fix, Held, Note
from pplint.fix.textedit import Text
from pplint.load.source import SourceDoc
from pplint.packs.localize import localize_rule

LIST = "clauses"
COMMENT = "inserted by pplint fix for legal review: {rule} {title}"
DESCRIBE = "insert clause {id} ({section}), the model clause of {rule}, for legal review"
# a clause the re-check asks for once the others are in (an environmental clause makes the
# environmental performance condition due)
FOLLOWS = (
    "insert clause {id} ({section}), the model clause of {rule}, which the other inserted "
    "clauses make due, for legal review"
)
_DASH = re.compile(r"( *)- +")
TOPIC_CHECKS = ("missing", "weak")  # a clause on the rule's topic is what they look for


@dataclass(frozen=True, slots=True)
class Wanted:
    """A missing clause to insert: its rule, the rule's options for this tender, the finding,
    and the filled model clause."""

    rule: Rule
    options: Mapping[str, Any]
    finding: Finding
    text: str
    follows: bool = False  # asked for by the re-check of the other fixes


def target(rule: Rule, options: Mapping[str, Any], finding: Finding, data: Any) -> str:
    """Where a missing finding's clause goes: "clauses" (the list, made when absent),
    "criteria" (the rule wants an award criterion, which pplint does not write: the weights
    must add up), or "" (not a clause: a field, or a rule that reads no topic)."""
    path = tuple(finding.path)
    if finding.kind != "missing" or not rule.model_clause or rule.check not in TOPIC_CHECKS:
        return ""
    where = options.get("in") or ()
    clause = not where or any(p in SECTIONS for p in where)
    if path == (LIST,) and clause:
        return LIST
    if path in (("award_criteria",), ("tender",)) and clause and isinstance(data, dict):
        return LIST if LIST not in data else ""  # the list is absent: the finding points elsewhere
    return "criteria" if path == ("award_criteria",) else ""


def section_of(rule: Rule, options: Mapping[str, Any]) -> str:
    """The first section of the rule's places; else performance for a performance-condition
    rule (its title or English model clause says it is one, or the clause sets a penalty for
    breach, which makes it a condition enforced during the contract), else obligation."""
    for place in options.get("in") or ():
        if place in SECTIONS:
            return str(place)
    said = f"{rule.title} {rule.model_clause.get('en', '')}".lower()
    condition = "performance condition" in said or "penalt" in said
    return "performance" if condition else "obligation"


@dataclass(slots=True)
class Block:
    """The lines the review fixes insert together: where (original lines [first, last) are
    replaced; first == last inserts before line first, 0-based), the list's key when the
    list is new, and each fix's own lines by clause id."""

    text: Text
    first: int = 0
    last: int = 0
    header: list[str] = field(default_factory=list)
    segments: dict[str, list[str]] = field(default_factory=dict)

    def edit(self, clause_ids: Sequence[str]) -> Edit:
        """One edit inserting the clauses of these ids (in the order they were made)."""
        lines = list(self.header)
        for ident, segment in self.segments.items():
            if ident in clause_ids:
                lines += segment
        return _edit(self.text, self.first, self.last, lines)


def review_fixes(
    doc: SourceDoc, text: Text, wanted: Sequence[Wanted], lang: str
) -> tuple[list[Fix], list[Held], Block]:
    """The fixes inserting each wanted clause (with the block of their lines), or each held
    back with the reason."""
    block = Block(text)
    if not wanted:
        return [], [], block
    taken = _ids(doc.data)
    made: list[tuple[Wanted, dict[str, Any], str]] = []
    for want in wanted:
        ident = _unique(f"PPLINT-{want.rule.id}", taken)
        taken.add(ident)
        fields: dict[str, Any] = {"id": ident, "section": section_of(want.rule, want.options)}
        if want.rule.topics():  # a rule id tags a clause with the rule's topics
            fields["topics"] = [want.rule.id]
        fields["text"] = want.text
        title = " ".join(localize_rule(want.rule, lang).title.split())
        made.append((want, fields, tr(lang, COMMENT, rule=want.rule.id, title=title)))
    try:
        _insert(doc, text, made, block)
    except Exception as exc:  # ruamel.yaml refuses the file, or would rewrite other lines
        reason = _why(exc)
        held = [
            Held(w.rule.id, REVIEW, _describe(w.rule.id, f), reason, w.finding) for w, f, _ in made
        ]
        return [], held, block
    fixes = []
    for want, fields, _ in made:
        value = {**fields, "text": fields["text"] + "\n"}
        fixes.append(
            Fix(
                rule=want.rule.id,
                tier=REVIEW,
                description=_describe(want.rule.id, fields, want.follows),
                edits=(block.edit([fields["id"]]),),
                finding=want.finding,
                change=Change("append", (LIST,), value),
                clause_id=fields["id"],
                follows=want.follows,
            )
        )
    return fixes, [], block


def _insert(
    doc: SourceDoc, text: Text, made: list[tuple[Wanted, dict[str, Any], str]], block: Block
) -> None:
    """Append the clauses with ruamel.yaml and keep the lines it adds (in ``block``)."""
    style = _style(doc, text)
    hunk, creating = _appended(text, style, made)
    lines = list(hunk.lines)
    first, last = hunk.first, hunk.last
    count = len(doc.data.get(LIST) or ())
    if first == last and count:  # right after the last item: above blank lines and comments
        end = doc.locate((LIST, count - 1)).line - 1
        while first - 1 > end and _between(text.lines[first - 1], style.offset):
            first -= 1
        last = first
    if creating and first == last and first and text.lines[first - 1].strip():
        lines.insert(0, "")  # a new top-level key after a blank line
    block.first, block.last = first, last
    starts = _starts(lines, [comment for _, _, comment in made])
    block.header = lines[: starts[0]]
    for (_, fields, _), begin, end in zip(made, starts, [*starts[1:], len(lines)], strict=True):
        block.segments[fields["id"]] = lines[begin:end]


def _appended(
    text: Text, style: Any, made: list[tuple[Wanted, dict[str, Any], str]]
) -> tuple[hunks_mod.Hunk, bool]:
    """The one hunk that appending the clauses (each under its comment) to the list makes in
    ruamel.yaml's dump, placed on the original's lines; and whether the list is new."""
    from pplint.fix import rtyaml

    y = rtyaml.yaml(style)
    data = rtyaml.load(y, text.text)
    before = rtyaml.dump(y, data)
    seq = data.get(LIST)
    creating = seq is None
    if creating:
        seq = data[LIST] = rtyaml.block_list()
    elif not isinstance(seq, list):
        raise hunks_mod.Unplaced("`clauses` is not a list")
    elif rtyaml.flow(seq):
        if seq:
            raise hunks_mod.Unplaced("the list is written in flow style")
        rtyaml.block_style(seq)
    width = rtyaml.WRAP - style.sequence - style.mapping
    for index, (_, fields, comment) in enumerate(made):
        seq.append(rtyaml.clause(fields, width))
        blank = style.blank_lines and not (creating and index == 0)
        rtyaml.comment_before(seq, len(seq) - 1, comment, style.offset, blank)
    found = hunks_mod.hunks(text, before, rtyaml.dump(y, data))
    if len(found) != 1:
        raise hunks_mod.Unplaced("ruamel.yaml would change other lines too")
    return found[0], creating


def _starts(lines: list[str], comments: list[str]) -> list[int]:
    """Where each clause's lines start: its comment line, or the blank line just above it."""
    starts: list[int] = []
    at = 0
    for comment in comments:
        marker = f"# {comment}".strip()
        while at < len(lines) and lines[at].strip() != marker:
            at += 1
        if at == len(lines):
            raise hunks_mod.Unplaced("the inserted clause is not where it was put")
        blank_above = at > 0 and not lines[at - 1].strip()
        starts.append(at - 1 if blank_above and (not starts or at - 1 > starts[-1]) else at)
        at += 1
    return starts


def _between(line: str, dash: int) -> bool:
    """Whether a line after a list's last item may be passed over: blank, or a comment no
    deeper than the list's dashes (so not the inside of a block scalar)."""
    stripped = line.lstrip()
    return not stripped or (stripped.startswith("#") and len(line) - len(stripped) <= dash)


def _style(doc: SourceDoc, text: Text) -> Any:
    """How the file writes its lists, read from its first list of mappings."""
    from pplint.fix import rtyaml

    mapping = _mapping_indent(doc, text)
    data = doc.data
    for key in (LIST, "award_criteria", "waivers"):
        items = data.get(key)
        loc = doc.locations.get((key, 0))
        if not (isinstance(items, list) and items and isinstance(items[0], dict) and loc):
            continue
        found = _DASH.fullmatch(text.lines[loc.line - 1][: loc.column - 1])
        if found:
            blank = _blank_parted(doc, text, key, len(items))
            return rtyaml.Style(len(found.group(1)), loc.column - 1, mapping, blank)
    return rtyaml.Style(mapping=mapping)


def _blank_parted(doc: SourceDoc, text: Text, key: str, count: int) -> bool:
    """Whether most items of a list are parted from the one before by a blank line."""
    parted = 0
    for index in range(1, count):
        line = doc.locate((key, index)).line - 2
        while line >= 0 and text.lines[line].lstrip().startswith("#"):
            line -= 1
        parted += line >= 0 and not text.lines[line].strip()
    return count > 1 and parted * 2 > count - 1


def _mapping_indent(doc: SourceDoc, text: Text) -> int:
    """How far the file indents a nested mapping (from its `tender:`), 2 by default."""
    loc = doc.locations.get(("tender",))
    if loc is None:
        return 2
    for line in text.lines[loc.line :]:
        stripped = line.lstrip()
        if stripped and not stripped.startswith("#"):
            indent = len(line) - len(stripped) - (loc.column - 1)
            return indent if 1 <= indent <= 8 else 2
    return 2


def _edit(text: Text, first: int, last: int, lines: list[str]) -> Edit:
    """Original lines [first, last) replaced by ``lines`` (first == last: inserted there)."""
    nl = text.newline
    if first == last:
        if first == 0:
            return Edit(1, 1, 1, 1, nl.join(lines) + nl)
        line, column = text.end_of(first)
        # after the last line of a file with no final line end: end the clause's last line,
        # or its folded text would lose its own line end
        last_line = first == len(text.lines) and not text.text.endswith("\n")
        return Edit(line, column, line, column, nl + nl.join(lines) + (nl if last_line else ""))
    end_line, end_column = text.end_of(last)
    return Edit(first + 1, 1, end_line, end_column, nl.join(lines))


def _describe(rule: str, fields: Mapping[str, Any], follows: bool = False) -> Note:
    template = FOLLOWS if follows else DESCRIBE
    return Note.of(template, id=fields["id"], section=fields["section"], rule=rule)


def _why(exc: Exception) -> Note:
    if isinstance(exc, hunks_mod.Unplaced):
        return Note.of("ruamel.yaml would rewrite lines around the list: {reason}", reason=str(exc))
    message = " ".join(str(exc).split())[:200] or type(exc).__name__
    return Note.of("ruamel.yaml cannot write the clause into this file: {reason}", reason=message)


def _ids(data: Any) -> set[str]:
    out: set[str] = set()
    for key in (LIST, "award_criteria"):
        for item in data.get(key) or () if isinstance(data, dict) else ():
            if isinstance(item, dict) and item.get("id") is not None:
                out.add(str(item["id"]))
    return out


def _unique(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
