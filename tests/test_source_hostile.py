"""Hostile YAML for pplint.source: YAML 1.1 words, tags, numbers, nesting and line breaks."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pplint.cli.main import main
from pplint.core.errors import ConfigError, LoadError, PackError
from pplint.core.model import Location
from pplint.engine.results import FileResult
from pplint.load import schemas
from pplint.load.lines import Lines
from pplint.load.source import MAX_DEPTH, load_bytes

from conftest import DATA, HEADER, REPO


def refused(text: str | bytes) -> LoadError:
    """The LoadError that loading ``text`` raises."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(LoadError) as info:
        load_bytes(raw, "f.yaml")
    return info.value


def assert_inside(exc: LoadError, raw: bytes) -> None:
    """The error points at a character of the file, or just after the end of a line."""
    lines = raw.decode("utf-8", "replace").removeprefix("\ufeff").split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the text after the final LF is not a line
    assert 1 <= exc.line <= len(lines), (exc.line, exc.column, len(lines))
    assert 1 <= exc.column <= len(lines[exc.line - 1]) + 1, (exc.line, exc.column)


# -- YAML 1.2 core schema ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    [
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "y",
        "Y",
        "n",
        "N",
    ],
)
def test_yaml11_booleans_are_text(word: str) -> None:
    assert load_bytes(f"a: {word}\n".encode(), "f.yaml").data == {"a": word}


def test_norway_is_a_country(lint: Callable[..., FileResult]) -> None:
    assert "country: FR" in HEADER
    result = lint(HEADER.replace("country: FR", "country: NO"))
    assert [f for f in result.findings if f.rule.startswith("FMT-")] == []
    doc = load_bytes(HEADER.replace("country: FR", "country: NO").encode(), "t.tender.yaml")
    assert doc.data["tender"]["buyer"]["country"] == "NO"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("~", None),
        ("", None),
        ("12", 12),
        ("-12", -12),
        ("+12", 12),
        ("0", 0),
        ("-0", 0),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("-.5", -0.5),
        ("3.", 3.0),
        ("0.5", 0.5),
        ("0e5", 0.0),
        ("1e3", 1000.0),
        ("2.5E-3", 0.0025),
        # a leading zero does not make a text in the core schema: codes must be quoted
        ("0777", 777),
        ("09310000", 9310000),
        ("08001", 8001),
        ("00", 0),
        ("-012", -12),
        ("00.5", 0.5),
        ("01e5", 100000.0),
        ("tRUE", "tRUE"),
        ("nULL", "nULL"),
        ("1_000", "1_000"),
        ("1:20", "1:20"),
        ("190:20:30", "190:20:30"),
        ("0b101", "0b101"),
        ("-0x1F", "-0x1F"),
        ("0o8", "0o8"),
        ("1e", "1e"),
        (".", "."),
        ("=", "="),
        ("2027-01-31", "2027-01-31"),
        ("2027-01-31 10:00:00", "2027-01-31 10:00:00"),
        (".infinity", ".infinity"),
    ],
)
def test_plain_values_follow_the_core_schema(text: str, value: object) -> None:
    data = load_bytes(f"a: {text}\n".encode(), "f.yaml").data
    assert data == {"a": value}
    assert type(data["a"]) is type(value)


@pytest.mark.parametrize("word", ["no", "Yes", "OFF", "on", "y", "N"])
def test_yaml11_boolean_where_a_boolean_belongs(word: str, lint: Callable[..., FileResult]) -> None:
    result = lint(HEADER + f"  personal_data: {word}\n")
    [finding] = [f for f in result.findings if f.rule == "FMT-SCHEMA"]
    assert f"`{word}` is text in YAML 1.2: write true or false" in finding.message
    assert (finding.line, finding.column) == (8, 18)


def test_an_unquoted_code_is_a_number_and_the_message_says_to_quote_it(
    lint: Callable[..., FileResult],
) -> None:
    assert 'cpv: ["90911200"]' in HEADER
    result = lint(HEADER.replace('cpv: ["90911200"]', "cpv: [09310000]"))
    messages = [f.message for f in result.findings if f.rule == "FMT-SCHEMA"]
    assert any("9310000 is a number, not a text: put it in quotes" in m for m in messages), messages


def test_yaml11_boolean_in_a_pack(tmp_path: Path) -> None:
    text = (DATA / "test-pack.yaml").read_text(encoding="utf-8")
    assert "verified: false}" in text
    pack = tmp_path / "pack.yaml"
    pack.write_text(text.replace("verified: false}", "verified: off}", 1), encoding="utf-8")
    with pytest.raises(PackError) as info:
        schemas.load_checked(pack, "rulepack", PackError, "rule pack")
    line = next(n for n, t in enumerate(pack.read_text().splitlines(), 1) if "verified: off" in t)
    assert "`off` is text in YAML 1.2: write true or false" in info.value.message
    assert info.value.line == line


# -- explicit tags -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "!!bool maybe",
        "!!bool yes",
        "!!bool 1",
        "!!int abc",
        "!!int 1_000",
        "!!int 1.5",
        "!!float abc",
        "!!float 1_0.5",
        "!!null x",
        "!!null 0",
    ],
)
def test_impossible_tag_value_is_a_located_error(value: str) -> None:
    exc = refused(f"pplint: 1\nb: {value}\n")
    assert (exc.code, exc.line, exc.column) == ("FMT-TAG", 2, 4)
    assert f"`{value.split()[1]}`" in exc.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("!!float 1", 1.0),
        ("!!float -2e3", -2000.0),
        ("!!int 0x10", 16),
        ("!!int -7", -7),
        ("!!bool TRUE", True),
        ("!!null", None),
        ("!!null ~", None),
        ("!!str 12", "12"),
        ("!!str yes", "yes"),
    ],
)
def test_possible_tag_values(value: str, expected: object) -> None:
    data = load_bytes(f"a: {value}\n".encode(), "f.yaml").data
    assert data == {"a": expected}
    assert type(data["a"]) is type(expected)


# -- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "1" * 4301,
        "9" * 401,
        "-" + "9" * 401,
        "2" + "0" * 308,
        "0x" + "f" * 300,
        "0o" + "7" * 400,
        "1e400",
        "-1e400",
        "2e308",
        "1.0e309",
        "!!float 1e999",
        "!!int " + "9" * 5000,
    ],
    ids=[
        "4301-digits",
        "401-digits",
        "minus-401-digits",
        "2e308-as-int",
        "hex-300-digits",
        "octal-400-digits",
        "1e400",
        "minus-1e400",
        "2e308",
        "1.0e309",
        "tagged-float",
        "tagged-int",
    ],
)
def test_number_too_large(number: str) -> None:
    exc = refused(f"pplint: 1\nb: {number}\n")
    assert (exc.code, exc.line, exc.column) == ("FMT-LIMIT", 2, 4)
    assert exc.message.startswith("number too large: ")
    assert len(exc.message) < 160


@pytest.mark.parametrize(
    "number",
    [
        ".inf",
        "-.inf",
        "+.inf",
        ".Inf",
        "-.INF",
        ".nan",
        ".NaN",
        ".NAN",
        "!!float .nan",
        "!!float -.inf",
    ],
)
def test_not_a_finite_number(number: str) -> None:
    exc = refused(f"pplint: 1\nb: {number}\n")
    assert (exc.code, exc.line, exc.column) == ("FMT-LIMIT", 2, 4)
    assert exc.message.startswith("not a finite number: ")


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("1.7976931348623157e308", 1.7976931348623157e308),
        ("1" + "0" * 308, 10**308),
        ("-1" + "0" * 308, -(10**308)),
        ("0." + "0" * 5000 + "1", 0.0),
        ("1e-400", 0.0),
    ],
    ids=["max-float", "1e308-int", "minus-1e308-int", "long-fraction", "tiny"],
)
def test_numbers_within_the_float_range(number: str, expected: float) -> None:
    assert load_bytes(f"a: {number}\n".encode(), "f.yaml").data == {"a": expected}


@pytest.mark.parametrize("value", [".nan", ".inf", "1e400"])
def test_non_finite_params_in_packs_and_configs(value: str, tmp_path: Path) -> None:
    config = tmp_path / ".pplint.yaml"
    config.write_text(f"params:\n  x: {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as conf:
        schemas.load_checked(config, "config", ConfigError, "configuration")
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"pack: p\nparams:\n  x: {{value: {value}, source: s}}\n", encoding="utf-8")
    with pytest.raises(PackError) as packed:
        schemas.load_checked(pack, "rulepack", PackError, "rule pack")
    assert (conf.value.line, conf.value.column) == (2, 6)
    assert (packed.value.line, packed.value.column) == (3, 14)
    for message in (conf.value.message, packed.value.message):
        assert message.startswith(("not a finite number", "number too large"))


# -- nesting -----------------------------------------------------------------------------------


def nested(kind: str, depth: int) -> str:
    """A document whose deepest value sits ``depth`` levels below the top."""
    if kind == "block-map":
        return "".join("  " * i + "a:\n" for i in range(depth))
    if kind == "flow-map":
        return "a: " + "{a: " * (depth - 1) + "x" + "}" * (depth - 1) + "\n"
    if kind == "block-list":
        return "".join("  " * i + "-\n" for i in range(depth))
    if kind == "flow-list":
        return "a: " + "[" * (depth - 1) + "x" + "]" * (depth - 1) + "\n"
    return "- " * depth + "x\n"  # compact lists


# where the first node (a key or a value) more than 64 levels deep starts, in nested(kind, 1000)
FIRST_TOO_DEEP = {
    "block-map": (65, 129),
    "flow-map": (1, 257),
    "block-list": (66, 131),
    "flow-list": (1, 68),
    "compact-list": (1, 131),
}


@pytest.mark.parametrize("kind", sorted(FIRST_TOO_DEEP))
def test_nesting_up_to_the_limit_loads(kind: str) -> None:
    data = load_bytes(nested(kind, MAX_DEPTH).encode(), "f.yaml").data
    depth = 0
    while isinstance(data, dict | list) and data:
        data = data["a"] if isinstance(data, dict) else data[0]
        depth += 1
    assert depth == MAX_DEPTH


@pytest.mark.parametrize("kind", sorted(FIRST_TOO_DEEP))
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000])
def test_nesting_beyond_the_limit_is_refused(kind: str, depth: int) -> None:
    exc = refused(nested(kind, depth))
    assert exc.code == "FMT-LIMIT"
    assert exc.message.startswith(f"nested too deeply: more than {MAX_DEPTH} levels")
    if depth == 1000:
        assert (exc.line, exc.column) == FIRST_TOO_DEEP[kind]


def test_nesting_through_aliases_is_refused() -> None:
    half = MAX_DEPTH // 2 + 1
    text = (
        "a: &x " + "[" * half + "1" + "]" * half + "\nb: " + "[" * half + "*x" + "]" * half + "\n"
    )
    assert refused(text).code == "FMT-LIMIT"


def test_nesting_far_deeper_than_libyaml_can_compose() -> None:
    """libyaml's composer recurses in C: 100,000 levels used to overflow the stack.

    Newer libyaml builds (PyYAML 6.0.4's) stop the scanner at 1,000 levels themselves, a
    syntax error; older ones (6.0.3's) do not, and pplint's own bound refuses the file."""
    code = (
        "from pplint.core.errors import LoadError\n"
        "from pplint.load.source import load_text\n"
        "for text in ('[' * 100_000, 'a: ' + '{a: ' * 100_000, '- ' * 100_000 + 'x'):\n"
        "    try:\n"
        "        load_text(text, 'f')\n"
        "    except LoadError as exc:\n"
        "        print(exc.code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    codes = done.stdout.split()
    assert done.returncode == 0 and len(codes) == 3, done.stderr
    assert set(codes) <= {"FMT-LIMIT", "FMT-SYNTAX"}, codes


def deep_tender(depth: int) -> str:
    """A valid tender plus a value ``depth`` levels deep in an unknown key, in a known key
    (the buyer's name), in a list and in a clause text."""
    assert "name: Test buyer" in HEADER
    return (
        HEADER.replace(
            "name: Test buyer", "name: " + "{a: " * (depth - 3) + "x" + "}" * (depth - 3)
        )
        + "clauses:\n  - id: C1\n    section: performance\n"
        + "    text: "
        + "[" * (depth - 3)
        + "x"
        + "]" * (depth - 3)
        + "\n"
        + "deep: "
        + "{a: " * (depth - 1)
        + "x"
        + "}" * (depth - 1)
        + "\n"
        + "deeper: "
        + "[" * (depth - 1)
        + "x"
        + "]" * (depth - 1)
        + "\n"
    )


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "gitlab", "github", "junit", "pretty"])
def test_deep_tenders_through_the_whole_pipeline(fmt: str, tmp_path: Path) -> None:
    (tmp_path / "limit.tender.yaml").write_text(deep_tender(MAX_DEPTH), encoding="utf-8")
    (tmp_path / "deep.tender.yaml").write_text(deep_tender(1000), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-config", str(tmp_path), "--format", fmt])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert "RecursionError" not in result.output
    for expected in ("FMT-LIMIT", "FMT-SCHEMA", "deep.tender.yaml", "limit.tender.yaml"):
        assert expected in result.output


# -- line breaks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "brk", ["\x85", "\u2028", "\u2029", "\r"], ids=["NEL", "LS", "PS", "lone-CR"]
)
def test_only_lf_breaks_a_line(brk: str) -> None:
    text = f'a: "one{brk}two"\nb: 1\nb: 2\nc: [1]\n'
    doc = load_bytes(text.encode(), "f.yaml")
    assert doc.locate(("b",)) == Location(2, 4)
    assert doc.locate(("c", 0)) == Location(4, 5)
    assert doc.end(("a",)) == Location(1, 13)
    [dup] = doc.duplicates
    assert (dup.location, dup.first) == (Location(3, 1), Location(2, 1))
    exc = refused(f'a: "one{brk}two"\nb: 1\nc: !!int x\n')
    assert (exc.line, exc.column) == (3, 4)


@pytest.mark.parametrize(
    "brk", ["\x85", "\u2028", "\u2029", "\r"], ids=["NEL", "LS", "PS", "lone-CR"]
)
def test_syntax_error_after_a_break_that_is_not_lf(brk: str) -> None:
    raw = f'a: "x{brk}y"\nb: [1\n'.encode()
    exc = refused(raw)
    assert (exc.code, exc.line, exc.column) == ("FMT-SYNTAX", 2, 6)


def test_lone_cr_between_entries_is_not_a_line_break() -> None:
    doc = load_bytes(b"a: 1\rb: 2\nc: 3\n", "f.yaml")
    assert doc.data == {"a": 1, "b": 2, "c": 3}
    assert (doc.locate(("b",)), doc.locate(("c",))) == (Location(1, 9), Location(2, 4))
    exc = refused(b"a: 1\rb: !!int x\n")
    assert (exc.line, exc.column) == (1, 9)


def test_crlf_file_has_the_locations_of_its_lf_copy() -> None:
    raw = (REPO / "examples" / "bad" / "furniture.tender.yaml").read_bytes()
    assert b"\r" not in raw
    lf = load_bytes(raw, "f.yaml")
    crlf = load_bytes(raw.replace(b"\n", b"\r\n"), "f.yaml")
    assert crlf.data == lf.data
    assert crlf.locations == lf.locations
    assert crlf.ends == lf.ends
    assert crlf.duplicates == lf.duplicates


def test_unacceptable_character_after_non_ascii_text() -> None:
    exc = refused("é: ü\nb: ééé\x07\n")
    assert (exc.code, exc.line, exc.column) == ("FMT-ENCODING", 2, 7)


@pytest.mark.parametrize(
    "body", ["a: [1", 'a: "x', "a: {b: 1", "a:\n  - b\n  c: d", "a: |\n x\n", "a: 1\n---"]
)
@pytest.mark.parametrize(
    "ending",
    ["", "\n", "\r\n", "\n\n\n", "\n# end\n", "\u2028\n"],
    ids=["none", "LF", "CRLF", "blank-lines", "comment", "LS-LF"],
)
def test_errors_never_point_past_the_end(body: str, ending: str) -> None:
    raw = (body.replace("\n", "\r\n") if ending == "\r\n" else body) + ending
    try:
        load_bytes(raw.encode(), "f.yaml")
    except LoadError as exc:
        assert_inside(exc, raw.encode())


def test_error_at_the_end_points_at_the_last_line_end() -> None:
    assert (refused(b"a: [1\n").line, refused(b"a: [1\n").column) == (1, 6)
    assert (refused(b"a: [1\r\n\r\n").line, refused(b"a: [1\r\n\r\n").column) == (2, 1)
    exc = refused(b"a: 1\n---\n")
    assert (exc.code, exc.line, exc.column) == ("FMT-MULTIDOC", 2, 4)


TOKENS = [
    "a",
    "b",
    "é",
    ":",
    " ",
    "  ",
    "- ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "&x ",
    "*x",
    "!!int ",
    "!!bool ",
    "!!float ",
    "!!null ",
    "!!str ",
    "!x ",
    "|",
    ">",
    "'",
    '"',
    "\\",
    "\n",
    "\r\n",
    "\r",
    "\x85",
    "\u2028",
    "\u2029",
    "\t",
    "1",
    "1e400",
    ".nan",
    "0x",
    "~",
    "<<",
    "---",
    "...",
    "yes",
    "\x07",
    "\ufeff",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_any_text_loads_or_is_refused_inside_the_file(text: str) -> None:
    raw = text.encode("utf-8")
    try:
        load_bytes(raw, "f.yaml")
    except LoadError as exc:
        assert_inside(exc, raw)


def test_libyaml_counts_lines_as_an_editor_when_lf_is_the_only_break() -> None:
    """For such texts the loader takes libyaml's own line and column: check them on ours."""
    files = [
        *REPO.glob("examples/*/*.yaml"),
        *REPO.glob("rules/**/*.yaml"),
        *(REPO / "tests" / "data").glob("*.yaml"),
    ]
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        lines = Lines(text)
        assert lines.plain, path
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            for mark in (event.start_mark, event.end_mark):
                assert mark is not None
                assert lines.at(mark) == lines.counted(mark.index), (path, mark)


def test_end_of_a_file_without_a_final_lf() -> None:
    """libyaml starts one more line at the end of such a file; the end stays inside it."""
    doc = load_bytes(b"a:\n  b: 1", "f.yaml")
    assert doc.end(()) == doc.end(("a",)) == Location(2, 7)
