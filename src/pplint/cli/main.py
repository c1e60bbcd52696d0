"""The command group, and what every subcommand shares: errors, safe printing, discovery."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from pplint import __version__
from pplint.core.files import walk

TENDER_SUFFIXES = (".tender.yaml", ".tender.yml")
NOTICE_SUFFIXES = (".xml", ".json", ".jsonl")  # walked into only when the content is a notice
# what the first bytes of a notice hold: an eForms or TED namespace, or an OCDS member
_NOTICE_MARKS = {
    ".xml": (b"urn:oasis:names:specification:ubl:schema:xsd:", b"/resource/schema/ted/"),
    ".json": (b'"ocid"', b'"releases"', b'"records"'),
    ".jsonl": (b'"ocid"',),
}
NOTICE_HEAD = 16384  # bytes read to tell


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


# the module that registers each subcommand, imported when the command is first looked up (a
# check imports neither fix, scan nor report)
SUBCOMMANDS = {
    "check": "pplint.cli.check",
    "explain": "pplint.cli.commands",
    "fix": "pplint.cli.fix",
    "import": "pplint.cli.importer",
    "init": "pplint.cli.commands",
    "report": "pplint.cli.report",
    "rules": "pplint.cli.commands",
    "scan": "pplint.cli.scan",
    "schema": "pplint.cli.commands",
    "test": "pplint.cli.commands",
}


class LazyGroup(click.Group):
    """A group whose subcommands are registered by their modules, imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *SUBCOMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in SUBCOMMANDS:
            importlib.import_module(SUBCOMMANDS[cmd_name])
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="pplint")
def main() -> None:
    """Lint public tender specifications for missing or weak strategic clauses.

    Start with `pplint check examples/` or `pplint init`.
    """


def discover(paths: Sequence[str]) -> Iterator[tuple[Path, str]]:
    """Files to check and their display names: given files as they are, folders walked.

    A walk yields everything named *.tender.yaml / *.tender.yml that is not a folder (a FIFO
    or a broken link too: reading it becomes a finding) and the *.xml, *.json and *.jsonl
    files whose first bytes show a notice (eForms, TED, OCDS), skips hidden folders and never
    follows a link to a folder (no loops, no leaving the tree); a folder that cannot be
    listed is yielded, so that it is reported.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in walk(path, _wanted):
                yield found, str(found)
        else:
            yield path, raw


def _wanted(entry: os.DirEntry[str]) -> bool:
    """Whether a walk checks a file: a tender by its name, or a notice by its first bytes."""
    return entry.name.endswith(TENDER_SUFFIXES) or _is_notice(entry)


def _is_notice(entry: os.DirEntry[str]) -> bool:
    """Whether a walked file is a published notice (eForms, TED XML, OCDS JSON), by its name
    and its first bytes; a file that is not a regular file or cannot be read is not one."""
    suffix = os.path.splitext(entry.name)[1].lower()
    marks = _NOTICE_MARKS.get(suffix)
    if marks is None:
        return False
    try:
        if not entry.is_file(follow_symlinks=False):
            return False
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(entry.path, flags)
        try:
            head = os.read(fd, NOTICE_HEAD)
        finally:
            os.close(fd)
    except OSError:
        return False
    return any(mark in head for mark in marks)


def console(no_color: bool, stream: Any = None) -> Any:
    from rich.console import Console

    plain = no_color or "NO_COLOR" in os.environ
    return Console(
        file=stream or sys.stdout,
        no_color=plain,
        highlight=False,
        soft_wrap=True,
        color_system=None if plain else "auto",
    )
