"""Inflection-aware matching: inflected forms of a term match in the text's own language, and
derivations, other languages' words and one-word look-alikes do not."""

from __future__ import annotations

import json

import pytest

from pplint.analysis.fold import fold
from pplint.analysis.inflect import key, number_key
from pplint.analysis.terms import TermSet


def labels(terms: dict[str, dict[str, list[str]]], text: str, lang: str | None) -> set[str]:
    return TermSet(terms).labels(fold(text), lang)


@pytest.mark.parametrize(
    ("lang", "term", "text"),
    [
        ("ca", "abonar el preu", "El contractista abonarà el preu als subcontractistes."),
        ("es", "garantizar el salario", "Las empresas garantizarán los salarios del convenio."),
        ("en", "guarantee the wages", "The contractor guaranteed the wages of all staff."),
        ("en", "pay subcontractors", "The contractor shall pay all its subcontractors."),
        ("es", "reservado a empresas de insercion", "Reservados a empresas de inserción."),
        ("es", "condicion especial de ejecucion", "Condiciones especiales de ejecución."),
        ("ca", "condicio especial d'execucio", "Les condicions especials d'execució."),
        ("en", "complies with the standard", "The supplier complied with the standard."),
        ("en", "labelled products", "Labelling products is required."),
    ],
)
def test_inflected_forms_of_a_term_match(lang: str, term: str, text: str) -> None:
    terms = {"t:x": {lang: [term]}}
    assert labels(terms, text, lang) == {"t:x"}
    assert labels(terms, text, None) == set()  # word for word, as before, without a language


@pytest.mark.parametrize(
    ("lang", "term", "text"),
    [
        ("es", "pagar al contratista", "El contrato se pagará mensualmente."),  # not a contrato
        ("en", "suppliers of the contractor", "The contractor shall supply the goods."),
        ("es", "publicado", "Un espacio público."),  # one word: only its plural is read
        ("en", "design for all", "Design for people with limited mobility."),  # trailing word kept
        ("en", "pdf/a", "Documents in PDF/X."),
        ("es", "en su caso", "En el caso de retraso."),  # a possessive in the term is kept
    ],
)
def test_derivations_and_look_alikes_do_not_match(lang: str, term: str, text: str) -> None:
    assert labels({"t:x": {lang: [term]}}, text, lang) == set()


def test_a_term_matches_inflected_only_in_texts_of_its_own_language() -> None:
    hedge = {"l:hedge": {"es": ["procurar que"]}}
    assert labels(hedge, "El contratista procurará que se cumpla.", "es") == {"l:hedge"}
    assert labels(hedge, "The goods procured that year.", "en") == set()


def test_at_most_three_skippable_words_stand_between_two_words_of_a_term() -> None:
    terms = {"t:x": {"en": ["pay subcontractors"]}}
    assert labels(terms, "pay all their subcontractors", "en") == {"t:x"}
    assert labels(terms, "pay the agreed subcontractors", "en") == set()  # not a skippable word


def test_keys_leave_short_words_numbers_and_non_plurals_alone() -> None:
    assert key("may", "en") == "may" and key("2030", "es") == "2030"
    assert number_key("process", "en") == "process" and number_key("status", "en") == "status"
    assert number_key("salarios", "es") == "salario" and number_key("factures", "ca") == "factura"
    assert key("contratista", "es") != key("contrato", "es")
    assert key("supplier", "en") != key("supply", "en")


def test_a_term_set_with_keyed_tries_survives_a_json_round_trip_and_is_checked() -> None:
    ts = TermSet({"t:pay": {"es": ["garantizar el salario"], "en": ["pay subcontractors"]}})
    state = json.loads(json.dumps(ts.__getstate__()))
    copy = TermSet.__new__(TermSet)
    copy.__setstate__(state)
    text = fold("garantizarán los salarios")
    assert copy.find(text, "es") == ts.find(text, "es") != []
    state["_keyed"] = {"es": {}}  # a language missing: refused, not half-loaded
    with pytest.raises(ValueError, match="not a stored term set"):
        TermSet.__new__(TermSet).__setstate__(state)


def test_a_regex_term_runs_on_texts_of_its_own_language_or_of_none_known() -> None:
    terms = {"t:x": {"es": [r"re:\bgarantia\b.{0,20}\b\d+ anos\b"], "en": ["warranty"]}}
    text = fold("Garantia de 3 anos; warranty")
    assert labels(terms, text, "es") == {"t:x"}
    assert [m.text for m in TermSet(terms).find(text, "en")] == ["warranty"]
    assert len(TermSet(terms).find(text, None)) == 2  # no language known: every term runs
