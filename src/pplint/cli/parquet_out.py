"""Scan records as Parquet: a folder of `documents/` and `findings/` part files.

Each checkpoint closes the current parts (a closed part is a complete Parquet file) and the
next records open new ones, so an interrupted scan leaves only complete files and a resumed
one adds parts. DuckDB reads them as tables: `read_parquet('OUT/documents/*.parquet')`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pplint.core.errors import PplintError
from pplint.scan.records import DOCUMENT_FIELDS, FINDING_FIELDS, SCHEMA_VERSION

ROWS_PER_GROUP = 10_000  # rows kept before they are written as a row group


def arrow_schema(fields: dict[str, str]) -> Any:
    """The Arrow schema of a record type (docs/scan-records.md)."""
    import pyarrow as pa

    types = {
        "int": pa.int64(),
        "float": pa.float64(),
        "str": pa.string(),
        "list[str]": pa.list_(pa.string()),
    }
    return pa.schema(
        [pa.field(name, types[kind]) for name, kind in fields.items()],
        metadata={"pplint_schema": str(SCHEMA_VERSION)},
    )


def _pyarrow() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise PplintError(
            "--parquet needs pyarrow: `pip install pplint[parquet]` (or pyarrow)"
        ) from None
    return pq


class _Table:
    """One record type's parts in its folder."""

    def __init__(self, folder: Path, fields: dict[str, str], part: int):
        self.folder = folder
        self.fields = fields
        self.schema = arrow_schema(fields)
        self.part = part
        self.rows: list[dict[str, Any]] = []
        self.committed = 0  # rows of whole files
        self.writer: Any = None

    def add(self, rows: list[dict[str, Any]]) -> None:
        self.rows += rows

    def commit(self) -> None:
        """The rows so far are those of whole files: write them once there are enough."""
        self.committed = len(self.rows)
        if self.committed >= ROWS_PER_GROUP:
            self._write()

    def rollback(self) -> None:
        """Drop the rows of a file cut off by Ctrl-C."""
        del self.rows[self.committed :]

    def _write(self) -> None:
        import pyarrow as pa

        if not self.rows:
            return
        if self.writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"part-{self.part:05d}.parquet"
            self.writer = _pyarrow().ParquetWriter(str(path), self.schema)
        columns = {name: [row.get(name) for row in self.rows] for name in self.fields}
        self.writer.write_table(pa.table(columns, schema=self.schema))
        self.rows.clear()
        self.committed = 0

    def checkpoint(self) -> None:
        """Write what is kept and close the part: the next rows start a new one."""
        self._write()
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            self.part += 1


class ParquetFolder:
    """The documents and findings of a scan as Parquet parts under one folder."""

    def __init__(self, folder: Path, part: int = 0, files: int = 0):
        self.committed_files = files
        _pyarrow()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PplintError(f"cannot write {folder}: {exc.strerror or exc}") from None
        self.documents = _Table(folder / "documents", DOCUMENT_FIELDS, part)
        self.findings = _Table(folder / "findings", FINDING_FIELDS, part)

    def add(self, scanned: Any) -> None:
        self.documents.add(scanned.documents)
        self.findings.add(scanned.findings)

    def commit(self) -> None:
        self.documents.commit()
        self.findings.commit()
        self.committed_files += 1

    def rollback(self) -> None:
        self.documents.rollback()
        self.findings.rollback()

    def checkpoint(self) -> dict[str, Any]:
        self.documents.checkpoint()
        self.findings.checkpoint()
        return {"parquet_parts": max(self.documents.part, self.findings.part)}

    def close(self) -> None:
        self.checkpoint()
