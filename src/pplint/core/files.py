"""Reading untrusted files safely: regular files only, never more than a limit."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

DEFAULT_READ_LIMIT = 16 * 1024 * 1024


class ReadError(Exception):
    """A file that cannot or must not be read; the message is in plain words."""

    def __init__(self, message: str, too_large: bool = False):
        super().__init__(message)
        self.message = message
        self.too_large = too_large


def read_limited(
    path: Path | str, limit: int = DEFAULT_READ_LIMIT, *, follow_symlinks: bool = True
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    FIFOs, devices, sockets and directories are refused without blocking (the file is opened
    non-blocking and checked with fstat before any read), and at most ``limit + 1`` bytes are
    read, so ``/dev/zero`` or a growing file cannot exhaust memory. With
    ``follow_symlinks=False`` a symbolic link is refused too (caches).
    """
    try:
        if stat.S_ISSOCK(os.stat(path).st_mode):  # opening a socket fails with a vague error
            raise ReadError("not a regular file (a socket): refused")
    except OSError:
        pass  # os.open below reports it
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(f"not a regular file ({_kind(info.st_mode)}): refused")
        if info.st_size > limit:
            raise ReadError(_too_large(info.st_size, limit), too_large=True)
        chunks: list[bytes] = []
        remaining = limit + 1
        size = info.st_size + 1  # a whole regular file in one read (it may still grow)
        while remaining > 0:
            chunk = os.read(fd, min(remaining, max(size, 1 << 16)))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise ReadError(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ReadError(_too_large(len(data), limit, grew=True), too_large=True)
    return data


def _too_large(size: int, limit: int, grew: bool = False) -> str:
    size_text = f"over {limit:,} bytes" if grew else f"{size:,} bytes"
    return (
        f"file is {size_text}, over the limit of {limit:,} bytes "
        "(raise `limits.max_file_bytes` in the configuration if this is intended)"
    )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def walk(root: Path, keep: Callable[[os.DirEntry[str]], bool]) -> Iterator[Path]:
    """The entries below a folder that ``keep`` keeps (a folder is never offered to it),
    depth first in name order (as sorting the paths would), without recursion. Hidden folders
    are skipped and a link to a folder is never followed (no loops, no leaving the tree); a
    folder that cannot be listed is yielded, so that reading it reports why."""
    listing = _listing(root)
    if listing is None:
        yield root
        return
    stack = [iter(listing)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif _is_folder(entry):
            if not entry.name.startswith("."):
                inner = _listing(Path(entry.path))
                if inner is None:
                    yield Path(entry.path)
                else:
                    stack.append(iter(inner))
        elif keep(entry):
            yield Path(entry.path)


def _listing(folder: Path) -> list[os.DirEntry[str]] | None:
    """The entries of a folder in name order, or None when it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda e: e.name)
    except OSError:
        return None


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """A real folder, not a link to one."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False
