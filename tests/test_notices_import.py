"""`pplint import`: the tender YAML of a notice, commented with its sources, judged alike."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from pplint.cli import main
from pplint.engine.checker import Engine
from pplint.load import schemas
from pplint.notices.load import load_xml
from pplint.notices.yamlout import dump

from conftest import REPO

SPANISH = REPO / "examples" / "notices" / "es-limpieza-cn16.xml"
BOMB = Path(__file__).parent / "hostile" / "notices" / "billion-laughs.xml"


def judged(engine: Engine, raw: bytes, name: str) -> list[tuple[str, str]]:
    """The (rule, kind) of every finding of one file, sorted."""
    return sorted((f.rule, f.kind) for f in engine.check_bytes(raw, name).findings)


def test_import_writes_a_valid_commented_tender() -> None:
    text = dump(load_xml(SPANISH.read_bytes(), SPANISH.name), SPANISH.name)
    data = yaml.safe_load(text)
    assert schemas.validate("tender", data) == []
    assert data["source"]["format"] == "eforms" and data["source"]["read"] == ["es"]
    lines = text.splitlines()
    perf = next(ln for ln in lines if '"Según PCAP."' in ln)
    assert perf.endswith("# BT-70, line 120")
    price = next(ln for ln in lines if ln.strip().startswith("weight: 70"))
    assert price.endswith("# BT-541 / BT-5421, line 163")
    assert any(ln.startswith("# Note: lot LOT-0000: weights given as poi-exa") for ln in lines)


def test_checking_the_import_gives_the_same_rules(shipped_engine: Engine) -> None:
    text = dump(load_xml(SPANISH.read_bytes(), SPANISH.name), SPANISH.name)
    assert judged(shipped_engine, text.encode(), "s.tender.yaml") == judged(
        shipped_engine, SPANISH.read_bytes(), SPANISH.name
    )


def test_every_shared_notice_imports_and_judges_alike(
    notices_dir: Path, shipped_engine: Engine
) -> None:
    compared = 0
    for path in sorted((notices_dir / "eforms").glob("*.xml")):
        raw = path.read_bytes()
        text = dump(load_xml(raw, path.name), path.name)
        assert judged(shipped_engine, text.encode(), "t.tender.yaml") == judged(
            shipped_engine, raw, path.name
        ), path.name
        compared += 1
    assert compared >= 78  # every eForms notice and every TED original


def test_import_command_prints_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    runner = CliRunner()
    printed = runner.invoke(main, ["import", str(SPANISH)])
    assert printed.exit_code == 0 and printed.output.startswith("# Written by `pplint import`")
    out = tmp_path / "limpieza.tender.yaml"
    wrote = runner.invoke(main, ["import", str(SPANISH), "-o", str(out)])
    assert wrote.exit_code == 0 and out.read_text(encoding="utf-8") == printed.output
    again = runner.invoke(main, ["import", str(SPANISH), "-o", str(out)])
    assert again.exit_code == 2 and "use --force" in again.output
    forced = runner.invoke(main, ["import", str(SPANISH), "-o", str(out), "--force"])
    assert forced.exit_code == 0
    checked = runner.invoke(main, ["check", str(out), "--format", "text"])
    assert checked.exit_code == 1 and "INN-AWD-002" in checked.output


def test_import_of_a_hostile_or_foreign_file_is_one_clear_error(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["import", str(BOMB)])
    assert bad.exit_code == 2
    assert f"{BOMB}:2:1: a document type declaration" in bad.output
    tender = tmp_path / "t.tender.yaml"
    tender.write_text("pplint: 1\n", encoding="utf-8")
    foreign = runner.invoke(main, ["import", str(tender)])
    assert foreign.exit_code == 2 and "not a published notice" in foreign.output
