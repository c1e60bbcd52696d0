"""Multilingual notice texts: the languages pplint reads kept, the notice's own first."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pplint.notices.codes import LANGUAGES


class Texts:
    """Picks texts from elements that carry one language each (``languageID``)."""

    def __init__(self, languages: Sequence[str]):
        self.languages = [code.upper() for code in languages]
        read = []
        for code in self.languages:
            lang = LANGUAGES.get(code)
            if lang and lang not in read:
                read.append(lang)
        self.read: tuple[str, ...] = tuple(read)
        self.primary: str | None = read[0] if read else None
        self._own = self.languages[0] if self.languages else None

    def _lang(self, element: Any) -> str | None:
        """The tender-format language of an element's text (the notice's own when unmarked)."""
        code = element.get("languageID")
        return LANGUAGES.get(str(code).upper() if code else (self._own or ""))

    def one(self, elements: Sequence[Any]) -> tuple[str, Any]:
        """One text for a name or title: in the first language read, else the first given."""
        present = [(e, _clean(e.text)) for e in elements if _clean(e.text)]
        if not present:
            return "", None
        for lang in self.read:
            for e, text in present:
                if self._lang(e) == lang:
                    return text, e
        e, text = present[0]
        return text, e

    def many(self, elements: Sequence[Any]) -> tuple[str | dict[str, str], Any]:
        """A clause text: a string in one language read, or a map when there are several;
        ("", None) when no text is in a language pplint reads."""
        found: dict[str, tuple[str, Any]] = {}
        for e in elements:
            text = _clean(e.text)
            lang = self._lang(e)
            if text and lang and lang not in found:
                found[lang] = (text, e)
        if not found:
            return "", None
        ordered = [lang for lang in self.read if lang in found]
        first = found[ordered[0]][1]
        if len(ordered) == 1:
            return found[ordered[0]][0], first
        return {lang: found[lang][0] for lang in ordered}, first


def _clean(text: Any) -> str:
    """A text with its white space runs made single spaces."""
    if not text:
        return ""
    return " ".join(str(text).split())


def first_sentence(text: str, limit: int = 120) -> str:
    """The first sentence of a description (a criterion's name when it has none)."""
    if not text:
        return ""
    head = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].strip().rstrip(".;:")
    return head if len(head) <= limit else head[: limit - 3].rstrip() + "..."
