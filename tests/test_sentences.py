"""analysis.sentences: a modal verb read in its sentence, in en, es and ca."""

from __future__ import annotations

import pytest

from pplint.analysis.fold import fold
from pplint.analysis.sentences import modal_softens_duty, sentence_around

CASES = [
    ("Bidders may submit variants.", "may", False),  # a permission to bidders
    ("The contractor may not assign the contract.", "may", False),  # a prohibition
    ("Materials that may contain lead shall be removed.", "may", False),  # a risk
    ("Trading conditions that may adversely affect code compliance.", "may", False),
    ("The contracting authority may terminate the contract.", "may", False),  # a buyer's right
    ("The contractor may provide training to its staff.", "may", True),
    ("The contractor should pay the collective agreement wages.", "should", True),
    ("Should the contractor fail to comply, a penalty applies.", "should", False),  # a condition
    ("El contratista podrá subcontratar hasta el 50% del contrato.", "podra", False),
    ("Los licitadores podrán presentar mejoras.", "podran", False),
    ("En ningún caso podrá el contratista ceder el contrato.", "podra", False),
    ("El contratista podrá facilitar formación a la plantilla.", "podra", True),
    ("L'empresa contractista podrà ser requerida per acreditar el compliment.", "podra", False),
    ("L'adjudicatari podrà aportar certificats.", "podra", True),
    ("The contractor may be required to provide evidence. Art. 202 applies.", "may", False),
    ("The processor may only process the data on documented instructions.", "may", False),
    ("Los datos solo podrá tratarlos para las finalidades del pliego.", "podra", False),
    ("L'encarregat només podrà tractar les dades per a aquest contracte.", "podra", False),
]


@pytest.mark.parametrize(("text", "modal", "softens"), CASES)
def test_a_modal_is_read_in_its_sentence(text: str, modal: str, softens: bool) -> None:
    folded = fold(text)
    at = folded.index(modal)
    sentence, offset = sentence_around(folded, at, at + len(modal))
    assert modal_softens_duty(sentence, offset, modal) is softens


def test_sentences_end_at_full_stops_but_not_after_abbreviations_or_numbers() -> None:
    folded = fold("Primera frase. Según el art. 202 el contratista podrá adoptar 3.5 medidas; fin.")
    at = folded.index("podra")
    sentence, offset = sentence_around(folded, at, at + 5)
    assert sentence.strip() == "segun el art. 202 el contratista podra adoptar 3.5 medidas"
    assert sentence[offset : offset + 5] == "podra"


def test_a_word_that_starts_like_a_negation_is_no_negation() -> None:
    folded = fold("Case notes may be stored in any location.")
    at = folded.index("may")
    sentence, offset = sentence_around(folded, at, at + 3)
    assert modal_softens_duty(sentence, offset, "may")


def test_should_is_never_read_as_a_permission() -> None:
    folded = fold("The contractor should use reusable packaging.")
    at = folded.index("should")
    sentence, offset = sentence_around(folded, at, at + 6)
    assert modal_softens_duty(sentence, offset, "should")


@pytest.mark.parametrize(
    ("text", "phrase", "softens"),
    [
        ("Se aplicaran criterios de compra verde cuando proceda.", "cuando proceda", True),
        ("The contractor shall, where applicable, use recycled paper.", "where applicable", True),
        ("Devolver los datos personales y, en su caso, los soportes.", "en su caso", False),
        (
            "Dar apoyo al responsable del tratamiento en la realizacion de las evaluaciones de"
            " impacto relativas a la proteccion de datos y en la realizacion de las consultas"
            " previas a la autoridad de control, cuando proceda.",
            "cuando proceda",
            False,
        ),
    ],
)
def test_a_where_applicable_phrase_softens_only_the_duty_it_conditions(
    text: str, phrase: str, softens: bool
) -> None:
    from pplint.analysis.sentences import scope_softens_duty

    folded = fold(text)
    start = folded.index(phrase)
    sentence, at = sentence_around(folded, start, start + len(phrase))
    assert scope_softens_duty(sentence, at) is softens
