"""Tests for pplint.config: discovery upward, pyproject.toml, validation with locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from pplint.core.errors import ConfigError
from pplint.load import config


def test_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / ".pplint.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    found = config.find(deep)
    assert found == (tmp_path / ".pplint.yaml").resolve()
    assert config.load(found).get("fail_on") == "warning"


def test_pyproject_tool_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.pplint]\nselect = ["SOC-"]\nfail_on = "info"\n',
        encoding="utf-8",
    )
    cfg = config.load(config.find(tmp_path))  # type: ignore[arg-type]
    assert cfg.get("select") == ["SOC-"] and cfg.get("fail_on") == "info"


def test_pyproject_without_section_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert config.find(tmp_path) in (None, *[p / ".pplint.yaml" for p in tmp_path.parents])


def test_nearest_wins(tmp_path: Path) -> None:
    (tmp_path / ".pplint.yaml").write_text("fail_on: info\n", encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[tool.pplint]\nfail_on = "never"\n', encoding="utf-8")
    assert config.find(inner) == (inner / "pyproject.toml").resolve()


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("select: [SOC-]\nfail_on: sometimes\n", 2, 10, "is not one of error, warning"),
        ("params:\n  price-weight-ceiling: high\n", 2, 25, "'high' is not a number"),
        ("limits: {max_file_bytes: 0}\n", 1, 26, "must be at least 1"),
        ("select: SOC-\n", 1, 9, "is not a list"),
        ("a: 1\na: 2\n", 2, 1, "duplicate key `a`"),
        ("- 1\n", 1, 1, "must be a YAML mapping"),
    ],
)
def test_invalid_config_names_file_line(
    tmp_path: Path, text: str, line: int, column: int, words: str
) -> None:
    path = tmp_path / ".pplint.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        config.load(path)
    err = info.value
    assert (err.file, err.line, err.column) == (str(path), line, column)
    assert words in err.message


def test_invalid_pyproject_points_at_the_key(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[project]\nname = "x"\n[tool.pplint]\nselect = ["A"]\nfial_on = "x"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        config.load(path)
    assert info.value.line == 5 and "unknown field `fial_on`" in info.value.message


def test_broken_pyproject_found_on_the_way_up_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n[tool.pplint\nselect = ["SOC-"]\n', encoding="utf-8")
    deep = tmp_path / "a"
    deep.mkdir()
    with pytest.raises(ConfigError) as info:
        config.find(deep)
    err = info.value
    assert (err.file, err.line, err.column) == (str(path.resolve()), 3, 13)
    assert err.message.startswith("invalid TOML: ") and "(at line" not in err.message


def test_pyproject_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b'[project]\nname = "caf\xe9"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        config.find(tmp_path)


def test_pyproject_tool_that_is_not_a_table_is_no_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 3\n", encoding="utf-8")
    assert config.find(tmp_path) != tmp_path / "pyproject.toml"


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1" * 400])
def test_params_must_be_finite_numbers_in_pyproject(tmp_path: Path, value: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        f'[tool.pplint]\nfail_on = "info"\n[tool.pplint.params]\nx = {value}\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        config.load(path)
    assert info.value.line == 4
    assert "params.x:" in info.value.message and "is not a finite number" in info.value.message


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e999"])
def test_params_must_be_finite_numbers_in_yaml(tmp_path: Path, value: str) -> None:
    path = tmp_path / ".pplint.yaml"
    path.write_text(f"fail_on: info\nparams:\n  x: {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        config.load(path)
    assert (info.value.file, info.value.line) == (str(path), 3)


def test_error_at_a_value_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / ".pplint.yaml"
    path.write_text(
        "select: [SOC-]\npacks:\n  - optional\n  - ./our-rules/city.yaml\n", encoding="utf-8"
    )
    err = config.load(path).error("no such pack", ("packs", 1))
    assert (err.file, err.line, err.column, err.message) == (
        str(path),
        4,
        5,
        "packs[1]: no such pack",
    )
    toml = tmp_path / "pyproject.toml"
    toml.write_text(
        '[tool.pplint]\nselect = ["SOC-"]\n\n[tool.pplint.severity]\n"SOC-X-001" = "error"\n',
        encoding="utf-8",
    )
    err = config.load(toml).error("unknown rule", ("severity", "SOC-X-001"))
    assert (err.line, err.message) == (5, "[tool.pplint] severity.SOC-X-001: unknown rule")


@pytest.mark.parametrize(
    ("pattern", "excluded", "kept"),
    [
        ("drafts", ["drafts/a.tender.yaml", "x/drafts/b.tender.yaml"], ["a.tender.yaml"]),
        ("drafts/", ["x/drafts/b.tender.yaml"], ["drafts.tender.yaml"]),
        ("/drafts", ["drafts/a.tender.yaml"], ["x/drafts/b.tender.yaml"]),
        ("x/*.tender.yaml", ["x/a.tender.yaml"], ["x/y/a.tender.yaml", "a.tender.yaml"]),
        ("x/**/old-*", ["x/old-a.tender.yml", "x/y/z/old-b.tender.yaml"], ["old-c.tender.yaml"]),
        (
            "*.draft.tender.yaml",
            ["a.draft.tender.yaml", "x/b.draft.tender.yaml"],
            ["a.tender.yaml"],
        ),
        ("./x/a.tender.yaml", ["x/a.tender.yaml"], ["x/b.tender.yaml"]),
    ],
)
def test_exclude_globs_are_relative_to_the_configuration(
    tmp_path: Path, pattern: str, excluded: list[str], kept: list[str]
) -> None:
    path = tmp_path / "repo" / ".pplint.yaml"
    path.parent.mkdir()
    path.write_text(f"exclude: [{pattern!r}]\n", encoding="utf-8")
    cfg = config.load(path)
    assert [f for f in excluded if not cfg.excludes(path.parent / f)] == []
    assert [f for f in kept if cfg.excludes(path.parent / f)] == []
    assert not cfg.excludes(tmp_path / "drafts" / "outside.tender.yaml")
