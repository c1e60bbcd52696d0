"""Pack cache entries as checked JSON: a rule set to bytes and back, every field checked, so
that loading an entry can never run code or yield a rule set the engine would trip on."""

from __future__ import annotations

import gc
import json
import math
import zlib
from collections.abc import Callable
from typing import Any, TypeVar

from pplint.analysis.classify import fits
from pplint.analysis.conditions import check_condition_refs
from pplint.analysis.terms import TermSet
from pplint.analysis.tries import FULL, LANGUAGE_PARTS
from pplint.checks import REGISTRY, option_references
from pplint.core.model import Location, Severity
from pplint.core.rules import Pack, Param, Refinement, Rule, RuleSet, Topic
from pplint.packs.plugins import load_checks

FORMAT = 11
MAGIC = b"pplint-pack-cache"
_PARTS = frozenset({"format", "key", "packs", "params", "lexicons", "topics", "rules", "compiled"})

T = TypeVar("T")


class CacheError(Exception):
    """A cache entry that cannot be written or must not be used."""


def usable(rs: RuleSet, terms: TermSet) -> bool:
    """Whether a decoded entry names only check kinds, topics, lexicons and params that it
    defines, in every rule, refinement and condition, and its term set names only its topics.

    Templates and regex terms are checked again where they are used. Options and conditions
    are not validated against the pack schema again (that would cost what the cache saves): a
    planted entry whose option or condition values have the wrong types makes a check fail on
    each file, which is reported as an internal error (exit 3), never as findings."""

    try:
        for rule in rs.rules.values():
            if rule.check not in REGISTRY:
                return False
            checks = [option_references(rs, rule.options), check_condition_refs(rs, rule.applies)]
            for ref in rule.refinements:
                checks.append(option_references(rs, ref.options))
                checks.append(check_condition_refs(rs, ref.when))
            if any(next(iter(problems), None) is not None for problems in checks):
                return False
        if not fits(terms, rs):
            return False
    except Exception:  # whatever a planted entry makes these checks trip on: rebuild it
        return False
    return True


# --- encoding: dataclasses to JSON, refusing anything that would not come back equal ---------


def encode(rs: RuleSet, terms: TermSet, key: str) -> bytes:
    """The bytes of a cache entry for ``key``; CacheError when JSON cannot hold the rule set."""
    body: dict[str, Any] = {
        "format": FORMAT,
        "key": key,
        "packs": [_record(PACK, p) for p in rs.packs],
        "params": [_record(PARAM, p) for p in rs.params.values()],
        "lexicons": {name: _terms_out(lex) for name, lex in rs.lexicons.items()},
        "topics": [_record(TOPIC, t) for t in rs.topics.values()],
        "rules": [_record(RULE, r) for r in rs.rules.values()],
        "compiled": _termset_out(terms),
    }
    try:
        return seal(body_of(body))
    except (TypeError, ValueError, RecursionError) as exc:
        raise CacheError(f"the rule set cannot be stored as JSON: {exc}") from None


def body_of(data: dict[str, Any]) -> bytes:
    """An entry's body: its data as one line of JSON, then each packed trie of its term set
    on a line of its own, the JSON naming it by number. Reading an entry then skips over the
    tries' text (most of an entry) instead of decoding it as JSON strings."""
    sections: list[bytes] = []

    def take(value: Any) -> Any:
        if not isinstance(value, str):
            return value  # a trie kept as a mapping stays in the JSON
        if "\n" in value:  # compact JSON has none: a line never splits a trie
            raise ValueError("a packed trie holds a line break")
        sections.append(value.encode("utf-8"))
        return len(sections) - 1

    state = data.get("compiled")
    if type(state) is dict:
        state = dict(state)
        if FULL in state:
            state[FULL] = take(state[FULL])
        for part in LANGUAGE_PARTS:
            if type(state.get(part)) is dict:
                state[part] = {lang: take(trie) for lang, trie in state[part].items()}
        data = {**data, "compiled": state}
    return b"\n".join([json.dumps(data, separators=(",", ":")).encode("ascii"), *sections])


def data_of(body: bytes) -> Any:
    """The data of an entry's body, its packed tries back in place of their numbers;
    CacheError when it is not JSON or names a trie it does not hold."""
    main, *lines = body.split(b"\n")
    try:
        data = json.loads(main.decode("ascii"))
        sections = [line.decode("utf-8") for line in lines]
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise CacheError(f"not valid JSON: {exc}") from None

    used: list[str] = []

    def put(ref: Any) -> Any:
        if type(ref) is not int:
            return ref  # a mapping, checked as a trie when the term set is restored
        if ref != len(used) or ref >= len(sections):  # each line once, in the order written
            raise CacheError("a stored trie is not the entry's next line")
        used.append(sections[ref])
        return sections[ref]

    state = data.get("compiled") if type(data) is dict else None
    if type(state) is dict:
        if FULL in state:
            state[FULL] = put(state[FULL])
        for part in LANGUAGE_PARTS:
            if type(state.get(part)) is dict:
                state[part] = {lang: put(trie) for lang, trie in state[part].items()}
    if len(used) != len(sections):
        raise CacheError("the entry has lines that no stored trie names")
    return data


def seal(body: bytes) -> bytes:
    """A header line naming the format and the body's CRC-32, then the body. The checksum
    catches damage (a bit flip, a truncated write), not tampering: nothing kept beside the
    entry could, since whoever can write the entry can write that too; the checks of the
    content are what make a planted entry harmless."""
    return b"%s %d %08x\n%s" % (MAGIC, FORMAT, zlib.crc32(body), body)


def _termset_out(terms: TermSet) -> dict[str, Any]:
    """A term set's state, as TermSet gives it (plain data: mappings, lists, text), its
    tries packed as JSON text (decoded only when a text of their language needs them)."""
    return terms.packed_state()


def _record(spec: Spec, obj: Any) -> list[Any]:
    """The fields of a dataclass instance, in the spec's order, as JSON can hold them."""
    return [out(getattr(obj, name)) for name, out, _ in spec]


def _plain(value: T) -> T:
    """A value as it is, if JSON gives it back equal (str keys, lists, no tuples or dates)."""
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            if not {str}.issuperset(map(type, item)):
                raise CacheError("a mapping key is not text")
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif kind not in (str, int, float, bool, type(None)):
            raise CacheError(f"a value of type {kind.__name__} would not survive JSON")
    return value


def _terms_out(value: Any) -> dict[str, list[str]]:
    return {_plain(lang): _plain(list(terms)) for lang, terms in value.items()}


def _severity_out(value: Severity) -> int:
    return int(value)


def _optional_severity_out(value: Severity | None) -> int | None:
    return None if value is None else int(value)


def _location_out(value: Location) -> list[int]:
    return [value.line, value.column]


def _refinements_out(value: list[Refinement]) -> list[list[Any]]:
    return [_record(REFINEMENT, r) for r in value]


# --- decoding: JSON back to dataclasses, every field checked --------------------------------


def decode(raw: bytes, key: str) -> tuple[RuleSet, TermSet]:
    """The rule set and term set of a cache entry for ``key``; CacheError when anything is
    unexpected."""
    header, newline, body = raw.partition(b"\n")
    parts = header.split(b" ")
    if not newline or len(parts) != 3 or parts[:2] != [MAGIC, b"%d" % FORMAT]:
        raise CacheError("not a pplint pack cache of this format")
    if b"%08x" % zlib.crc32(body) != parts[2]:
        raise CacheError("damaged: the checksum does not match")
    collecting = gc.isenabled()
    gc.disable()  # a load makes many objects and no garbage: collecting meanwhile only costs
    try:
        return _parse(body, key)
    finally:
        if collecting:
            gc.enable()


def _parse(body: bytes, key: str) -> tuple[RuleSet, TermSet]:
    """The rule set of a checksummed entry's body, checked all through."""
    data = data_of(body)
    if type(data) is not dict or data.get("format") != FORMAT or data.get("key") != key:
        raise CacheError("an entry for other packs or another format")
    if set(data) != _PARTS:
        raise CacheError("the entry has other parts than expected")
    try:
        rs = _ruleset(data)
        terms = _termset(data["compiled"])
    except (TypeError, ValueError) as exc:  # from the dataclasses, Severity and TermSet
        raise CacheError(f"unexpected content: {exc}") from None
    return rs, terms


def _ruleset(data: dict[str, Any]) -> RuleSet:
    """The rule set from the parts of an entry (all present), each part checked."""
    params = [_build(PARAM, Param, v) for v in _list(data["params"])]
    topics = [_build(TOPIC, Topic, v) for v in _list(data["topics"])]
    rules = [_build(RULE, Rule, v) for v in _list(data["rules"])]
    rs = RuleSet(
        packs=[_build(PACK, Pack, v) for v in _list(data["packs"])],
        params={p.name: p for p in params},
        lexicons={_str(k): _term_lists(v) for k, v in _dict(data["lexicons"]).items()},
        topics={t.name: t for t in topics},
        rules={r.id: r for r in rules},
    )
    _check_references(rs)
    return rs


def _check_references(rs: RuleSet) -> None:
    """What the engine looks up without checking: the check kinds and refinement targets."""

    load_checks()
    for rule in rs.rules.values():
        if rule.check not in REGISTRY:
            raise CacheError(f"unknown check kind `{rule.check}`")
        if any(ref.rule != rule.id for ref in rule.refinements):
            raise CacheError(f"a refinement of {rule.id} names another rule")


def _build(spec: Spec, cls: Callable[..., T], value: Any) -> T:
    """An instance of ``cls`` from a list of its fields, each checked by the spec."""
    if type(value) is not list or len(value) != len(spec):
        raise CacheError(f"a {getattr(cls, '__name__', cls)} needs {len(spec)} fields")
    return cls(*[check(v) for (_, _, check), v in zip(spec, value, strict=True)])


def _fail(what: str, value: Any) -> CacheError:
    return CacheError(f"expected {what}, found {type(value).__name__}")


def _str(value: Any) -> str:
    if type(value) is not str:
        raise _fail("text", value)
    return value


def _optional_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        raise _fail("true or false", value)
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise _fail("a whole number", value)
    return value


def _float(value: Any) -> float:
    if type(value) is not float or not math.isfinite(value):
        raise _fail("a finite number", value)
    return value


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise _fail("a list", value)
    return value


def _dict(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise _fail("a mapping", value)
    return value


def _dicts(value: Any) -> list[dict[str, Any]]:
    for item in _list(value):
        _dict(item)
    return value  # type: ignore[no-any-return]


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(_str(v) for v in _list(value))


def _str_dict(value: Any) -> dict[str, str]:
    for item in _dict(value).values():
        _str(item)
    return value  # type: ignore[no-any-return]


def _str_dicts(value: Any) -> list[dict[str, str]]:
    for item in _list(value):
        _str_dict(item)
    return value  # type: ignore[no-any-return]


def _translations(value: Any) -> dict[str, dict[str, Any]]:
    """Texts by language: each a text, or a list of mappings of texts."""
    for lang, texts in _dict(value).items():
        _str(lang)
        for item in _dict(texts).values():
            if not isinstance(item, str):
                _str_dicts(item)
    return value  # type: ignore[no-any-return]


def _texts(value: Any) -> bool:
    """Whether a value is a list of texts only."""
    return type(value) is list and {str}.issuperset(map(type, value))


def _term_lists(value: Any) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for lang, terms in _dict(value).items():
        if not _texts(terms):
            raise CacheError(f"a term of `{lang}` is not text")
        out[lang] = tuple(terms)
    return out


def _severity(value: Any) -> Severity:
    return Severity(_int(value))  # ValueError for a number that is no severity


def _optional_severity(value: Any) -> Severity | None:
    return None if value is None else _severity(value)


def _location(value: Any) -> Location:
    if type(value) is not list or len(value) != 2:
        raise _fail("a line and a column", value)
    return Location(_int(value[0]), _int(value[1]))


def _refinements(value: Any) -> list[Refinement]:
    return [_build(REFINEMENT, Refinement, v) for v in _list(value)]


def _termset(value: Any) -> TermSet:
    """The compiled term set from its stored state; TermSet.__setstate__ checks the state's
    shape (ValueError otherwise)."""
    terms = TermSet.__new__(TermSet)
    terms.__setstate__(_dict(value))
    return terms


Field = tuple[str, Callable[[Any], Any], Callable[[Any], Any]]  # name, to JSON, from JSON
Spec = tuple[Field, ...]

PACK: Spec = (
    ("name", _plain, _str),
    ("title", _plain, _str),
    ("description", _plain, _str),
    ("jurisdiction", _plain, _str),
    ("default", _plain, _bool),
    ("file", _plain, _str),
    ("translations", _plain, _translations),
)
PARAM: Spec = (
    ("name", _plain, _str),
    ("value", _plain, _float),
    ("source", _plain, _str),
    ("unit", _plain, _optional_str),
    ("date", _plain, _optional_str),
    ("verified", _plain, _bool),
    ("pack", _plain, _str),
)
TOPIC: Spec = (
    ("name", _plain, _str),
    ("title", _plain, _str),
    ("family", _plain, _str),
    ("signals", _terms_out, _term_lists),
    ("pack", _plain, _str),
    ("natures", list, _strs),
)
REFINEMENT: Spec = (
    ("rule", _plain, _str),
    ("when", _plain, _dict),
    ("severity", _optional_severity_out, _optional_severity),
    ("options", _plain, _dict),
    ("message", _plain, _optional_str),
    ("legal_basis", _plain, _str_dicts),
    ("examples", _plain, _dicts),
    ("pack", _plain, _str),
    ("file", _plain, _str),
    ("location", _location_out, _location),
    ("index", _plain, _int),
    ("translations", _plain, _translations),
)
RULE: Spec = (
    ("id", _plain, _str),
    ("title", _plain, _str),
    ("family", _plain, _str),
    ("severity", _severity_out, _severity),
    ("check", _plain, _str),
    ("options", _plain, _dict),
    ("message", _plain, _str),
    ("rationale", _plain, _str),
    ("legal_basis", _plain, _str_dicts),
    ("model_clause", _plain, _str_dict),
    ("examples", _plain, _dicts),
    ("applies", _plain, _dict),
    ("notes", _plain, _str),
    ("pack", _plain, _str),
    ("file", _plain, _str),
    ("location", _location_out, _location),
    ("refinements", _refinements_out, _refinements),
    ("translations", _plain, _translations),
)
