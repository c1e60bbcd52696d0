"""Rule messages: a pack's message template filled with a finding's values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return ""


def render_message(template: str, values: Mapping[str, Any]) -> str:
    """Fill a rule message's placeholders; unknown ones render empty."""
    text = template.format_map(_Blank({k: v for k, v in values.items() if v is not None}))
    return " ".join(text.split())
