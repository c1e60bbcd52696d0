"""analysis.asserted: a mention read as a fact, or not, in its sentence (en, es, ca)."""

from __future__ import annotations

import pytest

from pplint.analysis.asserted import asserted_somewhere
from pplint.analysis.fold import fold

CASES = [
    ("The contractor shall process personal data on behalf of the Council.", True),
    ("If the contractor processes personal data, it shall sign the agreement.", False),
    ("In the event that personal data are processed, Annex 4 applies.", False),
    ("The contract does not involve the processing of personal data.", False),  # denied
    ("The Council is controller for the processing of personal data of tenderers.", False),
    (
        "Regulation (EU) 2016/679 on the protection of natural persons with regard to the "
        "processing of personal data applies.",
        False,
    ),
    ("La empresa tratará datos personales por cuenta del Ayuntamiento.", True),
    (
        "En caso de que el contrato implique que el contratista trate datos personales, "
        "firmará el acuerdo.",
        False,
    ),
    ("Se informa sobre el tratamiento de datos personales de los licitadores.", False),
    ("Si el servicio se amplía, se revisa el precio. La empresa tratará datos personales.", True),
    ("L'empresa tractarà dades personals per compte de l'Ajuntament.", True),
    ("En cas que el contracte comporti tractar dades personals, l'empresa signarà l'acord.", False),
    (
        "El Reglament (UE) 2016/679, relatiu a la protecció de les persones físiques pel que fa "
        "al tractament de dades personals.",
        False,
    ),
]


@pytest.mark.parametrize(("text", "asserted"), CASES)
def test_a_mention_is_a_fact_only_outside_conditions_titles_and_the_bidders_data(
    text: str, asserted: bool
) -> None:
    folded = fold(text)
    words = next(  # the words of the lexicon personal-data-processing, else the data alone
        w
        for w in (
            "processing of personal data",
            "tratamiento de datos personales",
            "tractament de dades personals",
            "personal data",
            "datos personales",
            "dades personals",
        )
        if w in folded
    )
    assert asserted_somewhere(folded, words) is asserted


def test_one_asserted_occurrence_is_enough() -> None:
    folded = fold(
        "If the contract is extended, personal data are kept for longer and the contractor "
        "processes personal data of more users"
    )
    # both occurrences are under the sentence's condition
    assert asserted_somewhere(folded, "personal data") is False
    folded = fold(
        "If the contract is extended, the term changes. The contractor processes personal data."
    )
    assert asserted_somewhere(folded, "personal data") is True
