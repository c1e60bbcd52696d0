"""Folding a text as the term matcher folds it, keeping where each folded character came from."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "´": "'", "\u00b7": ".", "\u2027": ".", "\u00a0": " "}
)
_WORD = re.compile(r"\w")


def folded_with_map(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the offset in ``text`` it comes from."""
    chars: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(text):
        out = ch.translate(_QUOTES).casefold()
        if not out.isascii():
            out = "".join(
                c for c in unicodedata.normalize("NFKD", out) if not unicodedata.combining(c)
            )
        for c in out:
            chars.append(c)
            where.append(index)
    # Catalan ela geminada (l.l before a letter): the dot is dropped
    drop = {
        i
        for i in range(1, len(chars) - 2)
        if chars[i] == "."
        and chars[i - 1] == "l"
        and chars[i + 1] == "l"
        and _WORD.match(chars[i + 2])
    }
    folded: list[str] = []
    origin: list[int] = []
    for i, c in enumerate(chars):
        if i in drop:
            continue
        if c.isspace():
            if not folded or folded[-1] == " ":
                continue
            c = " "
        folded.append(c)
        origin.append(where[i])
    while folded and folded[-1] == " ":
        folded.pop()
        origin.pop()
    return "".join(folded), origin


def occurrences(folded: str, words: str) -> list[tuple[int, int]]:
    """Where ``words`` (folded) stand in ``folded`` as whole words."""
    if not words:
        return []
    found = []
    for m in re.finditer(re.escape(words), folded):
        start, end = m.span()
        before = folded[start - 1] if start else " "
        after = folded[end] if end < len(folded) else " "
        head, tail = words[0], words[-1]
        if (_WORD.match(head) and _WORD.match(before)) or (
            _WORD.match(tail) and _WORD.match(after)
        ):
            continue
        found.append((start, end))
    return found
