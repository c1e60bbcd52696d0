"""Tests for pplint.config: discovery upward, pyproject.toml, validation with locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from pplint import config
from pplint.errors import ConfigError


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
        encoding="utf-8")
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
def test_invalid_config_names_file_line(tmp_path: Path, text: str, line: int, column: int,
                                        words: str) -> None:
    path = tmp_path / ".pplint.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        config.load(path)
    err = info.value
    assert (err.file, err.line, err.column) == (str(path), line, column)
    assert words in err.message


def test_invalid_pyproject_points_at_the_key(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n[tool.pplint]\nselect = ["A"]\nfial_on = "x"\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        config.load(path)
    assert info.value.line == 5 and "unknown field `fial_on`" in info.value.message
