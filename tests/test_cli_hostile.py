"""`pplint check` on hostile repositories: odd files, bad configuration, crashes, no tenders.

Anything that could hang runs in a subprocess with a generous timeout as a hang guard.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pplint.cli.main import discover, main
from pplint.engine.checker import Engine

from conftest import DATA, REPO, WEAK

ARGS = [
    "--no-config",
    "--rules",
    str(DATA / "test-pack.yaml"),
    "--select",
    "SOC-TST-001,FMT-",
    "-f",
    "text",
]
HANG_GUARD = 120  # seconds; a correct run takes about one


def invoke(*args: str) -> Result:
    return CliRunner().invoke(
        main, ["check", *args], env={"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None}
    )


def pplint(cwd: Path, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    """pplint in a fresh process, killed if it hangs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run(
        [sys.executable, "-m", "pplint", "check", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=HANG_GUARD,
        check=False,
    )


def lines(output: bytes) -> list[str]:
    return output.decode("utf-8").splitlines()


# -- directory walking -------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tenders/ with one weak tender in a subfolder; the current folder is tmp_path."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tenders" / "sub").mkdir(parents=True)
    (tmp_path / "tenders" / "sub" / "weak.tender.yaml").write_text(WEAK, encoding="utf-8")
    return tmp_path


def test_symlink_loops_and_links_out_of_the_tree_are_not_followed(tree: Path) -> None:
    os.symlink(tree / "tenders", tree / "tenders" / "sub" / "loop")
    os.symlink("/", tree / "tenders" / "root")
    os.symlink("self.tender.yaml", tree / "tenders" / "self.tender.yaml")
    done = pplint(tree, "tenders", *ARGS)
    assert done.returncode == 1, done.stderr
    out = lines(done.stdout)
    assert [line.split(" ")[2] for line in out] == ["FMT-READ", "SOC-TST-001"]
    assert out[0].startswith("tenders/self.tender.yaml:1:1: error FMT-READ cannot read")
    assert out[1].startswith("tenders/sub/weak.tender.yaml:11:11:")


def test_fifo_socket_and_device_named_like_tenders_are_findings(tree: Path) -> None:
    os.mkfifo(tree / "tenders" / "fifo.tender.yaml")
    os.mkfifo(tree / "named.tender.yml")
    os.symlink("/dev/zero", tree / "tenders" / "device.tender.yaml")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind("tenders/socket.tender.yaml")  # relative: socket paths are short
        done = pplint(tree, "tenders", "named.tender.yml", *ARGS)
    finally:
        server.close()
    assert done.returncode == 1, done.stderr
    refused = {line.split(":")[0]: line for line in lines(done.stdout) if "FMT-READ" in line}
    assert set(refused) == {
        "tenders/fifo.tender.yaml",
        "tenders/device.tender.yaml",
        "tenders/socket.tender.yaml",
        "named.tender.yml",
    }
    assert "(a FIFO)" in refused["tenders/fifo.tender.yaml"]
    assert "(a FIFO)" in refused["named.tender.yml"]
    assert "(a device)" in refused["tenders/device.tender.yaml"]
    assert "error FMT-READ not a regular file (a socket)" in refused["tenders/socket.tender.yaml"]
    assert any("weak.tender.yaml:11:11: error SOC-TST-001" in line for line in lines(done.stdout))


def test_deeply_nested_folders_are_walked(tree: Path) -> None:
    depth = 1200  # deeper than Python's recursion limit; the path stays under PATH_MAX
    os.chdir(tree / "tenders")
    for _ in range(depth):
        os.mkdir("d")
        os.chdir("d")
    Path("deep.tender.yaml").write_text(WEAK, encoding="utf-8")
    os.chdir(tree)
    try:
        result = invoke("tenders", *ARGS)
    finally:
        _remove_chain(tree / "tenders", depth)  # pytest's own clean-up would recurse
    assert result.exit_code == 1, result.output
    assert result.stdout.count("SOC-TST-001") == 2


def _remove_chain(top: Path, depth: int) -> None:
    """Delete the chain of `d` folders made above, without recursion."""
    os.chdir(top / os.path.join(*["d"] * depth))
    os.remove("deep.tender.yaml")
    for _ in range(depth):
        os.chdir("..")
        os.rmdir("d")


def test_hidden_folders_are_skipped_and_order_is_by_path(tree: Path) -> None:
    (tree / "tenders" / ".git").mkdir()
    (tree / "tenders" / ".git" / "x.tender.yaml").write_text(WEAK, encoding="utf-8")
    (tree / "tenders" / "a.tender.yaml").write_text(WEAK, encoding="utf-8")
    (tree / "tenders" / "sub.tender.yaml").write_text(WEAK, encoding="utf-8")
    (tree / "tenders" / "notes.yaml").write_text(WEAK, encoding="utf-8")
    found = list(discover(["tenders", "named.tender.yaml"]))
    assert found == [
        (Path(name), name)
        for name in [
            "tenders/a.tender.yaml",
            "tenders/sub/weak.tender.yaml",
            "tenders/sub.tender.yaml",
            "named.tender.yaml",
        ]
    ]
    assert [p for p, _ in found[:3]] == sorted(p for p, _ in found[:3])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_folder_that_cannot_be_listed_is_a_finding(tree: Path) -> None:
    locked = tree / "tenders" / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = invoke("tenders", *ARGS)
    finally:
        locked.chmod(0o755)
    assert "tenders/locked:1:1: error FMT-READ" in result.stdout


def test_file_names_that_are_not_utf8(tree: Path) -> None:
    folder = os.fsencode(tree / "tenders")
    with open(os.path.join(folder, b"caf\xe9.tender.yaml"), "wb") as handle:
        handle.write(WEAK.encode("utf-8"))
    os.mkdir(os.path.join(folder, b"empty\xff"))
    walked = pplint(tree, "tenders", "--explain", *ARGS)
    assert walked.returncode == 1, walked.stderr
    assert b"Traceback" not in walked.stderr
    assert b"xe9.tender.yaml:11:11: error SOC-TST-001" in walked.stdout
    assert b"tenders/caf\\xe9.tender.yaml: classification" in walked.stderr
    named = pplint(
        tree,
        b"tenders/caf\xe9.tender.yaml",
        *ARGS[:-2],
        "-f",
        "json",
        "--write-baseline",
        b"base\xe9.json",
    )
    assert named.returncode == 1, named.stderr
    assert len(json.loads(named.stdout)["findings"]) == 1
    assert lines(named.stderr) == ["Baseline written to base\\xe9.json (1 findings recorded)."]
    again = pplint(tree, b"tenders/caf\xe9.tender.yaml", *ARGS, "--baseline", b"base\xe9.json")
    assert (again.returncode, again.stdout, again.stderr) == (0, b"", b"")
    empty = pplint(tree, b"tenders/empty\xff", *ARGS)
    assert empty.returncode == 0
    assert lines(empty.stderr) == [
        "pplint: no tender file found in tenders/empty\\xff "
        "(pplint checks *.tender.yaml and *.tender.yml files, and eForms, TED and OCDS "
        "notices in *.xml, *.json and *.jsonl files)"
    ]
    missing = pplint(tree, "tenders", "--config", b"nope\xff.yaml")
    assert missing.returncode == 2
    assert lines(missing.stderr) == ["pplint: error: nope\\xff.yaml: configuration file not found"]
    output = pplint(tree, "tenders", *ARGS, "--output", b"json=out\xff/r.json")
    assert output.returncode == 1, output.stderr
    assert len(os.listdir(os.path.join(os.fsencode(tree), b"out\xff"))) == 1


# -- nothing to check ----------------------------------------------------------------------


def test_no_tender_found_is_said_on_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "emptydir").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    result = invoke("emptydir/", "other", *ARGS)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (
        "pplint: no tender file found in emptydir/, other (pplint checks "
        "*.tender.yaml and *.tender.yml files, and eForms, TED and OCDS notices in *.xml, "
        "*.json and *.jsonl files)\n"
    )


# -- a crash in one file -------------------------------------------------------------------


@pytest.fixture
def crashing(tree: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A second tender, boom.tender.yaml, whose check raises an unexpected exception."""
    (tree / "tenders" / "boom.tender.yaml").write_text(WEAK, encoding="utf-8")
    original = Engine.check_doc

    def check_doc(self: Engine, doc: object, result: object) -> object:
        if getattr(doc, "file", "").endswith("boom.tender.yaml"):
            raise RuntimeError("simulated bug")
        return original(self, doc, result)  # type: ignore[arg-type]

    monkeypatch.setattr(Engine, "check_doc", check_doc)
    return tree


def test_a_crash_in_one_file_keeps_the_others_in_every_output(crashing: Path) -> None:
    outputs = {
        "json": "o/r.json",
        "sarif": "o/r.sarif",
        "gitlab": "o/r.gl.json",
        "junit": "o/r.xml",
        "github": "o/r.github",
        "text": "o/r.txt",
    }
    result = invoke(
        "tenders",
        *ARGS,
        "--fail-on",
        "never",
        *(f"--output={name}={dest}" for name, dest in outputs.items()),
    )
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines() == [
        "pplint: internal error while checking tenders/boom.tender.yaml: RuntimeError: "
        "simulated bug; it is reported as FMT-INTERNAL, the other files were checked; please "
        "report it"
    ]
    assert result.stdout.splitlines() == [
        "tenders/boom.tender.yaml:1:1: error FMT-INTERNAL internal error while checking this "
        "file: RuntimeError: simulated bug; please report it",
        "tenders/sub/weak.tender.yaml:11:11: error SOC-TST-001 "
        + result.stdout.splitlines()[1].split(" SOC-TST-001 ")[1],
    ]
    for name, dest in outputs.items():
        text = (crashing / dest).read_text(encoding="utf-8")
        assert "FMT-INTERNAL" in text and "SOC-TST-001" in text, name
        assert "weak.tender.yaml" in text and "boom.tender.yaml" in text, name
    findings = json.loads((crashing / outputs["json"]).read_text(encoding="utf-8"))["findings"]
    internal = next(f for f in findings if f["rule"] == "FMT-INTERNAL")
    assert (internal["kind"], internal["severity"]) == ("invalid", "error")


def test_a_crash_is_never_recorded_in_or_hidden_by_a_baseline(crashing: Path) -> None:
    written = invoke("tenders", *ARGS, "--write-baseline", "b.json")
    assert written.exit_code == 3
    recorded = json.loads(Path("b.json").read_text(encoding="utf-8"))["findings"]
    assert [e["rule"] for e in recorded] == ["SOC-TST-001"]
    entry = {"rule": "FMT-INTERNAL", "file": "tenders/boom.tender.yaml", "path": ""}
    Path("b.json").write_text(
        json.dumps({"pplint_baseline": 1, "findings": [entry]}), encoding="utf-8"
    )
    again = invoke("tenders/boom.tender.yaml", *ARGS, "--baseline", "b.json")
    assert again.exit_code == 3 and "FMT-INTERNAL" in again.stdout


def test_a_crash_while_preparing_the_run_is_one_line_and_exit_3(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pplint.cli import options

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(options, "setup", broken)
    result = invoke("tenders", *ARGS)
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "pplint: internal error while preparing the check: RuntimeError: simulated bug; "
        "please report it"
    ]
    assert "Traceback" not in result.output


def test_a_crash_while_rendering_a_format_is_exit_3(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pplint.output.formatters import jsonfmt

    def broken(self: object, out: object) -> str:
        raise ValueError("simulated bug")

    monkeypatch.setattr(jsonfmt.Writer, "add", broken)  # what a run feeds each file to
    result = invoke("tenders", *ARGS, "--output", "json=r.json", "--output", "text=r.txt")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "pplint: internal error while writing the json output: ValueError: simulated bug; "
        "please report it"
    ]
    assert "SOC-TST-001" in result.stdout and "SOC-TST-001" in Path("r.txt").read_text("utf-8")
    on_stdout = invoke("tenders", *ARGS[:-2], "-f", "json")
    assert on_stdout.exit_code == 3 and on_stdout.stdout == ""
    assert "while writing the json output" in on_stdout.stderr


# -- writing outputs -------------------------------------------------------------------------


def test_outputs_never_wait_on_a_fifo(tree: Path) -> None:
    os.mkfifo(tree / "out.sarif")
    os.mkfifo(tree / "baseline.json")
    sarif = pplint(tree, "tenders", *ARGS, "--output", "sarif=out.sarif")
    assert sarif.returncode == 2
    assert lines(sarif.stderr) == [
        "pplint: error: out.sarif: cannot write the sarif output: a FIFO that nobody reads is there"
    ]
    baseline = pplint(tree, "tenders", *ARGS, "--write-baseline", "baseline.json")
    assert baseline.returncode == 2
    assert "baseline.json: cannot write baseline" in baseline.stderr.decode()


# -- configuration -----------------------------------------------------------------------------


def test_broken_pyproject_is_exit_2_with_its_line(tree: Path) -> None:
    (tree / "pyproject.toml").write_text('[project]\nname = "x\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "tenders", "-f", "text"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"pplint: error: {(tree / 'pyproject.toml').resolve()}:2:")
    assert "invalid TOML" in result.stderr


def config_error(tree: Path, name: str, text: str) -> str:
    (tree / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "tenders", "-f", "text", "--config", name])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    return result.stderr


def test_unknown_disabled_pack_names_its_line(tree: Path) -> None:
    err = config_error(
        tree, "c.yaml", "select: [SOC-]\ndisable_packs:\n  - es-barcelona\n  - nosuch\n"
    )
    assert err.startswith(
        "pplint: error: c.yaml:4:5: disable_packs[1]: no rule pack named "
        "`nosuch` (the loaded packs are: es-barcelona, "
    )
    toml = config_error(
        tree, "pyproject.toml", '[tool.pplint]\nfail_on = "info"\ndisable_packs = ["nosuch"]\n'
    )
    assert toml.startswith("pplint: error: pyproject.toml:3:1: [tool.pplint] disable_packs[0]")


def test_disabling_an_opt_in_pack_is_allowed(tree: Path) -> None:
    (tree / "c.yaml").write_text("disable_packs: [optional]\nselect: [SOC-]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "tenders", "-f", "text", "--config", "c.yaml"])
    assert result.exit_code in (0, 1) and result.stderr == "", result.output


def test_missing_pack_path_names_line_and_column(tree: Path) -> None:
    err = config_error(tree, "c.yaml", "packs: [optional, ./our-rules/city.yaml]\n")
    assert err.startswith(
        "pplint: error: c.yaml:1:19: packs[1]: `./our-rules/city.yaml` does not exist"
    )
    toml = config_error(tree, "pyproject.toml", '[tool.pplint]\n\npacks = ["rules/x.yaml"]\n')
    assert toml.startswith(
        "pplint: error: pyproject.toml:3:1: [tool.pplint] packs[0]: `rules/x.yaml` does not exist"
    )
    named = config_error(tree, "c.yaml", "select: [SOC-]\npacks: [optional, nosuch]\n")
    assert named.startswith("pplint: error: c.yaml:2:19: packs[1]: no rule pack named `nosuch`")
    (tree / "pyproject.toml").unlink()
    result = invoke("tenders", "--rules", "nowhere.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("pplint: error: --rules nowhere.yaml: no such rule pack")


def test_unknown_rule_and_param_name_their_line(tree: Path) -> None:
    err = config_error(tree, "c.yaml", "select: [SOC-]\nseverity:\n  SOC-NOPE-001: error\n")
    assert err.startswith("pplint: error: c.yaml:3:17: severity.SOC-NOPE-001: unknown rule")
    err = config_error(tree, "c.yaml", "params: {x: 1}\n")
    assert err.startswith("pplint: error: c.yaml:1:13: params.x: unknown param `x`")


def test_nan_param_in_pyproject_is_exit_2(tree: Path) -> None:
    err = config_error(tree, "pyproject.toml", "[tool.pplint.params]\nprice-weight-ceiling = nan\n")
    assert err.startswith(
        "pplint: error: pyproject.toml:2:1: [tool.pplint] "
        "params.price-weight-ceiling: nan is not a finite number"
    )


@pytest.fixture
def excluding(tree: Path) -> Path:
    (tree / "tenders" / "drafts").mkdir()
    (tree / "tenders" / "drafts" / "d.tender.yaml").write_text(WEAK, encoding="utf-8")
    (tree / "tenders" / "old.tender.yaml").write_text(WEAK, encoding="utf-8")
    (tree / "tenders" / ".pplint.yaml").write_text(
        f"packs: [{DATA / 'test-pack.yaml'}]\nselect: [SOC-TST-001]\nexclude: [drafts, '/old.*']\n",
        encoding="utf-8",
    )
    return tree


def test_exclude_skips_walked_files(excluding: Path) -> None:
    result = CliRunner().invoke(
        main, ["check", "tenders", "-f", "text", "--config", "tenders/.pplint.yaml"]
    )
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "tenders/sub/weak.tender.yaml"
    ]
    assert result.stderr == ""


def test_exclude_skips_named_files_and_says_so(
    excluding: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(excluding / "tenders")
    result = CliRunner().invoke(main, ["check", "old.tender.yaml", "-f", "text"])
    assert result.exit_code == 0
    config = (excluding / "tenders" / ".pplint.yaml").resolve()
    assert result.stderr.splitlines() == [
        f"pplint: old.tender.yaml is not checked: it matches `exclude:` in {config}",
        f"pplint: no tender file checked: the 1 found are excluded by `exclude:` in {config}",
    ]


def test_exclude_glob_with_many_stars_does_not_hang(excluding: Path) -> None:
    (excluding / "tenders" / ("a" * 200 + ".tender.yaml")).write_text(WEAK, encoding="utf-8")
    (excluding / "c.yaml").write_text(f"exclude: ['{'*a' * 40}b*']\n", encoding="utf-8")
    done = pplint(excluding, "tenders", "--config", "c.yaml", "-f", "text")
    assert done.returncode == 1, done.stderr


def test_broken_pack_named_by_the_configuration_names_both(tree: Path) -> None:
    (tree / "our-rules").mkdir()
    (tree / "our-rules" / "city.yaml").write_text(
        "pack: city\nrules:\n  - id: SOC-X-001\n    title: t\n", encoding="utf-8"
    )
    for entry in ("./our-rules/city.yaml", "our-rules"):
        err = config_error(tree, "c.yaml", f"select: [SOC-]\npacks: [optional, {entry}]\n")
        assert err.startswith(
            f"pplint: error: {Path('our-rules/city.yaml')}:3:5: rules[0]: "
            "required field `family` is missing"
        )
        assert err.rstrip().endswith("(the pack is named by packs[1] at c.yaml:2:19)")


def test_escape_sequences_never_reach_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Error lines and --explain show control characters from configs and tenders escaped."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".pplint.yaml").write_text('"\\e]0;PWNED\\a\\e[2Jkey": 1\n', "utf-8")
    tender = REPO / "examples" / "good" / "laptops.tender.yaml"
    refused = CliRunner().invoke(main, ["check", str(tender)])
    assert refused.exit_code == 2
    assert "\x1b" not in refused.stderr and "\x07" not in refused.stderr
    assert "\\x1b]0;PWNED" in refused.stderr
    text = tender.read_text("utf-8").replace("id: C-01", 'id: "C\\e]8;;http://evil\\a-01"', 1)
    assert text != tender.read_text("utf-8")
    (tmp_path / "t.tender.yaml").write_text(text, "utf-8")
    explained = CliRunner().invoke(main, ["check", "--no-config", "--explain", "t.tender.yaml"])
    assert explained.exit_code in (0, 1), explained.output
    assert "\x1b" not in explained.stderr and "\x1b" not in explained.stdout
    assert "\\x1b]8;;http://evil" in explained.stderr + explained.stdout
