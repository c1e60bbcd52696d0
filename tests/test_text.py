"""Tests for pplint.text: folding, term matching, numbers."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from pplint.analysis.budget import file_regex_budget
from pplint.analysis.fold import fold
from pplint.analysis.numbers import has_quantity, numbers
from pplint.analysis.terms import TermSet


def test_fold_case_accents_quotes_spaces() -> None:
    assert fold("  Col·lectiu   ÀÉÍ  l’empresa ") == "collectiu aei l'empresa"
    assert fold("intel.ligent, intel·lectual, art. 18") == "intelligent, intellectual, art. 18"


def test_terms_match_whole_words_only() -> None:
    ts = TermSet({"hedge": ["may"], "x": ["mayor"]})
    assert {(m.label, m.text) for m in ts.find(fold("The Mayor may decide"))} == {
        ("x", "mayor"),
        ("hedge", "may"),
    }
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
    from pplint.analysis.fold import merged_spans

    ts = TermSet({"t": ["have an office in", "office in the municipality"]})
    text = fold("Bidders shall have an office in the municipality.")
    assert merged_spans(text, ts.find(text)) == ["have an office in the municipality"]


@pytest.mark.parametrize(
    ("pattern", "needles"),
    [
        (r"^(?!(?:.|\n)*\bconvenis?\b)(?:.|\n)*\bsalari minim\b", ("salari minim",)),
        (r"\b(?:no more than|at most)\b", ("no more than", "at most")),
        (r"\b\d+[- ](?:years?|months?)\b.{0,20}\bwarranty\b", ("warranty",)),
        (r"within \d+ days", ("within ",)),
        (r"\d+(?:[.,]\d+)?\s*%", ()),
        (r"(?:ab)?cde|x", ()),
        # a literal and a group of plain alternatives: each joined, the redundant ones dropped
        (r"\bcontract(?:ar|ara|aran|i|in)\b (?:persones)", ("contracti", "contractar")),
        (r"\brespetuos[oa]s? con\b", ("respetuosa", "respetuoso")),
    ],
)
def test_required_literals(pattern: str, needles: tuple[str, ...]) -> None:
    from pplint.analysis.needles import required_literals

    assert required_literals(re.compile(pattern)) == needles


@functools.cache
def shipped_terms_and_texts() -> tuple[list[str], list[str]]:
    """Every regex term of the shipped packs, and every text of the examples and packs."""
    import yaml

    from pplint.packs import rulepack

    rs = rulepack.load([rulepack.shipped_dir()], include_optional=True)
    terms = [
        t[3:]
        for topic in rs.topics.values()
        for ts in topic.signals.values()
        for t in ts
        if t.startswith("re:")
    ]
    terms += [
        t[3:]
        for lex in rs.lexicons.values()
        for ts in lex.values()
        for t in ts
        if t.startswith("re:")
    ]
    texts: list[str] = []

    def collect(value: object) -> None:
        if isinstance(value, str):
            texts.append(fold(value))
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    root = Path(__file__).resolve().parents[1]
    for path in sorted((root / "examples").rglob("*.tender.yaml")) + sorted(
        (root / "rules").rglob("*.yaml")
    ):
        collect(yaml.safe_load(path.read_text(encoding="utf-8")))
    return terms, texts


def test_required_literals_never_skip_a_real_match() -> None:
    """Every regex term of the shipped packs, on every text of the examples: where the regex
    matches, one of its required literals is present (so skipping it would be wrong)."""
    from pplint.analysis.needles import required_literals

    terms, texts = shipped_terms_and_texts()
    assert len(terms) > 20 and len(texts) > 1000
    checked = 0
    for term in terms:
        rx = re.compile(term)
        needles = required_literals(rx)
        for text in texts:
            if rx.search(text):
                checked += 1
                assert not needles or any(n in text for n in needles), (term, text[:80])
    assert checked > 50


def test_regex_terms_find_what_re_finds() -> None:
    """Regex terms run with the `regex` package (for its timeouts): on every text of the
    examples and packs, each shipped term finds exactly the words `re` finds."""
    terms, texts = shipped_terms_and_texts()
    found = 0
    with file_regex_budget(None) as budget:
        for term in terms:
            ts = TermSet({"t": ["re:" + term]})
            rx = re.compile(term)
            for text in texts:
                expected = list(dict.fromkeys(m.group(0) for m in rx.finditer(text)))
                got = [m.text for m in ts.find(text)]
                assert got == expected, (term, text[:80])
                found += len(got)
    assert found > 50 and budget.skipped == []


@pytest.mark.parametrize(
    ("text", "measurable"),
    [
        ("limit of 100 mg/kg in the finished textile", True),
        ("emissions below 95 g/km", True),
        ("noise below 45 db", True),
        ("consumption of 120 kwh a year", True),
        ("as set out in article 12 of the law", False),
        ("tested to en 1335-1", False),
        ("letra 5 l) del articulo", False),
    ],
)
def test_physical_measures_count_as_quantities(text: str, measurable: bool) -> None:
    from pplint.analysis.numbers import has_quantity

    assert has_quantity(text) is measurable


def test_a_regex_runs_only_where_each_of_its_required_literals_occurs() -> None:
    from pplint.analysis.needles import required_groups

    pattern = r"\bpayments?\b[^.]{0,60}\bsub-?contractors?\b"
    groups = required_groups(pattern)
    assert ("payment",) in groups and ("contractor",) in groups
    ts = TermSet({"t": ["re:" + pattern]})
    assert ts.scan(None).to_run("payment of the invoices") == []
    assert ts.scan(None).to_run("payment to the subcontractors") == [0]
    assert [m.text for m in ts.find("payment to the subcontractors")] == [
        "payment to the subcontractors"
    ]
