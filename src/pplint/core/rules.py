"""Rule packs as data: params, topics, rules, refinements, packs, and the merged RuleSet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pplint.core.model import Location, Severity


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    value: float
    source: str
    unit: str | None = None
    date: str | None = None
    verified: bool = True
    pack: str = ""


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    title: str
    family: str
    signals: Mapping[str, tuple[str, ...]]
    pack: str = ""
    natures: tuple[str, ...] = ()  # the contract natures its signals count in; () for all


@dataclass(slots=True)
class Refinement:
    rule: str
    when: dict[str, Any]
    severity: Severity | None
    options: dict[str, Any]
    message: str | None
    legal_basis: list[dict[str, str]]
    examples: list[dict[str, Any]]
    pack: str
    file: str
    location: Location
    index: int  # position in the pack's `refine:` list
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)  # by language


@dataclass(slots=True)
class Rule:
    id: str
    title: str
    family: str
    severity: Severity
    check: str
    options: dict[str, Any]
    message: str
    rationale: str
    legal_basis: list[dict[str, str]]
    model_clause: dict[str, str]
    examples: list[dict[str, Any]]
    applies: dict[str, Any] = field(default_factory=dict)
    notes: str = ""
    pack: str = ""
    file: str = ""
    location: Location = Location(1, 1)
    refinements: list[Refinement] = field(default_factory=list)
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)  # by language

    def topics(self) -> tuple[str, ...]:
        """The topics this rule looks for (used for tags naming a rule id)."""
        return tuple(self.options.get("topics") or ())


@dataclass(slots=True)
class Pack:
    name: str
    title: str
    description: str
    jurisdiction: str
    default: bool
    file: str
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)  # by language


@dataclass(slots=True)
class RuleSet:
    """Everything the loaded packs define, merged, with cross-references checked."""

    packs: list[Pack] = field(default_factory=list)
    params: dict[str, Param] = field(default_factory=dict)
    lexicons: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)

    def rule_list(self) -> list[Rule]:
        return sorted(self.rules.values(), key=lambda r: r.id)


def resolve(rs: RuleSet, value: Any, overrides: Mapping[str, float]) -> Any:
    """A number, or ``$param`` looked up in the overrides then the packs."""
    if isinstance(value, str) and value.startswith("$"):
        name = value[1:]
        if name in overrides:
            return overrides[name]
        return rs.params[name].value
    return value
