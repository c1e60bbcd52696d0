"""Rule packs are untrusted: their model clauses, regex terms and messages can neither run code
nor take unbounded time or memory, and a bad one is refused when its pack loads, as one
`file:line:col: message` (exit 2 on the command line).

What could hang or exhaust memory on code without these bounds runs in a subprocess with a
memory limit and a generous timeout (a hang guard, not a speed test).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pplint.core.errors import PackError
from pplint.core.model import Severity
from pplint.core.rules import Rule, RuleSet
from pplint.packs import rulepack

from conftest import REPO

LEXICONS = REPO / "rules" / "00-lexicons"
GOOD = REPO / "examples" / "good"
HANG_GUARD = 120  # seconds
MEMORY = 1024**3  # address space of a guarded subprocess

# A pack whose one rule reports on every tender (its topic's words never occur), so that its
# model clause is rendered for every file; {signal}, {message} and {clause} are YAML scalars.
PACK = """\
pack: safety
topics:
  s-never:
    title: Never found
    family: social
    signals:
      en: [{signal}]
lexicons:
  s-words:
    en: [{word}]
rules:
  - id: SOC-SAF-001
    title: A rule
    family: social
    severity: warning
    check: missing
    options: {{topics: [s-never], in: [performance]}}
    applies: {{mentions: {{en: [{mention}]}}}}
    message: {message}
    rationale: Because.
    legal_basis: [{{instrument: Test}}]
    model_clause:
      en: {clause}
    examples: [{{expect: pass}}, {{expect: fail}}]
refine:
  - rule: SOC-SAF-001
    when: {{mentions: {{es: [{refine_word}]}}}}
"""
DEFAULTS = {
    "signal": "zzyzx quux",
    "word": "plain word",
    "mention": "re:\\bthe\\b",
    "message": "No clause among {places}.",
    "refine_word": "el",
    "clause": "The contractor of {{ tender.title }}.",
}
LINES = {"signal": 7, "word": 10, "mention": 18, "message": 19, "clause": 23, "refine_word": 27}
COLUMNS = {"signal": 12, "word": 10, "mention": 31, "refine_word": 28}


def write_pack(tmp_path: Path, **values: str) -> Path:
    """The safety pack with some of its scalars replaced (each written as a quoted string)."""
    path = tmp_path / "safety.yaml"
    quoted = {k: json.dumps(v) for k, v in {**DEFAULTS, **values}.items()}
    path.write_text(PACK.format(**quoted), encoding="utf-8")
    return path


def load_error(path: Path) -> PackError:
    with pytest.raises(PackError) as info:
        rulepack.load([LEXICONS, path])
    return info.value


def cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m pplint ARGS` in a subprocess with a memory limit and a hang guard."""
    return subprocess.run(
        [sys.executable, "-m", "pplint", *args],
        cwd=cwd,
        text=True,
        capture_output=True,
        timeout=HANG_GUARD,
        preexec_fn=_limits,
        check=False,
    )


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def guarded(code: str) -> str:
    """Run Python code in a subprocess with a memory limit and a hang guard; its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        text=True,
        capture_output=True,
        timeout=HANG_GUARD,
        preexec_fn=_limits,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def a_rule(template: str) -> Rule:
    return Rule(
        id="SOC-SAF-001",
        title="A rule",
        family="social",
        severity=Severity.WARNING,
        check="missing",
        options={},
        message="m",
        rationale="r",
        legal_basis=[],
        model_clause={"en": template},
        examples=[],
    )


# --- model clauses -------------------------------------------------------------------------


def popen(marker: Path) -> str:
    return "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"


def test_a_model_clause_that_runs_a_command_is_refused_at_load(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    pack = write_pack(tmp_path, clause=popen(marker))
    done = cli(
        ["check", "--no-config", "--rules", str(pack), "--format", "sarif", str(GOOD)], tmp_path
    )
    assert done.returncode == 2, done.stdout[:300] + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert f"{pack}:{LINES['clause']}:11: model clause `en`: calls are not allowed" in lines[0]
    assert not marker.exists()


def test_rendering_a_template_that_skipped_the_load_check_runs_nothing(tmp_path: Path) -> None:
    from pplint.packs import clauses

    marker = tmp_path / "PWNED"
    text = clauses.render(a_rule(popen(marker)), RuleSet(), {"title": "T"}, "en")
    assert text.startswith("[model clause of SOC-SAF-001 could not be rendered: ")
    assert not marker.exists()


def test_the_sandbox_itself_refuses_what_the_check_would_have_caught(tmp_path: Path) -> None:
    import jinja2

    from pplint.packs import sandbox

    marker = tmp_path / "PWNED"
    template = sandbox.env().from_string(popen(marker))  # compiled without the tree check
    with pytest.raises(jinja2.exceptions.SecurityError):
        template.render(tender={})
    assert not marker.exists()


@pytest.mark.parametrize(
    ("clause", "words"),
    [
        ("{% for i in range(100000) %}x{% endfor %}", "calls are not allowed"),
        (
            "{% for c in tender.cpv %}{% for d in tender.cpv %}x{% endfor %}{% endfor %}",
            "a loop inside a loop",
        ),
        ("{% for c in tender.cpv recursive %}{{ loop(c.sub) }}{% endfor %}", "recursive loops"),
        ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "{% macro %} is not allowed"),
        ("{% call f() %}x{% endcall %}", "{% call %} is not allowed"),
        ("{% include '/etc/passwd' %}", "{% include %} is not allowed"),
        ("{% import 'os' as os %}", "{% import %} is not allowed"),
        ("{% extends 'base' %}", "{% extends %} is not allowed"),
        ("{{ 10 ** 10 ** 10 }}", "`**` is not allowed"),
        ("{{ 'x' * 1000000000 }}", "multiplying a text or a list"),
        ("{{ [1] * 1000000000 }}", "multiplying a text or a list"),
        ("{{ tender.title | nosuchfilter }}", "unknown filter `nosuchfilter`"),
        ("{{ tender.title is nosuchtest }}", "unknown test `nosuchtest`"),
        ("{{ tender.__class__ }}", "attribute `__class__` is not allowed"),
        ("{{ lipsum(10) }}", "calls are not allowed"),
        ("{{ self }}", "unknown name `self`"),
        ("{{ tender.title ", "template syntax error"),
        ("x" * 10_001, "longer than 10,000 characters"),
        # renaming a method to `namespace` would get it called past the call check
        (
            "{% set namespace = '{x:>900000000}'.format %}{{ namespace(x=1) }}",
            "`namespace` cannot be set",
        ),
        ("{% for namespace in [1] %}{{ namespace }}{% endfor %}", "`namespace` cannot be set"),
        ("{% set tender = 1 %}{{ tender }}", "`tender` cannot be set"),
    ],
)
def test_refused_templates_stop_the_load_at_their_line(
    tmp_path: Path, clause: str, words: str
) -> None:
    err = load_error(write_pack(tmp_path, clause=clause))
    assert (err.line, err.column) == (LINES["clause"], 11), str(err)
    assert words in err.message


def test_a_refused_construct_is_reported_at_the_template_line(tmp_path: Path) -> None:
    path = tmp_path / "block.yaml"
    text = (
        write_pack(tmp_path)
        .read_text(encoding="utf-8")
        .replace(
            '      en: "The contractor of {{ tender.title }}."',
            "      en: |\n        The contractor of {{ tender.title }}\n"
            "        shall {{ tender | nope }}",
        )
    )
    path.write_text(text, encoding="utf-8")
    err = load_error(path)
    assert (err.line, err.column) == (LINES["clause"] + 2, 1), str(err)
    assert "unknown filter `nope`" in err.message


def test_the_sandbox_calls_nothing_but_namespace() -> None:
    """Past the template check (a cached rule set), a renamed method is still not called."""
    from jinja2.sandbox import SecurityError

    from pplint.packs import sandbox

    template = sandbox.env().from_string(
        "{% set namespace = '{x:>900000000}'.format %}{{ namespace(x=1) }}"
    )
    with pytest.raises(SecurityError):
        template.render()
    assert sandbox.env().from_string("{% set n = namespace(a=2) %}{{ n.a }}").render() == "2"


def test_the_shipped_templates_pass_the_check() -> None:
    from pplint.packs import clauses

    rs = rulepack.load([rulepack.shipped_dir()], include_optional=True)
    templates = [t for rule in rs.rules.values() for t in rule.model_clause.values()]
    assert any("{%" in t for t in templates)  # loops, namespace(), set, if
    assert [t for t in templates if clauses.template_problem(t)] == []


@pytest.mark.parametrize(
    ("template", "words"),
    [
        (
            "{% set x = 'ab' %}" + "{% set x = x ~ x %}" * 40 + "{{ x | length }}",
            "longer than 20,000",
        ),
        (
            "{% set x = 'ab' %}" + "{% set x = x + x %}" * 40 + "{{ x | length }}",
            "longer than 20,000",
        ),
        (
            "{% set x = [1] %}" + "{% set x = x + x %}" * 40 + "{{ x | length }}",
            "longer than 20,000",
        ),
        (
            "{% set x = 'ab' %}" + "{% set x = [x, x] | join(x) %}" * 30 + "{{ x | length }}",
            "longer than 20,000",
        ),
        ("{% set x = 7 %}" + "{% set x = x * x %}" * 40 + "{{ x }}", "too large"),
        ("{% set s = 'ab' %}{% set n = 999999999 %}{{ s * n }}", "works on numbers only"),
        ("{% set f = '%999999999s' %}{{ f % 'a' }}", "works on numbers only"),
        ("{% for c in tender.big %}{{ c }}{% endfor %}", "longer than 20,000 characters"),
        (
            "{% for c in tender.big %}{% if c < 0 %}x{% endif %}{% endfor %}",
            "more than 10,000 loop steps",
        ),
        (
            "{% for c in tender.big %}{% if tender.big == tender.big %}{% endif %}{% endfor %}",
            "loop steps|took longer than 1 s",
        ),
    ],
)
def test_rendering_is_bounded_in_size_and_work(template: str, words: str) -> None:
    out = guarded(f"""
        from pplint.packs import clauses
        from pplint.core.model import Severity
        from pplint.core.rules import Rule, RuleSet
        rule = Rule(id="SOC-SAF-001", title="A rule", family="social",
                    severity=Severity.WARNING, check="missing", options={{}}, message="m",
                    rationale="r", legal_basis=[], model_clause={{"en": {template!r}}},
                    examples=[])
        print(clauses.render(rule, RuleSet(), {{"title": "T", "big": list(range(200_000))}}))
    """)
    assert out.startswith("[model clause of SOC-SAF-001 could not be rendered: "), out[:200]
    assert any(w in out for w in words.split("|")), out


# --- regex terms ---------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["signal", "word", "mention", "refine_word"])
@pytest.mark.parametrize(
    ("term", "words"),
    [
        ("re:(unclosed", "not a valid regular expression: missing ), unterminated"),
        ("re:[[a]", "not a valid regular expression: Possible nested set"),
        ("re:(a+)+$", "nested quantifiers"),
        ("re:(x*)*y", "nested quantifiers"),
        ("re:(\\w+\\s?)+$", "nested quantifiers"),
        ("re:(?:(a+)b?)*c", "nested quantifiers"),
        ("re:(a|a)*b", "alternatives that can match the same text"),
        ("re:(a|aa)+$", "alternatives that can match the same text"),
        ("re:(?:\\d+|\\d+\\.\\d+)*x", "alternatives that can match the same text"),
        ("re:(?!(a*)*b)c", "nested quantifiers"),  # inside a lookaround too
        ("re:(?:(?:a{1000}){1000}){1000}", "repeat counts multiply out to more than 20,000"),
        pytest.param("re:" + "x" * 1001, "longer than 1,000 characters", id="too-long"),
    ],
)
def test_bad_regex_terms_stop_the_load_at_the_term(
    tmp_path: Path, field: str, term: str, words: str
) -> None:
    err = load_error(write_pack(tmp_path, **{field: term}))
    assert (err.file, err.line, err.column) == (
        str(tmp_path / "safety.yaml"),
        LINES[field],
        COLUMNS[field],
    ), str(err)
    shown = term if len(term) <= 80 else term[:79] + "…"
    assert f"regex term `{shown}` is refused: " in err.message and words in err.message


def test_a_pack_with_a_bad_regex_is_one_error_line_on_the_command_line(tmp_path: Path) -> None:
    for term in ("re:(unclosed", "re:(a+)+$"):
        pack = write_pack(tmp_path, signal=term)
        done = cli(["check", "--no-config", "--rules", str(pack), str(GOOD)], tmp_path)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
        assert lines[0].startswith(
            f"pplint: error: {pack}:{LINES['signal']}:"
            f"{COLUMNS['signal']}: regex term `{term}` is refused: "
        )


def test_safe_shapes_still_load(tmp_path: Path) -> None:
    from pplint.analysis.regex_guard import regex_problem

    for term in (
        r"(?:.|\n)*\bx",
        r"(?: [\w']+){0,4} y",
        r"(?:\S+ ){0,3}z",
        r"\d+(?:\.\d+)*",
        r"(?:ab|ac)+",
        r"(?:(?!x).)*y",
        r"^(?!(?:.|\n)*\bno\b)",
    ):
        assert regex_problem(term) is None, term
    rulepack.load([LEXICONS, write_pack(tmp_path, signal=r"re:(?: [\w']+){0,4} pay")])


def test_every_shipped_regex_term_passes_the_check() -> None:
    from pplint.analysis.classify import _inline_specs
    from pplint.analysis.regex_guard import regex_problem

    rs = rulepack.load([rulepack.shipped_dir()], include_optional=True)
    lists = [t.signals for t in rs.topics.values()] + list(rs.lexicons.values())
    for rule in rs.rules.values():
        lists += list(
            _inline_specs(
                [rule.options, rule.applies]
                + [p for r in rule.refinements for p in (r.options, r.when)]
            )
        )
    terms = {t[3:] for spec in lists for ts in spec.values() for t in ts if t.startswith("re:")}
    assert any("(?:.|\\n)*" in t for t in terms) and any("(?<!" in t for t in terms)
    assert len(terms) > 50 and {t: regex_problem(t) for t in terms if regex_problem(t)} == {}


def test_a_slow_regex_times_out_and_is_reported() -> None:
    """A polynomial pattern (which no shape check refuses) stops after its time and is listed."""
    out = guarded("""
        import json
        from pplint.analysis.terms import TermSet
        from pplint.analysis.budget import file_regex_budget, regex_budget
        slow = r"(?:a*)(?:a*)(?:a*)(?:a*)\\d"
        ts = TermSet({"t:bait": ["re:" + slow, "pay"], "l:other": ["re:" + slow]},
                     lazy=lambda label: label.startswith("l:"))
        with file_regex_budget() as budget:
            found = ts.find("pay " + "a" * 500)
            lazy = ts.find_label("pay " + "a" * 500, "l:other")
            assert regex_budget() is budget
        assert regex_budget() is not budget
        print(json.dumps({"found": [m.label for m in found], "lazy": len(lazy),
                          "skipped": budget.skipped}))
    """)
    result = json.loads(out)
    assert result["found"] == ["t:bait"] and result["lazy"] == 0  # the literal term still counts
    slow = r"(?:a*)(?:a*)(?:a*)(?:a*)\d"
    assert [s[:2] for s in result["skipped"]] == [["t:bait", slow], ["l:other", slow]]
    assert "took longer than 0.25 s" in result["skipped"][0][2]


def test_a_stored_term_set_does_not_run_a_term_its_pack_would_have_refused() -> None:
    out = guarded("""
        import json
        from pplint.analysis.terms import TermSet
        from pplint.analysis.budget import file_regex_budget
        ts = TermSet({"t:bait": ["re:(a|a)+$", "re:(?:(?:a{1000}){1000}){1000}"]})
        with file_regex_budget() as budget:
            ts.find("a" * 60 + "!")
        print(json.dumps([s.reason for s in budget.skipped]))
    """)
    reasons = json.loads(out)
    assert reasons[0].startswith("is refused: a repeated group has alternatives")
    assert reasons[1].startswith("is refused: its repeat counts multiply out")


def test_the_regex_time_of_a_file_is_bounded_in_all() -> None:
    out = guarded("""
        import json
        from pplint.analysis.terms import TermSet
        from pplint.analysis.budget import file_regex_budget
        ends = [r"\\d", r"\\s", "[!?]", "[,;]", "[-+]", r"\\W", "[.:]"]
        ts = TermSet({f"t:{i}": ["re:(?:a*)(?:a*)(?:a*)(?:a*)" + e] for i, e in enumerate(ends)})
        with file_regex_budget(total=0.6) as budget:
            ts.find("a" * 500)
            ts.find("b" + "a" * 500)
        print(json.dumps([s.reason for s in budget.skipped]))
    """)
    reasons = json.loads(out)
    assert len(reasons) == 7  # each term once, though both texts were searched
    assert "stopped" in reasons[0]
    assert all("already took 0.6 s" in r for r in reasons[-2:])


def test_an_invalid_regex_term_that_skipped_the_load_check_is_reported_not_raised() -> None:
    from pplint.analysis.budget import file_regex_budget
    from pplint.analysis.terms import TermSet

    ts = TermSet({"t:x": ["re:(unclosed", "plain"]})
    with file_regex_budget() as budget:
        assert [m.label for m in ts.find("plain text")] == ["t:x"]
    assert [(s.label, s.pattern) for s in budget.skipped] == [("t:x", "(unclosed")]
    assert budget.skipped[0].reason.startswith("is refused: it is not a valid regular expression")


def test_the_regex_package_is_imported_only_when_a_regex_runs() -> None:
    out = guarded("""
        import json, sys
        from pplint.analysis.terms import TermSet
        ts = TermSet({"t": ["re:\\\\bwithin \\\\d+ days", "plain"]})
        ts.find("plain words only")
        before = "regex" in sys.modules
        found = ts.find("paid within 30 days")
        print(json.dumps([before, "regex" in sys.modules, [m.text for m in found]]))
    """)
    assert json.loads(out) == [False, True, ["within 30 days"]]


def test_a_term_set_state_is_plain_data_and_is_checked_when_restored() -> None:
    from pplint.analysis.fold import fold
    from pplint.analysis.terms import TermSet

    ts = TermSet(
        {"t:pay": ["re:\\bwithin \\d+ days", "invoice"], "l:x": ["re:\\bpaid\\b"]},
        lazy=lambda label: label.startswith("l:"),
    )
    state = ts.__getstate__()
    assert json.loads(json.dumps(state)) == state  # no tuples: JSON gives back the same
    copy = TermSet.__new__(TermSet)
    copy.__setstate__(json.loads(json.dumps(state)))
    text = fold("Invoices paid within 30 days; invoice")
    assert copy.find(text) == ts.find(text) and copy.find_label(text, "l:x")
    for bad in (
        {"_trie": [], "_regexes": [], "_lazy": {}},
        {"_trie": {"a": {"": [1]}}, "_regexes": [], "_lazy": {}},
        {"_trie": {"a": "b"}, "_regexes": [], "_lazy": {}},
        {"_trie": {}, "_regexes": [["t", "p"]], "_lazy": {}},
        {"_trie": {}, "_regexes": [], "_lazy": {"l": [["p", "not a list"]]}},
        {"_trie": {}},
    ):
        with pytest.raises(ValueError, match="not a stored term set"):
            TermSet.__new__(TermSet).__setstate__(bad)


# --- messages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("{places!r:>99999999}", "`{places!r:>99999999}`"),
        ("{places:>99999999}", "`{places:>99999999}`"),
        ("{places!r}", "`{places!r}`"),
        ("{places.__class__.__mro__}", "`{places.__class__.__mro__}`"),
        ("{places[0]}", "`{places[0]}`"),
        ("oops {places", "`{places`"),
        ("oops } here", "`}`"),
        ("{}", "`{}`"),
    ],
)
def test_messages_allow_only_plain_placeholders(tmp_path: Path, message: str, shown: str) -> None:
    err = load_error(write_pack(tmp_path, message=message))
    assert (err.line, err.column) == (LINES["message"], 14), str(err)
    assert err.message.startswith(f"{shown} in message is not a placeholder")


def test_a_message_with_a_format_spec_is_one_error_line(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, message="{places!r:>99999999}")
    done = cli(["check", "--no-config", "--rules", str(pack), str(GOOD)], tmp_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert f"{pack}:{LINES['message']}:14: " in done.stderr


def test_rendering_a_message_never_formats_and_is_bounded() -> None:
    from pplint.core.messages import MAX_MESSAGE, MAX_VALUE, render_message

    values = {"clause": "C1", "places": "x" * 1000, "term": None}
    assert render_message("{clause:>9999999}{clause!r}", values) == "{clause:>9999999}{clause!r}"
    assert render_message("{clause.__class__} {places[0]}", values) == (
        "{clause.__class__} {places[0]}"
    )
    assert render_message("{{clause}} is {clause}; {term}{nope}.", values) == "{clause} is C1; ."
    assert render_message("a } b { c", values) == "a } b { c"
    long_value = render_message("{places}", values)
    assert len(long_value) == MAX_VALUE and long_value.endswith("…")
    whole = render_message("{places} " * 100, values)
    assert len(whole) == MAX_MESSAGE and whole.endswith("…")
