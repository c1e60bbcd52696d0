"""The core loop: one file in, located findings out, for every applicable rule."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pplint.analysis.budget import file_regex_budget
from pplint.analysis.classify import Classification, Classifier
from pplint.analysis.conditions import holds
from pplint.analysis.context import TenderContext
from pplint.analysis.tender import Tender, build, template_context
from pplint.analysis.terms import TermSet
from pplint.checks import REGISTRY, Hit
from pplint.core.errors import LoadError
from pplint.core.files import ReadError, read_limited
from pplint.core.i18n import document_lang, translate, word
from pplint.core.messages import render_message
from pplint.core.model import NOT_SHOWN, DocPath, Finding, Severity, format_path
from pplint.core.rules import Rule, RuleSet
from pplint.engine import waivers
from pplint.engine.evidence import passed_by
from pplint.engine.merge import merge_lot_repeats, merge_same_defect
from pplint.engine.results import FORMAT_RULES, ExplainedItem, FileResult, Settings, describe
from pplint.load import schemas
from pplint.load.source import SourceDoc, load_bytes
from pplint.notices.load import load_documents
from pplint.packs.localize import localize_rule
from pplint.packs.plugins import load_checks


class Engine:
    """A rule set compiled once, ready to check many files."""

    def __init__(
        self,
        rs: RuleSet,
        settings: Settings | None = None,
        classifier: Classifier | None = None,
        terms: TermSet | None = None,
    ):
        load_checks()  # kinds from installed plugins (a cached rule set may name them)
        self.rs = rs
        self.settings = settings or Settings()
        self.classifier = classifier or Classifier(rs, terms)
        self.rules = [
            r
            for r in rs.rule_list()
            if self.settings.selected(r.id) and not self.settings.turned_off(r.id)
        ]
        self._local: dict[str, list[Rule]] = {"en": self.rules}
        self._own: dict[str, frozenset[str]] = {}

    def rules_in(self, lang: str) -> list[Rule]:
        """The selected rules with their texts in ``lang`` (English where a pack gives none)."""
        rules = self._local.get(lang)
        if rules is None:
            rules = self._local[lang] = [localize_rule(r, lang) for r in self.rules]
        return rules

    def own_texts(self, lang: str) -> frozenset[str]:
        """The details and element names the rules' packs give in ``lang`` (already said in
        it: never looked up in the catalogue)."""
        texts = self._own.get(lang)
        if texts is None:
            found: set[str] = set()
            for rule in self.rules_in(lang):
                for ref_options in (rule.options, *(r.options for r in rule.refinements)):
                    for key in ("elements", "weak_if", "require_terms"):
                        for entry in ref_options.get(key) or ():
                            for name in ("name", "detail"):
                                if isinstance(entry, dict) and isinstance(entry.get(name), str):
                                    found.add(" ".join(entry[name].split()))
            texts = self._own[lang] = frozenset(found)
        return texts

    def lang_of(self, doc: SourceDoc) -> str:
        """The language to speak about a document in: the run's, else the tender's own (its
        ``language``, or a notice's first text language pplint reads), else the default."""
        if self.settings.lang:
            return self.settings.lang
        texts = doc.notice.languages if doc.notice is not None else ()
        return document_lang(doc.data, texts) or self.settings.default_lang

    # -- entry points ---------------------------------------------------------------------

    def check_path(self, path: Path, display: str | None = None) -> FileResult:
        name = display or str(path)
        try:
            raw = read_limited(path, self.settings.max_bytes)
        except ReadError as exc:
            result = FileResult(name)
            code = "FMT-LIMIT" if exc.too_large else "FMT-READ"
            result.findings.append(self._format(name, code, 1, 1, (), exc.message))
            return self._finish(result)
        return self.check_bytes(raw, name)

    def check_bytes(self, raw: bytes, file: str) -> FileResult:
        with gc_paused():  # a tender's objects live until it is checked: no cycles to look for
            return self._check_bytes(raw, file)

    def _check_bytes(self, raw: bytes, file: str) -> FileResult:
        result = FileResult(file)
        settings = self.settings
        try:
            docs = load_documents(
                raw, file, max_bytes=settings.max_bytes, max_nodes=settings.max_nodes
            )
            if docs is None:  # a tender
                docs = [
                    load_bytes(
                        raw, file, max_bytes=settings.max_bytes, max_nodes=settings.max_nodes
                    )
                ]
        except LoadError as exc:
            line, column = exc.line, exc.column
            finding = self._format(file, exc.code, line, column, (), exc.message)
            if exc.code == "FMT-NO-TENDER":  # nothing wrong: nothing to judge
                severity = self.settings.override(exc.code) or Severity.INFO
                finding = finding.with_changes(kind=NOT_SHOWN, severity=severity)
            result.findings.append(finding)
            return self._finish(result)
        if len(docs) == 1:
            return self.check_doc(docs[0], result)
        return self._check_all(docs, result)

    def _check_all(self, docs: list[SourceDoc], result: FileResult) -> FileResult:
        """Several documents of one file (an OCDS package, JSON Lines) into one result."""
        for doc in docs:
            one = self.check_doc(doc, FileResult(result.file))
            result.findings.extend(one.findings)
            result.applicable += [r for r in one.applicable if r not in result.applicable]
            result.not_applicable += [
                r for r in one.not_applicable if r not in result.not_applicable
            ]
            result.explained += one.explained
            result.passed += one.passed
            result.context = result.context or one.context
            result.checked = result.checked or one.checked
        return self._finish(result)

    def check_doc(self, doc: SourceDoc, result: FileResult) -> FileResult:
        """Check one loaded document; regex terms stopped by their time limit are reported."""
        with file_regex_budget() as budget:
            result = self._check_doc(doc, result)
        if budget.skipped:
            result.findings.extend(
                self._format(doc.file, "FMT-LIMIT", 1, 1, (), s.message()) for s in budget.skipped
            )
            result = self._finish(result)
        return result

    def _check_doc(self, doc: SourceDoc, result: FileResult) -> FileResult:
        file = doc.file
        lang = result.lang = self.lang_of(doc)
        for dup in doc.duplicates:
            result.findings.append(
                self._format(
                    file,
                    "FMT-DUPLICATE-KEY",
                    dup.location.line,
                    dup.location.column,
                    dup.path,
                    f"duplicate key `{dup.path[-1]}` (first at line {dup.first.line}); the first "
                    "value is used: remove or rename one of them",
                    lang,
                )
            )
        if not isinstance(doc.data, dict):
            result.findings.append(
                self._format(
                    file,
                    "FMT-ROOT",
                    1,
                    1,
                    (),
                    "the document must be a mapping with `pplint: 1` and `tender:` at the top",
                    lang,
                )
            )
            return self._finish(result)
        problems = schemas.validate("tender", doc.data) or [
            *_id_problems(doc.data),
            *waivers.problems(doc.data),
        ]
        for path, message in problems:
            loc = doc.locate(path)
            result.findings.append(
                self._format(file, "FMT-SCHEMA", loc.line, loc.column, path, message, lang)
            )
        if problems:
            return self._finish(result)
        tender = build(doc.data)
        classification = self.classifier.classify(tender)
        for unknown in classification.unknown_tags:
            loc = doc.locate(unknown.path)
            result.findings.append(
                self._format(
                    file,
                    "FMT-TOPIC",
                    loc.line,
                    loc.column,
                    unknown.path,
                    f"unknown topic tag `{unknown.tag}`: use a topic name or a rule id "
                    "(`pplint rules` lists them)",
                    lang,
                )
            )
        result.context = template_context(doc.data)
        result.explained = _explain(doc, tender, classification)
        ctx = TenderContext(tender, classification, self.rs, self.settings.params)
        notice = doc.notice
        if notice is None and "source" in doc.data:  # a tender `pplint import` wrote
            from pplint.notices.build import from_source

            notice = doc.notice = from_source(doc.data["source"])
        unjudged = 0
        if notice is not None:  # a published notice: what it cannot show is not judged
            from pplint.notices import shown

            shown.prepare(ctx, notice)
        for rule in self.rules_in(lang):
            severity, options, message = self._effective(rule, ctx)
            if rule.applies and not holds(rule.applies, ctx):
                result.not_applicable.append(rule.id)
                continue
            if notice is not None and not shown.judged(rule, notice):
                unjudged += 1
                continue
            result.applicable.append(rule.id)
            hits = merge_lot_repeats(REGISTRY[rule.check].run(ctx, rule, options))
            if notice is not None:
                hits = shown.adjust(rule, options, hits, notice)
            for hit in hits:
                result.findings.append(self._finding(doc, rule, severity, message, hit, lang))
            if not hits and self.settings.evidence:
                result.passed.append(passed_by(ctx, doc, rule, options))
        if unjudged:
            result.findings.append(self._unread(doc, unjudged, lang))
        result.checked = True
        if self.settings.use_waivers:
            self._waive(doc, result, lang)
        return self._finish(result)

    def crashed(self, file: str, exc: Exception) -> FileResult:
        """The result of a file whose check raised ``exc``: one FMT-INTERNAL finding."""
        return self.failed(file, describe(exc))

    def failed(self, file: str, error: str) -> FileResult:
        """The result of a file whose check failed with ``error``: one FMT-INTERNAL finding."""
        result = FileResult(file)
        result.findings.append(
            self._format(
                file,
                "FMT-INTERNAL",
                1,
                1,
                (),
                f"internal error while checking this file: {error}; please report it",
            )
        )
        return self._finish(result)

    # -- helpers --------------------------------------------------------------------------

    def _effective(self, rule: Rule, ctx: TenderContext) -> tuple[Severity, dict[str, Any], str]:
        severity, options, message = rule.severity, rule.options, rule.message
        for ref in reversed(rule.refinements):
            if holds(ref.when, ctx):
                severity = ref.severity or severity
                options = {**options, **ref.options}
                message = ref.message or message
                break
        return self.settings.override(rule.id) or severity, options, message

    def _unread(self, doc: SourceDoc, unjudged: int, lang: str) -> Finding:
        """The one finding saying that a notice's texts are in no language pplint reads."""
        langs = ", ".join(doc.notice.languages[:6]) or "no language given"
        more = len(doc.notice.languages) - 6
        message = (
            f"the notice's texts are in {langs}{f' and {more} more' if more > 0 else ''}; "
            f"pplint reads English, Spanish and Catalan, so only the structural rules ran and "
            f"{unjudged} rules that read clause texts were not judged"
        )
        finding = self._format(doc.file, "FMT-LANGUAGE", 1, 1, (), message, lang)
        loc = doc.locate(())
        return finding.with_changes(
            severity=self.settings.override("FMT-LANGUAGE") or Severity.INFO,
            line=loc.line,
            column=loc.column,
            kind=NOT_SHOWN,
            **_source(doc, ()),
        )

    def _finding(
        self, doc: SourceDoc, rule: Rule, severity: Severity, message: str, hit: Hit, lang: str
    ) -> Finding:
        loc = doc.locate(hit.path)
        end = doc.end(hit.path) if hit.path in doc.locations else None
        known = self.own_texts(lang)
        note = translate(lang, hit.note, known) if hit.note else ""
        if hit.kind == NOT_SHOWN:  # said in its own words, as information
            text, severity = note, Severity.INFO
        else:
            values = hit.vars if lang == "en" else {k: _word(lang, v) for k, v in hit.vars.items()}
            text = render_message(message, values)
            if note:
                text = f"{text} {note}"
        return Finding(
            file=doc.file,
            line=loc.line,
            column=loc.column,
            rule=rule.id,
            severity=severity,
            kind=hit.kind,
            family=rule.family,
            message=text,
            path=hit.path,
            reasons=hit.reasons,
            details=tuple(translate(lang, d, known) for d in hit.details)
            if lang != "en"
            else hit.details,
            clause=hit.clause,
            elements=hit.elements,
            end_line=end.line if end else None,
            end_column=end.column if end else None,
        ).with_changes(**_source(doc, hit.path))

    def _format(
        self,
        file: str,
        code: str,
        line: int,
        column: int,
        path: DocPath,
        message: str,
        lang: str | None = None,
    ) -> Finding:
        """A format finding, its message in ``lang`` (else the run's language or default)."""
        severity = self.settings.override(code) or Severity.ERROR
        message = translate(lang or self.settings.lang or self.settings.default_lang, message)
        return Finding(
            file=file,
            line=line,
            column=column,
            rule=code,
            severity=severity,
            kind="invalid",
            family="format",
            message=message,
            path=path,
        )

    def _waive(self, doc: SourceDoc, result: FileResult, lang: str) -> None:
        data = doc.data
        parsed = waivers.parse(data)
        today = self.settings.today or dt.date.today()
        result.findings = waivers.apply(result.findings, parsed, today)
        known = set(self.rs.rules) | set(FORMAT_RULES)
        for w in parsed:
            if w.rule not in known:
                message, field, severity = f"waiver names unknown rule `{w.rule}`", "rule", None
            elif w.expired(today):
                message = (
                    f"waiver of {w.rule} expired on {w.expires}: it no longer waives anything; "
                    "renew it with a new date or fix the finding"
                )
                field, severity = "expires", Severity.WARNING
            elif not w.used and self.settings.selected(w.rule):
                clause = f" for clause {w.clause}" if w.clause else ""
                message = (
                    f"unused waiver: {w.rule} reports nothing{clause} in this file; "
                    "remove the waiver"
                )
                field, severity = "rule", Severity.WARNING
            else:
                continue
            path = (*w.path, field)
            loc = doc.locate(path)
            finding = self._format(
                doc.file, "FMT-WAIVER", loc.line, loc.column, path, message, lang
            )
            result.findings.append(finding.with_changes(severity=severity) if severity else finding)

    @property
    def _run_lang(self) -> str:
        return self.settings.lang or self.settings.default_lang

    def _finish(self, result: FileResult) -> FileResult:
        reported = sorted(f for f in result.findings if self.settings.reports(f.rule))
        result.findings = merge_same_defect(reported, result.lang or self._run_lang)
        return result


def _word(lang: str, value: Any) -> Any:
    """A message value (" in lot 2", a goal) in ``lang`` when the catalogue makes it."""
    if not isinstance(value, str):
        return value
    return translate(lang, value, record=False) if " " in value.strip() else word(lang, value)


def _source(doc: SourceDoc, path: DocPath) -> dict[str, str | None]:
    """Where a finding's path comes from in a notice: ``xpath`` or ``pointer`` (none for YAML)."""
    notice = doc.notice
    if notice is None:
        return {}
    if not notice.source_key:
        return {}
    source = notice.source(path)
    return {"xpath": source} if notice.source_key == "xpath" else {"pointer": source}


def _id_problems(data: dict[str, Any]) -> list[tuple[DocPath, str]]:
    """Ids that must be unique, and lot references that must exist."""
    out: list[tuple[DocPath, str]] = []
    tender = data.get("tender") or {}
    lots = tender.get("lots") or []
    lot_ids = {lot.get("id") for lot in lots if isinstance(lot, dict)}
    for key, items in (
        ("clauses", data.get("clauses") or []),
        ("award_criteria", data.get("award_criteria") or []),
    ):
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            ident = item.get("id")
            if ident in seen:
                out.append(
                    (
                        (key, i, "id"),
                        f"{key}[{i}].id: `{ident}` is already used by "
                        f"{key}[{seen[ident]}]; ids must be unique",
                    )
                )
            else:
                seen[ident] = i
            lot = item.get("lot")
            if lot is not None and lot not in lot_ids:
                out.append(((key, i, "lot"), f"{key}[{i}].lot: no lot has id `{lot}`"))
    seen_lots: dict[str, int] = {}
    for i, lot in enumerate(lots):
        ident = lot.get("id")
        if ident in seen_lots:
            out.append(
                (
                    ("tender", "lots", i, "id"),
                    f"tender.lots[{i}].id: `{ident}` is already used; lot ids must be unique",
                )
            )
        seen_lots.setdefault(ident, i)
    return out


def _explain(doc: SourceDoc, tender: Tender, cls: Classification) -> list[ExplainedItem]:
    out = []
    for item in tender.items:
        evidence = cls.items[(item.kind, item.index)].evidence
        out.append(
            ExplainedItem(
                format_path(item.path),
                item.id,
                item.place,
                doc.locate(item.path).line,
                dict(sorted(evidence.items())),
            )
        )
    return out


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused for one file (its size is bounded by the load
    limits), and restored as it was after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
