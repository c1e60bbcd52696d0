"""Check kinds ``missing`` and ``weak``: is there a clause on the topic, and does it bind?"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pplint.analysis.fold import fold
from pplint.analysis.numbers import UNITS, has_quantity, numbers
from pplint.analysis.sentences import (
    modal_softens_duty,
    occurrences,
    scope_softens_duty,
    sentence_around,
)
from pplint.analysis.tender import Item
from pplint.checks.registry import (
    FAMILY_LIST,
    NUM,
    PLACE_LIST,
    REASON,
    TERMS,
    TOPICS,
    Context,
    Hit,
    anchor_for,
    describe_places,
    items_in,
    places,
    register,
)
from pplint.core.model import REASONS
from pplint.core.rules import Rule

REFERRAL_MAX_WORDS = 25
MODALS = ("may", "should", "podra", "podran")
EVALUATIVE = ("se valorara", "es valorara", "se puntuara", "es puntuara", "will be scored")
# "where applicable" phrases: they soften a duty only where they condition it, not one item of it
SCOPE = frozenset(
    {
        "where applicable",
        "if applicable",
        "where appropriate",
        "as appropriate",
        "en su caso",
        "cuando proceda",
        "si procede",
        "en el seu cas",
        "quan escaigui",
        "si escau",
        "si s'escau",
    }
)


def _missing_hit(ctx: Context, options: Mapping[str, Any]) -> Hit:
    where = places(options)
    elsewhere = [i for i in ctx.items_on(options, ctx.tender.items) if not i.in_places(where)]
    note = ""
    if elsewhere:
        found = ", ".join(
            f"{i.id} ({i.place.replace('award:', '')} "
            f"{'criterion' if i.kind == 'criterion' else 'clause'})"
            for i in elsewhere[:3]
        )
        note = f"The topic appears only in {found}, which does not count here."
    return Hit("missing", anchor_for(ctx, options), {"places": describe_places(options)}, note=note)


@register("missing", topics=TOPICS, families=FAMILY_LIST, **{"in": PLACE_LIST})
def missing(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """A clause or criterion on the topic must exist in the places."""
    where = places(options)
    if not any(i.in_places(where) for i in ctx.items_on(options, ctx.tender.items)):
        yield _missing_hit(ctx, options)


_NUMBER_SPEC = {
    "type": "object",
    "additionalProperties": False,
    "required": ["unit"],
    "properties": {
        "unit": {"enum": [*UNITS, "number"]},
        "min": NUM,
        "max": NUM,
        "required": {"type": "boolean"},
        "near": TERMS,  # only figures in a sentence with one of these terms count
    },
}
_TERM_RULE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["terms", "reason"],
    "properties": {"terms": TERMS, "reason": REASON, "detail": {"type": "string"}},
}
_ELEMENT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "terms"],
    "properties": {
        "name": {"type": "string", "minLength": 1},  # in words, as the message names it
        "terms": TERMS,
        "detail": {"type": "string"},  # why it is required (article), for --explain
    },
}


@register(
    "weak",
    lexicons=("hedge", "referral", "verification", "enforcement", "target-words", "or-equivalent"),
    topics=TOPICS,
    families=FAMILY_LIST,
    required={"type": "boolean"},
    require={"type": "array", "items": {"enum": ["verification", "enforcement", "target"]}},
    secondary={
        "type": "array",
        "items": {"enum": ["no-verification", "no-enforcement", "no-target"]},
    },
    hedge={"type": "boolean"},
    referral={"type": "boolean"},
    labels=TERMS,
    numbers={"type": "array", "items": _NUMBER_SPEC},
    weak_if={"type": "array", "items": _TERM_RULE},
    require_terms={"type": "array", "items": _TERM_RULE},
    elements={"type": "array", "items": _ELEMENT},
    **{"in": PLACE_LIST},
)
def weak(ctx: Context, rule: Rule, options: Mapping[str, Any]) -> Iterator[Hit]:
    """Clauses on the topic must be binding, verifiable, enforceable and measurable: judged
    together when the rule names topics or families (one requirement), each on its own when it
    judges every clause of its places (each clause is an obligation)."""
    judged = ctx.items_on(options, items_in(ctx, options))
    targeted = bool(options.get("topics") or options.get("families"))
    if not judged:
        if targeted and options.get("required", True):
            yield _missing_hit(ctx, options)
        return
    if not targeted:  # every clause of the places is its own obligation: judge each
        for item in judged:
            hit = _judge(ctx, item, options)
            if hit is not None:
                yield hit
        return
    together = _judge_together(ctx, judged, options)
    if together is not None:
        yield together


SUPPLIED = ("no-verification", "no-enforcement", "no-target")  # what another clause can supply


def _judge_together(ctx: Context, judged: list[Item], options: Mapping[str, Any]) -> Hit | None:
    """The requirement judged on all its clauses together: met when one clause holds, or when
    what one clause lacks (verification, enforcement, a target) another on the topic supplies;
    otherwise one finding on the best clause, with the clauses it read named."""
    found: list[Hit] = []
    titled: set[int] = set()  # hits on clauses whose title names the topic
    weight: dict[int, int] = {}  # how many words put each hit's clause on the topic
    for item in judged:
        hit = _judge(ctx, item, options)
        if hit is None:
            return None  # this clause holds: the others need not be judged
        evidence = ctx.topic_evidence(item, options)
        if any(where == "title" for where, _ in evidence):
            titled.add(id(hit))
        weight[id(hit)] = len(evidence)
        found.append(hit)
    # a bare referral is not judged on the generic tests, so it supplies none of them
    supplied = {
        r
        for r in SUPPLIED
        if any(r not in h.reasons and "referral-only" not in h.reasons for h in found)
    }
    # an element one clause lacks counts when another clause on the topic has it
    lacking = set.intersection(*(set(h.elements) for h in found))

    def left(hit: Hit) -> tuple[int, bool, int]:
        """What a clause lacks that no other supplies; among equals, the clause whose title
        names the topic, then the one most on the topic, is the one the finding is about."""
        lacks = len(set(hit.reasons) - supplied) + len(lacking & set(hit.elements))
        return lacks, id(hit) not in titled, -weight[id(hit)]

    best = min(found, key=left)
    elements = tuple(e for e in best.elements if e in lacking)
    if best.elements and not elements:  # its absent elements are all in other clauses
        supplied.add("incomplete")
    kept = [(r, d) for r, d in zip(best.reasons, best.details, strict=True) if r not in supplied]
    if not kept:
        return None
    if elements:
        kept = [(r, _lacks(elements) if r == "incomplete" else d) for r, d in kept]
    others = [h.clause for h in found if h is not best and h.clause]
    notes = [_lacks(elements, sentence=True)] if elements else []
    if others:
        notes.append(f"Also read, on the same topic: {', '.join(others)}.")
    return Hit(
        best.kind,
        best.path,
        {**best.vars, "reasons": ", ".join(r for r, _ in kept)},
        reasons=tuple(r for r, _ in kept),
        details=tuple(d for _, d in kept),
        clause=best.clause,
        note=" ".join(notes),
        elements=elements,
    )


def _lacks(names: tuple[str, ...], sentence: bool = False) -> str:
    """The absent elements in words: "lacks: x; y" (a detail) or "It lacks: x; y." (a note)."""
    listed = "; ".join(names)
    return f"It lacks: {listed}." if sentence else f"lacks: {listed}"


def _lex_words(
    ctx: Context, item: Item, lexicon: str, fields: tuple[str, ...] | None = None
) -> list[tuple[str, str]]:
    """(field, words) of a shared lexicon found in the item's fields."""
    return [(name, m.text) for name, m in ctx.classification.find(item, f"l:{lexicon}", fields)]


def _body_fields(item: Item) -> tuple[str, ...]:
    return tuple(k for k in item.fields if k not in ("verification", "enforcement", "scoring"))


PLACEHOLDERS = frozenset({"tbd", "tbc", "n/a", "na", "-", "xxx", "pending", "pendiente", "pendent"})


def is_placeholder(folded: str) -> bool:
    """Whether a clause text says nothing: a cut-short text ("Applicants not satisfying..."),
    a word or two, or a placeholder such as "TBD"."""
    text = folded.strip()
    words = len(text.split())
    cut = text.endswith("...") or text.endswith("\u2026")
    return text in PLACEHOLDERS or words <= 2 or (cut and words <= 8)


def is_referral_only(ctx: Context, item: Item, name: str) -> bool:
    """Whether a field only refers to the law or another document (a short text naming one)."""
    folded = item.folded.get(name, "")
    hits = [w for f, w in _lex_words(ctx, item, "referral", (name,))]
    return (
        bool(hits)
        and len(folded.split()) <= REFERRAL_MAX_WORDS
        and not has_quantity(folded.replace(hits[0], ""))
    )


def _judge(ctx: Context, item: Item, options: Mapping[str, Any]) -> Hit | None:
    body_fields = _body_fields(item)
    text_field = next((f for f in body_fields if f != "title"), item.main_field)
    body = " \n ".join(item.folded[f] for f in body_fields)  # for numbers
    reasons: dict[str, str] = {}
    where: dict[str, str] = {}

    def add(reason: str, detail: str, field_name: str) -> None:
        detail = " ".join(detail.split())
        if reason not in reasons:
            reasons[reason] = detail
            where[reason] = field_name
        else:
            reasons[reason] += "; " + detail

    texts = [f for f in body_fields if f != "title"]
    # a placeholder is weak where a clause is on the rule's subject (its topics, or the places
    # every clause of which it judges); a rule reading every clause for one thing (a named
    # label) has no subject in a clause that says nothing
    has_subject = any(options.get(key) for key in ("topics", "families", "in"))
    referral = options.get("referral", True) and next(
        (n for n in body_fields if n != "title" and is_referral_only(ctx, item, n)), None
    )
    if (
        has_subject
        and not referral  # "Según PCAP." is a bare referral, not a placeholder
        and item.kind == "clause"
        and texts
        and all(is_placeholder(item.folded[f]) for f in texts)
    ):
        add(
            "incomplete",
            "the clause text is a placeholder (cut short, or a word or two): "
            "it says nothing a bidder can act on",
            texts[0],
        )
    if referral:
        add(
            "referral-only",
            "the clause only refers to the law or another document "
            "instead of saying what the contractor must do",
            referral,
        )
    if options.get("hedge", True):
        for name, words in _lex_words(ctx, item, "hedge", body_fields):
            if item.kind == "criterion" and (words in MODALS or words in EVALUATIVE):
                continue  # a criterion rewards: "se valorara", "points may be awarded"
            if words in MODALS and not _free_use(ctx, item.folded[name], words):
                continue
            if words in SCOPE and not _scope_use(item.folded[name], words):
                continue
            add("hedged", f"non-binding wording \u201c{words}\u201d", name)
    require = options.get("require", ["verification"])
    if "verification" in require and not _has_verification(ctx, item, body_fields):
        add(
            "no-verification",
            "no means of verification (evidence, reports, audits)",
            "verification",
        )
    if "enforcement" in require and not _has_enforcement(ctx, item):
        add(
            "no-enforcement",
            "no penalty, termination ground or essential obligation",
            "enforcement",
        )
    if "target" in require and not _has_target(ctx, item, body_fields):
        add("no-target", "no measurable target (number, percentage, date or frequency)", text_field)
    for spec in options.get("numbers") or ():
        _check_numbers(ctx, body, spec, add, text_field)
    labels = options.get("labels")
    if labels:
        found = ctx.find(item, labels, body_fields)
        if found and not _lex_words(ctx, item, "or-equivalent"):
            add(
                "no-equivalent",
                f"\u201c{found[0].text}\u201d is required without \u201cor equivalent\u201d",
                text_field,
            )
    for entry in options.get("weak_if") or ():
        found = ctx.find(item, entry["terms"], body_fields)
        if found:
            add(entry["reason"], entry.get("detail") or f"\u201c{found[0].text}\u201d", text_field)
    for entry in options.get("require_terms") or ():
        if not ctx.find(item, entry["terms"]):
            add(entry["reason"], entry.get("detail") or "a required element is missing", text_field)
    elements = tuple(
        e["name"] for e in options.get("elements") or () if not ctx.find(item, e["terms"])
    )
    if elements:
        add("incomplete", _lacks(elements), text_field)
    if not reasons or set(reasons) <= set(options.get("secondary") or ()):
        return None  # nothing wrong, or only what the rule reports beside another defect
    if "referral-only" in reasons:  # a bare referral has no content of its own to judge
        for generic in ("incomplete", "no-verification", "no-enforcement", "no-target"):
            reasons.pop(generic, None)
        elements = ()
    order = [r for r in REASONS if r in reasons]
    first = order[0]
    field_name = where[first] if len(order) == 1 else text_field
    return Hit(
        "weak",
        item.field_path(field_name),
        {"clause": item.id, "reasons": ", ".join(order)},
        reasons=tuple(order),
        details=tuple(reasons[r] for r in order),
        clause=item.id,
        note=_lacks(elements, sentence=True) if elements else "",
        elements=elements,
    )


def _in_sentences(folded: str, phrase: str) -> Iterator[tuple[str, int]]:
    """Each sentence of a text that holds the phrase (as whole words), and where in it."""
    for start, end in occurrences(folded, phrase):
        yield sentence_around(folded, start, end)


def _scope_use(folded: str, phrase: str) -> bool:
    """Whether a "where applicable" phrase conditions a duty somewhere in the text."""
    return any(scope_softens_duty(s, at) for s, at in _in_sentences(folded, phrase))


def _free_use(ctx: Context, folded: str, word: str) -> bool:
    """Whether a modal verb softens a duty somewhere in the text, read in its sentence: not a
    prohibition, a permission, a described risk, or a right of the buyer (by name too)."""
    buyer_name = fold(str(ctx.tender.data["tender"]["buyer"]["name"]))
    has_buyer_terms = "buyer" in ctx.rs.lexicons
    for sentence, at in _in_sentences(folded, word):
        before = sentence[:at]
        if buyer_name and buyer_name in before[-(len(buyer_name) + 30) :]:
            continue
        if has_buyer_terms and ctx.find_in(" ".join(before.split()[-4:]), "buyer"):
            continue
        if modal_softens_duty(sentence, at, word):
            return True
    return False


# topics of tender-wide provisions: a clause on one, with its own enforcement (or verification),
# gives every performance condition of the tender that enforcement (or verification)
PROVISIONS = {"enforcement": "provision-enforcement", "verification": "provision-monitoring"}


def provision_for(ctx: Context, item: Item, what: str) -> Item | None:
    """The tender-wide provision that supplies a performance condition's enforcement or
    verification ("every special execution condition is an essential obligation"), if any.
    Found once per tender: a clause that is itself the provision has its own, so the answer
    does not depend on the clause asking."""
    if item.kind != "clause" or item.place != "performance":
        return None
    key = f"provision:{what}"
    if key not in ctx.memo:
        ctx.memo[key] = _provision(ctx, what)
    found: Item | None = ctx.memo[key]
    return found


def _provision(ctx: Context, what: str) -> Item | None:
    topic = PROVISIONS[what]
    if topic not in ctx.rs.topics:
        return None
    for other in ctx.tender.items:
        if other.kind != "clause" or topic not in ctx.topics_of(other):
            continue
        own = (
            _own_enforcement(ctx, other)
            if what == "enforcement"
            else _own_verification(ctx, other, _body_fields(other))
        )
        if own:
            return other
    return None


def _own_verification(ctx: Context, item: Item, body_fields: tuple[str, ...]) -> bool:
    if item.kind == "criterion" and item.scoring:
        return True
    if item.verification and item.verification.strip():
        return not is_referral_only(ctx, item, "verification")
    return bool(_lex_words(ctx, item, "verification", body_fields))


def _has_verification(ctx: Context, item: Item, body_fields: tuple[str, ...]) -> bool:
    return _own_verification(ctx, item, body_fields) or bool(
        provision_for(ctx, item, "verification")
    )


def _own_enforcement(ctx: Context, item: Item) -> bool:
    if item.essential:
        return True
    if item.enforcement and item.enforcement.strip():
        return not is_referral_only(ctx, item, "enforcement")
    return bool(_lex_words(ctx, item, "enforcement"))


def _has_enforcement(ctx: Context, item: Item) -> bool:
    return _own_enforcement(ctx, item) or bool(provision_for(ctx, item, "enforcement"))


def _has_target(ctx: Context, item: Item, body_fields: tuple[str, ...]) -> bool:
    fields = (*body_fields, "verification", "scoring")
    if any(has_quantity(item.folded[f]) for f in fields if f in item.folded):
        return True
    return bool(_lex_words(ctx, item, "target-words", fields))


def _check_numbers(
    ctx: Context, body: str, spec: Mapping[str, Any], add: Any, field_name: str
) -> None:
    unit = spec["unit"]
    if "near" in spec:
        spans = {
            sentence
            for words in {m.text for m in ctx.find_in(body, spec["near"])}
            for sentence, _ in _in_sentences(body, words)
        }
        values = [v for sentence in sorted(spans) for v in numbers(sentence, unit)]
    else:
        values = numbers(body, unit)
    label = {"percent": "%", "eur": " EUR"}.get(unit, f" {unit}")
    if not values:
        if spec.get("required"):
            add(
                "no-target",
                f"no figure in {unit}" if unit != "percent" else "no percentage",
                field_name,
            )
        return
    low = ctx.num(spec["min"]) if "min" in spec else None
    high = ctx.num(spec["max"]) if "max" in spec else None
    for value in values:
        shown = f"{value:g}{label}"
        if low is not None and value < low:
            add("below-threshold", f"{shown} is below the minimum of {low:g}{label}", field_name)
            return
        if high is not None and value > high:
            add("below-threshold", f"{shown} is above the limit of {high:g}{label}", field_name)
            return
