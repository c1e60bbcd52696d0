"""`pplint check`: options in, one run, then every output written and the exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pplint.cli import outputs as outputs_mod
from pplint.cli.main import UserError, console, discover, fail, main, printable, warn
from pplint.output.formatters import FORMATS, TERMINAL

if TYPE_CHECKING:  # ParamType is generic in the stubs of recent click, not at run time in all
    from pplint.engine.run import Run

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
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Only these rules (ids or prefixes such as DIG-; comma-separated).",
)
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules or prefixes.")
@click.option(
    "--rules",
    "rules",
    multiple=True,
    metavar="PATH",
    help="Extra rule pack file or directory (repeatable).",
)
@click.option("--config", "config_path", metavar="PATH", help="Configuration file to use.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--no-color", is_flag=True, help="No colours (NO_COLOR is respected too).")
@click.option(
    "--explain",
    is_flag=True,
    help="Show the topics of every clause and criterion, and the words that matched.",
)
@click.option("--show-clauses", is_flag=True, help="Print the model clause under each finding.")
@click.option("--no-waivers", is_flag=True, help="Ignore the tenders' waivers (audit mode).")
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
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    help="Judge waiver expiry dates as of DATE (YYYY-MM-DD; default today).",
)
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
    as_of: Any,
) -> None:
    """Check tender files (and directories of *.tender.yaml files)."""
    from pplint.cli import options
    from pplint.core.errors import PplintError
    from pplint.engine import run as runner
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
            config_path, not no_config, rules, select, ignore, fail_on, not no_waivers, as_of
        )
        chosen = fmt or setup.config.get("format") or _default_format()
        if chosen not in known:
            where = "--format" if fmt else "the configuration"
            raise UserError(f"unknown format `{chosen}` in {where} (known: {', '.join(known)})")
        wanted = {chosen, *(name for name, _ in targets)}
        if explain or formatters.needs(wanted, "passed"):
            setup.settings = replace(setup.settings, evidence=True)
        asked = jobs if jobs is not None else setup.config.get("jobs")
        run = runner.run(
            setup,
            list(discover(paths)),
            baseline=Path(baseline_path) if baseline_path else None,
            record_baseline=bool(write_baseline),
            model_clauses=show_clauses or formatters.needs(wanted, "model_clauses"),
            jobs=None if asked is None else parse_jobs(asked),
        )
        if write_baseline and run.recorded is not None:
            outputs_mod.write_file(write_baseline, run.recorded, "baseline")
    except PplintError as exc:
        raise fail(exc) from None
    except UserError:
        raise
    except Exception as exc:  # a bug while setting up the run: one line, never a traceback
        from pplint.engine.results import describe

        warn(f"internal error while preparing the check: {describe(exc)}; please report it")
        sys.exit(3)
    report = run.report
    for crash in run.crashes:
        warn(
            f"internal error while checking {crash.file}: {crash.error}; it is reported as "
            "FMT-INTERNAL, the other files were checked; please report it"
        )
    _report_excluded(paths, run)
    ok = True
    for name, dest in targets:
        ok &= _safely(f"writing the {name} output", _write_output, report, name, dest)
    if explain:
        ok &= _safely("printing the classification (--explain)", _print_explain, report, no_color)
    ok &= _safely(
        f"writing the {chosen} output", _print_report, report, chosen, no_color, show_clauses
    )
    ok &= _safely("writing the GitHub step summary", _step_summary, report)
    if statistics:
        ok &= _safely("printing the statistics", _print_statistics, report)
    if write_baseline:
        click.echo(
            f"Baseline written to {printable(write_baseline)} "
            f"({len(report.active)} findings recorded).",
            err=True,
        )
    sys.exit(3 if run.crashes or not ok else 1 if report.failing() else 0)


def _default_format() -> str:
    """github under GitHub Actions, else pretty on a terminal and text in a pipe."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "pretty" if sys.stdout.isatty() else "text"


def _safely(what: str, action: Callable[..., None], *args: Any) -> bool:
    """Run one output step; an unexpected exception is a line on stderr and False.

    A user error (a file that cannot be written) still stops the run with exit code 2.
    """
    from pplint.core.errors import PplintError
    from pplint.engine.results import describe

    try:
        action(*args)
    except PplintError as exc:
        raise fail(exc) from None
    except UserError:
        raise
    except Exception as exc:  # one broken output must not hide the others
        warn(f"internal error while {what}: {describe(exc)}; please report it")
        return False
    return True


def _write_output(report: Any, name: str, dest: str) -> None:
    from pplint.output import formatters

    outputs_mod.write_file(dest, formatters.render(report, name), f"the {name} output")


def _print_report(report: Any, chosen: str, no_color: bool, show_clauses: bool) -> None:
    from pplint.output import formatters

    if chosen == formatters.TERMINAL:
        from pplint.output.formatters.pretty import render as pretty

        rendered: Any = pretty(report, show_clauses=show_clauses)
    else:
        rendered = formatters.render(report, chosen)
    try:
        if chosen == formatters.TERMINAL:
            console(no_color).print(rendered)
        else:
            click.echo(rendered, nl=False)
    except OSError as exc:  # a closed pipe, a full disk
        raise UserError(
            f"cannot write the {chosen} output to standard output: {exc.strerror or exc}"
        ) from None


def _step_summary(report: Any) -> None:
    try:
        outputs_mod.write_step_summary(report)
    except OSError as exc:
        raise UserError(f"cannot write $GITHUB_STEP_SUMMARY: {exc.strerror or exc}") from None


def _report_excluded(paths: Sequence[str], run: Run) -> None:
    """Name the named files that `exclude:` skipped; say so when nothing is left to check."""
    where = run.setup.config.path
    for raw in paths:
        if not Path(raw).is_dir() and raw in run.excluded:
            warn(f"{raw} is not checked: it matches `exclude:` in {where}")
    if run.report.results:
        return
    if run.excluded:
        warn(
            f"no tender file checked: the {len(run.excluded)} found are excluded by "
            f"`exclude:` in {where}"
        )
    else:
        folders = ", ".join(paths)
        warn(
            f"no tender file found in {folders} (pplint checks *.tender.yaml and "
            "*.tender.yml files)"
        )


def _print_explain(report: Any, no_color: bool) -> None:
    from rich.text import Text

    from pplint.output.formatters.common import shown

    out = console(no_color, sys.stderr if not sys.stdout.isatty() else None)
    for result in report.results:
        out.print(Text(f"{printable(result.file)}: classification", style="bold"))
        if not result.explained:
            out.print(Text("  (not classified: the file has format errors)", style="dim"))
        for item in result.explained:
            line = Text(
                f"  {item.line:>4}  {shown(item.path):<18} {shown(item.id):<10} {item.place:<14}"
            )
            if not item.evidence:
                line.append("no topic", style="dim")
            else:
                line.append(
                    shown(
                        "; ".join(
                            f"{topic} ({', '.join(dict.fromkeys(w for _, w in ev))})"
                            for topic, ev in item.evidence.items()
                        )
                    ),
                    style="cyan",
                )
            out.print(line)
        for p in result.passed:
            line = Text(f"  holds {p.rule:<12} ", style="green")
            line.append(
                shown(
                    "; ".join(
                        f"{e.id} ({', '.join(e.words)})" if e.words else e.id for e in p.clauses
                    )
                    or "(no clause to cite: the rule reads fields, weights or scoring)"
                ),
                style="dim",
            )
            out.print(line)
    out.print()


def _print_statistics(report: Any) -> None:
    per_rule, per_family = report.statistics()
    out = ["", "Findings per rule:"]
    out += [f"  {count:>5}  {rule}" for rule, count in per_rule] or ["  none"]
    out += ["Findings per family:"]
    out += [f"  {count:>5}  {family}" for family, count in per_family] or ["  none"]
    click.echo("\n".join(out))
