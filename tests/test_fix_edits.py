"""How fixes are made: texts and positions, folding with offsets, ruamel.yaml's dump carried
onto the original, where "or equivalent" goes, and the clause inserted into lists written in
every style."""

from __future__ import annotations

import textwrap

import pytest

from pplint.analysis.fold import fold
from pplint.core.rules import RuleSet
from pplint.engine.checker import Engine
from pplint.engine.results import Settings
from pplint.fix import hunks
from pplint.fix.foldmap import folded_with_map, occurrences
from pplint.fix.model import Edit, FilePlan
from pplint.fix.plan import Planner
from pplint.fix.textedit import EditError, Text
from pplint.load.source import load_text

HEAD = """\
pplint: 1
tender:
  id: T-1
  title: Supply of office furniture
  buyer: {name: City of Testville, country: IE}
  language: LANG
  nature: supplies
  cpv: ["39130000"]
  estimated_value: {amount: 100000, currency: EUR}
"""


def planned(rs: RuleSet, text: str, select: str, review: bool = True) -> FilePlan:
    engine = Engine(rs, Settings(select=(select,)))
    return Planner(engine).plan(text.encode("utf-8"), "t.tender.yaml", review=review)


def tender(body: str, lang: str = "en") -> str:
    return HEAD.replace("LANG", lang) + textwrap.dedent(body)


# -- texts, positions, folding ------------------------------------------------------------------


def test_text_lines_positions_and_edits() -> None:
    text = Text("a: 1\r\nb: 2\r\n")
    assert text.lines == ["a: 1", "b: 2"] and text.newline == "\r\n"
    assert text.offset(2, 1) == 6 and text.position(6) == (2, 1)
    assert text.end_of(1) == (1, 5)
    assert text.apply([Edit(1, 5, 1, 5, " # x")]) == "a: 1 # x\r\nb: 2\r\n"
    with pytest.raises(EditError):
        text.apply([Edit(1, 1, 1, 4, "x"), Edit(1, 2, 1, 3, "y")])
    with pytest.raises(EditError):
        text.offset(1, 9)
    assert Text("x").lines == ["x"] and Text("").lines == [""]


@pytest.mark.parametrize(
    "value",
    ["Be FSC\n   certified.", "Col·lectiu  Straße ÉCOLE", "a\u00a0b ‘q’", "  İstanbul ﬁne  "],
)
def test_folding_with_offsets_is_the_matchers_folding(value: str) -> None:
    folded, where = folded_with_map(value)
    assert folded == fold(value)
    assert len(where) == len(folded) and where == sorted(where)


def test_occurrences_are_whole_words() -> None:
    assert occurrences("fsc fscx xfsc fsc.", "fsc") == [(0, 3), (14, 17)]
    assert occurrences("iso 14001", "iso 14001") == [(0, 9)]


def test_the_dumps_changes_are_placed_on_the_original_lines() -> None:
    original = Text("a: one\n  two\nb: 3\n")  # ruamel writes `a: one two` on one line
    placed = hunks.hunks(original, "a: one two\nb: 3\n", "a: one two\nb: 3\nc: 4\n")
    assert placed == [hunks.Hunk(3, 3, ("c: 4",))]
    after_run = hunks.hunks(original, "a: one two\nb: 3\n", "a: one two\nx: 0\nb: 3\n")
    assert after_run == [hunks.Hunk(2, 2, ("x: 0",))]  # after the two lines it stands for
    with pytest.raises(hunks.Unplaced):
        hunks.hunks(original, "a: one two\nb: 3\n", "a: one three\nb: 3\n")


# -- safe fixes ---------------------------------------------------------------------------------


def _clause(text: str, section: str = "specification", lang: str = "en") -> str:
    """A tender with one clause; ``text`` as written after `text: ` (block scalars indented)."""
    clause = f"clauses:\n  - id: C-1\n    section: {section}\n    text: {text}\n"
    return HEAD.replace("LANG", lang) + clause


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Timber shall be FSC or PEFC certified.", "FSC or PEFC or equivalent certified."),
        ("Timber shall be “FSC” certified.", "“FSC” or equivalent certified."),
        (
            "Chairs shall be the Steelcase Series 2 model.",
            "Steelcase Series 2 or equivalent model.",
        ),
        ('"Chairs shall be Steelcase, with armrests."', "Steelcase or equivalent, with armrests."),
        (">\n      Timber shall be FSC\n      certified.", "FSC or equivalent\n      certified."),
        ("|\n      Timber shall be FSC\n      certified.", "FSC or equivalent\n      certified."),
    ],
    ids=["joined", "quoted-term", "model-name", "double-quoted", "folded", "literal"],
)
def test_or_equivalent_goes_right_after_the_named_term(
    shipped_rs: RuleSet, text: str, fixed: str
) -> None:
    source = _clause(text)
    rule = "DIG-STD-002" if "Steelcase" in text else "ENV-LBL-001"
    plan = planned(shipped_rs, source, rule)
    assert [f.tier for f in plan.fixes] == ["safe"], [h.reason.say("en") for h in plan.held]
    assert fixed in plan.fixed
    assert plan.fixed.count("equivalent") == 1
    again = planned(shipped_rs, plan.fixed, rule)
    assert not again.fixes and again.fixed == plan.fixed


def test_the_phrase_is_in_the_texts_language(shipped_rs: RuleSet) -> None:
    source = tender(
        """\
        clauses:
          - id: C-1
            section: specification
            text:
              es: La madera tendrá certificado FSC.
              ca: La fusta tindrà certificat FSC.
        """,
        "es",
    )
    plan = planned(shipped_rs, source, "ENV-LBL-001")
    assert "certificado FSC o equivalente." in plan.fixed
    data = load_text(plan.fixed, "x").data
    assert data["clauses"][0]["text"]["ca"] == "La fusta tindrà certificat FSC."


def test_a_clause_that_refuses_equivalents_in_words_is_left_to_a_person(
    shipped_rs: RuleSet,
) -> None:
    source = _clause("Timber shall be FSC certified; no equivalent label will be accepted.")
    plan = planned(shipped_rs, source, "ENV-LBL-001")
    assert not plan.fixes and plan.fixed == plan.original
    assert [h.tier for h in plan.held] == ["safe"]
    assert "only a person" in plan.held[0].reason.say("en")


def test_a_weak_clause_with_other_reasons_loses_only_the_missing_equivalent(
    shipped_rs: RuleSet,
) -> None:
    source = _clause("Timber should be FSC certified where possible.", "performance")
    plan = planned(shipped_rs, source, "ENV-LBL-001")
    (fix,) = plan.fixes
    assert fix.tier == "safe"
    assert "FSC or equivalent certified" in plan.fixed


# -- review fixes in lists of every style --------------------------------------------------------

MISSING = "SOC-SUB-002"  # subcontractor payment: a clause on the topic, in any section


def _styles() -> dict[str, str]:
    return {
        "absent": tender("award_criteria:\n  - {id: A1, name: Price, type: price, weight: 100}\n"),
        "empty-flow": tender("clauses: []  # none yet\n"),
        "dash-at-column-0": tender(
            """\
            clauses:
            - id: C-1
              section: other
              text: Deliveries on weekdays.
            """
        ),
        "four-spaces": tender(
            """\
            clauses:
                -   id: C-1
                    section: other
                    text: >
                        Deliveries on weekdays.
            """
        ),
        "comments-and-waivers-after": tender(
            """\
            clauses:
              - id: C-1
                section: other
                text: Deliveries on weekdays.

              - id: C-2
                section: other
                text: |
                  # not a comment: the text's first line
                  Returns within 10 days.

            # --- waivers ---
            waivers:
              - {rule: SOC-SUB-001, reason: The contract forbids subcontracting altogether.}
            """
        ),
    }


@pytest.mark.parametrize("style", list(_styles()))
def test_a_missing_clause_is_appended_in_the_lists_own_style(
    shipped_rs: RuleSet, style: str
) -> None:
    source = _styles()[style]
    plan = planned(shipped_rs, source, MISSING)
    assert [f.rule for f in plan.fixes] == [MISSING], [h.reason.say("en") for h in plan.held]
    before, after = load_text(source, "x").data, load_text(plan.fixed, "x").data
    added = after["clauses"][-1]
    assert added["id"] == f"PPLINT-{MISSING}" and added["topics"] == [MISSING]
    assert after["clauses"][:-1] == before.get("clauses", [])
    assert {k: v for k, v in after.items() if k != "clauses"} == {
        k: v for k, v in before.items() if k != "clauses"
    }
    kept = plan.fixed.splitlines()
    for line in source.splitlines():
        assert line in kept or line == "clauses: []  # none yet", line
    marker = f"# inserted by pplint fix for legal review: {MISSING} "
    marks = [line for line in kept if marker in line]
    assert len(marks) == 1
    dash = next(line for line in kept if "- id: PPLINT-" in line or "-   id: PPLINT-" in line)
    if style == "dash-at-column-0":
        assert dash.startswith("- id:")
    if style == "four-spaces":
        assert dash.startswith("    -   id:")
    if style == "comments-and-waivers-after":
        index = kept.index(marks[0])
        assert kept[index - 1] == "" and kept[index - 2].endswith("Returns within 10 days.")
        assert kept.index("# --- waivers ---") > index
    again = planned(shipped_rs, plan.fixed, MISSING)
    assert not again.fixes and again.fixed == plan.fixed


def test_a_generated_id_never_repeats_one_in_use(shipped_rs: RuleSet) -> None:
    source = tender(
        f"""\
        clauses:
          - id: PPLINT-{MISSING}
            section: other
            text: Deliveries on weekdays.
          - id: PPLINT-{MISSING}-2
            section: other
            text: Returns within 10 days.
        """
    )
    plan = planned(shipped_rs, source, MISSING)
    assert [f.clause_id for f in plan.fixes] == [f"PPLINT-{MISSING}-3"]


def test_a_list_written_in_flow_style_is_held_back(shipped_rs: RuleSet) -> None:
    source = tender("clauses: [{id: C-1, section: other, text: Deliveries on weekdays.}]\n")
    plan = planned(shipped_rs, source, MISSING)
    assert not plan.fixes and plan.fixed == plan.original
    assert "flow style" in plan.held[0].reason.say("en")


def test_the_clause_is_the_model_clause_in_the_tenders_language(shipped_rs: RuleSet) -> None:
    source = tender("clauses: []\n", "ca")
    plan = planned(shipped_rs, source, MISSING)
    (fix,) = plan.fixes
    assert "# inserida per pplint fix per a revisió jurídica: SOC-SUB-002 " in plan.fixed
    text = load_text(plan.fixed, "x").data["clauses"][0]["text"]
    assert "subcontractades" in text and text.endswith("\n")
    assert fix.description.say("ca").startswith("inserir la clàusula PPLINT-SOC-SUB-002")


def test_without_review_fixes_the_clause_is_held_back_and_named(shipped_rs: RuleSet) -> None:
    plan = planned(shipped_rs, tender("clauses: []\n"), MISSING, review=False)
    assert not plan.fixes and plan.fixed == plan.original
    (held,) = plan.held
    assert held.rule == MISSING and "--review-fixes" in held.reason.say("en")
