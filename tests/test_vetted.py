"""The digests of the shipped packs' safe regex terms: current, and never a way around the
check for a pattern that is not one of them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pplint.analysis import terms as terms_mod
from pplint.analysis import vetted
from pplint.analysis.budget import file_regex_budget
from pplint.analysis.classify import compile_terms
from pplint.analysis.terms import TermSet
from pplint.packs import rulepack

UPDATE = os.environ.get("PPLINT_UPDATE_GOLDEN") == "1"
STALE = (
    "the vetted regex digests are out of date: run "
    "`PPLINT_UPDATE_GOLDEN=1 python3 -m pytest tests/test_vetted.py` and commit the file"
)


def shipped_patterns() -> set[str]:
    rs = rulepack.load([rulepack.shipped_dir()], include_optional=True)
    return compile_terms(rs).patterns()


def test_the_file_holds_every_shipped_regex_term_and_nothing_else() -> None:
    patterns = shipped_patterns()
    assert len(patterns) > 300  # the packs' regex terms were all collected
    expected = vetted.vetted_lines(patterns)
    if UPDATE:
        vetted.FILE.write_text(expected, encoding="ascii")
        vetted._known.cache_clear()
    assert vetted.FILE.read_text(encoding="ascii") == expected, STALE


def test_a_shipped_pattern_is_vetted_and_others_are_not() -> None:
    pattern = sorted(shipped_patterns())[0]
    assert vetted.is_vetted(pattern)
    assert not vetted.is_vetted(pattern + "x")
    assert not vetted.is_vetted("(a+)+$")


def test_a_pattern_that_is_not_vetted_is_still_refused_when_unsafe() -> None:
    ts = TermSet({"t:x": ["re:(a+)+b"]})
    with file_regex_budget() as budget:
        assert ts.find("aaaa aaaa b") == []
    assert any("is refused" in reason for _, _, reason in budget.skipped)


def test_a_vetted_pattern_is_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = sorted(shipped_patterns())[0]

    def refuse(p: str) -> str:
        raise AssertionError(f"checked again: {p}")

    monkeypatch.setattr(terms_mod, "regex_problem", refuse)
    ts = TermSet({"t:x": ["re:" + pattern]})
    ts.find("any text at all")  # runs the pattern without the second check


def test_a_lost_or_damaged_file_only_means_checking_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for content in (None, b"\xff\xfe not ascii", b"short lines\n"):
        target = tmp_path / "vetted.txt"
        if content is not None:
            target.write_bytes(content)
        monkeypatch.setattr(vetted, "FILE", target)
        vetted._known.cache_clear()
        assert not vetted.is_vetted(sorted(shipped_patterns())[0])
    vetted._known.cache_clear()


def _example_texts() -> list[str]:
    """The folded strings of every rule example and example tender: real clause wording."""
    import yaml

    from pplint.analysis.fold import fold

    root = Path(__file__).resolve().parent.parent
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str) and len(value) > 15:
            found.add(fold(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in sorted(root.glob("rules/*/*.examples.yaml")) + sorted(
        root.glob("examples/*/*.tender.yaml")
    ):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(found)


def test_shipped_terms_find_the_same_matches_with_re_as_with_regex() -> None:
    import re

    import regex

    texts = [t for t in _example_texts() if len(t) <= terms_mod.QUICK_TEXT]
    assert len(texts) > 500
    for pattern in sorted(shipped_patterns()):
        quick = terms_mod._quick(pattern)
        assert isinstance(quick, re.Pattern), pattern  # every shipped term runs with re
        slow = regex.compile(pattern)
        for text in texts:
            expected = [(m.span(), m.group(0)) for m in slow.finditer(text)]
            assert [(m.span(), m.group(0)) for m in quick.finditer(text)] == expected, (
                pattern,
                text,
            )


def test_re_runs_only_shipped_terms_on_short_texts() -> None:
    import re

    import regex

    texts = _example_texts()
    pattern, text = next(
        (p, t)
        for p in sorted(shipped_patterns())
        for t in texts
        if len(t) < 200 and regex.search(p, t)
    )
    own = "\\bzz\\w* salari"
    ts = TermSet({"t:x": ["re:" + pattern], "t:y": ["re:" + own]})
    with file_regex_budget() as budget:
        assert any(m.label == "t:x" for m in ts.find(text))
        assert [m.label for m in ts.find("zzz salari")] == ["t:y"]
        assert isinstance(ts._quick[pattern], re.Pattern)
        assert pattern not in ts._compiled
        assert ts._quick[own] is None  # not shipped: never run without a time limit
        assert not isinstance(ts._compiled[own], re.Pattern)
        longer = text + " ." * terms_mod.QUICK_TEXT  # longer than QUICK_TEXT: regex, timed
        assert any(m.label == "t:x" for m in ts.find(longer))
        assert not isinstance(ts._compiled[pattern], re.Pattern)
    assert budget.skipped == []
    assert budget.spent > 0  # re's searches count towards the file's total too
