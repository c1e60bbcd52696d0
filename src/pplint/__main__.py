"""Entry point for ``python -m pplint``."""

from pplint.cli import main

main()
