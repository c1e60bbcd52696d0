"""Every text `pplint report` says is in its catalogue (core/catalog/report.yaml) in Spanish
and Catalan, with the placeholders of the English, and no other catalogue says it otherwise."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from pplint.core.i18n import tr

SRC = Path(__file__).resolve().parents[1] / "src" / "pplint"
REPORT = SRC / "output" / "report"
CATALOG = SRC / "core" / "catalog"
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# t("...") or t('...') in a template
TEMPLATE_CALL = re.compile(r"""\bt\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


def _flat(text: str) -> str:
    return " ".join(text.split())


def template_texts() -> set[str]:
    found = set()
    for path in (REPORT / "templates").glob("*.j2"):
        for double, single in TEMPLATE_CALL.findall(path.read_text(encoding="utf-8")):
            found.add(_flat(double or single))
    return found


def code_texts() -> set[str]:
    """Literal first texts of ``tr(lang, ...)`` and ``t(...)`` calls, and the values of the
    label tables and column headings, in the report's modules."""
    found = set()
    for path in REPORT.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                args = node.args[1:] if name == "tr" else node.args if name == "t" else []
                if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                    found.add(_flat(args[0].value))
            elif isinstance(node, ast.Assign):
                targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
                if any(t.endswith(("_LABELS", "_TEXTS")) for t in targets):
                    table = ast.literal_eval(node.value)
                    found |= {_flat(v) for v in table.values()}
                elif "COLUMNS" in targets:
                    found |= {_flat(label) for _, label in ast.literal_eval(node.value)}
                elif "NOT_JUDGED" in targets:
                    found.add(_flat(ast.literal_eval(node.value)))
    return found


def catalogue(name: str) -> dict[str, dict[str, str]]:
    data = yaml.safe_load((CATALOG / name).read_text(encoding="utf-8"))
    return {_flat(k): v for k, v in data.items()}


def test_the_scan_finds_the_texts() -> None:
    """The two scans above are not vacuous."""
    assert {"Summary by family", "Copy the model clause"} <= template_texts()
    assert {
        "Portfolio",
        "Weak clause",
        "Met",
        "Rules that fail most",
    } <= template_texts() | code_texts()


@pytest.mark.parametrize("text", sorted(template_texts() | code_texts()))
def test_every_text_is_translated(text: str) -> None:
    entry = catalogue("report.yaml").get(text)
    assert entry is not None, f"not in core/catalog/report.yaml: {text!r}"
    for lang in ("es", "ca"):
        local = entry.get(lang)
        assert local and local.strip(), f"no {lang} for {text!r}"
        assert set(PLACEHOLDER.findall(local)) == set(PLACEHOLDER.findall(text)), (lang, text)
        assert tr(lang, text) == _flat(local)  # what the report will say


def test_no_text_is_unused() -> None:
    used = template_texts() | code_texts()
    assert not set(catalogue("report.yaml")) - used


def test_no_other_catalogue_says_the_same_text_otherwise() -> None:
    """A text in two catalogues takes one file's translation: both must say the same."""
    mine = catalogue("report.yaml")
    for path in CATALOG.glob("*.yaml"):
        if path.name == "report.yaml":
            continue
        other = catalogue(path.name)
        differ = [k for k in set(mine) & set(other) if mine[k] != other[k]]
        assert not differ, f"{path.name} translates these otherwise: {sorted(differ)}"
