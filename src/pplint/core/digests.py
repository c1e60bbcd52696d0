"""SHA-256 and BLAKE2b from CPython's own modules when it has them: hashlib loads OpenSSL (2 ms)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import blake2b, sha256
else:
    try:
        from _sha256 import sha256
    except ImportError:  # another interpreter, or a later CPython (_sha2)
        from hashlib import sha256
    try:
        from _blake2 import blake2b
    except ImportError:
        from hashlib import blake2b

__all__ = ["blake2b", "sha256"]
