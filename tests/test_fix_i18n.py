"""What `pplint fix` says is catalogued in Spanish and Catalan (core/catalog/fix.yaml), and
said in the tender's language, or in --lang's."""

from __future__ import annotations

import ast
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from pplint.cli.main import main
from pplint.core import i18n

from conftest import REPO

SRC = REPO / "src" / "pplint"
FILES = [*sorted((SRC / "fix").glob("*.py")), SRC / "cli" / "fix.py"]
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
CATALOG = yaml.safe_load(
    (resources.files("pplint.core") / "catalog" / "fix.yaml").read_text(encoding="utf-8")
)


def said(path: Path) -> set[str]:
    """The English templates a module says: the first argument of each Note.of() and tr()
    call, as a string or a module constant, and the problems a write returns."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant | ast.JoinedStr):
            value = _string(node.value)
            for target in node.targets:
                if isinstance(target, ast.Name) and value:
                    constants[target.id] = value
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            first = (
                node.args[0]
                if name == "of"
                else node.args[1]
                if name == "tr" and len(node.args) > 1
                else None
            )
            if isinstance(first, ast.Name) and first.id in constants:
                out.add(constants[first.id])
            elif first is not None and _string(first):
                out.add(str(_string(first)))
        if isinstance(node, ast.FunctionDef) and node.name == "write_fixed":
            for ret in ast.walk(node):
                if isinstance(ret, ast.Return) and ret.value is not None:
                    text = _string(ret.value)
                    if text:
                        out.add(text)
    return {" ".join(t.split()) for t in out}


def _string(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # f"...{exc.strerror or exc}" -> its template
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append("{reason}")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string(node.left), _string(node.right)
        return left + right if left is not None and right is not None else None
    return None


def test_every_text_the_fix_code_says_is_catalogued() -> None:
    keys = {" ".join(k.split()) for k in CATALOG}
    texts = set().union(*(said(p) for p in FILES))
    assert len(texts) > 30
    missing = sorted(t for t in texts if t not in keys and i18n.catalogue().get(t) is None)
    assert not missing, missing


@pytest.mark.parametrize(("english", "local"), list(CATALOG.items()), ids=lambda v: str(v)[:50])
def test_each_entry_is_complete(english: str, local: Any) -> None:
    assert isinstance(local, dict) and set(local) == {"es", "ca"}, english
    names = sorted(PLACEHOLDER.findall(english))
    for lang in ("es", "ca"):
        assert local[lang].strip() and sorted(PLACEHOLDER.findall(local[lang])) == names, (
            lang,
            english,
        )
    assert not english.startswith("{"), "a template that starts with a value is tried on every text"


def test_fix_speaks_the_tenders_language_or_langs(tmp_path: Path) -> None:
    path = tmp_path / "r.tender.yaml"
    shutil.copy(REPO / "examples" / "bad" / "road-works.tender.yaml", path)
    spanish = CliRunner().invoke(main, ["fix", str(path), "--diff", "--no-config"])
    assert "se aplicaría safe ENV-EMS-001 línea 81: añadir «o equivalente» tras “ISO 14001”" in (
        spanish.output
    ), spanish.output
    assert "corrección para revisar: añada --review-fixes para aplicarla" in spanish.output
    catalan = CliRunner().invoke(main, ["fix", str(path), "--diff", "--no-config", "--lang", "ca"])
    assert "s'aplicaria safe ENV-EMS-001 línia 81" in catalan.output
    assert "Fitxers que canviarien: 1 de 1." in catalan.output
