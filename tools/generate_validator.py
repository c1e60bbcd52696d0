"""Regenerate src/pplint/load/_tender_valid.py from the tender schema (needs fastjsonschema)."""

from __future__ import annotations

import sys

from pplint.load import fastschema


def main() -> int:
    """Write the generated module beside the schema's loader."""
    fastschema.GENERATED.write_text(fastschema.generate(), encoding="utf-8")
    print(f"wrote {fastschema.GENERATED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
