"""Opening an untrusted package: a directory, a ``datapackage.json`` or a zip.

Nothing is followed or trusted: a symlink anywhere, a special file (FIFO, device, socket),
a name with a control character, ``..``, an absolute or a hidden part is refused; every
file is read with its size limit applied while reading; a zip is read entry by entry under
limits (count, depth, size, ratio) with its codec errors and lying headers reported, never
raised. A directory's files are listed here and read when a check asks for them, so that a
corpus is never in memory whole; each read applies the same refusals again. A zip is read
through once here, entry by entry (every check made, every entry's CRC, size and SHA-256
taken), and each entry is read again when a check asks for it, by positional reads that
worker processes can share.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

from declaration.errors import InputError, Location, printable
from declaration.files import open_regular, read_regular, unsafe
from declaration.spool import Digest, Named, Selected, digest
from declaration.validate.report import Problem

# The limits of a package, for the build (which refuses to write a package over them) as for
# the validator: a declaration of 5,000 points, or a corpus of hundreds, stays under them.
MAX_FILE_BYTES = 128_000_000
MAX_ZIP_BYTES = 1_000_000_000
MAX_ENTRIES = 10_000
MAX_ZIP_RATIO = 200

BUNDLE_FILES = ("README.md", "CITATION.cff", "CHANGELOG.md", "LICENSE", "SHA256SUMS")
REPOSITORY_TOPS = ("data", "schemas")

Kind = Literal["repository", "bundle", "package"]


@dataclass
class Package:
    """Every file of a package, by relative POSIX path, read once; and what was refused."""

    kind: Kind
    files: Mapping[str, bytes] = field(default_factory=dict)
    refused: list[Problem] = field(default_factory=list)
    source: Path | None = None


def open_package(path: Path) -> Package:
    """The package at ``path``; :class:`InputError` if it cannot be read at all."""
    where = Location(printable(str(path), 1000))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError("missing-file", "no such file or directory", where) from None
    except OSError as exc:
        raise InputError("io-error", exc.strerror or str(exc), where) from None
    if stat.S_ISDIR(mode):
        return _directory(path)
    if not stat.S_ISREG(mode):
        raise InputError(
            "special-file", "not a regular file or a directory; expected a package", where
        )
    if path.name == "datapackage.json":
        return _directory(path.parent)
    handle = _Positional(open_regular(path, where.path))
    if handle.size > MAX_ZIP_BYTES:
        handle.close()
        raise InputError(
            "too-large", f"over {MAX_ZIP_BYTES} bytes; expected at most {MAX_ZIP_BYTES}", where
        )
    if not zipfile.is_zipfile(handle):
        handle.close()
        raise InputError("bad-input", "expected a directory, a datapackage.json or a zip", where)
    return _zip(handle, where)


class _Positional(io.RawIOBase):
    """A regular file read by position (``pread``): its offset is its own, so that worker
    processes forked with it read alike; closed with it."""

    def __init__(self, fd: int) -> None:
        self._fd, self._at = fd, 0
        self.size = os.fstat(fd).st_size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._at, os.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise OSError("seek before the start of the file")
        self._at = base + offset
        return self._at

    def tell(self) -> int:
        return self._at

    def readinto(self, buffer: Any) -> int:
        data = os.pread(self._fd, len(buffer), self._at)
        buffer[: len(data)] = data
        self._at += len(data)
        return len(data)

    def close(self) -> None:
        if not self.closed:
            os.close(self._fd)
        super().close()


def in_memory(files: Mapping[str, bytes]) -> Package:
    """A package about to be written (in memory or spooled, see :mod:`declaration.spool`),
    under the limits a package read from disk has."""
    package = Package("package")
    sizes = {name: digest(files, name)[0] for name in files}
    if len(files) > MAX_ENTRIES:
        package.refused.append(Problem(".", "too-many-files", f"more than {MAX_ENTRIES} files"))
    if sum(sizes.values()) > MAX_ZIP_BYTES:
        package.refused.append(Problem(".", "too-large", f"more than {MAX_ZIP_BYTES} bytes in all"))
    refused = set()
    for name, size in sorted(sizes.items()):
        reason = unsafe(name)
        if reason:
            package.refused.append(Problem(name, "unsafe-path", f"{reason}; refused"))
        elif size > MAX_FILE_BYTES:
            package.refused.append(Problem(name, "too-large", f"over {MAX_FILE_BYTES} bytes"))
        else:
            continue
        refused.add(name)
    package.files = Selected(files, [n for n in files if n not in refused]) if refused else files
    if any(name in package.files for name in BUNDLE_FILES):
        package.kind = "bundle"
    return package


def _interrupted(root: Path) -> None:
    """A directory where a build or publish was interrupted while it put its files in place
    holds a mix of two releases until a run restores it: one error that says so."""
    from declaration.atomic import interrupted

    found = interrupted(root)
    if found:
        raise InputError(
            "interrupted-swap",
            f"a build or publish was interrupted here while it replaced the release "
            f"({found[0].name}): the files may be a mix of two releases; run the same "
            "build or publish on this directory again (it restores the previous release "
            "first), then validate",
            Location(printable(str(found[0]), 1000)),
        )


def _directory(root: Path) -> Package:
    from declaration.atomic import STAGING_PREFIX

    _interrupted(root)
    metadata = root / "source" / "metadata.toml"
    if metadata.is_file() and not metadata.is_symlink():
        package = Package("repository", source=root / "source")
        names = ["datapackage.json", *REPOSITORY_TOPS]
    else:
        package = Package("package")
        names = sorted(os.listdir(root))
    total = 0
    found: dict[str, tuple[Path, int]] = {}
    # a finished run's staging directory, or one killed before its swap, is not the release's
    names = [n for n in names if not n.startswith(STAGING_PREFIX)]
    pending = [(name, root / name) for name in reversed(names)]
    while pending:
        name, path = pending.pop()
        reason = unsafe(name)
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            continue
        if reason:
            package.refused.append(Problem(name, "unsafe-path", f"{reason}; refused"))
        elif stat.S_ISLNK(mode):
            package.refused.append(Problem(name, "unsafe-path", "a symlink; refused"))
        elif stat.S_ISDIR(mode):
            children = sorted(os.listdir(path), reverse=True)
            pending.extend((f"{name}/{child}", path / child) for child in children)
        elif not stat.S_ISREG(mode):
            package.refused.append(Problem(name, "special-file", "not a regular file; refused"))
        else:
            if len(found) >= MAX_ENTRIES:
                raise InputError(
                    "too-many-files", f"more than {MAX_ENTRIES} files", Location(str(root))
                )
            size = os.lstat(path).st_size
            if size > MAX_FILE_BYTES:
                why = f"over {MAX_FILE_BYTES} bytes; expected at most {MAX_FILE_BYTES}"
                package.refused.append(Problem(name, "too-large", why))
                continue
            total += size
            if total > MAX_ZIP_BYTES:
                raise InputError(
                    "too-large", f"more than {MAX_ZIP_BYTES} bytes in all", Location(str(root))
                )
            found[name] = (path, size)
        if len(pending) > 10 * MAX_ENTRIES:
            raise InputError(
                "too-many-files", f"more than {MAX_ENTRIES} files", Location(str(root))
            )
    package.files = _OnDisk(found)
    if package.kind == "package" and any(name in package.files for name in BUNDLE_FILES):
        package.kind = "bundle"
    return package


class _OnDisk(Named[tuple[Path, int]], Mapping[str, bytes]):
    """The regular files of a directory, listed once (``name -> (path, size)``) and read
    when asked for, each time under the same refusals: a file that is no longer the regular
    file of that size (replaced by a symlink, a FIFO, grown or cut) is an error on it."""

    def __init__(self, listed: dict[str, tuple[Path, int]]) -> None:
        self._named = listed

    def __getitem__(self, name: str) -> bytes:
        path, size = self._named[name]
        data = read_regular(path, MAX_FILE_BYTES, name)
        if len(data) != size:
            raise InputError(
                "file-changed",
                f"{len(data)} bytes, {size} when the package was opened; expected a package "
                "that does not change while it is validated",
                Location(name),
            )
        return data

    def digest(self, name: str) -> Digest:
        data = self[name]
        return len(data), hashlib.sha256(data).hexdigest()


_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, ValueError, OSError)


def _zip(data: bytes | BinaryIO | io.RawIOBase, where: Location) -> Package:
    """A zip's package: its entries checked, each read through once (CRC, sizes, SHA-256),
    to be read again when asked for."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
        entries = archive.infolist()
    except (*_ZIP_ERRORS, RuntimeError) as exc:
        raise InputError(
            "zip-corrupt", f"not a readable zip: {printable(str(exc))}", where
        ) from None
    if len(entries) > MAX_ENTRIES:
        raise InputError(
            "zip-too-many-entries", f"{len(entries)} entries; at most {MAX_ENTRIES}", where
        )
    seen: set[str] = set()
    total = 0
    for entry in entries:
        _check_entry(entry, seen, where)
        total += entry.file_size
        if total > MAX_ZIP_BYTES:
            raise InputError(
                "zip-too-large", f"more than {MAX_ZIP_BYTES} bytes uncompressed", where
            )
    files = {e.filename: (e, _read_through(archive, e, where)) for e in entries if not e.is_dir()}
    prefix = _root_of(files)
    if prefix is None:
        raise InputError("missing-file", "the zip holds no datapackage.json at its root", where)
    package = Package("bundle")
    package.files = _InZip(
        archive, {name[len(prefix) :]: found for name, found in files.items()}, where
    )
    return package


class _InZip(Named[tuple[zipfile.ZipInfo, Digest]], Mapping[str, bytes]):
    """The entries of a zip (``name -> (entry, digest)``), read again when asked for; an
    entry that no longer has the bytes it had when the zip was opened is an error on it."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        entries: dict[str, tuple[zipfile.ZipInfo, Digest]],
        where: Location,
    ) -> None:
        self._archive, self._named, self._where = archive, entries, where

    def __getitem__(self, name: str) -> bytes:
        entry, (_, sha256) = self._named[name]
        data = b"".join(_chunks(self._archive, entry, self._where))
        if hashlib.sha256(data).hexdigest() != sha256:
            raise InputError(
                "file-changed",
                f"entry {printable(entry.filename)!r} is not what it was when the zip was "
                "opened; expected a zip that does not change while it is validated",
                self._where,
            )
        return data

    def digest(self, name: str) -> Digest:
        return self._named[name][1]


def _check_entry(entry: zipfile.ZipInfo, seen: set[str], where: Location) -> None:
    """An entry is safe to read: its name, its kind and its size, before any byte is read."""
    shown = printable(entry.filename)
    name = entry.filename.rstrip("/") if entry.is_dir() else entry.filename
    reason = unsafe(name)
    if reason:
        raise InputError("zip-unsafe-entry", f"entry {shown!r} is {reason}", where)
    if name in seen:
        raise InputError("zip-unsafe-entry", f"entry {shown!r} appears twice", where)
    seen.add(name)
    if stat.S_ISLNK(entry.external_attr >> 16):
        raise InputError("zip-unsafe-entry", f"entry {shown!r} is a symlink", where)
    if entry.flag_bits & 0x1:
        raise InputError("zip-unsafe-entry", f"entry {shown!r} is encrypted", where)
    if entry.file_size > MAX_FILE_BYTES:
        raise InputError("zip-too-large", f"entry {shown!r} is over {MAX_FILE_BYTES} bytes", where)
    ratio = entry.file_size // max(entry.compress_size, 1)
    if entry.file_size > 1_000_000 and entry.file_size > MAX_ZIP_RATIO * max(
        entry.compress_size, 1
    ):
        raise InputError("zip-bomb", f"entry {shown!r} expands {ratio}-fold", where)


def _read_through(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, where: Location) -> Digest:
    """An entry's size and SHA-256, its bytes read a chunk at a time and let go."""
    sha256, size = hashlib.sha256(), 0
    for chunk in _chunks(archive, entry, where):
        sha256.update(chunk)
        size += len(chunk)
    return size, sha256.hexdigest()


def _chunks(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, where: Location) -> Iterator[bytes]:
    """An entry's bytes, a chunk at a time, never more than its header says (its CRC
    checked at its end)."""
    shown = printable(entry.filename)
    size = 0
    try:
        with archive.open(entry) as source:
            while size <= entry.file_size and (
                chunk := source.read(min(CHUNK, entry.file_size + 1 - size))
            ):
                size += len(chunk)
                if size > entry.file_size:
                    break
                yield chunk
    except (*_ZIP_ERRORS, RuntimeError) as exc:
        raise InputError(
            "zip-corrupt", f"entry {shown!r} cannot be read: {printable(str(exc))}", where
        ) from None
    if size < entry.file_size:
        raise InputError("zip-corrupt", f"entry {shown!r} is shorter than its header says", where)
    if size > entry.file_size:
        raise InputError("zip-bomb", f"entry {shown!r} is larger than its header says", where)


CHUNK = 1 << 20


def _root_of(files: Mapping[str, object]) -> str | None:
    """The package's folder in a zip: the root, or the one top folder that holds a descriptor."""
    if "datapackage.json" in files:
        return ""
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) == 1 and all("/" in name for name in files):
        top = f"{next(iter(tops))}/"
        if f"{top}datapackage.json" in files:
            return top
    return None
