"""The check-kind registry: what a kind is given (Context), returns (Hit), and declares."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from pplint.analysis.conditions import check_param
from pplint.analysis.context import TenderContext
from pplint.analysis.tender import PLACES, SECTIONS, Item
from pplint.core.model import REASONS, RULE_FAMILIES, DocPath
from pplint.core.rules import Rule, RuleSet
from pplint.load import schemas


@dataclass(slots=True)
class Hit:
    """What a check found, before the engine turns it into a located Finding."""

    kind: str
    path: DocPath
    vars: dict[str, Any] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()
    details: tuple[str, ...] = ()
    clause: str | None = None
    note: str = ""
    elements: tuple[
        str, ...
    ] = ()  # the required elements a weak clause lacks, by name  # appended to the rule's message


Context = TenderContext  # what a check kind is given, under the name plugins import


class CheckKind(Protocol):
    def __call__(self, ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]: ...


@dataclass(frozen=True, slots=True)
class Registered:
    """A check kind: its function, the JSON Schema of its options, and the lexicons it reads
    by name (a rule set that uses the kind must define them)."""

    run: CheckKind
    options: dict[str, Any]
    lexicons: tuple[str, ...] = ()


REGISTRY: dict[str, Registered] = {}

NUM: dict[str, Any] = {
    "oneOf": [{"type": "number"}, {"type": "string", "pattern": "^\\$[a-z0-9][a-z0-9-]*$"}]
}
LANGS: dict[str, Any] = {
    "type": "object",
    "propertyNames": {"enum": ["en", "es", "ca"]},
    "minProperties": 1,
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
TERMS: dict[str, Any] = {"oneOf": [{"type": "string"}, LANGS]}
TOPICS: dict[str, Any] = {"type": "array", "items": {"type": "string"}, "minItems": 1}
FAMILY_LIST: dict[str, Any] = {
    "type": "array",
    "items": {"enum": list(RULE_FAMILIES)},
    "minItems": 1,
}
PLACE_LIST: dict[str, Any] = {"type": "array", "items": {"enum": [*PLACES, "title"]}, "minItems": 1}
REASON: dict[str, Any] = {"enum": list(REASONS)}


def register(
    name: str, *, lexicons: Iterable[str] = (), **properties: Any
) -> Callable[[CheckKind], CheckKind]:
    """Register a check kind under ``name`` with the JSON Schema of its options and the
    lexicons it needs (loading a pack fails at a rule using the kind when one is missing)."""
    needed = (lexicons,) if isinstance(lexicons, str) else tuple(lexicons)
    if not all(isinstance(n, str) and n for n in needed):
        raise TypeError(f"check kind {name}: lexicons must be lexicon names, got {lexicons!r}")

    def wrap(fn: CheckKind) -> CheckKind:
        REGISTRY[name] = Registered(
            fn,
            {
                "type": "object",
                "additionalProperties": False,
                "properties": properties,
            },
            needed,
        )
        _VALIDATORS.pop(name, None)  # a kind registered again is validated with its new schema
        return fn

    return wrap


def missing_lexicons(rs: RuleSet, kind: str) -> tuple[str, ...]:
    """The lexicons check kind ``kind`` needs that the rule set does not define."""
    return tuple(name for name in REGISTRY[kind].lexicons if name not in rs.lexicons)


_VALIDATORS: dict[str, Any] = {}


def validate_options(
    rs: RuleSet, kind: str, options: Mapping[str, Any]
) -> Iterator[tuple[DocPath, str]]:
    """Schema problems of a rule's options, then names it uses that no pack defines."""
    if kind not in _VALIDATORS:
        _VALIDATORS[kind] = schemas.validator_for(REGISTRY[kind].options)
    problems = schemas.validate_with(_VALIDATORS[kind], dict(options))
    if problems:
        yield from problems
        return
    yield from _refs(rs, options, ())


def option_references(rs: RuleSet, options: Mapping[str, Any]) -> Iterator[tuple[DocPath, str]]:
    """Names a rule's options use that no pack defines (topics, lexicons, params, conditions)."""
    return _refs(rs, options, ())


def _refs(rs: RuleSet, value: Any, path: DocPath) -> Iterator[tuple[DocPath, str]]:
    if isinstance(value, Mapping):
        for key, sub in value.items():
            here = (*path, key)
            if key == "topics":
                for i, t in enumerate(sub):
                    if t not in rs.topics:
                        yield (*here, i), f"unknown topic `{t}`"
            elif key in ("terms", "labels", "unless", "placeholders", "generic") and isinstance(
                sub, str
            ):
                if sub not in rs.lexicons:
                    yield here, f"unknown lexicon `{sub}`"
            elif key in ("if", "then", "require_condition"):
                from pplint.analysis.conditions import check_condition_refs

                if key != "require_condition":
                    for p, msg in check_condition_refs(rs, sub):
                        yield (*here, *p), msg
                else:
                    yield from _refs(rs, sub, here)
            else:
                yield from check_param(rs, sub, here)
                yield from _refs(rs, sub, here)
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _refs(rs, sub, (*path, i))


def places(options: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(options.get("in") or PLACES)


def items_in(ctx: Context, options: Mapping[str, Any]) -> list[Item]:
    where = places(options)
    return [i for i in ctx.tender.items if i.in_places(where)]


def anchor_for(ctx: Context, options: Mapping[str, Any]) -> DocPath:
    """Where a missing clause belongs: the first existing list among the places, or tender."""
    where = options.get("in") or PLACES
    data = ctx.tender.data
    wants_clauses = any(p in where for p in SECTIONS)
    wants_award = any(p.startswith("award") for p in where)
    order = (["clauses"] if wants_clauses else []) + (["award_criteria"] if wants_award else [])
    if wants_award and not wants_clauses:
        order = ["award_criteria"]
    for key in order:
        if key in data:
            return (key,)
    return ("tender",)


def describe_places(options: Mapping[str, Any]) -> str:
    where = options.get("in")
    if not where:
        return "any clause or award criterion"
    names = {
        "award": "award criteria",
        "award:price": "price criteria",
        "award:cost": "cost criteria",
        "award:quality": "quality criteria",
    }
    words = [names.get(p, f"{p} clauses") for p in where]
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


# register the built-in kinds
