"""The fixes output formats offer (SARIF fixes, "fix available" in annotations): each checked
file read again and planned as `pplint fix --review-fixes` would, only when one of its
findings can have a fix."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pplint.analysis.classify import Classifier
from pplint.core.files import ReadError, read_limited
from pplint.core.i18n import tr
from pplint.core.model import DocPath, Finding
from pplint.core.rules import RuleSet
from pplint.engine.checker import Engine
from pplint.engine.results import FileResult, Settings
from pplint.fix.model import SAFE, Fix
from pplint.fix.plan import Planner, blocking
from pplint.fix.safe import EQUIVALENT

SAFE_NOTE = "(fix available: pplint fix)"
REVIEW_NOTE = "(review fix available: pplint fix --review-fixes)"
SAFE_TEXT = "Safe fix: {description}"
REVIEW_TEXT = "Review fix (pplint fix --review-fixes): {description}"

Key = tuple[str, str, DocPath, str | None]


def key(f: Finding) -> Key:
    """What identifies a finding between two checks of the same text."""
    return (f.rule, f.kind, tuple(f.path), f.clause)


class Offers:
    """Per checked file, the fix of each of its findings that has one."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self._classifier: Classifier | None = None

    def may_fix(self, f: Finding) -> bool:
        """Whether a finding is of a kind that can have a fix (cheap: nothing is read)."""
        rule = self.ruleset.rules.get(f.rule)
        if rule is None or f.suppressed:
            return False
        if f.kind == "missing":
            return bool(rule.model_clause)
        if f.kind == "violation":
            return rule.check == "forbidden" and rule.options.get("unless") == EQUIVALENT
        return f.kind == "weak" and "no-equivalent" in f.reasons

    def of(self, result: FileResult, clauses: Mapping[str, str]) -> dict[Finding, Fix]:
        """The fixes of the file's findings, by finding; none when the file is gone, broken
        or changed so that its findings are no longer those of the check."""
        wanted = [f for f in result.findings if self.may_fix(f)]
        if not wanted or blocking(result.findings) is not None:
            return {}
        try:
            raw = read_limited(Path(result.file))
        except ReadError:
            return {}
        rules = tuple(result.applicable + result.not_applicable)
        if self._classifier is None:
            self._classifier = Classifier(self.ruleset)
        settings = Settings(select=rules, lang=result.lang or None)
        engine = Engine(self.ruleset, settings, classifier=self._classifier)
        plan = Planner(engine).plan(raw, result.file, review=True, clauses=clauses)
        fixes = {key(fix.finding): fix for fix in plan.fixes if not fix.follows}
        return {f: fixes[key(f)] for f in wanted if key(f) in fixes}


def note(fix: Fix, lang: str | None) -> str:
    """What an annotation adds after a finding that has a fix."""
    return tr(lang, SAFE_NOTE if fix.tier == SAFE else REVIEW_NOTE)


def describe(fix: Fix, lang: str | None) -> str:
    """A fix in words, with its tier."""
    template = SAFE_TEXT if fix.tier == SAFE else REVIEW_TEXT
    return tr(lang, template, description=fix.description.say(lang))
