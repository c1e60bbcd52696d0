"""Tests for pplint.classify: topics of clauses and criteria, their evidence, tags, term labels."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from pplint.analysis.classify import (
    Classification,
    Classifier,
    UnknownTag,
    compiled,
    is_inline_terms,
    spec_label,
)
from pplint.analysis.tender import Tender, build
from pplint.analysis.terms import TermSet
from pplint.core.rules import RuleSet
from pplint.engine.results import FileResult
from pplint.load import schemas
from pplint.load.source import load_bytes
from pplint.packs import rulepack

from conftest import DATA, HEADER, REPO

LEXICONS = REPO / "rules" / "00-lexicons"

# a topic with a regex signal, a lexicon with a regex term and a rule with an inline word list
PROBE = r"""
pack: probe
topics:
  t-solar:
    title: Solar
    family: environmental
    signals:
      en: [solar panels, 're:\bphotovoltaic\w*']
      es: [placas solares]
      ca: [plaques solars]
lexicons:
  l-energy:
    en: ['re:\bkwh\b', kilowatt hour]
rules:
  - id: ENV-XX-001
    title: A rule
    family: environmental
    severity: warning
    check: weak
    applies: {mentions: {en: [rooftop]}}
    options: {topics: [t-solar]}
    message: "Clause {clause} is weak."
    rationale: Because.
    legal_basis: [{instrument: Test}]
    model_clause: {en: "x", es: "y"}
    examples: [{expect: pass}, {expect: fail}]
"""


def tender(body: str) -> Tender:
    """The view of HEADER followed by ``body`` (which must give a valid tender)."""
    text = HEADER + textwrap.dedent(body)
    data = load_bytes(text.encode("utf-8"), "t.tender.yaml").data
    assert schemas.validate("tender", data) == []
    return build(data)


def classify(rs: RuleSet, body: str) -> tuple[Tender, Classification]:
    t = tender(body)
    return t, Classifier(rs).classify(t)


@pytest.fixture
def fresh_rs() -> RuleSet:
    """The test rule set loaded anew, so that a test may change its compiled term set."""
    return rulepack.load([LEXICONS, DATA / "test-pack.yaml"])


@pytest.fixture
def probe_rs(tmp_path: Path) -> RuleSet:
    path = tmp_path / "probe.yaml"
    path.write_text(PROBE, encoding="utf-8")
    return rulepack.load([LEXICONS, path])


# -- topics and evidence -------------------------------------------------------------------------


def test_clause_and_criterion_topics_with_their_evidence(test_rs: RuleSet) -> None:
    t, c = classify(
        test_rs,
        """\
        clauses:
          - {id: C1, section: performance, text: Staff keep the Collective Agreement wages.}
        award_criteria:
          - {id: A, name: Energy consumption, type: quality, weight: 100}
        """,
    )
    clause, criterion = t.items
    assert c.topics_of(clause) == {"t-wages"}
    assert c.items[("clause", 0)].evidence == {"t-wages": [("text", "collective agreement")]}
    assert c.topics_of(criterion) == {"t-green"}
    assert c.items[("criterion", 0)].evidence == {"t-green": [("name", "energy consumption")]}
    assert c.unknown_tags == []


def test_signals_match_folded_text_in_every_language(test_rs: RuleSet) -> None:
    t, c = classify(
        test_rs,
        """\
        clauses:
          - {id: C1, section: other, text: Se aplicará el CONVENIO COLECTIVO.}
          - {id: C2, section: other, text: "S'aplicarà el conveni col·lectiu."}
          - id: C3
            section: other
            text: {en: Products shall be labelled., es: Con etiqueta ecológica.}
        """,
    )
    assert c.items[("clause", 0)].evidence == {"t-wages": [("text", "convenio colectivo")]}
    assert c.items[("clause", 1)].evidence == {"t-wages": [("text", "conveni collectiu")]}
    assert c.items[("clause", 2)].evidence == {"t-green": [("text.es", "etiqueta ecologica")]}


def test_signals_match_whole_words_only(test_rs: RuleSet) -> None:
    t, c = classify(
        test_rs,
        """\
        clauses:
          - {id: C1, section: other, text: Ecolabelled paper and a collective agreementary note.}
        """,
    )
    assert c.topics_of(t.items[0]) == frozenset()


def test_evidence_names_every_field_that_matched(test_rs: RuleSet) -> None:
    t, c = classify(
        test_rs,
        """\
        clauses:
          - id: C1
            section: performance
            title: Collective agreement
            text: The contractor shall pay the staff on time.
            verification: Checked against the collective agreement every quarter.
        """,
    )
    assert c.items[("clause", 0)].evidence == {
        "t-wages": [("title", "collective agreement"), ("verification", "collective agreement")]
    }


def test_one_item_may_have_several_topics(test_rs: RuleSet) -> None:
    t, c = classify(
        test_rs,
        """\
        clauses:
          - {id: C1, section: other, text: Annual turnover and the EU Ecolabel.}
        """,
    )
    assert c.topics_of(t.items[0]) == {"t-turnover", "t-green"}


# -- tags -----------------------------------------------------------------------------------------


def test_tags_name_a_topic_or_a_rule_and_unknown_ones_are_listed(test_rs: RuleSet) -> None:
    t, c = classify(
        test_rs,
        """\
        clauses:
          - {id: C1, section: other, text: Nothing here., topics: [t-green, nonsense, SOC-TST-001]}
        award_criteria:
          - {id: A, name: Price, type: price, weight: 100, topics: [ghost]}
        """,
    )
    assert c.items[("clause", 0)].evidence == {
        "t-green": [("topics", "tag")],
        "t-wages": [("topics", "tag SOC-TST-001")],
    }
    assert c.topics_of(t.items[1]) == frozenset()
    assert c.unknown_tags == [
        UnknownTag(("clauses", 0, "topics", 1), "nonsense"),
        UnknownTag(("award_criteria", 0, "topics", 0), "ghost"),
    ]


def test_a_tag_naming_a_rule_without_topics_is_unknown(test_rs: RuleSet) -> None:
    assert test_rs.rules["INN-TST-002"].topics() == ()
    t, c = classify(
        test_rs,
        """\
        clauses:
          - {id: C1, section: other, text: x, topics: [INN-TST-002]}
        """,
    )
    assert c.topics_of(t.items[0]) == frozenset()
    assert c.unknown_tags == [UnknownTag(("clauses", 0, "topics", 0), "INN-TST-002")]


def test_an_unknown_tag_is_reported_with_its_line(lint: Callable[..., FileResult]) -> None:
    text = HEADER + "clauses:\n  - {id: C1, section: other, text: x, topics: [t-wages, nope]}\n"
    result = lint(text, select=("FMT-",))
    assert [(f.line, f.rule) for f in result.findings] == [(9, "FMT-TOPIC")]
    assert "`nope`" in result.findings[0].message


# -- labels, inline word lists, find --------------------------------------------------------------


def test_spec_label_of_a_lexicon_name_and_of_inline_terms() -> None:
    assert spec_label("hedge") == "l:hedge"
    one = spec_label({"es": ["señal"], "en": ["signal"]})
    assert one == spec_label({"en": ["signal"], "es": ["señal"]})  # key order does not matter
    assert one.startswith("i:") and "señal" in one
    assert one != spec_label({"en": ["signal"]})
    assert spec_label("i") != spec_label({"en": ["i"]})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"en": ["a"]}, True),
        ({"en": ["a"], "es": [], "ca": ["b"]}, True),
        ({}, False),
        ({"de": ["a"]}, False),
        ({"en": ["a"], "topics": ["b"]}, False),
        ({"en": "a"}, False),
        ("hedge", False),
        (["en"], False),
    ],
)
def test_is_inline_terms(value: object, expected: bool) -> None:
    assert is_inline_terms(value) is expected


def test_inline_word_lists_of_rules_are_compiled(probe_rs: RuleSet) -> None:
    labels = Classifier(probe_rs).terms.label_set
    assert {"t:t-solar", "l:l-energy", spec_label({"en": ["rooftop"]})} <= labels
    assert spec_label({"en": ["sunroof"]}) not in labels


def test_find_gives_the_field_and_words_of_a_lexicon(test_rs: RuleSet) -> None:
    t, c = classify(
        test_rs,
        """\
        clauses:
          - id: C1
            section: specification
            title: Oracle database
            text: Compatible with Microsoft formats.
        """,
    )
    item = t.items[0]
    found = [(name, m.text) for name, m in c.find(item, "l:t-brands")]
    assert found == [("title", "oracle"), ("text", "microsoft")]
    assert [(name, m.text) for name, m in c.find(item, "l:t-brands", only=["text"])] == [
        ("text", "microsoft")
    ]
    assert c.find(item, "l:t-brands", only=["verification"]) == []
    assert c.find(item, "l:t-labels") == []


def test_regex_signals_classify_and_regex_lexicon_terms_run_on_demand(probe_rs: RuleSet) -> None:
    t, c = classify(
        probe_rs,
        """\
        clauses:
          - {id: C1, section: other, text: "Photovoltaics on the roof, 200 kWh a year."}
        """,
    )
    item = t.items[0]
    assert c.items[("clause", 0)].evidence == {"t-solar": [("text", "photovoltaics")]}
    assert all(m.label != "l:l-energy" for m in c.matches[("clause", 0)]["text"])
    assert [(name, m.text) for name, m in c.find(item, "l:l-energy")] == [("text", "kwh")]
    assert ("clause", 0, "text", "l:l-energy") in c.lazy


# -- the stored term set --------------------------------------------------------------------------


def test_a_compiled_term_set_is_reused_when_given(fresh_rs: RuleSet) -> None:
    first = Classifier(fresh_rs)
    assert Classifier(fresh_rs, first.terms).terms is first.terms
    assert compiled(fresh_rs, first.terms).terms is first.terms


def test_a_stored_term_set_of_known_topics_is_reused(fresh_rs: RuleSet) -> None:
    stored = TermSet({"t:t-wages": ["fair pay"]})
    classifier = Classifier(fresh_rs, stored)
    assert classifier.terms is stored
    t = tender("clauses:\n  - {id: C1, section: other, text: Fair pay for all.}\n")
    assert classifier.classify(t).topics_of(t.items[0]) == {"t-wages"}


def test_a_stored_term_set_naming_an_unknown_topic_is_not_reused(fresh_rs: RuleSet) -> None:
    stored = TermSet({"t:ghost": ["ghost words"], "t:t-wages": ["collective agreement"]})
    classifier = Classifier(fresh_rs, stored)
    assert classifier.terms is not stored
    assert "t:ghost" not in classifier.terms.label_set
    t = tender("clauses:\n  - {id: C1, section: other, text: Ghost words and annual turnover.}\n")
    assert classifier.classify(t).topics_of(t.items[0]) == {"t-turnover"}


def test_a_text_repeated_in_the_tender_is_scanned_once_and_read_the_same(
    test_rs: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = tender(
        """\
        clauses:
          - {id: C1, section: performance, text: Staff keep the Collective Agreement wages.}
          - {id: C2, section: performance, text: Staff keep the Collective Agreement wages.}
          - {id: C3, section: performance, text: Another clause entirely.}
        """
    )
    classifier = Classifier(test_rs)
    scanned: list[str] = []
    find = classifier.terms.find

    def counted(folded: str, lang: str | None = None) -> list:
        scanned.append(folded)
        return find(folded, lang)

    monkeypatch.setattr(classifier.terms, "find", counted)
    c = classifier.classify(t)
    assert len(scanned) == len(set(scanned))  # the repeated text once
    first, second, _ = t.items
    assert c.topics_of(first) == c.topics_of(second) == {"t-wages"}
    a, b = c.matches[("clause", 0)]["text"], c.matches[("clause", 1)]["text"]
    assert a == b and a is not b  # each item has its own list of matches
