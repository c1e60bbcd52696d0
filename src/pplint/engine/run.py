"""One run of `pplint check`: every file through the engine, the baseline applied, model
clauses filled when asked; everything returned at once, nothing written."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pplint.analysis.terms import TermSet
from pplint.core.model import Severity
from pplint.core.rules import RuleSet
from pplint.engine import baseline as baseline_mod
from pplint.engine.checker import Engine
from pplint.engine.report import Report
from pplint.engine.results import FileResult, Settings, describe
from pplint.load.config import Config
from pplint.packs import clauses


@dataclass(slots=True)
class RunSetup:
    """What a run was asked: the configuration, the loaded rule set and the settings."""

    config: Config
    ruleset: RuleSet
    settings: Settings
    fail_on: Severity | None
    terms: TermSet | None = None  # the rule set's compiled term set, when the cache had it


@dataclass(slots=True)
class Crash:
    """A file whose check raised an unexpected exception (reported as FMT-INTERNAL)."""

    file: str
    error: str


@dataclass(slots=True)
class Run:
    """Everything a run produced, for the command line to show and write."""

    setup: RunSetup
    report: Report
    crashes: list[Crash] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # files skipped by `exclude:`
    recorded: str | None = None  # this run's findings as a baseline file, when asked


def run(
    setup: RunSetup,
    files: Sequence[tuple[Path, str]],
    *,
    baseline: Path | None = None,
    record_baseline: bool = False,
    model_clauses: bool = False,
    excludes: Callable[[Path], bool] | None = None,
) -> Run:
    """Check every file; a bad file becomes findings, a bad baseline raises PplintError.

    An unexpected exception while checking one file becomes an FMT-INTERNAL finding for that
    file (and a Crash), and the other files are still checked. ``excludes`` defaults to the
    configuration's ``exclude:`` patterns.
    """
    known = baseline_mod.load(baseline) if baseline else None
    engine = Engine(setup.ruleset, setup.settings, terms=setup.terms)
    skip = excludes or setup.config.excludes
    kept: list[tuple[Path, str]] = []
    excluded: list[str] = []
    for path, display in files:
        if skip(path):
            excluded.append(display)
        else:
            kept.append((path, display))
    crashes: list[Crash] = []
    results = [_check_one(engine, path, display, crashes) for path, display in kept]
    report = Report(results, setup.ruleset, setup.fail_on)
    recorded = baseline_mod.dumps(report.findings) if record_baseline else None
    if known is not None:
        for result in results:
            result.findings, hidden = baseline_mod.split(result.findings, known)
            report.baseline_hidden += hidden
    if model_clauses:
        fill_model_clauses(report, setup.settings.params)
    return Run(setup, report, crashes, excluded, recorded)


def _check_one(engine: Engine, path: Path, display: str, crashes: list[Crash]) -> FileResult:
    """One file through the engine; an unexpected exception becomes its only finding."""
    try:
        return engine.check_path(path, display)
    except Exception as exc:  # a bug must not lose the report of the other files
        crashes.append(Crash(display, describe(exc)))
        return engine.crashed(display, exc)


def fill_model_clauses(report: Report, params: Mapping[str, float]) -> None:
    """Fill each finding's model clause, in the tender's language, from its tender."""
    for result in report.results:
        for finding in result.findings:
            rule = report.rule(finding.rule)
            key = (finding.file, finding.rule)
            if rule is None or key in report.model_clauses:
                continue
            report.model_clauses[key] = clauses.render(
                rule, report.ruleset, result.context, params=params
            )
