"""Tests for pplint.engine with the engine test pack: findings as (line, column, rule)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from pplint.core.model import Severity
from pplint.core.rules import RuleSet
from pplint.engine.checker import Engine
from pplint.engine.results import FORMAT_RULES, FileResult, Settings

from conftest import HEADER, REPO, tuples
from conftest import WEAK as WEAK_CLAUSE

Lint = Callable[..., FileResult]

WEAK = (
    WEAK_CLAUSE
    + """\
award_criteria:
  - {id: A, name: Price, type: price, weight: 70, scoring: linear formula on price}
  - {id: B, name: Quality, type: quality, weight: 20}
"""
)


def test_findings_point_into_the_clause_and_criteria(lint: Lint) -> None:
    result = lint(WEAK, select=("SOC-TST-001", "INN-TST-001", "INN-TST-002", "INN-TST-005"))
    assert tuples(result) == [
        (11, 11, "SOC-TST-001"),  # clauses[0].text
        (12, 1, "INN-TST-002"),  # award_criteria (weights sum to 90)
        (13, 47, "INN-TST-001"),  # award_criteria[0].weight
        (14, 19, "INN-TST-005"),  # award_criteria[1].name (no scoring)
    ]
    weak = result.findings[0]
    assert weak.kind == "weak"
    assert weak.reasons == ("hedged", "no-verification", "no-enforcement")
    assert weak.path_str == "clauses[0].text"
    assert weak.clause == "C1"
    assert "where possible" in weak.details[0]


def test_missing_points_at_the_list_or_tender(lint: Lint) -> None:
    with_list = lint(
        HEADER + "clauses:\n  - {id: C1, section: other, text: Nothing here.}\n",
        select=("SOC-TST-002",),
    )
    assert tuples(with_list) == [(8, 1, "SOC-TST-002")]
    without = lint(HEADER, select=("SOC-TST-002",))
    assert tuples(without) == [(2, 1, "SOC-TST-002")]
    assert without.findings[0].path_str == "tender"


def test_clause_in_the_wrong_section_is_named(lint: Lint) -> None:
    text = HEADER + (
        "clauses:\n  - {id: C9, section: specification, text: Keep the "
        "collective agreement wages.}\n"
    )
    [finding] = lint(text, select=("SOC-TST-002",)).findings
    assert finding.kind == "missing"
    assert "C9 (specification clause)" in finding.message


def test_applicability_and_refinement(lint: Lint) -> None:
    works = HEADER.replace("nature: services", "nature: supplies")
    result = lint(works, select=("SOC-TST-001",))
    assert result.findings == [] and result.not_applicable == ["SOC-TST-001"]
    criteria = (
        "award_criteria:\n  - {id: A, name: Price, type: price, weight: 55, scoring: x}\n"
        "  - {id: B, name: Q, type: quality, weight: 45, scoring: y}\n"
    )
    assert lint(HEADER + criteria, select=("INN-TST-001",)).findings == []
    spanish = HEADER.replace("country: FR", "country: ES") + criteria
    [finding] = lint(spanish, select=("INN-TST-001",)).findings
    assert finding.severity.label == "error"
    assert "above 49%" in finding.message


def test_params_override(lint: Lint) -> None:
    criteria = (
        "award_criteria:\n  - {id: A, name: Price, type: price, weight: 55}\n"
        "  - {id: B, name: Quality, type: quality, weight: 45}\n"
    )
    assert lint(HEADER + criteria, select=("INN-TST-001",)).findings == []
    [f] = lint(HEADER + criteria, select=("INN-TST-001",), params={"test-ceiling": 50}).findings
    assert "55%" in f.message and "50%" in f.message


def test_invalid_findings(lint: Lint) -> None:
    text = HEADER + "award_criteria:\n  - {id: A, name: Price, type: price, weight: fifty}\n"
    [f] = lint(text).findings
    assert (f.line, f.column, f.rule, f.kind, f.family) == (
        9,
        47,
        "FMT-SCHEMA",
        "invalid",
        "format",
    )
    assert f.message == "award_criteria[0].weight: 'fifty' is not a number"


def test_duplicate_key_is_reported_and_checking_goes_on(lint: Lint) -> None:
    text = HEADER + "  nature: works\n"
    result = lint(text, select=("FMT-", "SOC-TST-002"))
    assert tuples(result) == [(2, 1, "SOC-TST-002"), (8, 3, "FMT-DUPLICATE-KEY")]


def test_root_not_mapping_and_unknown_tag(lint: Lint) -> None:
    assert tuples(lint("- a\n- b\n")) == [(1, 1, "FMT-ROOT")]
    text = HEADER + "clauses:\n  - {id: C1, section: other, text: x, topics: [nonsense]}\n"
    assert tuples(lint(text, select=("FMT-",))) == [(9, 48, "FMT-TOPIC")]


def test_tags_add_topics_by_name_or_rule_id(lint: Lint) -> None:
    text = HEADER + (
        "clauses:\n  - {id: C1, section: performance, text: Pay staff well., "
        "topics: [SOC-TST-002], verification: payslips, enforcement: penalty}\n"
    )
    result = lint(text, select=("SOC-TST-002", "SOC-TST-001"))
    assert result.findings == []
    assert result.explained[0].evidence == {"t-wages": [("topics", "tag SOC-TST-002")]}


def test_unique_ids_and_lot_references(lint: Lint) -> None:
    text = HEADER + (
        "clauses:\n  - {id: C1, section: other, text: a}\n"
        "  - {id: C1, section: other, text: b, lot: L9}\n"
    )
    messages = [f.message for f in lint(text).findings]
    assert any("already used" in m for m in messages)
    assert any("no lot has id `L9`" in m for m in messages)


def test_select_and_ignore_by_prefix(lint: Lint) -> None:
    all_rules = lint(WEAK)
    assert {f.rule for f in all_rules.findings} >= {"SOC-TST-001", "INN-TST-001"}
    only_inn = lint(WEAK, select=("INN-",))
    assert {f.rule[:4] for f in only_inn.findings} == {"INN-"}
    no_inn = lint(WEAK, ignore=("INN-",))
    assert not any(f.rule.startswith("INN-") for f in no_inn.findings)
    assert lint(WEAK, severity={"SOC-TST-001": "off"}, select=("SOC-TST-001",)).findings == []


WAIVED = (
    WEAK
    + """\
waivers:
  - rule: SOC-TST-001
    clause: C1
    reason: The wage clause is set by the framework agreement; see annex 3.
    approver: Head of procurement
    expires: "2099-12-31"
  - rule: INN-TST-004
    reason: Kept for a year while the template is revised.
  - rule: INN-TST-001
    reason: Old waiver.
    expires: "2020-01-01"
"""
)


def test_waivers_suppress_report_unused_and_expire(lint: Lint) -> None:
    result = lint(
        WAIVED,
        select=("SOC-TST-001", "INN-TST-001", "INN-TST-004", "FMT-"),
        today=dt.date(2026, 11, 29),
    )
    wage = next(f for f in result.findings if f.rule == "SOC-TST-001")
    assert wage.suppressed and wage.waiver is not None
    assert wage.waiver.approver == "Head of procurement"
    price = next(f for f in result.findings if f.rule == "INN-TST-001")
    assert not price.suppressed  # its waiver expired
    waiver_msgs = [f.message for f in result.findings if f.rule == "FMT-WAIVER"]
    assert any("unused waiver: INN-TST-004" in m for m in waiver_msgs)
    assert any("expired on 2020-01-01" in m for m in waiver_msgs)
    audit = lint(WAIVED, select=("SOC-TST-001",), use_waivers=False)
    assert not audit.findings[0].suppressed


def test_waiver_without_reason_is_invalid(lint: Lint) -> None:
    text = WEAK + "waivers:\n  - rule: SOC-TST-001\n"
    [f] = lint(text).findings
    assert f.rule == "FMT-SCHEMA" and "`reason` is missing" in f.message


def test_unknown_waiver_rule(lint: Lint) -> None:
    text = WEAK + "waivers:\n  - {rule: XYZ-NOPE-001, reason: because}\n"
    msgs = [f.message for f in lint(text, select=("FMT-",)).findings]
    assert msgs == ["waiver names unknown rule `XYZ-NOPE-001`"]


def test_multilingual_text_map(lint: Lint) -> None:
    text = (
        HEADER
        + """\
clauses:
  - id: C1
    section: performance
    text:
      es: Se respetará el convenio colectivo durante toda la ejecución.
      ca: Es respectarà el conveni col·lectiu durant tota la vigència.
    verification: Nóminas trimestrales.
    enforcement: Penalidad del 5 %.
"""
    )
    result = lint(text, select=("SOC-TST-001", "SOC-TST-002"))
    assert result.findings == []
    evidence = result.explained[0].evidence["t-wages"]
    assert ("text.es", "convenio colectivo") in evidence
    assert ("text.ca", "conveni collectiu") in evidence


def test_format_errors_are_shown_whatever_is_selected(lint: Lint) -> None:
    result = lint("pplint: 1\ntender: [\n", select=("SOC-TST-002",))
    assert [f.rule for f in result.findings] == ["FMT-SYNTAX"]
    assert lint("pplint: 1\ntender: [\n", ignore=("FMT-",)).findings == []


def test_error_at_end_of_file_points_at_last_line(lint: Lint) -> None:
    [f] = lint("pplint: 1\ntender: [\n").findings
    assert (f.line, f.column) == (2, 10)


def test_a_right_of_the_buyer_is_not_a_hedge(lint: Lint) -> None:
    base = (
        HEADER
        + """\
clauses:
  - id: C1
    section: performance
    text: The contractor shall keep the collective agreement. {extra}
    verification: Payslips every quarter.
    enforcement: Penalty of 5% of the price.
"""
    )
    rights = [
        "The council may terminate the contract.",
        "The contract manager may inspect the payroll at any time.",
        "Test buyer may audit the records.",
    ]
    for extra in rights:
        assert lint(base.replace("{extra}", extra), select=("SOC-TST-001",)).findings == [], extra
    [f] = lint(
        base.replace("{extra}", "The contractor may also pay more."), select=("SOC-TST-001",)
    ).findings
    assert f.reasons == ("hedged",)


@pytest.mark.parametrize(
    "expires",
    [
        "2020-02-30",
        "2021-02-29",
        "2020-13-01",
        "2020-00-10",
        "2020-04-31",
        "2020-02-01\n",
        "2020-02-01\n\n",
    ],
)
def test_waiver_expiry_that_is_no_real_day_is_invalid(lint: Lint, expires: str) -> None:
    text = WEAK + f"waivers:\n  - rule: SOC-TST-001\n    reason: r\n    expires: {expires!r}\n"
    text = text.replace("'", '"')
    line = text.count("\n", 0, text.index("expires:")) + 1
    [f] = lint(text, today=dt.date(2000, 1, 1)).findings
    assert (f.rule, f.kind, f.line) == ("FMT-SCHEMA", "invalid", line)
    assert f.path == ("waivers", 0, "expires")
    assert "waivers[0].expires" in f.message


def test_waiver_expiry_on_a_leap_day_is_a_date(lint: Lint) -> None:
    text = WEAK + 'waivers:\n  - {rule: SOC-TST-001, reason: r, expires: "2024-02-29"}\n'
    wage = lint(text, select=("SOC-TST-001",), today=dt.date(2024, 2, 29)).findings
    assert [f.suppressed for f in wage] == [True]
    later = lint(text, select=("SOC-TST-001", "FMT-"), today=dt.date(2024, 3, 1)).findings
    assert any("expired on 2024-02-29" in f.message for f in later)


@pytest.mark.parametrize(
    ("old", "new"), [("country: FR", 'country: "FR\\n"'), ('"90911200"', '"90911200\\n"')]
)
def test_patterns_refuse_a_trailing_newline(lint: Lint, old: str, new: str) -> None:
    [f] = lint(HEADER.replace(old, new)).findings
    assert (f.rule, f.line) == ("FMT-SCHEMA", HEADER.count("\n", 0, HEADER.index(old)) + 1)


def test_crashed_file_is_one_internal_finding(test_rs: RuleSet) -> None:
    result = Engine(test_rs).crashed("x.tender.yaml", ValueError("bad\n  value"))
    [f] = result.findings
    assert (f.rule, f.kind, f.severity, f.line, f.column) == (
        "FMT-INTERNAL",
        "invalid",
        Severity.ERROR,
        1,
        1,
    )
    assert f.message == (
        "internal error while checking this file: ValueError: bad value; please report it"
    )
    assert "FMT-INTERNAL" in FORMAT_RULES


def test_settings_read_severity_overrides_in_one_place() -> None:
    from pplint.engine.results import Settings

    s = Settings(severity={"SOC-LAB-001": "off", "ENV-LBL-001": "info", "FMT-TOPIC": "warning"})
    assert s.turned_off("SOC-LAB-001") and not s.turned_off("ENV-LBL-001")
    assert s.override("SOC-LAB-001") is None  # off is not a severity
    assert s.override("ENV-LBL-001") is Severity.INFO
    assert s.override("FMT-TOPIC") is Severity.WARNING
    assert s.override("DIG-OSS-001") is None
    assert not s.reports("SOC-LAB-001") and s.reports("ENV-LBL-001")


def test_rules_that_hold_carry_the_clauses_that_satisfy_them() -> None:
    from pplint.packs import rulepack

    rs = rulepack.load([rulepack.shipped_dir()])
    laptops = REPO / "examples" / "good" / "laptops.tender.yaml"
    assert Engine(rs).check_path(laptops).passed == []  # recorded only when asked
    result = Engine(rs, Settings(evidence=True)).check_path(laptops)
    assert result.findings == []
    passed = {p.rule: p for p in result.passed}
    assert set(passed) == set(result.applicable)  # every applicable rule holds, with evidence
    payment = passed["SOC-SUB-002"].clauses
    assert [e.id for e in payment] == ["C-19"]
    assert payment[0].path == "clauses[18]" and payment[0].line > 1
    assert payment[0].words  # the words that put it on the topic
    assert passed["SOC-SME-003"].clauses == ()  # a rule about fields cites no clause


def test_the_garbage_collector_is_paused_for_a_file_and_restored_after() -> None:
    """A file is checked with the cyclic GC paused; the GC is as it was afterwards, also when
    it was off before (a caller's own setting is kept)."""
    import gc

    from pplint.engine.checker import gc_paused

    seen: list[bool] = []
    assert gc.isenabled()
    with gc_paused():
        seen.append(gc.isenabled())
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
