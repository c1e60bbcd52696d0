"""Whether a mention asserts what it names: not denied, not under a condition, not the title of
a law, not about the bidders' own data (what a tender-wide ``mentions`` condition needs)."""

from __future__ import annotations

import re

from pplint.analysis.sentences import around, denies_around, occurrences

# a condition the sentence is under, before the words ("En caso de que el contrato implique
# que el contratista trate datos personales, ...", "If the services involve processing ...")
_CONDITION_BEFORE = re.compile(
    r"\b(?:en (?:el )?caso de(?: que)?|en el supuesto de(?: que)?|de darse el caso|"
    r"si (?:el|la|los|las|en|durante|con|se|para|por|es|fuera|fuese|existe|hubiera)|"
    r"siempre que|en la medida en que|"
    r"en (?:el )?cas (?:que|de|d')|en el suposit (?:que|de)|"
    r"si (?:el|la|els|les|l'|en|durant|amb|es|hi ha)|sempre que|en la mesura que|"
    r"if (?:the|a|an|any|it|they|personal|data|during|in|for)|in the event(?: that| of)?|"
    r"in case(?: of)?|should (?:the|a|an|any)|to the extent(?: that)?|insofar as|"
    r"where (?:the|a|an|any|it|personal|data|such)|where applicable)\b"
)
# the title of the GDPR itself: "... with regard to the processing of personal data"
_LAW_TITLE_BEFORE = re.compile(
    r"(?:with regard to the|en lo que respecta al|pel que fa al|en relacio amb el)\s*$"
)
# the buyer's notice on the data of those who bid: "... de los licitadores"
_BIDDERS_AFTER = re.compile(
    r"^\s*(?:de (?:los|las) (?:personas |empresas )?(?:licitador|licitant|candidat|ofertant)"
    r"|dels (?:licitador|candidat)|de les (?:empreses |persones )?(?:licitador|candidat)"
    r"|of (?:the )?(?:tenderer|bidder|candidate|applicant|supplier)s?\b)"
)


def asserts(folded: str, start: int, end: int) -> bool:
    """Whether the words at ``folded[start:end]`` assert what they name in their sentence."""
    before, after = around(folded, start, end)
    return not (
        denies_around(before, after)
        or _CONDITION_BEFORE.search(before)
        or _LAW_TITLE_BEFORE.search(before)
        or _BIDDERS_AFTER.match(after)
    )


def asserted_somewhere(folded: str, words: str) -> bool:
    """Whether some occurrence of ``words`` in the text asserts what they name (as
    ``denied_everywhere``, words it cannot place are taken as they are)."""
    places = occurrences(folded, words)
    return not places or any(asserts(folded, start, end) for start, end in places)
