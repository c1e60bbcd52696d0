"""Rule messages: a pack's message template filled with a finding's values.

A message may hold plain ``{name}`` placeholders and the escapes ``{{`` and ``}}``, nothing
else: no conversion (``!r``), format spec (``:>9``), attribute (``.x``) or index (``[0]``).
Packs are checked at load time (``placeholders``); rendering never runs ``str.format`` and leaves
any other brace text as it is, since a cached rule set skips the load check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

MAX_VALUE = 300  # characters of one filled-in value
MAX_MESSAGE = 4000  # characters of a whole message
ELLIPSIS = "…"
_TOKEN = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
_BRACE = re.compile(r"[{}]")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def _replace(values: Mapping[str, Any], match: re.Match[str]) -> str:
    token = match.group(0)
    if token == "{{":
        return "{"
    if token == "}}":
        return "}"
    value = values.get(match.group(1))
    return "" if value is None else _clip(str(value), MAX_VALUE)


def render_message(template: str, values: Mapping[str, Any]) -> str:
    """Fill a rule message's plain placeholders; unknown ones render empty, values and the
    message are cut to a bound, anything else in braces stays as written."""
    text = _TOKEN.sub(lambda m: _replace(values, m), template)
    return _clip(" ".join(text.split()), MAX_MESSAGE)


def placeholders(template: str) -> Iterator[tuple[str | None, str]]:
    """Each placeholder of a message as (name, text), and (None, text) for brace text that is
    not a plain ``{name}`` placeholder nor an escape."""
    pos = 0
    for match in _TOKEN.finditer(template):
        yield from _stray(template, pos, match.start())
        if match.group(1):
            yield match.group(1), match.group(0)
        pos = match.end()
    yield from _stray(template, pos, len(template))


def _stray(template: str, start: int, end: int) -> Iterator[tuple[None, str]]:
    """Brace text between tokens: a lone ``}``, or a ``{`` up to the next ``}`` (or the end)."""
    pos = start
    while (brace := _BRACE.search(template, pos, end)) is not None:
        at = brace.start()
        close = template.find("}", at + 1, end) if template[at] == "{" else at
        pos = end if close < 0 else close + 1
        yield None, _clip(template[at:pos], 40)
