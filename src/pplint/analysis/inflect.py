"""Inflection keys: the form a folded word is matched on, per language, so that inflected forms
of a term match ("abonarà" and "abonar", "guaranteed" and "guarantee", "salarios" and "salario").

A key strips one inflectional ending (plural, gender, verb tense) of the term's language, and
nothing derivational: a *contratista* is not a *contrato*, a *supplier* not a *supply*. Each
language has its own endings, and a text is keyed in the language it is written in, so an English
"procured" never meets the Spanish hedge "procurará". Articles, possessives and "all" may be
skipped in a text between two words of a term, so that "pay all its subcontractors" matches
"pay subcontractors" and "garantizarán los salarios" matches "garantizar el salario".

Why not a library: Snowball stemmers (PyStemmer) conflate derivations (Spanish *contratista*
and *contrato* share the stem ``contrat``) and degrade on accent-folded Catalan; simplemma
lemmatises well but takes about 1.5 s to load its es, ca and en data, more than a whole check.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

LANGS = ("en", "es", "ca")

# articles: left out of a term's words when they stand inside or before them
_ARTICLES = {
    "en": frozenset({"the", "a", "an"}),
    "es": frozenset({"el", "la", "los", "las", "lo", "un", "una", "unos", "unas"}),
    "ca": frozenset({"el", "la", "els", "les", "l", "un", "una", "uns", "unes", "'"}),
}
# words a text may hold between two words of a term: articles, possessives, "all"
_SKIPPABLE = {
    "en": _ARTICLES["en"] | {"its", "their", "his", "her", "all"},
    "es": _ARTICLES["es"] | {"su", "sus", "todo", "toda", "todos", "todas"},
    "ca": _ARTICLES["ca"]
    | {"seu", "seva", "seus", "seves", "llur", "llurs", "tot", "tota", "tots", "totes"},
}
# contractions read as the preposition they contain
_SAME = {
    "en": {},
    "es": {"del": "de", "al": "a"},
    "ca": {
        "d": "de",
        "del": "de",
        "dels": "de",
        "al": "a",
        "als": "a",
        "pel": "per",
        "pels": "per",
    },
}


def _longest_first(*endings: str) -> tuple[str, ...]:
    return tuple(sorted(set(endings), key=len, reverse=True))


# one is stripped (after the plural -s) when at least _STEM letters remain
_ROMANCE_VERB = (
    "arian", "erian", "irian", "aria", "eria", "iria", "aran", "eran", "iran",
    "ara", "era", "ira", "aras", "eras", "iras", "ando", "iendo", "ados", "adas", "idos",
    "idas", "ado", "ada", "ido", "ida", "ar", "er", "ir", "an", "en",
)  # fmt: skip
_ENDINGS = {
    "en": _longest_first("ing", "ed"),
    "es": _longest_first(*_ROMANCE_VERB, "andose", "iendose", "o", "a", "e"),
    "ca": _longest_first(
        *_ROMANCE_VERB, "arien", "erien", "irien", "aren", "eren", "iren", "ares", "eres",
        "ires", "ades", "ides", "ats", "its", "ade", "ide", "at", "it", "o", "a", "e",
    ),
}  # fmt: skip
_STEM = 4  # letters a stem keeps at least: short words are left as they are
_CIO = ("ciones", "cions", "cion", "cio")  # es / ca -ción, -ció and plurals share one key


def _plural(word: str, lang: str) -> str:
    """A plural read as its singular ("salarios", "factures", "licences"); other words as
    they are."""
    if len(word) <= _STEM or word[-1] != "s" or word.endswith(("ss", "us", "is")):
        return word  # not process, status, crisis
    if lang == "en":
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith(("ses", "xes", "ches", "shes")):
            return word[:-2]
        return word[:-1]
    if lang == "es" and word.endswith("es") and word[-3] in "lrndzjy":
        return word[:-2]  # mensuales, mujeres, condiciones
    if lang == "ca" and word.endswith("es") and len(word) > _STEM + 1:
        return word[:-2] + "a"  # factures, obligatories
    if lang == "ca" and word.endswith("ns") and word[-3] == "o":
        return word[:-1]  # condicions (condicio: folded -ció)
    return word[:-1]


@lru_cache(maxsize=65536)  # bounded: a hostile text of unique words cannot grow it further
def number_key(word: str, lang: str) -> str:
    """The key of a one-word term: the plural only, since a single word has no context to
    tell the verb "publicado" (published) from the adjective "público" (public)."""
    same = _SAME[lang].get(word)
    if same is not None:
        return same
    if not word.isalpha():
        return word
    return _plural(word, lang)


@lru_cache(maxsize=65536)
def key(word: str, lang: str) -> str:
    """The key of a word of a multi-word term: plural, gender and verb endings stripped."""
    same = _SAME[lang].get(word)
    if same is not None:
        return same
    if len(word) <= _STEM or not word.isalpha():
        return word
    if lang == "en":
        return _english(word)
    for ending in _CIO:
        if word.endswith(ending) and len(word) - len(ending) >= _STEM - 1:
            return word[: -len(ending)] + "ci"
    if word[-1] == "s" and not word.endswith(("ss", "us", "is")):  # not crisis, virus
        word = word[:-1]
    for ending in _ENDINGS[lang]:
        if word.endswith(ending) and len(word) - len(ending) >= _STEM:
            return word[: -len(ending)]
    return word


def _english(word: str) -> str:
    if word.endswith(("ies", "ied")) and len(word) > _STEM + 1:  # complies, comply
        return word[:-3] + "i"
    if word[-1] == "y":
        return word[:-1] + "i"
    if word[-1] == "s" and not word.endswith(("ss", "us", "is")):  # not process, status
        word = word[:-1]
    for ending in _ENDINGS["en"]:
        if word.endswith(ending) and len(word) - len(ending) >= _STEM:
            word = word[: -len(ending)]
            if word[-1] == word[-2] and word[-1] in "lpt":  # labell-ed, labell-ing
                word = word[:-1]
            break
    while word[-1] == "e" and len(word) > _STEM:  # guarantee, guaranteed, guaranteeing
        word = word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class TextKeys:
    """A text's keys in one language, one per token: for one-word terms (``number``), for the
    words of longer terms (``full``), and whether each token may be skipped inside a term."""

    number: tuple[str, ...]
    full: tuple[str, ...]
    skippable: tuple[bool, ...]


def text_keys(words: tuple[str, ...], lang: str) -> TextKeys:
    """The keys of a text's tokens in a language."""
    skippable = _SKIPPABLE[lang]
    return TextKeys(
        tuple([number_key(w, lang) for w in words]),
        tuple([key(w, lang) for w in words]),
        tuple([w in skippable for w in words]),
    )


def term_keys(words: list[str], lang: str) -> list[str]:
    """A term's keys, articles inside or before its words left out (a trailing one is kept:
    "pdf/a"); a term made only of articles keeps its words; a one-word term has its
    ``number_key``."""
    articles = _ARTICLES[lang]
    last = len(words) - 1
    kept = [w for i, w in enumerate(words) if i == last or w not in articles] or list(words)
    if len(kept) == 1:
        return [number_key(kept[0], lang)]
    return [key(w, lang) for w in kept]
