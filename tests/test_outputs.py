"""cli.outputs: files the command line writes, and the GitHub step summary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pplint.cli import outputs
from pplint.core.errors import PplintError

from test_runner import BAD, check, files


def test_write_file_creates_folders_and_replaces_content(tmp_path: Path) -> None:
    dest = tmp_path / "a" / "b" / "out.txt"
    outputs.write_file(str(dest), "first, longer text\n", "report")
    outputs.write_file(str(dest), "ünï\n", "report")
    assert dest.read_bytes() == "ünï\n".encode()


def test_write_file_escapes_lone_surrogates(tmp_path: Path) -> None:
    dest = tmp_path / "out.json"
    outputs.write_file(str(dest), json.dumps({"f": "x\udcff"}, ensure_ascii=False), "baseline")
    assert dest.read_bytes() == b'{"f": "x\\udcff"}'
    assert json.loads(dest.read_text(encoding="utf-8")) == {"f": "x\udcff"}


def test_write_file_to_a_folder_is_a_user_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(PplintError) as caught:
        outputs.write_file(str(tmp_path), "x", "baseline")
    assert caught.value.file == str(tmp_path)
    assert caught.value.message.startswith("cannot write baseline: ")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_write_file_refuses_a_fifo_nobody_reads(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    code = (
        "import sys\nfrom pplint.cli import outputs; from pplint.core import errors\n"
        "try:\n    outputs.write_file(sys.argv[1], 'x', 'report')\n"
        "except errors.PplintError as exc:\n    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{fifo}: cannot write report: a FIFO that nobody reads is there"


def test_step_summary_is_appended_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = check(files(BAD), use_config=False, cwd=tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    outputs.write_step_summary(done.report)
    assert list(tmp_path.iterdir()) == []
    target = tmp_path / "summary.md"
    target.write_text("before\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    outputs.write_step_summary(done.report)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("before\n")
    assert "DIG-STD-002" in text
