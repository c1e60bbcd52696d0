"""docs/rules.md is generated from the packs: fail when it drifts.

Regenerate with ``pplint rules --format markdown > docs/rules.md``.
"""

from __future__ import annotations

from click.testing import CliRunner

from pplint.cli import main

from conftest import REPO


def test_rules_reference_is_up_to_date() -> None:
    result = CliRunner().invoke(main, ["rules", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert result.output == current, (
        "docs/rules.md is out of date: run `pplint rules --format markdown > docs/rules.md`")
