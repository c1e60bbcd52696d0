"""The hostile corpus: every input of tests/hostile/ through `pplint check` and every format.

Each input runs in its own process, under resource limits (address space, CPU time, file size)
and a wall-clock guard against hangs, in a sandbox folder with its own HOME and TMPDIR. Every
run must end with the documented exit code and no traceback; when findings are reported, every
output format is written and valid, the other files of the run are reported too, and every
finding's line lies inside its file; when the run is refused (a bad pack, configuration or
baseline), one `pplint: error:` line names the file. Nothing may be written outside the output
folder and the pack cache. Static inputs live in tests/hostile/ (see its README); large inputs and
file-system objects are made here by recipes, so the repository stays small.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import REPO

HOSTILE = Path(__file__).parent / "hostile"
GOOD = REPO / "examples" / "good" / "cleaning-services.tender.yaml"
BAIT = HOSTILE / "tenders" / "regex-bait.tender.yaml"
FORMATS = ("text", "json", "sarif", "gitlab", "github", "junit")
MEMORY_LIMIT = 2 * 1024**3  # address space: far above what pplint needs (about 100 MB)
CPU_SECONDS = 120
WALL_SECONDS = 240  # a guard against hangs (a FIFO, an endless regex), not a speed test
FILE_LIMIT = 256 * 1024**2
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")
SARIF_SCHEMAS = (
    Path(__file__).parent / "data" / "sarif-schema-2.1.0.json",
    REPO.parent / "shared" / "data" / "sarif-schema-2.1.0.json",
)


@dataclass
class Case:
    """One hostile run: files to lay out, the command's arguments, what must happen."""

    id: str
    kind: str  # tender, pack, config, baseline, fs, cache
    exits: set[int]
    expect: str = "-"  # a rule-id prefix (tenders) or `loc` (refused runs)
    files: dict[str, bytes] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)
    setup: Callable[[Path], None] | None = None
    hostile: str | None = None  # the argument naming the hostile tender, if any
    culprit: str | None = None  # a file name the refusal message must name


def _manifest() -> Iterator[tuple[str, str, set[int], str]]:
    for line in (HOSTILE / "expect.tsv").read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        kind, name, exits, expect = line.split("\t")
        yield kind, name, {int(e) for e in exits.split("|")}, expect


def _static_cases() -> Iterator[Case]:
    good = GOOD.read_bytes()
    bait = BAIT.read_bytes()
    for kind, name, exits, expect in _manifest():
        if kind in ("tender", "notice"):
            raw = (HOSTILE / f"{kind}s" / name).read_bytes()
            yield Case(
                f"{kind}/{name}",
                kind,
                exits,
                expect,
                {name: raw, "good.tender.yaml": good},
                [name, "good.tender.yaml"],
                hostile=name,
            )
        elif kind == "pack":
            raw = (HOSTILE / "packs" / name).read_bytes()
            yield Case(
                f"pack/{name}",
                kind,
                exits,
                expect,
                {f"packs/{name}": raw, "bait.tender.yaml": bait},
                ["--rules", f"packs/{name}", "bait.tender.yaml"],
                culprit=name,
            )
        elif kind == "config":
            raw = (HOSTILE / "configs" / name).read_bytes()
            target = "pyproject.toml" if name.endswith(".toml") else ".pplint.yaml"
            files = {f"repo/{target}": raw, "repo/good.tender.yaml": good}
            packs = HOSTILE / "packs"
            files.update({f"packs/{p.name}": p.read_bytes() for p in packs.iterdir()})
            # configuration is found from the working folder upward, as in a real repository
            yield Case(
                f"config/{name}", kind, exits, expect, files, ["good.tender.yaml"], culprit=target
            )
        elif kind == "baseline":
            raw = (HOSTILE / "baselines" / name).read_bytes()
            yield Case(
                f"baseline/{name}",
                kind,
                exits,
                expect,
                {"baseline.json": raw, "good.tender.yaml": good},
                ["--baseline", "baseline.json", "good.tender.yaml"],
                culprit="baseline.json",
            )


def _minimal(extra: str = "") -> str:
    return (HOSTILE / "tenders" / "schema-wrong-version.tender.yaml").read_text("utf-8").replace(
        "pplint: 99", "pplint: 1"
    ) + extra


def _nested(depth: int, open_: str, close: str) -> str:
    return open_ * depth + "1" + close * depth


def _generated_tenders() -> Iterator[tuple[str, bytes, str, set[int]]]:
    """Inputs too large to keep in the repository, with the rule each must report."""
    yield (
        "deep-mapping-1000",
        _minimal("x: " + _nested(999, "{a: ", "}") + "\n").encode(),
        "FMT-",
        {1},
    )
    yield ("deep-list-1000", _minimal("x: " + _nested(999, "[", "]") + "\n").encode(), "FMT-", {1})
    block = "".join("  " * i + "k:\n" for i in range(490)) + "  " * 490 + "k: 1\n"
    yield (
        "deep-block-490",
        (_minimal() + "x:\n" + "".join("  " + ln + "\n" for ln in block.splitlines())).encode(),
        "FMT-",
        {1},
    )
    yield (
        "deep-over-libyaml",
        _minimal("x: " + _nested(1200, "[", "]") + "\n").encode(),
        "FMT-",
        {1},
    )
    yield (
        "deep-clause-text",
        _minimal()
        .replace(
            "text: The contractor shall pay the wages of the applicable collective agreement.",
            "text: " + _nested(800, "[", "]"),
        )
        .encode(),
        "FMT-",
        {1},
    )
    yield (
        "int-4301-digits",
        _minimal().replace("weight: 40", "weight: " + "4" * 4301).encode(),
        "FMT-LIMIT",
        {1},
    )
    yield (
        "int-401-digits-amount",
        _minimal()
        .replace(
            "  nature: services\n",
            "  nature: services\n  estimated_value: {amount: 1" + "0" * 400 + ", currency: EUR}\n",
        )
        .encode(),
        "FMT-LIMIT",
        {1},
    )
    dups = "".join(f"  dup: {i}\n" for i in range(4000))
    yield "duplicates-4000", (_minimal() + "extra:\n" + dups).encode(), "FMT-DUPLICATE-KEY", {1}
    clauses = "".join(
        f"  - id: X-{i}\n    section: performance\n    text: Where possible the contractor "
        f"should report item {i} to the buyer.\n"
        for i in range(2000)
    )
    yield "clauses-2000", (_minimal() + clauses).encode(), "-", {0, 1}
    long_text = "aaaa " * 300_000 + "collective agreement"
    yield (
        "clause-1500k",
        _minimal()
        .replace(
            "text: The contractor shall pay the wages of the applicable collective agreement.",
            "text: " + long_text,
        )
        .encode(),
        "-",
        {0, 1},
    )
    yield (
        "over-size-limit",
        (_minimal() + "# " + "x" * (3 * 1024 * 1024) + "\n").encode(),
        "FMT-LIMIT",
        {1},
    )
    yield (
        "many-aliases",
        (
            _minimal() + "anchor: &a [1, 2, 3]\nuses: [" + ", ".join(["*a"] * 50_000) + "]\n"
        ).encode(),
        "FMT-",
        {1},
    )


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _fs_cases() -> Iterator[Case]:
    good = GOOD.read_bytes()
    bad_content = (HOSTILE / "tenders" / "schema-wrong-types.tender.yaml").read_bytes()

    yield Case(
        "fs/fifo-named-explicitly",
        "fs",
        {1},
        "FMT-READ",
        {"good.tender.yaml": good},
        ["x.tender.yaml", "good.tender.yaml"],
        setup=lambda d: _fifo(d / "x.tender.yaml"),
        hostile="x.tender.yaml",
    )
    yield Case(
        "fs/fifo-in-walked-folder",
        "fs",
        {0, 1},
        "-",
        {"dir/good.tender.yaml": good},
        ["dir"],
        setup=lambda d: _fifo(d / "dir" / "x.tender.yaml"),
    )
    yield Case(
        "fs/dev-zero",
        "fs",
        {1},
        "FMT-",
        {"good.tender.yaml": good},
        ["zero.tender.yaml", "good.tender.yaml"],
        setup=lambda d: (d / "zero.tender.yaml").symlink_to("/dev/zero"),
        hostile="zero.tender.yaml",
    )
    yield Case(
        "fs/directory-named-like-a-tender",
        "fs",
        {0},
        "-",
        {"dir/good.tender.yaml": good, "dir/d.tender.yaml/inner.txt": b"x"},
        ["dir"],
    )
    yield Case(
        "fs/dangling-symlink",
        "fs",
        {1},
        "FMT-READ",
        {"good.tender.yaml": good},
        ["gone.tender.yaml", "good.tender.yaml"],
        setup=lambda d: (d / "gone.tender.yaml").symlink_to(d / "nowhere"),
        hostile="gone.tender.yaml",
    )
    yield Case(
        "fs/missing-file",
        "fs",
        {1},
        "FMT-READ",
        {"good.tender.yaml": good},
        ["missing.tender.yaml", "good.tender.yaml"],
        hostile="missing.tender.yaml",
    )
    yield Case(
        "fs/symlink-loop-in-walked-folder",
        "fs",
        {0, 1},
        "-",
        {"tree/a/good.tender.yaml": good},
        ["tree"],
        setup=lambda d: (d / "tree" / "a" / "loop").symlink_to(d / "tree"),
    )
    yield Case(
        "fs/not-utf8-file-name",
        "fs",
        {1},
        "FMT-SCHEMA",
        {"good.tender.yaml": good},
        [os.fsdecode(b"caf\xe9.tender.yaml"), "good.tender.yaml"],
        setup=lambda d: (d / os.fsdecode(b"caf\xe9.tender.yaml")).write_bytes(bad_content),
    )
    evil = "evil\n\x1b[31mred\x1b]0;title\x07.tender.yaml"
    yield Case(
        "fs/control-chars-in-file-name",
        "fs",
        {1},
        "FMT-SCHEMA",
        {"good.tender.yaml": good},
        [evil, "good.tender.yaml"],
        setup=lambda d: (d / evil).write_bytes(bad_content),
    )
    yield Case(
        "fs/pack-is-a-fifo",
        "fs",
        {2},
        "-",
        {"good.tender.yaml": good},
        ["--rules", "p.yaml", "good.tender.yaml"],
        setup=lambda d: _fifo(d / "p.yaml"),
        culprit="p.yaml",
    )
    yield Case(
        "fs/config-is-a-fifo",
        "fs",
        {2},
        "-",
        {"good.tender.yaml": good},
        ["--config", "c.yaml", "good.tender.yaml"],
        setup=lambda d: _fifo(d / "c.yaml"),
        culprit="c.yaml",
    )
    yield Case(
        "fs/baseline-is-dev-zero",
        "fs",
        {2},
        "-",
        {"good.tender.yaml": good},
        ["--baseline", "b.json", "good.tender.yaml"],
        setup=lambda d: (d / "b.json").symlink_to("/dev/zero"),
        culprit="b.json",
    )
    yield Case("fs/no-tender-found", "fs", {0}, "-", {"empty/readme.txt": b"x"}, ["empty"])


def _all_cases() -> list[Case]:
    cases = list(_static_cases())
    good = GOOD.read_bytes()
    for name, raw, rule, exits in _generated_tenders():
        file = f"{name}.tender.yaml"
        cases.append(
            Case(
                f"generated/{name}",
                "tender",
                exits,
                rule,
                {file: raw, "good.tender.yaml": good},
                [file, "good.tender.yaml"],
                hostile=file,
            )
        )
    for name, raw, rule, exits in _generated_notices():
        file = f"{name}.xml"
        cases.append(
            Case(
                f"generated/{name}",
                "notice",
                exits,
                rule,
                {file: raw, "good.tender.yaml": good},
                [file, "good.tender.yaml"],
                hostile=file,
            )
        )
    cases.extend(_fs_cases())
    return cases


_NOTICE_HEAD = (
    '<?xml version="1.0"?>\n<ContractNotice '
    'xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2" '
    'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" '
    'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">\n'
)


def _generated_notices() -> Iterator[tuple[str, bytes, str, set[int]]]:
    """Notices too large to keep in the repository, with the rule each must report."""
    yield (
        "notice-huge-attribute",
        (
            _NOTICE_HEAD + f'<cbc:ID schemeName="{"x" * 200_000}">1</cbc:ID>\n</ContractNotice>\n'
        ).encode(),
        "FMT-LIMIT",
        {1},
    )
    yield (
        "notice-300k-elements",
        (_NOTICE_HEAD + "<cbc:X/>" * 230_000 + "\n</ContractNotice>\n").encode(),
        "FMT-LIMIT",
        {1},
    )
    text = "The contractor shall pay the wages of the collective agreement. " * 20_000
    yield (
        "notice-1mb-performance-term",
        (
            _NOTICE_HEAD
            + "<cbc:NoticeLanguageCode>ENG</cbc:NoticeLanguageCode>\n"
            + '<cac:ProcurementProjectLot><cbc:ID schemeName="Lot">LOT-0001</cbc:ID>'
            + "<cac:TenderingTerms><cac:ContractExecutionRequirement>"
            + '<cbc:ExecutionRequirementCode listName="conditions">performance'
            + f'</cbc:ExecutionRequirementCode><cbc:Description languageID="ENG">{text}'
            + "</cbc:Description></cac:ContractExecutionRequirement></cac:TenderingTerms>"
            + "</cac:ProcurementProjectLot>\n</ContractNotice>\n"
        ).encode(),
        "-",
        {0, 1},
    )


CASES = _all_cases()


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))


def _snapshot(*roots: Path, skip: tuple[Path, ...] = ()) -> dict[str, tuple[int, int]]:
    """Every file below the roots (not following links), with size and modification time."""
    out: dict[str, tuple[int, int]] = {}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            dirs[:] = [d for d in dirs if here / d not in skip]
            for name in files + [d for d in dirs if (here / d).is_symlink()]:
                info = os.lstat(here / name)
                out[os.fsdecode(here / name)] = (info.st_size, info.st_mtime_ns)
    return out


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, bytes]


def _run(case: Case, sandbox: Path, cache: Path) -> Outcome:
    work = sandbox / "work"
    home = sandbox / "home"
    tmp = sandbox / "tmp"
    out = sandbox / "out"
    for folder in (work, home, tmp, out):
        folder.mkdir(parents=True)
    for rel, raw in case.files.items():
        target = work / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
    if case.setup:
        case.setup(work)
    cwd = work / "repo" if case.kind == "config" else work
    outputs = {fmt: out / f"report.{fmt}" for fmt in FORMATS}
    command = [sys.executable, "-m", "pplint", "check", "--format", "pretty", "--no-color"]
    for fmt, path in outputs.items():
        command += ["--output", f"{fmt}={path}"]
    command += case.args
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "PPLINT_CACHE_DIR": str(cache),
        "LANG": "C.UTF-8",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    before = _snapshot(sandbox, skip=(out,))
    try:
        proc = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, timeout=WALL_SECONDS, preexec_fn=_limits
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.id}: pplint did not finish within {WALL_SECONDS} s (a hang)")
    after = _snapshot(sandbox, skip=(out,))
    written = sorted(p for p in after if before.get(p) != after[p])
    assert not written, f"{case.id}: files written outside the output paths: {written}"
    produced = {fmt: path.read_bytes() for fmt, path in outputs.items() if path.exists()}
    stdout = proc.stdout.decode("utf-8")  # strict: every output must be valid UTF-8
    stderr = proc.stderr.decode("utf-8", "backslashreplace")
    return Outcome(proc.returncode, stdout, stderr, produced)


@pytest.fixture(scope="module")
def pack_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-cache")


@pytest.fixture(scope="module")
def sarif_validator() -> object | None:
    import jsonschema

    for path in SARIF_SCHEMAS:
        if path.exists():
            return jsonschema.Draft7Validator(json.loads(path.read_text("utf-8")))
    return None


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(
    case: Case, tmp_path: Path, pack_cache: Path, sarif_validator: object | None
) -> None:
    outcome = _run(case, tmp_path, pack_cache)
    for stream in (outcome.stdout, outcome.stderr):
        assert "Traceback" not in stream, f"{case.id}: a traceback:\n{stream[-3000:]}"
    assert not CONTROL.search(outcome.stderr), f"{case.id}: raw control characters on stderr"
    assert outcome.code in case.exits, (
        f"{case.id}: exit {outcome.code}, expected {sorted(case.exits)}\n"
        f"stderr: {outcome.stderr[-2000:]}\nstdout: {outcome.stdout[-1000:]}"
    )
    if outcome.code == 2:
        _check_refusal(case, outcome)
    else:
        _check_reports(case, outcome, tmp_path / "work", sarif_validator)


def _check_refusal(case: Case, outcome: Outcome) -> None:
    """A refused run: one clear line naming the file, no report written."""
    errors = [ln for ln in outcome.stderr.splitlines() if ln.startswith("pplint: error:")]
    assert errors, f"{case.id}: no `pplint: error:` line:\n{outcome.stderr}"
    message = errors[0]
    if case.culprit:
        assert case.culprit in message, f"{case.id}: the message does not name the file: {message}"
    if case.expect == "loc":
        assert re.search(r":\d+:\d+: ", message), f"{case.id}: no line and column: {message}"
    assert not outcome.outputs, f"{case.id}: outputs written by a refused run"


def _line_count(raw: bytes) -> int:
    return max(1, raw.count(b"\n") + (0 if raw.endswith(b"\n") else 1))


def _check_reports(
    case: Case, outcome: Outcome, work: Path, sarif_validator: object | None
) -> None:
    """A checked run: every format written and valid, every file reported, lines inside."""
    assert set(outcome.outputs) == set(FORMATS), f"{case.id}: missing outputs"
    texts = {fmt: raw.decode("utf-8") for fmt, raw in outcome.outputs.items()}
    for fmt in ("text", "github"):
        assert not CONTROL.search(texts[fmt]), f"{case.id}: raw control characters in {fmt}"
    assert not CONTROL.search(outcome.stdout), f"{case.id}: raw control characters in pretty"
    for line in texts["text"].splitlines():
        assert re.match(r"^.+:\d+:\d+: (error|warning|info) [A-Z]", line), (
            f"{case.id}: a text line that is not one finding: {line[:200]!r}"
        )
    report = json.loads(texts["json"])
    findings = report["findings"]
    tenders = [a for a in case.args if not a.startswith("-") and a not in _option_values(case)]
    if case.id != "fs/no-tender-found" and all(
        (work / t).is_file() or not (work / t).exists() or (work / t).is_symlink() for t in tenders
    ):
        files_given = [t for t in tenders if not (work / t).is_dir()]
        assert report["summary"]["files"] >= len(files_given), f"{case.id}: a file went missing"
    if case.hostile and case.expect not in ("-", ""):
        rules = {f["rule"] for f in findings}
        assert any(r.startswith(case.expect) for r in rules), (
            f"{case.id}: expected a {case.expect} finding, got {sorted(rules)}"
        )
    for f in findings:
        path = work / f["file"]
        if path.is_file() and not path.is_symlink():
            lines = _line_count(path.read_bytes())
            assert 1 <= f["line"] <= lines, f"{case.id}: line {f['line']} outside 1..{lines}"
    json.loads(texts["gitlab"])
    sarif = json.loads(texts["sarif"])
    if sarif_validator is not None:
        errors = list(sarif_validator.iter_errors(sarif))  # type: ignore[attr-defined]
        assert not errors, f"{case.id}: SARIF invalid: {errors[0].message}"
    ET.fromstring(outcome.outputs["junit"])


def _option_values(case: Case) -> set[str]:
    values = set()
    for i, arg in enumerate(case.args):
        if arg in ("--rules", "--config", "--baseline") and i + 1 < len(case.args):
            values.add(case.args[i + 1])
    return values


def test_planted_and_corrupt_caches_never_run_and_never_crash(tmp_path: Path) -> None:
    """Every entry of a filled pack cache replaced by hostile bytes: same findings, no code run."""
    cache = tmp_path / "cache"
    work = tmp_path / "work"
    work.mkdir()
    bad = REPO / "examples" / "bad" / "furniture.tender.yaml"
    marker = tmp_path / "PWNED"
    command = [sys.executable, "-m", "pplint", "check", "--format", "json", str(bad)]
    env = {**os.environ, "PPLINT_CACHE_DIR": str(cache)}
    env.pop("PPLINT_NO_CACHE", None)

    def run() -> tuple[int, list[tuple[str, int]]]:
        proc = subprocess.run(
            command,
            cwd=work,
            env=env,
            capture_output=True,
            timeout=WALL_SECONDS,
            preexec_fn=_limits,
        )
        assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
        found = json.loads(proc.stdout)["findings"]
        return proc.returncode, [(f["rule"], f["line"]) for f in found]

    expected = run()
    entries = [p for p in cache.iterdir() if p.is_file()]
    assert entries, "the first run wrote no cache entry"
    import pickle

    class Planted:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    corruptions: dict[str, Callable[[Path], None]] = {
        "pickle that runs code": lambda p: p.write_bytes(pickle.dumps(Planted())),
        "bit flip": lambda p: p.write_bytes(_flip(p.read_bytes())),
        "truncated": lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        "wrong shape": lambda p: p.write_text('{"rules": [1, 2, 3], "version": "x"}'),
        "empty": lambda p: p.write_bytes(b""),
        "not UTF-8": lambda p: p.write_bytes(b"\xff\xfe" * 100),
        "huge": lambda p: p.write_bytes(b"[" * 5_000_000),
        "symlink to /dev/zero": lambda p: (p.unlink(), p.symlink_to("/dev/zero")),
        "fifo": lambda p: (p.unlink(), os.mkfifo(p)),
        "directory": lambda p: (p.unlink(), p.mkdir()),
    }
    for label, corrupt in corruptions.items():
        names = [p.name for p in cache.iterdir()]
        for name in names:
            target = cache / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
                target.write_bytes(b"x")
            elif target.is_symlink() or stat.S_ISFIFO(os.lstat(target).st_mode):
                target.unlink()
                target.write_bytes(b"x")
        for name in names:
            corrupt(cache / name)
        assert run() == expected, f"cache {label}: the findings changed"
        assert not marker.exists(), f"cache {label}: code in the cache ran"
        assert run() == expected, f"cache {label}: the run after the rebuild differs"


def _flip(raw: bytes) -> bytes:
    if not raw:
        return b"\x00"
    middle = len(raw) // 2
    return raw[:middle] + bytes([raw[middle] ^ 0x5A]) + raw[middle + 1 :]
