"""The command line: options, subcommands, and every read of argv, the environment and files
written."""

from pplint.cli import commands as commands  # registers the subcommands on ``main``
from pplint.cli.main import main as main
