"""YAML 1.2 core-schema tags of plain scalars, and the values they stand for or refusals.

Only true/false (three spellings each) are booleans, only null, ~ and nothing are null, and
`yes`, `no`, `on`, `NO` (Norway), `1_000`, `1:20` or dates are text. As in the core schema, a
decimal number written with a leading zero (CPV `09310000`) is the number 9310000, so codes
must be quoted; the schema message says so. Numbers must be finite and within the float range,
because downstream code compares them and calls float().
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from typing import Any

import yaml

_STD = "tag:yaml.org,2002:"
STR_TAG = f"{_STD}str"
NULL_TAG = f"{_STD}null"
BOOL_TAG = f"{_STD}bool"
INT_TAG = f"{_STD}int"
FLOAT_TAG = f"{_STD}float"
MERGE_TAG = f"{_STD}merge"
SEQ_TAG = f"{_STD}seq"
MAP_TAG = f"{_STD}map"

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# the core schema's (YAML 1.2.2, 10.3.2): a leading zero does not make a text (09310000 is a number)
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_NUMBER_START = frozenset("0123456789+-.")
_MAX_INT_DIGITS = len(str(int(sys.float_info.max)))


def implicit_tag(text: str) -> str:
    """The YAML 1.2 core schema tag of a plain scalar (plus `<<`, refused as a merge key)."""
    if text in _NULLS:
        return NULL_TAG
    if text in _BOOLS:
        return BOOL_TAG
    if text[:1] in _NUMBER_START:
        if _INT.fullmatch(text):
            return INT_TAG
        if _FLOAT.fullmatch(text) or _NOT_FINITE.fullmatch(text):
            return FLOAT_TAG
    if text == "<<":
        return MERGE_TAG
    return STR_TAG


class CoreResolver(yaml.resolver.BaseResolver):
    """Resolves untagged nodes by the YAML 1.2 core schema."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of an untagged node: by its text if plain, else text, list or mapping."""
        if kind is yaml.ScalarNode:
            return implicit_tag(value) if implicit[0] else STR_TAG
        return SEQ_TAG if kind is yaml.SequenceNode else MAP_TAG


class Refused(Exception):
    """A scalar its tag cannot hold, or a number pplint does not take."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _shown(text: str) -> str:
    """A scalar as a message shows it: short and on one line."""
    head = text if len(text) <= 40 else text[:30] + "..."
    shown = f"`{head}`" if head.isprintable() else repr(head)
    return shown if len(text) <= 40 else f"{shown} ({len(text):,} characters)"


def _impossible(text: str, tag: str, hint: str) -> Refused:
    return Refused(f"{_shown(text)} is not a valid !!{tag} value: write {hint}", "FMT-TAG")


def _too_large(text: str) -> Refused:
    return Refused(
        f"number too large: {_shown(text)}; numbers must be between -1.8e308 and 1.8e308",
        "FMT-LIMIT",
    )


def _text(text: str) -> str:
    return text


def _null(text: str) -> None:
    if text not in _NULLS:
        raise _impossible(text, "null", "null, ~ or nothing")


def _bool(text: str) -> bool:
    if text not in _BOOLS:
        raise _impossible(text, "bool", "true or false")
    return _BOOLS[text]


def _int(text: str) -> int:
    if not _INT.fullmatch(text):
        raise _impossible(text, "int", "a whole number such as 42, 0o17 or 0x1F")
    if text[:2] in ("0o", "0x"):
        value = int(text[2:], 8 if text[1] == "o" else 16)
    elif len(text.lstrip("+-")) > _MAX_INT_DIGITS:
        raise _too_large(text)  # before int(), which refuses more than 4,300 digits
    else:
        value = int(text)
    if abs(value) > sys.float_info.max:
        raise _too_large(text)
    return value


def _float(text: str) -> float:
    if _NOT_FINITE.fullmatch(text):
        raise Refused(
            f"not a finite number: {_shown(text)} (infinity and NaN cannot be compared; "
            "write a number)",
            "FMT-LIMIT",
        )
    if not _FLOAT.fullmatch(text):
        raise _impossible(text, "float", "a number such as 1.5 or 2e3")
    value = float(text)
    if math.isinf(value):
        raise _too_large(text)
    return value


# the scalar tags pplint takes, each with the function from a scalar's text to its value
SCALARS: dict[str, Callable[[str], Any]] = {
    STR_TAG: _text,
    f"{_STD}timestamp": _text,  # dates stay text
    MERGE_TAG: _text,  # `<<` is refused as a key only; as a value it is text
    NULL_TAG: _null,
    BOOL_TAG: _bool,
    INT_TAG: _int,
    FLOAT_TAG: _float,
}
