"""The command line: the only module that reads argv and the environment, prints and exits."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pplint import __version__
from pplint.output.formatters import FORMATS

if TYPE_CHECKING:
    from pplint.engine.run import Run

FORMAT_NAMES = ("pretty", *FORMATS)  # pretty is the terminal view; the rest are registered
TENDER_SUFFIXES = (".tender.yaml", ".tender.yml")


class UserError(click.ClickException):
    """A pack, config or usage error: one clear line, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"pplint: error: {printable(self.message)}", err=True)


def fail(exc: Exception) -> UserError:
    return UserError(str(exc))


def printable(text: str) -> str:
    """``text`` safe for a terminal: the bytes of a file name that are not UTF-8 shown as
    \\xNN, and control characters (escape sequences, newlines) escaped visibly."""
    from pplint.output.formatters.common import visible

    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that no file name decoding made
        return visible(text.encode("utf-8", "backslashreplace").decode("utf-8"))
    return visible(raw.decode("utf-8", "backslashreplace"))


def warn(text: str) -> None:
    """One line on stderr."""
    click.echo(f"pplint: {printable(text)}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="pplint")
def main() -> None:
    """Lint public tender specifications for missing or weak strategic clauses.

    Start with `pplint check examples/` or `pplint init`.
    """


def discover(paths: Sequence[str]) -> Iterator[tuple[Path, str]]:
    """Files to check and their display names: given files as they are, folders walked.

    A walk yields everything named *.tender.yaml / *.tender.yml that is not a folder (a FIFO
    or a broken link too: reading it becomes a finding), skips hidden folders and never
    follows a link to a folder (no loops, no leaving the tree); a folder that cannot be
    listed is yielded, so that it is reported.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in _walk(path):
                yield found, str(found)
        else:
            yield path, raw


def _walk(root: Path) -> Iterator[Path]:
    """Depth first, in name order (as sorting the paths would), without recursion."""
    listing = _listing(root)
    if listing is None:
        yield root
        return
    stack = [iter(listing)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif _is_folder(entry):
            if not entry.name.startswith("."):
                inner = _listing(Path(entry.path))
                if inner is None:
                    yield Path(entry.path)
                else:
                    stack.append(iter(inner))
        elif entry.name.endswith(TENDER_SUFFIXES):
            yield Path(entry.path)


def _listing(folder: Path) -> list[os.DirEntry[str]] | None:
    """The entries of a folder in name order, or None when it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda e: e.name)
    except OSError:
        return None


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """A real folder, not a link to one."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _console(no_color: bool, stream: Any = None) -> Any:
    from rich.console import Console

    plain = no_color or "NO_COLOR" in os.environ
    return Console(
        file=stream or sys.stdout,
        no_color=plain,
        highlight=False,
        soft_wrap=True,
        color_system=None if plain else "auto",
    )


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
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
    as_of: Any,
) -> None:
    """Check tender files (and directories of *.tender.yaml files)."""
    from pplint.core.errors import PplintError
    from pplint.engine import run as runner

    targets = []
    for out in outputs:
        name, sep, dest = out.partition("=")
        if not sep or name not in FORMAT_NAMES or not dest:
            raise UserError(
                f"--output expects FORMAT=PATH with FORMAT one of "
                f"{', '.join(FORMAT_NAMES)}, got `{out}`"
            )
        targets.append((name, dest))
    try:
        run = runner.run(
            list(discover(paths)),
            config_path=config_path,
            use_config=not no_config,
            rules=rules,
            select=select,
            ignore=ignore,
            fail_on=fail_on,
            use_waivers=not no_waivers,
            baseline=baseline_path,
            write_baseline=write_baseline,
            today=as_of.date() if as_of else None,
        )
    except PplintError as exc:
        raise fail(exc) from None
    report = run.report
    for crash in run.crashes:
        warn(
            f"internal error while checking {crash.file}: {crash.error}; it is reported as "
            "FMT-INTERNAL, the other files were checked; please report it"
        )
    _report_excluded(paths, run)
    chosen = fmt or run.setup.config.get("format")
    if chosen is None:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            chosen = "github"
        else:
            chosen = "pretty" if sys.stdout.isatty() else "text"
    if chosen not in FORMAT_NAMES:
        raise UserError(f"unknown format `{chosen}` in the configuration")
    ok = True
    needs_clauses = {chosen, *(name for name, _ in targets)} & {"json", "sarif"}
    if needs_clauses or show_clauses:
        ok &= _safely("filling the model clauses", runner.add_model_clauses, report, run.setup)
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


def _safely(what: str, action: Callable[..., None], *args: Any) -> bool:
    """Run one output step; an unexpected exception is a line on stderr and False.

    A user error (a file that cannot be written) still stops the run with exit code 2.
    """
    from pplint.core.errors import PplintError
    from pplint.engine.checker import describe

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
    from pplint.engine import run as runner

    runner.write_file(dest, runner.render(report, name), f"the {name} output")


def _print_report(report: Any, chosen: str, no_color: bool, show_clauses: bool) -> None:
    from pplint.engine import run as runner

    if chosen == "pretty":
        from pplint.output.formatters.pretty import render as pretty

        rendered: Any = pretty(report, show_clauses=show_clauses)
    else:
        rendered = runner.render(report, chosen)
    try:
        if chosen == "pretty":
            _console(no_color).print(rendered)
        else:
            click.echo(rendered, nl=False)
    except OSError as exc:  # a closed pipe, a full disk
        raise UserError(
            f"cannot write the {chosen} output to standard output: {exc.strerror or exc}"
        ) from None


def _step_summary(report: Any) -> None:
    from pplint.engine import run as runner

    try:
        runner.write_step_summary(report)
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

    console = _console(no_color, sys.stderr if not sys.stdout.isatty() else None)
    for result in report.results:
        console.print(Text(f"{printable(result.file)}: classification", style="bold"))
        if not result.explained:
            console.print(Text("  (not classified: the file has format errors)", style="dim"))
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
            console.print(line)
    console.print()


def _print_statistics(report: Any) -> None:
    per_rule, per_family = report.statistics()
    out = ["", "Findings per rule:"]
    out += [f"  {count:>5}  {rule}" for rule, count in per_rule] or ["  none"]
    out += ["Findings per family:"]
    out += [f"  {count:>5}  {family}" for family, count in per_family] or ["  none"]
    click.echo("\n".join(out))
