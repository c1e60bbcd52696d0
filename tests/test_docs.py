"""docs/rules.md is generated from the packs: fail when it drifts.

Regenerate with ``pplint rules --format markdown > docs/rules.md``.
"""

from __future__ import annotations

from click.testing import CliRunner

from pplint.cli.main import main

from conftest import REPO


def test_rules_reference_is_up_to_date() -> None:
    result = CliRunner().invoke(main, ["rules", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert result.output == current, (
        "docs/rules.md is out of date: run `pplint rules --format markdown > docs/rules.md`"
    )


def test_readme_walk_through_matches_the_real_output() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = "$ pplint check examples/bad/furniture.tender.yaml --format text\n"
    shown = readme.split(command, 1)[1].split("$ echo $?", 1)[0]
    golden = (REPO / "tests" / "golden" / "bad" / "furniture.tender.text").read_text("utf-8")
    assert shown == golden, "README's furniture walk-through is out of date with its golden file"
