"""The command line: options, subcommands, and every read of argv, the environment and files
written."""

from pplint.cli.main import main as main  # each subcommand's module registers it on first use
