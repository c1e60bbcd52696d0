"""Every message in en, es and ca: packs translated, the language chosen, texts translated."""

from __future__ import annotations

import importlib.util
import json
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from click.testing import CliRunner

from pplint.cli.main import main
from pplint.core import i18n
from pplint.core.errors import PackError
from pplint.core.messages import placeholders
from pplint.core.rules import RuleSet
from pplint.engine.checker import Engine
from pplint.engine.results import Settings
from pplint.engine.selftest import example_document
from pplint.output import docs
from pplint.packs import rulepack
from pplint.packs.localize import localize

REPO = Path(__file__).resolve().parents[1]
LOCAL = ("es", "ca")


def _tool(name: str) -> ModuleType:
    """A script of tools/ as a module."""
    spec = importlib.util.spec_from_file_location(name, REPO / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def every_rule() -> RuleSet:
    return rulepack.load([rulepack.shipped_dir()], include_optional=True)


# --- the packs ------------------------------------------------------------------------------


def test_every_shipped_rule_refinement_and_pack_is_translated() -> None:
    checker = _tool("check_translations")
    folders = sorted(p for p in (REPO / "rules").iterdir() if (p / "pack.yaml").is_file())
    assert len(folders) >= 9
    gaps = [gap for folder in folders for gap in checker.pack_gaps(folder)]
    assert gaps == [], "\n".join(gaps[:20])


def test_the_gap_checker_finds_a_missing_translation(tmp_path: Path) -> None:
    checker = _tool("check_translations")
    rule = yaml.safe_load((REPO / "rules/10-eu-social/SOC-LAB-001.yaml").read_text("utf-8"))
    body = next(iter([rule]))["rule"]
    del body["translations"]["ca"]["rationale"]
    body["translations"]["es"]["message"] = "Sin marcadores {clause}."
    gaps = checker.rule_gaps(body, "x")
    assert "x ca rationale: missing" in gaps
    assert any(g.startswith("x es message: placeholders ['clause']") for g in gaps)


def test_localized_rules_keep_terms_and_translate_every_text(every_rule: RuleSet) -> None:
    for lang in LOCAL:
        local = localize(every_rule, lang)
        assert set(local.rules) == set(every_rule.rules)
        for rid, rule in every_rule.rules.items():
            other = local.rules[rid]
            assert other.title != rule.title, (lang, rid)
            assert other.message != rule.message, (lang, rid)
            assert other.severity == rule.severity and other.check == rule.check
            names = {n for n, _ in placeholders(rule.message) if n}
            assert {n for n, _ in placeholders(other.message) if n} == names, (lang, rid)
            for en, lo in zip(
                rule.options.get("elements") or [], other.options.get("elements") or [], strict=True
            ):
                assert lo["terms"] == en["terms"] and lo["name"] != en["name"], (lang, rid)
            assert [b.get("url") for b in other.legal_basis] == [
                b.get("url") for b in rule.legal_basis
            ]
        for pack in local.packs:
            assert pack.title != next(p.title for p in every_rule.packs if p.name == pack.name)


def test_a_translated_message_must_fill_the_same_placeholders(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "gov"
    shutil.copytree(REPO / "rules" / "15-eu-governance", folder)
    rule = folder / "GOV-CPC-001.yaml"
    lines = rule.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "La condición especial de ejecución {" in line)
    lines[at] = lines[at].replace("{clause}", "{lot}")
    rule.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(PackError) as caught:
        rulepack.load([REPO / "rules" / "00-lexicons", folder])
    message = str(caught.value)
    assert "the es message fills lot, reasons; the English one fills clause, reasons" in message
    assert caught.value.file == str(rule) and caught.value.line == at  # the `message:` key


# --- choosing the language -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "lang"),
    [
        ("es", "es"),
        ("es_ES.UTF-8", "es"),
        ("ca-ES", "ca"),
        ("ca_ES@valencia", "ca"),
        ("SPA", "es"),
        ("cat", "ca"),
        ("en_GB", "en"),
        ("fr_FR.UTF-8", None),
        ("C.UTF-8", None),
        ("", None),
    ],
)
def test_language_codes_are_read_in_their_usual_forms(code: str, lang: str | None) -> None:
    assert i18n.normalise(code) == lang


def test_the_locale_gives_the_default_language() -> None:
    assert i18n.locale_lang({"LANG": "ca_ES.UTF-8"}) == "ca"
    assert i18n.locale_lang({"LC_ALL": "es_ES.UTF-8", "LANG": "ca_ES.UTF-8"}) == "es"
    assert i18n.locale_lang({"LANG": "fr_FR.UTF-8"}) == "en" and i18n.locale_lang({}) == "en"
    assert i18n.locale_lang({"LANGUAGE": "fr:ca:es"}) == "ca"


def _tender(language: str) -> bytes:
    return textwrap.dedent(
        f"""\
        pplint: 1
        tender:
          id: T-1
          title: Neteja
          language: {language}
          buyer: {{name: Ajuntament, country: ES}}
          nature: services
          cpv: ["90910000"]
        clauses:
          - id: C1
            section: performance
            text: The contractor shall keep the wages, where possible.
        """
    ).encode()


def test_each_tender_is_spoken_about_in_its_own_language(every_rule: RuleSet) -> None:
    engine = Engine(every_rule, Settings())
    by_lang = {lang: engine.check_bytes(_tender(lang), "t.tender.yaml") for lang in i18n.LANGS}
    rules = {lang: [f.rule for f in r.findings] for lang, r in by_lang.items()}
    assert rules["en"] == rules["es"] == rules["ca"] and rules["en"]
    for lang in LOCAL:
        local = localize(every_rule, lang)
        for f in by_lang[lang].findings:
            first = " ".join(local.rules[f.rule].message.split()[:3])
            assert f.message.startswith(first.split("{")[0]), (lang, f.rule, f.message)
    assert by_lang["es"].lang == "es" and by_lang["ca"].lang == "ca"


def test_lang_overrides_the_tender_and_the_locale_covers_what_has_none(
    every_rule: RuleSet,
) -> None:
    english = Engine(every_rule, Settings(lang="en")).check_bytes(_tender("ca"), "t.tender.yaml")
    plain = Engine(every_rule, Settings()).check_bytes(_tender("en"), "t.tender.yaml")
    assert [f.message for f in english.findings] == [f.message for f in plain.findings]
    broken = b"pplint: 1\ntender: [unclosed\n"
    spanish = Engine(every_rule, Settings(default_lang="es")).check_bytes(broken, "b.yaml")
    assert spanish.findings[0].rule == "FMT-SYNTAX"
    english_syntax = Engine(every_rule, Settings()).check_bytes(broken, "b.yaml")
    assert spanish.findings[0].message != english_syntax.findings[0].message


def test_check_lang_prints_every_rules_message_in_that_language(every_rule: RuleSet) -> None:
    """Each rule's failing examples, checked with --lang: the message is the pack's
    translation and no detail or note is left in English."""
    for lang in LOCAL:
        engine = Engine(every_rule, Settings(lang=lang))
        english = Engine(every_rule, Settings(lang="en"))
        local = localize(every_rule, lang)
        i18n.MISSES = missed = set()
        seen: set[str] = set()
        try:
            for rule in every_rule.rule_list():
                failing = [e for e in rule.examples if e.get("expect") == "fail"]
                for example in failing:
                    raw = yaml.safe_dump(example_document(example), allow_unicode=True).encode()
                    said = engine.check_bytes(raw, "x.tender.yaml").findings
                    for f, en in zip(
                        said, english.check_bytes(raw, "x.tender.yaml").findings, strict=True
                    ):
                        assert f.rule == en.rule and f.kind == en.kind
                        if f.rule.startswith("FMT-") or f.rule not in local.rules:
                            continue
                        assert f.message != en.message, (lang, f.rule, f.message)
                        seen.add(f.rule)
        finally:
            i18n.MISSES = None
        assert missed == set(), (lang, sorted(missed)[:10])
        with_examples = {r.id for r in every_rule.rule_list() if r.examples}
        assert len(seen) >= 0.9 * len(with_examples), sorted(with_examples - seen)


def test_cli_check_lang_and_config_lang(tmp_path: Path) -> None:
    tender = tmp_path / "t.tender.yaml"
    tender.write_bytes(_tender("en"))
    runner = CliRunner()
    english = runner.invoke(main, ["check", "--no-config", "-f", "json", str(tender)])
    catalan = runner.invoke(
        main, ["check", "--no-config", "--lang", "ca", "-f", "json", str(tender)]
    )
    (tmp_path / ".pplint.yaml").write_text("lang: es\n", encoding="utf-8")
    spanish = runner.invoke(
        main, ["check", "--config", str(tmp_path / ".pplint.yaml"), "-f", "json", str(tender)]
    )
    assert english.exit_code == catalan.exit_code == spanish.exit_code
    out = {k: json.loads(r.stdout) for k, r in [("en", english), ("ca", catalan), ("es", spanish)]}
    rules = {k: [f["rule"] for f in v["findings"]] for k, v in out.items()}
    assert rules["en"] == rules["ca"] == rules["es"]
    messages = {k: [f["message"] for f in v["findings"]] for k, v in out.items()}
    assert all(a != b != c for a, b, c in zip(*messages.values(), strict=True))
    bad = runner.invoke(main, ["check", "--lang", "fr", str(tender)])
    assert bad.exit_code == 2 and "fr" in bad.output


def test_pretty_summary_is_in_the_run_language(tmp_path: Path) -> None:
    tender = tmp_path / "t.tender.yaml"
    tender.write_bytes(_tender("en"))
    args = ["check", "--no-config", "-f", "pretty", "--no-color", str(tender)]
    spanish = CliRunner().invoke(main, [*args, "--lang", "es"])
    assert "hallazgo" in spanish.output and "en 1 de 1 archivo:" in spanish.output
    catalan = CliRunner().invoke(main, [*args, "--lang", "ca"])
    assert "troballes" in catalan.output and "d'1 fitxer:" in catalan.output


# --- code-side texts -------------------------------------------------------------------------


def test_translate_reads_values_back_and_leaves_unknown_text() -> None:
    text = (
        "waiver of SOC-LAB-002 expired on 2024-01-01: it no longer waives anything; "
        "renew it with a new date or fix the finding"
    )
    assert i18n.translate("en", text) == text
    es = i18n.translate("es", text)
    assert es != text and "SOC-LAB-002" in es and "2024-01-01" in es
    unknown = "a sentence no template makes, 42 times"
    assert i18n.translate("ca", unknown) == unknown and i18n.untranslated(unknown)
    i18n.MISSES = missed = set()
    try:
        i18n.translate("ca", unknown)
    finally:
        i18n.MISSES = None
    assert missed == {unknown}


def test_tr_fills_and_plural_chooses_the_form() -> None:
    assert i18n.tr("es", "1 finding") == "1 hallazgo"
    assert i18n.plural("ca", 3, "1 finding", "{n} findings") == "3 troballes"
    assert i18n.plural("en", 1, "1 finding", "{n} findings") == "1 finding"
    assert i18n.tr("es", "not in the catalogue {x}", x=1) == "not in the catalogue 1"


def test_every_catalogue_text_keeps_its_placeholders() -> None:
    for english, template in i18n.catalogue().items():
        names = set(template.names)
        for lang in LOCAL:
            assert lang in template.local, (english, lang)
            local = set(i18n._PLACEHOLDER.findall(template.local[lang]))
            assert local == names, (english, lang)


def test_no_corpus_text_is_left_untranslated() -> None:
    """Every detail, note and format message of the examples, the accuracy and hostile
    corpora and the rules' examples has a catalogue template (tools/i18n_misses.py)."""
    tool = _tool("i18n_misses")
    for lang in LOCAL:
        missed = tool.misses(lang)
        assert missed == set(), (lang, sorted(missed)[:10])


# --- the rule reference ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LOCAL)
def test_rule_reference_in_each_language_is_up_to_date(lang: str, every_rule: RuleSet) -> None:
    pages = docs.markdown_pages(every_rule, lang)
    root = REPO / "docs" / lang
    stale = f"run `pplint rules --format markdown --lang {lang} --output-dir docs/{lang}`"
    for rel, text in pages.items():
        assert (root / rel).read_text(encoding="utf-8") == text, f"{lang}/{rel}: {stale}"
    on_disk = {f"rules/{p.name}" for p in (root / "rules").iterdir()}
    assert on_disk == set(pages) - {"rules.md"}, stale
    assert docs.generated(lang) in pages["rules.md"]


def test_explain_and_rules_speak_the_language_asked() -> None:
    runner = CliRunner()
    es = runner.invoke(main, ["explain", "SOC-LAB-001", "--lang", "es"])
    assert es.exit_code == 0 and "Qué señala:" in es.output
    assert "Cláusula modelo (es):" in es.output and "(en):" not in es.output
    table = runner.invoke(main, ["rules", "--lang", "ca", "--format", "json"])
    rules = json.loads(table.output)
    assert any("contractista" in r["title"] for r in rules)
    locale = runner.invoke(main, ["explain", "SOC-LAB-001"], env={"LANG": "ca_ES.UTF-8"})
    assert "Què assenyala:" in locale.output and "(en):" in locale.output
