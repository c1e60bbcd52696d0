"""Tests for pplint.rulepack: every broken pack is one `file:line:col: message` error."""

from __future__ import annotations

from pathlib import Path

import pytest

from pplint.core.errors import PackError
from pplint.packs import rulepack

from conftest import DATA, REPO

LEXICONS = REPO / "rules" / "00-lexicons"

RULE = """\
pack: {pack}
topics:
  {topic}:
    title: A topic
    family: social
    signals: {{en: [fair wages], es: [salario justo], ca: [salari just]}}
params:
  {param}: {{value: 5, source: test}}
rules:
  - id: {rid}
    title: A rule
    family: {family}
    severity: warning
    check: {check}
    options: {options}
    message: "{message}"
    rationale: Because.
    legal_basis: [{{instrument: Test}}]
    model_clause: {{en: "x", es: "y"}}
    examples: [{{expect: pass}}, {{expect: fail}}]
"""
DEFAULTS = {
    "pack": "p1",
    "topic": "t1",
    "param": "p1-limit",
    "rid": "SOC-XX-001",
    "family": "social",
    "check": "weak",
    "options": "{topics: [t1]}",
    "message": "Clause {clause} is weak.",
}


def write(tmp_path: Path, name: str = "p.yaml", **values: str) -> Path:
    path = tmp_path / name
    path.write_text(RULE.format(**{**DEFAULTS, **values}), encoding="utf-8")
    return path


def error(paths: list[Path]) -> PackError:
    with pytest.raises(PackError) as info:
        rulepack.load([LEXICONS, *paths])
    return info.value


def test_a_good_pack_loads(tmp_path: Path) -> None:
    rs = rulepack.load([LEXICONS, write(tmp_path)])
    rule = rs.rules["SOC-XX-001"]
    assert rule.pack == "p1" and rule.topics() == ("t1",)
    assert rs.params["p1-limit"].value == 5 and rs.params["p1-limit"].verified


@pytest.mark.parametrize(
    ("values", "line", "column", "words"),
    [
        ({"check": "weakk"}, 14, 12, "unknown check kind `weakk`"),
        ({"options": "{topics: [nope]}"}, 15, 24, "unknown topic `nope`"),
        (
            {"options": "{topics: [t1], numbers: [{unit: days, max: $nope}]}"},
            15,
            57,
            "unknown param `$nope`",
        ),
        ({"options": "{topics: [t1], hedge: maybe}"}, 15, 36, "'maybe' is not true or false"),
        ({"options": "{topics: [t1], colour: red}"}, 15, 37, "unknown field `colour`"),
        ({"message": "Bad {nonsense}."}, 16, 14, "unknown placeholder {nonsense}"),
        ({"family": "environmental"}, 12, 13, "ids starting with SOC- belong to `social`"),
        ({"rid": "soc-1"}, 10, 9, "is not a rule id"),
    ],
)
def test_broken_pack_points_at_the_problem(
    tmp_path: Path, values: dict[str, str], line: int, column: int, words: str
) -> None:
    path = write(tmp_path, **values)
    err = error([path])
    assert (err.file, err.line, err.column) == (str(path), line, column), str(err)
    assert words in err.message
    assert str(err).startswith(f"{path}:{line}:{column}: ")


def test_names_are_global_across_packs(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml")
    assert (
        "topic `t1` is already defined"
        in error(
            [first, write(tmp_path, "b.yaml", pack="p2", param="p2", rid="SOC-XX-002")]
        ).message
    )
    assert (
        "param `p1-limit` is already defined"
        in error(
            [first, write(tmp_path, "c.yaml", pack="p3", topic="t3", rid="SOC-XX-003")]
        ).message
    )
    assert (
        "rule `SOC-XX-001` is already defined"
        in error([first, write(tmp_path, "d.yaml", pack="p4", topic="t4", param="p4")]).message
    )
    assert (
        "pack `p1` is loaded twice"
        in error(
            [first, write(tmp_path, "e.yaml", topic="t5", param="p5", rid="SOC-XX-005")]
        ).message
    )


def test_refinements(tmp_path: Path) -> None:
    base = write(tmp_path)
    refine = tmp_path / "r.yaml"
    refine.write_text(
        "pack: r\nrefine:\n  - rule: SOC-XX-404\n    when: {country: [ES]}\n", encoding="utf-8"
    )
    err = error([base, refine])
    assert (err.line, err.column) == (3, 11) and "unknown rule `SOC-XX-404`" in err.message
    refine.write_text(
        "pack: r\nrefine:\n  - rule: SOC-XX-001\n    when: {country: [ES]}\n"
        "    options: {hedge: 3}\n",
        encoding="utf-8",
    )
    err = error([base, refine])
    assert (err.line, err.column) == (5, 22) and "refinement of SOC-XX-001" in err.message


def test_yaml_problems_in_packs(tmp_path: Path) -> None:
    dup = tmp_path / "dup.yaml"
    dup.write_text("pack: a\npack: b\n", encoding="utf-8")
    assert (error([dup]).line, "duplicate key `pack`" in error([dup]).message) == (2, True)
    broken = tmp_path / "broken.yaml"
    broken.write_text("pack: [a\n", encoding="utf-8")
    assert "YAML syntax error" in error([broken]).message
    missing = tmp_path / "missing.yaml"
    assert "rule pack not found" in error([missing]).message


def test_opt_in_packs(tmp_path: Path) -> None:
    text = RULE.format(**DEFAULTS).replace("pack: p1\n", "pack: p1\ndefault: false\n")
    (tmp_path / "opt.yaml").write_text(text, encoding="utf-8")
    assert "SOC-XX-001" not in rulepack.load([LEXICONS, tmp_path / "opt.yaml"]).rules
    assert "SOC-XX-001" in rulepack.load([LEXICONS, tmp_path / "opt.yaml"], ["p1"]).rules
    assert (
        "SOC-XX-001"
        in rulepack.load([LEXICONS, tmp_path / "opt.yaml"], include_optional=True).rules
    )


def test_test_pack_of_the_engine_loads() -> None:
    rs = rulepack.load([LEXICONS, DATA / "test-pack.yaml"])
    assert len(rs.rules) >= 14 and rs.rules["INN-TST-001"].refinements
