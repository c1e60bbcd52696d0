"""Indented JSON text, byte for byte what ``json.dumps(indent=2, ensure_ascii=False)`` writes,
built by plain recursion with the C string encoder (the standard encoder is pure Python when it
indents)."""

from __future__ import annotations

import json
from typing import Any

try:
    from _json import encode_basestring as _quote
except ImportError:  # pragma: no cover - CPython always has it
    from json.encoder import py_encode_basestring as _quote

_float_repr = float.__repr__
_int_repr = int.__repr__


def dumps(data: Any, depth: int = 0) -> str:
    """``data`` as indented JSON whose nested lines start ``depth`` levels (two spaces each)
    deeper, as ``json.dumps(data, indent=2, ensure_ascii=False)`` with those lines shifted."""
    out: list[str] = []
    _encode(data, "\n" + "  " * depth, out)
    return "".join(out)


def _encode(value: Any, newline: str, out: list[str]) -> None:
    """Append the text of one value whose lines start after ``newline``."""
    if isinstance(value, str):
        out.append(_quote(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(_int_repr(value))
    elif isinstance(value, float):
        out.append(_float_text(value))
    elif isinstance(value, dict):
        _encode_dict(value, newline, out)
    elif isinstance(value, (list, tuple)):
        _encode_list(value, newline, out)
    else:  # whatever else the standard encoder does with it (including its TypeError)
        text = json.dumps(value, indent=2, ensure_ascii=False)
        out.append(text.replace("\n", newline))


def _float_text(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == -float("inf"):
        return "-Infinity"
    return _float_repr(value)


def _encode_dict(value: dict[Any, Any], newline: str, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    inner = newline + "  "
    first = True
    for key, item in value.items():
        if not isinstance(key, str):  # the standard encoder's key rules, for the rare case
            key = _dict_key(key)
        out.append("{" + inner if first else "," + inner)
        first = False
        out.append(_quote(key))
        out.append(": ")
        _encode(item, inner, out)
    out.append(newline + "}")


def _dict_key(key: Any) -> str:
    """A non-string key as the standard encoder writes it (TypeError for the ones it refuses)."""
    if isinstance(key, float):
        return _float_text(key)
    if key is True:
        return "true"
    if key is False:
        return "false"
    if key is None:
        return "null"
    if isinstance(key, int):
        return _int_repr(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _encode_list(value: list[Any] | tuple[Any, ...], newline: str, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    inner = newline + "  "
    out.append("[" + inner)
    _encode(value[0], inner, out)
    for item in value[1:]:
        out.append("," + inner)
        _encode(item, inner, out)
    out.append(newline + "]")
