"""options: the cache folder, finding the configuration, pack paths and the run set-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from pplint.cli import options
from pplint.core.errors import ConfigError, PplintError
from pplint.core.model import Severity
from pplint.load import config as config_mod
from pplint.packs import rulepack


def write_config(folder: Path, text: str) -> config_mod.Config:
    """A `.pplint.yaml` with ``text`` in ``folder``, loaded."""
    path = folder / ".pplint.yaml"
    path.write_text(text, encoding="utf-8")
    return config_mod.load(path)


# -- cache_dir -----------------------------------------------------------------------------------


def test_no_cache_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PPLINT_NO_CACHE", "1")
    monkeypatch.setenv("PPLINT_CACHE_DIR", str(tmp_path))
    assert options.cache_dir() is None


def test_explicit_cache_dir_wins_over_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PPLINT_NO_CACHE", raising=False)
    monkeypatch.setenv("PPLINT_CACHE_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert options.cache_dir() == tmp_path / "mine"


def test_xdg_cache_home_gets_a_pplint_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PPLINT_NO_CACHE", raising=False)
    monkeypatch.delenv("PPLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert options.cache_dir() == tmp_path / "xdg" / "pplint"


def test_without_variables_the_cache_is_under_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("PPLINT_NO_CACHE", "PPLINT_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert options.cache_dir() == tmp_path / ".cache" / "pplint"


def test_empty_variables_count_as_unset(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PPLINT_NO_CACHE", "")
    monkeypatch.setenv("PPLINT_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert options.cache_dir() == tmp_path / "pplint"


# -- load_config ---------------------------------------------------------------------------------


def test_explicit_config_is_read(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.yaml"
    path.write_text("fail_on: warning\n", encoding="utf-8")
    cfg = options.load_config(str(path), True, tmp_path / "unrelated")
    assert cfg.path == path
    assert cfg.get("fail_on") == "warning"


def test_explicit_config_that_is_missing_is_a_config_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError) as caught:
        options.load_config(missing, True, tmp_path)
    assert caught.value.file == missing
    assert "not found" in caught.value.message


def test_explicit_config_wins_over_no_config(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("ignore: [SOC]\n", encoding="utf-8")
    assert options.load_config(str(path), False, tmp_path).get("ignore") == ["SOC"]


def test_no_config_ignores_a_discovered_file(tmp_path: Path) -> None:
    write_config(tmp_path, "fail_on: info\n")
    cfg = options.load_config(None, False, tmp_path)
    assert cfg.path is None
    assert cfg.data == {}


def test_config_is_discovered_from_a_subfolder(tmp_path: Path) -> None:
    write_config(tmp_path, "fail_on: info\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    cfg = options.load_config(None, True, sub)
    assert cfg.path == (tmp_path / ".pplint.yaml").resolve()
    assert cfg.get("fail_on") == "info"


def test_no_discovered_config_gives_an_empty_one(tmp_path: Path) -> None:
    cfg = options.load_config(None, True, tmp_path)
    assert cfg.path is None
    assert cfg.data == {}


# -- pack_paths ----------------------------------------------------------------------------------


def test_pack_paths_start_with_the_shipped_packs() -> None:
    paths, enabled = options.pack_paths(config_mod.Config(), [])
    assert paths[0] == rulepack.shipped_dir()
    assert enabled == []


def test_a_config_entry_that_exists_is_a_path_relative_to_the_config(tmp_path: Path) -> None:
    pack = tmp_path / "local.yaml"
    pack.write_text("pack: local\n", encoding="utf-8")
    cfg = config_mod.Config(tmp_path / ".pplint.yaml", {"packs": ["local.yaml", "optional"]})
    paths, enabled = options.pack_paths(cfg, [])
    assert paths[-1] == tmp_path / "local.yaml"
    assert enabled == [str(tmp_path / "local.yaml"), "optional"]


def test_a_config_entry_written_as_a_missing_path_is_an_error_at_its_line(
    tmp_path: Path,
) -> None:
    cfg = write_config(tmp_path, "fail_on: error\npacks:\n  - optional\n  - packs/missing.yaml\n")
    with pytest.raises(ConfigError) as caught:
        options.pack_paths(cfg, [])
    assert caught.value.line == 4
    assert "packs[1]" in caught.value.message
    assert "does not exist" in caught.value.message


@pytest.mark.parametrize("entry", ["missing.yml", "dir/name"])
def test_path_like_entries_are_never_taken_as_names(tmp_path: Path, entry: str) -> None:
    cfg = config_mod.Config(tmp_path / ".pplint.yaml", {"packs": [entry]})
    with pytest.raises(ConfigError):
        options.pack_paths(cfg, [])


def test_rules_option_takes_existing_paths_and_otherwise_names(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "a.yaml").write_text("pack: a\n", encoding="utf-8")
    paths, enabled = options.pack_paths(config_mod.Config(), [str(folder), "optional"])
    assert paths[-1] == folder
    assert enabled == [str(folder / "a.yaml"), "optional"]


# -- build ---------------------------------------------------------------------------------------


def build(cfg: config_mod.Config | None = None, **kwargs: object) -> options.RunSetup:
    """options.build with defaults for every option not given."""
    args: dict[str, object] = {
        "rules": (),
        "select": (),
        "ignore": (),
        "fail_on": None,
        "use_waivers": True,
    }
    args.update(kwargs)
    return options.build(cfg or config_mod.Config(), **args)  # type: ignore[arg-type]


def test_select_and_ignore_are_split_on_commas_and_stripped() -> None:
    setup = build(select=["SOC-, ENV-LBL-001", "DIG"], ignore=["SOC-SME-001,, GOV"])
    assert setup.settings.select == ("SOC-", "ENV-LBL-001", "DIG")
    assert setup.settings.ignore == ("SOC-SME-001", "GOV")


def test_command_line_select_replaces_the_config_and_ignore_adds_to_it(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, "select: [ENV]\nignore: [GOV]\n")
    assert build(cfg).settings.select == ("ENV",)
    setup = build(cfg, select=["SOC"], ignore=["DIG"])
    assert setup.settings.select == ("SOC",)
    assert setup.settings.ignore == ("DIG", "GOV")


def test_severity_and_params_overrides_reach_the_settings(tmp_path: Path) -> None:
    cfg = write_config(
        tmp_path,
        "severity: {SOC-SME-001: info, FMT-SCHEMA: off}\n"
        "params: {subcontractor-payment-days: 45}\n",
    )
    setup = build(cfg)
    assert setup.settings.severity == {"SOC-SME-001": "info", "FMT-SCHEMA": "off"}
    assert setup.settings.params == {"subcontractor-payment-days": 45}


def test_limits_and_waivers_reach_the_settings(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, "limits: {max_file_bytes: 1000, max_nodes: 50}\n")
    setup = build(cfg, use_waivers=False)
    assert (setup.settings.max_bytes, setup.settings.max_nodes) == (1000, 50)
    assert setup.settings.use_waivers is False


def test_fail_on_defaults_to_error_and_never_means_none(tmp_path: Path) -> None:
    assert build().fail_on is Severity.ERROR
    assert build(fail_on="never").fail_on is None
    assert build(fail_on="info").fail_on is Severity.INFO
    cfg = write_config(tmp_path, "fail_on: never\n")
    assert build(cfg).fail_on is None
    assert build(cfg, fail_on="warning").fail_on is Severity.WARNING


def test_opt_in_pack_is_loaded_only_when_named(tmp_path: Path) -> None:
    without = build()
    assert "optional" not in {p.name for p in without.ruleset.packs}
    cfg = write_config(tmp_path, "packs: [optional]\n")
    named = build(cfg)
    assert "optional" in {p.name for p in named.ruleset.packs}
    assert any(r.pack == "optional" for r in named.ruleset.rules.values())


def test_disabled_pack_loses_its_rules(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, "disable_packs: [es-lcsp]\n")
    setup = build(cfg)
    assert setup.ruleset.rules
    assert not any(r.pack == "es-lcsp" for r in setup.ruleset.rules.values())
    assert any(r.pack == "es-lcsp" for r in build().ruleset.rules.values())


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ("severity:\n  SOC-NOPE-999: info\n", "unknown rule `SOC-NOPE-999`", 2),
        ("params:\n  no-such-param: 3\n", "unknown param `no-such-param`", 2),
        ("packs:\n  - no-such-pack\n", "no rule pack named `no-such-pack`", 2),
        ("disable_packs:\n  - no-such-pack\n", "no rule pack named `no-such-pack`", 2),
    ],
)
def test_unknown_names_in_the_config_are_refused_at_their_line(
    tmp_path: Path, text: str, words: str, line: int
) -> None:
    cfg = write_config(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        build(cfg)
    assert words in caught.value.message
    assert caught.value.file == str(tmp_path / ".pplint.yaml")
    assert caught.value.line == line


def test_unknown_rules_option_is_a_user_error() -> None:
    with pytest.raises(PplintError, match="--rules no-such-pack"):
        build(rules=["no-such-pack"])


def test_broken_pack_named_by_the_config_says_which_entry(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("pack: broken\nrules: 3\n", encoding="utf-8")
    cfg = write_config(tmp_path, "packs:\n  - broken.yaml\n")
    with pytest.raises(PplintError) as caught:
        build(cfg)
    assert "named by packs[0]" in caught.value.message
    assert f"{tmp_path / '.pplint.yaml'}:2:" in caught.value.message
