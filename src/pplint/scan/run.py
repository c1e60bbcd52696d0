"""A scan: every document through the engine, as records, in order, on every core asked."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from pplint.core.errors import LoadError
from pplint.core.model import NOT_SHOWN
from pplint.engine import pool
from pplint.engine.checker import Engine, gc_paused
from pplint.engine.results import FileResult, describe
from pplint.load.source import SourceDoc, load_bytes
from pplint.notices.load import load_documents
from pplint.scan.records import (
    Scanned,
    document_record,
    error_record,
    finding_records,
)
from pplint.scan.sources import Document, documents

NO_TENDER = "FMT-NO-TENDER"
LANGUAGE = "FMT-LANGUAGE"


class ScanStep:
    """One document (a file or an archive member) to its records; picklable results."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def __call__(self, document: Document) -> Scanned:
        if document.raw is None:
            return Scanned([error_record(document.name, "FMT-READ", document.error or "")])
        try:
            with gc_paused():
                return self._scan(document.name, document.raw)
        except Exception as exc:  # never the end of a scan: the document's record says why
            return self.failed(document, describe(exc))

    def failed(self, document: Document, why: str) -> Scanned:
        """The record of a document whose check failed (or whose worker died)."""
        return Scanned([error_record(document.name, "FMT-INTERNAL", why)])

    def batch(self, documents: list[Document]) -> list[Scanned]:
        """The records of a batch of documents, in order."""
        return [self(document) for document in documents]

    def failed_batch(self, documents: list[Document], why: str) -> list[Scanned]:
        """The records of a batch whose worker died: each document says so."""
        return [self.failed(document, why) for document in documents]

    def _scan(self, name: str, raw: bytes) -> Scanned:
        try:
            docs = self._load(name, raw)
        except LoadError as exc:
            where = f"{exc.line}:{exc.column}: " if exc.line else ""
            return Scanned([error_record(name, exc.code, f"{where}{exc.message}")])
        out = Scanned()
        for position, doc in enumerate(docs):
            result = self.engine.check_doc(doc, FileResult(name))
            record = document_record(name, position, doc, result, self.engine.rs)
            unread = next((f for f in result.findings if f.rule == LANGUAGE), None)
            if unread is not None and record["error_code"] is None:
                record.update(error_code=LANGUAGE, error=unread.message)
            out.documents.append(record)
            judged = [
                f
                for f in result.findings
                if (f.kind != NOT_SHOWN or f.rule == LANGUAGE) and not f.suppressed
            ]
            out.findings += finding_records(name, position, record["id"], judged)
        return out

    def _load(self, name: str, raw: bytes) -> list[SourceDoc]:
        """The documents of one file: a notice, an OCDS package or JSON Lines, or a tender."""
        limits = {
            "max_bytes": self.engine.settings.max_bytes,
            "max_nodes": self.engine.settings.max_nodes,
        }
        return load_documents(raw, name, **limits) or [load_bytes(raw, name, **limits)]


@dataclass(slots=True)
class Progress:
    """How far a scan is: documents read, checked, and of those the bad ones."""

    files: int = 0
    documents: int = 0
    unreadable: int = 0  # could not be read, parsed or checked
    no_tender: int = 0  # published documents with nothing to lint (contract releases)
    unread_language: int = 0  # checked on structure only
    codes: dict[str, int] = field(default_factory=dict)

    def add(self, scanned: Scanned) -> None:
        self.files += 1
        for record in scanned.documents:
            self.documents += 1
            code = record["error_code"]
            if code is None:
                continue
            self.codes[code] = self.codes.get(code, 0) + 1
            if code == NO_TENDER:
                self.no_tender += 1
            elif code == LANGUAGE:
                self.unread_language += 1
            elif record["format"] is None or code.startswith("FMT-"):
                self.unreadable += 1


BATCH = 16  # documents sent to a worker at once: fewer round trips through the pipes
BATCH_BYTES = 4 * 1024 * 1024  # and at most about this many bytes of them
AHEAD_PER_WORKER = 3  # batches read ahead per worker: one at work, one sent, one ready


def scan(paths: Sequence[str], engine: Engine, jobs: int = 1, skip: int = 0) -> Iterator[Scanned]:
    """The records of every file under the paths, in order, the first ``skip`` files passed
    over unchecked (a resumed scan), in ``jobs`` forked workers (0: one per CPU)."""
    step = ScanStep(engine)
    found = islice(documents(paths, engine.settings.max_bytes), skip, None)  # read, not checked
    wanted = jobs or pool.cpu_count()
    if wanted <= 1 or not pool.can_fork():
        return (step(d) for d in found)
    batches = pool.ordered_stream(
        step.batch,
        batched(found, BATCH, BATCH_BYTES),
        wanted,
        step.failed_batch,
        ahead=AHEAD_PER_WORKER * wanted,
    )
    return (scanned for batch in batches for scanned in batch)


def batched(found: Iterable[Document], size: int, max_bytes: int) -> Iterator[list[Document]]:
    """Documents in lists of at most ``size`` documents and about ``max_bytes`` bytes."""
    batch: list[Document] = []
    held = 0
    for document in found:
        batch.append(document)
        held += len(document.raw or b"")
        if len(batch) >= size or held >= max_bytes:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch
