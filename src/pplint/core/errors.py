"""The one family of errors the core raises: each knows its file, line and column."""

from __future__ import annotations


class PplintError(Exception):
    """A user error (bad pack, bad config, bad option); the CLI exits 2 on it."""

    def __init__(self, message: str, file: str | None = None, line: int = 0, column: int = 0):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        if self.line:
            return f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{self.file}: {self.message}"


class PackError(PplintError):
    """A rule pack is unreadable or invalid."""


class ConfigError(PplintError):
    """A configuration file is unreadable or invalid."""


class LoadError(PplintError):
    """A YAML document could not be loaded; carries a finding rule id for tenders."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int = 1,
        column: int = 1,
        code: str = "FMT-SYNTAX",
    ):
        super().__init__(message, file, line, column)
        self.code = code
