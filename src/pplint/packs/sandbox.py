"""The jinja2 sandbox model clauses render in: its filters, tests and bounds on the work.

jinja2 is imported only when the environment is first built, so loading this module is cheap.
"""

from __future__ import annotations

import functools
import operator
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

MAX_TEMPLATE = 10_000  # characters of one template
MAX_OUTPUT = 20_000  # characters a template may produce, or any text or list it builds
MAX_STEPS = 10_000  # loop steps of one rendering
MAX_SECONDS = 1.0  # time of one rendering
MAX_INT_BITS = 128  # integers a template computes

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
STEP = "pplint_step"  # internal filters the checked tree is rewritten to use
CONCAT = "pplint_concat"


class TemplateProblem(Exception):
    """A template construct that is refused, at a line of the template."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line


def short(exc: Exception) -> str:
    """An error as a note shows it: on one line, at most 200 characters."""
    text = exc.message if isinstance(exc, TemplateProblem) else str(exc)
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:199] + "…"


@dataclass(slots=True)
class _Work:
    """What one rendering has used so far."""

    deadline: float
    steps: int = 0


_WORK: ContextVar[_Work | None] = ContextVar("pplint_template_work", default=None)


@contextmanager
def bounded_work() -> Iterator[None]:
    """Count the work of the rendering inside against MAX_STEPS and MAX_SECONDS."""
    token = _WORK.set(_Work(time.perf_counter() + MAX_SECONDS))
    try:
        yield
    finally:
        _WORK.reset(token)


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
def env() -> Any:
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

    sandbox = Sandbox(
        undefined=jinja2.ChainableUndefined, autoescape=False, keep_trailing_newline=False
    )
    filters = {name: _counted(sandbox.filters[name]) for name in FILTERS - {"join"}}
    filters.update(join=_counted(_join), **{STEP: _step, CONCAT: _counted(_concat)})
    sandbox.filters = filters
    sandbox.tests = {name: sandbox.tests[name] for name in TESTS}
    sandbox.globals = {"namespace": sandbox.globals["namespace"]}
    return sandbox
