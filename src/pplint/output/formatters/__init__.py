"""Output formats: pure functions from a Report to text, registered by name, plus the ones
installed packages declare under the ``pplint.formatters`` entry point."""

from __future__ import annotations

from collections.abc import Callable
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

    def load(self) -> Callable[[Any], str]:
        """The render function (imported on first use)."""
        module, _, func = self.target.partition(":")
        render: Callable[[Any], str] = getattr(import_module(module), func)
        return render


_BUILTIN = (
    Format("text", "pplint.output.formatters.text:render"),
    Format("json", "pplint.output.formatters.jsonfmt:render", model_clauses=True, passed=True),
    Format("sarif", "pplint.output.formatters.sarif:render", model_clauses=True),
    Format("gitlab", "pplint.output.formatters.gitlab:render"),
    Format("github", "pplint.output.formatters.github:render"),
    Format("junit", "pplint.output.formatters.junit:render"),
    Format("junit-jenkins", "pplint.output.formatters.junit:render_jenkins"),
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
