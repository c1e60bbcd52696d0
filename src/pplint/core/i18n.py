"""Languages of what pplint says: which one to use, and code-side texts in en, es and ca.

Texts written in code are keyed by their English form, a template that may hold ``{name}``
placeholders. ``tr`` fills one where the code has the language at hand; ``translate`` takes a
finished English text (a detail a check wrote, a format message a loader raised), finds the
template it was made from and fills that template's translation with the same values. A text
no template makes stays English: ``untranslated`` says so, and the tests run every corpus
through it. The catalogues are YAML files in ``pplint/core/catalog`` (one mapping from English
template to ``{es, ca}`` each), read once, on first use, with the safe loader (libyaml's when
PyYAML has it: the pure-Python one takes ten times as long).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

LANGS = ("en", "es", "ca")
DEFAULT = "en"
NAMES = {"en": "English", "es": "español", "ca": "català"}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_MAX_TRANSLATED = 20_000  # characters: longer texts are left as they are
MISSES: set[str] | None = None  # when a set, ``translate`` adds each text no template makes


def normalise(code: str | None) -> str | None:
    """``es``, ``es_ES.UTF-8``, ``ca-ES``, ``spa`` or ``Catalan`` as one of LANGS, else None."""
    if not code or not isinstance(code, str):
        return None
    head = re.split(r"[_.@-]", code.strip().lower(), maxsplit=1)[0]
    return {
        "en": "en",
        "eng": "en",
        "english": "en",
        "es": "es",
        "spa": "es",
        "spanish": "es",
        "español": "es",
        "ca": "ca",
        "cat": "ca",
        "catalan": "ca",
        "català": "ca",
    }.get(head)


def locale_lang(environ: Mapping[str, str]) -> str:
    """The language of a locale given by environment variables (LANGUAGE's list first, then
    LC_ALL, LC_MESSAGES and LANG, as gettext reads them), else English."""
    for part in (environ.get("LANGUAGE") or "").split(":"):
        if lang := normalise(part):
            return lang
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return normalise(value) or DEFAULT
    return DEFAULT


def document_lang(data: Any, texts: Iterable[str] = ()) -> str | None:
    """The language a tender is written in (``tender.language``), or the first of ``texts``
    (a notice's text languages) that pplint speaks; None when neither says one."""
    tender = data.get("tender") if isinstance(data, dict) else None
    if isinstance(tender, dict):
        lang = normalise(tender.get("language"))
        if lang:
            return lang
    for code in texts:
        if lang := normalise(code):
            return lang
    return None


# --- catalogues ----------------------------------------------------------------------------


class Template:
    """One English template, the regex that reads its values back, and its translations."""

    __slots__ = ("english", "names", "_regex", "_pattern", "local")

    def __init__(self, english: str, local: Mapping[str, str]):
        self.english = english
        self.names = _PLACEHOLDER.findall(english)
        parts = _PLACEHOLDER.split(english)
        regex, seen = "", set()
        for i, part in enumerate(parts):
            if i % 2:
                regex += f"(?P<{part}>.+?)" if part not in seen else f"(?P={part})"
                seen.add(part)
            else:
                regex += re.escape(part)
        self._regex = regex + r"\Z"
        self._pattern: re.Pattern[str] | None = None
        self.local = dict(local)

    @property
    def pattern(self) -> re.Pattern[str]:
        """The regex that reads the values back (compiled on first use)."""
        if self._pattern is None:
            self._pattern = re.compile(self._regex, re.DOTALL)
        return self._pattern

    def fill(self, lang: str, values: Mapping[str, Any]) -> str:
        text = self.local.get(lang) or self.english
        return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


@functools.cache
def catalogue() -> dict[str, Template]:
    """Every code-side template, from the package's catalogue files."""
    from importlib import resources  # on first use: an English run never reads them

    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out: dict[str, Template] = {}
    folder = resources.files("pplint.core") / "catalog"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = yaml.load(entry.read_text(encoding="utf-8"), Loader=loader) or {}
        for english, local in data.items():
            if isinstance(english, str) and isinstance(local, dict):
                out[" ".join(english.split())] = Template(
                    " ".join(english.split()),
                    {k: " ".join(str(v).split()) for k, v in local.items() if v},
                )
    return out


@functools.cache
def _by_literal() -> tuple[tuple[Template, ...], dict[str, tuple[Template, ...]]]:
    """Templates that start with a placeholder, and the others by their first word."""
    leading: list[Template] = []
    indexed: dict[str, list[Template]] = {}
    for template in catalogue().values():
        first = template.english.split(" ", 1)[0]
        if _PLACEHOLDER.search(first):
            leading.append(template)
        else:
            indexed.setdefault(first, []).append(template)

    def specific(ts: Iterable[Template]) -> tuple[Template, ...]:  # most literal text first
        return tuple(sorted(ts, key=lambda t: -len(_PLACEHOLDER.sub("", t.english))))

    return specific(leading), {k: specific(v) for k, v in indexed.items()}


def tr(lang: str | None, english: str, **values: Any) -> str:
    """The catalogue's translation of an English template, filled with ``values``."""
    key = " ".join(english.split())
    template = None if not lang or lang == DEFAULT else catalogue().get(key)
    if template is None or lang is None:
        return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), key)
    return template.fill(lang, values)


def plural(lang: str | None, n: int, one: str, many: str, **values: Any) -> str:
    """``one`` or ``many`` (templates with ``{n}``) translated and filled, by the count: in
    English, Spanish and Catalan the singular is for exactly one."""
    return tr(lang, one if n == 1 else many, n=n, **values)


def _match(text: str) -> tuple[Template, dict[str, str]] | None:
    exact = catalogue().get(text)
    if exact is not None and not exact.names:
        return exact, {}
    leading, indexed = _by_literal()
    for template in (*indexed.get(text.split(" ", 1)[0], ()), *leading):
        found = template.pattern.match(text)
        if found:
            return template, found.groupdict()
    return None


def translate(
    lang: str | None, text: str, known: frozenset[str] = frozenset(), record: bool = True
) -> str:
    """An English text in ``lang``: the template it was made from, translated and filled with
    the values read back from it (themselves translated where the catalogue knows them);
    unchanged when no template makes it. Texts in ``known`` are already in ``lang`` (a rule
    pack's own translated details), alone or as parts joined by "; "."""
    if not lang or lang == DEFAULT or not text or len(text) > _MAX_TRANSLATED:
        return text
    flat = " ".join(text.split())
    if flat in known:
        return text
    done = _translated(lang, flat, known)
    if done is None:
        if MISSES is not None and record:
            MISSES.add(flat)
        return text
    return done


@functools.lru_cache(maxsize=4096)
def _translated(lang: str, flat: str, known: frozenset[str]) -> str | None:
    """``translate`` of a flattened text, or None when no template makes it (texts repeat
    from file to file: each is matched once)."""
    found = _match(flat)
    if found is None:
        parts = flat.split("; ")  # details a check joined: each translated alone
        if len(parts) > 1 and all(p in known or _match(p) is not None for p in parts):
            return "; ".join(p if p in known else translate(lang, p) for p in parts)
        return None
    template, values = found
    return template.fill(lang, {k: _value(lang, v) for k, v in values.items()})


def _value(lang: str, value: str) -> str:
    """A value read back from a template: translated when it is itself a catalogue text."""
    found = _match(value) if len(value) < 2000 else None
    if found is None:
        return value
    template, values = found
    return template.fill(lang, values)


def word(lang: str | None, text: str) -> str:
    """A value filled into a message in ``lang`` when the catalogue has it exactly (a goal
    such as "special execution condition"); any other value (ids, numbers, codes) as it is."""
    if not lang or lang == DEFAULT:
        return text
    template = catalogue().get(text)
    return template.fill(lang, {}) if template is not None and not template.names else text


def untranslated(text: str) -> bool:
    """Whether no catalogue template makes this English text."""
    return bool(text) and _match(" ".join(text.split())) is None
