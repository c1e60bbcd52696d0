"""A scan on a Dask cluster: documents read here, checked on the workers, records in order.

The client streams the documents (`sources.documents`) and sends them in batches, a bounded
number at a time, so memory stays flat in the number of documents on the client, the
scheduler and the workers. A batch goes to a worker with `scatter` and its task names it by
key: the scheduler keeps no document bytes (a task's arguments would stay in its logs of
recent messages). The engine the command line built (configuration, extra packs, selection,
severities, limits) goes to every worker once, and each worker checks with its own copy: it
builds nothing and needs only pplint (and any check-kind plugins) installed. A batch that
fails (an exception, a worker that died with it) gives error records for its documents, and
the scan goes on.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import suppress
from itertools import islice
from typing import Any

from pplint.core.errors import PplintError
from pplint.engine.checker import Engine
from pplint.engine.results import describe
from pplint.packs.plugins import load_checks
from pplint.scan.records import Scanned
from pplint.scan.run import ScanStep, batched
from pplint.scan.sources import Document, documents

BATCH = 64  # documents per task
BATCH_BYTES = 32 * 1024 * 1024  # and at most about this many bytes of them
BATCHES_PER_THREAD = 2  # batches in flight per worker thread: one running, one queued
MIN_IN_FLIGHT = 4
CONNECT_SECONDS = 30


def scan(
    paths: Sequence[str],
    engine: Engine,
    scheduler: str,
    skip: int = 0,
    *,
    batch: int = BATCH,
    in_flight: int | None = None,
) -> Iterator[Scanned]:
    """The records of every file under the paths, in order, checked on the Dask cluster at
    ``scheduler``, the first ``skip`` documents read but not checked (a resumed scan)."""
    client = _connect(scheduler)
    try:
        yield from _stream(client, paths, engine, skip, batch, in_flight)
    finally:
        client.close()


def _connect(scheduler: str) -> Any:
    """A client of the scheduler, or a PplintError saying why there is none."""
    try:
        from distributed import Client
    except ImportError:
        raise PplintError("--dask needs dask[distributed]: `pip install pplint[dask]`") from None
    connect: Any = Client  # typed in some releases of distributed, not in others
    try:
        return connect(scheduler, set_as_default=False, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as exc:
        raise PplintError(f"cannot reach the Dask scheduler {scheduler}: {describe(exc)}") from None


def _stream(
    client: Any,
    paths: Sequence[str],
    engine: Engine,
    skip: int,
    batch: int,
    in_flight: int | None,
) -> Iterator[Scanned]:
    """Submit batches while fewer than the limit are out; yield the oldest one's records."""
    shipped = client.scatter(engine, broadcast=True, hash=False)
    limit = max(1, in_flight or _in_flight(client))
    step = ScanStep(engine)
    pending: deque[tuple[list[str], Any]] = deque()
    found = islice(documents(paths, engine.settings.max_bytes), skip, None)
    try:
        for index, chunk in enumerate(batched(found, batch, BATCH_BYTES)):
            pending.append(_submit(client, shipped, chunk, index))
            while len(pending) >= limit:
                yield from _outcome(step, *pending.popleft())
        while pending:
            yield from _outcome(step, *pending.popleft())
    finally:
        with suppress(Exception):  # the client's close releases them anyway
            client.cancel([future for _, future in pending])


def _submit(client: Any, shipped: Any, chunk: list[Document], index: int) -> tuple[list[str], Any]:
    """Send a batch to a worker and start its check; the names are all the client keeps."""
    [data] = client.scatter([chunk], hash=False)
    future = client.submit(_check_batch, shipped, data, pure=False, priority=-index)
    return [document.name for document in chunk], future


def _in_flight(client: Any) -> int:
    """How many batches to keep out: enough to keep every worker thread busy."""
    threads = int(sum(client.nthreads().values()))
    return max(MIN_IN_FLIGHT, BATCHES_PER_THREAD * threads)


def _outcome(step: ScanStep, names: list[str], future: Any) -> list[Scanned]:
    """A batch's records, or an error record per document when the batch failed."""
    try:
        results: list[Scanned] = future.result()
    except Exception as exc:  # a worker that died, a lost engine, a broken plugin
        why = f"its Dask batch failed: {describe(exc)}"
        return [step.failed(Document(name, None), why) for name in names]
    return results


def _check_batch(engine: Engine, batch: list[Document]) -> list[Scanned]:
    """On a worker: the records of a batch, checked with the worker's copy of the engine."""
    _plugins_loaded()
    step = ScanStep(engine)
    return [step(document) for document in batch]


@functools.cache
def _plugins_loaded() -> None:
    """Register the check kinds of installed plugins, once per worker process (an engine
    that was sent, not built, has not done it)."""
    load_checks()
