"""What every output format shares: visible text, display names, repository paths, size caps."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from pplint import __version__
from pplint.core.rules import Rule
from pplint.output.formatters import indented

TOOL = {"name": "pplint", "version": __version__}

MAX_TEXT = 4000  # characters of one message, path or clause in any output
ELLIPSIS = "..."

# control characters (C0, DEL, C1), bidirectional overrides, line and paragraph separators,
# surrogates (undecodable bytes of a file name, or lone ones) and the two XML non-characters
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(char: str) -> str:
    """One invisible character as a visible escape: `\\n`, `\\x1b`, `\\xe9` (a byte), `\\u202e`."""
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code < 0x80:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """Text with every invisible or unencodable character escaped, except those in `keep`."""
    return _INVISIBLE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """Text cut to `limit` characters, saying how many were left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}{ELLIPSIS} ({len(text) - limit:,} more characters)"


def shown(text: str) -> str:
    """Untrusted text as a human format prints it: capped, on one line, nothing invisible."""
    return visible(clip(text))


def display_name(file: str) -> str:
    """A file name as shown: visible and lossless (a backslash that is not a separator doubled)."""
    if os.sep != "\\":
        file = file.replace("\\", "\\\\")
    return visible(file)


def _inside(path: str, root: Path) -> str | None:
    """The POSIX path of `path` below `root`, or None (both absolute and normalised)."""
    try:
        return PurePath(path).relative_to(root).as_posix()
    except ValueError:
        return None


def repo_path(file: str, root: Path) -> str | None:
    """The file's POSIX path relative to the repository root, or None when it lies outside."""
    absolute = os.path.normpath(os.path.join(os.getcwd(), file))
    found = _inside(absolute, root)
    if found is None:  # maybe through a symbolic link, as /tmp on macOS
        found = _inside(os.path.realpath(absolute), Path(os.path.realpath(root)))
    return found


def ci_path(file: str, root: Path) -> str:
    """The file as CI tools map it: relative to the repository root, else absolute (POSIX)."""
    found = repo_path(file, root)
    if found is not None:
        return found
    return PurePath(os.path.normpath(os.path.join(os.getcwd(), file))).as_posix()


def uri_reference(path: str) -> str:
    """A relative POSIX path as a URI reference: its real bytes percent-encoded."""
    return quote(os.fsencode(path), safe="/")


def file_uri(file: str) -> str:
    """An absolute `file:` URI for the file (its real bytes percent-encoded)."""
    return Path(os.path.normpath(os.path.join(os.getcwd(), file))).as_uri()


def root_uri(root: Path) -> str:
    """The repository root as a `file:` URI ending in a slash, as SARIF wants a base URI."""
    uri = root.as_uri()
    return uri if uri.endswith("/") else uri + "/"


def dump_json(data: Any) -> str:
    """Indented UTF-8 JSON text; a lone surrogate left in a string becomes a visible escape."""
    return nested_json(data, 0) + "\n"


def nested_json(data: Any, depth: int) -> str:
    """``data`` as dump_json writes it nested ``depth`` levels deep (no final newline)."""
    text = indented.dumps(data, depth)
    return _SURROGATE.sub(lambda m: json.dumps(_escape(m.group()))[1:-1], text)


def json_list(items: list[str], depth: int) -> str:
    """A JSON list, ``depth`` levels deep, of items written by ``nested_json(.., depth + 1)``."""
    if not items:
        return "[]"
    inner = "  " * (depth + 1)
    return "[\n" + ",\n".join(inner + item for item in items) + "\n" + "  " * depth + "]"


def fill_json(skeleton: str, lists: dict[str, list[str]], depth: int) -> str:
    """A dump_json text whose empty lists under these keys (each written once, in this order,
    ``depth`` levels deep) are filled with the items given."""
    out = []
    rest = skeleton
    for key, items in lists.items():
        marker = f"{json.dumps(key)}: []"
        head, found, rest = rest.partition(marker)
        assert found, key
        out += [head, f"{json.dumps(key)}: ", json_list(items, depth)]
    return "".join(out) + rest


def legal_text(rule: Rule) -> str:
    """Legal basis in one line: `Directive 2014/24/EU Art. 70; Law 9/2017 art. 202`."""
    parts = []
    for basis in rule.legal_basis:
        part = basis["instrument"]
        if basis.get("article"):
            part += f" {basis['article']}"
        parts.append(part)
    return "; ".join(parts)
