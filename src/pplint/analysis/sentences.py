"""Reading a modal verb in its sentence: does "may" / "should" / "podrá" soften the
contractor's duty, or grant a permission, state a prohibition, describe a risk, give the buyer
a right? In en, es and ca, on folded text (lower case, no accents)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

# a sentence ends at . ; ! ? or a line break, but not after a number ("3.5", "art. 202" is cut
# only where a space and a word follow the abbreviation's point) or a usual abbreviation
_ABBREVIATIONS = frozenset(
    "art arts num nums apdo apt p pp pag pags ej eg ie etc vol cap sr sra dr dra no nos "
    "approx aprox max min sec ss".split()
)
_END = re.compile(r"[.;!?](?=\s|$)|\n")

# who holds the modal: the buyer (a right), a bidder (a permission to bid a certain way)
_BUYER_SUBJECTS = (
    "contracting authority",
    "the authority",
    "the buyer",
    "the council",
    "the client",
    "the purchaser",
    "administracion",
    "ayuntamiento",
    "organo de contratacion",
    "entidad contratante",
    "poder adjudicador",
    "mesa de contratacion",
    "ajuntament",
    "administracio",
    "organ de contractacio",
    "mesa de contractacio",
    "responsable del contrato",
    "responsable del contracte",
)
_BIDDER_SUBJECTS = (
    "bidder",
    "bidders",
    "tenderer",
    "tenderers",
    "candidate",
    "candidates",
    "licitador",
    "licitadores",
    "licitadora",
    "licitadoras",
    "licitadors",
    "empresas licitadoras",
    "empreses licitadores",
    "ofertant",
    "ofertants",
    "candidatos",
    "candidats",
)
# verbs after the modal that describe what may happen (a risk), not what must be done
_DESCRIBING = (
    "contain",
    "cause",
    "result",
    "arise",
    "occur",
    "affect",
    "lead",
    "include",
    "involve",
    "vary",
    "happen",
    "contener",
    "contenir",
    "causar",
    "provocar",
    "afectar",
    "derivar",
    "producir",
    "produir",
    "suponer",
    "suposar",
    "variar",
    "generar",
    "incluir",
    "incloure",
    "ocasionar",
    "comportar",
)
# verbs after the modal that grant the holder a choice (a permission), not soften a duty
_PERMITTING = (
    "subcontract",
    "sub-contract",
    "concertar",  # "podra concertar con terceros la realizacion parcial": may subcontract
    "celebrar",
    "subscriure",
    "submit",
    "propose",
    "offer",
    "request",
    "apply",
    "choose",
    "opt",
    "use",
    "access",
    "exercise",
    "rely",
    "subcontratar",
    "subcontractar",
    "presentar",
    "proponer",
    "proposar",
    "ofrecer",
    "oferir",
    "solicitar",
    "sollicitar",
    "optar",
    "utilizar",
    "utilitzar",
    "acceder",
    "accedir",
    "ejercer",
    "exercir",
    "recurrir",
    "concurrir",
    "acudir",
)
_PASSIVE_REQUIRED = re.compile(
    r"^(?:also |in addition |at any time )?be (?:required|requested|asked|obliged|called upon)\b"
    r"|^(?:ser |ser-li |ser-los )?(?:requerid|exigid|requerit|exigit|sollicitat|solicitad)"
)
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|nunca|never|ningun caso|cap cas|no circumstances|no case)\b\s*"
    r"(?:\w+\s+){0,2}$"
)
_CONDITIONAL_SHOULD = re.compile(r"(?:^\s*|,\s*)should\s+(?:the|a|an|any|it|they|he|she)\b")
# the contractor's own commitment governs what follows: "the provider agrees that the uplift
# should be applied to wages" binds as "shall" does
_AGREED_THAT = re.compile(
    r"\b(?:agrees?|undertakes?|accepts?|acknowledges?|warrants?|confirms?|commits?)\s+that\b[^.;:]*$"
)


def sentence_around(folded: str, start: int, end: int) -> tuple[str, int]:
    """The sentence holding ``folded[start:end]`` and the offset of the match in it."""
    begin = 0
    for m in _END.finditer(folded, 0, start):
        if not _is_abbreviation(folded, m.start()):
            begin = m.end()
    stop = len(folded)
    for m in _END.finditer(folded, end):
        if not _is_abbreviation(folded, m.start()):
            stop = m.start()
            break
    return folded[begin:stop], start - begin


_ANSWERED_NO = re.compile(
    r"[^.;:]{0,60}:\s*(?:(?:no|none|ninguno|ninguna|cap|not applicable|n/a)\s*[.;]?\s*$"
    r"|no (?:se |s')?(?:establece|establecen|estableix|estableixen|exige|exigen|exigeix|exigeixen|"
    r"preve|preven|preveu|preveuen|contempla|contemplen|requiere|requieren|procede|aplica|escau)\b"
    r"|not (?:applicable|required)\b|none\b)"
)
_DENYING_VERB = re.compile(
    r"\b(?:no|not|does not|do not|sin|sense)\s+(?:se\s+|es\s+|hi\s+ha\s+)?"
    r"(?:\w+\s+){0,1}(?:conlleva|conllevara|implica|implicara|supone|requiere|incluye|comporta|"
    r"comportara|inclou|requereix|involve|involves|entail|entails|include|includes|require|"
    r"requires|tratara[n]?|tractara[n]?|be processed|processed)\b[^.;]*$"
)


_DENIED_AFTER = re.compile(
    r"[^.;]{0,60}\b(?:(?:is|are|was|were|will be) not (?:completely |fully |entirely )?"
    r"(?:possible|applicable|feasible|required|used|applied)"
    r"|no (?:es|son|resulta|resultan|sera|seran) (?:posible|posibles|aplicable|aplicables|viable|"
    r"procedente|exigible|possible|possibles|procedent)"
    r"|no (?:s'aplica|s'apliquen|procedeix|escau))\b"
)
_DENIED_BEFORE = re.compile(
    r"\b(?:not in (?:a )?position to|(?:is|are) not possible to|cannot|can not|"
    r"no (?:es|resulta) posible|no (?:se )?puede|no (?:es|resulta) possible|no (?:es )?pot)\s+"
    r"(?:\w+\s+){0,1}(?:calculate|apply|use|calcular|aplicar|utilizar|utilitzar)\b[^.;]*$"
)


def denies(folded: str, start: int, end: int) -> bool:
    """Whether the sentence around ``folded[start:end]`` says the thing does not happen: a form
    answered "no" ("conlleva tratamiento de datos personales: No") or a denied verb before it
    ("the contract does not involve processing personal data", "no comporta el tractament")."""
    return denies_around(*around(folded, start, end))


def around(folded: str, start: int, end: int) -> tuple[str, str]:
    """What the sentence holding ``folded[start:end]`` says before and after it."""
    sentence, at = sentence_around(folded, start, end)
    return sentence[:at], sentence[at + (end - start) :]


def denies_around(before: str, after: str) -> bool:
    """``denies``, from the words before and after the thing in its sentence."""
    return bool(
        _ANSWERED_NO.match(after)
        or _DENIED_AFTER.match(after)
        or _DENYING_VERB.search(before)
        or _DENIED_BEFORE.search(before)
    )


def occurrences(folded: str, words: str) -> list[tuple[int, int]]:
    """Every (start, end) of ``words`` as whole words in a folded text (a term set reports
    each label's words once per text, at their first place)."""
    out: list[tuple[int, int]] = []
    if not words:
        return out
    start = folded.find(words)
    while start >= 0:
        end = start + len(words)
        bounded = not (start and _WORD.match(folded, start - 1)) and not _WORD.match(folded, end)
        if bounded:
            out.append((start, end))
        start = folded.find(words, end if bounded else start + 1)  # as re.finditer: no overlaps
    return out


_WORD = re.compile(r"\w")
# every denial above needs one of these words (a text without them denies nothing)
_DENIAL_CUE = re.compile(r"\b(?:no|not|none|ninguno|ninguna|cap|n/a|sin|sense|cannot)\b")


def denied_everywhere(folded: str, words: str) -> bool:
    """Whether every occurrence of ``words`` in the text is denied (see ``denies``)."""
    places = occurrences(folded, words)
    if not places or not _DENIAL_CUE.search(folded):
        return False
    return all(denies(folded, start, end) for start, end in places)


def answers_no(folded: str) -> bool:
    """Whether a text is a form's field answered "no" ("... datos personales: No.")."""
    return bool(_ANSWERED_NO.search(folded))


def not_denied(folded: str, words: str) -> bool:
    """Whether some occurrence of ``words`` in a text is not denied."""
    return not denied_everywhere(folded, words)


def mention_stands(
    fields: Mapping[str, str],
    hits: Iterable[tuple[str, str]],
    stands: Callable[[str, str], bool] = not_denied,
) -> bool:
    """Whether an item's (field, words) mentions of a topic or word list stand (``stands``:
    by default, are not denied): one outside the title, or only the title's, over a text that
    is not a field answered "no" (a heading "Personal data" over "involves personal data: no")."""
    found = list(hits)
    body = [(name, words) for name, words in found if name != "title"]
    if body:
        return any(stands(fields[name], words) for name, words in body)
    titled = [words for name, words in found if name == "title"]
    return (
        bool(titled)
        and all(stands(fields["title"], words) for words in titled)
        and not any(answers_no(text) for name, text in fields.items() if name != "title")
    )


def _is_abbreviation(folded: str, dot: int) -> bool:
    if folded[dot] != ".":
        return False
    start = dot
    while start > 0 and (folded[start - 1].isalnum() or folded[start - 1] == "_"):
        start -= 1  # the word before the dot, read backwards (a search from the start is slow)
    word = folded[start:dot]
    if not word:
        return False
    return word in _ABBREVIATIONS or word.isdigit()


_CONJUNCTION_BEFORE = re.compile(r"\b(?:and|or|y|o|e|u|i)\s*,?\s*$")
SCOPE_LONG = 25  # words: a sentence this long has its duty before a late "where applicable"
SCOPE_EARLY = 8  # words: a "where applicable" this early conditions the sentence's duty


def scope_softens_duty(sentence: str, at: int) -> bool:
    """Whether a "where applicable" phrase ("en su caso", "cuando proceda", "si escau") at
    ``at`` conditions the duty itself, not one item of it: not after "and" / "y" ("return the
    data and, where applicable, the media"), and not late in a long sentence ("... the prior
    consultations with the supervisory authority, where applicable")."""
    before = sentence[:at]
    if _CONJUNCTION_BEFORE.search(before.rstrip(", ")):
        return False
    words_before = len(before.split())
    return not (len(sentence.split()) >= SCOPE_LONG and words_before > SCOPE_EARLY)


@lru_cache(maxsize=4096)
def modal_softens_duty(sentence: str, at: int, modal: str) -> bool:
    """Whether the modal at ``at`` in a folded sentence softens a duty of the contractor."""
    before = sentence[:at]
    after = sentence[at + len(modal) :].lstrip()
    if _NEGATION_BEFORE.search(before) or re.match(r"(?:not|no|never|nunca|mai)\b", after):
        return False  # a prohibition: "may not", "no podra", "en ningun caso podra"
    if re.match(r"(?:only|solo|solamente|unicamente|nomes|unicament)\b", after) or re.search(
        r"\b(?:only|solo|solamente|unicamente|nomes|unicament)\s*$", before
    ):
        return False  # a restriction: "may only process the data for", "solo podra tratar"
    if modal == "should" and _CONDITIONAL_SHOULD.search(sentence[: at + len(modal) + 12]):
        return False  # "should the contractor fail to...": a condition, not advice
    if modal == "should" and _AGREED_THAT.search(before):
        return False  # "the contractor agrees that ... should": a commitment, not advice
    subject = " ".join(before.split()[-6:])
    if any(s in subject for s in _BUYER_SUBJECTS):
        return False  # a right of the buyer: "the council may terminate"
    if any(re.search(rf"\b{s}\b", subject) for s in _BIDDER_SUBJECTS):
        return False  # a permission to bidders: "bidders may submit variants"
    if _PASSIVE_REQUIRED.search(after):
        return False  # "may be required to": the buyer's right to ask
    verb = re.sub(r"^(?:also|tambien|tambe|only|solo|nomes|to|)\s*", "", after)
    verb = re.sub(r"^(?:\w+(?:ly|mente|ment)\s+)+", "", verb)  # adverbs: "may adversely affect"
    first = verb.split(" ", 1)[0] if verb else ""
    stem = first.rstrip("s")
    if stem.startswith(_DESCRIBING) or first.startswith(_DESCRIBING):
        return False  # a risk described: "materials that may contain lead"
    if modal == "should":  # advice, never a permission: "should use" is a softened "shall use"
        return True
    return not (stem.startswith(_PERMITTING) or first.startswith(_PERMITTING))
