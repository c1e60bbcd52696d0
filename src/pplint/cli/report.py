"""`pplint report`: tenders (or a scan's records) checked, then one self-contained HTML file."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

import click

from pplint.cli.main import UserError, discover, fail, main, printable, warn
from pplint.cli.shared import rule_options, waiver_options
from pplint.core.i18n import LANGS


@main.command("report")
@click.argument("paths", nargs=-1)
@click.option(
    "-o", "--output", required=True, metavar="FILE", help="The HTML file to write (- for stdout)."
)
@click.option(
    "--from-scan",
    "scans",
    multiple=True,
    metavar="JSONL",
    help="Also report the records of `pplint scan --jsonl` (repeatable).",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    help="Language of the report (default: each scorecard in its tender's language, the "
    "portfolio in the locale's).",
)
@click.option("--title", help="The report's title.")
@click.option(
    "--max-scorecards",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    help="Scorecards (and table rows) at most: those with the lowest scores; the portfolio's "
    "indicators count every document.",
)
@rule_options
@waiver_options
def report(
    paths: tuple[str, ...],
    output: str,
    scans: tuple[str, ...],
    lang: str | None,
    title: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    rules: tuple[str, ...],
    config_path: str | None,
    no_config: bool,
    no_waivers: bool,
    as_of: Any,
    max_scorecards: int,
) -> None:
    """Write an HTML report: a scorecard per tender, and a portfolio of many."""
    from pplint.cli import options
    from pplint.cli import outputs as outputs_mod
    from pplint.core.errors import PplintError
    from pplint.engine import run as runner
    from pplint.engine.checker import Engine
    from pplint.output.report import render_html
    from pplint.output.report.collect import check_file, offer_fixes

    if not paths and not scans:
        raise UserError("name tender files or folders, or a scan's records with --from-scan")
    try:
        setup = options.setup(
            config_path,
            not no_config,
            rules,
            select,
            ignore,
            None,
            not no_waivers,
            as_of,
            lang=lang,
        )
        settings = replace(setup.settings, evidence=True)
        engine = Engine(setup.ruleset, settings, terms=setup.terms)
        kept, excluded = runner.split_excluded(setup, list(discover(paths)))
        for raw in paths:
            if raw in excluded:
                warn(f"{raw} is not reported: it matches `exclude:` in {setup.config.path}")
        checked = [doc for path, display in kept for doc in check_file(engine, path, display)]
        offer_fixes(checked, engine)
        for scan in scans:
            checked += _scan_records(scan, engine)
        if not checked:
            raise UserError(
                f"nothing to report: no tender file or notice found in {', '.join(paths)}"
            )
        html = render_html(
            checked,
            setup.ruleset,
            lang=settings.lang,
            default_lang=settings.default_lang,
            title=title,
            params=settings.params,
            max_scorecards=max_scorecards,
        )
        if output == "-":
            click.echo(html, nl=False)
        else:
            outputs_mod.write_file(output, html, "the report")
    except PplintError as exc:
        raise fail(exc) from None
    except UserError:
        raise
    except Exception as exc:  # a bug outside the check of one file: one line, no traceback
        from pplint.engine.results import describe

        warn(f"internal error while writing the report: {describe(exc)}; please report it")
        sys.exit(3)
    crashed = [c for c in checked if c.crashed]
    for doc in crashed:
        warn(
            f"internal error while checking {doc.name}: {doc.crashed}; it is reported as "
            "FMT-INTERNAL, the other files were checked; please report it"
        )
    if output != "-":
        count = len(checked)
        click.echo(f"Wrote {printable(output)} ({count} document{'s' * (count != 1)}).", err=True)
    sys.exit(3 if crashed else 0)


def _scan_records(path: str, engine: Any) -> list[Any]:
    """The documents of a scan's JSON Lines file."""
    from pplint.core.errors import PplintError
    from pplint.output.report.scanned import read_records

    selected = [rule.id for rule in engine.rules]
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return list(read_records(handle, path, engine.rs, selected))
    except OSError as exc:
        raise PplintError(f"cannot read the scan records: {exc.strerror or exc}", path) from None
