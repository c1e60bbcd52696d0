"""Applicability conditions (``applies``, ``when``, ``if``/``then``) evaluated on a tender."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pplint.analysis.context import TenderContext
from pplint.analysis.fold import fold
from pplint.core.model import DocPath
from pplint.core.rules import RuleSet, resolve

# condition keys that compare one attribute of the tender view with the wanted values
_ONE_OF = {
    "nature": "nature",
    "country": "country",
    "language": "language",
    "procedure": "procedure",
    "gpp_criteria": "gpp_criteria",
    "accessibility": "accessibility",
}
_FLAGS = {
    "personal_data": "personal_data",
    "hardware": "hardware",
    "subcontracting": "subcontracting_allowed",
    "lots": "has_lots",
    "reserved": "reserved",
}


def holds(cond: Mapping[str, Any], facts: TenderContext) -> bool:
    """Whether every key of the condition holds for the tender."""
    t = facts.tender
    for key, want in cond.items():
        if key in _ONE_OF:
            ok = getattr(t, _ONE_OF[key]) in want
        elif key in _FLAGS:
            ok = getattr(t, _FLAGS[key]) is want
        elif key in ("goals", "codes"):
            ok = bool(getattr(t, key) & set(want))
        elif key == "cpv":
            ok = any(c.startswith(tuple(want)) for c in t.cpvs)
        elif key == "not_cpv":
            ok = not any(c.startswith(tuple(want)) for c in t.cpvs)
        elif key == "any_cpv":
            ok = any(c.startswith(tuple(want)) for c in t.all_cpvs)
        elif key == "value_min":
            ok = t.value is not None and t.value >= resolve(facts.rs, want, facts.params)
        elif key == "value_max":
            ok = t.value is not None and t.value < resolve(facts.rs, want, facts.params)
        elif key == "not_country":
            ok = t.country not in want
        elif key == "city":
            ok = t.city in {fold(c) for c in want}
        elif key == "mentions":
            ok = facts.mentions(want)
        elif key == "has_topic":
            ok = bool(facts.topics_present() & set(want))
        elif key == "any":
            ok = any(holds(sub, facts) for sub in want)
        elif key == "not":
            ok = not holds(want, facts)
        else:  # pragma: no cover - the schema forbids other keys
            raise KeyError(key)
        if not ok:
            return False
    return True


def check_condition_refs(rs: RuleSet, cond: Mapping[str, Any]) -> Iterator[tuple[DocPath, str]]:
    """Names a condition uses (params, lexicons, topics) that no loaded pack defines."""
    for key, want in cond.items():
        if key in ("value_min", "value_max"):
            yield from check_param(rs, want, (key,))
        elif key == "mentions" and isinstance(want, str) and want not in rs.lexicons:
            yield (key,), f"unknown lexicon `{want}`"
        elif key == "has_topic":
            for i, topic in enumerate(want):
                if topic not in rs.topics:
                    yield (key, i), f"unknown topic `{topic}`"
        elif key == "any":
            for i, sub in enumerate(want):
                for path, msg in check_condition_refs(rs, sub):
                    yield (key, i, *path), msg
        elif key == "not":
            for path, msg in check_condition_refs(rs, want):
                yield (key, *path), msg


def check_param(rs: RuleSet, value: Any, path: DocPath) -> Iterator[tuple[DocPath, str]]:
    if isinstance(value, str) and value.startswith("$") and value[1:] not in rs.params:
        yield path, f"unknown param `{value}`"
