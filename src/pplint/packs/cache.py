"""A cache of loaded rule packs, keyed by pplint's version and the packs' files, for cold starts.

Entries are checked JSON, never pickles: loading one cannot run code, and an entry that is in
any way unexpected (damaged, truncated, too large, a symlink, the wrong shape) is ignored, then
rebuilt from the packs and rewritten. Several entries are kept, so that installs sharing one
cache folder do not evict each other.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import re
import stat
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pplint import __version__
from pplint.analysis.terms import TermSet
from pplint.core.files import ReadError, read_limited
from pplint.core.model import Location, Severity
from pplint.core.rules import Pack, Param, Refinement, Rule, RuleSet, Topic
from pplint.packs import rulepack

FORMAT = 2
MAGIC = b"pplint-pack-cache"
MAX_CACHE_BYTES = 64 * 1024 * 1024
KEEP = 8  # entries kept, most recently used first
TOUCH_AFTER_SECONDS = 60  # an entry used again is marked as used, at most once a minute
STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a writer that died
_PARTS = frozenset({"format", "key", "packs", "params", "lexicons", "topics", "rules", "compiled"})
_ENTRY = re.compile(r"packs-[0-9a-f]{32}\.json")

T = TypeVar("T")


class CacheError(Exception):
    """A cache entry that cannot be written or must not be used."""


def cache_key(paths: Iterable[Path], enabled: Iterable[str]) -> str:
    """Changes whenever a pack file, the set of packs, the options or pplint itself change
    (its version, and any of its modules: an entry written by other code is never loaded)."""
    digest = hashlib.sha256(__version__.encode())
    code = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the pplint package
    for path in _code_files(code):
        info = os.stat(path)
        digest.update(
            f"{os.path.relpath(path, code)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode()
        )
    for pack in rulepack.pack_files(paths):
        info = pack.stat()
        digest.update(
            f"{os.path.abspath(pack)}\0{info.st_dev}\0{info.st_ino}\0"
            f"{info.st_size}\0{info.st_mtime_ns}\n".encode()
        )
    digest.update("\0".join(sorted(enabled)).encode())
    return digest.hexdigest()[:32]


def _code_files(code: str) -> list[str]:
    """pplint's modules and schemas: every ``*.py`` file and JSON Schema under its package
    folder (a rule-option check depends on the schemas), sorted."""
    found: list[str] = []
    for folder, dirs, files in os.walk(code):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found.extend(
            os.path.join(folder, name) for name in files if name.endswith((".py", ".schema.json"))
        )
    return sorted(found)


def load(paths: list[Path], enabled: list[str], cache_dir: Path | None) -> RuleSet:
    """Load packs through the cache in ``cache_dir`` (no cache when None)."""
    if cache_dir is None:
        return rulepack.load(paths, enabled)
    key = cache_key(paths, enabled)
    target = cache_dir / f"packs-{key}.json"
    cached = _read(target, key)
    if cached is not None:
        return cached
    rs = rulepack.load(paths, enabled)
    from pplint.analysis.classify import Classifier

    Classifier(rs)  # compiles the term set into rs, so that the cache keeps it
    _store(rs, key, cache_dir, target)
    return rs


def _read(target: Path, key: str) -> RuleSet | None:
    """The rule set of a valid entry, marked as used; None when it is missing or unusable."""
    try:
        info = os.lstat(target)
        if not stat.S_ISREG(info.st_mode):
            return None  # a symlink (never followed), a folder, a FIFO...
        rs = decode(read_limited(target, MAX_CACHE_BYTES, follow_symlinks=False), key)
    except (OSError, ReadError, CacheError):
        return None
    if not _usable(rs):
        return None
    if time.time() - info.st_mtime > TOUCH_AFTER_SECONDS:
        try:  # pruning keeps the most recently used entries
            os.utime(target, follow_symlinks=False)
        except (OSError, NotImplementedError):
            pass
    return rs


def _usable(rs: RuleSet) -> bool:
    """Whether a decoded entry names only check kinds, topics, lexicons and params that it
    defines, in every rule, refinement and condition, and the classifier can be built from it.

    Templates and regex terms are checked again where they are used. Options and conditions
    are not validated against the pack schema again (that would cost what the cache saves): a
    planted entry whose option or condition values have the wrong types makes a check fail on
    each file, which is reported as an internal error (exit 3), never as findings."""
    from pplint.analysis.classify import Classifier
    from pplint.analysis.conditions import check_condition_refs
    from pplint.checks import REGISTRY, option_references

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
        Classifier(rs)
    except Exception:  # whatever a planted entry makes these checks trip on: rebuild it
        return False
    return True


def _store(rs: RuleSet, key: str, cache_dir: Path, target: Path) -> None:
    """Write atomically, then prune; a cache that cannot be written is simply not used."""
    try:
        data = encode(rs, key)
    except CacheError:
        return
    if len(data) > MAX_CACHE_BYTES:
        return
    try:
        cache_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix="packs-", suffix=".tmp")  # mode 0o600
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except OSError:
            os.unlink(tmp)
            raise
        _prune(cache_dir, target)
    except OSError:
        pass


def _prune(cache_dir: Path, keep: Path) -> None:
    """Keep the KEEP most recently used entries; remove pickles of older versions unread."""
    entries: list[tuple[int, str, Path]] = []
    now = time.time_ns()
    for path in cache_dir.iterdir():
        name = path.name
        if not name.startswith("packs-") or path == keep:
            continue
        mtime = _mtime(path)
        if mtime is None:
            continue
        if name.endswith(".pickle"):
            path.unlink(missing_ok=True)
        elif name.endswith(".tmp"):
            if now - mtime > STALE_TEMP_SECONDS * 1_000_000_000:
                path.unlink(missing_ok=True)
        elif _ENTRY.fullmatch(name):
            entries.append((mtime, name, path))
    entries.sort(reverse=True)
    for _, _, path in entries[KEEP - 1 :]:
        path.unlink(missing_ok=True)


def _mtime(path: Path) -> int | None:
    """The modification time of the file or link itself; None when it is gone or not a file."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_mtime_ns if stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode) else None


# --- encoding: dataclasses to JSON, refusing anything that would not come back equal ---------


def encode(rs: RuleSet, key: str) -> bytes:
    """The bytes of a cache entry for ``key``; CacheError when JSON cannot hold the rule set."""
    body = {
        "format": FORMAT,
        "key": key,
        "packs": [_record(PACK, p) for p in rs.packs],
        "params": [_record(PARAM, p) for p in rs.params.values()],
        "lexicons": {name: _terms_out(lex) for name, lex in rs.lexicons.items()},
        "topics": [_record(TOPIC, t) for t in rs.topics.values()],
        "rules": [_record(RULE, r) for r in rs.rules.values()],
        "compiled": _termset_out(rs.compiled),
    }
    try:
        return seal(json.dumps(body, separators=(",", ":")).encode("ascii"))
    except (TypeError, ValueError, RecursionError) as exc:
        raise CacheError(f"the rule set cannot be stored as JSON: {exc}") from None


def seal(body: bytes) -> bytes:
    """A header line naming the format and the body's CRC-32, then the body. The checksum
    catches damage (a bit flip, a truncated write), not tampering: nothing kept beside the
    entry could, since whoever can write the entry can write that too; the checks of the
    content are what make a planted entry harmless."""
    return b"%s %d %08x\n%s" % (MAGIC, FORMAT, zlib.crc32(body), body)


def _termset_out(terms: Any) -> dict[str, Any] | None:
    """A term set's state, as TermSet gives it (plain data: mappings, lists, text)."""
    return terms.__getstate__() if isinstance(terms, TermSet) else None


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


def decode(raw: bytes, key: str) -> RuleSet:
    """The rule set of a cache entry for ``key``; CacheError when anything is unexpected."""
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


def _parse(body: bytes, key: str) -> RuleSet:
    """The rule set of a checksummed entry's body, checked all through."""
    try:
        data = json.loads(body.decode("ascii"))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise CacheError(f"not valid JSON: {exc}") from None
    if type(data) is not dict or data.get("format") != FORMAT or data.get("key") != key:
        raise CacheError("an entry for other packs or another format")
    if set(data) != _PARTS:
        raise CacheError("the entry has other parts than expected")
    try:
        return _ruleset(data)
    except (TypeError, ValueError) as exc:  # from the dataclasses, Severity and TermSet
        raise CacheError(f"unexpected content: {exc}") from None


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
        compiled=_termset(data["compiled"]),
    )
    _check_references(rs)
    return rs


def _check_references(rs: RuleSet) -> None:
    """What the engine looks up without checking: the check kinds and refinement targets."""
    from pplint.checks import REGISTRY
    from pplint.packs.plugins import load_checks

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


def _str_dict(value: Any) -> dict[str, str]:
    for item in _dict(value).values():
        _str(item)
    return value  # type: ignore[no-any-return]


def _str_dicts(value: Any) -> list[dict[str, str]]:
    for item in _list(value):
        _str_dict(item)
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


def _termset(value: Any) -> TermSet | None:
    """The classifier's term set from its stored state; TermSet.__setstate__ checks the
    state's shape (ValueError otherwise)."""
    if value is None:
        return None
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
)
