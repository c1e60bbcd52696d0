"""Check that every rule, refinement and pack of the given pack folders is translated.

Usage: python3 tools/check_translations.py rules/10-eu-social [more pack folders]
Prints each gap and exits 1 when there is one. The same checks run in tests/test_i18n.py.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

LANGS = ("es", "ca")
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


def _gaps_text(where: str, english: Any, local: Any, placeholders: bool = False) -> list[str]:
    if not english:
        return []
    if not isinstance(local, str) or not local.strip():
        return [f"{where}: missing"]
    if placeholders and _placeholders(english) != _placeholders(local):
        return [
            f"{where}: placeholders {sorted(_placeholders(local))}, English has "
            f"{sorted(_placeholders(english))}"
        ]
    if local.split() == str(english).split() and len(local.split()) > 3:
        return [f"{where}: same text as the English"]
    return []


def _gaps_list(where: str, english: list[Any], local: Any, keys: tuple[str, ...]) -> list[str]:
    if not english:
        return []
    if not isinstance(local, list) or len(local) != len(english):
        return [f"{where}: needs {len(english)} entries in the English order"]
    out: list[str] = []
    for i, (en, lo) in enumerate(zip(english, local, strict=True)):
        lo = lo if isinstance(lo, dict) else {}
        for key in keys:
            if key == "instrument" and en.get(key) and lo.get(key):
                continue  # an official name may be the same in every language
            out += _gaps_text(f"{where}[{i}].{key}", en.get(key), lo.get(key))
    return out


def rule_gaps(rule: dict[str, Any], where: str) -> list[str]:
    """The gaps of one rule mapping's translations."""
    out: list[str] = []
    tr = rule.get("translations") or {}
    options = rule.get("options") or {}
    for lang in LANGS:
        t = tr.get(lang) or {}
        w = f"{where} {lang}"
        out += _gaps_text(f"{w} title", rule.get("title"), t.get("title"))
        out += _gaps_text(f"{w} message", rule.get("message"), t.get("message"), True)
        out += _gaps_text(f"{w} rationale", rule.get("rationale"), t.get("rationale"))
        out += _gaps_text(f"{w} notes", rule.get("notes"), t.get("notes"))
        out += _legal_gaps(w, rule, t)
        for key, keys in (
            ("elements", ("name", "detail")),
            ("weak_if", ("detail",)),
            ("require_terms", ("detail",)),
        ):
            out += _gaps_list(f"{w} options.{key}", options.get(key) or [], t.get(key), keys)
    return out


def refine_gaps(ref: dict[str, Any], where: str) -> list[str]:
    """The gaps of one refinement's translations."""
    out: list[str] = []
    tr = ref.get("translations") or {}
    for lang in LANGS:
        t = tr.get(lang) or {}
        w = f"{where} {lang}"
        out += _gaps_text(f"{w} message", ref.get("message"), t.get("message"), True)
        out += _gaps_text(f"{w} note", ref.get("note"), t.get("note"))
        out += _legal_gaps(w, ref, t)
    return out


def _legal_gaps(where: str, english: dict[str, Any], local: dict[str, Any]) -> list[str]:
    """The gaps of a legal_basis list: one entry per English one, each field translated."""
    keys = ("instrument", "article", "note")
    return _gaps_list(
        f"{where} legal_basis", english.get("legal_basis") or [], local.get("legal_basis"), keys
    )


def pack_gaps(folder: Path) -> list[str]:
    """Every gap in one pack folder."""
    out: list[str] = []
    manifest = yaml.safe_load((folder / "pack.yaml").read_text(encoding="utf-8")) or {}
    tr = manifest.get("translations") or {}
    for lang in LANGS:
        t = tr.get(lang) or {}
        for key in ("title", "description"):
            where = f"{folder.name}/pack.yaml {lang} {key}"
            out += _gaps_text(where, manifest.get(key), t.get(key))
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("refine/*.yaml")):
        if path.name in ("pack.yaml",) or path.name.endswith(".examples.yaml"):
            continue
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if not isinstance(doc, dict):
                continue
            if isinstance(doc.get("rule"), dict):
                out += rule_gaps(doc["rule"], f"{folder.name}/{path.name}")
            for i, ref in enumerate(doc.get("refine") or []):
                out += refine_gaps(ref, f"{folder.name}/{path.name} refine[{i}]")
    return out


def main(argv: list[str]) -> int:
    gaps = [g for arg in argv for g in pack_gaps(Path(arg))]
    for gap in gaps:
        print(gap)
    print(f"{len(gaps)} gaps")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
