"""Options that `check`, `report`, `fix` and `scan` share: rules, configuration, waivers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def rule_options(func: F) -> F:
    """``--select``, ``--ignore``, ``--rules``, ``--config`` and ``--no-config``."""
    for option in reversed(
        (
            click.option(
                "--select",
                multiple=True,
                metavar="RULES",
                help="Only these rules (ids or prefixes such as DIG-; comma-separated).",
            ),
            click.option(
                "--ignore", multiple=True, metavar="RULES", help="Skip these rules or prefixes."
            ),
            click.option(
                "--rules",
                "rules",
                multiple=True,
                metavar="PATH",
                help="Extra rule pack file or directory (repeatable).",
            ),
            click.option(
                "--config", "config_path", metavar="PATH", help="Configuration file to use."
            ),
            click.option("--no-config", is_flag=True, help="Ignore configuration files."),
        )
    ):
        func = option(func)
    return func


def waiver_options(func: F) -> F:
    """``--no-waivers`` and ``--as-of``."""
    func = click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        metavar="DATE",
        help="Judge waiver expiry dates as of DATE (YYYY-MM-DD; default today).",
    )(func)
    return click.option(
        "--no-waivers", is_flag=True, help="Ignore the tenders' waivers (audit mode)."
    )(func)
