"""The pack cache: hits return the same rule set, any change to packs or code misses, and no
entry (planted, damaged or odd) can run code or break a run: it is ignored and rebuilt."""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pplint.analysis.classify import Classifier, Compiled, compile_terms, compiled
from pplint.analysis.fold import fold
from pplint.cli import cache as packcache
from pplint.cli.main import main
from pplint.core.rules import Pack, Param, Refinement, Rule, RuleSet, Topic
from pplint.engine.checker import Engine
from pplint.packs import codec, rulepack

from conftest import DATA, REPO

SHIPPED = [rulepack.shipped_dir()]
SMALL = [REPO / "rules" / "00-lexicons", DATA / "test-pack.yaml"]
EXAMPLES = sorted((REPO / "examples").glob("*/*.tender.yaml"))


def entry(cache: Path, paths: list[Path], enabled: list[str] | None = None) -> Path:
    return cache / f"packs-{packcache.cache_key(paths, enabled or [])}.json"


def only_file(cache: Path) -> Path:
    """The one entry a first load wrote, whatever its name."""
    (found,) = cache.iterdir()
    return found


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the loads from the pack files (a cache hit does none)."""
    calls: list[int] = []
    real = rulepack.load

    def counting(*args: Any, **kwargs: Any) -> RuleSet:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(rulepack, "load", counting)
    return calls


def test_cache_hit_and_invalidation(tmp_path: Path, builds: list[int]) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_bytes((DATA / "test-pack.yaml").read_bytes())
    paths = [REPO / "rules" / "00-lexicons", pack]
    first = packcache.load(paths, [], tmp_path / "cache")
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [
        entry(tmp_path / "cache", paths).name
    ]
    second = packcache.load(paths, [], tmp_path / "cache")
    assert len(builds) == 1  # the second load was a hit
    assert set(second.ruleset.rules) == set(first.ruleset.rules)
    # the term set travels too
    assert second.terms.packed_state() == first.terms.packed_state()
    key = packcache.cache_key(paths, [])
    time.sleep(0.01)
    pack.write_text(
        pack.read_text(encoding="utf-8").replace("Engine test pack", "Changed"), encoding="utf-8"
    )
    os.utime(pack)
    assert packcache.cache_key(paths, []) != key
    assert packcache.cache_key(paths, ["optional"]) != packcache.cache_key(paths, [])


def test_key_changes_with_pplint_code_and_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "pplint"
    (code / "checks").mkdir(parents=True)
    module = code / "checks" / "fields.py"
    module.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(packcache, "__file__", str(code / "cli" / "cache.py"))
    key = packcache.cache_key(SMALL, [])
    module.write_text("x = 22\n", encoding="utf-8")
    assert packcache.cache_key(SMALL, []) != key
    key = packcache.cache_key(SMALL, [])
    monkeypatch.setattr(packcache, "__version__", "0.0.0-other")
    assert packcache.cache_key(SMALL, []) != key


class Planted:
    """A pickle that, when loaded, creates a marker file (as a hostile payload would run)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_planted_pickle_is_never_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache, marker = tmp_path / "cache", tmp_path / "ran"
    monkeypatch.setenv("PPLINT_CACHE_DIR", str(cache))
    monkeypatch.delenv("PPLINT_NO_CACHE", raising=False)
    args = [
        "check",
        str(REPO / "examples" / "bad" / "furniture.tender.yaml"),
        "--no-config",
        "--format",
        "text",
    ]
    clean = CliRunner().invoke(main, args)
    assert clean.exit_code == 1 and "SOC-SME-003" in clean.output
    planted = pickle.dumps(Planted(marker))
    names = {p.name.split(".")[0] for p in cache.iterdir()}  # packs-<key>, as this run wrote
    assert names
    for name in names:  # every name a former pplint loaded, and the current one
        for suffix in (".pickle", ".json"):
            (cache / f"{name}{suffix}").write_bytes(planted)
    for _ in range(2):
        again = CliRunner().invoke(main, args)
        assert not marker.exists()
        assert (again.exit_code, again.output) == (clean.exit_code, clean.output)
    assert not list(cache.glob("*.pickle"))  # removed, unread
    (rebuilt,) = cache.glob("packs-*.json")
    assert codec.decode(rebuilt.read_bytes(), rebuilt.name[len("packs-") : -len(".json")])


def _flip(raw: bytes) -> bytes:
    middle = len(raw) // 2
    return raw[:middle] + bytes([raw[middle] ^ 0x10]) + raw[middle + 1 :]


def _resealed(change: Callable[[dict[str, Any]], Any]) -> Callable[[bytes], bytes]:
    """Damage that keeps the checksum right: only the checks of the content can catch it."""

    def damage(raw: bytes) -> bytes:
        data = codec.data_of(raw.partition(b"\n")[2])
        data = change(data) or data
        return codec.seal(codec.body_of(data))

    return damage


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return change


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "garbage": lambda raw: b"garbage",
    "empty": lambda raw: b"",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "bit flip": _flip,
    "other format": lambda raw: raw.replace(
        f"cache {codec.FORMAT} ".encode(), f"cache {codec.FORMAT + 1} ".encode(), 1
    ),
    "bad json, right checksum": lambda raw: codec.seal(b'{"format": 1, "key": '),
    "not ascii": lambda raw: codec.seal(
        raw.partition(b"\n")[2].replace(b"}\n", "é}\n".encode(), 1)
    ),
    "trie line missing": lambda raw: codec.seal(raw.partition(b"\n")[2].rpartition(b"\n")[0]),
    "trie number out of range": _resealed(_set(("compiled", "_trie"), 99)),
    "trie numbers swapped": _resealed(_set(("compiled", "_trie"), 1)),
    "a line no trie names": lambda raw: codec.seal(raw.partition(b"\n")[2] + b"\n{}"),
    "trie number negative": _resealed(_set(("compiled", "_keyed", "es"), -1)),
    "deep nesting": lambda raw: codec.seal(b"[" * 100_000 + b"]" * 100_000),
    "other key": _resealed(_set(("key",), "0" * 32)),
    "missing part": _resealed(lambda data: data.pop("rules") and None),
    "extra part": _resealed(_set(("code",), "print('hi')")),
    "rules not a list": _resealed(_set(("rules",), {})),
    "rule too short": _resealed(lambda data: data["rules"][0].pop() and None),
    "title not text": _resealed(_set(("rules", 0, 1), 7)),
    "no such severity": _resealed(_set(("rules", 0, 3), 9)),
    "severity a bool": _resealed(_set(("rules", 0, 3), True)),
    "unknown check kind": _resealed(_set(("rules", 0, 4), "no-such-check")),
    "options not a mapping": _resealed(_set(("rules", 0, 5), [])),
    "location not numbers": _resealed(_set(("rules", 0, 15), ["1", 1])),
    "param value text": _resealed(_set(("params", 0, 1), "60")),
    "a term not text": _resealed(_set(("lexicons", "t-brands", "en"), [None])),
    "term set not a mapping": _resealed(_set(("compiled",), [])),
    "term set part missing": _resealed(lambda data: data["compiled"].pop("_lazy") and None),
    # a trie stored as a mapping (not packed as JSON text) is checked when the entry loads
    "trie node not a mapping": _resealed(_set(("compiled", "_trie"), {"collective": ["x"]})),
    "trie labels not a list": _resealed(
        _set(("compiled", "_trie"), {"collective": {"agreement": {"": "t:t-wages"}}})
    ),
    "trie label not text": _resealed(
        _set(("compiled", "_trie"), {"collective": {"agreement": {"": [1]}}})
    ),
    "trie neither text nor mapping": _resealed(_set(("compiled", "_keyed", "ca"), 7)),
    "regex entry short": _resealed(_set(("compiled", "_regexes"), [["t:x", "a"]])),
    "regex literals not text": _resealed(_set(("compiled", "_regexes"), [["t:x", "a", [1]]])),
    "lazy terms not a mapping": _resealed(_set(("compiled", "_lazy"), [["a", []]])),
    "param value not finite": _resealed(_set(("params", 0, 1), float("nan"))),
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_damaged_entry_is_rebuilt_then_used(tmp_path: Path, kind: str, builds: list[int]) -> None:
    cache = tmp_path / "cache"
    good = packcache.load(SMALL, [], cache)
    target = only_file(cache)
    target.write_bytes(DAMAGE[kind](target.read_bytes()))
    with pytest.raises(codec.CacheError):
        codec.decode(target.read_bytes(), packcache.cache_key(SMALL, []))
    rebuilt = packcache.load(SMALL, [], cache)
    assert len(builds) == 2  # ignored and rebuilt
    assert _plain(rebuilt) == _plain(good)
    codec.decode(target.read_bytes(), packcache.cache_key(SMALL, []))  # rewritten, valid
    assert _plain(packcache.load(SMALL, [], cache)) == _plain(good)
    assert len(builds) == 2  # and used


# damage to a packed trie, found only when a text of its language first needs it
PACKED_DAMAGE: dict[str, tuple[str, str, Any]] = {
    "not json": ("_others", "es", '{"collective":'),
    "node not a mapping": ("_keyed", "es", '{"convenio": ["x"]}'),
    "label not listed": ("_single", "es", '{"convenio": {"": ["t:not-listed"]}}'),
    "too deep": ("_others", "es", "[" * 100_000 + "]" * 100_000),
    "full trie damaged": ("_trie", "", '{"a": 1}'),
}


@pytest.mark.parametrize("kind", PACKED_DAMAGE)
def test_a_damaged_packed_trie_is_replaced_when_first_needed(tmp_path: Path, kind: str) -> None:
    cache = tmp_path / "cache"
    good = packcache.load(SHIPPED, [], cache)
    target = only_file(cache)
    part, lang, text = PACKED_DAMAGE[kind]
    target.write_bytes(
        _resealed(_set(("compiled", part, lang) if lang else ("compiled", part), text))(
            target.read_bytes()
        )
    )
    planted = packcache.load(SHIPPED, [], cache)  # loads: the trie is read on first use
    assert planted.terms.packed_state() != good.terms.packed_state()
    if not lang:  # the full trie serves texts of no known language
        text = fold("La empresa aplicará el convenio colectivo y pagará a los subcontratistas")
        assert planted.terms.find(text) == good.terms.find(text) != []
        return
    for example in EXAMPLES:
        raw = example.read_bytes()
        want = Engine(good.ruleset, terms=good.terms).check_bytes(raw, example.name)
        got = Engine(planted.ruleset, terms=planted.terms).check_bytes(raw, example.name)
        assert got.findings == want.findings, example.name


def test_a_damaged_packed_trie_with_no_way_to_rebuild_raises() -> None:
    from pplint.analysis.terms import TermSet
    from pplint.analysis.tries import DamagedTrie

    state = compile_terms(rulepack.load(SMALL)).packed_state()
    state["_others"]["es"] = "{"
    terms = TermSet.__new__(TermSet)
    terms.__setstate__(state)  # packed tries are not read yet
    with pytest.raises(DamagedTrie):
        terms.find("el convenio colectivo", "es")


def test_oversized_entry_is_not_read(tmp_path: Path, builds: list[int]) -> None:
    cache = tmp_path / "cache"
    packcache.load(SMALL, [], cache)
    target = only_file(cache)
    with target.open("r+b") as handle:  # sparse: no disk used, but too large to be read
        handle.truncate(packcache.MAX_CACHE_BYTES + 1)
    assert packcache.load(SMALL, [], cache).ruleset.rules
    assert len(builds) == 2
    assert target.stat().st_size < packcache.MAX_CACHE_BYTES
    packcache.load(SMALL, [], cache)
    assert len(builds) == 2


def test_symlinked_entry_is_not_followed(tmp_path: Path, builds: list[int]) -> None:
    cache = tmp_path / "cache"
    packcache.load(SMALL, [], cache)
    target = only_file(cache)
    elsewhere = tmp_path / "elsewhere.json"
    # a valid entry, except that it would retitle a rule: it must not be seen through a link
    elsewhere.write_bytes(_resealed(_set(("rules", 0, 1), "Planted"))(target.read_bytes()))
    codec.decode(elsewhere.read_bytes(), packcache.cache_key(SMALL, []))
    target.unlink()
    target.symlink_to(elsewhere)
    loaded = packcache.load(SMALL, [], cache).ruleset
    assert "Planted" not in {r.title for r in loaded.rules.values()}
    assert len(builds) == 2
    assert stat.S_ISREG(os.lstat(target).st_mode)  # the link itself was replaced
    assert b"Planted" in elsewhere.read_bytes()  # and its target left alone
    packcache.load(SMALL, [], cache)
    assert len(builds) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_or_folder_at_the_entry_does_not_block(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    os.mkfifo(entry(cache, SMALL))
    assert packcache.load(SMALL, [], cache).ruleset.rules  # no read blocks on the FIFO
    assert stat.S_ISREG(os.lstat(entry(cache, SMALL)).st_mode)
    entry(cache, SMALL).unlink()
    entry(cache, SMALL).mkdir()
    assert packcache.load(SMALL, [], cache).ruleset.rules  # cannot be replaced: loads without cache


def test_two_installs_sharing_a_folder_keep_their_entries(
    tmp_path: Path, builds: list[int]
) -> None:
    cache = tmp_path / "cache"
    for _ in range(3):
        packcache.load(SMALL, [], cache)
        packcache.load(SMALL, ["optional"], cache)
    assert len(builds) == 2  # one build each, then hits only
    assert entry(cache, SMALL).exists() and entry(cache, SMALL, ["optional"]).exists()


def test_only_the_most_recently_used_entries_are_kept(tmp_path: Path, builds: list[int]) -> None:
    cache = tmp_path / "cache"
    keep = packcache.KEEP
    long_ago = time.time() - 10_000
    for i in range(keep):
        packcache.load(SMALL, [f"x{i}"], cache)
        os.utime(entry(cache, SMALL, [f"x{i}"]), (long_ago + i, long_ago + i))
    (cache / "packs-0123.pickle").write_bytes(b"old")
    stale = cache / "packs-dead.tmp"
    stale.write_bytes(b"left by a writer that died")
    os.utime(stale, (long_ago, long_ago))
    packcache.load(SMALL, ["x0"], cache)  # a hit: now the most recently used
    assert len(builds) == keep
    packcache.load(SMALL, ["new"], cache)
    kept = {p.name for p in cache.iterdir()}
    expected = {
        entry(cache, SMALL, [n]).name for n in ["x0", "new", *(f"x{i}" for i in range(2, keep))]
    }
    assert kept == expected  # x1, the least recently used, went; so did the pickle and the temp
    assert len(builds) == keep + 1


def test_folder_and_files_are_private(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    packcache.load(SMALL, [], cache)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry(cache, SMALL).stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("cls", "spec"),
    [
        (Pack, codec.PACK),
        (Param, codec.PARAM),
        (Topic, codec.TOPIC),
        (Refinement, codec.REFINEMENT),
        (Rule, codec.RULE),
    ],
)
def test_every_field_is_stored(cls: type, spec: codec.Spec) -> None:
    assert [name for name, _, _ in spec] == [f.name for f in dataclasses.fields(cls)]


def test_unwritable_cache_is_not_used(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    want = set(rulepack.load(SMALL).rules)
    assert set(packcache.load(SMALL, [], blocker / "cache").ruleset.rules) == want  # cannot write
    assert set(packcache.load(SMALL, [], None).ruleset.rules) == want  # no cache at all


def test_a_rule_set_json_cannot_hold_is_not_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rs = rulepack.load(SMALL)
    rule = next(iter(rs.rules.values()))
    for odd in [("a", "tuple"), {1: "a number key"}]:  # JSON would give back a list, "1"
        rule.options["odd"] = odd
        with pytest.raises(codec.CacheError):
            codec.encode(rs, compile_terms(rs), "0" * 32)
    monkeypatch.setattr(rulepack, "load", lambda *args, **kwargs: rs)
    assert packcache.load(SMALL, [], tmp_path / "cache").ruleset is rs
    assert not list((tmp_path / "cache").glob("packs-*"))  # not stored, so never misread


def _plain(packs: Compiled) -> dict[str, Any]:
    """Everything a rule set holds, the term set as its state, tuples as lists."""
    rs, state = packs.ruleset, packs.terms.packed_state()
    plain: dict[str, Any] = json.loads(
        json.dumps(
            {
                "packs": [repr(p) for p in rs.packs],
                "params": {k: repr(v) for k, v in rs.params.items()},
                "topics": {k: repr(v) for k, v in rs.topics.items()},
                "lexicons": {k: repr(v) for k, v in rs.lexicons.items()},
                "rules": {k: repr(v) for k, v in rs.rules.items()},
                "compiled": state,
            }
        )
    )
    return plain


def test_cached_rule_set_equals_the_loaded_one(tmp_path: Path, builds: list[int]) -> None:
    fresh_packs = compiled(rulepack.load(SHIPPED, ["optional"]))
    fresh = fresh_packs.ruleset
    packcache.load(SHIPPED, ["optional"], tmp_path)
    cached_packs = packcache.load(SHIPPED, ["optional"], tmp_path)
    cached = cached_packs.ruleset
    assert len(builds) == 2  # fresh, then the one that filled the cache; the last one hit
    assert cached.packs == fresh.packs
    assert cached.params == fresh.params
    assert cached.topics == fresh.topics
    assert cached.lexicons == fresh.lexicons
    assert cached.rules == fresh.rules
    assert _plain(cached_packs) == _plain(fresh_packs)
    assert EXAMPLES
    for path in EXAMPLES:
        want = [f.to_dict() for f in Engine(fresh).check_path(path).findings]
        got = [f.to_dict() for f in Engine(cached).check_path(path).findings]
        assert got == want, path


def test_a_stored_term_set_naming_unknown_topics_is_rebuilt() -> None:
    """A cache entry whose term set labels a topic the packs lack is not used as it is."""
    from pplint.analysis.terms import TermSet

    rs = rulepack.load([rulepack.shipped_dir()])
    state = Classifier(rs).terms.__getstate__()
    node = state["_trie"]
    word = next(iter(node))
    node[word].setdefault("", []).append("t:no-such-topic")
    tampered = TermSet.__new__(TermSet)
    tampered.__setstate__(state)
    assert "t:no-such-topic" in tampered.label_set
    rebuilt = Classifier(rs, tampered).terms
    assert rebuilt is not tampered
    assert "t:no-such-topic" not in rebuilt.label_set


UNUSABLE: dict[str, Callable[[bytes], bytes]] = {
    "topics not a list": _resealed(_set(("rules", 0, 5), {"topics": 5})),
    "unknown topic in options": _resealed(_set(("rules", 0, 5), {"topics": ["no-such-topic"]})),
}


@pytest.mark.parametrize("kind", UNUSABLE)
def test_entry_naming_what_it_lacks_is_rebuilt(
    tmp_path: Path, kind: str, builds: list[int]
) -> None:
    """An entry that decodes but names things no pack defines is not used (it is rebuilt)."""
    cache = tmp_path / "cache"
    good = packcache.load(SMALL, [], cache)
    target = only_file(cache)
    target.write_bytes(UNUSABLE[kind](target.read_bytes()))
    codec.decode(target.read_bytes(), packcache.cache_key(SMALL, []))  # it decodes
    rebuilt = packcache.load(SMALL, [], cache)
    assert len(builds) == 2
    assert _plain(rebuilt) == _plain(good)
