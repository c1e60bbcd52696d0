"""Check kinds: the Python that rule packs call by name. Importing this package registers the
shipped kinds; plugins register theirs with ``register``."""

from pplint.checks import award, fields, forbidden, missing_weak, verification
from pplint.checks.registry import (
    REGISTRY,
    CheckKind,
    Context,
    Hit,
    Registered,
    option_references,
    register,
    validate_options,
)

KINDS_MODULES = (award, fields, forbidden, missing_weak, verification)

__all__ = [
    "REGISTRY",
    "CheckKind",
    "Context",
    "Hit",
    "KINDS_MODULES",
    "Registered",
    "option_references",
    "register",
    "validate_options",
]
