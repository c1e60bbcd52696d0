"""`pplint fix`: tender files fixed in place (or shown as a diff), written atomically, never
through a link and never over a file that changed since it was read."""

from __future__ import annotations

import difflib
import os
import stat
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pplint.cli.main import UserError, discover, fail, main, printable, warn
from pplint.cli.shared import rule_options
from pplint.core.i18n import LANGS as LANG_CHOICES
from pplint.core.i18n import tr, translate

if TYPE_CHECKING:
    from pplint.fix.model import FilePlan, Fix, Held


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--diff",
    is_flag=True,
    help="Print a unified diff and write nothing (exit 1 if it is not empty).",
)
@click.option(
    "--review-fixes",
    is_flag=True,
    help="Also insert model clauses for missing findings, marked for legal review.",
)
@rule_options
@click.option(
    "--lang",
    type=click.Choice(LANG_CHOICES),
    help="Language of what is said (default: each tender's own language, else the locale's).",
)
def fix(
    paths: tuple[str, ...],
    diff: bool,
    review_fixes: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    rules: tuple[str, ...],
    config_path: str | None,
    no_config: bool,
    lang: str | None,
) -> None:
    """Fix tender files in place: safe fixes, and model clauses with --review-fixes."""
    from pplint.cli import options
    from pplint.core.errors import PplintError
    from pplint.engine import run as runner
    from pplint.engine.checker import Engine
    from pplint.fix.plan import Planner

    try:
        setup = options.setup(
            config_path, not no_config, rules, select, ignore, None, True, None, lang=lang
        )
        kept, excluded = runner.split_excluded(setup, list(discover(paths)))
        planner = Planner(Engine(setup.ruleset, setup.settings, terms=setup.terms))
    except PplintError as exc:
        raise fail(exc) from None
    except UserError:
        raise
    run = _Run(setup.settings.lang, setup.settings.lang or setup.settings.default_lang, diff)
    try:
        for path, display in kept:
            run.file(planner, path, display, review_fixes)
    except Exception as exc:  # a bug of pplint: one line, never a traceback
        from pplint.engine.results import describe

        warn(f"internal error while fixing: {describe(exc)}; please report it")
        sys.exit(3)
    for raw in paths:
        if raw in excluded and not Path(raw).is_dir():
            warn(f"{raw} is not fixed: it matches `exclude:` in {setup.config.path}")
    if not kept:
        warn(f"no tender file found in {', '.join(paths)} (pplint fix edits *.tender.yaml files)")
    run.finish(len(kept))
    sys.exit(1 if run.failed or (diff and run.changed) else 0)


@dataclass(slots=True)
class _Run:
    """What a run of `pplint fix` did, file by file, and its counts."""

    lang: str | None  # --lang: every text in it; None: each tender's own
    ui: str  # the language of the summary
    diff: bool
    applied: Counter[str] = field(default_factory=Counter)
    held: Counter[str] = field(default_factory=Counter)
    flagged: set[str] = field(
        default_factory=set
    )  # rules of review fixes --review-fixes would apply
    unfixable: int = 0
    changed: int = 0
    failed: int = 0
    notices: list[str] = field(default_factory=list)

    def say(self, text: str) -> None:
        click.echo("\n".join(printable(line) for line in text.splitlines()), err=self.diff)

    def file(self, planner: Any, path: Path, display: str, review: bool) -> None:
        """Plan one file's fixes, then show them as a diff or write them."""
        from pplint.core.files import ReadError, read_limited

        if _is_link(path):
            self.refuse(display, "a symbolic link: pplint fix never writes through one")
            return
        try:
            raw = read_limited(path, planner.engine.settings.max_bytes, follow_symlinks=False)
        except ReadError as exc:
            self.refuse(display, translate(self.ui, exc.message))
            return
        plan = planner.plan(raw, display, review=review)
        if plan.notice:
            self.notices.append(display)
            return
        lang = self.lang or plan.lang
        if plan.skipped is not None:
            self.refuse(display, plan.skipped.say(lang))
            return
        self.count(plan)
        if plan.changed:
            if self.diff:
                from pplint.output.formatters.common import visible

                # the file's own text: control characters shown escaped, never sent as such
                diff = _unified(display, plan.original, plan.fixed)
                click.echo(visible(diff, keep="\n\t\r"), nl=False)
            else:
                problem = write_fixed(path, raw, plan.fixed_bytes())
                if problem:
                    self.refuse(display, translate(lang, problem))
                    return
            self.changed += 1
        self.show(display, plan, lang)

    def count(self, plan: FilePlan) -> None:
        from pplint.fix.model import NEEDS_FLAG

        self.unfixable += plan.unfixable
        for done in plan.fixes:
            self.applied[done.tier] += 1
        for held in plan.held:
            self.held[held.tier] += 1
            if held.reason.template == NEEDS_FLAG:
                self.flagged.add(held.rule)

    def refuse(self, display: str, reason: str) -> None:
        self.failed += 1
        warn(f"{display}: {tr(self.ui, 'not fixed')}: {reason}")

    def show(self, display: str, plan: FilePlan, lang: str) -> None:
        """What was applied to one file and what was held back, one line each."""
        if not plan.fixes and not plan.held:
            return
        verb = "would apply" if self.diff else "applied"
        lines = [f"{display}:"]
        lines += [_line(tr(lang, verb), f, lang) for f in plan.fixes]
        lines += [_held(tr(lang, "held back"), h, lang) for h in plan.held]
        self.say("\n".join(lines))

    def finish(self, files: int) -> None:
        """The notices left alone (said once) and the counts."""
        ui = self.ui
        if self.notices:
            warn(
                tr(
                    ui,
                    "Published notices not edited (pplint fix edits tender YAML only): {names}",
                    names=", ".join(self.notices),
                )
            )
        head = (
            "Files that would change: {changed} of {files}."
            if self.diff
            else "Files changed: {changed} of {files}."
        )
        lines = [tr(ui, head, changed=self.changed, files=files)]
        counts = (
            "Fixes that would be applied: {safe} safe, {review} review; held back: {held_safe} "
            "safe, {held_review} review; {unfixable} findings have no automatic fix."
            if self.diff
            else "Fixes applied: {safe} safe, {review} review; held back: {held_safe} safe, "
            "{held_review} review; {unfixable} findings have no automatic fix."
        )
        lines.append(
            tr(
                ui,
                counts,
                safe=self.applied["safe"],
                review=self.applied["review"],
                held_safe=self.held["safe"],
                held_review=self.held["review"],
                unfixable=self.unfixable,
            )
        )
        if self.flagged:
            lines.append(
                tr(
                    ui,
                    "Review fixes held back for want of --review-fixes: {rules}.",
                    rules=", ".join(sorted(self.flagged)),
                )
            )
        self.say("\n".join(lines))


def _line(verb: str, done: Fix, lang: str) -> str:
    where = tr(lang, "line {line}", line=done.finding.line)
    return f"  {verb} {done.tier} {done.rule} {where}: {done.description.say(lang)}"


def _held(verb: str, held: Held, lang: str) -> str:
    where = tr(lang, "line {line}", line=held.finding.line)
    what = f"{held.description.say(lang)}: {held.reason.say(lang)}"
    return f"  {verb} {held.tier} {held.rule} {where}: {what}"


def _unified(display: str, before: str, after: str) -> str:
    """A unified diff of one file, as `git diff` names its sides."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{display}",
        tofile=f"b/{display}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def write_fixed(path: Path, original: bytes, new: bytes) -> str | None:
    """Replace the file's bytes with ``new`` atomically (a temporary file in the same folder,
    synced, given the file's mode, moved over it), unless it is a link or its bytes are no
    longer ``original``; what stopped it, else None."""
    try:
        before = os.lstat(path)
    except OSError as exc:
        return f"cannot write the file: {exc.strerror or exc}"
    if stat.S_ISLNK(before.st_mode) or not stat.S_ISREG(before.st_mode):
        return "a symbolic link: pplint fix never writes through one"
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".pplint-fix", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(new)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, stat.S_IMODE(before.st_mode))
        if _current(path, before, len(original)) != original:
            os.unlink(temp)
            return "the file changed since pplint read it: run pplint fix again"
        os.replace(temp, path)
    except OSError as exc:
        if os.path.exists(temp):
            os.unlink(temp)
        return f"cannot write the file: {exc.strerror or exc}"
    _sync_folder(path.parent)
    return None


def _current(path: Path, before: os.stat_result, size: int) -> bytes | None:
    """The file's bytes now (at most ``size + 1``), if it is still the regular file it was
    (no link, the same inode)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino) or not stat.S_ISREG(
            now.st_mode
        ):
            return None
        chunks = []
        left = size + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (where the system lets a folder be synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
