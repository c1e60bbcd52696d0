"""Import hygiene: a light `--version` and `--help`, and a core free of presentation libraries."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "pplint"
HEAVY = ("jsonschema", "rich", "jinja2")
PRESENTATION_LIBS = ("click", "rich", "jinja2")
CORE = (
    "model",
    "errors",
    "source",
    "schemas",
    "rulepack",
    "classify",
    "conditions",
    "text",
    "tender",
    "engine",
    "config",
    "waivers",
    "baseline",
    "selftest",
)
PRESENTATION = ("docs", "clauses", "report")


def core_files() -> list[Path]:
    files = [SRC / f"{name}.py" for name in CORE]
    files += sorted((SRC / "checks").glob("*.py"))
    return files


def presentation_files() -> list[Path]:
    return [SRC / f"{name}.py" for name in PRESENTATION] + sorted((SRC / "formatters").glob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at top level or inside functions, as dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = (
        "pplint.checks"
        if path.parent.name == "checks"
        else ("pplint.formatters" if path.parent.name == "formatters" else "pplint")
    )
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                getattr(node.func, "id", None) == "__import__"
                or getattr(node.func, "attr", None) == "import_module"
                or getattr(node.func, "id", None) == "import_module"
            )
        ):
            found.add(node.args[0].value)
    return found


def top_level(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def loaded_after_main(argv: list[str]) -> tuple[list[str], str]:
    """Heavy modules in sys.modules after cli.main(argv) in a fresh interpreter, and stdout."""
    code = (
        "import contextlib, io, json, sys\n"
        "from pplint import cli\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        f"        cli.main({argv!r}, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print(json.dumps({'heavy': heavy, 'out': out.getvalue()}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["heavy"], result["out"]


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_stay_light(argv: list[str]) -> None:
    heavy, out = loaded_after_main(argv)
    assert out.strip(), f"main({argv}) printed nothing"
    if argv == ["--version"]:
        from pplint import __version__

        assert __version__ in out
    else:
        assert "check" in out
    assert heavy == [], f"pplint {argv[0]} imported {heavy}"


def test_importing_cli_is_light() -> None:
    code = (
        "import json, sys\nimport pplint.cli\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_core_file_list_is_current() -> None:
    missing = [str(p.relative_to(SRC)) for p in core_files() if not p.is_file()]
    assert not missing, f"core modules named in this test are gone: {missing}; update CORE"
    assert len(list((SRC / "checks").glob("*.py"))) > 1


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_core_imports_no_presentation_library(path: Path) -> None:
    modules = imported_modules(path)
    bad = sorted(top_level(modules) & set(PRESENTATION_LIBS))
    assert not bad, f"{path.relative_to(SRC)} imports {bad}: the core must not need them"
    ui = sorted(
        m for m in modules if m.split(".")[:2] in (["pplint", "cli"], ["pplint", "commands"])
    )
    assert not ui, f"{path.relative_to(SRC)} imports the command line ({ui})"


@pytest.mark.parametrize("path", presentation_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_presentation_never_imports_click(path: Path) -> None:
    modules = imported_modules(path)
    assert "click" not in top_level(modules), f"{path.relative_to(SRC)} imports click"
    ui = sorted(
        m for m in modules if m.split(".")[:2] in (["pplint", "cli"], ["pplint", "commands"])
    )
    assert not ui, f"{path.relative_to(SRC)} imports the command line ({ui})"


def test_core_import_time_loads_no_presentation_library() -> None:
    """Importing every core module (transitively) loads neither click, rich nor jinja2."""
    names = [
        f"pplint.{p.stem}" if p.parent == SRC else f"pplint.checks.{p.stem}" for p in core_files()
    ]
    names = [n.removesuffix(".__init__") for n in names]
    code = (
        f"import importlib, json, sys\nfor name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & "
        f"{set(PRESENTATION_LIBS)!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
