"""The allow-list a model-clause template's parsed tree is checked against, and its rewriting.

Only listed jinja2 constructs, names, filters and tests pass; loops are rewritten to count
their steps and ``~`` to bound what it builds. jinja2 is imported only to check a template.
"""

from __future__ import annotations

from typing import Any

from pplint.packs.sandbox import (
    CONCAT,
    FILTERS,
    MAX_TEMPLATE,
    STEP,
    TESTS,
    TemplateProblem,
    env,
    short,
)

CONTEXT = frozenset({"tender", "rule", "lang", "params"})
_STATEMENTS = {
    "Macro": "{% macro %}",
    "CallBlock": "{% call %}",
    "Include": "{% include %}",
    "Import": "{% import %}",
    "FromImport": "{% from ... import %}",
    "Extends": "{% extends %}",
    "Block": "{% block %}",
    "FilterBlock": "{% filter %}",
    "With": "{% with %}",
    "AssignBlock": "{% set %}...{% endset %}",
    "ExprStmt": "{% do %}",
    "Break": "{% break %}",
    "Continue": "{% continue %}",
    "Pow": "`**`",
}
_ALLOWED = frozenset(
    {
        "Template",
        "Output",
        "TemplateData",
        "If",
        "For",
        "Assign",
        "Name",
        "Const",
        "Getattr",
        "Getitem",
        "Slice",
        "Filter",
        "Test",
        "Compare",
        "Operand",
        "And",
        "Or",
        "Not",
        "Neg",
        "Pos",
        "CondExpr",
        "List",
        "Tuple",
        "Dict",
        "Pair",
        "Keyword",
        "Call",
        "NSRef",
        "Concat",
        "Add",
        "Sub",
        "Mul",
        "Div",
        "FloorDiv",
        "Mod",
    }
)


def checked_tree(text: str) -> Any:
    """The parsed template, checked and rewritten (loops counted, ``~`` bounded), or why it
    is refused."""
    import jinja2

    if len(text) > MAX_TEMPLATE:
        return TemplateProblem(f"the template is longer than {MAX_TEMPLATE:,} characters")
    try:
        tree = env().parse(text)
        _Checker().visit(tree, in_loop=False)
        return tree
    except TemplateProblem as problem:
        return problem
    except jinja2.TemplateSyntaxError as exc:
        return TemplateProblem(f"template syntax error: {exc.message}", exc.lineno or 1)
    except RecursionError:
        return TemplateProblem("the template is nested too deeply")
    except Exception as exc:  # anything else jinja2 refuses
        return TemplateProblem(f"the template cannot be read: {short(exc)}")


class _Checker:
    """Walks a parsed template: refuses what is not allowed, rewrites loops and ``~``."""

    def __init__(self) -> None:
        self.assigned: set[str] = set()

    def visit(self, node: Any, in_loop: bool) -> None:
        from jinja2 import nodes

        kind = type(node).__name__
        line = getattr(node, "lineno", 1) or 1
        if kind not in _ALLOWED:
            shown = _STATEMENTS.get(kind, f"`{kind}`")
            raise TemplateProblem(f"{shown} is not allowed in a model clause", line)
        problem = self._problem(node, in_loop)
        if problem:
            raise TemplateProblem(problem, line)
        if isinstance(node, nodes.For):
            self._collect(node.target)
            self.visit(node.iter, in_loop)
            node.iter = nodes.Filter(node.iter, STEP, [], [], None, None, lineno=line)
            for child in [node.target, *node.body, *node.else_, node.test]:
                if child is not None:
                    self.visit(child, in_loop=True)
            return
        if isinstance(node, nodes.Assign):
            self._collect(node.target)
        children = node.kwargs if isinstance(node, nodes.Call) else node.iter_child_nodes()
        for child in children:  # a call's name is namespace, checked above
            self.visit(child, in_loop)
        if isinstance(node, nodes.Concat):
            pieces = nodes.List(node.nodes, lineno=line)
            node.nodes = [nodes.Filter(pieces, CONCAT, [], [], None, None, lineno=line)]

    def _collect(self, target: Any) -> None:
        from jinja2 import nodes

        names = [n.name for n in target.find_all(nodes.Name)]
        if isinstance(target, nodes.Name):
            names.append(target.name)
        for name in names:
            if name in CONTEXT or name in {"namespace", "loop"}:
                raise TemplateProblem(
                    f"`{name}` cannot be set or used as a loop variable",
                    getattr(target, "lineno", 1) or 1,
                )
            self.assigned.add(name)

    def _problem(self, node: Any, in_loop: bool) -> str | None:
        """Why one allowed kind of node is still refused here, if it is."""
        from jinja2 import nodes

        if isinstance(node, nodes.For):
            if in_loop:
                return "a loop inside a loop is not allowed"
            if node.recursive:
                return "recursive loops are not allowed"
        if isinstance(node, nodes.Name) and node.ctx == "load":
            known = CONTEXT | self.assigned | ({"loop"} if in_loop else set())
            if node.name not in known:
                return (
                    f"unknown name `{node.name}`: a model clause may use "
                    + ", ".join(sorted(CONTEXT))
                    + " and the names it sets"
                )
        if isinstance(node, (nodes.Getattr, nodes.NSRef)) and node.attr.startswith("_"):
            return f"attribute `{node.attr}` is not allowed"
        if (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
            and node.arg.value.startswith("_")
        ):
            return f"item `{node.arg.value}` is not allowed"
        if isinstance(node, nodes.Call):
            return _call_problem(node)
        if isinstance(node, nodes.Filter) and node.name not in FILTERS:
            return f"unknown filter `{node.name}`; allowed: " + ", ".join(sorted(FILTERS))
        if isinstance(node, nodes.Test) and node.name not in TESTS:
            return f"unknown test `{node.name}`; allowed: " + ", ".join(sorted(TESTS))
        if isinstance(node, (nodes.Filter, nodes.Test)) and (node.dyn_args or node.dyn_kwargs):
            return "`*args` and `**kwargs` are not allowed"
        if isinstance(node, nodes.Mul) and any(_is_sequence(n) for n in (node.left, node.right)):
            return "multiplying a text or a list is not allowed"
        return None


def _call_problem(node: Any) -> str | None:
    from jinja2 import nodes

    if not (isinstance(node.node, nodes.Name) and node.node.name == "namespace"):
        return "calls are not allowed, except namespace(name=value, ...)"
    if node.args or node.dyn_args or node.dyn_kwargs:
        return "namespace() takes name=value arguments only"
    return None


def _is_sequence(node: Any) -> bool:
    from jinja2 import nodes

    return isinstance(node, (nodes.List, nodes.Tuple)) or (
        isinstance(node, nodes.Const) and isinstance(node.value, str)
    )
