"""The command line: the only module that reads argv and the environment, prints and exits."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from pplint import __version__

FORMAT_NAMES = ("pretty", "text", "json", "sarif", "gitlab", "github", "junit")
TENDER_SUFFIXES = (".tender.yaml", ".tender.yml")


class UserError(click.ClickException):
    """A pack, config or usage error: one clear line, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"pplint: error: {self.message}", err=True)


def fail(exc: Exception) -> UserError:
    return UserError(str(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="pplint")
def main() -> None:
    """Lint public tender specifications for missing or weak strategic clauses.

    Start with `pplint check examples/` or `pplint init`.
    """


def discover(paths: Sequence[str]) -> Iterator[tuple[Path, str]]:
    """Files to check: given files as they are, directories walked for *.tender.yaml."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.name.endswith(TENDER_SUFFIXES) and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts[:-1])
            )
            for p in found:
                yield p, str(p)
        else:
            yield path, raw


def _console(no_color: bool, stream: Any = None) -> Any:
    from rich.console import Console

    plain = no_color or "NO_COLOR" in os.environ
    return Console(file=stream or sys.stdout, no_color=plain, highlight=False,
                   soft_wrap=True, color_system=None if plain else "auto")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES),
              help="Output format (default: pretty on a terminal, text when piped, github "
                   "under GitHub Actions).")
@click.option("-o", "--output", "outputs", multiple=True, metavar="FORMAT=PATH",
              help="Also write FORMAT to PATH (repeatable).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              help="Lowest severity that makes the exit code 1 (default: error).")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules (ids or prefixes such as DIG-; comma-separated).")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules or prefixes.")
@click.option("--rules", "rules", multiple=True, metavar="PATH",
              help="Extra rule pack file or directory (repeatable).")
@click.option("--config", "config_path", metavar="PATH", help="Configuration file to use.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--no-color", is_flag=True, help="No colours (NO_COLOR is respected too).")
@click.option("--explain", is_flag=True,
              help="Show the topics of every clause and criterion, and the words that matched.")
@click.option("--show-clauses", is_flag=True, help="Print the model clause under each finding.")
@click.option("--no-waivers", is_flag=True, help="Ignore the tenders' waivers (audit mode).")
@click.option("--baseline", "baseline_path", metavar="FILE",
              help="Report only findings that are not in this baseline file.")
@click.option("--write-baseline", metavar="FILE",
              help="Record the current findings as the baseline in FILE.")
@click.option("--statistics", is_flag=True, help="Print counts per rule and per family.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="Judge waiver expiry dates as of DATE (YYYY-MM-DD; default today).")
def check(paths: tuple[str, ...], fmt: str | None, outputs: tuple[str, ...],
          fail_on: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          rules: tuple[str, ...], config_path: str | None, no_config: bool, no_color: bool,
          explain: bool, show_clauses: bool, no_waivers: bool, baseline_path: str | None,
          write_baseline: str | None, statistics: bool, as_of: Any) -> None:
    """Check tender files (and directories of *.tender.yaml files)."""
    from pplint import runner
    from pplint.errors import PplintError

    targets = []
    for out in outputs:
        name, sep, dest = out.partition("=")
        if not sep or name not in FORMAT_NAMES or not dest:
            raise UserError(f"--output expects FORMAT=PATH with FORMAT one of "
                            f"{', '.join(FORMAT_NAMES)}, got `{out}`")
        targets.append((name, dest))
    try:
        run = runner.run(
            list(discover(paths)), config_path=config_path, use_config=not no_config,
            rules=rules, select=select, ignore=ignore, fail_on=fail_on,
            use_waivers=not no_waivers, baseline=baseline_path, write_baseline=write_baseline,
            today=as_of.date() if as_of else None,
        )
    except PplintError as exc:
        raise fail(exc) from None
    report = run.report
    chosen = fmt or run.setup.config.get("format")
    if chosen is None:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            chosen = "github"
        else:
            chosen = "pretty" if sys.stdout.isatty() else "text"
    if chosen not in FORMAT_NAMES:
        raise UserError(f"unknown format `{chosen}` in the configuration")
    needs_clauses = {chosen, *(name for name, _ in targets)} & {"json", "sarif"}
    if needs_clauses or show_clauses:
        runner.add_model_clauses(report, run.setup)
    for name, dest in targets:
        try:
            Path(dest).parent.mkdir(parents=True, exist_ok=True)
            Path(dest).write_text(runner.render(report, name), encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write {dest}: {exc.strerror}") from None
    if explain:
        _print_explain(report, no_color)
    if chosen == "pretty":
        from pplint.formatters.pretty import render as pretty

        _console(no_color).print(pretty(report, show_clauses=show_clauses))
    else:
        click.echo(runner.render(report, chosen), nl=False)
    runner.write_step_summary(report)
    if statistics:
        _print_statistics(report)
    if write_baseline:
        click.echo(f"Baseline written to {write_baseline} "
                   f"({len(report.active)} findings recorded).", err=True)
    sys.exit(1 if report.failing() else 0)


def _print_explain(report: Any, no_color: bool) -> None:
    from rich.text import Text

    console = _console(no_color, sys.stderr if not sys.stdout.isatty() else None)
    for result in report.results:
        console.print(Text(f"{result.file}: classification", style="bold"))
        if not result.explained:
            console.print(Text("  (not classified: the file has format errors)", style="dim"))
        for item in result.explained:
            line = Text(f"  {item.line:>4}  {item.path:<18} {item.id:<10} {item.place:<14}")
            if not item.evidence:
                line.append("no topic", style="dim")
            else:
                line.append("; ".join(
                    f"{topic} ({', '.join(dict.fromkeys(w for _, w in ev))})"
                    for topic, ev in item.evidence.items()), style="cyan")
            console.print(line)
    console.print()


def _print_statistics(report: Any) -> None:
    per_rule, per_family = report.statistics()
    out = ["", "Findings per rule:"]
    out += [f"  {count:>5}  {rule}" for rule, count in per_rule] or ["  none"]
    out += ["Findings per family:"]
    out += [f"  {count:>5}  {family}" for family, count in per_family] or ["  none"]
    click.echo("\n".join(out))


from pplint import commands  # noqa: E402,F401  (registers the other subcommands)
