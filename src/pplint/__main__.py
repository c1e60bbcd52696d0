"""Entry point for ``python -m pplint``."""

from pplint.cli.main import main

main()
