"""The words that triggered a finding, found in the clause text it is about."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pplint.analysis.fold import fold

# quoted words in a message or a detail: “where possible”, "vmware, vsphere", «...»
_QUOTED = re.compile(r"“([^”]{1,200})”|\"([^\"]{1,200})\"|«([^»]{1,200})»")
_NOT_WORDS = {"or equivalent", "o equivalente", "o equivalent"}  # what is absent, not present
MAX_TRIGGERS = 12
Segment = tuple[str, bool]  # a piece of the text, and whether it is highlighted


def triggers(texts: Iterable[str]) -> tuple[str, ...]:
    """The quoted words of a finding's message and details (a quoted list split in items)."""
    found: list[str] = []
    for text in texts:
        for match in _QUOTED.finditer(text):
            quoted = next(g for g in match.groups() if g is not None)
            for part in re.split(r",\s+", quoted):
                word = fold(part)
                if len(word) >= 2 and word not in _NOT_WORDS and word not in found:
                    found.append(word)
    return tuple(found[:MAX_TRIGGERS])


def _folded_chars(text: str) -> tuple[str, list[int]]:
    """``text`` folded as terms are (case, accents, spaces), and for each folded character
    the index of the character of ``text`` it comes from."""
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if out and out[-1] == " ":
                continue
            piece = " "
        else:
            piece = fold(char)  # "" for a combining mark
        for c in piece:
            out.append(c)
            where.append(index)
    return "".join(out), where


def segments(text: str, words: Iterable[str]) -> list[Segment]:
    """``text`` cut into pieces, those where one of the (folded) ``words`` occurs as whole
    words marked for highlighting."""
    wanted = [w for w in words if w]
    if not wanted or not text:
        return [(text, False)]
    folded, where = _folded_chars(text)
    spans: list[tuple[int, int]] = []
    for word in sorted(wanted, key=len, reverse=True):
        pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")
        for match in pattern.finditer(folded):
            start, end = where[match.start()], where[match.end() - 1] + 1
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
    spans.sort()
    out: list[Segment] = []
    last = 0
    for start, end in spans:
        if start > last:
            out.append((text[last:start], False))
        out.append((text[start:end], True))
        last = end
    if last < len(text):
        out.append((text[last:], False))
    return out
