"""analysis.needles: the one scan that tells which regex terms can match a text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_text import shipped_terms_and_texts

from pplint.analysis.needles import NeedleScan
from pplint.analysis.terms import TermSet

ALPHABET = "ab .'\\(ñ"
literal = st.text(alphabet=ALPHABET, min_size=1, max_size=6)


def _naive(regexes: list, also: list, text: str, lang: str | None) -> list[int]:
    """What the scan must give: each literal tested with ``in``, one by one."""
    out = []
    for i, (_, _, needles, written_in) in enumerate(regexes):
        if lang and written_in and written_in != lang:
            continue
        if needles and all(len(n) >= 3 for n in needles) and not any(n in text for n in needles):
            continue
        if all(any(lit in text for lit in group) for group in also[i]):
            out.append(i)
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(literal, min_size=0, max_size=3),
            st.lists(st.lists(literal, min_size=1, max_size=3), max_size=2),
            st.sampled_from(["", "en", "es"]),
        ),
        min_size=1,
        max_size=12,
    ),
    st.text(alphabet=ALPHABET, max_size=40),
    st.sampled_from([None, "en", "es", "ca"]),
)
def test_the_scan_finds_what_a_test_per_literal_finds(
    specs: list, text: str, lang: str | None
) -> None:
    regexes = [("t", "x", tuple(needles), written) for needles, _, written in specs]
    also = [tuple(tuple(g) for g in groups) for _, groups, _ in specs]
    scan = NeedleScan(regexes, also, lang)
    assert scan.to_run(text) == _naive(regexes, also, text, lang)
    literals = {  # the literals a text in ``lang`` is scanned for
        lit
        for needles, groups, written in specs
        if not (lang and written and written != lang)
        for lit in (needles if all(len(n) >= 3 for n in needles) else [])
        + [x for g in groups for x in g]
    }
    assert scan.present(text) == {lit for lit in literals if lit in text}


def test_on_the_shipped_terms_the_scan_lets_through_every_regex_that_matches() -> None:
    """No shipped regex term that matches a text of the examples or packs is held back."""
    import re

    terms, texts = shipped_terms_and_texts()
    ts = TermSet({"t": ["re:" + term for term in terms]})
    scan = ts.scan(None)
    held_back = 0
    for text in texts[:3000]:
        allowed = set(scan.to_run(text))
        for number, (_, pattern, _, _) in enumerate(ts._regexes):
            if re.search(pattern, text):
                held_back += number not in allowed
    assert held_back == 0


def test_long_and_empty_literals_are_found_like_any_other() -> None:
    deep = "a" * 5000
    regexes = [("t", "x", (deep, "bbb"), ""), ("t", "y", ("ccc",), "")]
    scan = NeedleScan(regexes, [(), (("",),)])
    assert scan.to_run("xx bbb") == [0]
    assert scan.to_run("x" + deep) == [0]
    assert scan.to_run("xx ccc") == [1]  # the empty literal of its other group is everywhere
    assert scan.to_run("xx ddd") == []
    assert NeedleScan([], []).to_run("anything") == []
