"""Where the files of a release are put as they are written: in memory (a dict, for one
declaration), or a :class:`Spool` on disk (for a corpus), so that what a build holds at once
is one declaration's files, not the whole release.

Every writer takes the files written before it as a ``Mapping[str, bytes]``; what the
descriptor and the checksums need of them (size and SHA-256) is :func:`digest`, which a
spool answers without reading the file back. A file too large to hold (the release zip) is
streamed into its store (:func:`stream`), and a file is copied from store to store without
holding it (:func:`copy`). Work done in a worker process puts its files
into its own copy of the store; :func:`export` is what goes back to the parent, and
:func:`attach` takes it in (a dict: the bytes; a spool: the sizes and hashes, the files
being on the disk they share).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Generic, TypeVar

from declaration.files import read_regular, unsafe

Digest = tuple[int, str]  # size in bytes, SHA-256 in hex


def digest(files: Mapping[str, bytes], name: str) -> Digest:
    """The size and SHA-256 of the file ``name`` of ``files``."""
    own = getattr(files, "digest", None)
    if own is not None:
        found: Digest = own(name)
        return found
    data = files[name]
    return len(data), hashlib.sha256(data).hexdigest()


def stream(
    files: MutableMapping[str, bytes], name: str, write: Callable[[BinaryIO], object]
) -> None:
    """Put the file ``name`` into ``files``, its bytes written by ``write`` to a handle (a
    spool's file, held nowhere in memory)."""
    if isinstance(files, Spool):
        files.stream(name, write)
        return
    buffer = io.BytesIO()
    write(buffer)
    files[name] = buffer.getvalue()


def copy(source: Mapping[str, bytes], name: str, target: MutableMapping[str, bytes]) -> None:
    """Put the file ``name`` of ``source`` into ``target`` under the same name (from spool
    to spool, file to file)."""
    if isinstance(source, Spool) and isinstance(target, Spool):
        target.stream(name, lambda handle: _copy_from(source, name, handle))
    else:
        target[name] = source[name]


def _copy_from(source: Spool, name: str, handle: BinaryIO) -> None:
    with open(source.path(name), "rb") as original:
        shutil.copyfileobj(original, handle, CHUNK)


CHUNK = 1 << 20


V = TypeVar("V")


class Named(Generic[V]):
    """A mapping's membership, iteration and length: those of the dict ``_named`` (the
    names of its files, in their order, with what it keeps of each)."""

    _named: Mapping[str, V]

    def __contains__(self, name: object) -> bool:
        return name in self._named

    def __iter__(self) -> Iterator[str]:
        return iter(self._named)

    def __len__(self) -> int:
        return len(self._named)


class Selected(Named[None], Mapping[str, bytes]):
    """The files ``names`` of ``files`` (in that order), with their digests."""

    def __init__(self, files: Mapping[str, bytes], names: Iterable[str]) -> None:
        self._files, self._named = files, dict.fromkeys(names)

    def __getitem__(self, name: str) -> bytes:
        if name not in self._named:
            raise KeyError(name)
        return self._files[name]

    def digest(self, name: str) -> Digest:
        return digest(self._files, name)


def export(files: MutableMapping[str, bytes], names: Iterable[str]) -> list[tuple[str, Any]]:
    """What a worker process sends back of the files ``names`` it put into ``files``."""
    own = getattr(files, "export", None)
    if own is not None:
        exported: list[tuple[str, Any]] = own(names)
        return exported
    return [(name, files[name]) for name in names]


def attach(files: MutableMapping[str, bytes], exported: list[tuple[str, Any]]) -> None:
    """Take in what :func:`export` gave in a worker process (the same store, forked)."""
    own = getattr(files, "attach", None)
    if own is not None:
        own(exported)
    else:
        files.update(exported)


class Digested(Named[Digest], MutableMapping[str, bytes]):
    """A store of files that keeps each one's size and SHA-256: its names are those."""

    def __init__(self) -> None:
        self._digests: dict[str, Digest] = {}
        self._named = self._digests

    def digest(self, name: str) -> Digest:
        return self._digests[name]


class Spool(Digested):
    """Files written under ``root`` (synced, mode 644 in directories of mode 755) as they
    are put in, read back when asked for; their sizes and hashes are kept. A spool
    :meth:`under` a directory of another holds the files of that directory, named from it;
    what is put into it is the other's too."""

    def __init__(
        self,
        root: Path,
        hidden: frozenset[str] = frozenset(),
        parent: tuple[Spool, str] | None = None,
    ) -> None:
        super().__init__()
        self.root = root
        self.hidden = hidden
        self._parent = parent  # the spool this one is under, and its directory there

    def under(self, directory: str) -> Spool:
        """The files of ``directory``, as a spool of their own."""
        return Spool(self.path(directory), self.hidden, (self, directory))

    def path(self, name: str) -> Path:
        return self.root.joinpath(*PurePosixPath(name).parts)

    def _record(self, name: str, found: Digest) -> None:
        self._digests[name] = found
        if self._parent is not None:
            parent, directory = self._parent
            parent._record(f"{directory}/{name}", found)

    def __setitem__(self, name: str, data: bytes) -> None:
        self._write(name, lambda handle: handle.write(data))
        self._record(name, (len(data), hashlib.sha256(data).hexdigest()))

    def stream(self, name: str, write: Callable[[BinaryIO], object]) -> None:
        """Put the file ``name`` in, its bytes written by ``write`` to its handle."""
        target = self._write(name, write)
        sha256, size = hashlib.sha256(), 0
        with open(target, "rb") as handle:
            while chunk := handle.read(CHUNK):
                sha256.update(chunk)
                size += len(chunk)
        self._record(name, (size, sha256.hexdigest()))

    def _write(self, name: str, write: Callable[[BinaryIO], object]) -> Path:
        why = unsafe(name, self.hidden)
        if why:  # the rule the validator applies to what it reads
            raise ValueError(f"unsafe path in a release: {name!r}: {why}")
        target = self.path(name)
        self._directory(target.parent)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        with os.fdopen(fd, "w+b") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(target, 0o644)
        return target

    def _directory(self, path: Path) -> None:
        missing = []
        while not path.is_dir():
            missing.append(path)
            path = path.parent
        for directory in reversed(missing):
            directory.mkdir(exist_ok=True)
            os.chmod(directory, 0o755)

    def __getitem__(self, name: str) -> bytes:
        if name not in self._digests:
            raise KeyError(name)
        return read_regular(self.path(name), self._digests[name][0], name)

    def __delitem__(self, name: str) -> None:
        if self._parent is not None:
            parent, directory = self._parent
            del parent._digests[f"{directory}/{name}"]
        del self._digests[name]
        os.unlink(self.path(name))

    def export(self, names: Iterable[str]) -> list[tuple[str, Digest]]:
        return [(name, self._digests[name]) for name in names]

    def attach(self, exported: list[tuple[str, Digest]]) -> None:
        for name, found in exported:
            self._record(name, found)
