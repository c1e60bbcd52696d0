"""Digests of the shipped packs' regex terms, each found safe when the packs were written."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pplint.analysis.regex_guard import regex_problem
from pplint.core.digests import blake2b

# One digest a line. Written by `PPLINT_UPDATE_GOLDEN=1 python3 -m pytest tests/test_vetted.py`
# from the shipped packs; a pattern left out (the file stale or lost) is only checked again.
FILE = Path(__file__).with_name("vetted-regexes.txt")
_SIZE = 16  # bytes of a digest: a second pattern of the same digest cannot be found


def digest(pattern: str) -> str:
    """The digest of one regex pattern (hex)."""
    data = pattern.encode("utf-8", "surrogatepass")
    return blake2b(data, digest_size=_SIZE).hexdigest()


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    """The digests the package ships with (none when the file cannot be read)."""
    try:
        text = FILE.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    return frozenset(line for line in text.split() if len(line) == 2 * _SIZE)


def is_vetted(pattern: str) -> bool:
    """Whether a pattern is a shipped regex term already found safe (no need to check it
    again when a cache entry, which is untrusted, brings it back)."""
    return digest(pattern) in _known()


def vetted_lines(patterns: Iterable[str]) -> str:
    """The file's text for these patterns: the digests of those found safe, sorted."""
    safe = sorted({digest(p) for p in patterns if regex_problem(p) is None})
    return "".join(line + "\n" for line in safe)
