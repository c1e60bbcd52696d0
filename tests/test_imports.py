"""Import hygiene: a light `--version` and `--help`, and layers below output that load no
presentation library (which modules may import which: test_layers.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_layers import MODULES

HEAVY = ("jsonschema", "rich", "jinja2")
PRESENTATION_LIBS = ("click", "rich", "jinja2")
BELOW_OUTPUT = ("core", "load", "analysis", "checks", "packs", "engine")


def loaded_after_main(
    argv: list[str], heavy: tuple[str, ...] = HEAVY, env: dict[str, str] | None = None
) -> tuple[list[str], str]:
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
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})\n"
        "print(json.dumps({'heavy': heavy, 'out': out.getvalue()}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
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


def test_a_serial_check_of_short_clauses_needs_no_regex_package_and_no_worker_pool(
    tmp_path: Path,
) -> None:
    """Shipped regex terms run with re on short texts, and one file is checked in-process."""
    from conftest import REPO

    example = str(REPO / "examples" / "good" / "laptops.tender.yaml")
    env = {**os.environ, "PPLINT_CACHE_DIR": str(tmp_path)}
    argv = ["check", example, "--format", "text"]
    loaded_after_main(argv, env=env)  # the first run writes the pack cache
    heavy, out = loaded_after_main(argv, HEAVY + ("regex", "multiprocessing"), env)
    assert out == ""  # the example is clean
    assert heavy == [], f"a check of {example} imported {heavy}"


def test_importing_cli_is_light() -> None:
    code = (
        "import json, sys\nimport pplint.cli\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_core_import_time_loads_no_presentation_library() -> None:
    """Importing every module below the output layer loads neither click, rich nor jinja2."""
    names = sorted(n for n in MODULES if n.split(".")[1:2] and n.split(".")[1] in BELOW_OUTPUT)
    assert len(names) > 20
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


def test_every_subcommand_is_listed_with_the_module_that_registers_it() -> None:
    """The lazy group imports a command's module on first use: the table must name them all."""
    import importlib

    import click

    from pplint.cli.main import SUBCOMMANDS, main

    for module in sorted(set(SUBCOMMANDS.values())):
        importlib.import_module(module)
    registered = {
        name: command.callback.__module__
        for name, command in main.commands.items()
        if isinstance(command, click.Command) and command.callback is not None
    }
    assert registered == SUBCOMMANDS
