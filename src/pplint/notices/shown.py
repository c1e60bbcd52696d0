"""What a published notice cannot show, told apart from what the buyer left out.

A notice carries award criteria, performance terms (BT-70), exclusion grounds (BT-67) and
selection criteria (BT-809/750), the accessibility code (BT-754) and the strategic codes
(BT-06...), each only in the notice subtypes the eForms SDK allows it in; it never carries a
technical specification, another contract clause, a verification or enforcement text, or
anything on personal data. A rule that finds nothing where the notice could not have shown it
reports ``not-shown`` (severity info, counted apart), never ``missing``; so does a clause found
weak only for lacking what a notice has no place for. When no text is in a language pplint
reads, only the structural rules (weights, price, lots, fields) are judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from pplint.checks.missing_weak import is_referral_only
from pplint.checks.registry import Context, Hit, places
from pplint.core.model import NOT_SHOWN
from pplint.core.rules import Rule
from pplint.notices.build import NoticeInfo

UNSEEN_REASONS = ("no-verification", "no-enforcement")  # a notice has no field for either
STRUCTURAL = frozenset({"weights", "price-ceiling", "price-only", "lots", "field", "turnover"})
# the kinds that look for clauses in places; the others read fields and criteria
CLAUSE_KINDS = frozenset({"weak", "missing", "declaration-only", "forbidden"})
# the kinds whose "no-verification" is about a text a notice does not carry (BT-543 is rare)
UNSEEN_KINDS = CLAUSE_KINDS | {"scoring"}
SECTIONS_SHOWN = ("performance", "exclusion", "selection")
# the tender documents a referral can point to, as en, es and ca notices name them (folded)
DOCUMENTS = re.compile(
    r"\b(?:pcap|ppt|pliegos?|plecs?|documents?|documentation|documentacion|documentacio"
    r"|documentos?|contract|contrato|contracte|specifications?|internet address|anexos?"
    r"|annex(?:es|os)?)\b"
)
LOTS_NOTE = (
    "A notice has no field for the reasons for not dividing (Art. 46(1)): if the procurement "
    "documents give them, record that with a waiver."
)
_WORDS = {
    "specification": "technical specifications",
    "obligation": "contract clauses",
    "other": "other tender clauses",
    "performance": "performance conditions",
    "exclusion": "exclusion grounds",
    "selection": "selection criteria",
    "award": "award criteria",
}


def prepare(ctx: Context, info: NoticeInfo) -> None:
    """Note the sections whose every clause only refers to the tender documents ("Según
    PCAP.", "See the attached contract."): the notice shows that such clauses exist
    elsewhere, not what they say. A bare referral to the law is a weak clause, not one of
    these."""
    referred = set()
    for section in SECTIONS_SHOWN:
        items = [i for i in ctx.tender.items if i.kind == "clause" and i.place == section]
        if items and all(_refers_to_documents(ctx, i) for i in items):
            referred.add(section)
    info.referred = frozenset(referred)


def _refers_to_documents(ctx: Context, item: Any) -> bool:
    """Whether a clause only points to the tender documents."""
    name = item.main_field
    text = item.folded.get(name, "")
    return is_referral_only(ctx, item, name) and DOCUMENTS.search(text) is not None


def judged(rule: Rule, info: NoticeInfo) -> bool:
    """Whether the rule is judged on this notice at all (with no text read, structure only:
    a ``field`` rule that asks for a topic reads texts too)."""
    if info.texts_read:
        return True
    return rule.check in STRUCTURAL and "has_topic" not in repr(rule.options)


def shows(where: frozenset[str], info: NoticeInfo) -> bool:
    """Whether the notice can show every one of these places."""
    for place in where:
        if place.startswith("award"):
            place = "award"
        elif place not in SECTIONS_SHOWN:
            return False
        if place not in info.carries or place in info.referred:
            return False
    return True


def adjust(
    rule: Rule, options: Mapping[str, Any], hits: Iterable[Hit], info: NoticeInfo
) -> list[Hit]:
    """The hits of a rule on a notice, with what the notice cannot show made ``not-shown``."""
    out = []
    for hit in hits:
        unseen = _unseen(rule, options, hit, info)
        if unseen is not None:
            out.append(_not_shown(hit, rule, unseen))
        elif rule.check == "lots" and hit.kind in ("missing", "weak"):
            out.append(replace(hit, note=f"{hit.note} {LOTS_NOTE}".strip()))
        elif (
            hit.kind == "weak"
            and rule.check in UNSEEN_KINDS
            and set(hit.reasons) & set(UNSEEN_REASONS)
        ):
            left = tuple(r for r in hit.reasons if r not in UNSEEN_REASONS)
            if left:
                vars_ = dict(hit.vars)
                if "reasons" in vars_:
                    vars_["reasons"] = ", ".join(left)
                details = tuple(d for d in hit.details if not _about_unseen(d))
                out.append(replace(hit, reasons=left, vars=vars_, details=details))
            elif rule.check == "scoring":
                out.append(_not_shown(hit, rule, "how each criterion is scored (BT-543 is rare)"))
            else:
                out.append(_not_shown(hit, rule, "how a clause is verified or enforced"))
        else:
            out.append(hit)
    return out


def _unseen(rule: Rule, options: Mapping[str, Any], hit: Hit, info: NoticeInfo) -> str | None:
    """What the notice cannot show that the hit is about, or None when it is a real finding."""
    check = rule.check
    if hit.kind == "missing" and check in CLAUSE_KINDS:
        where = places(options)
        return None if shows(where, info) else _words(where, info)
    if check == "topic-weight" and hit.kind == "missing" and "award" not in info.carries:
        return _words(frozenset({"award"}), info)
    if check == "accessibility" and "accessibility" not in info.carries:
        return "the accessibility code (BT-754), in this kind of notice"
    if check == "strategic":
        if hit.kind == "violation" and not shows(frozenset({"performance", "award"}), info):
            return "the clauses or criteria that would back a declared goal, in this notice"
        need = options.get("require_condition") or {}
        if hit.kind == "missing" and not shows(places(need), info):
            return _words(places(need), info)
    return None


def _words(where: frozenset[str], info: NoticeInfo) -> str:
    """The places a notice does not show, in words."""
    named = []
    for place in sorted({"award" if p.startswith("award") else p for p in where}):
        if place in info.carries and place not in info.referred:
            continue
        word = _WORDS.get(place, place)
        if place in info.elsewhere:
            word = f"{word} (it says the procurement documents hold them)"
        elif place in info.referred:
            word = f"{word} (it only refers to the documents for them)"
        named.append(word)
    return " or ".join(named) or "this"


def _about_unseen(detail: str) -> bool:
    lowered = detail.lower()
    return "verif" in lowered or "enforce" in lowered or "penalt" in lowered


def _not_shown(hit: Hit, rule: Rule, what: str) -> Hit:
    """A hit saying that the notice cannot show what the rule looks for."""
    note = (
        f"{rule.title}: not judged, because the notice does not show {what}. Check the tender "
        "documents (the notice links them), or lint the tender itself."
    )
    return Hit(NOT_SHOWN, hit.path, dict(hit.vars), clause=hit.clause, note=note)
