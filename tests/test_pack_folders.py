"""Pack folders: they load as their single-file form does, and every file that does not belong,
every link and every bound is one `file:line:col` error (never a traceback)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pplint.checks import REGISTRY, register
from pplint.cli.main import main
from pplint.core.errors import PackError
from pplint.core.rules import RuleSet
from pplint.load.source import load_bytes
from pplint.packs import folder, listing, rulepack

from conftest import DATA, REPO

LEXICONS = REPO / "rules" / "00-lexicons"
FOLDER = DATA / "folder-pack"


def _data(path: Path) -> Any:
    return load_bytes(path.read_bytes(), str(path)).data  # read as pplint reads: YAML 1.2


def as_single_file(pack: Path) -> dict[str, Any]:
    """The single-file form of a pack folder, assembled from its files."""
    data: dict[str, Any] = _data(pack / "pack.yaml")
    lexicons = {p.stem: _data(p) for p in sorted((pack / "lexicons").glob("*.yaml"))}
    topics = {p.stem: _data(p) for p in sorted((pack / "topics").glob("*.yaml"))}
    rules = []
    for path in sorted(pack.glob("*.yaml")):
        if path.name == "pack.yaml" or path.name.endswith(".examples.yaml"):
            continue
        part = _data(path)
        examples = path.with_name(f"{path.stem}.examples.yaml")
        rule = part["rule"]
        if examples.exists():
            rule = {**rule, "examples": _data(examples)["examples"]}
        rules.append(rule)
        lexicons.update(part.get("lexicons") or {})
        topics.update(part.get("topics") or {})
    refine = [r for p in sorted((pack / "refine").glob("*.yaml")) for r in _data(p)["refine"]]
    extra = {"lexicons": lexicons, "topics": topics, "rules": rules, "refine": refine}
    return {**data, **{k: v for k, v in extra.items() if v}}


def write_single(pack: Path, target: Path) -> Path:
    target.write_text(json.dumps(as_single_file(pack), ensure_ascii=False), encoding="utf-8")
    return target  # JSON is YAML 1.2: pplint reads it as the same pack


def assert_same(a: RuleSet, b: RuleSet) -> None:
    """Equal rule sets, ignoring where each thing is written."""
    where = {"file", "location", "index", "refinements"}
    assert [(p.name, p.title, p.description, p.default) for p in a.packs] == [
        (p.name, p.title, p.description, p.default) for p in b.packs
    ]
    assert a.params == b.params and a.lexicons == b.lexicons and a.topics == b.topics
    assert set(a.rules) == set(b.rules)
    for rid, rule in a.rules.items():
        other = b.rules[rid]
        for f in fields(rule):
            if f.name not in where:
                assert getattr(rule, f.name) == getattr(other, f.name), (rid, f.name)
        assert len(rule.refinements) == len(other.refinements), rid
        for x, y in zip(rule.refinements, other.refinements, strict=True):
            for f in fields(x):
                if f.name not in where:
                    assert getattr(x, f.name) == getattr(y, f.name), (rid, f.name)


def copy_pack(tmp_path: Path) -> Path:
    target = tmp_path / "folder-pack"
    shutil.copytree(FOLDER, target)
    return target


def error(paths: list[Path]) -> PackError:
    with pytest.raises(PackError) as info:
        rulepack.load([LEXICONS, *paths])
    return info.value


def where(err: PackError) -> tuple[str | None, int, int]:
    return err.file, err.line, err.column


def line_of(path: Path, text: str) -> int:
    """The line (from 1) of the first line of ``path`` containing ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


# --- loading ---------------------------------------------------------------------------------


def test_a_pack_folder_loads_as_its_single_file_form(tmp_path: Path) -> None:
    rs = rulepack.load([LEXICONS, FOLDER])
    single = rulepack.load([LEXICONS, write_single(FOLDER, tmp_path / "single.yaml")])
    assert_same(rs, single)
    assert set(rs.rules) == {"SOC-FT-001", "SOC-FT-002"}
    assert [len(rs.rules[r].examples) for r in ("SOC-FT-001", "SOC-FT-002")] == [3, 2]
    assert rs.lexicons["ft-proof"]["en"] == ("proof of payment",)
    assert rs.topics["ft-payment"].pack == "folder-test"
    assert rs.packs[-1].file == str(FOLDER)


def test_every_shipped_pack_loads_as_its_single_file_form(tmp_path: Path) -> None:
    singles = []
    for pack in rulepack.pack_files([rulepack.shipped_dir()]):
        assert folder.is_pack_folder(pack), pack
        singles.append(write_single(pack, tmp_path / f"{pack.name}.yaml"))
    assert_same(
        rulepack.load([rulepack.shipped_dir()], include_optional=True),
        rulepack.load(singles, include_optional=True),
    )


def _lines_outside_translations(text: str) -> int:
    """Lines of a pack file, not counting its `translations:` blocks (the es and ca texts)."""
    count, inside = 0, None
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        if inside is not None and (not line.strip() or indent > inside):
            continue
        inside = indent if line.strip().startswith("translations:") else None
        count += inside is None
    return count


def test_no_shipped_pack_file_is_long() -> None:
    files = [p for p in (REPO / "rules").rglob("*") if p.is_file()]
    assert len(files) > 100
    lengths = {p: _lines_outside_translations(p.read_text(encoding="utf-8")) for p in files}
    assert max(lengths.values()) <= 300, max(lengths, key=lambda p: lengths[p])
    assert all(p.suffix == ".yaml" for p in files)


def test_things_point_at_the_file_and_line_where_they_are_written() -> None:
    rs = rulepack.load([LEXICONS, FOLDER])
    rule = rs.rules["SOC-FT-001"]
    assert rule.file == str(FOLDER / "SOC-FT-001.yaml")
    assert (rule.location.line, rule.location.column) == (2, 1)  # `rule:`
    assert rs.rules["SOC-FT-002"].file == str(FOLDER / "SOC-FT-002.yaml")
    (ref,) = rule.refinements
    assert ref.file == str(FOLDER / "refine" / "SOC-FT-001.yaml")
    assert (ref.location.line, ref.location.column) == (3, 5)
    assert ref.index == 0 and ref.pack == "folder-test"
    shipped = rulepack.load([rulepack.shipped_dir()])
    lab = shipped.rules["SOC-LAB-001"]
    assert Path(lab.file).relative_to(REPO).as_posix() == "rules/10-eu-social/SOC-LAB-001.yaml"
    (es,) = [r for r in shipped.rules["INN-AWD-002"].refinements if r.pack == "es-lcsp"]
    assert Path(es.file).relative_to(REPO).as_posix() == "rules/50-es-lcsp/refine/INN-AWD-002.yaml"


def test_pack_files_and_sources(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    shutil.copytree(FOLDER, packs / "20-folder")
    write_single(FOLDER, packs / "10-single.yml").write_text(
        (packs / "10-single.yml").read_text("utf-8").replace("folder-test", "single-test"), "utf-8"
    )
    (packs / "30-not-a-pack").mkdir()  # a folder without pack.yaml is not a pack
    (packs / "notes.txt").write_text("not a pack", encoding="utf-8")
    assert rulepack.pack_files([packs]) == [packs / "10-single.yml", packs / "20-folder"]
    assert rulepack.pack_files([packs / "20-folder"]) == [packs / "20-folder"]
    # a file is a single-file pack whatever its name, pack.yaml included
    assert rulepack.pack_files([packs / "20-folder" / "pack.yaml"]) == [
        packs / "20-folder" / "pack.yaml"
    ]
    sources = rulepack.pack_sources([packs])
    assert packs / "10-single.yml" in sources
    assert {p.relative_to(packs / "20-folder").as_posix() for p in sources[1:]} == {
        "pack.yaml",
        "lexicons/ft-shared-terms.yaml",
        "topics/ft-payment.yaml",
        "SOC-FT-001.yaml",
        "SOC-FT-001.examples.yaml",
        "SOC-FT-002.yaml",
        "refine/SOC-FT-001.yaml",
    }


def test_an_opt_in_pack_folder_is_enabled_by_its_name_or_path(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path)
    text = (pack / "pack.yaml").read_text(encoding="utf-8")
    (pack / "pack.yaml").write_text(text + "default: false\n", encoding="utf-8")
    assert "SOC-FT-001" not in rulepack.load([LEXICONS, pack]).rules
    assert "SOC-FT-001" in rulepack.load([LEXICONS, pack], ["folder-test"]).rules
    assert "SOC-FT-001" in rulepack.load([LEXICONS, pack], [str(pack)]).rules


def test_pplint_test_runs_the_examples_of_a_pack_folder() -> None:
    result = CliRunner().invoke(main, ["test", str(FOLDER)])
    assert result.output.splitlines()[-1] == "6 passed, 0 failed", result.output
    shipped = CliRunner().invoke(main, ["test", str(REPO / "rules" / "14-eu-award")])
    assert shipped.exit_code == 0 and " 0 failed" in shipped.output, shipped.output


# --- files that do not belong ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("notes.yaml", "unknown file `notes.yaml` in a pack folder"),
        ("soc-ft-003.yaml", "unknown file `soc-ft-003.yaml`"),  # rule ids are capitals
        ("SOC-FT-003.yml", "unknown file `SOC-FT-003.yml`"),
        ("lexicons/Bad_Name.yaml", "unknown file `Bad_Name.yaml` in lexicons/"),
        ("topics/notes.txt", "unknown file `notes.txt` in topics/"),
        ("refine/not-a-rule.yaml", "unknown file `not-a-rule.yaml` in refine/"),
    ],
)
def test_a_file_of_an_unknown_name_is_refused(tmp_path: Path, name: str, words: str) -> None:
    pack = copy_pack(tmp_path)
    (pack / name).write_text("x: 1\n", encoding="utf-8")
    err = error([pack])
    assert where(err) == (str(pack / name), 1, 1) and words in err.message, str(err)


def test_hidden_and_markdown_files_are_ignored(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path)
    (pack / ".DS_Store").write_bytes(b"\x00\x01")
    (pack / ".git").mkdir()
    (pack / "lexicons" / ".notes.yaml").write_text("x: [", encoding="utf-8")
    (pack / "lexicons" / "README.md").write_text("# notes\n", encoding="utf-8")
    assert "SOC-FT-001" in rulepack.load([LEXICONS, pack]).rules


def test_unknown_and_nested_folders_are_refused(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path)
    (pack / "rules").mkdir()
    err = error([pack])
    assert err.file == str(pack / "rules") and "unknown folder `rules`" in err.message
    (pack / "rules").rmdir()
    (pack / "lexicons" / "deeper").mkdir()
    err = error([pack])
    assert err.file == str(pack / "lexicons" / "deeper") and "holds files only" in err.message


def test_a_rule_file_must_be_named_after_its_rule(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path)
    path = pack / "SOC-FT-002.yaml"
    path.write_text(
        path.read_text("utf-8").replace("id: SOC-FT-002", "id: SOC-FT-009"), encoding="utf-8"
    )
    err = error([pack])
    assert where(err) == (str(path), 2, 7), str(err)
    assert "rule `SOC-FT-009` is in SOC-FT-002.yaml" in err.message


def test_examples_without_their_rule_twice_or_none(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path)
    orphan = pack / "SOC-FT-404.examples.yaml"
    orphan.write_text("examples: [{expect: pass}, {expect: fail}]\n", encoding="utf-8")
    err = error([pack])
    assert where(err) == (str(orphan), 1, 1) and "no SOC-FT-404.yaml beside it" in err.message
    orphan.rename(pack / "SOC-FT-002.examples.yaml")  # SOC-FT-002 has them inline too
    err = error([pack])
    assert where(err) == (str(pack / "SOC-FT-002.examples.yaml"), 1, 1), str(err)
    assert "written twice" in err.message
    (pack / "SOC-FT-002.examples.yaml").unlink()
    (pack / "SOC-FT-001.examples.yaml").unlink()
    err = error([pack])
    assert where(err) == (str(pack / "SOC-FT-001.yaml"), 2, 1), str(err)
    assert "rule SOC-FT-001 has no examples: write them in SOC-FT-001.examples.yaml" in err.message


def test_a_refinement_file_holds_refinements_of_its_rule_only(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path)
    path = pack / "refine" / "SOC-FT-001.yaml"
    path.write_text(
        path.read_text("utf-8").replace("rule: SOC-FT-001", "rule: SOC-FT-002"), "utf-8"
    )
    err = error([pack])
    assert where(err) == (str(path), 3, 11) and "holds only refinements of" in err.message
    path.rename(pack / "refine" / "SOC-FT-404.yaml")
    path = pack / "refine" / "SOC-FT-404.yaml"
    path.write_text(
        path.read_text("utf-8").replace("rule: SOC-FT-002", "rule: SOC-FT-404"), "utf-8"
    )
    err = error([pack])
    assert where(err) == (str(path), 3, 11) and "unknown rule `SOC-FT-404`" in err.message


# --- problems inside a file are located in that file -------------------------------------------


def _edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


CASES = {
    "rule field": ("SOC-FT-001.yaml", "  rationale:", "  colour: red\n  rationale:", "colour"),
    "example value": ("SOC-FT-001.examples.yaml", "expect: pass", "expect: maybe", "maybe"),
    "too few examples": (
        "SOC-FT-002.yaml",
        "    - {name: nothing, expect: pass}\n",
        "",
        "examples:",
    ),
    "pack.yaml key": ("pack.yaml", "jurisdiction: EU", "rules: []", "rules:"),
    "lexicon file": ("lexicons/ft-shared-terms.yaml", "es: [termino compartido]", "es: 7", "es: 7"),
    "regex in a shared lexicon": (
        "lexicons/ft-shared-terms.yaml",
        "[terme compartit]",
        "['re:(a+)+$']",
        "re:",
    ),
    "topic file": ("topics/ft-payment.yaml", "family: social", "family: sport", "sport"),
    "rule-only lexicon": ("SOC-FT-001.yaml", "[proof of payment]", "[proof, 7]", "[proof, 7]"),
    "unknown topic": ("SOC-FT-001.yaml", "topics: [ft-payment]", "topics: [nope]", "[nope]"),
    "unknown param": ("SOC-FT-001.yaml", "$ft-max-days", "$nope", "$nope"),
    "unknown check kind": ("SOC-FT-002.yaml", "check: forbidden", "check: forbiden", "check:"),
    "model clause": ("SOC-FT-002.yaml", 'en: "x"', 'en: "{{ x.__class__ }}"', "{{"),
    "refinement options": (
        "refine/SOC-FT-001.yaml",
        "severity: error",
        "options: {hedge: 3}",
        "options:",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_problem_is_reported_at_its_file_and_line(tmp_path: Path, case: str) -> None:
    name, old, new, marker = CASES[case]
    pack = copy_pack(tmp_path)
    path = _edit(pack / name, old, new)
    err = error([pack])
    assert err.file == str(path), str(err)
    assert err.line == line_of(path, marker), str(err)
    assert err.column >= 1 and str(err).startswith(f"{path}:{err.line}:{err.column}: ")


def test_a_name_defined_twice_is_reported_where_it_is_written_again(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path)
    shutil.copy(pack / "lexicons" / "ft-shared-terms.yaml", pack / "lexicons" / "ft-proof.yaml")
    err = error([pack])  # shared files load before rule files: the rule's own one is the second
    assert where(err) == (
        str(pack / "SOC-FT-001.yaml"),
        line_of(pack / "SOC-FT-001.yaml", "ft-proof:"),
        3,
    )
    assert "lexicon `ft-proof` is already defined" in err.message
    other = copy_pack(tmp_path / "again")
    err = error([FOLDER, other])
    assert where(err) == (str(other / "pack.yaml"), 2, 7) and "loaded twice" in err.message


# --- check kinds declare the lexicons they need -------------------------------------------------


def test_weak_declares_the_lexicons_it_reads() -> None:
    assert set(REGISTRY["weak"].lexicons) == {
        "hedge",
        "referral",
        "verification",
        "enforcement",
        "target-words",
        "or-equivalent",
    }
    assert REGISTRY["missing"].lexicons == ()


def test_a_missing_needed_lexicon_fails_at_the_rules_check_key(tmp_path: Path) -> None:
    with pytest.raises(PackError) as info:
        rulepack.load([FOLDER])  # without the shipped lexicons
    err = info.value
    path = FOLDER / "SOC-FT-001.yaml"
    assert where(err) == (str(path), line_of(path, "check: weak"), 10), str(err)
    assert "check kind `weak` needs the lexicons `hedge`, `referral`" in err.message
    lexicons = tmp_path / "lexicons"
    shutil.copytree(LEXICONS, lexicons)
    (lexicons / "lexicons" / "target-words.yaml").unlink()
    err = _load_error([lexicons, FOLDER])
    assert "needs the lexicon `target-words`, which no loaded pack defines" in err.message
    err = _load_error([DATA / "test-pack.yaml"])  # a single-file pack is checked the same way
    assert err.file == str(DATA / "test-pack.yaml") and "needs the lexicons" in err.message


def _load_error(paths: list[Path]) -> PackError:
    with pytest.raises(PackError) as info:
        rulepack.load(paths)
    return info.value


@pytest.fixture
def custom_kind() -> Iterator[str]:
    @register("needs-colours", lexicons=("colours",))
    def needs_colours(ctx: Any, rule: Any, options: Any) -> Iterator[Any]:
        yield from ()

    yield "needs-colours"
    del REGISTRY["needs-colours"]


def test_a_plugin_kind_declares_its_lexicons(tmp_path: Path, custom_kind: str) -> None:
    pack = copy_pack(tmp_path)
    path = _edit(pack / "SOC-FT-002.yaml", "check: forbidden", f"check: {custom_kind}")
    _edit(path, "options: {terms: ft-shared-terms}", "options: {}")
    err = error([pack])
    assert where(err) == (str(path), 6, 10) and "needs the lexicon `colours`" in err.message
    (pack / "lexicons" / "colours.yaml").write_text("en: [red]\n", encoding="utf-8")
    assert rulepack.load([LEXICONS, pack]).rules["SOC-FT-002"].check == custom_kind
    with pytest.raises(TypeError):
        register("bad", lexicons=(3,))  # type: ignore[arg-type]


# --- untrusted folders ---------------------------------------------------------------------------


def test_links_inside_a_pack_folder_are_refused(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path)
    outside = tmp_path / "outside.yaml"
    outside.write_text("en: [x]\n", encoding="utf-8")
    (pack / "lexicons" / "linked.yaml").symlink_to(outside)
    err = error([pack])
    assert err.file == str(pack / "lexicons" / "linked.yaml") and "symbolic link" in err.message
    (pack / "lexicons" / "linked.yaml").unlink()
    shutil.move(str(pack / "topics"), str(tmp_path / "real-topics"))
    (pack / "topics").symlink_to(tmp_path / "real-topics", target_is_directory=True)
    err = error([pack])
    assert err.file == str(pack / "topics") and "links are not followed" in err.message


def test_a_linked_pack_folder_in_a_folder_of_packs_is_refused(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "20-linked").symlink_to(FOLDER, target_is_directory=True)
    with pytest.raises(PackError) as info:
        rulepack.pack_files([packs])
    assert info.value.file == str(packs / "20-linked") and "not followed" in info.value.message
    assert rulepack.pack_files([packs / "20-linked"]) == [packs / "20-linked"]  # named: it loads


def test_the_number_of_files_and_their_size_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = copy_pack(tmp_path)
    for i in range(20):
        (pack / f".hidden-{i}").write_text("x", encoding="utf-8")  # counted, though ignored
    monkeypatch.setattr(listing, "MAX_PACK_FILES", 20)
    err = error([pack])
    assert err.file == str(pack) and "more than 20 files and folders" in err.message
    monkeypatch.setattr(listing, "MAX_PACK_FILES", 10_000)
    monkeypatch.setattr(listing, "MAX_PACK_BYTES", 1000)
    with pytest.raises(PackError) as info:
        folder.scan(pack)
    assert info.value.file == str(pack) and "over 1,000 bytes in all" in info.value.message


def test_ten_thousand_files_are_refused_quickly(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path)
    for i in range(folder.MAX_PACK_FILES):
        (pack / f".{i}").touch()
    err = error([pack])
    assert err.file == str(pack) and "more than 10,000 files" in err.message


def test_odd_files_in_a_pack_folder_are_refused_without_blocking(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path)
    os.mkfifo(pack / "SOC-FT-003.yaml")
    err = error([pack])
    assert err.file == str(pack / "SOC-FT-003.yaml") and "not a regular file" in err.message
    (pack / "SOC-FT-003.yaml").unlink()
    (pack / "SOC-FT-003.yaml").write_bytes(b"rule:\n  id: \x00\n")
    err = error([pack])
    assert where(err) == (str(pack / "SOC-FT-003.yaml"), 2, 7) and "binary" in err.message
    (pack / "SOC-FT-003.yaml").write_text("rule:\n" + "  - " * 100 + "x\n", encoding="utf-8")
    err = error([pack])
    assert err.file == str(pack / "SOC-FT-003.yaml") and "nested too deeply" in err.message


def test_a_broken_pack_folder_is_one_error_line_on_the_command_line(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path)
    _edit(pack / "SOC-FT-001.examples.yaml", "expect: pass", "expect: maybe")
    tender = REPO / "examples" / "good" / "cleaning-services.tender.yaml"
    result = CliRunner().invoke(main, ["check", "--no-config", "--rules", str(pack), str(tender)])
    assert result.exit_code == 2, result.output
    line = line_of(pack / "SOC-FT-001.examples.yaml", "maybe")
    assert f"{pack / 'SOC-FT-001.examples.yaml'}:{line}:" in result.output
    assert "Traceback" not in result.output


def test_the_pack_cache_key_changes_with_any_file_of_a_pack_folder(tmp_path: Path) -> None:
    from pplint.cli import cache

    pack = copy_pack(tmp_path)
    key = cache.cache_key([LEXICONS, pack], [])
    path = pack / "SOC-FT-002.yaml"
    before = path.stat()
    _edit(path, "No shared term", "No shared words")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert cache.cache_key([LEXICONS, pack], []) != key
