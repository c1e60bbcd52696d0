"""Tests for pplint.text: folding, term matching, numbers."""

from __future__ import annotations

import pytest

from pplint.text import TermSet, fold, has_quantity, numbers


def test_fold_case_accents_quotes_spaces() -> None:
    assert fold("  Col·lectiu   ÀÉÍ  l’empresa ") == "collectiu aei l'empresa"
    assert fold("intel.ligent, intel·lectual, art. 18") == "intelligent, intellectual, art. 18"


def test_terms_match_whole_words_only() -> None:
    ts = TermSet({"hedge": ["may"], "x": ["mayor"]})
    assert {(m.label, m.text) for m in ts.find(fold("The Mayor may decide"))} == {
        ("x", "mayor"), ("hedge", "may")}
    assert ts.find("dismay") == []


def test_nested_and_overlapping_terms_all_count() -> None:
    ts = TermSet({"wide": ["collective agreement"], "narrow": ["sectoral collective agreement"]})
    labels = ts.labels(fold("Keep the SECTORAL  collective agreement"))
    assert labels == {"wide", "narrow"}


def test_accents_in_terms_and_text_are_ignored() -> None:
    ts = TermSet({"t": ["subrogación"]})
    assert ts.labels(fold("La SUBROGACION del personal")) == {"t"}
    ts = TermSet({"t": ["subrogacion"]})
    assert ts.labels(fold("la subrogación")) == {"t"}


def test_regex_terms() -> None:
    ts = TermSet({"days": [r"re:within \d+ days"]})
    assert [m.text for m in ts.find(fold("Pay within 30 days."))] == ["within 30 days"]


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("pay within 30 days", "days", [30]),
        ("en un plazo de 45 días naturales", "days", [45]),
        ("thirty days", "days", [30]),
        ("at least 5 % of staff and 2,5% more", "percent", [5, 2.5]),
        ("5 per cent", "percent", [5]),
        ("a turnover of EUR 1.500.000", "eur", [1_500_000]),
        ("1,500,000 euros", "eur", [1_500_000]),
        ("€2 million", "eur", [2_000_000]),
        ("warranty of 3 years", "years", [3]),
        ("garantia de 5 anys", "years", [5]),
        ("notify within 24 h", "hours", [24]),
        ("800 charge cycles", "cycles", [800]),
    ],
)
def test_numbers(text: str, unit: str, expected: list[float]) -> None:
    assert numbers(fold(text), unit) == expected


def test_has_quantity() -> None:
    assert has_quantity(fold("report within 10 days"))
    assert has_quantity(fold("by 2027-03-31"))
    assert has_quantity(fold("10 points for PUE <= 1.3"))
    assert not has_quantity(fold("report regularly"))


def test_overlapping_matches_merge_into_one_phrase() -> None:
    from pplint.text import merged_spans

    ts = TermSet({"t": ["have an office in", "office in the municipality"]})
    text = fold("Bidders shall have an office in the municipality.")
    assert merged_spans(text, ts.find(text)) == ["have an office in the municipality"]
