"""One run of `pplint check`: set-up, every file through the engine, baseline, report."""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pplint.cli import options
from pplint.core.errors import PplintError
from pplint.engine import baseline as baseline_mod
from pplint.engine.checker import Engine, FileResult, describe
from pplint.output.report import Report


@dataclass(slots=True)
class Crash:
    """A file whose check raised an unexpected exception (reported as FMT-INTERNAL)."""

    file: str
    error: str


@dataclass(slots=True)
class Run:
    setup: options.RunSetup
    report: Report
    crashes: list[Crash] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # files skipped by `exclude:`


def run(
    files: Sequence[tuple[Path, str]],
    *,
    config_path: str | None = None,
    use_config: bool = True,
    rules: Sequence[str] = (),
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: str | None = None,
    use_waivers: bool = True,
    baseline: str | None = None,
    write_baseline: str | None = None,
    cwd: Path | None = None,
    today: dt.date | None = None,
) -> Run:
    """Check every file; a bad file becomes findings, a bad pack or config raises PplintError.

    An unexpected exception while checking one file becomes an FMT-INTERNAL finding for that
    file (and a Crash), and the other files are still checked.
    """
    cfg = options.load_config(config_path, use_config, cwd or Path.cwd())
    setup = options.build(cfg, rules, select, ignore, fail_on, use_waivers, today)
    known = baseline_mod.load(Path(baseline)) if baseline else None
    engine = Engine(setup.ruleset, setup.settings)
    kept: list[tuple[Path, str]] = []
    excluded: list[tuple[Path, str]] = []
    for path, display in files:
        (excluded if cfg.excludes(path) else kept).append((path, display))
    crashes: list[Crash] = []
    results = [_check_one(engine, path, display, crashes) for path, display in kept]
    report = Report(results, setup.ruleset, setup.fail_on)
    if write_baseline:
        write_file(write_baseline, baseline_mod.dumps(report.findings), "baseline")
    if known is not None:
        hidden_total = 0
        for result in results:
            result.findings, hidden = baseline_mod.split(result.findings, known)
            hidden_total += hidden
        report.baseline_hidden = hidden_total
    return Run(setup, report, crashes, [display for _, display in excluded])


def _check_one(engine: Engine, path: Path, display: str, crashes: list[Crash]) -> FileResult:
    """One file through the engine; an unexpected exception becomes its only finding."""
    try:
        return engine.check_path(path, display)
    except Exception as exc:  # a bug must not lose the report of the other files
        crashes.append(Crash(display, describe(exc)))
        return engine.crashed(display, exc)


def write_file(dest: str, text: str, what: str) -> None:
    """Write ``text`` to ``dest`` as UTF-8, creating its folder; never wait on a FIFO.

    The file is opened non-blocking, so a FIFO that nobody reads is refused at once (a pipe
    such as /dev/stdout still works). Lone surrogates (from file names that are not UTF-8)
    are written as ``\\udcXX`` escapes, which JSON reads back as the same text.
    """
    nonblock = getattr(os, "O_NONBLOCK", 0)
    try:
        Path(dest).parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | nonblock, 0o666)
    except OSError as exc:
        reason = (
            "a FIFO that nobody reads is there"
            if exc.errno == errno.ENXIO
            else (exc.strerror or str(exc))
        )
        raise PplintError(f"cannot write {what}: {reason}", dest) from None
    try:
        if nonblock:
            os.set_blocking(fd, True)
        with open(fd, "wb", closefd=False) as handle:
            handle.write(text.encode("utf-8", "backslashreplace"))
    except OSError as exc:
        raise PplintError(f"cannot write {what}: {exc.strerror or exc}", dest) from None
    finally:
        os.close(fd)


def add_model_clauses(report: Report, setup: options.RunSetup) -> None:
    """Fill each finding's model clause, in the tender's language, from its tender."""
    from pplint.packs import clauses

    for result in report.results:
        for finding in result.findings:
            rule = report.rule(finding.rule)
            key = (finding.file, finding.rule)
            if rule is None or key in report.model_clauses:
                continue
            report.model_clauses[key] = clauses.render(
                rule, setup.ruleset, result.context, params=setup.settings.params
            )


def render(report: Report, fmt: str) -> str:
    from pplint.output import formatters

    if fmt == "pretty":
        fmt = "text"
    return formatters.get(fmt)(report)


def write_step_summary(report: Report) -> None:
    """Append a Markdown table of findings to $GITHUB_STEP_SUMMARY when it is set."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from pplint.output.formatters.github import step_summary

    with open(target, "a", encoding="utf-8") as handle:
        handle.write(step_summary(report))
