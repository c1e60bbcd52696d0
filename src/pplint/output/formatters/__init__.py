"""Output formats: pure functions from a Report to text, registered by name, plus the ones
installed packages declare under the ``pplint.formatters`` entry point."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

from pplint.core.errors import PplintError
from pplint.packs import plugins

TERMINAL = "pretty"  # the coloured terminal view: a rich renderable, printed by the CLI


@dataclass(frozen=True, slots=True)
class Format:
    """One registered output format."""

    name: str
    target: str  # "module:function"; the function takes a Report and returns the text
    model_clauses: bool = False  # whether it shows each finding's model clause
    passed: bool = False  # whether it shows the rules that hold, with their evidence
    plugin: bool = False
    writer: str = ""  # "module:Class" of its stream.Writer: fed one file at a time

    def load(self) -> Callable[[Any], str]:
        """The render function (imported on first use)."""
        module, _, func = self.target.partition(":")
        render: Callable[[Any], str] = getattr(import_module(module), func)
        return render


def _builtin(name: str, module: str, render: str, writer: str, **flags: bool) -> Format:
    where = f"pplint.output.formatters.{module}"
    return Format(name, f"{where}:{render}", writer=f"{where}:{writer}", **flags)


_BUILTIN = (
    _builtin("text", "text", "render", "Writer"),
    _builtin("json", "jsonfmt", "render", "Writer", model_clauses=True, passed=True),
    _builtin("sarif", "sarif", "render", "Writer", model_clauses=True),
    _builtin("gitlab", "gitlab", "render", "Writer"),
    _builtin("github", "github", "render", "Writer"),
    _builtin("markdown", "markdown", "render", "Writer", model_clauses=True),
    _builtin("junit", "junit", "render", "Writer"),
    _builtin("junit-jenkins", "junit", "render_jenkins", "JenkinsWriter"),
)
FORMATS: dict[str, Format] = {f.name: f for f in _BUILTIN}


@cache
def installed() -> dict[str, Format]:
    """Built-in formats and those of installed plugins; a plugin never replaces a built-in."""
    out = dict(FORMATS)
    for name, target in plugins.formatter_targets():
        if name in out or name == TERMINAL:
            raise PplintError(f"formatter plugin `{name}` ({target}) reuses a built-in name")
        out[name] = Format(name, target, plugin=True)
    return out


def names() -> tuple[str, ...]:
    """Every format `--format` and `--output` accept, the terminal view first."""
    return (TERMINAL, *installed())


def get(name: str) -> Callable[[Any], str]:
    """The render function of a format; a plugin's that fails to load is a named error."""
    fmt = installed()[name]
    if not fmt.plugin:
        return fmt.load()
    try:
        return fmt.load()
    except Exception as exc:
        raise PplintError(
            f"formatter plugin `{name}` ({fmt.target}) failed to load: {exc}"
        ) from None


def needs(chosen: set[str], what: str) -> bool:
    """Whether any of these formats shows ``what``: ``model_clauses`` or ``passed`` (a plugin
    says so with that attribute set to True on its render function)."""
    for name in chosen:
        fmt = installed().get(name)
        if fmt is None:
            continue
        if getattr(fmt, what) or (fmt.plugin and getattr(get(name), what, False)):
            return True
    return False


def render(report: Any, name: str) -> str:
    """A report as the text of one format (the terminal view falls back to plain text)."""
    return get("text" if name == TERMINAL else name)(report)


def streams(name: str) -> bool:
    """Whether a format can be fed one file at a time (every built-in one; not plugins)."""
    return name == TERMINAL or bool(installed()[name].writer)


def writer(name: str, report: Any, names: Sequence[str]) -> Any:
    """A new stream.Writer of a built-in format, for a run of files with these names."""
    module, _, cls = installed()[name].writer.partition(":")
    return getattr(import_module(module), cls)(report, names)
