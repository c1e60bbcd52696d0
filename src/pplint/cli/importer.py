"""`pplint import`: the tender YAML a published notice maps to, to start editing from."""

from __future__ import annotations

from pathlib import Path

import click

from pplint.cli.main import UserError, main, printable


@main.command("import")
@click.argument("notice", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output", help="Write the tender here (default: print it).")
@click.option(
    "--document",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Which document of a file that holds several (an OCDS package or JSON Lines).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def import_cmd(notice: str, output: str | None, document: int, force: bool) -> None:
    """Write the tender YAML an eForms, TED or OCDS notice maps to, each value commented with
    where the notice gives it; `pplint check` on it reports the rules checking the notice does."""
    from pplint.cli.outputs import write_file
    from pplint.core.errors import LoadError, PplintError
    from pplint.core.files import ReadError, read_limited
    from pplint.load.limits import DEFAULT_MAX_BYTES
    from pplint.notices.load import load_documents
    from pplint.notices.yamlout import dump

    try:
        raw = read_limited(notice, DEFAULT_MAX_BYTES)
    except ReadError as exc:
        raise UserError(f"{notice}: {exc.message}") from None
    try:
        docs = load_documents(raw, notice) or []
    except LoadError as exc:
        raise UserError(str(exc)) from None
    if not docs:
        raise UserError(f"{notice}: not a published notice (eForms, TED or OCDS)")
    if document > len(docs):
        raise UserError(f"{notice} holds {len(docs)} documents: --document {document} is not one")
    text = dump(docs[document - 1], Path(notice).name)
    if output is None:
        click.echo(text, nl=False)
        return
    if Path(output).exists() and not force:
        raise UserError(f"{output} exists; use --force to overwrite it")
    try:
        write_file(output, text, "the tender")
    except PplintError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"Wrote {printable(output)}. Next: pplint check {printable(output)}")
