"""Tests for pplint.checks: the kind registry, its option checks and helpers, and each kind.

The kinds run through the Engine on small packs written here, so the tests do not depend on how
the engine builds the checks' Context; helpers that take a Context get the one the engine
passes to a registered kind.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from pplint.analysis.tender import PLACES
from pplint.checks import award, fields, forbidden, missing_weak
from pplint.checks.registry import (
    NUM,
    REGISTRY,
    Hit,
    Registered,
    anchor_for,
    describe_places,
    items_in,
    option_references,
    places,
    register,
    validate_options,
)
from pplint.core.errors import PackError
from pplint.core.rules import RuleSet
from pplint.engine.checker import Engine
from pplint.engine.results import FileResult, Settings
from pplint.packs import rulepack

from conftest import HEADER, REPO

PACK = """\
pack: checks-test
title: Checks test pack
params:
  cap: {value: 50, source: test, verified: false}
topics:
  t-wages:
    title: Collective-agreement wages
    family: social
    signals: {en: [collective agreement]}
lexicons:
  t-brands: {en: [Microsoft, Oracle]}
rules:
"""


def rule(number: int, check: str, options: Mapping[str, Any], message: str) -> str:
    """One rule of the test pack (options written as JSON, which YAML reads as flow style)."""
    return (
        f"- id: SOC-CHK-{number:03d}\n"
        f"  title: Check test rule {number}\n"
        "  family: social\n"
        "  severity: warning\n"
        f"  check: {check}\n"
        f"  options: {json.dumps(options)}\n"
        f"  message: {json.dumps(message)}\n"
        "  rationale: For tests.\n"
        "  legal_basis: [{instrument: Test instrument}]\n"
        "  model_clause: {en: The contractor shall comply.}\n"
        "  examples: [{expect: pass}, {expect: fail}]\n"
    )


def pack(tmp_path: Path, *rules: str) -> RuleSet:
    """The shipped lexicons plus a test pack with ``rules``."""
    path = tmp_path / "checks-test.yaml"
    path.write_text(PACK + ("".join(rules) or "  []\n"), encoding="utf-8")
    return rulepack.load([REPO / "rules" / "00-lexicons", path])


def lint(rs: RuleSet, body: str, header: str = HEADER, **settings: Any) -> FileResult:
    engine = Engine(rs, Settings(**settings))
    result = engine.check_bytes((header + body).encode("utf-8"), "t.tender.yaml")
    assert result.checked, [f.message for f in result.findings]
    return result


def found(result: FileResult) -> list[tuple[int, int, str, str, str]]:
    return [(f.line, f.column, f.rule, f.kind, f.message) for f in result.findings]


@pytest.fixture
def kind_name() -> Iterator[Callable[[], str]]:
    """Fresh kind names for one test; what the test registers under them is removed after."""
    names: list[str] = []

    def fresh() -> str:
        names.append(f"test-kind-{uuid.uuid4().hex[:12]}")
        return names[-1]

    yield fresh
    for name in names:
        REGISTRY.pop(name, None)


# --- register ----------------------------------------------------------------------------------


def test_a_registered_kind_is_run_by_the_engine_and_its_hits_become_findings(
    tmp_path: Path, kind_name: Callable[[], str]
) -> None:
    name = kind_name()

    def word(ctx: Any, rule: Any, options: Mapping[str, Any]) -> Iterator[Hit]:
        for item in ctx.tender.clauses():
            if options["word"] in item.folded["text"]:
                yield Hit("violation", item.field_path("text"), {"clause": item.id}, clause=item.id)

    assert register(name, word={"type": "string"})(word) is word
    assert REGISTRY[name] == Registered(
        word,
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {"word": {"type": "string"}},
        },
    )
    rs = pack(tmp_path, rule(1, name, {"word": "asbestos"}, "Asbestos in {clause}."))
    result = lint(
        rs,
        "clauses:\n"
        "  - {id: C1, section: other, text: Clean walls.}\n"
        "  - {id: C2, section: other, text: Remove the asbestos.}\n",
    )
    assert found(result) == [(10, 36, "SOC-CHK-001", "violation", "Asbestos in C2.")]
    assert result.findings[0].clause == "C2"


def test_registering_a_name_again_replaces_the_kind(kind_name: Callable[[], str]) -> None:
    name = kind_name()

    def first(ctx: Any, rule: Any, options: Mapping[str, Any]) -> Iterator[Hit]:
        yield from ()

    def second(ctx: Any, rule: Any, options: Mapping[str, Any]) -> Iterator[Hit]:
        yield from ()

    register(name, a={"type": "string"})(first)
    before = len(REGISTRY)
    register(name, b=NUM)(second)
    assert len(REGISTRY) == before
    assert REGISTRY[name].run is second
    assert REGISTRY[name].options["properties"] == {"b": NUM}


def test_options_outside_a_kinds_schema_stop_the_pack_at_the_option(
    tmp_path: Path, kind_name: Callable[[], str]
) -> None:
    name = kind_name()
    register(name, limit=NUM)(lambda ctx, rule, options: iter(()))
    with pytest.raises(PackError) as info:
        pack(tmp_path, rule(1, name, {"limit": "ten"}, "m"))
    err = info.value
    assert (err.line, err.column) == (PACK.count("\n") + 6, 22)  # the value of `limit`
    assert err.message.startswith("rule SOC-CHK-001: limit: 'ten' is not")


# --- validate_options and option_references ----------------------------------------------------


@pytest.fixture
def rs(tmp_path: Path) -> RuleSet:
    return pack(tmp_path)


def test_validate_options_gives_each_schema_problem_at_its_option(rs: RuleSet) -> None:
    problems = dict(validate_options(rs, "forbidden", {"terms": 3, "in": ["nowhere"]}))
    assert set(problems) == {("terms",), ("in", 0)}
    assert problems[("terms",)] == "terms: 3 is not a text or a mapping"
    assert problems[("in", 0)].startswith("in[0]: 'nowhere' is not one of specification, ")
    [(path, message)] = validate_options(rs, "forbidden", {"term": "t-brands"})
    assert path == ("term",)
    assert "unknown field `term` (expected one of: in, terms, unless)" in message
    assert list(validate_options(rs, "forbidden", {"terms": "t-brands", "in": ["title"]})) == []


def test_validate_options_checks_names_only_once_the_schema_holds(rs: RuleSet) -> None:
    assert list(validate_options(rs, "forbidden", {"terms": "t-gone"})) == [
        (("terms",), "unknown lexicon `t-gone`")
    ]
    # a schema problem is reported alone: the unknown lexicon waits for a valid shape
    [(path, _)] = validate_options(rs, "forbidden", {"terms": "t-gone", "in": ["nowhere"]})
    assert path == ("in", 0)


def test_option_references_finds_every_unknown_name_where_it_is(rs: RuleSet) -> None:
    options = {
        "topics": ["t-wages", "t-nope"],
        "terms": "t-gone",
        "unless": "t-brands",
        "max": "$nope",
        "min": "$cap",
        "weak_if": [{"terms": "t-lost", "reason": "hedged"}],
        "numbers": [{"unit": "eur", "min": "$nada"}],
        "if": {"value_min": "$none", "has_topic": ["t-wages", "t-x"]},
        "require_condition": {"topics": ["t-none"]},
    }
    assert list(option_references(rs, options)) == [
        (("topics", 1), "unknown topic `t-nope`"),
        (("terms",), "unknown lexicon `t-gone`"),
        (("max",), "unknown param `$nope`"),
        (("weak_if", 0, "terms"), "unknown lexicon `t-lost`"),
        (("numbers", 0, "min"), "unknown param `$nada`"),
        (("if", "value_min"), "unknown param `$none`"),
        (("if", "has_topic", 1), "unknown topic `t-x`"),
        (("require_condition", "topics", 0), "unknown topic `t-none`"),
    ]
    known = {"topics": ["t-wages"], "terms": "t-brands", "max": "$cap", "labels": "hedge"}
    assert list(option_references(rs, known)) == []


# --- places and their helpers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, frozenset(PLACES)),
        ({"in": []}, frozenset(PLACES)),
        ({"in": ["performance", "award:price"]}, frozenset({"performance", "award:price"})),
    ],
)
def test_places_are_the_in_option_or_everywhere(
    options: Mapping[str, Any], expected: frozenset[str]
) -> None:
    assert places(options) == expected


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({}, "any clause or award criterion"),
        ({"in": ["performance"]}, "performance clauses"),
        ({"in": ["award:quality"]}, "quality criteria"),
        (
            {"in": ["award:price", "performance", "award"]},
            "price criteria, performance clauses or award criteria",
        ),
    ],
)
def test_describe_places_names_them_for_a_message(options: Mapping[str, Any], words: str) -> None:
    assert describe_places(options) == words


@pytest.fixture
def context_of(tmp_path: Path, kind_name: Callable[[], str]) -> Callable[[str], Any]:
    """The Context the engine gives a registered kind for a tender with ``body``."""
    seen: list[Any] = []
    name = kind_name()

    def spy(ctx: Any, rule: Any, options: Mapping[str, Any]) -> Iterator[Hit]:
        seen.append(ctx)
        yield from ()

    register(name)(spy)
    spy_rs = pack(tmp_path, rule(1, name, {}, "m"))

    def run(body: str) -> Any:
        seen.clear()
        assert lint(spy_rs, body).findings == []
        [ctx] = seen
        return ctx

    return run


BOTH = """\
clauses:
  - {id: S1, section: specification, text: Supply.}
  - {id: P1, section: performance, text: Perform.}
award_criteria:
  - {id: A1, name: Price, type: price, weight: 60}
  - {id: A2, name: Quality, type: quality, weight: 40}
"""


def test_items_in_keeps_the_items_in_the_places(context_of: Callable[[str], Any]) -> None:
    ctx = context_of(BOTH)

    def ids(options: Mapping[str, Any]) -> list[str]:
        return [item.id for item in items_in(ctx, options)]

    assert ids({}) == ["S1", "P1", "A1", "A2"]
    assert ids({"in": ["performance"]}) == ["P1"]
    assert ids({"in": ["award:quality"]}) == ["A2"]
    assert ids({"in": ["award", "specification"]}) == ["S1", "A1", "A2"]
    assert ids({"in": ["exclusion"]}) == []


def test_anchor_for_is_the_first_list_among_the_places(context_of: Callable[[str], Any]) -> None:
    both = context_of(BOTH)
    assert anchor_for(both, {}) == ("clauses",)
    assert anchor_for(both, {"in": ["performance"]}) == ("clauses",)
    assert anchor_for(both, {"in": ["award:quality"]}) == ("award_criteria",)
    assert anchor_for(both, {"in": ["award", "performance"]}) == ("clauses",)
    criteria_only = context_of(BOTH[BOTH.index("award_criteria") :])
    assert anchor_for(criteria_only, {}) == ("award_criteria",)
    assert anchor_for(criteria_only, {"in": ["performance"]}) == ("tender",)
    assert anchor_for(context_of(""), {"in": ["award"]}) == ("tender",)


# --- the kinds -----------------------------------------------------------------------------------


def test_award_kinds_price_ceiling_weights_and_price_only(tmp_path: Path) -> None:
    assert REGISTRY["price-ceiling"].run is award.price_ceiling
    assert REGISTRY["price-only"].run is award.price_only
    rs = pack(
        tmp_path,
        rule(1, "price-ceiling", {"max": "$cap"}, "Price weighs {value}%, over {limit}%."),
        rule(2, "weights", {}, "Weights add up to {value}{lot}."),
        rule(3, "price-only", {}, "Only price in {clause}."),
    )
    mixed = (
        "award_criteria:\n"
        "  - {id: A, name: Price, type: price, weight: 55}\n"
        "  - {id: B, name: Quality, type: quality, weight: 40}\n"
    )
    assert found(lint(rs, mixed)) == [
        (8, 1, "SOC-CHK-002", "violation", "Weights add up to 95."),
        (9, 47, "SOC-CHK-001", "violation", "Price weighs 57.9%, over 50%."),  # 55 of 95
    ]
    # a param given in the settings overrides the pack's value
    assert [f.rule for f in lint(rs, mixed, params={"cap": 60}).findings] == ["SOC-CHK-002"]
    price = "award_criteria:\n  - {id: A, name: Price, type: price, weight: 100}\n"
    assert found(lint(rs, price)) == [
        (9, 32, "SOC-CHK-003", "violation", "Only price in A."),
        (9, 47, "SOC-CHK-001", "violation", "Price weighs 100%, over 50%."),
    ]
    assert lint(rs, "").findings == []  # no criteria: nothing to weigh


def test_award_kinds_count_each_lot(tmp_path: Path) -> None:
    rs = pack(tmp_path, rule(1, "weights", {}, "Weights add up to {value}{lot}."))
    lots = HEADER + "  lots:\n    - {id: L1, title: One}\n    - {id: L2, title: Two}\n"
    criteria = """\
award_criteria:
  - {id: A, name: Price, type: price, weight: 50}
  - {id: B, name: Quality, type: quality, weight: 50, lot: L1}
  - {id: C, name: Quality, type: quality, weight: 30, lot: L2}
"""
    result = lint(rs, criteria, header=lots)
    assert [f.message for f in result.findings] == ["Weights add up to 80 in lot L2."]


def test_fields_kinds_lots_and_field(tmp_path: Path) -> None:
    assert REGISTRY["lots"].run is fields.lots
    assert REGISTRY["field"].run is fields.field_rule
    rs = pack(
        tmp_path,
        rule(1, "lots", {"min_words": 5}, "No lots and {field} is missing or weak."),
        rule(
            2,
            "field",
            {
                "if": {"codes": ["rd-act"]},
                "then": {"procedure": ["innovation_partnership"]},
                "path": "tender.procedure",
            },
            "R&D with procedure at {field}.",
        ),
    )
    assert found(lint(rs, "")) == [
        (2, 1, "SOC-CHK-001", "missing", "No lots and lots_justification is missing or weak.")
    ]
    short = HEADER + "  lots_justification: One single service.\n"
    [weak] = lint(rs, "", header=short).findings
    assert (weak.line, weak.column, weak.kind, weak.reasons) == (8, 23, "weak", ("referral-only",))
    reasoned = HEADER + (
        "  lots_justification: The kitchen and the delivery rounds share one staff and one "
        "van, so a split would double both.\n"
    )
    assert lint(rs, "", header=reasoned).findings == []
    rd = HEADER + (
        "  strategic: {innovative_acquisition: [rd-act]}\n  procedure: open\n"
        "  lots:\n    - {id: L1, title: One}\n    - {id: L2, title: Two}\n"
    )
    assert found(lint(rs, "", header=rd)) == [
        (9, 14, "SOC-CHK-002", "violation", "R&D with procedure at tender.procedure.")
    ]
    fit = rd.replace("procedure: open", "procedure: innovation_partnership")
    assert lint(rs, "", header=fit).findings == []


def test_forbidden_kind(tmp_path: Path) -> None:
    assert REGISTRY["forbidden"].run is forbidden.forbidden
    rs = pack(
        tmp_path,
        rule(
            1,
            "forbidden",
            {"terms": "t-brands", "unless": "or-equivalent", "in": ["specification", "title"]},
            "Brand {term} in {clause}.",
        ),
    )
    header = HEADER.replace("title: Test tender", "title: Oracle licences")
    body = """\
clauses:
  - {id: S1, section: specification, text: The suite shall be Microsoft Office.}
  - {id: S2, section: specification, text: Compatible with Oracle formats or equivalent.}
  - {id: P1, section: performance, text: Train the staff on Microsoft Office.}
"""
    assert found(lint(rs, body, header=header)) == [
        (4, 10, "SOC-CHK-001", "violation", "Brand oracle in title."),
        (9, 44, "SOC-CHK-001", "violation", "Brand microsoft in S1."),
    ]
    assert lint(rs, body).findings[0].clause == "S1"  # the title is clean


def test_missing_and_weak_kinds(tmp_path: Path) -> None:
    assert REGISTRY["missing"].run is missing_weak.missing
    assert REGISTRY["weak"].run is missing_weak.weak
    rs = pack(
        tmp_path,
        rule(1, "missing", {"topics": ["t-wages"], "in": ["performance"]}, "None in {places}."),
        rule(
            2,
            "weak",
            {
                "topics": ["t-wages"],
                "in": ["performance"],
                "require": ["verification", "enforcement"],
            },
            "Clause {clause} is weak: {reasons}.",
        ),
    )
    elsewhere = (
        "clauses:\n  - {id: S1, section: specification, text: Respect the collective agreement.}\n"
    )
    result = lint(rs, elsewhere)
    assert [(f.line, f.column, f.rule, f.kind) for f in result.findings] == [
        (8, 1, "SOC-CHK-001", "missing"),
        (8, 1, "SOC-CHK-002", "missing"),  # weak: nothing to judge, so the clause is missing
    ]
    assert result.findings[0].message.startswith("None in performance clauses.")
    assert "S1 (specification clause)" in result.findings[0].message
    hedged = (
        "clauses:\n  - id: P1\n    section: performance\n"
        "    text: Where possible the contractor should respect the collective agreement.\n"
    )
    [weak] = lint(rs, hedged).findings
    assert (weak.line, weak.column, weak.rule, weak.clause) == (11, 11, "SOC-CHK-002", "P1")
    assert weak.reasons == ("hedged", "no-verification", "no-enforcement")
    assert weak.message == "Clause P1 is weak: hedged, no-verification, no-enforcement."
    binding = hedged.replace(
        "Where possible the contractor should respect", "The contractor shall respect"
    ) + (
        "    verification: Payslips every quarter.\n    enforcement: Penalty of 5% of the price.\n"
    )
    assert lint(rs, binding).findings == []


def test_a_kind_registered_again_is_validated_with_its_new_schema() -> None:
    from pplint.checks import registry

    def kind(ctx: Any, rule: Any, options: Mapping[str, Any]) -> Iterator[Hit]:
        yield from ()

    try:
        register("test-reregistered", size={"type": "number"})(kind)
        assert list(registry.validate_options(RuleSet(), "test-reregistered", {"size": 1})) == []
        register("test-reregistered", size={"type": "string"})(kind)
        problems = list(registry.validate_options(RuleSet(), "test-reregistered", {"size": 1}))
        assert [path for path, _ in problems] == [("size",)]
    finally:
        REGISTRY.pop("test-reregistered", None)


def test_a_bare_referral_is_judged_as_a_referral_only() -> None:
    """A clause that only refers to another document is weak for that one reason, not also
    for lacking verification or enforcement, which it has no content to carry."""
    rs = rulepack.load([rulepack.shipped_dir()])
    text = (
        HEADER.replace("nature: services", "nature: works").replace('"90911200"', '"45233140"')
        + "clauses:\n  - id: C1\n    section: performance\n    title: Labour law\n"
        "    text: In accordance with the applicable law.\n"
    )
    found = [
        f
        for f in Engine(rs).check_bytes(text.encode(), "t.tender.yaml").findings
        if f.clause == "C1"
    ]
    assert found and all(f.reasons == ("referral-only",) for f in found), found


def _wages(*clauses: str) -> str:
    body = "clauses:\n"
    for i, extra in enumerate(clauses, 1):
        body += (
            f"  - id: C{i}\n    section: performance\n"
            "    text: The contractor shall respect the collective agreement wages.\n" + extra
        )
    return body


def test_a_topic_is_judged_on_all_its_clauses_together(test_rs: RuleSet) -> None:
    """What one clause lacks, another on the topic may supply; one finding at most."""
    verified = "    verification: Payslips every quarter.\n"
    enforced = "    enforcement: A penalty of 1% of the price per breach.\n"
    split = lint(test_rs, _wages(verified, enforced), select=("SOC-TST-001",))
    assert split.findings == []  # verification in C1, enforcement in C2: the requirement holds
    both_weak = lint(test_rs, _wages(verified, verified), select=("SOC-TST-001",))
    assert [(f.rule, f.reasons) for f in both_weak.findings] == [
        ("SOC-TST-001", ("no-enforcement",))
    ]
    assert "Also read, on the same topic: C2." in both_weak.findings[0].message
    one_holds = lint(test_rs, _wages(verified + enforced, ""), select=("SOC-TST-001",))
    assert one_holds.findings == []


def test_every_clause_of_a_place_is_judged_on_its_own() -> None:
    """A rule that judges every clause of its places (no topics) reports each weak clause."""
    rs = rulepack.load([rulepack.shipped_dir()])
    body = _wages("", "")
    result = lint(rs, body, select=("GOV-CPC-001",))
    assert sorted(f.clause or "" for f in result.findings) == ["C1", "C2"]


# --- elements, placeholders, tender-wide provisions -------------------------------------------

ELEMENTS_RULE = rule(
    40,
    "weak",
    {
        "topics": ["t-wages"],
        "require": [],
        "elements": [
            {"name": "payslips for the staff", "terms": {"en": ["payslips"]}},
            {"name": "the sector's wage tables", "terms": {"en": ["wage tables"]}},
        ],
    },
    "Wage clause weak.",
)


def test_a_clause_lacking_elements_is_incomplete_and_names_them(tmp_path: Path) -> None:
    rs = pack(tmp_path, ELEMENTS_RULE)
    body = _wages("")
    (f,) = lint(rs, body, select=("SOC-CHK-040",)).findings
    assert (f.kind, f.reasons) == ("weak", ("incomplete",))
    assert f.elements == ("payslips for the staff", "the sector's wage tables")
    assert "It lacks: payslips for the staff; the sector's wage tables." in f.message
    assert f.to_dict()["missing_elements"] == list(f.elements)


def test_elements_spread_over_clauses_on_the_topic_are_combined(tmp_path: Path) -> None:
    rs = pack(tmp_path, ELEMENTS_RULE)
    both = _wages("    verification: Payslips every quarter.\n", "    title: Wage tables\n")
    assert lint(rs, both, select=("SOC-CHK-040",)).findings == []
    one = _wages("    verification: Payslips every quarter.\n", "")
    (f,) = lint(rs, one, select=("SOC-CHK-040",)).findings
    assert f.elements == ("the sector's wage tables",) and f.clause == "C1"


def test_a_placeholder_text_is_incomplete_and_a_referral_is_not_also_incomplete(
    tmp_path: Path,
) -> None:
    rs = pack(tmp_path, rule(41, "weak", {"in": ["exclusion"], "require": []}, "Weak."))
    cut = "clauses:\n  - id: X1\n    section: exclusion\n    text: Applicants not satisfying...\n"
    (f,) = lint(rs, cut, select=("SOC-CHK-041",)).findings
    assert f.reasons == ("incomplete",) and "placeholder" in f.details[0]
    full = cut.replace("Applicants not satisfying...", "Bidders convicted of fraud are excluded.")
    assert lint(rs, full, select=("SOC-CHK-041",)).findings == []
    assert missing_weak.is_placeholder("tbd") and not missing_weak.is_placeholder("see annex 3 now")


def test_numbered_parts_of_the_tender_documents_are_a_bare_referral() -> None:
    """'Clauses 14 and 16 of the PCAP' points elsewhere: the numbers are not a target."""
    rs = rulepack.load([rulepack.shipped_dir()])
    body = (
        "award_criteria:\n"
        "  - {id: AC-1, name: Price, type: price, weight: 60, scoring: Lowest price wins.}\n"
        "  - {id: AC-2, name: Quality plan, type: quality, weight: 40,"
        " scoring: Clauses 14 and 16 of the PCAP}\n"
    )
    found = [f for f in lint(rs, body, select=("INN-AWD-005",)).findings if f.clause == "AC-2"]
    assert [f.reasons for f in found] == [("referral-only",)]


def test_a_tender_wide_provision_enforces_every_performance_condition() -> None:
    """'Breach of the special performance conditions: penalty' gives each performance condition
    its enforcement; a clause elsewhere is not covered."""
    rs = rulepack.load([rulepack.shipped_dir()])
    body = _wages("    verification: Payslips every quarter.\n")
    weak = lint(rs, body, select=("SOC-LAB-002",)).findings
    assert [f.reasons for f in weak] == [("no-enforcement",)]
    general = (
        "  - id: G1\n    section: other\n    title: Penalties\n    text: Breach of any of the"
        " special performance conditions incurs a penalty of 1% of the price per breach.\n"
    )
    assert lint(rs, body + general, select=("SOC-LAB-002",)).findings == []
    moved = (body + general).replace("section: performance", "section: obligation")
    assert [f.reasons for f in lint(rs, moved, select=("SOC-LAB-002",)).findings] == [
        ("no-enforcement",)
    ]


def test_ethical_supply_chain_findings_below_the_eu_thresholds_are_information() -> None:
    """Proportionality: the ETH rules weigh fully from the EU supply thresholds."""
    rs = rulepack.load([rulepack.shipped_dir()])
    header = HEADER.replace("nature: services", "nature: supplies").replace(
        '"90911200"', '"30213100"'
    )

    def severities(value: int) -> set[str]:
        body = f"  estimated_value: {{amount: {value}, currency: EUR}}\n"
        result = lint(rs, body, header=header, select=("ETH",))
        return {f.severity.label for f in result.findings}

    assert severities(60000) == {"info"}
    assert severities(500000) == {"warning"}


def test_one_defect_at_one_place_is_one_finding_listing_the_related_rules(
    tmp_path: Path,
) -> None:
    """Two rules that find the same weakness in the same clause field give one finding; the
    more severe rule reports it and names the other. Different reasons stay apart."""
    hedged = {"topics": ["t-wages"], "require": []}
    two = (
        rule(50, "weak", hedged, "Wages weak (first rule).")
        + rule(51, "weak", hedged, "Wages weak (second rule).").replace(
            "severity: warning", "severity: error"
        )
        + rule(52, "weak", {**hedged, "require": ["enforcement"]}, "Wages weak (third rule).")
    )
    rs = pack(tmp_path, two)
    body = (
        "clauses:\n  - id: C1\n    section: performance\n    text: Where possible the contractor"
        " should respect the collective agreement.\n"
    )
    findings = lint(rs, body, select=("SOC-CHK",)).findings
    by_rule = {f.rule: f for f in findings}
    assert set(by_rule) == {"SOC-CHK-051", "SOC-CHK-052"}, [f.rule for f in findings]
    merged = by_rule["SOC-CHK-051"]
    assert merged.related == ("SOC-CHK-050",) and merged.reasons == ("hedged",)
    assert "also reported under SOC-CHK-050" in merged.message
    assert merged.to_dict()["related_rules"] == ["SOC-CHK-050"]
    assert by_rule["SOC-CHK-052"].related == ()  # hedged and no-enforcement: another defect
    alone = lint(rs, body, select=("SOC-CHK-050",)).findings  # a selected rule reports alone
    assert [(f.rule, f.related) for f in alone] == [("SOC-CHK-050", ())]


def test_a_specific_award_justification_sets_price_only_and_the_ceiling_aside() -> None:
    """A small, fully specified supply may be awarded on price when the tender says why; a
    short or generic reason does not count, and the finding says so."""
    rs = rulepack.load([rulepack.shipped_dir()])
    body = (
        "award_criteria:\n  - {id: AC-1, name: Price, type: price, weight: 100,"
        " scoring: Lowest price wins.}\n"
    )
    header = HEADER.replace('"90911200"', '"79713000"')  # a service: INN-AWD-001 applies
    rules = ("INN-AWD-001", "INN-AWD-002")
    plain = lint(rs, body, header=header, select=rules).findings
    assert sorted(f.rule for f in plain) == ["INN-AWD-001", "INN-AWD-002"]
    reason = (
        "  award_justification: The guarding hours are fully specified in the technical"
        " specifications, with fixed staff numbers and shifts, so offers can differ only in"
        " price.\n"
    )
    assert lint(rs, reason + body, header=header, select=rules).findings == []
    generic = "  award_justification: For reasons of efficiency.\n"
    weak = lint(rs, generic + body, header=header, select=rules).findings
    assert sorted(f.rule for f in weak) == ["INN-AWD-001", "INN-AWD-002"]
    assert all("too short or too generic" in f.message for f in weak)
