"""``declaration.parallel``: results in the order of the tasks whatever the number of workers,
a child's exception raised in the caller, and the task run here when a child cannot report;
the validator's report is the same with one worker or two."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

from declaration import parallel
from declaration.validate import validate
from tests.conftest import NAME


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value


@pytest.mark.parametrize("jobs", [1, 2, 3, 8])
def test_results_come_back_in_the_order_of_the_tasks(jobs: int) -> None:
    tasks = [lambda v=v: _pid_and(v * v) for v in range(10)]
    results = parallel.run(tasks, jobs)
    assert [value for _, value in results] == [v * v for v in range(10)]
    pids = {pid for pid, _ in results}
    if parallel.workers(jobs) > 1:
        assert len(pids) > 1  # some ran in children
    else:
        assert pids == {os.getpid()}


def test_a_child_exception_is_raised_in_the_caller() -> None:
    def fails() -> int:
        raise ValueError("from the child")

    collect = parallel.start(fails, 2)
    with pytest.raises(ValueError, match="from the child"):
        collect()


def test_a_result_that_does_not_pickle_is_computed_here() -> None:
    def lock() -> tuple[int, object]:
        return os.getpid(), threading.Lock()  # a lock does not pickle

    pid, _ = parallel.start(lock, 2)()
    assert pid == os.getpid()


def test_a_child_that_dies_leaves_the_task_to_the_caller() -> None:
    parent = os.getpid()

    def dies_in_a_child() -> int:
        if os.getpid() != parent:
            os._exit(3)
        return 42

    assert parallel.start(dies_in_a_child, 2)() == 42


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.workers(4) == 1
    finally:
        stop.set()
        thread.join()


def test_the_environment_sets_the_number_of_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.ENVIRONMENT, "1")
    assert parallel.workers() == 1
    monkeypatch.setenv(parallel.ENVIRONMENT, "")  # empty: as if unset
    assert parallel.workers() == parallel.workers(len(os.sched_getaffinity(0)))


def test_the_report_is_the_same_with_one_worker_or_two(
    released: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle with a problem for each side of the split: the tables (child), the JSON-LD
    (caller), the AKN (child) and the descriptor's profile (child)."""
    bundle = tmp_path / NAME
    shutil.copytree(released / NAME, bundle)
    paragraphs = bundle / "data" / "paragraphs.csv"
    paragraphs.write_text(
        paragraphs.read_text(encoding="utf-8").replace(",point,", ",pointe,", 1), encoding="utf-8"
    )
    akn = bundle / "data" / "declaration.fra.akn.xml"
    text = akn.read_text(encoding="utf-8")
    akn.write_text(text.replace("<preamble ", "<preambule ").replace("</preamble>", "</preambule>"))
    jsonld = bundle / "data" / "declaration.jsonld"
    jsonld.write_text(jsonld.read_text(encoding="utf-8").replace('"fr"', '"fra"', 1))
    descriptor = bundle / "datapackage.json"
    descriptor.write_text(
        descriptor.read_text(encoding="utf-8").replace('"id": "', '"id": 7, "x": "', 1)
    )
    reports = []
    for jobs in ("1", "2"):
        monkeypatch.setenv(parallel.ENVIRONMENT, jobs)
        reports.append(validate(bundle))
    one, two = reports
    assert one == two
    files = {p.file for p in one.problems}
    assert {"data/paragraphs.csv", "data/declaration.fra.akn.xml", "datapackage.json"} <= files


@pytest.mark.parametrize("value", ["²", "٣", "0", "-1", "1e3", "257", "99999", " 2", "two"])
def test_a_bad_number_of_workers_is_one_located_usage_error(value: str, tmp_path: Path) -> None:
    from tests.conftest import run_cli

    result = run_cli("build", "--out", tmp_path, env={"DECLARATION_WORKERS": value})
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("$DECLARATION_WORKERS:1:1: error[usage]: "), line
    assert not list(tmp_path.iterdir())  # nothing written


def test_work_in_the_background_is_waited_for_and_no_process_forks_meanwhile() -> None:
    started, go, done = threading.Event(), threading.Event(), []

    def task() -> None:
        started.set()
        go.wait()
        done.append(True)

    wait = parallel.background(task)
    started.wait()
    assert parallel.workers(4) == 1  # a thread runs: no fork now
    go.set()
    wait()
    assert done == [True]
    assert parallel.workers(4) == (4 if sys.platform == "linux" else 1)


def test_a_failure_in_the_background_prints_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    hooked: list[object] = []
    monkeypatch.setattr(threading, "excepthook", hooked.append)

    def fails() -> None:
        hooked.append("ran")
        raise ValueError("left to the caller's own call")

    parallel.background(fails)()
    assert hooked == ["ran"]


def test_a_fork_leaves_nothing_frozen_out_of_collection() -> None:
    assert parallel.start(lambda: _pid_and(1), 2)()[1] == 1
    assert gc.get_freeze_count() == 0


def test_what_the_caller_froze_stays_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert parallel.start(lambda: _pid_and(1), 2)()[1] == 1
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        gc.unfreeze()


def test_a_failure_here_while_a_child_runs_leaves_nothing_frozen() -> None:
    def fails_here() -> int:
        raise ValueError("in the calling process")

    with pytest.raises(ValueError, match="calling process"):
        parallel.run([lambda: 1, fails_here], 2)
    assert gc.get_freeze_count() == 0
