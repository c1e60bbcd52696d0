"""One file's fixes: found from its findings, each checked alone, then together by checking
the fixed text again (every fixed finding gone, none new); what fails is held back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pplint.analysis.conditions import holds
from pplint.analysis.context import TenderContext
from pplint.analysis.tender import build, template_context
from pplint.core.errors import LoadError
from pplint.core.i18n import document_lang
from pplint.core.model import Finding
from pplint.core.rules import Rule
from pplint.engine.checker import Engine
from pplint.engine.results import FileResult
from pplint.fix import review as review_mod
from pplint.fix import verify
from pplint.fix.model import NEEDS_FLAG, REVIEW, SAFE, Edit, FilePlan, Fix, Held, Note
from pplint.fix.safe import safe_fix
from pplint.fix.textedit import Text
from pplint.load.source import SourceDoc, decode, load_text
from pplint.notices.load import load_documents
from pplint.packs import clauses as clauses_mod

BOM = b"\xef\xbb\xbf"
NOTICE_SUFFIXES = (".xml", ".json", ".jsonl")
# format findings that leave the file readable as it is: the fixes may still be made
READABLE = frozenset({"FMT-WAIVER", "FMT-TOPIC"})


def blocking(findings: Sequence[Finding]) -> Finding | None:
    """The first finding that keeps a file from being edited: one of kind ``invalid`` (YAML
    syntax, a duplicate key, the schema, a read or size limit), except waivers and tags."""
    return next((f for f in findings if f.kind == "invalid" and f.rule not in READABLE), None)


def is_notice(raw: bytes, name: str) -> bool:
    """Whether a file is a published notice (XML or JSON), which fix never edits."""
    if name.lower().endswith(NOTICE_SUFFIXES):
        return True
    try:
        return load_documents(raw, name) is not None
    except LoadError:
        return False


@dataclass(slots=True)
class _File:
    """What the planning of one file works on."""

    name: str
    text: Text
    doc: SourceDoc
    before: FileResult
    ctx: TenderContext
    lang: str
    bom: bool = False
    kinds: set[tuple[str, str]] = field(default_factory=set)  # (rule, kind) before the fixes
    block: review_mod.Block | None = None


@dataclass(slots=True)
class _Recheck:
    """What checking the fixed text says: per fix what is wrong, and the rules it newly
    reports missing (which a clause of their own may answer)."""

    failed: dict[Fix, Note] = field(default_factory=dict)
    missing: dict[str, Finding] = field(default_factory=dict)
    blanket: Note | None = None  # a new finding no one fix is known to cause

    @property
    def ok(self) -> bool:
        return not self.failed and self.blanket is None

    def why(self, fix: Fix) -> Note:
        reason = self.failed.get(fix) or self.blanket or next(iter(self.failed.values()))
        return reason


CASCADE = 2  # rounds of clauses the re-check asks for once the others are in


class Planner:
    """Fixes for files checked by one engine (its rules, settings and language)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def plan(
        self,
        raw: bytes,
        name: str,
        *,
        review: bool,
        recheck: bool = True,
        clauses: Mapping[str, str] | None = None,
    ) -> FilePlan:
        """The fixes of one file's findings: with ``review``, the review fixes too (else they
        are held back, named); with ``recheck``, the fixed text is checked again."""
        plan = FilePlan(name)
        file = self._open(raw, name, plan)
        if file is None:
            return plan
        given = clauses or {}
        safe, wanted = self._found(file, plan, given)
        fixes, held = self._build(file, safe, wanted)
        for _ in range(CASCADE if recheck else 0):
            more = self._asked(file, self._recheck(file, fixes).missing, wanted, given)
            if not more:
                break
            wanted += more
            fixes, held = self._build(file, safe, wanted)
        plan.held += held
        passing = self._together(file, plan, fixes) if recheck else fixes
        chosen = [f for f in passing if review or f.tier == SAFE]
        plan.held += [_held(f, Note.of(NEEDS_FLAG)) for f in passing if f not in chosen]
        if recheck and len(chosen) < len(passing):
            chosen = self._together(file, plan, chosen)
        new, problem = self._verify(file, chosen) if chosen else (file.text.text, None)
        if problem is not None:  # the checks above make it impossible; held back all the same
            plan.held += [_held(f, problem) for f in chosen]
            chosen, new = [], file.text.text
        plan.fixes = chosen
        plan.fixed = new
        return plan

    def _open(self, raw: bytes, name: str, plan: FilePlan) -> _File | None:
        """The file checked and loaded, or None (and why, in ``plan``) when it is not edited."""
        if is_notice(raw, name):
            plan.notice = True
            plan.skipped = Note.of("a published notice: pplint fix edits tender YAML only")
            return None
        before = self.engine.check_bytes(raw, name)
        stop = blocking(before.findings)
        if stop is not None:
            plan.skipped = Note.of(
                "not edited: {rule} at line {line} (fix it by hand first): {message}",
                rule=stop.rule,
                line=stop.line,
                message=stop.message,
            )
            return None
        try:
            text = Text(decode(raw, name))
            doc = load_text(text.text, name, max_nodes=self.engine.settings.max_nodes)
        except LoadError as exc:
            plan.skipped = Note.of("not edited: {message}", message=exc.message)
            return None
        plan.bom = raw.startswith(BOM)
        plan.original = plan.fixed = text.text
        plan.lang = document_lang(doc.data) or "en"
        engine = self.engine
        tender = build(doc.data)
        ctx = TenderContext(
            tender, engine.classifier.classify(tender), engine.rs, engine.settings.params
        )
        file = _File(name, text, doc, before, ctx, plan.lang, plan.bom)
        for f in before.findings:
            file.kinds.add((f.rule, f.kind))
            file.kinds.update((r, f.kind) for r in f.related)
        return file

    # -- finding the fixes ----------------------------------------------------------------

    def _found(
        self, file: _File, plan: FilePlan, given: Mapping[str, str]
    ) -> tuple[list[Fix], list[review_mod.Wanted]]:
        """The safe fixes, and the clauses wanted for missing findings, of the file's
        findings; what cannot be fixed is counted or held back in ``plan``."""
        rs = self.engine.rs
        safe: list[Fix] = []
        wanted: list[review_mod.Wanted] = []
        for finding in file.before.findings:
            rule = rs.rules.get(finding.rule)
            if finding.suppressed or finding.kind in ("invalid", "not-shown"):
                continue
            if rule is None:
                plan.unfixable += 1
                continue
            options = _effective(rule, file.ctx)
            made = safe_fix(file.ctx, file.doc, file.text, rule, options, finding)
            if isinstance(made, Fix):
                safe.append(made)
                continue
            if isinstance(made, Held):
                plan.held.append(made)
                continue
            where = review_mod.target(rule, options, finding, file.doc.data)
            if where == "criteria":
                plan.held.append(_held_review(rule, finding, Note.of(CRITERIA)))
            elif not where:
                plan.unfixable += 1
            elif all(w.rule.id != rule.id for w in wanted):
                clause = self._clause(rule, file, given)
                if isinstance(clause, Note):
                    plan.held.append(_held_review(rule, finding, clause))
                else:
                    wanted.append(review_mod.Wanted(rule, options, finding, clause))
        return safe, wanted

    def _asked(
        self,
        file: _File,
        missing: Mapping[str, Finding],
        wanted: Sequence[review_mod.Wanted],
        given: Mapping[str, str],
    ) -> list[review_mod.Wanted]:
        """Clauses the re-check asks for once the others are in: rules it newly reports
        missing (an environmental clause makes the environmental performance condition due)."""
        out = []
        for rule_id, finding in missing.items():
            rule = self.engine.rs.rules.get(rule_id)
            if rule is None or any(w.rule.id == rule_id for w in wanted):
                continue
            options = _effective(rule, file.ctx)
            if review_mod.target(rule, options, finding, file.doc.data) != review_mod.LIST:
                continue
            clause = self._clause(rule, file, given)
            if not isinstance(clause, Note):
                out.append(review_mod.Wanted(rule, options, finding, clause, follows=True))
        return out

    def _build(
        self, file: _File, safe: list[Fix], wanted: list[review_mod.Wanted]
    ) -> tuple[list[Fix], list[Held]]:
        """The fixes that pass alone (their edits load and change only what they say), and
        the others held back."""
        review, held, file.block = review_mod.review_fixes(file.doc, file.text, wanted, file.lang)
        good = []
        for fix in [*safe, *review]:
            _, problem = self._verify(file, [fix])
            if problem is None:
                good.append(fix)
            else:
                held.append(_held(fix, problem))
        return good, held

    def _clause(self, rule: Rule, file: _File, given: Mapping[str, str]) -> str | Note:
        """The rule's model clause filled for this tender in its language, or why not."""
        if clauses_mod.pick_language(rule, file.lang) != file.lang:
            return Note.of(
                "the rule has no model clause in the tender's language ({lang})", lang=file.lang
            )
        text = given.get(rule.id)
        if not text:
            text = clauses_mod.render(
                rule,
                self.engine.rs,
                template_context(file.doc.data),
                language=file.lang,
                params=self.engine.settings.params,
            )
        text = " ".join(text.split())
        if not text or text.startswith(f"[model clause of {rule.id} could not be rendered"):
            return Note.of("the model clause could not be filled for this tender")
        return text

    # -- checking them --------------------------------------------------------------------

    def _together(self, file: _File, plan: FilePlan, fixes: list[Fix]) -> list[Fix]:
        """The fixes that, made together, leave every fixed finding gone and none new: those
        a re-check blames are left out until the rest passes; a new finding no one fix is
        blamed for sends the rest through one at a time. A clause the re-check asked for
        that nothing left needs is dropped."""
        current = list(fixes)
        why: dict[Fix, Note] = {}
        while current:
            check = self._recheck(file, current)
            if check.ok:
                break
            if check.failed:
                why.update(check.failed)
                current = [f for f in current if f not in check.failed]
            else:
                current = self._one_by_one(file, current, why)
                break
        current = self._needed(file, current)
        plan.held += [_held(f, why[f]) for f in fixes if f not in current and f in why]
        return current

    def _one_by_one(self, file: _File, fixes: list[Fix], why: dict[Fix, Note]) -> list[Fix]:
        """Each fix added to those that passed before it (with the clauses the re-check asks
        for once it is in), and again over those left out until no more can be added, so
        that a second run adds nothing."""
        good: list[Fix] = []
        pending = list(fixes)
        while pending:
            left = self._pass(file, good, pending, why)
            if len(left) == len(pending):
                break
            pending = left
        return [f for f in fixes if f in good]

    def _pass(
        self, file: _File, good: list[Fix], pending: list[Fix], why: dict[Fix, Note]
    ) -> list[Fix]:
        """Add each pending fix that passes with those already good; the ones left."""
        left: list[Fix] = []
        queue = list(pending)
        while queue:
            fix = queue.pop(0)
            check = self._recheck(file, [*good, fix])
            helpers = [p for p in queue if p.follows and p.rule in check.missing]
            if not check.ok and helpers and self._recheck(file, [*good, fix, *helpers]).ok:
                good += [fix, *helpers]
                queue = [p for p in queue if p not in helpers]
            elif not check.ok:
                why[fix] = check.why(fix)
                left.append(fix)
            else:
                good.append(fix)
        return left

    def _needed(self, file: _File, fixes: list[Fix]) -> list[Fix]:
        """The fixes without the clauses the re-check asked for that nothing left needs."""
        for fix in [f for f in fixes if f.follows]:
            without = [f for f in fixes if f is not fix]
            if self._recheck(file, without).ok:
                fixes = without
        return fixes

    def _recheck(self, file: _File, fixes: list[Fix]) -> _Recheck:
        """What is wrong, per fix, when the fixes are made together and the text checked."""
        out = _Recheck()
        if not fixes:
            return out
        new, problem = self._verify(file, fixes)
        if problem is not None:
            out.failed = {f: problem for f in fixes}
            return out
        raw = (BOM if file.bom else b"") + new.encode("utf-8")
        after = self.engine.check_bytes(raw, file.name).findings
        inserted = {f.clause_id: f for f in fixes if f.clause_id}
        for fix in fixes:
            left = _left(fix, after)
            if left is not None:
                out.failed[fix] = Note.of(
                    "the re-check still reports {rule} ({kind})", rule=left.rule, kind=left.kind
                )
        for f in after:
            if f.clause not in inserted and (f.rule, f.kind) in file.kinds:
                continue
            if f.kind == "missing" and f.clause is None:
                out.missing.setdefault(f.rule, f)
            culprit = inserted.get(f.clause or "")
            reason = Note.of(
                "the re-check would report {rule} ({kind}) at line {line} of the fixed text",
                rule=f.rule,
                kind=f.kind,
                line=f.line,
            )
            if culprit is not None:
                out.failed.setdefault(culprit, reason)
            elif out.blanket is None:
                out.blanket = reason
        return out

    def _verify(self, file: _File, fixes: Sequence[Fix]) -> tuple[str, Note | None]:
        order = list(file.block.segments) if file.block is not None else []
        inserted = sorted(
            (f for f in fixes if f.clause_id in order), key=lambda f: order.index(f.clause_id or "")
        )
        changes = [f.change for f in fixes if f.clause_id not in order]
        return verify.made(
            file.text,
            self._edits(file, fixes),
            [*changes, *(f.change for f in inserted)],
            file.doc.data,
            file.name,
            self.engine.settings.max_nodes,
        )

    def _edits(self, file: _File, fixes: Sequence[Fix]) -> list[Edit]:
        """The edits of several fixes together: each safe fix's own, and one insertion of
        every review fix's clause."""
        edits = [e for f in fixes if f.tier == SAFE for e in f.edits]
        ids = [f.clause_id for f in fixes if f.tier == REVIEW and f.clause_id]
        if ids and file.block is not None:
            edits.append(file.block.edit(ids))
        return edits


def _held(fix: Fix, reason: Note) -> Held:
    return Held(fix.rule, fix.tier, fix.description, reason, fix.finding, fix)


CRITERIA = "the missing item is an award criterion: pplint fix adds none (the weights must add up)"


def _held_review(rule: Rule, finding: Finding, reason: Note) -> Held:
    description = Note.of("insert the model clause of {rule} for legal review", rule=rule.id)
    return Held(rule.id, REVIEW, description, reason, finding)


def _effective(rule: Rule, ctx: TenderContext) -> Mapping[str, Any]:
    """The rule's options for this tender: those of the last refinement that holds."""
    options = rule.options
    for ref in reversed(rule.refinements):
        if holds(ref.when, ctx):
            return {**options, **ref.options}
    return options


def _left(fix: Fix, after: Sequence[Finding]) -> Finding | None:
    """The finding a fix was to remove, if the re-check still reports it (for a fix of one
    reason of a weak finding: still with that reason)."""
    f = fix.finding
    if fix.tier == REVIEW:
        return next((a for a in after if a.rule == f.rule and a.kind == "missing"), None)
    for a in after:
        if a.rule == f.rule and a.kind == f.kind and a.path == f.path:
            if not fix.partial or "no-equivalent" in a.reasons:
                return a
    return None
