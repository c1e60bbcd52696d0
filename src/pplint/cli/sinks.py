"""Where `pplint check` sends each file's result as it finishes: standard output (printed at
once for the formats that stream), the --output files, --explain and the step summary."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import click

from pplint.cli import outputs as outputs_mod
from pplint.cli.main import UserError, console, fail, printable, warn
from pplint.engine.report import Report
from pplint.output import formatters
from pplint.output.formatters.stream import FileOut


def safely(what: str, action: Callable[..., Any], *args: Any) -> bool:
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


@dataclass(slots=True)
class Sink:
    """One output: what it is called in messages, how it takes a file and how it ends."""

    what: str
    take: Callable[[FileOut], None]
    end: Callable[[], None]
    ok: bool = True

    def add(self, out: FileOut) -> None:
        if self.ok:
            self.ok = safely(self.what, self.take, out)

    def finish(self) -> bool:
        if self.ok:
            self.ok = safely(self.what, self.end)
        return self.ok


@dataclass(slots=True)
class Outputs:
    """Every output of one run, fed one file at a time; only what they print is kept."""

    report: Report
    names: Sequence[str]  # the display names of the files, in the order they come
    sinks: list[Sink] = field(default_factory=list)
    keep: bool = False  # a plugin format renders the whole report: keep every result

    def add(self, out: FileOut) -> None:
        if self.keep:
            self.report.results.append(out.result)
            for rule_id, text in out.clauses.items():
                self.report.model_clauses.setdefault((out.result.file, rule_id), text)
        for sink in self.sinks:
            sink.add(out)

    def finish(self) -> bool:
        ok = True
        for sink in self.sinks:
            ok &= sink.finish()
        return ok

    def to_file(self, name: str, dest: str) -> None:
        """FORMAT=PATH of --output: written when the run ends."""
        what = f"writing the {name} output"
        if not formatters.streams(name):
            self.keep = True
            self.sinks.append(Sink(what, _ignore, lambda: _write(self.report, name, dest)))
            return
        writer = formatters.writer(name, self.report, self.names)
        parts: list[str] = []

        def end() -> None:
            text = "".join(parts) + writer.finish()
            outputs_mod.write_file(dest, text, f"the {name} output")

        self.sinks.append(Sink(what, lambda out: parts.append(writer.add(out)), end))

    def explain(self, no_color: bool) -> bool:
        """--explain: each file's classification as it is checked; True when it goes to
        standard output (so that the report waits for the end)."""
        to_stdout = sys.stdout.isatty()
        out = console(no_color, None if to_stdout else sys.stderr)
        self.sinks.append(
            Sink(
                "printing the classification (--explain)",
                lambda done: _print_explain(out, done),
                lambda: out.print(),
            )
        )
        return to_stdout

    def to_stdout(self, name: str, no_color: bool, show_clauses: bool, wait: bool) -> None:
        """The chosen format on standard output: printed as files finish when it streams and
        nothing else shares standard output (``wait``), else when the run ends."""
        what = f"writing the {name} output"
        if name == formatters.TERMINAL:
            self._pretty(what, no_color, show_clauses, wait)
        elif not formatters.streams(name):
            self.keep = True
            self.sinks.append(
                Sink(what, _ignore, lambda: _echo(formatters.render(self.report, name), name))
            )
        else:
            writer = formatters.writer(name, self.report, self.names)
            held: list[str] = []
            now = writer.streams and not wait

            def take(out: FileOut) -> None:
                text = writer.add(out)
                if now:
                    _echo(text, name, flush=True)  # seen at once, in a pipe too
                else:
                    held.append(text)

            self.sinks.append(
                Sink(what, take, lambda: _echo("".join(held) + writer.finish(), name))
            )

    def _pretty(self, what: str, no_color: bool, show_clauses: bool, wait: bool) -> None:
        from pplint.output.formatters.pretty import Writer

        writer = Writer(self.report, self.names, show_clauses)
        out = console(no_color)
        held: list[Any] = []

        def show(parts: list[Any]) -> None:
            try:
                for part in parts:
                    out.print(part)
            except OSError as exc:
                raise _closed(formatters.TERMINAL, exc) from None

        def take(done: FileOut) -> None:
            parts = writer.add(done)
            if wait:
                held.extend(parts)
            else:
                show(parts)

        self.sinks.append(Sink(what, take, lambda: show([*held, *writer.finish()])))

    def step_summary(self) -> None:
        """The Markdown job summary, when $GITHUB_STEP_SUMMARY is set."""
        if not os.environ.get("GITHUB_STEP_SUMMARY"):
            return
        from pplint.output.formatters.github import StepSummary

        summary = StepSummary(self.report)

        def end() -> None:
            try:
                outputs_mod.append_step_summary(summary.finish)
            except OSError as exc:
                raise UserError(
                    f"cannot write $GITHUB_STEP_SUMMARY: {exc.strerror or exc}"
                ) from None

        self.sinks.append(Sink("writing the GitHub step summary", summary.add, end))


def _ignore(out: FileOut) -> None:
    """A sink that needs nothing per file (the report keeps the results)."""


def _write(report: Report, name: str, dest: str) -> None:
    outputs_mod.write_file(dest, formatters.render(report, name), f"the {name} output")


def _closed(name: str, exc: OSError) -> UserError:
    return UserError(f"cannot write the {name} output to standard output: {exc.strerror or exc}")


def _echo(text: str, name: str, flush: bool = False) -> None:
    if not text:
        return
    try:
        click.echo(text, nl=False)
        if flush:
            sys.stdout.flush()
    except OSError as exc:  # a closed pipe, a full disk
        raise _closed(name, exc) from None


def _print_explain(out: Any, done: FileOut) -> None:
    """One file's classification and the rules that hold, as --explain shows them."""
    from rich.text import Text

    from pplint.output.formatters.common import shown

    result = done.result
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
                "; ".join(f"{e.id} ({', '.join(e.words)})" if e.words else e.id for e in p.clauses)
                or "(no clause to cite: the rule reads fields, weights or scoring)"
            ),
            style="dim",
        )
        out.print(line)
