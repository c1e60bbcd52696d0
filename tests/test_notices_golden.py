"""The findings of twelve shared notices, pinned: any change is reviewed as a diff.

Regenerate with ``PPLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_notices_golden.py`` and
read the diff as an expert would (tests/golden/notices/README.md says what was checked).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pplint.engine.checker import Engine

from conftest import REPO

GOLDEN = REPO / "tests" / "golden" / "notices"
UPDATE = os.environ.get("PPLINT_UPDATE_GOLDEN") == "1"
NOTICES = (
    "eforms-sdk__can_24_FRA_comments.xml",
    "eforms-sdk__can_24_LSBU.xml",
    "eforms-sdk__can_24_maximal.xml",
    "eforms-sdk__cn_24_cumbria.xml",
    "eforms-sdk__cn_24_maximal.xml",
    "eforms-sdk__cn_24_multilingual.xml",
    "eforms-sdk__cn_24_open_accel.xml",
    "eforms-sdk__cn_25.xml",
    "eforms-sdk__pin-cfc_25.xml",
    "eforms-sdk__subco_81.xml",
    "gpp-library__00154896_2025.xml",
    "tedconv-eforms__21-077815-001-EXP.xml",
    "tedconv-eforms__22-086633-001-EXP.xml",
)


def findings(engine: Engine, path: Path) -> list[dict[str, object]]:
    """The findings of one notice, as pinned: what, where, and in which element."""
    result = engine.check_bytes(path.read_bytes(), path.name)
    return [
        {
            "rule": f.rule,
            "kind": f.kind,
            "severity": f.severity.label,
            "line": f.line,
            "column": f.column,
            "path": f.path_str,
            "xpath": f.xpath,
            **({"reasons": list(f.reasons)} if f.reasons else {}),
        }
        for f in result.findings
    ]


@pytest.mark.parametrize("name", NOTICES)
def test_notice_findings(name: str, notices_dir: Path, shipped_engine: Engine) -> None:
    got = findings(shipped_engine, notices_dir / "eforms" / name)
    golden = GOLDEN / f"{name}.json"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", "utf-8")
    assert golden.exists(), f"no golden file {golden}: run with PPLINT_UPDATE_GOLDEN=1"
    assert got == json.loads(golden.read_text("utf-8"))
