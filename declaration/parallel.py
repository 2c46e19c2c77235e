"""Independent work on the cores available: tasks run in forked processes, results come back
in the order the tasks were given, so the output never depends on the number of workers.

Only where ``fork`` is the platform's way (Linux): a forked child shares what the parent has
read and imported, and needs nothing pickled but its result. Elsewhere, with one worker, or
when a child cannot report (killed, a result that does not pickle), the task runs in the
calling process: parallelism changes the time, never the outcome.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import re
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

ENVIRONMENT = "DECLARATION_WORKERS"
MAX_WORKERS = 256


def _from_environment() -> int | None:
    """``$DECLARATION_WORKERS``: ASCII digits, from 1 to ``MAX_WORKERS`` (unset or empty:
    None); anything else is a usage error, located at the variable."""
    from declaration.errors import InputError, Location, printable

    value = os.environ.get(ENVIRONMENT, "")
    if not value:
        return None
    if re.fullmatch(r"[0-9]{1,4}", value, flags=re.ASCII) and 1 <= int(value) <= MAX_WORKERS:
        return int(value)
    raise InputError(
        "usage",
        f"{ENVIRONMENT}={printable(value, 40)!r}; expected a number of processes from 1 to "
        f"{MAX_WORKERS}, in ASCII digits",
        Location(f"${ENVIRONMENT}"),
    )


def workers(requested: int | None = None) -> int:
    """How many processes to use: ``requested``, else ``$DECLARATION_WORKERS``, else the
    cores this process may run on; 1 where processes are not forked (not Linux, or threads
    running: a child forked from them could inherit a lock held by another thread)."""
    if requested is None:
        requested = _from_environment()
    if sys.platform != "linux" or threading.active_count() > 1:
        return 1
    if requested is None:
        requested = len(os.sched_getaffinity(0))
    return max(1, requested)


def _child(task: Callable[[], Any], write: int) -> None:
    """In the forked child: run the task, send its pickled outcome, exit without cleanup."""
    try:
        try:
            outcome: tuple[bool, Any] = (True, task())
        except BaseException as exc:  # raised again in the parent, where it belongs
            outcome = (False, exc)
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            data = b""  # the parent runs the task itself
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)


class _Started:
    """A task running in a forked child, or to be run here when it is collected."""

    def __init__(self, task: Callable[[], Any], fork: bool) -> None:
        self.task = task
        self.pid = 0
        self.read = -1
        if fork:
            read, write = os.pipe()
            sys.stdout.flush()
            sys.stderr.flush()
            # As Python's documentation advises before a fork: the child's collections then
            # leave the objects it shares with this process alone (no page copied for them).
            # This process thaws them at once, unless something else froze them first.
            thaw = gc.get_freeze_count() == 0
            gc.freeze()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                _child(task, write)
            if thaw:
                gc.unfreeze()
            os.close(write)
            self.pid, self.read = pid, read

    def collect(self) -> Any:
        if not self.pid:
            return self.task()
        with os.fdopen(self.read, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self.pid, 0)
        if not data:
            return self.task()
        ok, value = pickle.loads(data)  # our own child's bytes
        if not ok:
            raise value
        return value


def run(
    tasks: Sequence[Callable[[], T]], jobs: int | None = None, what: str | None = None
) -> list[T]:
    """The results of ``tasks``, in their order. The tasks are cut into ``workers(jobs)``
    runs of consecutive tasks, one per process (the calling process runs the last one).
    ``what``: the work's name, for its progress (:mod:`declaration.progress`), told as the
    calling process's tasks end and as each worker's run comes back."""
    from declaration import progress

    count = min(workers(jobs), len(tasks))
    with progress.task(what or "", len(tasks) if what else 0) as advance:
        if count <= 1:
            return [_done(task(), advance) for task in tasks]
        size, extra = divmod(len(tasks), count)
        bounds = [i * size + min(i, extra) for i in range(count + 1)]
        chunks = [tasks[bounds[i] : bounds[i + 1]] for i in range(count)]

        def chunk(part: Sequence[Callable[[], T]]) -> Callable[[], list[T]]:
            return lambda: [task() for task in part]

        started = [_Started(chunk(part), fork=True) for part in chunks[:-1]]
        last = [_done(task(), advance) for task in chunks[-1]]
        results: list[T] = []
        for each, part in zip(started, chunks, strict=False):
            results.extend(each.collect())
            advance(len(part))
        return results + last


def _done(result: T, advance: Callable[[int], None]) -> T:
    advance(1)
    return result


def start(task: Callable[[], T], jobs: int | None = None) -> Callable[[], T]:
    """Begin ``task`` beside the caller's own work (in a child when there is a core for it);
    the returned function waits for its result."""
    started = _Started(task, fork=workers(jobs) > 1)
    return started.collect


def background(task: Callable[[], object]) -> Callable[[], None]:
    """Begin ``task`` in a thread of this process, for work that releases the GIL (libxml2
    compiling a schema) while the caller imports and reads; the returned function waits for
    it. The task caches its result, so a failure is left to the caller's own call of it,
    which raises where it belongs. Wait before forking: no process is forked while a thread
    runs (:func:`workers`)."""

    def quietly() -> None:
        with contextlib.suppress(Exception):  # raised again by the caller's own call
            task()

    thread = threading.Thread(target=quietly, name="declaration-background", daemon=True)
    thread.start()
    return thread.join
