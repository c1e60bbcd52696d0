"""Configuration: `.pplint.yaml` or `[tool.pplint]` in pyproject.toml, found from a folder up."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pplint import schemas
from pplint.errors import ConfigError
from pplint.files import ReadError, read_limited

CONFIG_NAMES = (".pplint.yaml", ".pplint.yml")


@dataclass(slots=True)
class Config:
    """A validated configuration and the folder its relative paths start from."""

    path: Path | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def base(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


def find(start: Path) -> Path | None:
    """The nearest `.pplint.yaml` / `.pplint.yml`, or pyproject.toml with `[tool.pplint]`."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        return "pplint" in tomllib.loads(read_limited(path).decode("utf-8")).get("tool", {})
    except (ReadError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def load(path: Path) -> Config:
    """Read and validate one configuration file; raise ConfigError at the problem's line."""
    if path.name == "pyproject.toml":
        return _load_pyproject(path)
    doc = schemas.load_checked(path, "config", ConfigError, "configuration")
    return Config(path, doc.data)


def _load_pyproject(path: Path) -> Config:
    name = str(path)
    try:
        text = read_limited(path).decode("utf-8")
        data = tomllib.loads(text).get("tool", {}).get("pplint", {})
    except ReadError as exc:
        raise ConfigError(f"cannot read configuration: {exc.message}", name) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cannot read configuration: {exc}", name) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", name) from None
    problems = schemas.validate("config", data)
    if problems:
        path0, message = problems[0]
        line = _toml_line(text, str(path0[0]) if path0 else "")
        raise ConfigError(f"[tool.pplint] {message}", name, line, 1 if line else 0)
    return Config(path, data)


def _toml_line(text: str, key: str) -> int:
    """The line of ``key`` inside the [tool.pplint] tables (TOML keeps no locations)."""
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped.startswith("[tool.pplint")
            if inside and not key:
                return number
            continue
        if inside and key and stripped.split("=")[0].strip().strip('"') == key:
            return number
    return 0
