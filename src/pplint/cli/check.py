"""`pplint check`: options in, one run, then every output written and the exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Generator, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from pplint.cli import outputs as outputs_mod
from pplint.cli.main import UserError, discover, fail, main, printable, warn
from pplint.cli.shared import rule_options, waiver_options
from pplint.core.i18n import LANGS as LANG_CHOICES
from pplint.output.formatters import FORMATS, TERMINAL

if TYPE_CHECKING:  # ParamType is generic in the stubs of recent click, not at run time in all
    from pplint.cli.sinks import Outputs
    from pplint.engine.baseline import Key
    from pplint.engine.report import Report
    from pplint.engine.run import Checked, Crash, RunSetup

    _ParamType = click.ParamType[str]
else:
    _ParamType = click.ParamType


class FormatName(_ParamType):
    """A format name: a built-in one, or one an installed plugin registers (looked up only
    when the option is given, so that `--help` stays light)."""

    name = "format"

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return "[" + "|".join((TERMINAL, *FORMATS)) + "|PLUGIN]"

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        from pplint.core.errors import PplintError
        from pplint.output import formatters

        try:
            known = formatters.names()
        except PplintError as exc:
            self.fail(str(exc), param, ctx)
        if value not in known:
            self.fail(f"`{value}` is not one of {', '.join(known)}", param, ctx)
        return str(value)


class Jobs(_ParamType):
    """A number of worker processes: a whole number, or `auto` (0) for one per CPU."""

    name = "jobs"

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return "N|auto"

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        parsed = parse_jobs(value)
        if parsed is None:
            self.fail(f"expects a whole number >= 0 or `auto`, got `{value}`", param, ctx)
        return str(parsed)


def parse_jobs(value: Any) -> int | None:
    """``--jobs`` or ``jobs:`` as a number of workers (0: one per CPU), None when invalid."""
    if value == "auto":
        return 0
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=FormatName(),
    help="Output format (default: pretty on a terminal, text when piped, github "
    "under GitHub Actions).",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="FORMAT=PATH",
    help="Also write FORMAT to PATH (repeatable).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    help="Lowest severity that makes the exit code 1 (default: error).",
)
@rule_options
@click.option("--no-color", is_flag=True, help="No colours (NO_COLOR is respected too).")
@click.option(
    "--explain",
    is_flag=True,
    help="Show the topics of every clause and criterion, and the words that matched.",
)
@click.option("--show-clauses", is_flag=True, help="Print the model clause under each finding.")
@click.option(
    "--baseline",
    "baseline_path",
    metavar="FILE",
    help="Report only findings that are not in this baseline file.",
)
@click.option(
    "--write-baseline", metavar="FILE", help="Record the current findings as the baseline in FILE."
)
@click.option("--statistics", is_flag=True, help="Print counts per rule and per family.")
@click.option(
    "-j",
    "--jobs",
    type=Jobs(),
    help="Worker processes (default: one per CPU from 8 files on, else 1; 0 or auto: one "
    "per CPU; 1: no workers).",
)
@click.option(
    "--lang",
    type=click.Choice(LANG_CHOICES),
    help="Language of messages (default: each tender's own language, else the locale's).",
)
@waiver_options
def check(
    paths: tuple[str, ...],
    fmt: str | None,
    outputs: tuple[str, ...],
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    rules: tuple[str, ...],
    config_path: str | None,
    no_config: bool,
    no_color: bool,
    explain: bool,
    show_clauses: bool,
    no_waivers: bool,
    baseline_path: str | None,
    write_baseline: str | None,
    statistics: bool,
    jobs: str | None,
    lang: str | None,
    as_of: Any,
) -> None:
    """Check tender files (and directories of *.tender.yaml files)."""
    from pplint.cli import options
    from pplint.cli.sinks import safely
    from pplint.core.errors import PplintError
    from pplint.engine import baseline as baseline_mod
    from pplint.engine import run as runner
    from pplint.engine.report import Report, Tally
    from pplint.output import formatters

    known = formatters.names()
    targets = []
    for out in outputs:
        name, sep, dest = out.partition("=")
        if not sep or name not in known or not dest:
            raise UserError(
                f"--output expects FORMAT=PATH with FORMAT one of {', '.join(known)}, got `{out}`"
            )
        targets.append((name, dest))
    try:
        setup = options.setup(
            config_path,
            not no_config,
            rules,
            select,
            ignore,
            fail_on,
            not no_waivers,
            as_of,
            lang=lang,
        )
        chosen = fmt or setup.config.get("format") or _default_format()
        if chosen not in known:
            where = "--format" if fmt else "the configuration"
            raise UserError(f"unknown format `{chosen}` in {where} (known: {', '.join(known)})")
        wanted = {chosen, *(name for name, _ in targets)}
        if explain or formatters.needs(wanted, "passed"):
            setup.settings = replace(setup.settings, evidence=True)
        asked = jobs if jobs is not None else setup.config.get("jobs")
        kept, excluded = runner.split_excluded(setup, list(discover(paths)))
        step = runner.FileStep.of(
            setup,
            Path(baseline_path) if baseline_path else None,
            bool(write_baseline),
            show_clauses or formatters.needs(wanted, "model_clauses"),
            explain,
        )
        report = Report(
            [],
            setup.ruleset,
            setup.fail_on,
            tally=Tally(setup.fail_on),
            lang=setup.settings.lang or setup.settings.default_lang,
        )
        names = [display for _, display in kept]
        sinks = _sinks(report, names, targets, chosen, explain, no_color, show_clauses)
    except PplintError as exc:
        raise fail(exc) from None
    except UserError:
        raise
    except Exception as exc:  # a bug while setting up the run: one line, never a traceback
        _internal("preparing the check", exc)
    try:
        done = _check_all(sinks, runner.check_files(step, kept, parse_jobs(asked)))
        if write_baseline:
            recorded = baseline_mod.dumps_entries(done.recorded)
            outputs_mod.write_file(write_baseline, recorded, "baseline")
    except PplintError as exc:
        raise fail(exc) from None
    except UserError:
        raise
    except Exception as exc:  # a bug outside the check of one file: one line, no traceback
        _internal("running the check", exc)
    for crash in done.crashes:
        warn(
            f"internal error while checking {crash.file}: {crash.error}; it is reported as "
            "FMT-INTERNAL, the other files were checked; please report it"
        )
    _report_excluded(paths, setup, excluded, report)
    ok = sinks.finish()
    if statistics:
        ok &= safely("printing the statistics", _print_statistics, report)
    if write_baseline:
        click.echo(
            f"Baseline written to {printable(write_baseline)} "
            f"({report.counts().findings} findings recorded).",
            err=True,
        )
    sys.exit(3 if done.crashes or not ok else 1 if report.fails() else 0)


def _internal(what: str, exc: Exception) -> NoReturn:
    """Exit 3 after one line on stderr, for a bug of pplint outside any one file."""
    from pplint.engine.results import describe

    warn(f"internal error while {what}: {describe(exc)}; please report it")
    sys.exit(3)


@dataclass(slots=True)
class _Done:
    """What a run leaves besides its outputs: crashes and the baseline entries to record."""

    crashes: list[Crash] = field(default_factory=list)
    recorded: list[tuple[Key, str]] = field(default_factory=list)


def _check_all(sinks: Outputs, files: Generator[Checked, None, None]) -> _Done:
    """Every file checked and sent to the outputs as it finishes; its counts tallied."""
    from pplint.output.formatters.stream import FileOut

    done = _Done()
    report = sinks.report
    tally = report.counts()
    with closing(files):  # stops the workers whatever happens here
        for checked in files:
            tally.add(checked.result)
            report.baseline_hidden += checked.hidden
            done.recorded += checked.recorded
            if checked.crash is not None:
                done.crashes.append(checked.crash)
            sinks.add(FileOut(checked.result, checked.clauses))
    return done


def _sinks(
    report: Report,
    names: list[str],
    targets: list[tuple[str, str]],
    chosen: str,
    explain: bool,
    no_color: bool,
    show_clauses: bool,
) -> Outputs:
    """The outputs, in the order they are finished: files, --explain, stdout, step summary."""
    from pplint.cli.sinks import Outputs

    sinks = Outputs(report, names)
    for name, dest in targets:
        sinks.to_file(name, dest)
    wait = sinks.explain(no_color) if explain else False
    sinks.to_stdout(chosen, no_color, show_clauses, wait)
    sinks.step_summary()
    return sinks


def _default_format() -> str:
    """github under GitHub Actions, else pretty on a terminal and text in a pipe."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "pretty" if sys.stdout.isatty() else "text"


def _report_excluded(
    paths: Sequence[str], setup: RunSetup, excluded: list[str], report: Report
) -> None:
    """Name the named files that `exclude:` skipped; say so when nothing is left to check."""
    where = setup.config.path
    for raw in paths:
        if not Path(raw).is_dir() and raw in excluded:
            warn(f"{raw} is not checked: it matches `exclude:` in {where}")
    if report.counts().files:
        return
    if excluded:
        warn(
            f"no tender file checked: the {len(excluded)} found are excluded by "
            f"`exclude:` in {where}"
        )
    else:
        folders = ", ".join(paths)
        warn(
            f"no tender file found in {folders} (pplint checks *.tender.yaml and "
            "*.tender.yml files, and eForms, TED and OCDS notices in *.xml, *.json and "
            "*.jsonl files)"
        )


def _print_statistics(report: Any) -> None:
    per_rule, per_family = report.statistics()
    out = ["", "Findings per rule:"]
    out += [f"  {count:>5}  {rule}" for rule, count in per_rule] or ["  none"]
    out += ["Findings per family:"]
    out += [f"  {count:>5}  {family}" for family, count in per_family] or ["  none"]
    click.echo("\n".join(out))
