"""The house holds: layers import only downwards, no import cycles, and only `cli/` touches
argv, the environment, the standard streams or files it writes (docs/architecture.md)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "pplint"

# lowest first: a module may import its own layer and the layers before it, never later ones
LAYERS = (
    "core",
    "load",
    "analysis",
    "checks",
    "packs",
    "notices",
    "engine",
    "scan",
    "fix",
    "output",
    "cli",
)
TOP = {"pplint", "pplint.__main__", "pplint.api"}  # the package, `python -m pplint`, the API

# third-party libraries that belong to some layers only
ALLOWED_LIBS = {
    "click": {"cli"},
    "rich": {"output", "cli"},
    "jinja2": {"packs", "output"},
    "lxml": {"notices"},
    "pyarrow": {"cli"},
    "dask": {"scan"},
    "distributed": {"scan"},
    "ruamel": {"fix"},
}

# what only the command line may do: read argv or the environment, use the standard streams,
# write or replace files
IO_ATTRS = {
    ("sys", "argv"),
    ("sys", "stdout"),
    ("sys", "stderr"),
    ("sys", "stdin"),
    ("os", "environ"),
    ("os", "getenv"),
    ("os", "putenv"),
    ("os", "replace"),
    ("os", "rename"),
    ("os", "remove"),
    ("os", "unlink"),
    ("os", "write"),
    ("os", "fdopen"),
    ("os", "mkdir"),
    ("os", "makedirs"),
    ("os", "chmod"),
    ("os", "utime"),
    ("shutil", "*"),
    ("tempfile", "*"),
}
IO_METHODS = {"write_text", "write_bytes", "mkdir", "unlink", "touch", "rmdir"}
IO_CALLS = {"print", "input"}


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    out: dict[str, Path] = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = modules()


def layer_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def imports(path: Path) -> Iterator[tuple[int, str, bool]]:
    """(line, pplint module, at top level) for every import of a pplint module in a file;
    ``from pkg import name`` counts as importing ``pkg.name`` when that is a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        found: list[str] = []
        if isinstance(node, ast.Import):
            found = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}:{node.lineno}: use absolute imports"
            found = [node.module]
            found += [f"{node.module}.{a.name}" for a in node.names]
        for name in found:
            if name in MODULES:
                yield node.lineno, name, id(node) in top


def third_party(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, a.name.split(".")[0]) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.lineno, node.module.split(".")[0]


def test_every_module_is_in_a_layer() -> None:
    stray = [name for name in MODULES if name not in TOP and layer_of(name) is None]
    assert not stray, f"modules outside the layers {LAYERS}: {stray}; add them to a layer"
    for layer in LAYERS:
        assert f"pplint.{layer}" in MODULES, f"layer package pplint.{layer} is missing"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_down(name: str) -> None:
    """A module imports only from its own layer or lower ones."""
    own = layer_of(name)
    if own is None:
        return
    rank = LAYERS.index(own)
    bad = [
        f"line {line}: {target}"
        for line, target, _ in imports(MODULES[name])
        if (layer_of(target) is None and target not in ("pplint",))
        or (layer_of(target) is not None and LAYERS.index(str(layer_of(target))) > rank)
    ]
    assert not bad, f"{name} ({own}) imports a higher layer: {bad}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_libraries_stay_in_their_layers(name: str) -> None:
    own = layer_of(name)
    bad = [
        f"line {line}: {lib}"
        for line, lib in third_party(MODULES[name])
        if lib in ALLOWED_LIBS and own not in ALLOWED_LIBS[lib]
    ]
    assert not bad, f"{name} imports a library its layer must not need: {bad}"


def test_no_import_cycles() -> None:
    """The graph of imports between modules (top level or inside functions) has no cycle."""
    graph = {name: {t for _, t, _ in imports(path) if t != name} for name, path in MODULES.items()}
    for name in list(graph):  # importing a submodule runs its package's __init__ first
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def io_uses(path: Path) -> Iterator[str]:
    """Uses of argv, the environment, the standard streams or file writes in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner, attr = node.value.id, node.attr
            if (owner, attr) in IO_ATTRS or (owner, "*") in IO_ATTRS:
                yield f"line {node.lineno}: {owner}.{attr}"
            elif attr in IO_METHODS and owner not in ("os", "re", "str", "dict", "self"):
                yield f"line {node.lineno}: .{attr}()"
        elif isinstance(node, ast.Attribute) and node.attr in ("write_text", "write_bytes"):
            yield f"line {node.lineno}: .{node.attr}()"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in IO_CALLS:
                yield f"line {node.lineno}: {node.func.id}()"
            if node.func.id == "open" and _writes(node):
                yield f"line {node.lineno}: open() for writing"
        elif isinstance(node, ast.ImportFrom) and node.module in ("shutil", "tempfile"):
            yield f"line {node.lineno}: from {node.module} import"


def _writes(call: ast.Call) -> bool:
    modes = [a for a in call.args[1:2]] + [k.value for k in call.keywords if k.arg == "mode"]
    for mode in modes:
        if not isinstance(mode, ast.Constant) or set(str(mode.value)) & set("wax+"):
            return True
    return False


@pytest.mark.parametrize("name", sorted(n for n in MODULES if layer_of(n) not in ("cli", None)))
def test_only_cli_touches_argv_environment_streams_and_written_files(name: str) -> None:
    found = list(io_uses(MODULES[name]))
    assert not found, f"{name} does what only pplint.cli may do: {found}"


def test_the_io_test_sees_what_it_forbids(tmp_path: Path) -> None:
    """The checker above finds each kind of use it forbids (it is not vacuous)."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import os, sys\nfrom pathlib import Path\n"
        "a = sys.argv\nb = os.environ.get('X')\nprint('x')\nsys.stdout.write('x')\n"
        "Path('f').write_text('x')\nopen('f', 'w')\nos.replace('a', 'b')\n",
        encoding="utf-8",
    )
    found = list(io_uses(probe))
    assert len(found) == 7, found
    assert list(io_uses(MODULES["pplint.cli.main"])), "the command line does I/O: not seen"
