"""One run of `pplint check`: every file through the engine (here or in worker processes),
the baseline applied, model clauses filled when asked; nothing written."""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping, Sequence
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


@dataclass(slots=True)
class Checked:
    """One file as a run keeps it: its result (without the tender mapping), what the baseline
    hid, its model clauses, its crash, and its baseline entries when a baseline is recorded."""

    result: FileResult
    hidden: int = 0
    clauses: dict[str, str] = field(default_factory=dict)  # rule id -> filled model clause
    crash: Crash | None = None
    recorded: list[tuple[baseline_mod.Key, str]] = field(default_factory=list)


@dataclass(slots=True)
class FileStep:
    """What every file of a run goes through, in this process or in a worker."""

    engine: Engine
    known: set[baseline_mod.Key] | None = None  # the baseline read, if any
    record: bool = False
    model_clauses: bool = False
    explained: bool = True  # keep the classification of every item, for --explain

    @classmethod
    def of(
        cls,
        setup: RunSetup,
        baseline: Path | None,
        record: bool,
        model_clauses: bool,
        explained: bool = True,
    ) -> FileStep:
        """The step a run's setup and options ask for; a bad baseline raises PplintError."""
        known = baseline_mod.load(baseline) if baseline else None
        engine = Engine(setup.ruleset, setup.settings, terms=setup.terms)
        return cls(engine, known, record, model_clauses, explained)

    def __call__(self, item: tuple[Path, str]) -> Checked:
        path, display = item
        crash = None
        try:
            result = self.engine.check_path(path, display)
        except Exception as exc:  # a bug must not lose the report of the other files
            crash = Crash(display, describe(exc))
            result = self.engine.crashed(display, exc)
        return self.keep(result, crash)

    def failed(self, item: tuple[Path, str], error: str) -> Checked:
        """The outcome of a file whose check failed outside the engine (a worker died)."""
        display = item[1]
        return self.keep(self.engine.failed(display, error), Crash(display, error))

    def keep(self, result: FileResult, crash: Crash | None) -> Checked:
        out = Checked(result, crash=crash)
        if self.record:
            out.recorded = baseline_mod.entries(result.findings)
        if self.known is not None:
            result.findings, out.hidden = baseline_mod.split(result.findings, self.known)
        if self.model_clauses:
            out.clauses = file_clauses(result, self.engine.rs, self.engine.settings.params)
        result.context = None
        if not self.explained:
            result.explained = []
        return out


def workers(jobs: int | None, files: int) -> int:
    """How many processes check ``files`` files: ``jobs`` (0: one per CPU; None: one per CPU
    from MIN_PARALLEL files on, else 1), never more than the files, 1 where forking is unsafe."""
    if jobs is None:
        jobs = 0 if files >= MIN_PARALLEL else 1
    if jobs == 1 or files <= 1:
        return 1
    from pplint.engine import pool  # only for a run that may fork

    wanted = jobs or pool.cpu_count()
    if wanted <= 1 or not pool.can_fork():
        return 1
    return min(wanted, files)


MIN_PARALLEL = 8  # files from which a run without --jobs uses every CPU


def check_files(
    step: FileStep, files: Sequence[tuple[Path, str]], jobs: int | None = 1
) -> Generator[Checked, None, None]:
    """Every file through ``step``, in the order given, in ``workers(jobs, len(files))``
    processes."""
    count = workers(jobs, len(files))
    if count == 1:
        return (step(item) for item in files)
    from pplint.engine import pool

    return pool.ordered_map(step, files, count, step.failed)


def split_excluded(
    setup: RunSetup,
    files: Sequence[tuple[Path, str]],
    excludes: Callable[[Path], bool] | None = None,
) -> tuple[list[tuple[Path, str]], list[str]]:
    """The files to check, and the display names of those ``exclude:`` skips."""
    skip = excludes or setup.config.excludes
    kept: list[tuple[Path, str]] = []
    excluded: list[str] = []
    for path, display in files:
        if skip(path):
            excluded.append(display)
        else:
            kept.append((path, display))
    return kept, excluded


def run(
    setup: RunSetup,
    files: Sequence[tuple[Path, str]],
    *,
    baseline: Path | None = None,
    record_baseline: bool = False,
    model_clauses: bool = False,
    excludes: Callable[[Path], bool] | None = None,
    jobs: int | None = 1,
) -> Run:
    """Check every file; a bad file becomes findings, a bad baseline raises PplintError.

    An unexpected exception while checking one file becomes an FMT-INTERNAL finding for that
    file (and a Crash), and the other files are still checked. ``excludes`` defaults to the
    configuration's ``exclude:`` patterns.
    """
    kept, excluded = split_excluded(setup, files, excludes)
    report = Report([], setup.ruleset, setup.fail_on)
    crashes: list[Crash] = []
    recorded: list[tuple[baseline_mod.Key, str]] = []
    step = FileStep.of(setup, baseline, record_baseline, model_clauses)
    for done in check_files(step, kept, jobs):
        report.results.append(done.result)
        report.baseline_hidden += done.hidden
        recorded += done.recorded
        if done.crash is not None:
            crashes.append(done.crash)
        for rule_id, text in done.clauses.items():
            report.model_clauses.setdefault((done.result.file, rule_id), text)
    dumped = baseline_mod.dumps_entries(recorded) if record_baseline else None
    return Run(setup, report, crashes, excluded, dumped)


def file_clauses(
    result: FileResult, ruleset: RuleSet, params: Mapping[str, float]
) -> dict[str, str]:
    """Each finding's model clause, filled from its tender in the tender's language."""
    out: dict[str, str] = {}
    for finding in result.findings:
        rule = ruleset.rules.get(finding.rule)
        if rule is None or finding.rule in out:
            continue
        out[finding.rule] = clauses.render(rule, ruleset, result.context, params=params)
    return out


def fill_model_clauses(report: Report, params: Mapping[str, float]) -> None:
    """Fill each finding's model clause, in the tender's language, from its tender."""
    for result in report.results:
        for rule_id, text in file_clauses(result, report.ruleset, params).items():
            report.model_clauses.setdefault((result.file, rule_id), text)
