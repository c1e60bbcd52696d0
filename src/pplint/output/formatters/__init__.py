"""Output formats: pure functions from a Report to text, registered by name."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

FORMATS: dict[str, str] = {
    "text": "pplint.output.formatters.text:render",
    "json": "pplint.output.formatters.jsonfmt:render",
    "sarif": "pplint.output.formatters.sarif:render",
    "gitlab": "pplint.output.formatters.gitlab:render",
    "github": "pplint.output.formatters.github:render",
    "junit": "pplint.output.formatters.junit:render",
    "junit-jenkins": "pplint.output.formatters.junit:render_jenkins",
}


def get(name: str) -> Callable[[Any], str]:
    """The render function of a format (imported on first use)."""
    module, func = FORMATS[name].split(":")
    render: Callable[[Any], str] = getattr(import_module(module), func)
    return render
