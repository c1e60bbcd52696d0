"""Tests for pplint.waivers: parsing, expiry, coverage and applying waivers to findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from pplint.core.model import Finding, Severity
from pplint.engine import waivers
from pplint.engine.results import FileResult
from pplint.engine.waivers import Waiver

from conftest import WEAK

Lint = Callable[..., FileResult]

TODAY = dt.date(2026, 11, 29)


def finding(rule: str = "SOC-TST-001", clause: str | None = "C1", kind: str = "weak") -> Finding:
    return Finding(
        "t.tender.yaml",
        3,
        5,
        rule,
        Severity.ERROR,
        kind,
        "social",
        "a message",
        ("clauses", 0),
        clause=clause,
    )


def waiver(
    rule: str = "SOC-TST-001",
    clause: str | None = None,
    expires: str | None = None,
    index: int = 0,
) -> Waiver:
    return Waiver(index, rule, clause, "A reason.", expires, "Head of procurement")


# -- parse -------------------------------------------------------------------------------------


def test_parse_reads_every_field_and_strips_the_reason() -> None:
    data = {
        "waivers": [
            {
                "rule": "SOC-TST-001",
                "clause": "C1",
                "reason": "  Set by the framework agreement.\n",
                "expires": "2099-12-31",
                "approver": "Head of procurement",
            },
            {"rule": "INN-TST-004", "reason": "Kept for a year."},
        ]
    }
    first, second = waivers.parse(data)
    assert (first.index, first.rule, first.clause) == (0, "SOC-TST-001", "C1")
    assert first.reason == "Set by the framework agreement."
    assert (first.expires, first.approver) == ("2099-12-31", "Head of procurement")
    assert (second.index, second.rule, second.clause) == (1, "INN-TST-004", None)
    assert (second.expires, second.approver) == (None, None)
    assert second.path == ("waivers", 1)
    assert not first.used and not second.used


@pytest.mark.parametrize("data", [{}, {"waivers": None}, {"waivers": []}])
def test_parse_without_waivers(data: dict[str, object]) -> None:
    assert waivers.parse(data) == []


# -- expiry ------------------------------------------------------------------------------------


def test_a_waiver_without_expiry_never_expires() -> None:
    assert not waiver().expired(dt.date(9999, 12, 31))


def test_a_waiver_is_live_on_its_expiry_day_and_expired_the_day_after() -> None:
    w = waiver(expires="2026-11-29")
    assert not w.expired(dt.date(2026, 11, 28))
    assert not w.expired(dt.date(2026, 11, 29))
    assert w.expired(dt.date(2026, 11, 30))


def test_a_leap_day_is_a_real_expiry_date() -> None:
    assert not waiver(expires="2024-02-29").expired(dt.date(2024, 2, 29))


@pytest.mark.parametrize(
    "expires",
    [
        "2021-02-29",  # no leap year
        "2020-04-31",
        "2020-13-01",
        "2020-00-10",
        "2099-1-1",
        "2099-12-31\n",
        "2099-12-31T00:00",
        "２０９９-12-31",  # fullwidth digits: not YYYY-MM-DD
        "",
    ],
)
def test_an_expiry_that_is_not_a_real_day_never_waives(expires: str) -> None:
    w = waiver(expires=expires)
    assert w.expired(dt.date(1970, 1, 1))
    assert waivers.parse_date(expires) is None
    [f] = waivers.apply([finding()], [w], dt.date(1970, 1, 1))
    assert not f.suppressed
    assert not w.used


def test_parse_date_of_a_real_day() -> None:
    assert waivers.parse_date("2027-06-30") == dt.date(2027, 6, 30)


def test_problems_name_only_the_impossible_expiry_dates() -> None:
    data = {
        "waivers": [
            {"rule": "A", "reason": "r", "expires": "2027-06-30"},
            {"rule": "B", "reason": "r"},
            {"rule": "C", "reason": "r", "expires": "2021-02-29"},
        ]
    }
    [(path, message)] = waivers.problems(data)
    assert path == ("waivers", 2, "expires")
    assert message.startswith("waivers[2].expires: '2021-02-29' is not a date that exists")


# -- covers ------------------------------------------------------------------------------------


def test_a_file_wide_waiver_covers_its_rule_everywhere() -> None:
    w = waiver()
    assert w.covers(finding(clause="C1"))
    assert w.covers(finding(clause="C7"))
    assert w.covers(finding(clause=None))


def test_a_waiver_never_covers_another_rule() -> None:
    assert not waiver().covers(finding(rule="SOC-TST-002"))
    assert not waiver(clause="C1").covers(finding(rule="SOC-TST-002", clause="C1"))
    assert not waiver(rule="SOC-TST").covers(finding(rule="SOC-TST-001"))  # no prefix match


def test_a_clause_waiver_covers_only_that_clause() -> None:
    w = waiver(clause="C1")
    assert w.covers(finding(clause="C1"))
    assert not w.covers(finding(clause="C2"))
    assert not w.covers(finding(clause=None))  # a finding about the whole tender


# -- apply -------------------------------------------------------------------------------------


def test_apply_marks_covered_findings_and_keeps_every_finding_in_order() -> None:
    findings = [
        finding(clause="C1"),
        finding(rule="INN-TST-001", clause=None),
        finding("SOC-TST-001", "C2"),
    ]
    w = waiver(clause="C1", expires="2099-12-31", index=3)
    out = waivers.apply(findings, [w], TODAY)
    assert [(f.rule, f.clause) for f in out] == [(f.rule, f.clause) for f in findings]
    assert [f.suppressed for f in out] == [True, False, False]
    waived = out[0].waiver
    assert waived is not None
    assert (waived.reason, waived.approver, waived.expires, waived.source) == (
        "A reason.",
        "Head of procurement",
        "2099-12-31",
        "waivers[3]",
    )
    assert out[0].message == findings[0].message  # the finding is otherwise unchanged
    assert w.used


def test_apply_does_not_change_the_findings_it_was_given() -> None:
    original = finding()
    waivers.apply([original], [waiver()], TODAY)
    assert not original.suppressed


def test_apply_never_waives_invalid_findings() -> None:
    bad = finding(rule="FMT-SCHEMA", clause=None, kind="invalid")
    w = waiver(rule="FMT-SCHEMA")
    [out] = waivers.apply([bad], [w], TODAY)
    assert not out.suppressed
    assert not w.used


def test_an_expired_waiver_waives_nothing_and_is_not_used() -> None:
    w = waiver(expires="2020-01-01")
    [out] = waivers.apply([finding()], [w], TODAY)
    assert not out.suppressed
    assert not w.used


def test_the_first_live_waiver_that_covers_a_finding_is_the_one_used() -> None:
    expired = waiver(expires="2020-01-01", index=0)
    first = waiver(clause="C1", index=1)
    second = waiver(index=2)
    [out] = waivers.apply([finding()], [expired, first, second], TODAY)
    assert out.waiver is not None and out.waiver.source == "waivers[1]"
    assert (expired.used, first.used, second.used) == (False, True, False)


def test_a_waiver_covering_no_finding_stays_unused() -> None:
    used = waiver(rule="SOC-TST-001")
    unused = waiver(rule="INN-TST-004", index=1)
    waivers.apply([finding(), finding()], [used, unused], TODAY)
    assert used.used and not unused.used


def test_apply_accepts_any_iterable() -> None:
    out = waivers.apply((f for f in [finding(), finding(clause="C2")]), [waiver()], TODAY)
    assert [f.suppressed for f in out] == [True, True]


# -- through the engine ------------------------------------------------------------------------


def test_a_clause_waiver_for_another_clause_leaves_the_finding_and_is_reported_unused(
    lint: Lint,
) -> None:
    text = WEAK + "waivers:\n  - {rule: SOC-TST-001, clause: C2, reason: Other clause.}\n"
    result = lint(text, select=("SOC-TST-001", "FMT-"), today=TODAY)
    [wage] = [f for f in result.findings if f.rule == "SOC-TST-001"]
    assert not wage.suppressed
    [unused] = [f for f in result.findings if f.rule == "FMT-WAIVER"]
    assert "unused waiver: SOC-TST-001 reports nothing for clause C2" in unused.message
    assert unused.path == ("waivers", 0, "rule")


def test_a_waiver_of_a_format_finding_does_not_hide_it(lint: Lint) -> None:
    text = (
        WEAK.replace("section: performance", "section: performance\n    topics: [no-such-topic]")
        + "waivers:\n  - {rule: FMT-TOPIC, reason: Hide the typo.}\n"
    )
    result = lint(text, select=("FMT-",), today=TODAY)
    [topic] = [f for f in result.findings if f.rule == "FMT-TOPIC"]
    assert topic.kind == "invalid" and not topic.suppressed
    assert any("unused waiver: FMT-TOPIC" in f.message for f in result.findings)


def test_a_waived_finding_stays_in_the_result_but_not_in_active(lint: Lint) -> None:
    text = WEAK + "waivers:\n  - {rule: SOC-TST-001, clause: C1, reason: Set by the framework.}\n"
    result = lint(text, select=("SOC-TST-001",), today=TODAY)
    [wage] = result.findings
    assert wage.suppressed
    assert wage.waiver is not None and wage.waiver.reason == "Set by the framework."
    assert result.active == []
