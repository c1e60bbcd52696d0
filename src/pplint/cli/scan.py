"""`pplint scan`: the published record as data: records per document and per finding."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from pplint.cli.main import UserError, fail, main, printable, warn
from pplint.cli.shared import rule_options

STATE_VERSION = 1
CHECKPOINT = 500  # files between checkpoints: the outputs are complete and the state written
PROGRESS_SECONDS = 10.0  # between plain progress lines (CI logs)


@main.command("scan")
@click.argument("paths", nargs=-1, required=True)
@click.option("--jsonl", "jsonl", help="Write the records as JSON Lines here ('-': stdout).")
@click.option(
    "--parquet",
    "parquet",
    help="Write the records as Parquet in this folder (documents/ and findings/ parts; "
    "needs pyarrow: pip install pplint[parquet]).",
)
@click.option("-j", "--jobs", default="auto", show_default=True, help="Worker processes.")
@click.option("--indicators", is_flag=True, help="Print indicators per country and buyer.")
@click.option("--resume", is_flag=True, help="Continue an interrupted scan of the same paths.")
@click.option(
    "--checkpoint",
    type=click.IntRange(min=1),
    default=CHECKPOINT,
    show_default=True,
    help="Files between checkpoints (where --resume continues from).",
)
@click.option("--dask", "dask", metavar="SCHEDULER", help="Run on a Dask cluster (pplint[dask]).")
@rule_options
@click.option("--progress/--no-progress", default=None, help="Show progress (default: on).")
def scan_cmd(
    paths: tuple[str, ...],
    jsonl: str | None,
    parquet: str | None,
    jobs: str,
    indicators: bool,
    resume: bool,
    checkpoint: int,
    dask: str | None,
    rules: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: str | None,
    no_config: bool,
    progress: bool | None,
) -> None:
    """Scan folders and archives (.zip, .tar.gz, nested) of eForms, TED and OCDS notices and
    tenders, as a stream: one record per document and per finding, in JSON Lines or Parquet."""
    from pplint.cli import options
    from pplint.cli.check import parse_jobs
    from pplint.core.errors import PplintError
    from pplint.engine.checker import Engine

    workers = parse_jobs(jobs)
    if workers is None:
        raise UserError(f"--jobs expects a number or `auto`, got `{jobs}`")
    if jsonl is None and parquet is None:
        jsonl = "-"
    if resume and (jsonl == "-" or jsonl is None) and parquet is None:
        raise UserError("--resume needs an output file (--jsonl FILE or --parquet FOLDER)")
    try:
        setup = options.setup(config_path, not no_config, rules, select, ignore, None, True, None)
    except PplintError as exc:
        raise fail(exc) from None
    engine = Engine(setup.ruleset, setup.settings, terms=setup.terms)
    state_path = _state_path(jsonl, parquet)
    state = _read_state(state_path, paths, jsonl) if resume else None
    sinks = _open_sinks(jsonl, parquet, state)
    meter = _Meter(paths, progress, state["files"] if state else 0)
    summary = Summary(indicators)
    done = state["files"] if state else 0
    stream = _records(paths, engine, workers, done, dask)
    try:
        for scanned in stream:
            for sink in sinks:
                sink.add(scanned)
            summary.add(scanned)
            done += 1
            for sink in sinks:  # the file is written whole and counted: a Ctrl-C keeps it
                sink.commit()
            meter.tick(summary)
            if done % checkpoint == 0:
                _checkpoint(sinks, state_path, paths, done)
    except KeyboardInterrupt:
        for sink in sinks:  # what the file being written left is dropped
            sink.rollback()
        done = min(done, sinks[0].committed_files) if sinks else done
        close = getattr(stream, "close", None)
        if close is not None:
            close()  # stops the workers
        _checkpoint(sinks, state_path, paths, done)
        for sink in sinks:
            sink.close()
        meter.close()
        warn(
            f"interrupted after {done:,} files ({summary.documents:,} documents): the outputs "
            "hold every record up to there; continue with the same command and --resume"
        )
        sys.exit(130)
    except PplintError as exc:
        raise fail(exc) from None
    for sink in sinks:
        sink.close()
    meter.close()
    if state_path is not None and state_path.exists():
        state_path.unlink()  # the scan is complete: nothing to resume
    if summary.indicators is not None:
        from pplint.scan import indicators as indicators_mod

        click.echo(indicators_mod.render(summary.indicators), nl=False)
    click.echo(summary.line(), err=True)


def _records(
    paths: Sequence[str], engine: Any, workers: int, skip: int, dask: str | None
) -> Iterator[Any]:
    """The records of the scan: on this machine, or on a Dask cluster."""
    if dask:
        from pplint.scan import dask_run

        distributed: Iterator[Any] = dask_run.scan(paths, engine, dask, skip)
        return distributed
    from pplint.scan.run import scan

    return scan(paths, engine, workers, skip)


class Summary:
    """Counts and indicators of a scan, kept as records come (never the records)."""

    def __init__(self, with_indicators: bool = False) -> None:
        from pplint.scan import indicators
        from pplint.scan.run import Progress

        self.progress = Progress()
        # kept only when asked: they grow with the number of buyers
        self.indicators = indicators.Indicators() if with_indicators else None
        self.findings = 0

    @property
    def documents(self) -> int:
        return self.progress.documents

    def add(self, scanned: Any) -> None:
        self.progress.add(scanned)
        self.findings += len(scanned.findings)
        if self.indicators is not None:
            for record in scanned.documents:
                self.indicators.add(record)

    def line(self) -> str:
        p = self.progress
        parts = [
            f"{p.documents:,} documents in {p.files:,} files",
            f"{self.findings:,} findings",
            f"{p.unreadable:,} unreadable",
        ]
        if p.no_tender:
            parts.append(f"{p.no_tender:,} with no tender")
        if p.unread_language:
            parts.append(f"{p.unread_language:,} checked on structure only (language)")
        codes = ", ".join(f"{code} {n:,}" for code, n in sorted(p.codes.items()))
        return "Scanned " + "; ".join(parts) + (f" ({codes})" if codes else "") + "."


# -- outputs ----------------------------------------------------------------------------------


class _JsonLines:
    """Records as JSON Lines: each document's record, then its findings'."""

    def __init__(self, path: str, offset: int | None, files: int):
        self.path = path
        self.committed_files = files  # files whose records are all written
        if path == "-":
            self.handle: Any = sys.stdout.buffer
            self.position = self.committed = 0
            return
        try:
            if offset is None:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                self.handle = open(path, "wb")  # noqa: SIM115 - kept open for the scan
            else:  # resumed: what came after the last checkpoint is dropped
                self.handle = open(path, "r+b")  # noqa: SIM115
                self.handle.seek(offset)
                self.handle.truncate()
        except OSError as exc:
            raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
        self.position = self.committed = offset or 0

    def add(self, scanned: Any) -> None:
        lines = [
            json.dumps({"record": "document", **record}, ensure_ascii=False)
            for record in scanned.documents
        ]
        lines += [
            json.dumps({"record": "finding", **record}, ensure_ascii=False)
            for record in scanned.findings
        ]
        data = "".join(line + "\n" for line in lines).encode("utf-8", "backslashreplace")
        self.handle.write(data)
        self.position += len(data)

    def commit(self) -> None:
        """The records so far are those of whole files."""
        self.committed = self.position
        self.committed_files += 1

    def rollback(self) -> None:
        """Drop what was written after the last commit (a file cut off by Ctrl-C)."""
        if self.path == "-" or self.position == self.committed:
            return
        self.handle.flush()
        self.handle.seek(self.committed)
        self.handle.truncate()
        self.position = self.committed

    def checkpoint(self) -> dict[str, Any]:
        self.handle.flush()
        if self.path == "-":
            return {}
        os.fsync(self.handle.fileno())
        return {"jsonl": self.path, "jsonl_offset": self.committed}

    def close(self) -> None:
        self.handle.flush()
        if self.path != "-":
            self.handle.close()


def _open_sinks(jsonl: str | None, parquet: str | None, state: dict[str, Any] | None) -> list[Any]:
    sinks: list[Any] = []
    if jsonl is not None:
        offset = state.get("jsonl_offset") if state else None
        files = state["files"] if state else 0
        sinks.append(_JsonLines(jsonl, offset if isinstance(offset, int) else None, files))
    if parquet is not None:
        from pplint.cli.parquet_out import ParquetFolder

        part = state.get("parquet_parts", 0) if state else 0
        files = state["files"] if state else 0
        sinks.append(ParquetFolder(Path(parquet), part if isinstance(part, int) else 0, files))
    return sinks


# -- checkpoints and --resume ------------------------------------------------------------------


def _state_path(jsonl: str | None, parquet: str | None) -> Path | None:
    """Where the resume state of a scan is kept: beside its first file output."""
    if jsonl is not None and jsonl != "-":
        return Path(f"{jsonl}.scan-state.json")
    if parquet is not None:
        return Path(parquet) / "scan-state.json"
    return None


def _checkpoint(sinks: list[Any], state_path: Path | None, paths: Sequence[str], done: int) -> None:
    """Make every output complete up to here and record where a resumed scan continues."""
    state: dict[str, Any] = {"version": STATE_VERSION, "paths": list(paths), "files": done}
    for sink in sinks:
        state.update(sink.checkpoint())
    if state_path is None:
        return
    temporary = state_path.with_name(state_path.name + ".tmp")
    temporary.write_text(json.dumps(state), encoding="utf-8")
    os.replace(temporary, state_path)


def _read_state(state_path: Path | None, paths: Sequence[str], jsonl: str | None) -> dict[str, Any]:
    """The state an interrupted scan left (untrusted: checked before use)."""
    if state_path is None or not state_path.is_file():
        raise UserError(f"nothing to resume: no {state_path} (the scan ran to its end?)")
    try:
        state = json.loads(state_path.read_text(encoding="utf-8")[:100_000])
    except (OSError, ValueError, RecursionError) as exc:
        raise UserError(f"{state_path}: not a scan state: {type(exc).__name__}") from None
    ok = (
        isinstance(state, dict)
        and state.get("version") == STATE_VERSION
        and isinstance(state.get("files"), int)
        and state["files"] >= 0
        and isinstance(state.get("jsonl_offset", 0), int)
        and isinstance(state.get("parquet_parts", 0), int)
    )
    if not ok:
        raise UserError(f"{state_path}: not a scan state this pplint wrote")
    if state.get("paths") != list(paths):
        raise UserError(
            f"{state_path}: the interrupted scan was of {printable(str(state.get('paths')))}; "
            "resume it with the same paths"
        )
    offset = state.get("jsonl_offset")
    if jsonl is not None and jsonl != "-":
        size = os.path.getsize(jsonl) if os.path.isfile(jsonl) else -1
        if not isinstance(offset, int) or not 0 <= offset <= size:
            raise UserError(
                f"{state_path}: it does not match {printable(jsonl)} (a checkpoint at byte "
                f"{offset} of a file of {max(size, 0):,}): start the scan again without --resume"
            )
    return dict(state)


# -- progress ---------------------------------------------------------------------------------


class _Meter:
    """Progress on stderr: a bar with rate and ETA on a terminal, a line now and then in CI."""

    def __init__(self, paths: Sequence[str], wanted: bool | None, already: int):
        from pplint.scan.sources import count_hint

        self.started = time.monotonic()
        self.last = self.started
        self.already = already
        self.done = 0
        self.bar: Any = None
        self.task: Any = None
        self.quiet = wanted is False
        if self.quiet:
            return
        if sys.stderr.isatty() and wanted is not False:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            total = count_hint(paths)
            self.bar = Progress(
                TextColumn("scanning"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]} files/s"),
                TimeRemainingColumn(),
                transient=True,
                console=_stderr_console(),
            )
            self.task = self.bar.add_task("scan", total=total, completed=already, rate="-")
            self.bar.start()

    def tick(self, summary: Summary) -> None:
        self.done += 1
        if self.quiet:
            return
        now = time.monotonic()
        rate = self.done / max(now - self.started, 1e-9)
        if self.bar is not None:
            self.bar.update(self.task, advance=1, rate=f"{rate:,.0f}")
        elif now - self.last >= PROGRESS_SECONDS:
            self.last = now
            click.echo(
                f"pplint: scanned {self.already + self.done:,} files, "
                f"{summary.documents:,} documents ({rate:,.0f} files/s)",
                err=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(file=sys.stderr)
