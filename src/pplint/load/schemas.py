"""The shipped JSON Schemas, and their errors turned into located messages in plain words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from pplint.core.errors import LoadError, PplintError
from pplint.core.files import ReadError, read_limited
from pplint.core.model import DocPath, format_path
from pplint.load import fastschema
from pplint.load.source import SourceDoc, load_bytes

SCHEMAS = ("tender", "rulepack", "config")

_TYPE_WORDS = {
    "string": "a text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "empty (null)",
}


# booleans in YAML 1.1, text in YAML 1.2 (true and false are the only booleans there)
_YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n"})


def schema_text(name: str) -> str:
    """The raw JSON text of a shipped schema."""
    return resources.files("pplint.load").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


@cache
def _validator(name: str, definition: str | None = None) -> Any:
    """A validator on its own copy of the schema: callers may change what schema() returns.
    With ``definition``, the validator checks against that entry of the schema's ``$defs``."""
    import jsonschema

    root = json.loads(schema_text(name))
    if definition is not None:
        if definition not in root.get("$defs", {}):
            raise KeyError(f"schema {name} has no definition {definition}")
        root = {"$schema": root["$schema"], "$defs": root["$defs"], "$ref": f"#/$defs/{definition}"}
    return jsonschema.Draft202012Validator(root)


def validate(name: str, data: Any, definition: str | None = None) -> list[tuple[DocPath, str]]:
    """Schema errors of ``data`` against a shipped schema (or one of its ``$defs``), as
    (document path, message). A tender the generated validator accepts has none; any other
    is validated by jsonschema, which words the messages."""
    if name == "tender" and definition is None and fastschema.is_valid_tender(data):
        return []
    return validate_with(_validator(name, definition), data)


def validator_for(schema_dict: dict[str, Any]) -> Any:
    """A validator for a schema given as data (check-kind options)."""
    import jsonschema

    return jsonschema.Draft202012Validator(schema_dict)


def validate_with(validator: Any, data: Any) -> list[tuple[DocPath, str]]:
    """Schema errors as (document path, message) in plain words, deduplicated, in path order."""
    out: list[tuple[DocPath, str]] = []
    seen: set[tuple[DocPath, str]] = set()
    for error in validator.iter_errors(data):
        for path, message in _explain(error):
            if (path, message) not in seen:
                seen.add((path, message))
                out.append((path, message))
    out.sort(key=lambda item: [str(p) for p in item[0]])
    return out


def load_checked(
    path: Any,
    name: str,
    error: type[PplintError],
    what: str,
    definition: str | None = None,
    *,
    follow_symlinks: bool = True,
) -> SourceDoc:
    """Read a YAML mapping file (a pack, a configuration) and check it against schema ``name``
    (or its ``$defs`` entry ``definition``).

    Every problem is raised as ``error`` at its file, line and column: unreadable file, YAML
    error, duplicate key, a root that is not a mapping, the first schema violation (with a
    count of the others). With ``follow_symlinks=False`` a symbolic link is refused.
    """
    file = str(path)
    try:
        raw = read_limited(path, follow_symlinks=follow_symlinks)
    except ReadError as exc:
        raise error(f"cannot read {what}: {exc.message}", file) from None
    try:
        doc = load_bytes(raw, file)
    except LoadError as exc:
        raise error(exc.message, file, exc.line, exc.column) from None
    if doc.duplicates:
        dup = doc.duplicates[0]
        raise error(
            f"duplicate key `{dup.path[-1]}` (first at line {dup.first.line})",
            file,
            dup.location.line,
            dup.location.column,
        )
    if not isinstance(doc.data, dict):
        raise error(f"a {what} must be a YAML mapping", file, 1, 1)
    problems = validate(name, doc.data, definition)
    if problems:
        first, message = problems[0]
        loc = doc.locate(first)
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise error(message + more, file, loc.line, loc.column)
    return doc


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _one_of(values: list[Any]) -> str:
    shown = [json.dumps(v) if not isinstance(v, str) else v for v in values]
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " or " + shown[-1]


def _explain(error: Any) -> Iterator[tuple[DocPath, str]]:
    """Plain words for one jsonschema error (recursing into oneOf / anyOf alternatives)."""
    path: DocPath = tuple(error.absolute_path)
    where = format_path(path) or "document"
    kw = error.validator
    value = error.instance
    if kw in ("oneOf", "anyOf") and error.context:
        types = [
            str(s.get("type"))
            for s in error.validator_value
            if isinstance(s, dict) and isinstance(s.get("type"), str)
        ]
        if len(types) == len(error.validator_value) and not any(
            _matches_type(value, t) for t in types
        ):
            yield path, _not_type(where, value, types)
            return
        best = min(error.context, key=lambda e: len(list(e.absolute_path)) * -1)
        yield from _explain(best)
        return
    if kw == "type":
        expected = error.validator_value
        names = [str(n) for n in (expected if isinstance(expected, list) else [expected])]
        yield path, _not_type(where, value, names)
    elif kw == "required":
        missing = [k for k in error.validator_value if isinstance(value, dict) and k not in value]
        for key in missing:
            yield path, f"{where}: required field `{key}` is missing"
    elif kw == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extras = [k for k in value if k not in error.schema.get("properties", {})]
        for key in extras:
            hint = f" (expected one of: {', '.join(allowed)})" if allowed else ""
            yield (*path, key), f"{format_path((*path, key))}: unknown field `{key}`{hint}"
    elif kw == "enum":
        yield path, f"{where}: {_show(value)} is not one of {_one_of(error.validator_value)}"
    elif kw == "const":
        yield path, f"{where}: must be {json.dumps(error.validator_value)}, not {_show(value)}"
    elif kw in ("minimum", "exclusiveMinimum"):
        op = "at least" if kw == "minimum" else "more than"
        yield path, f"{where}: {_show(value)} must be {op} {error.validator_value}"
    elif kw in ("maximum", "exclusiveMaximum"):
        op = "at most" if kw == "maximum" else "less than"
        yield path, f"{where}: {_show(value)} must be {op} {error.validator_value}"
    elif kw == "pattern":
        yield path, f"{where}: {_show(value)} {_pattern_words(path, error.validator_value)}"
    elif kw in ("minItems", "minProperties"):
        yield path, f"{where}: must not be empty"
    elif kw == "minLength":
        yield path, f"{where}: must not be empty"
    elif kw == "propertyNames":
        yield path, f"{where}: {error.message}"
    else:
        yield path, f"{where}: {error.message}"


def _not_type(where: str, value: Any, types: list[str]) -> str:
    """A value of the wrong type; a YAML 1.1 boolean word where a boolean belongs says so."""
    if "boolean" in types and isinstance(value, str) and value.lower() in _YAML11_BOOLEANS:
        return f"{where}: `{value}` is text in YAML 1.2: write true or false"
    words = " or ".join(_TYPE_WORDS.get(t, t) for t in types)
    if types == ["string"] and isinstance(value, int | float) and not isinstance(value, bool):
        return (
            f"{where}: {_show(value)} is a number, not a text: put it in quotes (YAML reads "
            "an unquoted 09310000 as the number 9310000)"
        )
    return f"{where}: {_show(value)} is not {words}"


def _matches_type(value: Any, name: str) -> bool:
    checks: dict[str, Any] = {
        "string": lambda v: isinstance(v, str),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
        "null": lambda v: v is None,
    }
    return bool(checks.get(name, lambda v: False)(value))


def _pattern_words(path: DocPath, pattern: str) -> str:
    last = (
        path[-2]
        if path and isinstance(path[-1], int) and len(path) > 1
        else (path[-1] if path else "")
    )
    known = {
        "cpv": "is not a CPV code (8 digits, optionally a check digit as in 72212000-4)",
        "country": "is not a 2-letter ISO 3166 country code in capitals (for example ES)",
        "currency": "is not a 3-letter currency code in capitals (for example EUR)",
        "expires": "is not a date written YYYY-MM-DD",
        "rule": "is not a rule id (for example SOC-LAB-002)",
        "id": "is not a rule id (capitals, digits and dashes, for example SOC-LAB-002)",
    }
    return known.get(str(last), f"does not match the pattern {pattern}")
