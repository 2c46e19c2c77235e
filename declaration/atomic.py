"""Write a set of generated files into a directory, all or nothing, and survive being killed.

Every file is written (and synced) into a staging directory ``.staging-*`` inside the target
first. A journal then lists the top-level entries to replace (``data/``, ``schemas/``,
``datapackage.json``; or a bundle directory and its zip), which of them existed, and what
each new one is (its inode). Each entry that existed is exchanged with its new one in one
step (Linux's ``renameat2`` with ``RENAME_EXCHANGE``), so that a reader of its path finds the
old or the new, never nothing nor a mix; the old is then set aside in the staging directory.
Where no exchange can be made (another system, a file system without it), two renames do. When every swap is done the journal is marked committed and the staging
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
import sys
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
        # what each new entry is, to tell after a kill whether it was exchanged already
        inodes = {top: os.lstat(staging / "new" / top).st_ino for top in existed}
        journal = {"tops": tops, "existed": existed, "inodes": inodes}
        _write_synced(staging / JOURNAL, json.dumps(journal))
        _sync(staging)
        for top in tops:
            new = staging / "new" / top
            if top not in existed:
                os.rename(new, out / top)
            elif _exchange(new, out / top):  # in one step: a reader sees the old or the new
                os.rename(new, _old(staging, top))  # the old, exchanged, set aside
            else:  # no exchange here: two steps
                os.rename(out / top, _old(staging, top))
                os.rename(new, out / top)
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
        inodes = journal.get("inodes", {})
        for top in journal["tops"]:
            old, new = _old(staging, top), staging / "new" / top
            if (  # exchanged, not yet set aside: the old is where the new was
                not os.path.lexists(old)
                and os.path.lexists(new)
                and os.path.lexists(out / top)
                and os.lstat(out / top).st_ino == inodes.get(top)
            ):
                os.rename(new, old)
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


AT_FDCWD, RENAME_EXCHANGE = -100, 2  # <fcntl.h>, <linux/fs.h>


def _exchange(new: Path, current: Path) -> bool:
    """Exchange ``new`` and ``current`` in one step (Linux's ``renameat2`` with
    ``RENAME_EXCHANGE``), so that a reader of ``current`` never finds it missing nor half
    replaced; False where the system or the file system cannot (then two renames do)."""
    if sys.platform != "linux":
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:  # a C library without it
        return False
    paths = os.fsencode(new), os.fsencode(current)
    if renameat2(AT_FDCWD, paths[0], AT_FDCWD, paths[1], RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(current))


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
