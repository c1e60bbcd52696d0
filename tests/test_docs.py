"""The rule reference (docs/rules.md and one page per pack in docs/rules/) is generated from
the packs: fail when it drifts.

Regenerate with ``pplint rules --format markdown --output-dir docs``.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pplint.cli.main import main
from pplint.output import docs
from pplint.packs import rulepack

from conftest import REPO

STALE = "the rule reference is out of date: run `pplint rules --format markdown --output-dir docs`"


def test_rules_reference_is_up_to_date() -> None:
    result = CliRunner().invoke(main, ["rules", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert result.output == current, STALE


def test_every_pack_page_is_up_to_date_and_none_is_left_over() -> None:
    rs = rulepack.load([rulepack.shipped_dir()], include_optional=True)
    pages = docs.markdown_pages(rs)
    assert set(pages) == {"rules.md", *(f"rules/{p.name}.md" for p in rs.packs)}
    for rel, text in pages.items():
        assert (REPO / "docs" / rel).read_text(encoding="utf-8") == text, f"{rel}: {STALE}"
    on_disk = {f"rules/{p.name}" for p in (REPO / "docs" / "rules").iterdir()}
    assert on_disk == set(pages) - {"rules.md"}, STALE


def test_pages_link_to_each_other() -> None:
    rs = rulepack.load([rulepack.shipped_dir()], include_optional=True)
    index = docs.markdown(rs)
    assert "[SOC-LAB-001](rules/eu-social.md#soc-lab-001)" in index
    assert (
        "[optional](rules/optional.md) | Optional and local extension rules | EU | opt-in" in index
    )
    lcsp = docs.pack_markdown(rs, "es-lcsp")
    assert "| [INN-AWD-002](eu-award.md#inn-awd-002) | buyer country is ES" in lcsp
    assert "- Refined by [`es-lcsp`](es-lcsp.md) when" in docs.pack_markdown(rs, "eu-award")
    assert all(docs.GENERATED in page for page in docs.markdown_pages(rs).values())


def test_readme_walk_through_matches_the_real_output() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = "$ pplint check examples/bad/furniture.tender.yaml --format text\n"
    shown = readme.split(command, 1)[1].split("$ echo $?", 1)[0]
    golden = (REPO / "tests" / "golden" / "bad" / "furniture.tender.text").read_text("utf-8")
    assert shown == golden, "README's furniture walk-through is out of date with its golden file"


def test_output_dir_writes_the_reference_and_removes_stale_generated_pages(tmp_path: Path) -> None:
    stale = tmp_path / "rules" / "gone.md"
    stale.parent.mkdir(parents=True)
    stale.write_text(f"# gone\n\n{docs.GENERATED}\n", encoding="utf-8")
    by_hand = tmp_path / "rules" / "notes.md"
    by_hand.write_text("# notes written by hand\n", encoding="utf-8")
    args = ["rules", "--format", "markdown", "--output-dir", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    written = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.md")}
    expected = {str(p.relative_to(REPO / "docs")) for p in (REPO / "docs" / "rules").glob("*.md")}
    assert written == {"rules.md", "rules/notes.md", *expected}
    for rel in expected | {"rules.md"}:
        assert (tmp_path / rel).read_text(encoding="utf-8") == (REPO / "docs" / rel).read_text(
            encoding="utf-8"
        ), rel


def test_output_dir_needs_markdown() -> None:
    result = CliRunner().invoke(main, ["rules", "--output-dir", "x"])
    assert result.exit_code == 2
    assert "--format markdown" in result.output
