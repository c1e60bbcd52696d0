"""The documents of a scan, read as a stream from folders, zip and (nested) tar archives.

Nothing is unpacked to disk and no archive is held in memory: a tar archive (gzip, bzip2, xz
or none) is read member by member in stream mode, a tar inside it the same way, up to
MAX_NESTING deep; a zip is read from its file (it needs seeking), a zip inside a tar only when
it is smaller than the member limit. Every member is read with a limit, so a compression bomb
costs at most that many bytes. What cannot be read becomes a document with an error, and the
scan goes on.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from pplint.core.files import ReadError, read_limited, walk

MAX_NESTING = 3  # archives inside archives: a monthly TED package of daily ones is 2
TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")
DOCUMENT_SUFFIXES = (".xml", ".json", ".jsonl", ".tender.yaml", ".tender.yml")
SEPARATOR = "!"  # between an archive's name and a member's, as in jar: URLs


@dataclass(frozen=True, slots=True)
class Document:
    """One file to scan: its name (archive!member for a member) and bytes, or why not."""

    name: str
    raw: bytes | None
    error: str | None = None


def is_archive(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith(TAR_SUFFIXES) or lowered.endswith(".zip")


def is_document(name: str) -> bool:
    return name.lower().endswith(DOCUMENT_SUFFIXES)


def documents(paths: Sequence[str], max_bytes: int) -> Iterator[Document]:
    """Every document under the paths, in order: folders walked by name (core.files.walk),
    archives streamed."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in walk(path, _scanned):
                yield from _file(found, str(found), max_bytes)
        else:
            yield from _file(path, raw, max_bytes)


def _scanned(entry: os.DirEntry[str]) -> bool:
    """Whether a walked file is scanned: an archive or a document, by its name."""
    return is_archive(entry.name) or is_document(entry.name)


def _file(path: Path, name: str, max_bytes: int) -> Iterator[Document]:
    """A file: a document, or the documents of an archive."""
    lowered = name.lower()
    if lowered.endswith(TAR_SUFFIXES):
        yield from _tar_file(path, name, max_bytes)
    elif lowered.endswith(".zip"):
        yield from _zip_file(path, name, max_bytes)
    else:
        try:
            yield Document(name, read_limited(path, max_bytes))
        except ReadError as exc:
            yield Document(name, None, exc.message)


def _tar_file(path: Path, name: str, max_bytes: int) -> Iterator[Document]:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            yield Document(name, None, "not a regular file: refused")
            return
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the stream is read
    except OSError as exc:
        yield Document(name, None, f"cannot read the archive: {exc.strerror or exc}")
        return
    with handle:
        yield from _tar_stream(handle, name, max_bytes, 1)


DAMAGE = (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError, ValueError)
END_CHECK = 1 << 20  # bytes after the last member read to see that the archive ends there


def _decompressed(stream: Any) -> Any:
    """The tar bytes of a stream, by its magic number: gzip, bzip2, xz or none. The
    decompressors check their checksums, which tarfile's own stream mode does not (gzip)."""
    head = stream.peek(6)[:6] if hasattr(stream, "peek") else b""
    if head.startswith(b"\x1f\x8b"):
        return gzip.GzipFile(fileobj=stream, mode="rb")
    if head.startswith(b"BZh"):
        return bz2.BZ2File(stream)
    if head.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(stream)
    return stream


def _tar_stream(stream: IO[bytes], name: str, max_bytes: int, depth: int) -> Iterator[Document]:
    """The documents of a tar archive read as a stream (members in archive order); an
    archive that is cut short or damaged gives, after what could be read, an error."""
    try:
        buffered: Any = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
        archive = tarfile.open(fileobj=_decompressed(buffered), mode="r|")
    except DAMAGE as exc:
        yield Document(name, None, f"not a readable tar archive: {_why(exc)}")
        return
    last = None
    try:
        for member in archive:
            archive.members = []  # type: ignore[attr-defined]  # stream headers are not kept
            last = member.name
            inner = f"{name}{SEPARATOR}{member.name}"
            if not member.isfile():
                continue
            if is_archive(member.name):
                yield from _nested(archive, member, inner, max_bytes, depth)
            elif is_document(member.name):
                yield _member(archive.extractfile(member), inner, member.size, max_bytes)
        problem = _end_problem(archive)
    except DAMAGE as exc:
        problem = _why(exc)
    finally:
        archive.close()
    if problem:
        after = f" after {last}" if last else ""
        yield Document(
            name, None, f"the archive is damaged{after} ({problem}): what follows is lost"
        )


def _end_problem(archive: tarfile.TarFile) -> str | None:
    """Why the archive did not end as a tar archive ends (a second block of zeros, then only
    zeros), or None: tarfile's stream mode stops silently at a damaged header."""
    rest = archive.fileobj.read(END_CHECK) if archive.fileobj is not None else b""
    if len(rest) < tarfile.BLOCKSIZE:
        return "it ends before the end-of-archive blocks"
    if rest.count(0) != len(rest):
        return "a member header is damaged"
    return None


def _nested(
    archive: tarfile.TarFile, member: tarfile.TarInfo, name: str, max_bytes: int, depth: int
) -> Iterator[Document]:
    """An archive inside a tar archive: streamed (tar) or read within the limit (zip)."""
    if depth >= MAX_NESTING:
        yield Document(name, None, f"archives nested more than {MAX_NESTING} deep: not read")
        return
    handle = archive.extractfile(member)
    if handle is None:
        return
    if member.name.lower().endswith(".zip"):
        if member.size > max_bytes:
            yield Document(name, None, f"a zip inside an archive over {max_bytes:,} bytes")
            return
        yield from _zip_members(
            zipfile.ZipFile(BytesIO(handle.read(max_bytes + 1))), name, max_bytes
        )
        return
    yield from _tar_stream(handle, name, max_bytes, depth + 1)


def _member(handle: IO[bytes] | None, name: str, size: int, max_bytes: int) -> Document:
    """One archive member's bytes, within the limit."""
    if handle is None:
        return Document(name, None, "not a regular file in the archive")
    if size > max_bytes:
        return Document(name, None, f"{size:,} bytes, over the limit of {max_bytes:,}")
    raw = handle.read(max_bytes + 1)
    if len(raw) > max_bytes:
        return Document(name, None, f"over the limit of {max_bytes:,} bytes")
    return Document(name, raw)


def _zip_file(path: Path, name: str, max_bytes: int) -> Iterator[Document]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        yield Document(name, None, f"not a readable zip archive: {_why(exc)}")
        return
    with archive:
        yield from _zip_members(archive, name, max_bytes)


def _zip_members(archive: zipfile.ZipFile, name: str, max_bytes: int) -> Iterator[Document]:
    """The documents of a zip archive, in its order (nested zips are not opened)."""
    for info in archive.infolist():
        inner = f"{name}{SEPARATOR}{info.filename}"
        if info.is_dir() or not is_document(info.filename):
            continue
        try:
            with archive.open(info) as handle:
                yield _member(handle, inner, info.file_size, max_bytes)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
            yield Document(inner, None, f"cannot read the member: {_why(exc)}")
        except RuntimeError as exc:  # an encrypted member
            yield Document(inner, None, f"cannot read the member: {_why(exc)}")


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def count_hint(paths: Sequence[str]) -> int | None:
    """How many documents the paths hold, when that is known without reading archives
    (a folder or files of plain documents); None when an archive is among them."""
    total = 0
    for raw in paths:
        path = Path(raw)
        found: Any = walk(path, _scanned) if path.is_dir() else [path]
        for item in found:
            if is_archive(item.name):
                return None
            total += 1
    return total
