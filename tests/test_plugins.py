"""Entry points: check kinds and rule packs that other installed packages provide."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pplint.checks import REGISTRY, Hit, register
from pplint.core.errors import PackError
from pplint.engine.checker import Engine
from pplint.output import formatters
from pplint.packs import plugins, rulepack

from conftest import HEADER, REPO


class FakeEntryPoint:
    def __init__(self, name: str, value: str, target: Any):
        self.name, self.value, self._target = name, value, target

    def load(self) -> Any:
        if isinstance(self._target, Exception):
            raise self._target
        return self._target() if callable(self._target) and self.value == "import" else self._target


@pytest.fixture
def fake_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list[FakeEntryPoint]]]:
    groups: dict[str, list[FakeEntryPoint]] = {
        plugins.CHECKS_GROUP: [],
        plugins.PACKS_GROUP: [],
        plugins.FORMATTERS_GROUP: [],
    }
    monkeypatch.setattr(plugins, "_entry_points", lambda group: groups[group])
    plugins.load_checks.cache_clear()
    formatters.installed.cache_clear()
    yield groups
    plugins.load_checks.cache_clear()
    formatters.installed.cache_clear()
    sys.modules.pop("fake_pplint_formatter", None)
    REGISTRY.pop("always", None)
    sys.modules.pop("fake_pplint_plugin", None)


def _define_kind() -> ModuleType:
    module = ModuleType("fake_pplint_plugin")

    @register("always")
    def always(ctx: Any, rule: Any, options: Any) -> Iterator[Hit]:
        yield Hit("violation", ("tender",))

    module.always = always  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    return module


PACK = textwrap.dedent("""\
    pack: plugin-pack
    rules:
      - id: GOV-PLG-001
        title: Plugin rule
        family: governance
        severity: warning
        check: always
        message: Always reported.
        rationale: For tests.
        legal_basis: [{instrument: Test}]
        model_clause: {en: x, es: y}
        examples: [{expect: fail}, {expect: fail}]
    """)


def test_check_kind_and_pack_from_entry_points(
    fake_plugins: dict[str, list[FakeEntryPoint]], tmp_path: Path
) -> None:
    pack = tmp_path / "plugin-pack.yaml"
    pack.write_text(PACK, encoding="utf-8")
    fake_plugins[plugins.CHECKS_GROUP].append(FakeEntryPoint("always", "import", _define_kind))
    fake_plugins[plugins.PACKS_GROUP].append(FakeEntryPoint("mine", "x:paths", lambda: [pack]))
    assert plugins.pack_paths() == [pack]
    rs = rulepack.load([REPO / "rules" / "00-lexicons", *plugins.pack_paths()])
    assert plugins.load_checks() == ("always",)
    result = Engine(rs).check_bytes(HEADER.encode(), "t.tender.yaml")
    assert [(f.rule, f.kind) for f in result.findings] == [("GOV-PLG-001", "violation")]


def test_broken_plugin_is_a_named_user_error(fake_plugins: dict[str, list[FakeEntryPoint]]) -> None:
    fake_plugins[plugins.CHECKS_GROUP].append(
        FakeEntryPoint("bad", "bad.module:x", ImportError("No module named 'bad'"))
    )
    with pytest.raises(PackError) as info:
        plugins.load_checks()
    assert "check plugin `bad` (bad.module:x) failed to load" in str(info.value)


def _define_formatter(model_clauses: bool) -> None:
    module = ModuleType("fake_pplint_formatter")

    def render(report: Any) -> str:
        rows = [f"{f.rule};{f.line};{report.model_clause(f) is not None}" for f in report.active]
        return "\n".join(rows) + "\n"

    if model_clauses:
        render.model_clauses = True  # type: ignore[attr-defined]
    module.render = render  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module


@pytest.mark.parametrize("model_clauses", [False, True])
def test_a_formatter_plugin_is_a_format_of_check(
    fake_plugins: dict[str, list[FakeEntryPoint]], tmp_path: Path, model_clauses: bool
) -> None:
    from click.testing import CliRunner

    from pplint.cli.main import main

    _define_formatter(model_clauses)
    fake_plugins[plugins.FORMATTERS_GROUP].append(
        FakeEntryPoint("semicolons", "fake_pplint_formatter:render", None)
    )
    assert "semicolons" in formatters.names()
    bad = REPO / "examples" / "bad" / "furniture.tender.yaml"
    out = tmp_path / "r.txt"
    args = ["check", str(bad), "--no-config", "-f", "semicolons", "-o", f"semicolons={out}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines and all(line.endswith(f";{model_clauses}") for line in lines)
    assert out.read_text(encoding="utf-8") == result.stdout


def test_a_formatter_plugin_cannot_take_a_built_in_name(
    fake_plugins: dict[str, list[FakeEntryPoint]],
) -> None:
    from click.testing import CliRunner

    from pplint.cli.main import main

    fake_plugins[plugins.FORMATTERS_GROUP].append(FakeEntryPoint("json", "x:render", None))
    bad = REPO / "examples" / "bad" / "furniture.tender.yaml"
    result = CliRunner().invoke(main, ["check", str(bad), "--no-config", "-f", "json"])
    assert result.exit_code == 2
    assert "formatter plugin `json` (x:render) reuses a built-in name" in result.output


def _clear_plugin_caches() -> None:
    import importlib

    plugins._may_have_plugins.cache_clear()
    plugins._installed.cache_clear()
    importlib.invalidate_caches()  # importlib.metadata's path lookups too


def _distribution(folder: Path, name: str, entry_points: str) -> None:
    meta = folder / f"{name}-1.0.dist-info"
    meta.mkdir()
    (meta / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (meta / "entry_points.txt").write_text(entry_points)


def _lists(finder: object) -> bool:
    """Whether a meta path finder of its own may list distributions."""
    from importlib.machinery import PathFinder

    return hasattr(finder, "find_distributions") and finder is not PathFinder


def test_the_quick_scan_finds_a_distribution_that_declares_our_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _distribution(tmp_path, "other", "[console_scripts]\nother = other:main\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    # a library imported earlier in the run may have put a finder of its own in place of
    # the standard one (importlib_metadata does, for dask): then the quick scan cannot tell,
    # and rightly says that plugins may exist
    other_finder = any(_lists(f) for f in sys.meta_path)
    _clear_plugin_caches()
    try:
        assert plugins._may_have_plugins() is other_finder
        assert plugins.formatter_targets() == []  # none declared (and, alone, none asked)
        _distribution(tmp_path, "mine", "[pplint.formatters]\nsemi = mine.fmt:render\n")
        _clear_plugin_caches()
        assert plugins._may_have_plugins()
        assert plugins.formatter_targets() == [("semi", "mine.fmt:render")]
    finally:
        monkeypatch.undo()
        _clear_plugin_caches()


def test_a_zip_on_the_path_is_read_properly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "lib.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip archive
    monkeypatch.setattr(sys, "path", [str(archive), str(tmp_path / "missing")])
    _clear_plugin_caches()
    try:
        assert plugins._may_have_plugins()
    finally:
        monkeypatch.undo()
        _clear_plugin_caches()
