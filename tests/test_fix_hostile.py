"""`pplint fix` on files it must not write, or must write with care: a file changed between
read and write, a symbolic link, a YAML error, a notice; the mode kept, no file left behind,
and untrusted text that stays data."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pplint.cli import fix as fix_cli
from pplint.cli.main import main
from pplint.load.source import load_text

from conftest import REPO

FURNITURE = REPO / "examples" / "bad" / "furniture.tender.yaml"
NOTICE = REPO / "examples" / "notices" / "es-limpieza-cn16.xml"
OPTIONS = ["--no-config", "--lang", "en"]


def fix(*args: str) -> Any:
    return CliRunner().invoke(main, ["fix", *args, *OPTIONS])


def tender(folder: Path, name: str = "t.tender.yaml", source: Path = FURNITURE) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    shutil.copy(source, path)
    return path


def test_a_file_that_changes_between_read_and_write_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pplint.fix.plan as plan

    path = tender(tmp_path / "t")
    edited = path.read_bytes() + b"# someone else's edit\n"
    real = plan.Planner.plan

    def meanwhile(self: plan.Planner, raw: bytes, name: str, **kw: Any) -> Any:
        out = real(self, raw, name, **kw)
        path.write_bytes(edited)  # another editor saves while pplint works
        return out

    monkeypatch.setattr(plan.Planner, "plan", meanwhile)
    done = fix(str(path), "--review-fixes")
    assert done.exit_code == 1, done.output
    assert "the file changed since pplint read it" in done.output
    assert path.read_bytes() == edited
    assert sorted(p.name for p in path.parent.iterdir()) == ["t.tender.yaml"]


def test_the_write_compares_the_bytes_just_before_replacing(tmp_path: Path) -> None:
    path = tender(tmp_path / "t")
    original = path.read_bytes()
    path.write_bytes(original.replace(b"Galway", b"Galwey"))
    assert fix_cli.write_fixed(path, original, b"new") is not None
    assert b"Galwey" in path.read_bytes()
    assert fix_cli.write_fixed(path, path.read_bytes(), b"pplint: 1\n") is None
    assert path.read_bytes() == b"pplint: 1\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["t.tender.yaml"]


def test_a_symbolic_link_is_not_written_through(tmp_path: Path) -> None:
    target = tender(tmp_path / "elsewhere")
    before = target.read_bytes()
    work = tmp_path / "work"
    work.mkdir()
    link = work / "linked.tender.yaml"
    link.symlink_to(target)
    for named in (str(link), str(work)):
        done = fix(named, "--review-fixes")
        assert done.exit_code == 1, done.output
        assert "a symbolic link: pplint fix never writes through one" in done.output
    assert target.read_bytes() == before and link.is_symlink()
    assert fix_cli.write_fixed(link, before, b"x") is not None
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    "text",
    [
        "pplint: 1\ntender: [\n",  # a YAML syntax error
        "pplint: 1\npplint: 1\ntender: {}\n",  # a duplicate key
        "pplint: 1\ntender: {id: 1}\nclauses: x\n",  # the schema
        "pplint: 1\ntender: !!python/object:os.system {}\n",  # a tag
    ],
    ids=["syntax", "duplicate", "schema", "tag"],
)
def test_a_file_pplint_cannot_read_is_not_written(tmp_path: Path, text: str) -> None:
    path = tmp_path / "broken.tender.yaml"
    path.write_text(text, encoding="utf-8")
    done = fix(str(path), "--review-fixes")
    assert done.exit_code == 1, done.output
    assert "not edited: FMT-" in done.output
    assert path.read_text(encoding="utf-8") == text


def test_notices_are_never_edited_and_said_once(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    tender(folder)
    for name in ("a.xml", "b.xml"):
        shutil.copy(NOTICE, folder / name)
    done = fix(str(folder), "--review-fixes")
    assert done.exit_code == 0, done.output
    assert done.output.count("Published notices not edited") == 1
    assert (folder / "a.xml").read_bytes() == NOTICE.read_bytes()


def test_mode_is_kept_and_nothing_is_left_beside_the_file(tmp_path: Path) -> None:
    path = tender(tmp_path / "t")
    path.chmod(0o640)
    done = fix(str(path), "--review-fixes")
    assert done.exit_code == 0, done.output
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["t.tender.yaml"]
    assert b"PPLINT-SOC-SUB-001" in path.read_bytes()


def test_a_failed_write_leaves_the_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tender(tmp_path / "ro")
    before = path.read_bytes()

    def refused(src: str, dst: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fix_cli.os, "replace", refused)
    done = fix(str(path))
    assert done.exit_code == 1 and "cannot write the file: Permission denied" in done.output
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["t.tender.yaml"]


HOSTILE = """\
pplint: 1
tender:
  id: "X-1 # not a comment"
  title: "Cleaning: {{ 7 * 7 }} '\\" ]]> <script> \\u2028 - id: EVIL\\n  section: other"
  buyer: {name: "City\\nof # Testville", country: FR}
  nature: services
  cpv: ["90910000"]
clauses:
  - id: C-1
    section: performance
    text: The contractor shall clean the offices every day and report monthly.
"""


def test_untrusted_text_in_a_model_clause_stays_data(tmp_path: Path) -> None:
    path = tmp_path / "h.tender.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    done = fix(str(path), "--review-fixes")
    assert done.exit_code == 0, done.output
    after = load_text(path.read_text(encoding="utf-8"), "h").data
    before = load_text(HOSTILE, "h").data
    assert after["tender"] == before["tender"]
    assert after["clauses"][0] == before["clauses"][0]
    added = after["clauses"][1:]
    assert added and all(c["id"].startswith("PPLINT-") for c in added)
    assert not any(c["id"] == "EVIL" for c in after["clauses"])
    assert all(set(c) <= {"id", "section", "topics", "text"} for c in added)


@pytest.mark.parametrize("variant", ["crlf", "no-final-newline", "bom"])
def test_line_ends_and_byte_order_mark_are_kept(tmp_path: Path, variant: str) -> None:
    raw = FURNITURE.read_bytes()
    if variant == "crlf":
        raw = raw.replace(b"\n", b"\r\n")
    elif variant == "no-final-newline":
        raw = raw.rstrip(b"\n")
    else:
        raw = b"\xef\xbb\xbf" + raw
    path = tmp_path / "v.tender.yaml"
    path.write_bytes(raw)
    done = fix(str(path), "--review-fixes")
    assert done.exit_code == 0, done.output
    new = path.read_bytes()
    assert b"PPLINT-SOC-SUB-002" in new and b"Steelcase Series 2 or equivalent" in new
    if variant == "crlf":
        assert new.count(b"\n") == new.count(b"\r\n")
    elif variant == "no-final-newline":  # the clause appended at the end ends its own line
        last = raw.rsplit(b"\n", 1)[1]
        assert new.endswith(b"invoices.\n") and last + b"\n\n" in new
    else:
        assert new.startswith(b"\xef\xbb\xbf") and not new[3:].startswith(b"\xef\xbb\xbf")
    again = fix(str(path), "--review-fixes")
    assert path.read_bytes() == new, again.output


def test_the_diff_shows_invisible_characters_escaped(tmp_path: Path) -> None:
    """YAML refuses control characters; bidirectional overrides it reads are shown escaped."""
    raw = FURNITURE.read_text(encoding="utf-8").replace("be FSC\n", "be FSC \u202eeurt\u202c\n", 1)
    path = tmp_path / "esc.tender.yaml"
    path.write_text(raw, encoding="utf-8")
    done = fix(str(path), "--diff", "--select", "ENV-LBL")
    assert done.exit_code == 1, done.output
    assert "\u202e" not in done.stdout and "\\u202e" in done.stdout
    assert "+      All timber" in done.stdout and path.read_text(encoding="utf-8") == raw


def test_select_and_ignore_choose_the_rules_fixed(tmp_path: Path) -> None:
    path = tender(tmp_path / "s")
    done = fix(
        str(path), "--review-fixes", "--select", "ENV-LBL,SOC-SUB", "--ignore", "SOC-SUB-001"
    )
    assert done.exit_code == 0, done.output
    text = path.read_text(encoding="utf-8")
    assert "FSC or equivalent" in text and "Steelcase Series 2 or equivalent" not in text
    assert "PPLINT-SOC-SUB-002" in text and "PPLINT-SOC-SUB-001" not in text
