"""Files the command line writes: outputs (never waiting on a FIFO) and the GitHub step summary."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pplint.core.errors import PplintError

if TYPE_CHECKING:
    from pplint.engine.report import Report


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


def write_step_summary(report: Report) -> None:
    """Append a Markdown table of findings to $GITHUB_STEP_SUMMARY when it is set."""
    from pplint.output.formatters.github import step_summary

    append_step_summary(lambda: step_summary(report))


def append_step_summary(text: Callable[[], str]) -> None:
    """Append ``text()`` to $GITHUB_STEP_SUMMARY when it is set."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(text())
