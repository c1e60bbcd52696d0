"""Work on many items in forked worker processes, results in the order of the items; a worker
that dies is reported as the failure of the item it held, and the others go on."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:  # multiprocessing is imported only when workers start: a serial run skips it
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

T = TypeVar("T")
R = TypeVar("R")
STOP_SECONDS = 2.0  # how long a worker may take to leave after the run, before it is killed
AHEAD_PER_WORKER = 16  # items handed out past the next one to yield, per worker (at least 64)


def can_fork() -> bool:
    """Whether workers can be forked safely here: Linux, and no other thread in this process
    (a thread holding a lock at the fork would leave the lock held forever in the worker)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def death(code: int | None) -> str:
    """Why a worker stopped, in words: a signal's name, or its exit status."""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"its worker process was killed by {name}{hint}"
    return f"its worker process stopped (exit status {code})"


@dataclass(slots=True)
class _Worker:
    """One forked worker: its process, the parent's end of its pipe, the item it holds."""

    process: BaseProcess
    conn: Connection
    task: int | None = None


@dataclass(slots=True)
class _Pool(Generic[T, R]):
    """The workers of one ordered map, started by fork so that they share what is loaded."""

    work: Callable[[T], R]
    items: Sequence[T]
    failed: Callable[[T, str], R]
    workers: list[_Worker] = field(default_factory=list)

    def start(self) -> None:
        """Fork one more worker."""
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        ours, theirs = ctx.Pipe()
        process = ctx.Process(target=self._serve, args=(theirs, ours), daemon=True)
        process.start()
        theirs.close()
        self.workers.append(_Worker(process, ours))

    def _serve(self, conn: Connection, parents: Connection) -> None:
        """In the worker: work on the items the parent sends (by index, or the item itself)
        until it says stop.

        It leaves by ``os._exit``, so that nothing the parent had buffered for its output
        streams at the fork is flushed a second time, and no exit handler of the parent runs.
        """
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        parents.close()
        for other in self.workers:  # so that a parent that dies is seen by every worker
            other.conn.close()
        try:
            while True:
                message = conn.recv()
                if message is None:
                    break
                # an index into the items forked with the worker, or (index, item) sent now
                index, item = message if isinstance(message, tuple) else (message, None)
                if not isinstance(message, tuple):
                    item = self.items[index]
                try:
                    out = self.work(item)
                except Exception as exc:  # the work catches its own; this is a last resort
                    out = self.failed(item, f"{type(exc).__name__}: {exc}")
                conn.send((index, out))
        except BaseException:  # the parent is gone, or the result cannot be sent: just leave
            os._exit(1)
        os._exit(0)

    def stop(self) -> None:
        """Ask every worker to leave, and kill those that do not in time."""
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        for worker in self.workers:
            worker.process.join(STOP_SECONDS)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers.clear()


def ordered_map(
    work: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    failed: Callable[[T, str], R],
) -> Generator[R, None, None]:
    """``work(item)`` for every item in ``jobs`` forked workers, yielded in the items' order.

    A worker that dies holding an item (killed, out of memory) yields ``failed(item, why)``
    for that item, and a new worker takes over the items left. Closing the iterator (or an
    exception such as KeyboardInterrupt in the caller) stops every worker. No item is handed
    out more than ``AHEAD_PER_WORKER`` per worker past the next one to yield, so that one slow
    item never makes the results waiting behind it pile up.
    """
    from multiprocessing.connection import wait

    ahead = max(64, AHEAD_PER_WORKER * jobs)
    pool: _Pool[T, R] = _Pool(work, items, failed)
    pending = deque(range(len(items)))
    done: dict[int, R] = {}
    next_out = 0
    try:
        for _ in range(min(jobs, len(items))):
            pool.start()
        while next_out < len(items):
            for worker in pool.workers:
                if worker.task is None and pending and pending[0] < next_out + ahead:
                    worker.task = pending.popleft()
                    worker.conn.send(worker.task)
            busy = [w for w in pool.workers if w.task is not None]
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for worker in busy:
                if worker.conn in ready or worker.process.sentinel in ready:
                    _collect(pool, worker, done, pool.items.__getitem__, bool(pending))
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        pool.stop()


def _collect(
    pool: _Pool[T, R],
    worker: _Worker,
    done: dict[int, R],
    item_of: Callable[[int], T],
    more: bool,
) -> None:
    """Take a worker's result; if it died instead, record its item (``item_of`` its index) as
    failed and, when ``more`` items are left, start a worker in its place."""
    task = worker.task
    assert task is not None
    try:
        if worker.conn.poll():
            index, out = worker.conn.recv()
            done[index] = out
            worker.task = None
            return
    except (EOFError, OSError):
        pass
    if worker.process.is_alive():
        return  # woken for nothing: the result is not there yet
    worker.process.join()
    done[task] = pool.failed(item_of(task), death(worker.process.exitcode))
    worker.conn.close()
    pool.workers.remove(worker)
    if more:
        pool.start()


def ordered_stream(
    work: Callable[[T], R],
    items: Iterable[T],
    jobs: int,
    failed: Callable[[T, str], R],
    ahead: int | None = None,
) -> Generator[R, None, None]:
    """``work(item)`` for every item of an iterable read as it goes (an archive's members),
    in ``jobs`` forked workers, yielded in the items' order.

    Each item is sent to its worker through the pipe, and no more than ``AHEAD_PER_WORKER``
    per worker (at least 64; or ``ahead``, for items that are batches) are read past the next
    one to yield, so memory stays flat however many items come. A worker that dies yields
    ``failed(item, why)`` for its item, as in ``ordered_map``; closing the iterator stops
    every worker.
    """
    from multiprocessing.connection import wait

    ahead = ahead or max(64, AHEAD_PER_WORKER * jobs)
    source = iter(items)
    pool: _Pool[T, R] = _Pool(work, (), failed)
    held: dict[int, T] = {}  # read and not yet yielded, by index
    queue: deque[int] = deque()
    done: dict[int, R] = {}
    next_in = next_out = 0
    exhausted = False
    try:
        for _ in range(max(1, jobs)):
            pool.start()
        while True:
            while not exhausted and next_in < next_out + ahead:
                try:
                    held[next_in] = next(source)
                except StopIteration:
                    exhausted = True
                    break
                queue.append(next_in)
                next_in += 1
            if exhausted and next_out >= next_in:
                break
            for worker in pool.workers:
                if worker.task is None and queue:
                    worker.task = queue.popleft()
                    worker.conn.send((worker.task, held[worker.task]))
            busy = [w for w in pool.workers if w.task is not None]
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            for worker in busy:
                if worker.conn in ready or worker.process.sentinel in ready:
                    _collect(pool, worker, done, held.__getitem__, True)
            while next_out in done:
                held.pop(next_out, None)
                yield done.pop(next_out)
                next_out += 1
    finally:
        pool.stop()
