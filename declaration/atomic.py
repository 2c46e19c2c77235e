"""Write a set of generated files into a directory, all or nothing, and survive being killed.

Every file is written (and synced) into a staging directory ``.staging-*`` inside the target
first. A journal then lists the top-level entries to replace (``data/``, ``schemas/``,
``datapackage.json``; or a bundle directory and its zip) and which of them existed. Each
entry is swapped by two renames: the current one into the staging directory, the new one
into place. When every swap is done the journal is marked committed and the staging
directory removed.

If a step fails (a ``rename`` with ENOSPC or EIO, say), the swaps already done are undone
before the error is raised, so the previous release is left whole. If the process is killed,
the next run finds the staging directory and does the same (or, if the journal was
committed, only removes it) before anything else. Runs on one target are serialised by a
lock on the target directory, so a live run's staging directory is never taken for a stale one.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from declaration.errors import InputError, Location
from declaration.files import unsafe
from declaration.spool import Spool

STAGING_PREFIX = ".staging-"
JOURNAL = "journal.json"
COMMITTED = "committed"


def write_tree(
    out: Path, files: Mapping[str, bytes], hidden: frozenset[str] = frozenset()
) -> list[Path]:
    """Write ``files`` (relative POSIX paths to bytes) under ``out``; returns the paths written.

    The top-level entries the files fall under are replaced whole; other entries of ``out``
    are left alone.
    """
    for name in files:  # the rule the validator applies to what it reads
        why = unsafe(name, hidden)
        if why:
            raise ValueError(f"unsafe path in a release: {name!r}: {why}")
    with staged(out, hidden) as spool:
        for name, data in sorted(files.items()):
            spool[name] = data
    return [out / name for name in sorted(files)]


@contextmanager
def staged(out: Path, hidden: frozenset[str] = frozenset()) -> Iterator[Spool]:
    """A :class:`Spool` in a new staging directory of ``out``, with ``out`` locked: what is
    put into it is put in place, all at once, when the block ends; nothing if it raises."""
    _make_directory(out)
    with _locked(out):
        recover(out)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
        spool = Spool(staging / "new", hidden)
        try:
            yield spool
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _swap(out, staging, sorted({PurePosixPath(name).parts[0] for name in spool}))


def settle(out: Path) -> None:
    """Finish or undo what a run interrupted in ``out`` (if it is a directory), before
    anything else is read: a later run that fails early leaves the previous release whole."""
    if out.is_dir() and not out.is_symlink():
        with _locked(out):
            recover(out)


def interrupted(out: Path) -> list[Path]:
    """The staging directories of ``out`` whose swap began and was not committed: the
    release there may be a mix of two until a run on ``out`` restores it."""
    found = []
    for entry in sorted(os.listdir(out)):
        staging = out / entry
        if (
            entry.startswith(STAGING_PREFIX)
            and staging.is_dir()
            and not staging.is_symlink()
            and (staging / JOURNAL).is_file()
            and not (staging / COMMITTED).exists()
        ):
            found.append(staging)
    return found


def _swap(out: Path, staging: Path, tops: list[str]) -> None:
    """Put the entries ``tops`` of ``staging``'s ``new`` in place of those of ``out``."""
    try:
        (staging / "new").mkdir(exist_ok=True)
        _sync_tree(staging / "new")
        existed = [top for top in tops if os.path.lexists(out / top)]
        _write_synced(staging / JOURNAL, json.dumps({"tops": tops, "existed": existed}))
        _sync(staging)
        for top in tops:
            if top in existed:
                os.rename(out / top, _old(staging, top))
            os.rename(staging / "new" / top, out / top)
        _sync(out)
        _write_synced(staging / COMMITTED, "")
    except BaseException as error:
        try:
            _roll_back(out, staging)
        except OSError as again:
            raise InputError(
                "io-error",
                f"{_why(error)}, and undoing the partial swap failed too ({_why(again)}); "
                f"the next run restores the previous release from {staging.name}",
                Location(str(out)),
            ) from None
        if isinstance(error, OSError):
            raise InputError(
                "io-error",
                f"{_why(error)}; nothing was changed",
                Location(str(out)),
            ) from None
        raise
    shutil.rmtree(staging, ignore_errors=True)


def recover(out: Path) -> None:
    """Finish what an interrupted run left in ``out``: undo an uncommitted swap, remove its
    staging directory. Call with the lock held."""
    for entry in sorted(os.listdir(out)):
        if entry.startswith(STAGING_PREFIX) and (out / entry).is_dir():
            _roll_back(out, out / entry)


def _roll_back(out: Path, staging: Path) -> None:
    if not (staging / COMMITTED).exists() and (staging / JOURNAL).is_file():
        journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
        for top in journal["tops"]:
            old = _old(staging, top)
            if os.path.lexists(old):  # swapped out: what is in place (if anything) is new
                if os.path.lexists(out / top):
                    os.rename(out / top, staging / f"undone-{top}")
                os.rename(old, out / top)
            elif (  # put in place where nothing was: take it away
                top not in journal["existed"]
                and not os.path.lexists(staging / "new" / top)
                and os.path.lexists(out / top)
            ):
                os.rename(out / top, staging / f"undone-{top}")
        _sync(out)
    shutil.rmtree(staging)


def _old(staging: Path, top: str) -> Path:
    return staging / f"old-{top}"


def _sync_tree(root: Path) -> None:
    """Sync every directory of ``root`` (its files were synced as they were written)."""
    for directory in sorted({p for p in root.rglob("*") if p.is_dir()} | {root}):
        _sync(directory)


def _write_synced(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _sync(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as exc:  # some file systems cannot sync a directory
        if exc.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _make_directory(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise InputError(
            "not-a-directory",
            "not a directory; expected a directory to write into",
            Location(str(out)),
        ) from None
    except NotADirectoryError:
        raise InputError(
            "not-a-directory",
            "a parent is not a directory; expected a directory",
            Location(str(out)),
        ) from None


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """Hold an exclusive lock on the target directory for the length of a run."""
    fd = os.open(out, os.O_RDONLY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _why(error: BaseException) -> str:
    if isinstance(error, OSError):
        return f"{error.strerror or error} ({error.filename})" if error.filename else str(error)
    return type(error).__name__
