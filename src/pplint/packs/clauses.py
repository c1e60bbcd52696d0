"""Model clauses: each rule's jinja2 templates, filled from the tender they fix.

Templates come from rule packs, which are untrusted. A template is checked against an
allow-list of jinja2 constructs (when its pack loads, and again before it is rendered, since a
cached rule set skips the load check) and rendered in jinja2's immutable sandbox, with bounds
on its output, on the texts and lists it builds, on its loop steps and on its time.
"""

from __future__ import annotations

import functools
import operator
import re
import time
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from pplint.core.rules import Rule, RuleSet

MAX_TEMPLATE = 10_000  # characters of one template
MAX_OUTPUT = 20_000  # characters a template may produce, or any text or list it builds
MAX_STEPS = 10_000  # loop steps of one rendering
MAX_SECONDS = 1.0  # time of one rendering
MAX_INT_BITS = 128  # integers a template computes

CONTEXT = frozenset({"tender", "rule", "lang", "params"})
FILTERS = frozenset(
    {
        "abs",
        "capitalize",
        "count",
        "d",
        "default",
        "first",
        "float",
        "int",
        "join",
        "last",
        "length",
        "lower",
        "round",
        "string",
        "title",
        "trim",
        "upper",
    }
)
TESTS = frozenset(
    {
        "boolean",
        "defined",
        "divisibleby",
        "eq",
        "equalto",
        "even",
        "false",
        "float",
        "ge",
        "gt",
        "in",
        "integer",
        "iterable",
        "le",
        "lower",
        "lt",
        "mapping",
        "ne",
        "none",
        "number",
        "odd",
        "sequence",
        "string",
        "true",
        "undefined",
        "upper",
    }
)
_STEP = "pplint_step"  # internal filters the checked tree is rewritten to use
_CONCAT = "pplint_concat"
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
# A template whose only markup is ``{{ path }}`` (or ``{{ path | int }}``) needs no parsing
_SIMPLE = re.compile(
    r"\{\{-?\s*(?:tender(?:\.[a-z][a-z0-9_]*)+|params\['[a-z0-9][a-z0-9-]*'\]\.value"
    r"|rule\.(?:id|title)|lang)(?:\s*\|\s*int)?\s*-?\}\}"
)


class TemplateProblem(Exception):
    """A template construct that is refused, at a line of the template."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(slots=True)
class _Work:
    """What one rendering has used so far."""

    deadline: float
    steps: int = 0


_WORK: ContextVar[_Work | None] = ContextVar("pplint_template_work", default=None)


def _tick(steps: int = 0) -> None:
    """Count work of the current rendering; stop it past its step or time bound."""
    work = _WORK.get()
    if work is None:
        return
    work.steps += steps
    if work.steps > MAX_STEPS:
        raise TemplateProblem(f"more than {MAX_STEPS:,} loop steps")
    if time.perf_counter() > work.deadline:
        raise TemplateProblem(f"took longer than {MAX_SECONDS:g} s")


def _bounded(value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_OUTPUT:
        raise TemplateProblem(f"builds a text or list longer than {MAX_OUTPUT:,}")
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise TemplateProblem("computes a number that is too large")
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float))


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": operator.mod,
}


def _binop(op: str, left: Any, right: Any) -> Any:
    """The arithmetic a template may do: numbers, and ``+`` of texts or lists, all bounded."""
    _tick()
    if op not in _OPERATORS:
        raise TemplateProblem(f"`{op}` is not allowed")
    if op in ("*", "%") and not (_is_number(left) and _is_number(right)):
        raise TemplateProblem(f"`{op}` works on numbers only")
    if (
        op == "*"
        and isinstance(left, int)
        and isinstance(right, int)
        and (left.bit_length() + right.bit_length() > MAX_INT_BITS)
    ):
        raise TemplateProblem("computes a number that is too large")
    if (
        op == "+"
        and hasattr(left, "__len__")
        and hasattr(right, "__len__")
        and (len(left) + len(right) > MAX_OUTPUT)
    ):
        raise TemplateProblem(f"builds a text or list longer than {MAX_OUTPUT:,}")
    return _bounded(_OPERATORS[op](left, right))


def _counted(filter_: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that counts as work and whose result is bounded."""

    @functools.wraps(filter_)
    def run(*args: Any, **kwargs: Any) -> Any:
        _tick()
        return _bounded(filter_(*args, **kwargs))

    return run


def _join(value: Any, d: str = "") -> str:
    """``join``, refusing a result longer than the output bound before building it."""
    separator = str(d)
    parts: list[str] = []
    size = 0
    for item in value:
        _tick()
        part = str(item)
        size += len(part) + (len(separator) if parts else 0)
        if size > MAX_OUTPUT:
            raise TemplateProblem(f"builds a text longer than {MAX_OUTPUT:,}")
        parts.append(part)
    return separator.join(parts)


def _concat(parts: Any) -> str:
    """``a ~ b``, bounded like ``join``."""
    return _join(parts)


def _step(value: Any) -> Iterator[Any]:
    """A loop's items, each counted as a step."""
    for item in value:
        _tick(1)
        yield item


@functools.cache
def _env() -> Any:
    """The sandboxed environment, with only the allowed filters, tests and globals."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Sandbox(ImmutableSandboxedEnvironment):
        """The sandbox, with arithmetic, attribute and item access counted and bounded."""

        intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

        def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
            return _binop(op, left, right)

        def getattr(self, obj: Any, attribute: str) -> Any:
            _tick()
            return super().getattr(obj, attribute)

        def call(self, context: Any, obj: Any, *args: Any, **kwargs: Any) -> Any:
            # the check lets only `namespace(...)` through; a cached rule set or a renamed
            # callable must not get anything else called
            if obj is not jinja2.utils.Namespace or args:
                raise jinja2.exceptions.SecurityError("only namespace(name=value) may be called")
            _tick()
            return super().call(context, obj, **kwargs)

        def getitem(self, obj: Any, argument: Any) -> Any:
            _tick()
            return super().getitem(obj, argument)

    env = Sandbox(
        undefined=jinja2.ChainableUndefined, autoescape=False, keep_trailing_newline=False
    )
    filters = {name: _counted(env.filters[name]) for name in FILTERS - {"join"}}
    filters.update(join=_counted(_join), **{_STEP: _step, _CONCAT: _counted(_concat)})
    env.filters = filters
    env.tests = {name: env.tests[name] for name in TESTS}
    env.globals = {"namespace": env.globals["namespace"]}
    return env


def template_problem(text: str) -> TemplateProblem | None:
    """Why a model-clause template is refused (syntax, unknown filter, refused construct)."""
    if len(text) <= MAX_TEMPLATE and "{" not in _SIMPLE.sub("", text):
        return None
    tree = _checked_tree(text)
    return tree if isinstance(tree, TemplateProblem) else None


@functools.lru_cache(maxsize=512)
def _compile(text: str) -> Any:
    """The template compiled from its checked tree, or why it is refused (cached by text)."""
    tree = _checked_tree(text)
    if isinstance(tree, TemplateProblem):
        return tree
    try:
        return _env().from_string(tree)
    except Exception as exc:  # anything else jinja2 refuses
        return TemplateProblem(f"the template cannot be compiled: {_short(exc)}")


def _checked_tree(text: str) -> Any:
    """The parsed template, checked and rewritten (loops counted, ``~`` bounded), or why it
    is refused."""
    import jinja2

    if len(text) > MAX_TEMPLATE:
        return TemplateProblem(f"the template is longer than {MAX_TEMPLATE:,} characters")
    try:
        tree = _env().parse(text)
        _Checker().visit(tree, in_loop=False)
        return tree
    except TemplateProblem as problem:
        return problem
    except jinja2.TemplateSyntaxError as exc:
        return TemplateProblem(f"template syntax error: {exc.message}", exc.lineno or 1)
    except RecursionError:
        return TemplateProblem("the template is nested too deeply")
    except Exception as exc:  # anything else jinja2 refuses
        return TemplateProblem(f"the template cannot be read: {_short(exc)}")


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
            node.iter = nodes.Filter(node.iter, _STEP, [], [], None, None, lineno=line)
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
            node.nodes = [nodes.Filter(pieces, _CONCAT, [], [], None, None, lineno=line)]

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


def _number(value: float) -> float | int:
    """30.0 reads as 30 in a clause."""
    return int(value) if float(value).is_integer() else value


def pick_language(rule: Rule, language: str) -> str:
    for lang in (language, "en", "es", "ca"):
        if lang in rule.model_clause:
            return lang
    return next(iter(rule.model_clause))


def render(
    rule: Rule,
    rs: RuleSet,
    tender: Mapping[str, Any] | None,
    language: str | None = None,
    params: Mapping[str, float] | None = None,
) -> str:
    """The rule's model clause in the tender's language (or English), filled from the tender;
    a short note in brackets instead when the template is refused or fails."""
    tender = tender or {}
    token = _WORK.set(_Work(time.perf_counter() + MAX_SECONDS))
    try:  # a cached rule set is untrusted too: nothing here may raise
        lang = pick_language(rule, language or str(tender.get("language") or "en"))
        values = {
            name: {
                "value": _number(params.get(name, p.value) if params else p.value),
                "unit": p.unit,
                "source": p.source,
            }
            for name, p in rs.params.items()
        }
        template = _compile(rule.model_clause[lang])
        if isinstance(template, TemplateProblem):
            raise template
        text = _generate(
            template,
            dict(
                tender=tender, rule={"id": rule.id, "title": rule.title}, lang=lang, params=values
            ),
        )
    except Exception as exc:  # a template error must not hide the findings
        return f"[model clause of {rule.id} could not be rendered: {_short(exc)}]"
    finally:
        _WORK.reset(token)
    return " ".join(text.split())


def _generate(template: Any, context: dict[str, Any]) -> str:
    """Render piece by piece, stopping as soon as the output passes its bound."""
    parts: list[str] = []
    size = 0
    for part in template.generate(**context):
        size += len(part)
        if size > MAX_OUTPUT:
            raise TemplateProblem(f"the clause is longer than {MAX_OUTPUT:,} characters")
        parts.append(part)
    return "".join(parts)


def _short(exc: Exception) -> str:
    text = exc.message if isinstance(exc, TemplateProblem) else str(exc)
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:199] + "…"
