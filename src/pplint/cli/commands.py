"""Subcommands besides `check`: rules, explain, schema, init, test."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pplint.cli.main import UserError, console, fail, main, printable

if TYPE_CHECKING:
    from pplint.core.rules import RuleSet


def _ruleset(rules: tuple[str, ...], config_path: str | None, all_packs: bool = False) -> RuleSet:
    from pplint.cli import options
    from pplint.core.errors import PplintError
    from pplint.packs import rulepack

    try:
        cfg = options.load_config(config_path, True, Path.cwd())
        paths, enabled = options.pack_paths(cfg, rules)
        return rulepack.load(paths, enabled, include_optional=all_packs)
    except PplintError as exc:
        raise fail(exc) from None


@main.command("rules")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
)
@click.option("--rules", "rules", multiple=True, metavar="PATH", help="Extra rule packs.")
@click.option("--all", "all_packs", is_flag=True, help="Include opt-in packs.")
@click.option("--params", "show_params", is_flag=True, help="List the params instead.")
@click.option(
    "--output-dir",
    metavar="DIR",
    help="With --format markdown: write the whole reference (DIR/rules.md and one page per "
    "pack in DIR/rules/) instead of printing the index.",
)
@click.option("--no-color", is_flag=True)
@click.option(
    "--lang",
    type=click.Choice(["en", "es", "ca"]),
    help="Language of the titles and texts (default: the locale's).",
)
def rules_cmd(
    fmt: str,
    rules: tuple[str, ...],
    all_packs: bool,
    show_params: bool,
    output_dir: str | None,
    no_color: bool,
    lang: str | None,
) -> None:
    """List the rules of the loaded packs."""
    from pplint.core.i18n import locale_lang
    from pplint.output import docs

    lang = lang or locale_lang(os.environ)

    if output_dir and (fmt != "markdown" or show_params):
        raise UserError("--output-dir writes the Markdown reference: use it with --format markdown")
    rs = _ruleset(rules, None, all_packs or fmt == "markdown")
    if output_dir:
        _write_reference(docs.markdown_pages(rs, lang), Path(output_dir), docs.generated(lang))
        return
    if show_params:
        if fmt == "json":
            click.echo(json.dumps(docs.params_data(rs), indent=2, ensure_ascii=False))
        else:
            console(no_color).print(docs.params_table(rs))
        return
    if fmt == "json":
        click.echo(json.dumps(docs.rules_data(rs, lang), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(docs.markdown(rs, lang), nl=False)
    else:
        console(no_color).print(docs.rules_table(rs, lang))


def _write_reference(pages: dict[str, str], root: Path, generated: str) -> None:
    """Write every page under ``root``; remove generated pack pages of packs now gone (a page
    written by hand, without the generated line, is kept)."""
    from pplint.cli.outputs import write_file
    from pplint.core.errors import PplintError

    try:
        for rel, text in pages.items():
            write_file(str(root / rel), text, "the rule reference")
        for old in sorted((root / "rules").glob("*.md")):
            rel = f"rules/{old.name}"
            if rel not in pages and generated in old.read_text(encoding="utf-8", errors="replace"):
                old.unlink()
    except PplintError as exc:
        raise fail(exc) from None
    except OSError as exc:
        where = printable(str(root))
        raise UserError(
            f"cannot write the rule reference in {where}: {exc.strerror or exc}"
        ) from None
    click.echo(f"Wrote {len(pages)} pages of the rule reference under {printable(str(root))}.")


@main.command("explain")
@click.argument("rule_id")
@click.option("--rules", "rules", multiple=True, metavar="PATH", help="Extra rule packs.")
@click.option(
    "--lang",
    type=click.Choice(["en", "es", "ca"]),
    default=None,
    help="Language of the explanation and of the one model clause shown (default: the "
    "locale's language, with the model clause in every language).",
)
def explain_cmd(rule_id: str, rules: tuple[str, ...], lang: str | None) -> None:
    """Explain a rule: what it checks, why, where it applies, its legal basis and model clause."""
    from pplint.core.i18n import locale_lang
    from pplint.output import docs

    rs = _ruleset(rules, None, all_packs=True)
    rule = rs.rules.get(rule_id.upper())
    if rule is None:
        close = [r for r in rs.rules if r.startswith(rule_id.upper()[:5])][:5]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UserError(f"unknown rule `{rule_id}`{hint}; `pplint rules` lists them")
    text = docs.explain_text(rule, rs, lang or locale_lang(os.environ), [lang] if lang else None)
    click.echo(text, nl=False)


@main.command("schema")
@click.option("--pack", "which", flag_value="rulepack", help="The rule-pack schema.")
@click.option("--config", "which", flag_value="config", help="The configuration schema.")
@click.option(
    "--tender", "which", flag_value="tender", default=True, help="The tender schema (default)."
)
def schema_cmd(which: str) -> None:
    """Print a JSON Schema (for editors: yaml-language-server, VS Code)."""
    from pplint.load.schemas import schema_text

    click.echo(schema_text(which), nl=False)


@main.command("init")
@click.argument("path", default="tender.tender.yaml")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init_cmd(path: str, force: bool) -> None:
    """Write a commented starter tender that passes `pplint check`."""
    from importlib import resources

    target = Path(path)
    if target.exists() and not force:
        raise UserError(f"{path} exists; use --force to overwrite it")
    text = (
        resources.files("pplint.output")
        .joinpath("templates/starter.tender.yaml")
        .read_text("utf-8")
    )
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}") from None
    click.echo(f"Wrote {printable(path)}. Next: pplint check {printable(path)}")


@main.command("test")
@click.argument("packs", nargs=-1)
@click.option("-v", "--verbose", is_flag=True, help="List every example, not only failures.")
def test_cmd(packs: tuple[str, ...], verbose: bool) -> None:
    """Run the examples of rule packs (default: the shipped packs)."""
    from pplint.core.errors import PplintError
    from pplint.engine import selftest
    from pplint.packs import plugins, rulepack

    try:
        shipped = rulepack.shipped_dir()
        extra = [Path(p) for p in packs]
        own = {str(p.resolve()) for p in rulepack.pack_files(extra)} if extra else set()
        rs = rulepack.load([shipped, *plugins.pack_paths(), *extra], include_optional=True)
    except PplintError as exc:
        raise fail(exc) from None
    if own:
        names = {p.name for p in rs.packs if str(Path(p.file).resolve()) in own}
        wanted = [
            r
            for r in rs.rule_list()
            if r.pack in names or any(ref.pack in names for ref in r.refinements)
        ]
    else:
        wanted = rs.rule_list()
    from pplint.analysis.classify import Classifier

    classifier = Classifier(rs)
    passed = failed = 0
    for rule in wanted:
        for res in selftest.run_rule(rs, rule, classifier):
            if res.ok:
                passed += 1
                if verbose:
                    click.echo(f"ok    {res.label}")
            else:
                failed += 1
                click.echo(f"FAIL  {res.label} [{res.source}]: {res.problem}")
    click.echo(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
