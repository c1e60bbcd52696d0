"""Configuration: `.pplint.yaml` or `[tool.pplint]` in pyproject.toml, found from a folder up."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from pplint.core.errors import ConfigError
from pplint.core.files import ReadError, read_limited
from pplint.core.model import DocPath, format_path
from pplint.load import schemas
from pplint.load.source import SourceDoc

CONFIG_NAMES = (".pplint.yaml", ".pplint.yml")
_TOML_AT = re.compile(
    r"(?P<message>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)", re.DOTALL
)


@dataclass(slots=True)
class Config:
    """A validated configuration, the folder its relative paths start from, and its locations."""

    path: Path | None = None
    data: dict[str, Any] = field(default_factory=dict)
    doc: SourceDoc | None = None  # a YAML configuration, with a location for every value
    toml: str | None = None  # the text of a pyproject.toml (TOML keeps no locations)

    @property
    def base(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def locate(self, path: DocPath) -> tuple[int, int]:
        """The line and column of the value at ``path`` (0, 0 when unknown)."""
        if self.doc is not None:
            loc = self.doc.locate(path)
            return loc.line, loc.column
        line = _toml_path_line(self.toml, path) if self.toml is not None else 0
        return line, 1 if line else 0

    def error(self, message: str, path: DocPath) -> ConfigError:
        """A ConfigError about the value at ``path``, at its line and column in the file."""
        text = f"{format_path(path)}: {message}" if path else message
        if self.toml is not None:
            text = f"[tool.pplint] {text}"
        return ConfigError(text, str(self.path or "configuration"), *self.locate(path))

    def excludes(self, file: Path) -> bool:
        """Whether ``file`` matches an ``exclude:`` glob (relative to this file's folder)."""
        patterns = self.get("exclude", [])
        if not patterns or self.path is None:
            return False
        parts = _relative_parts(file, self.base)
        return parts is not None and any(_glob_matches(_glob(p), parts) for p in patterns)


def find(start: Path) -> Path | None:
    """The nearest `.pplint.yaml` / `.pplint.yml`, or pyproject.toml with `[tool.pplint]`.

    A pyproject.toml on the way that cannot be read as TOML is a ConfigError (it may hold
    the configuration), never silently skipped.
    """
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _tool_section(_read_toml(pyproject)[1]) is not None:
            return pyproject
    return None


def load(path: Path) -> Config:
    """Read and validate one configuration file; raise ConfigError at the problem's line."""
    if path.name == "pyproject.toml":
        cfg = _load_pyproject(path)
    else:
        doc = schemas.load_checked(path, "config", ConfigError, "configuration")
        cfg = Config(path, doc.data, doc=doc)
    _check_params(cfg)
    return cfg


def _read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """The text and data of a TOML file; any problem is a ConfigError at its line."""
    import tomllib  # only when there is a TOML file to read

    name = str(path)
    try:
        text = read_limited(path).decode("utf-8")
        return text, tomllib.loads(text)
    except ReadError as exc:
        raise ConfigError(f"cannot read configuration: {exc.message}", name) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"cannot read configuration: not UTF-8 text ({exc.reason} at byte {exc.start})", name
        ) from None
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_AT.fullmatch(str(exc))
        if found is None:
            raise ConfigError(f"invalid TOML: {exc}", name) from None
        raise ConfigError(
            f"invalid TOML: {found['message']}", name, int(found["line"]), int(found["column"])
        ) from None


def _tool_section(data: dict[str, Any]) -> Any:
    """The value of ``[tool.pplint]``, or None when the file has none."""
    tool = data.get("tool")
    return tool.get("pplint") if isinstance(tool, dict) else None


def _load_pyproject(path: Path) -> Config:
    text, whole = _read_toml(path)
    section = _tool_section(whole)
    data = {} if section is None else section
    problems = schemas.validate("config", data)
    if problems:
        path0, message = problems[0]
        line = _toml_path_line(text, path0)
        raise ConfigError(f"[tool.pplint] {message}", str(path), line, 1 if line else 0)
    return Config(path, data, toml=text)


def _check_params(cfg: Config) -> None:
    """Params must be finite numbers (TOML has nan and inf; a YAML loader may too)."""
    for name, value in cfg.get("params", {}).items():
        if not _finite_number(value):
            raise cfg.error(f"{value!r} is not a finite number", ("params", name))


def _finite_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def _relative_parts(file: Path, base: Path) -> tuple[str, ...] | None:
    """The names from ``base`` down to ``file``, or None when it is not under ``base``."""
    pairs = (
        (Path(os.path.abspath(file)), Path(os.path.abspath(base))),
        (file.resolve(), base.resolve()),
    )
    for target, folder in pairs:
        try:
            return target.relative_to(folder).parts
        except ValueError:
            continue
    return None


def _glob(pattern: str) -> tuple[str, ...]:
    """The segments of an exclude glob; one without a slash matches a name at any depth."""
    parts = tuple(p for p in pattern.strip("/").split("/") if p not in ("", "."))
    return parts if len(parts) > 1 or pattern.rstrip("/").count("/") else ("**", *parts)


def _glob_matches(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """Whether the path, or a folder above it, matches (``**`` spans any number of names)."""
    states = _spread({0}, pattern)
    for part in parts:
        if len(pattern) in states:
            return True
        states = _spread(
            {
                i + (pattern[i] != "**")
                for i in states
                if i < len(pattern) and (pattern[i] == "**" or fnmatchcase(part, pattern[i]))
            },
            pattern,
        )
    return len(pattern) in states


def _spread(states: set[int], pattern: tuple[str, ...]) -> set[int]:
    """Add, for every ``**`` reached, the state after it (it may match no name at all)."""
    out, todo = set(states), list(states)
    while todo:
        i = todo.pop()
        if i < len(pattern) and pattern[i] == "**" and i + 1 not in out:
            out.add(i + 1)
            todo.append(i + 1)
    return out


def _toml_path_line(text: str, path: DocPath) -> int:
    """The line of the deepest key of ``path`` that :func:`_toml_line` finds."""
    for key in reversed([str(p) for p in path if isinstance(p, str)] or [""]):
        line = _toml_line(text, key)
        if line:
            return line
    return 0


def _toml_line(text: str, key: str) -> int:
    """The line of ``key`` inside the [tool.pplint] tables (TOML keeps no locations)."""
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.startswith("[tool.pplint")
            if inside and (not key or stripped == f"[tool.pplint.{key}]"):
                return number
            continue
        if inside and key and stripped.split("=")[0].strip().strip('"') == key:
            return number
    return 0
