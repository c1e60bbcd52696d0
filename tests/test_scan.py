"""`pplint scan`: folders and (nested) archives read as a stream, one record per document and
per finding in JSON Lines and Parquet, bad documents as records, hostile archives, --jobs,
DuckDB on the Parquet output, --indicators, Ctrl-C and --resume.

Inputs are built in tmp_path from the repository's examples/, so every test runs in a fresh
clone; the tests over the published notices of ../shared skip visibly when it is absent.
"""

from __future__ import annotations

import io
import json
import re
import resource
import signal
import struct
import subprocess
import sys
import tarfile
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from pplint.cli.main import main
from pplint.scan.records import DOCUMENT_FIELDS, FINDING_FIELDS, SCHEMA_VERSION

from conftest import REPO, clean_env

EXAMPLES = REPO / "examples"
# the nine example documents, in name order (the order a folder is walked in)
SAMPLES = sorted(
    [*EXAMPLES.glob("good/*.tender.yaml"), *EXAMPLES.glob("bad/*.tender.yaml")]
    + [EXAMPLES / "notices" / "es-limpieza-cn16.xml"],
    key=lambda p: p.name,
)
LIMIT = 100_000  # the size limit of the scans that test it (limits.max_file_bytes)
MiB = 1024 * 1024
BOMB_BYTES = 1024 * MiB  # what the gzip bomb member expands to
BOMB_MEMORY = 512 * MiB  # the address space the bomb scan may use: half of the bomb
WALL_SECONDS = 120  # a guard against hangs in the subprocess tests, not a speed test
SUMMARY = re.compile(r"^Scanned (\d+) documents in (\d+) files; (\d+) findings; (\d+) unreadable")


# -- building inputs ---------------------------------------------------------------------------

Members = Sequence[tuple[str, bytes]]


def samples() -> list[tuple[str, bytes]]:
    """The example documents as (name, bytes), in name order."""
    return [(p.name, p.read_bytes()) for p in SAMPLES]


def tar_bytes(members: Members, mode: str = "w:gz") -> bytes:
    """A tar archive (gzip by default) of the members, in their order."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode=mode) as tar:  # type: ignore[call-overload]
        for name, raw in members:
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            info.mtime = 1_700_000_000
            tar.addfile(info, io.BytesIO(raw))
    return out.getvalue()


def zip_bytes(members: Members) -> bytes:
    """A deflated zip archive of the members, in their order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, raw in members:
            archive.writestr(name, raw)
    return out.getvalue()


def monthly(members: Members, days: int = 3) -> bytes:
    """A monthly .tar.gz of daily .tar.gz packages sharing the members out in order."""
    per_day = -(-len(members) // days)
    daily = [
        (f"2024-01-{day + 1:02d}.tar.gz", tar_bytes(members[day * per_day : (day + 1) * per_day]))
        for day in range(days)
    ]
    return tar_bytes(daily)


def ocds_release(n: int) -> dict[str, Any]:
    """A small OCDS tender release of buyer ``n``."""
    return {
        "ocid": f"ocds-abc123-{n:03d}",
        "id": f"ocds-abc123-{n:03d}-tender",
        "date": "2024-01-15T09:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "language": "en",
        "parties": [
            {
                "id": f"B{n}",
                "name": f"Buyer {n}",
                "roles": ["buyer"],
                "address": {"countryName": "Ireland", "locality": "Dublin"},
            }
        ],
        "buyer": {"id": f"B{n}", "name": f"Buyer {n}"},
        "tender": {
            "id": f"T-{n}",
            "title": f"Cleaning services {n}",
            "description": "Cleaning of the offices of the council.",
            "mainProcurementCategory": "services",
            "procurementMethod": "open",
            "value": {"amount": 100_000 * n, "currency": "EUR"},
        },
    }


def ocds_package(*numbers: int) -> bytes:
    """An OCDS release package of the releases ``numbers``."""
    package = {
        "uri": "https://example.org/package.json",
        "publishedDate": "2024-01-15T09:00:00Z",
        "version": "1.1",
        "publisher": {"name": "Test publisher"},
        "releases": [ocds_release(n) for n in numbers],
    }
    return json.dumps(package, indent=1).encode()


def oversized() -> bytes:
    """A valid tender over LIMIT bytes (comment padding)."""
    return SAMPLES[0].read_bytes() + b"# padding to pass the size limit\n" * (LIMIT // 30)


BROKEN_XML = b"<?xml version='1.0'?>\n<ContractNotice><cbc:ID>1</ContractNotice>\n"
NOT_A_NOTICE = b"<?xml version='1.0'?>\n<catalogue><book>Not a notice</book></catalogue>\n"


def german_notice() -> bytes:
    """The example eForms notice, its language codes said to be German."""
    return (
        SAMPLES[[p.name for p in SAMPLES].index("es-limpieza-cn16.xml")]
        .read_bytes()
        .replace(b"SPA", b"DEU")
    )


def config(folder: Path) -> Path:
    """A configuration with the size limit LIMIT."""
    path = folder / "limits.pplint.yaml"
    path.write_text(f"limits:\n  max_file_bytes: {LIMIT}\n", encoding="utf-8")
    return path


# -- running and reading -------------------------------------------------------------------------


def scan(*args: str | Path, config_file: Path | None = None) -> Result:
    """`pplint scan` in this process, without progress."""
    chosen = ["--config", str(config_file)] if config_file else ["--no-config"]
    return CliRunner().invoke(
        main,
        ["scan", *chosen, "--no-progress", *map(str, args)],
        env={"NO_COLOR": "1", "GITHUB_ACTIONS": None},
        catch_exceptions=False,
    )


def pplint_cmd(*args: str | Path) -> list[str]:
    """The command line of `pplint scan` in a subprocess, without progress or configuration."""
    return [sys.executable, "-m", "pplint", "scan", "--no-config", "--no-progress", *map(str, args)]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file (every line must be a JSON object)."""
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n"), "the last line is not complete"
    records = [json.loads(line) for line in text.splitlines()]
    assert all(isinstance(r, dict) and r["record"] in ("document", "finding") for r in records)
    return records


def of_type(records: Iterable[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """The records of one type, without their `record` key."""
    return [{k: v for k, v in r.items() if k != "record"} for r in records if r["record"] == kind]


def unsourced(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records with `source` cut to the member's own name."""
    out = []
    for record in records:
        name = re.split(r"[!/]", record["source"])[-1]
        out.append({**record, "source": name})
    return out


def summary(stderr: str) -> tuple[int, int, int, int]:
    """Documents, files, findings and unreadable documents of the summary line on stderr."""
    lines = [line for line in stderr.splitlines() if line.startswith("Scanned ")]
    assert len(lines) == 1, stderr
    match = SUMMARY.match(lines[0].replace(",", ""))
    assert match, lines[0]
    docs, files, findings, unreadable = map(int, match.groups())
    return docs, files, findings, unreadable


def parquet_rows(folder: Path) -> list[dict[str, Any]]:
    """The rows of every part of a Parquet folder, parts in name order."""
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = []
    for part in sorted(folder.glob("*.parquet")):
        rows += pq.read_table(part).to_pylist()
    return rows


# -- packaging ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """The records of the examples scanned from a folder."""
    folder = tmp_path_factory.mktemp("folder")
    for name, raw in samples():
        (folder / name).write_bytes(raw)
    out = folder.parent / "folder.jsonl"
    result = scan(folder, "--jsonl", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    records = read_jsonl(out)
    assert [r["source"] for r in of_type(records, "document")] == [
        str(folder / p.name) for p in SAMPLES
    ]
    return records


def test_folder_records_are_the_examples(reference: list[dict[str, Any]]) -> None:
    """Each example is one document record with what it declares, and its findings follow."""
    docs = of_type(reference, "document")
    by_name = {Path(d["source"]).name: d for d in docs}
    notice = by_name["es-limpieza-cn16.xml"]
    assert (notice["format"], notice["country"], notice["price_weight"]) == ("eforms", "ES", 70.0)
    assert notice["notice_kind"] is not None
    cloud = by_name["cloud-hosting.tender.yaml"]
    assert (cloud["format"], cloud["country"], cloud["notice_kind"]) == ("yaml", "MT", None)
    assert all(d["schema"] == SCHEMA_VERSION and d["position"] == 0 for d in docs)
    assert all(d["error_code"] is None for d in docs)
    assert list(docs[0]) == list(DOCUMENT_FIELDS)
    findings = of_type(reference, "finding")
    assert findings and list(findings[0]) == list(FINDING_FIELDS)
    for doc in docs:  # the counts of a document are its finding records
        mine = [f for f in findings if f["source"] == doc["source"]]
        assert len(mine) == doc["findings"], doc["source"]
        assert sorted({f["rule"] for f in mine}) == doc["rules_failed"]
        assert all(f["id"] == doc["id"] for f in mine)
    # in the file, each document's findings come right after its record
    order = [r["source"] for r in reference]
    assert order == sorted(order, key=lambda s: [d["source"] for d in docs].index(s))


@pytest.mark.parametrize("packaging", ["zip", "tar.gz", "tar", "monthly", "zip-in-tar"])
def test_same_records_whatever_the_packaging(
    packaging: str, reference: list[dict[str, Any]], tmp_path: Path
) -> None:
    """Zip, tar(.gz), a tar.gz of daily tar.gz and a zip in a tar give the folder's records;
    only `source` differs, naming the archive and the member."""
    members = samples()
    if packaging == "zip":
        path, raw = tmp_path / "pack.zip", zip_bytes(members)
        prefix = [f"{path}!"] * len(members)
    elif packaging == "tar.gz":
        path, raw = tmp_path / "pack.tar.gz", tar_bytes(members)
        prefix = [f"{path}!"] * len(members)
    elif packaging == "tar":
        path, raw = tmp_path / "pack.tar", tar_bytes(members, "w")
        prefix = [f"{path}!"] * len(members)
    elif packaging == "monthly":
        path, raw = tmp_path / "2024-01.tar.gz", monthly(members, 3)
        prefix = [f"{path}!2024-01-{1 + i // 3:02d}.tar.gz!" for i in range(len(members))]
    else:
        inner = [("a.zip", zip_bytes(members[:4])), ("b.zip", zip_bytes(members[4:]))]
        path, raw = tmp_path / "zips.tar", tar_bytes(inner, "w")
        prefix = [f"{path}!{'a' if i < 4 else 'b'}.zip!" for i in range(len(members))]
    path.write_bytes(raw)
    out = tmp_path / "out.jsonl"
    result = scan(path, "--jsonl", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    records = read_jsonl(out)
    expected = [p + name for p, (name, _) in zip(prefix, members, strict=True)]
    assert [d["source"] for d in of_type(records, "document")] == expected
    assert unsourced(records) == unsourced(reference)
    assert summary(result.stderr)[:2] == (len(members), len(members))


# -- bad documents -------------------------------------------------------------------------------


def test_bad_documents_are_records_and_the_scan_goes_on(tmp_path: Path) -> None:
    """Broken XML, XML that is no notice, a member over the size limit, an unread language:
    each a record with its error code; an OCDS package's two releases are two documents."""
    good = samples()
    members = [
        good[0],
        ("broken.xml", BROKEN_XML),
        ("catalogue.xml", NOT_A_NOTICE),
        ("huge.tender.yaml", oversized()),
        ("package.json", ocds_package(1, 2)),
        ("de-notice.xml", german_notice()),
        good[1],
    ]
    archive = tmp_path / "bad.tar.gz"
    archive.write_bytes(tar_bytes(members))
    out = tmp_path / "out.jsonl"
    result = scan(archive, "--jsonl", out, "--jobs", "1", config_file=config(tmp_path))
    assert result.exit_code == 0, result.stderr
    docs = of_type(read_jsonl(out), "document")
    got = [(d["source"].split("!")[-1], d["position"], d["error_code"]) for d in docs]
    assert got == [
        (good[0][0], 0, None),
        ("broken.xml", 0, "FMT-XML"),
        ("catalogue.xml", 0, "FMT-NOTICE"),
        ("huge.tender.yaml", 0, "FMT-READ"),
        ("package.json", 0, None),
        ("package.json", 1, None),
        ("de-notice.xml", 0, "FMT-LANGUAGE"),
        (good[1][0], 0, None),
    ]
    by_name = {(d["source"].split("!")[-1], d["position"]): d for d in docs}
    assert "catalogue" in by_name["catalogue.xml", 0]["error"]
    assert f"{LIMIT:,}" in by_name["huge.tender.yaml", 0]["error"]
    assert by_name["huge.tender.yaml", 0]["format"] is None
    releases = [by_name["package.json", i] for i in (0, 1)]
    assert [(r["format"], r["id"], r["buyer"], r["value"]) for r in releases] == [
        ("ocds", "T-1", "Buyer 1", 100_000.0),
        ("ocds", "T-2", "Buyer 2", 200_000.0),
    ]
    german = by_name["de-notice.xml", 0]
    assert german["format"] == "eforms" and "DEU" in german["error"]
    docs_n, files_n, _, unreadable = summary(result.stderr)
    assert (docs_n, files_n, unreadable) == (8, 7, 3)
    line = next(x for x in result.stderr.splitlines() if x.startswith("Scanned "))
    assert "FMT-NOTICE 1" in line and "FMT-READ 1" in line and "FMT-XML 1" in line
    assert "1 checked on structure only (language)" in line


def test_json_lines_of_releases(tmp_path: Path) -> None:
    """A JSON Lines file of OCDS releases: one document per line, positions in the file."""
    path = tmp_path / "releases.jsonl"
    path.write_text("\n".join(json.dumps(ocds_release(n)) for n in (3, 4, 5)) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    result = scan(path, "--jsonl", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    docs = of_type(read_jsonl(out), "document")
    assert [(d["position"], d["id"], d["format"]) for d in docs] == [
        (0, "T-3", "ocds"),
        (1, "T-4", "ocds"),
        (2, "T-5", "ocds"),
    ]
    assert summary(result.stderr)[:2] == (3, 1)


def _cut(raw: bytes, members: Members, region: str) -> int:
    """A length past the middle of a .tar.gz of the members at which its decompressed bytes
    end inside a member's header (`header`) or well inside its data (`data`)."""
    spans = []  # (start, end) of each header or each member's data in the tar
    offset = 0
    for _, data in members:
        spans.append((offset + 100, offset + 400) if region == "header" else (0, 0))
        if region == "data":
            spans[-1] = (offset + 512 + 100, offset + 512 + len(data) - 100)
        offset += 512 + -(-len(data) // 512) * 512
    inflate = zlib.decompressobj(31)
    half = len(raw) // 2
    available = len(inflate.decompress(raw[:half]))
    for cut in range(half, len(raw)):
        available += len(inflate.decompress(raw[cut : cut + 1]))
        if any(lo <= available < hi for lo, hi in spans):
            return cut + 1
    raise AssertionError(f"no cut in a member's {region}")


def _damaged_scan(tmp_path: Path, damage: str) -> tuple[list[dict[str, Any]], list[str], str]:
    """The document records of a scan of 60 examples in a .tar.gz damaged half way, and the
    names of the members."""
    members = [(f"{i:03d}-{name}", raw) for i, (name, raw) in enumerate(samples() * 7)][:60]
    raw = bytearray(tar_bytes(members))
    if damage.startswith("truncated"):
        del raw[_cut(bytes(raw), members, damage.split("-")[1]) :]
    else:  # bytes flipped in the middle of the deflate stream: the gzip CRC no longer holds
        for i in range(len(raw) // 2, len(raw) // 2 + 64):
            raw[i] ^= 0x55
    archive = tmp_path / f"{damage}.tar.gz"
    archive.write_bytes(bytes(raw))
    out = tmp_path / "out.jsonl"
    result = scan(archive, "--jsonl", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    return of_type(read_jsonl(out), "document"), [name for name, _ in members], result.stderr


@pytest.mark.parametrize(
    "damage",
    [
        "truncated-data",
        "truncated-header",
        "corrupt",
    ],
)
def test_damaged_gzip_keeps_what_came_before(tmp_path: Path, damage: str) -> None:
    """A .tar.gz cut short in a member's data or in a header, or corrupt half way: the
    documents before the damage, then one record of the damage."""
    docs, names, stderr = _damaged_scan(tmp_path, damage)
    *before, last = docs
    assert 10 < len(before) < len(names) - 10
    assert [d["source"].split("!")[-1] for d in before] == names[: len(before)]
    # bytes flipped in a deflate stream may first come out as garbage: that member, the
    # last before the damage is seen, can be a broken document of its own
    clean = before[:-1] if damage == "corrupt" else before
    assert all(d["error_code"] is None for d in clean)
    assert last["source"] == str(tmp_path / f"{damage}.tar.gz")
    assert last["error_code"] == "FMT-READ" and "damaged" in last["error"], last["error"]
    assert summary(stderr)[3] == 1 + sum(1 for d in before if d["error_code"])


# -- hostile archives ----------------------------------------------------------------------------


def _snapshot(root: Path) -> dict[str, int]:
    """Every path below root (links not followed) with its size."""
    return {str(p.relative_to(root)): p.lstat().st_size for p in root.rglob("*") if not p.is_dir()}


def test_hostile_member_names_write_nothing(
    reference: list[dict[str, Any]], tmp_path: Path
) -> None:
    """Members named `../x`, `/abs/x`, a symlink and a hard link: read as data, links not
    followed, nothing written but the output."""
    token = tmp_path.name
    outside = tmp_path / "outside.tender.yaml"  # a link target the scan must not read
    outside.write_bytes(SAMPLES[0].read_bytes().replace(b"id: ", b"id: LINK-TARGET-", 1))
    work = tmp_path / "work"
    work.mkdir()
    good = samples()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, raw in [
            (f"../../{token}-up.tender.yaml", good[0][1]),
            (f"/tmp/{token}-abs/evil.tender.yaml", good[1][1]),
            (f"ok/../../{token}-mid.xml", good[3][1]),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
        link = tarfile.TarInfo("link.tender.yaml")
        link.type, link.linkname = tarfile.SYMTYPE, str(outside)
        tar.addfile(link)
        hard = tarfile.TarInfo("hard.tender.yaml")
        hard.type, hard.linkname = tarfile.LNKTYPE, str(outside)
        tar.addfile(hard)
        device = tarfile.TarInfo("zero.tender.yaml")
        device.type, device.devmajor, device.devminor = tarfile.CHRTYPE, 1, 5
        tar.addfile(device)
    (work / "hostile.tar.gz").write_bytes(buf.getvalue())
    before = _snapshot(tmp_path)
    done = subprocess.run(
        pplint_cmd("hostile.tar.gz", "--jsonl", "out.jsonl", "--jobs", "1"),
        cwd=work,
        env=clean_env(NO_COLOR="1"),
        capture_output=True,
        text=True,
        timeout=WALL_SECONDS,
    )
    assert done.returncode == 0, done.stderr
    after = _snapshot(tmp_path)
    assert sorted(set(after) - set(before)) == ["work/out.jsonl"]
    assert {k: v for k, v in after.items() if k in before} == before
    assert not Path(f"/tmp/{token}-abs").exists()
    assert not (tmp_path.parent / f"{token}-up.tender.yaml").exists()
    assert not (tmp_path / f"{token}-mid.xml").exists()
    docs = of_type(read_jsonl(work / "out.jsonl"), "document")
    ids = {Path(d["source"]).name: d["id"] for d in of_type(reference, "document")}
    assert [(d["source"], d["id"]) for d in docs] == [
        (f"hostile.tar.gz!../../{token}-up.tender.yaml", ids[good[0][0]]),
        (f"hostile.tar.gz!/tmp/{token}-abs/evil.tender.yaml", ids[good[1][0]]),
        (f"hostile.tar.gz!ok/../../{token}-mid.xml", ids[good[3][0]]),
    ]
    assert "LINK-TARGET" not in (work / "out.jsonl").read_text(encoding="utf-8")


def _deflated_zeros(size: int) -> bytes:
    """Raw deflate of ``size`` zero bytes (a multiple of 1 MiB), made from one compressed MiB
    repeated (each ends with a full flush, so none refers back): small and quick to make."""
    middle = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = middle.compress(bytes(MiB)) + middle.flush(zlib.Z_FULL_FLUSH)
    return chunk * (size // MiB)


def _zeros_crc(size: int, crc: int = 0) -> int:
    """The CRC-32 of ``size`` zero bytes after ``crc``."""
    zeros = bytes(MiB)
    for _ in range(size // MiB):
        crc = zlib.crc32(zeros, crc)
    return crc


def gzip_bomb(member: str, size: int, after: Members) -> bytes:
    """A .tar.gz whose first member is ``size`` zero bytes, then the ``after`` members."""
    info = tarfile.TarInfo(member)
    info.size = size
    head = info.tobuf(tarfile.USTAR_FORMAT, "utf-8", "strict")
    tail = tar_bytes(after, "w")  # its members, then the end of the archive
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc = zlib.crc32(tail, _zeros_crc(size, zlib.crc32(head)))
    total = len(head) + size + len(tail)
    return b"".join(
        [
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff",
            first.compress(head) + first.flush(zlib.Z_FULL_FLUSH),
            _deflated_zeros(size),
            last.compress(tail) + last.flush(),
            struct.pack("<II", crc, total & 0xFFFFFFFF),
        ]
    )


def zip_bomb(members: Sequence[tuple[str, int | bytes, int | None]]) -> bytes:
    """A zip of deflated members, each (name, bytes or a size of zeros, the size its headers
    claim or None for the true one), written by hand so that a header may lie."""
    body, directory = io.BytesIO(), io.BytesIO()
    for name, content, claimed in members:
        if isinstance(content, int):
            data, crc, size = _deflated_zeros(content) + b"\x03\x00", _zeros_crc(content), content
        else:
            squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
            data = squeeze.compress(content) + squeeze.flush()
            crc, size = zlib.crc32(content), len(content)
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, len(data), claimed or size, len(encoded))
        offset = body.tell()
        body.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded + data)
        directory.write(
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, 0, offset)
            + encoded
        )
    count, size_of = len(members), len(directory.getvalue())
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, size_of, body.tell(), 0)
    return body.getvalue() + directory.getvalue() + end


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (BOMB_MEMORY, BOMB_MEMORY))
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * MiB, 64 * MiB))


def _bomb_scan(folder: Path, timeout: float, *paths: str) -> tuple[list[dict[str, Any]], float]:
    """The document records of a scan of the paths under the address-space limit, and its
    wall time; a scan that takes longer than ``timeout`` seconds fails the test."""
    cmd = pplint_cmd(*paths, "--jsonl", "out.jsonl", "--jobs", "1")
    cmd[cmd.index("--no-config")] = f"--config={config(folder)}"
    start = time.monotonic()
    try:
        done = subprocess.run(
            cmd,
            cwd=folder,
            env=clean_env(NO_COLOR="1"),
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=_limited,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the scan of {paths} took over {timeout} s: the bomb was not skipped")
    elapsed = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return of_type(read_jsonl(folder / "out.jsonl"), "document"), elapsed


def test_zip_bomb_refused_by_the_size_limit(tmp_path: Path) -> None:
    """A zip member expanding to 1 GiB is refused by its size and one whose header lies about
    its size is cut at it, quickly and in half the bomb's size of address space; the members
    after them are read, and a zip in a tar over the limit is refused without being read."""
    good = samples()
    bomb = zip_bomb(
        [
            ("bomb.tender.yaml", BOMB_BYTES, None),
            ("liar.tender.yaml", BOMB_BYTES, 5_000),
            (good[0][0], good[0][1], None),
        ]
    )
    assert len(bomb) < 4 * MiB
    (tmp_path / "bomb.zip").write_bytes(bomb)
    with zipfile.ZipFile(tmp_path / "bomb.zip") as check:  # a zip as the standard library reads
        assert [i.file_size for i in check.infolist()] == [BOMB_BYTES, 5_000, len(good[0][1])]
        assert check.read(good[0][0]) == good[0][1]
    (tmp_path / "zips.tar").write_bytes(tar_bytes([("day.zip", bomb), good[1]], "w"))
    docs, elapsed = _bomb_scan(tmp_path, WALL_SECONDS, "bomb.zip", "zips.tar")
    assert elapsed < 20, f"{elapsed:.1f} s for bombs that should not be read"
    assert [(d["source"], d["error_code"], d["format"]) for d in docs] == [
        ("bomb.zip!bomb.tender.yaml", "FMT-READ", None),
        ("bomb.zip!liar.tender.yaml", "FMT-READ", None),
        (f"bomb.zip!{good[0][0]}", None, "yaml"),
        ("zips.tar!day.zip", "FMT-READ", None),
        (f"zips.tar!{good[1][0]}", None, "yaml"),
    ]
    assert f"{BOMB_BYTES:,}" in docs[0]["error"] and f"{LIMIT:,}" in docs[0]["error"]
    assert "CRC" in docs[1]["error"]
    assert f"{LIMIT:,}" in docs[3]["error"]


def test_tar_member_over_the_limit_is_skipped(tmp_path: Path) -> None:
    """A .tar.gz member of 16 MiB of zeros, alone and in a daily package: refused by its size,
    and the members after it are read."""
    good = samples()
    (tmp_path / "bomb.tar.gz").write_bytes(gzip_bomb("bomb.tender.yaml", 16 * MiB, [good[0]]))
    day = gzip_bomb("day-bomb.xml", 16 * MiB, [good[3]])
    (tmp_path / "month.tar").write_bytes(
        tar_bytes([("2024-01-01.tar.gz", day), ("2024-01-02.tar.gz", tar_bytes([good[1]]))], "w")
    )
    docs, _ = _bomb_scan(tmp_path, WALL_SECONDS, "bomb.tar.gz", "month.tar")
    assert [(d["source"], d["error_code"], d["format"]) for d in docs] == [
        ("bomb.tar.gz!bomb.tender.yaml", "FMT-READ", None),
        (f"bomb.tar.gz!{good[0][0]}", None, "yaml"),
        ("month.tar!2024-01-01.tar.gz!day-bomb.xml", "FMT-READ", None),
        (f"month.tar!2024-01-01.tar.gz!{good[3][0]}", None, "eforms"),
        (f"month.tar!2024-01-02.tar.gz!{good[1][0]}", None, "yaml"),
    ]
    assert f"{16 * MiB:,}" in docs[0]["error"] and f"{LIMIT:,}" in docs[0]["error"]


def test_tar_gzip_bomb_is_skipped_quickly(tmp_path: Path) -> None:
    """A .tar.gz member expanding to 256 MiB is passed over in seconds, within the memory
    limit, and the member after it is read."""
    good = samples()
    (tmp_path / "bomb.tar.gz").write_bytes(gzip_bomb("bomb.tender.yaml", 256 * MiB, [good[0]]))
    docs, _ = _bomb_scan(tmp_path, 8, "bomb.tar.gz")
    assert [(d["source"], d["error_code"]) for d in docs] == [
        ("bomb.tar.gz!bomb.tender.yaml", "FMT-READ"),
        (f"bomb.tar.gz!{good[0][0]}", None),
    ]


# -- workers, Parquet, DuckDB, indicators ----------------------------------------------------------


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A monthly package of the examples three times over, bad documents and OCDS."""
    root = tmp_path_factory.mktemp("mixed")
    members: list[tuple[str, bytes]] = []
    for copy in range(3):
        members += [(f"{copy}-{name}", raw) for name, raw in samples()]
    members[5:5] = [("broken.xml", BROKEN_XML), ("package.json", ocds_package(1, 2))]
    members[20:20] = [("catalogue.xml", NOT_A_NOTICE), ("de.xml", german_notice())]
    (root / "2024-01.tar.gz").write_bytes(monthly(members, 4))
    return root / "2024-01.tar.gz"


@pytest.fixture(scope="module")
def mixed_out(mixed: Path) -> tuple[Path, Path, Result]:
    """The mixed package scanned to JSON Lines and Parquet (checkpoints every 7 files, so the
    Parquet output has several parts), with --indicators."""
    jsonl, parquet = mixed.parent / "out.jsonl", mixed.parent / "pq"
    result = scan(
        mixed, "--jsonl", jsonl, "--parquet", parquet, "--jobs", "1", "--checkpoint", "7",
        "--indicators",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return jsonl, parquet, result


def test_two_workers_write_the_same_bytes(
    mixed: Path, mixed_out: tuple[Path, Path, Result]
) -> None:
    """--jobs 2 gives the same JSON Lines, byte for byte, as --jobs 1."""
    serial = mixed_out[0]
    parallel = mixed.parent / "jobs2.jsonl"
    result = scan(mixed, "--jsonl", parallel, "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    assert len(of_type(read_jsonl(parallel), "document")) == 32
    assert parallel.read_bytes() == serial.read_bytes()
    assert summary(result.stderr) == summary(mixed_out[2].stderr)


def test_parquet_holds_the_json_lines_records(mixed_out: tuple[Path, Path, Result]) -> None:
    """Each Parquet table holds the JSON Lines records of its type, in order, field by field,
    under the documented schema."""
    import pyarrow.parquet as pq

    from pplint.cli.parquet_out import arrow_schema

    jsonl, parquet, _ = mixed_out
    records = read_jsonl(jsonl)
    for table, fields in (("documents", DOCUMENT_FIELDS), ("findings", FINDING_FIELDS)):
        parts = sorted((parquet / table).glob("*.parquet"))
        assert len(parts) > 1, "checkpoints should have closed several parts"
        schema = pq.read_schema(parts[0])
        assert schema.names == list(fields)
        assert schema.equals(arrow_schema(fields), check_metadata=False)
        assert schema.metadata[b"pplint_schema"] == str(SCHEMA_VERSION).encode()
        rows = parquet_rows(parquet / table)
        expected = of_type(records, table[:-1])
        assert len(rows) == len(expected) > 0
        for row, record in zip(rows, expected, strict=True):
            for name in fields:
                assert row[name] == record[name], (table, record["source"], name)


def test_duckdb_answers_an_indicator_query(mixed_out: tuple[Path, Path, Result]) -> None:
    """DuckDB reads the Parquet folder as it is: documents per country with price weighing
    over 60%, the failed rules per family, as the JSON Lines records say."""
    import duckdb

    jsonl, parquet, _ = mixed_out
    docs = of_type(read_jsonl(jsonl), "document")
    findings = of_type(read_jsonl(jsonl), "finding")
    heavy = Counter(d["country"] for d in docs if (d["price_weight"] or 0) > 60)
    assert heavy == {"ES": 7, "MT": 3}  # eForms notice, its German copy, road works; cloud hosting
    con = duckdb.connect()
    got = con.execute(
        f"SELECT country, count(*) FROM read_parquet('{parquet}/documents/*.parquet') "
        "WHERE price_weight > 60 GROUP BY country ORDER BY country"
    ).fetchall()
    assert got == sorted(heavy.items())
    per_family = Counter(f["family"] for f in findings if f["severity"] == "error")
    got = con.execute(
        f"SELECT family, count(*) FROM read_parquet('{parquet}/findings/*.parquet') "
        "WHERE severity = 'error' GROUP BY family ORDER BY family"
    ).fetchall()
    assert got == sorted(per_family.items()) and per_family
    with_social = Counter(d["country"] for d in docs if "social" in d["families"])
    got = con.execute(
        f"SELECT country, count(*) FROM read_parquet('{parquet}/documents/*.parquet') "
        "WHERE list_contains(families, 'social') GROUP BY country ORDER BY country"
    ).fetchall()
    assert got == sorted(with_social.items()) and with_social
    errors = con.execute(
        f"SELECT error_code, count(*) FROM read_parquet('{parquet}/documents/*.parquet') "
        "WHERE error_code IS NOT NULL GROUP BY error_code ORDER BY error_code"
    ).fetchall()
    assert errors == [("FMT-LANGUAGE", 1), ("FMT-NOTICE", 1), ("FMT-XML", 1)]


def test_indicators_name_the_countries(mixed_out: tuple[Path, Path, Result]) -> None:
    """--indicators prints a row per country with its documents and price-heavy ones."""
    jsonl, _, result = mixed_out
    docs = [d for d in of_type(read_jsonl(jsonl), "document")]
    read = [d for d in docs if d["format"] and d["error_code"] in (None, "FMT-LANGUAGE")]
    lines = result.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("country "))
    columns = lines[head][41:].split()
    rows = {}
    for line in lines[head + 1 :]:
        if not line.strip():
            break
        rows[line[:40].strip()] = dict(zip(columns, line[41:].split(), strict=True))
    countries = Counter(d["country"] or "?" for d in read)
    assert set(rows) == set(countries) == {"ES", "IE", "MT"}
    for country, n in countries.items():
        assert int(rows[country]["docs"]) == n
        heavy = sum(1 for d in read if d["country"] == country and (d["price_weight"] or 0) > 60)
        assert int(rows[country][">60%"]) == heavy
    assert "buyer (most documents first)" in result.stdout


# -- Ctrl-C and --resume -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 small documents (the examples over and over) in one .tar.gz, and its full scan."""
    root = tmp_path_factory.mktemp("many")
    members = [(f"{i:03d}-{name}", raw) for i, (name, raw) in enumerate(samples() * 34)][:300]
    (root / "many.tar.gz").write_bytes(tar_bytes(members))
    done = subprocess.run(
        pplint_cmd("many.tar.gz", "--jsonl", "full.jsonl", "--jobs", "1"),
        cwd=root,
        env=clean_env(NO_COLOR="1"),
        capture_output=True,
        text=True,
        timeout=WALL_SECONDS,
    )
    assert done.returncode == 0, done.stderr
    assert len(of_type(read_jsonl(root / "full.jsonl"), "document")) == 300
    assert not (root / "full.jsonl.scan-state.json").exists()
    return root


def test_ctrl_c_leaves_valid_output_and_resume_completes_it(many: Path) -> None:
    """SIGINT mid-scan: exit 130, where it stopped on stderr, valid truncated outputs; then
    --resume ends with exactly the records of an uninterrupted scan."""
    args = ("many.tar.gz", "--checkpoint", "20", "--jsonl", "out.jsonl", "--parquet", "pq")
    state = many / "out.jsonl.scan-state.json"
    proc = subprocess.Popen(
        pplint_cmd(*args, "--jobs", "1"),
        cwd=many,
        env=clean_env(NO_COLOR="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + WALL_SECONDS
    while not state.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=WALL_SECONDS)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    stopped = re.search(r"interrupted after (\d+) files", stderr.replace(",", ""))
    assert stopped and "--resume" in stderr, stderr
    files = int(stopped.group(1))
    assert 20 <= files < 300
    full = (many / "full.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    partial = (many / "out.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    records = read_jsonl(many / "out.jsonl")  # valid JSON Lines
    assert len(of_type(records, "document")) == files
    assert partial == full[: len(partial)]  # a prefix of the full scan, cut after a document
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert saved["files"] == files and saved["paths"] == ["many.tar.gz"]
    assert len(parquet_rows(many / "pq" / "documents")) == files
    resumed = subprocess.run(
        pplint_cmd(*args, "--jobs", "1", "--resume"),
        cwd=many,
        env=clean_env(NO_COLOR="1"),
        capture_output=True,
        text=True,
        timeout=WALL_SECONDS,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert (many / "out.jsonl").read_bytes() == (many / "full.jsonl").read_bytes()
    assert not state.exists()
    reference = read_jsonl(many / "full.jsonl")
    assert parquet_rows(many / "pq" / "documents") == of_type(reference, "document")
    assert parquet_rows(many / "pq" / "findings") == of_type(reference, "finding")


def test_interrupt_between_write_and_count_has_no_duplicates(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C just after a file's records are written (in the summary) still resumes to the
    records of an uninterrupted scan."""
    from pplint.cli import scan as scan_mod

    original = scan_mod.Summary.add
    calls = {"n": 0}

    def interrupted(self: Any, scanned: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 25:
            raise KeyboardInterrupt
        original(self, scanned)

    out = tmp_path / "out.jsonl"
    args = (many / "many.tar.gz", "--checkpoint", "10", "--jsonl", out, "--jobs", "1")
    monkeypatch.setattr(scan_mod.Summary, "add", interrupted)
    result = scan(*args)
    assert result.exit_code == 130 and "--resume" in result.stderr
    monkeypatch.setattr(scan_mod.Summary, "add", original)
    # the same paths as the interrupted run, so the state matches
    result = scan(*args, "--resume")
    assert result.exit_code == 0, result.stderr
    full = of_type(read_jsonl(many / "full.jsonl"), "document")
    got = of_type(read_jsonl(out), "document")
    assert [unsourced([d])[0] for d in got] == [unsourced([d])[0] for d in full]


def _state(tmp_path: Path, text: str) -> tuple[Path, Path]:
    """An output file and a state file beside it holding ``text``."""
    out = tmp_path / "out.jsonl"
    out.write_text('{"record": "document"}\n', encoding="utf-8")
    path = tmp_path / "out.jsonl.scan-state.json"
    path.write_text(text, encoding="utf-8")
    return out, path


def _refused(result: Result, *words: str) -> None:
    """Exit 2 with one `pplint: error:` line holding the words, and no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("pplint: error:")]
    assert len(errors) == 1, result.stderr
    for word in words:
        assert word in errors[0], errors[0]
    assert "Traceback" not in result.stderr


def test_resume_with_other_paths_is_refused(tmp_path: Path) -> None:
    """--resume of a scan of other paths: refused, the state and output left as they were."""
    (tmp_path / "a.tar.gz").write_bytes(tar_bytes(samples()[:2]))
    (tmp_path / "b.tar.gz").write_bytes(tar_bytes(samples()[2:4]))
    text = json.dumps(
        {"version": 1, "paths": [str(tmp_path / "a.tar.gz")], "files": 1, "jsonl_offset": 23}
    )
    out, path = _state(tmp_path, text)
    result = scan(tmp_path / "b.tar.gz", "--jsonl", out, "--resume")
    _refused(result, "same paths")
    assert path.read_text(encoding="utf-8") == text
    assert out.read_text(encoding="utf-8") == '{"record": "document"}\n'
    result = scan(tmp_path / "a.tar.gz", tmp_path / "b.tar.gz", "--jsonl", out, "--resume")
    _refused(result, "same paths")


def test_resume_without_a_state_or_an_output_is_refused(tmp_path: Path) -> None:
    """--resume with nothing to resume, or to stdout: refused in one line."""
    (tmp_path / "a.tar.gz").write_bytes(tar_bytes(samples()[:1]))
    _refused(scan(tmp_path / "a.tar.gz", "--jsonl", tmp_path / "none.jsonl", "--resume"), "resume")
    _refused(scan(tmp_path / "a.tar.gz", "--resume"), "--resume")


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01garbage{",
        "[1, 2, 3]",
        '{"version": 99, "paths": [], "files": 0}',
        '{"version": 1, "paths": [], "files": -4}',
        '{"version": 1, "paths": [], "files": "12"}',
        '{"version": 1, "paths": [], "files": 1, "jsonl_offset": "x"}',
        "[" * 100_000,
    ],
    ids=["binary", "list", "version", "negative", "string-files", "string-offset", "deep"],
)
def test_garbage_state_is_refused(tmp_path: Path, text: str) -> None:
    """A state file that is not one this pplint wrote: refused cleanly, the output untouched."""
    (tmp_path / "a.tar.gz").write_bytes(tar_bytes(samples()[:1]))
    out, path = _state(tmp_path, text.replace('"paths": []', f'"paths": ["{tmp_path}/a.tar.gz"]'))
    result = scan(tmp_path / "a.tar.gz", "--jsonl", out, "--resume")
    _refused(result, str(path))
    assert out.read_text(encoding="utf-8") == '{"record": "document"}\n'


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("offset", [-5, 10_000_000], ids=["negative", "past-the-end"])
def test_state_offset_outside_the_output_is_refused(tmp_path: Path, offset: int) -> None:
    """A state whose JSON Lines offset lies outside the output file: refused, and the output
    neither cut nor padded."""
    (tmp_path / "a.tar.gz").write_bytes(tar_bytes(samples()[:1]))
    state = {"version": 1, "paths": [str(tmp_path / "a.tar.gz")], "files": 0}
    out, _ = _state(tmp_path, json.dumps({**state, "jsonl_offset": offset}))
    result = scan(tmp_path / "a.tar.gz", "--jsonl", out, "--resume")
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert out.read_text(encoding="utf-8") == '{"record": "document"}\n'


# -- the published notices (../shared) -----------------------------------------------------------


def test_shared_notices_in_a_monthly_package(notices_dir: Path, tmp_path: Path) -> None:
    """The published eForms notices and OCDS releases in a monthly package of daily ones:
    a document record each (a package's releases apart), errors as records, and --jobs 2 gives
    the records of a folder scanned serially."""
    files = sorted((notices_dir / "eforms").glob("*.xml")) + sorted(
        (notices_dir / "ocds").glob("*.json")
    )
    assert len(files) > 20
    folder = tmp_path / "flat"
    folder.mkdir()
    for path in files:
        (folder / path.name).write_bytes(path.read_bytes())
    members = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())]
    (tmp_path / "month.tar.gz").write_bytes(monthly(members, 5))
    flat = scan(folder, "--jsonl", tmp_path / "flat.jsonl", "--jobs", "1")
    assert flat.exit_code == 0, flat.stderr
    packed = scan(tmp_path / "month.tar.gz", "--jsonl", tmp_path / "month.jsonl", "--jobs", "2")
    assert packed.exit_code == 0, packed.stderr
    reference = read_jsonl(tmp_path / "flat.jsonl")
    records = read_jsonl(tmp_path / "month.jsonl")
    assert unsourced(records) == unsourced(reference)
    docs = of_type(records, "document")
    assert {d["source"].split("!")[-1] for d in docs} == {name for name, _ in members}
    xml = [d for d in docs if d["source"].endswith(".xml")]
    assert len(xml) == len([p for p in files if p.suffix == ".xml"])
    assert {d["format"] for d in xml} == {"eforms", "ted"}  # TED exports sit among them
    assert all(d["country"] and d["findings"] is not None for d in xml)
    codes = Counter(d["error_code"] for d in docs if d["error_code"])
    assert set(codes) <= {"FMT-LANGUAGE", "FMT-NO-TENDER"} and codes["FMT-LANGUAGE"] > 0
    line = next(x for x in packed.stderr.splitlines() if x.startswith("Scanned "))
    assert f"{codes['FMT-LANGUAGE']} checked on structure only (language)" in line
    assert f"{codes['FMT-NO-TENDER']} with no tender" in line
    assert summary(packed.stderr) == summary(flat.stderr)
    assert summary(packed.stderr)[:2] == (len(docs), len(files))
