"""Writing a release is all or nothing: a failing ``rename`` (ENOSPC, EIO) at any step of the
swap, or a ``kill -9`` at any step, leaves the previous release whole, and no staging
directory outlives its run (the next run undoes what a killed one left)."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from declaration import atomic as bundle
from declaration.commands import build, publish
from declaration.errors import InputError
from declaration.validate import validate
from tests.conftest import NAME, ROOT

OLD = {
    "data/a.csv": b"old a\n",
    "data/b.csv": b"old b\n",
    "schemas/s.json": b"{}\n",
    "datapackage.json": b'{"old": true}\n',
}
NEW = {
    "data/a.csv": b"new a\n",
    "data/c.csv": b"new c\n",
    "schemas/s.json": b'{"new": 1}\n',
    "datapackage.json": b'{"new": true}\n',
    "added.txt": b"a top-level entry that did not exist\n",
}
# the swap's moves: an entry that existed is exchanged with its new one, which is then set
# aside (or, where no exchange can be made, renamed aside and replaced); a new one renamed
RENAMES = 2 * len({name.split("/")[0] for name in NEW}) - 1


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _staging(root: Path) -> list[str]:
    return [name for name in os.listdir(root) if name.startswith(bundle.STAGING_PREFIX)]


def _failing_rename(monkeypatch: pytest.MonkeyPatch, at: int, code: int, times: int = 1) -> None:
    calls = {"n": 0}
    real = os.rename

    real_exchange = bundle._exchange

    def rename(src, dst):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if at <= calls["n"] < at + times:
            raise OSError(code, os.strerror(code), str(src))
        return real(src, dst)

    def exchange(new, current):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if at <= calls["n"] < at + times:
            raise OSError(code, os.strerror(code), str(current))
        return real_exchange(new, current)

    monkeypatch.setattr(bundle.os, "rename", rename)
    monkeypatch.setattr(bundle, "_exchange", exchange)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
@pytest.mark.parametrize("at", range(1, RENAMES + 1))
def test_a_rename_that_fails_at_any_step_leaves_the_previous_release_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int, code: int
) -> None:
    bundle.write_tree(tmp_path, OLD)
    _failing_rename(monkeypatch, at, code)
    with pytest.raises(InputError) as caught:
        bundle.write_tree(tmp_path, NEW)
    assert caught.value.code == "io-error" and "nothing was changed" in caught.value.message
    assert _tree(tmp_path) == OLD
    assert _staging(tmp_path) == []


@pytest.mark.parametrize("at", range(1, RENAMES + 1))
def test_when_undoing_fails_too_the_next_run_restores_the_previous_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    bundle.write_tree(tmp_path, OLD)
    _failing_rename(monkeypatch, at, errno.EIO, times=10_000)  # the disk stays broken
    with pytest.raises(InputError) as caught:
        bundle.write_tree(tmp_path, NEW)
    undone = "nothing was changed" in caught.value.message  # the swap had not begun
    assert undone or "the next run restores" in caught.value.message
    assert bool(_staging(tmp_path)) != undone
    monkeypatch.undo()
    with bundle._locked(tmp_path):
        bundle.recover(tmp_path)
    assert _tree(tmp_path) == OLD
    assert _staging(tmp_path) == []


_KILLER = """
import os, shutil, signal, sys
from pathlib import Path
from declaration import atomic as bundle
where, at = sys.argv[2], int(sys.argv[3])
calls = {}
def killing(real, point):
    def wrapper(*args, **kwargs):
        calls[point] = calls.get(point, 0) + 1
        if point == where and (point != "rename" or calls[point] == at):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return wrapper
bundle.os.rename = killing(os.rename, "rename")
bundle._exchange = killing(bundle._exchange, "rename")  # a move too
bundle._write_synced = killing(bundle._write_synced, "journal" if where == "journal" else "")
if where == "commit":
    real_write = bundle._write_synced
    def write(path, text):
        if path.name == bundle.COMMITTED:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_write(path, text)
    bundle._write_synced = write
bundle.shutil.rmtree = killing(shutil.rmtree, "cleanup")
bundle.write_tree(Path(sys.argv[1]), %r)
"""
KILL_POINTS = [
    ("journal", 0),  # staged, before the journal
    *(("rename", n) for n in range(1, RENAMES + 1)),  # inside the swap
    ("commit", 0),  # swapped, before the commit mark
    ("cleanup", 0),  # committed, before the staging directory is removed
]


@pytest.mark.parametrize(("where", "at"), KILL_POINTS)
def test_a_run_killed_at_any_step_is_undone_by_the_next(
    tmp_path: Path, where: str, at: int
) -> None:
    bundle.write_tree(tmp_path, OLD)
    child = subprocess.run(
        [sys.executable, "-c", _KILLER % NEW, str(tmp_path), where, str(at)], cwd=ROOT, check=False
    )
    assert child.returncode == -signal.SIGKILL
    assert _staging(tmp_path)
    bundle.write_tree(tmp_path, {"data/a.csv": b"next\n"})  # the next run, on one entry
    kept = NEW if where == "cleanup" else OLD  # only a committed swap is kept
    expected = {k: v for k, v in kept.items() if not k.startswith("data/")}
    assert _tree(tmp_path) == {**expected, "data/a.csv": b"next\n"}
    assert _staging(tmp_path) == []


def _killed_build(out: Path, renames: int = 4) -> None:
    """A build into ``out`` killed at its ``renames``-th rename: inside the swap."""
    script = (
        "import os, signal, sys\n"
        "from declaration import atomic as bundle, commands as pipeline\n"
        "real = os.rename\n"
        "calls = []\n"
        "def rename(src, dst):\n"
        "    calls.append(src)\n"
        f"    if len(calls) == {renames}:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real(src, dst)\n"
        "bundle.os.rename = rename\n"
        "real_exchange = bundle._exchange\n"
        "def exchange(new, current):\n"
        "    calls.append(new)\n"
        f"    if len(calls) == {renames}:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return real_exchange(new, current)\n"
        "bundle._exchange = exchange\n"
        "pipeline.build(None, sys.argv[1])\n"
    )
    child = subprocess.run([sys.executable, "-c", script, str(out)], cwd=ROOT, check=False)
    assert child.returncode == -signal.SIGKILL


def test_validate_names_an_interrupted_swap_and_how_to_restore(tmp_path: Path) -> None:
    """A reader of a directory whose swap was cut short is told so, not shown a mix (nor an
    unsafe path); a run that fails early on its source still restores the previous release;
    a finished run's leftover staging directory does not make the release fail."""
    from declaration.errors import MetadataError

    out = tmp_path / "out"
    build(None, out)
    before = _tree(out)
    _killed_build(out)
    with pytest.raises(InputError) as raised:
        validate(out)
    assert raised.value.code == "interrupted-swap"
    assert "run the same build or publish on this directory again" in raised.value.message
    source = tmp_path / "bad"
    shutil.copytree(ROOT / "source", source)
    (source / "metadata.toml").write_text("not toml [", encoding="utf-8")
    with pytest.raises(MetadataError):
        build(source, out)  # fails on its source, after restoring the previous release
    assert _tree(out) == before and _staging(out) == []
    assert validate(out).valid
    leftover = out / f"{bundle.STAGING_PREFIX}done"
    (leftover / "new").mkdir(parents=True)
    (leftover / bundle.JOURNAL).write_text('{"tops": [], "existed": []}', encoding="utf-8")
    (leftover / bundle.COMMITTED).write_text("", encoding="utf-8")
    (leftover / "new" / "stray.csv").write_bytes(b"a\n")
    assert validate(out).valid


def test_a_killed_build_of_the_repository_layout_is_undone_and_valid(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(None, out)
    before = _tree(out)
    _killed_build(out)
    assert _staging(out)  # the swap was cut short: data/ is the new one, schemas/ the old
    build(None, out)
    assert _tree(out) == before
    assert _staging(out) == []
    assert validate(out).valid


@pytest.mark.parametrize("at", [1, 2, 3])
def test_a_failed_publish_keeps_the_previous_bundle_and_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    publish(None, tmp_path)
    before = _tree(tmp_path)
    _failing_rename(monkeypatch, at, errno.ENOSPC)
    with pytest.raises(InputError):
        publish(None, tmp_path)
    assert _tree(tmp_path) == before
    assert sorted(os.listdir(tmp_path)) == [NAME, f"{NAME}.zip", "site"]


def test_entries_outside_the_release_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_bytes(b"mine\n")
    bundle.write_tree(tmp_path, OLD)
    bundle.write_tree(tmp_path, NEW)
    assert _tree(tmp_path) == {**NEW, "notes.txt": b"mine\n"}


def test_a_reader_sees_the_old_bundle_or_the_new_never_a_mix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle directory is replaced in one step (an exchange): what a reader finds at its
    path between any two moves of the swap, and after the last, is the whole old bundle or
    the whole new one, never a missing or half-replaced directory."""
    (tmp_path / "probe-a").mkdir()
    (tmp_path / "probe-b").mkdir()
    if not bundle._exchange(tmp_path / "probe-a", tmp_path / "probe-b"):
        pytest.skip("this file system cannot exchange two entries in one step (renameat2)")
    old = {f"bundle/{name}": data for name, data in OLD.items()}
    new = {f"bundle/{name}": data for name, data in NEW.items()}
    bundle.write_tree(tmp_path, old)
    seen: list[dict[str, bytes]] = []

    def read() -> None:
        seen.append({k: v for k, v in _tree(tmp_path).items() if k.startswith("bundle/")})

    def watched(real):  # type: ignore[no-untyped-def]
        def move(*args):  # type: ignore[no-untyped-def]
            read()
            result = real(*args)
            read()
            return result

        return move

    monkeypatch.setattr(bundle.os, "rename", watched(os.rename))
    monkeypatch.setattr(bundle, "_exchange", watched(bundle._exchange))
    bundle.write_tree(tmp_path, new)
    read()
    assert len(seen) >= 3 and seen[0] == old and seen[-1] == new
    assert all(state in (old, new) for state in seen), [s for s in seen if s not in (old, new)]
