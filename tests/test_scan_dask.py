"""Scans on a Dask cluster give the local scan's records, in order; the Python API."""

from __future__ import annotations

import json
import logging
import pickle
import shutil
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pplint import api
from pplint.cli import main, options
from pplint.core.errors import PplintError
from pplint.engine.checker import Engine
from pplint.scan import dask_run, run

distributed = pytest.importorskip(
    "distributed", reason="dask[distributed] is not installed: the Dask scan is not tested"
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NOTICE = EXAMPLES / "notices" / "es-limpieza-cn16.xml"
BROKEN = b"<?xml version='1.0'?>\n<ContractNotice><cbc:ID>unclosed"


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    """A two-worker cluster of processes on loopback ports the system picks, no dashboard."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address="127.0.0.1:0",  # the scheduler's HTTP server (health), not 8787
        scheduler_kwargs={"dashboard": False},
        silence_logs=logging.WARNING,
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The engine `pplint scan --no-config` builds."""
    setup = options.setup(None, False, (), (), (), None, False, None)
    return Engine(setup.ruleset, setup.settings)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .tar.gz of a notice, a broken notice, bad tenders and a .tar.gz of good ones."""
    folder = tmp_path_factory.mktemp("corpus")
    good = folder / "good"
    good.mkdir()
    for path in sorted((EXAMPLES / "good").glob("*.tender.yaml")):
        shutil.copy(path, good / path.name)
    inner = folder / "good.tar.gz"
    with tarfile.open(inner, "w:gz") as archive:
        archive.add(good, arcname="good")
    (folder / "broken.xml").write_bytes(BROKEN)
    outer = folder / "notices.tar.gz"
    with tarfile.open(outer, "w:gz") as archive:
        archive.add(NOTICE, arcname="notices/es-limpieza-cn16.xml")
        archive.add(folder / "broken.xml", arcname="notices/broken.xml")
        for path in sorted((EXAMPLES / "bad").glob("*.tender.yaml")):
            archive.add(path, arcname=f"bad/{path.name}")
        archive.add(inner, arcname="archives/good.tar.gz")
    return outer


def test_dask_scan_gives_the_local_records_in_order(
    address: str, engine: Engine, corpus: Path
) -> None:
    local = list(run.scan([str(corpus)], engine, jobs=1))
    remote = list(dask_run.scan([str(corpus)], engine, address, batch=3, in_flight=2))
    assert len(local) == 10
    assert [s.documents[0]["source"] for s in remote] == [s.documents[0]["source"] for s in local]
    assert remote == local
    codes = [s.documents[0]["error_code"] for s in remote]
    assert any(code and code.startswith("FMT-") for code in codes), "the broken notice"


def test_a_resumed_dask_scan_skips_what_was_done(
    address: str, engine: Engine, corpus: Path
) -> None:
    local = list(run.scan([str(corpus)], engine, jobs=1, skip=4))
    assert list(dask_run.scan([str(corpus)], engine, address, skip=4, batch=4)) == local


def _scan(*args: str) -> None:
    result = CliRunner().invoke(main, ["scan", "--no-config", "--no-progress", *args])
    assert result.exit_code == 0, result.output


def test_the_command_writes_the_same_json_lines(address: str, corpus: Path, tmp_path: Path) -> None:
    _scan(str(corpus), "--jobs", "1", "--jsonl", str(tmp_path / "local.jsonl"))
    _scan(str(corpus), "--dask", address, "--jsonl", str(tmp_path / "dask.jsonl"))
    local = (tmp_path / "local.jsonl").read_text(encoding="utf-8")
    assert local.count("\n") > 10
    assert (tmp_path / "dask.jsonl").read_text(encoding="utf-8") == local


def test_the_command_writes_the_same_parquet_parts(
    address: str, corpus: Path, tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    for name, how in (("local", ["--jobs", "1"]), ("dask", ["--dask", address])):
        _scan(str(corpus), *how, "--checkpoint", "4", "--parquet", str(tmp_path / name))
    for table in ("documents", "findings"):
        local = sorted(p.name for p in (tmp_path / "local" / table).iterdir())
        assert sorted(p.name for p in (tmp_path / "dask" / table).iterdir()) == local
        assert len(local) >= 2, "one part per checkpoint"
        for part in local:
            read = [pq.read_table(tmp_path / side / table / part) for side in ("local", "dask")]
            assert read[0].equals(read[1])


class _Lost:
    """A future whose batch failed on the cluster."""

    def result(self) -> Any:
        raise distributed.client.FutureCancelledError("k", reason="the worker died")


def test_a_failed_batch_gives_error_records(engine: Engine) -> None:
    out = dask_run._outcome(run.ScanStep(engine), ["a.xml", "b.xml"], _Lost())
    assert [s.documents[0]["source"] for s in out] == ["a.xml", "b.xml"]
    for scanned in out:
        assert scanned.documents[0]["error_code"] == "FMT-INTERNAL"
        assert "Dask batch failed" in scanned.documents[0]["error"]


def test_an_unreachable_scheduler_is_a_user_error(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_run, "CONNECT_SECONDS", 0.5)
    with pytest.raises(PplintError, match="cannot reach the Dask scheduler"):
        next(dask_run.scan([str(NOTICE)], engine, "tcp://127.0.0.1:9"))


# -- the Python API ----------------------------------------------------------------------------


def test_check_document_reads_a_spanish_notice() -> None:
    scanned = api.check_document(NOTICE.read_bytes(), NOTICE.name)
    (document,) = scanned.documents
    assert (document["country"], document["price_weight"]) == ("ES", 70)
    assert document["error_code"] is None
    assert "INN-AWD-002" in {f["rule"] for f in scanned.findings}


def test_a_bad_document_is_a_record_not_an_exception() -> None:
    (document,) = api.check_document(BROKEN, "broken.xml").documents
    assert document["error_code"] and document["error"]
    assert api.check_document(b"\xff\xfe not text", "x.tender.yaml").documents[0]["error_code"]


def test_records_are_the_json_lines_rows() -> None:
    rows = api.Checker().records(NOTICE.read_bytes(), "n.xml")
    assert rows[0]["record"] == "document" and rows[0]["source"] == "n.xml"
    assert {r["record"] for r in rows[1:]} == {"finding"}
    assert rows == json.loads(json.dumps(rows))


def test_a_checker_builds_its_engine_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[tuple[Any, ...]] = []
    real = api._build

    def counting(*key: Any) -> Engine:
        built.append(key)
        return real(*key)

    monkeypatch.setattr(api, "_ENGINES", {})
    monkeypatch.setattr(api, "_build", counting)
    raw = NOTICE.read_bytes()
    first = api.Checker(select="INN")
    for _ in range(3):
        first.check(raw, "n.xml")
    again = pickle.loads(pickle.dumps(first))
    api.check_document(raw, "n.xml", select=["INN"])
    assert again.engine is first.engine
    assert built == [((), ("INN",), ())]
    assert len(pickle.dumps(first)) < 500, "a pickled checker carries its options only"
    assert {f["rule"][:3] for f in again.check(raw, "n.xml").findings} == {"INN"}
    api.Checker(ignore=["INN"])
    assert len(built) == 2


def test_a_checker_runs_on_the_workers(address: str) -> None:
    checker = api.Checker()
    raw = NOTICE.read_bytes()
    with distributed.Client(address, set_as_default=False) as client:
        futures = client.map(checker.records, [raw, BROKEN], ["n.xml", "b.xml"], pure=False)
        remote = client.gather(futures)
    assert remote == [checker.records(raw, "n.xml"), checker.records(BROKEN, "b.xml")]


def _scheduler_state(dask_scheduler: Any) -> tuple[int, int]:
    """The scheduler's clients (but the fire-and-forget one) and tasks."""
    clients = [c for c in dask_scheduler.clients if c != "fire-and-forget"]
    return len(clients), len(dask_scheduler.tasks)


def test_a_stream_closed_early_leaves_nothing_on_the_cluster(
    address: str, engine: Engine, corpus: Path
) -> None:
    stream = dask_run.scan([str(corpus)], engine, address, batch=1, in_flight=3)
    next(stream)
    stream.close()  # what the command does on Ctrl-C
    with distributed.Client(address, set_as_default=False) as client:
        for _ in range(50):
            if client.run_on_scheduler(_scheduler_state) == (1, 0):
                break
            time.sleep(0.1)
        assert client.run_on_scheduler(_scheduler_state) == (1, 0)
