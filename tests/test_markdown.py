"""`--format markdown`: counts first, one collapsible section per file, inert untrusted text."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from click.testing import CliRunner

from pplint.cli.main import main
from pplint.output.formatters import markdown

REPO = Path(__file__).resolve().parents[1]
BAD = REPO / "examples" / "bad"


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["check", "--no-config", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_every_finding_is_in_its_files_section_with_counts_first() -> None:
    text = _run("-f", "markdown", "--lang", "en", str(BAD))
    findings = json.loads(_run("-f", "json", "--lang", "en", str(BAD)))["findings"]
    active = [f for f in findings if not f.get("suppressed")]
    assert text.startswith("## pplint\n\n**")
    assert f"**{len(active)} findings**" in text.split("\n")[2]
    sections = re.findall(r"<details>\n<summary><b>([^<]+)</b>", text)
    assert sorted(Path(s).name for s in sections) == sorted({Path(f["file"]).name for f in active})
    assert text.count("<details>") == text.count("</details>")
    for f in active:
        assert f"`{f['rule']}`" in text
        assert f"(line {f['line']})" in text
    # model clauses while each file's budget lasts, then one line per finding
    assert text.count("```text") >= 20 and len(text.encode("utf-8")) <= markdown.MAX_BYTES


def test_model_clause_is_in_a_details_block_and_fenced() -> None:
    text = _run("-f", "markdown", "--lang", "en", str(BAD / "furniture.tender.yaml"))
    block = text.split("<summary>Model clause (to adapt and insert)</summary>", 1)[1]
    body = block.split("</details>", 1)[0]
    assert body.lstrip().startswith("```text\n") and body.rstrip().endswith("```")
    assert "Galway City Council" in body  # filled from the tender


def test_the_summary_and_labels_follow_lang() -> None:
    es = _run("-f", "markdown", "--lang", "es", str(BAD / "furniture.tender.yaml"))
    assert "hallazgos** en 1 de 1 archivo" in es and "Cláusula modelo" in es
    ca = _run("-f", "markdown", "--lang", "ca", str(BAD / "furniture.tender.yaml"))
    assert "troballes** en 1 d'1 fitxer" in ca and "(línia " in ca


def test_nothing_from_a_tender_becomes_markup(tmp_path: Path) -> None:
    hostile = tmp_path / "x.tender.yaml"
    hostile.write_text(
        textwrap.dedent(
            """\
            pplint: 1
            tender:
              id: "T</summary></details><img src=x onerror=alert(1)>"
              title: "@everyone #1 [click](javascript:alert(1)) ```"
              buyer: {name: "<script>alert(1)</script>", country: FR}
              nature: services
              cpv: ["79000000"]
            clauses:
              - id: "C1</details>"
                section: performance
                text: "The contractor should, where possible, <b>pay</b> @team."
            """
        ),
        encoding="utf-8",
    )
    text = _run("-f", "markdown", "--lang", "en", "--show-clauses", str(hostile))
    outside_fences = re.sub(r"(`{3,})text\n.*?\n\1", "", text, flags=re.DOTALL)
    assert "<script>" not in outside_fences and "<img" not in outside_fences
    assert "<b>pay" not in outside_fences and "@everyone" not in outside_fences
    assert outside_fences.count("<details>") == outside_fences.count("</details>")
    assert "](javascript:" not in outside_fences
    for fence in re.findall(r"(`{3,})text\n", text):
        assert len(fence) >= 4 or "```" not in text.split(fence + "text\n", 1)[1].split(fence)[0]


def test_md_and_fence_helpers() -> None:
    assert markdown.md("1. <b>x</b> @a #2 [l](u) *e* | `c`") == (
        "\\1. \\<b\\>x\\</b\\> \\@a \\#2 \\[l\\](u) \\*e\\* \\| \\`c\\`"
    )
    assert markdown.fenced("a ```` b")[0] == "`````text"
    assert markdown.code("x`y") == "`x'y`"


def test_a_long_run_stays_under_the_comment_limit(tmp_path: Path) -> None:
    source = (BAD / "road-works.tender.yaml").read_text(encoding="utf-8")
    for i in range(60):
        (tmp_path / f"t{i:02}.tender.yaml").write_text(source, encoding="utf-8")
    text = _run("-f", "markdown", "--lang", "en", "--jobs", "1", str(tmp_path))
    assert len(text.encode("utf-8")) <= markdown.MAX_BYTES + 2000
    assert "more files with findings are left out" in text
