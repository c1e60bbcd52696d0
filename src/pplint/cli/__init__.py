"""The command line: options, subcommands, and every read of argv, the environment and files
written."""

from pplint.cli import check as check  # registers `pplint check` on ``main``
from pplint.cli import commands as commands  # registers the other subcommands
from pplint.cli import fix as fix  # registers `pplint fix`
from pplint.cli import importer as importer  # registers `pplint import`
from pplint.cli import report as report  # registers `pplint report`
from pplint.cli import scan as scan  # registers `pplint scan`
from pplint.cli.main import main as main
