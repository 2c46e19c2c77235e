"""Reading input files safely: regular files only, with the size limit applied while reading.

A FIFO, a device (``/dev/zero``), a socket or a directory is refused before a byte is read,
so no input can hang the build or fill the memory; a file is never read past its limit.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path, PurePosixPath

from declaration.errors import InputError, Location

MAX_DEPTH = 8  # levels of a path inside a package
MAX_NAME = 255  # characters of one part of a path


def unsafe(name: str, hidden: frozenset[str] = frozenset()) -> str | None:
    """Why a relative path may not be followed, or None (``hidden``: names starting with a
    dot that the caller writes on purpose, such as a site's ``.htaccess``)."""
    if not name:
        return "empty"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp", "Cs") for c in name):
        return "a name with a control character"
    if "\\" in name or name.startswith("/") or ":" in name.split("/", 1)[0]:
        return "an absolute path or a URL"
    parts = PurePosixPath(name).parts
    if ".." in parts:
        return "a path with '..'"
    if any(part.startswith(".") and part not in hidden for part in parts):
        return "a hidden path"
    if len(parts) > MAX_DEPTH or any(len(part) > MAX_NAME for part in parts):
        return f"deeper than {MAX_DEPTH} levels or with a part longer than {MAX_NAME}"
    return None


def open_regular(path: Path, display: str, *, follow: bool = False) -> int:
    """A descriptor of the regular file ``path``, opened for reading without blocking.

    A symlink is refused unless ``follow``; then its target must be a regular file.
    """
    where = Location(display)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError("missing-file", "no such file", where) from None
    except IsADirectoryError:
        raise InputError("special-file", "a directory; expected a regular file", where) from None
    except OSError as exc:
        if not follow and path.is_symlink():
            raise InputError("unsafe-path", "a symlink; refused", where) from None
        raise InputError("io-error", exc.strerror or str(exc), where) from None
    try:
        mode = os.fstat(fd).st_mode
    except OSError as exc:
        os.close(fd)
        raise InputError("io-error", exc.strerror or str(exc), where) from None
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a directory" if stat.S_ISDIR(mode) else "a FIFO, device or socket"
        raise InputError("special-file", f"{what}; expected a regular file", where)
    return fd


def read_regular(path: Path, limit: int, display: str, *, follow: bool = False) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    A symlink is refused unless ``follow``; then its target must be a regular file.
    """
    where = Location(display)
    fd = open_regular(path, display, follow=follow)
    try:
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise InputError("io-error", exc.strerror or str(exc), where) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InputError("too-large", f"over {limit} bytes; expected at most {limit}", where)
    return data
