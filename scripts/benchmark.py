"""Benchmarks: time and peak memory of each stage of the pipeline, printed as figures.

Run: .venv/bin/python scripts/benchmark.py [--repeat N]
Speed targets live here, not in timed tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.synthetic, shared with the tests
BIN = Path(sys.executable).parent


def measure(label: str, action: Callable[[], object], repeat: int) -> None:
    times = []
    peak = 0
    for _ in range(repeat):
        tracemalloc.start()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    print(
        f"{label:<42} median {statistics.median(times) * 1000:8.1f} ms   min {min(times) * 1000:8.1f} ms   peak {peak / 1e6:6.1f} MB"
    )


def side_by_side(
    commands: dict[str, tuple[list[str], dict[str, str]]], repeat: int, cwd: Path
) -> list[tuple[float, float]]:
    """Time whole processes (cold start included), taking turns so that a change of the
    machine's load falls on all of them; returns each one's median wall and CPU seconds (the
    CPU of the process and of the processes it waited for)."""
    import os
    import resource

    def cpu() -> float:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        return used.ru_utime + used.ru_stime

    walls: dict[str, list[float]] = {label: [] for label in commands}
    cpus: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(repeat):
        for label, (args, env) in commands.items():
            start, used = time.perf_counter(), cpu()
            subprocess.run(args, cwd=cwd, check=False, capture_output=True, env=os.environ | env)
            walls[label].append(time.perf_counter() - start)
            cpus[label].append(cpu() - used)
    for label in commands:
        print(
            f"{label:<46} median {statistics.median(walls[label]) * 1000:8.1f} ms   "
            f"min {min(walls[label]) * 1000:8.1f} ms   "
            f"CPU {statistics.median(cpus[label]) * 1000:8.1f} ms   (process)"
        )
    return [(statistics.median(walls[label]), statistics.median(cpus[label])) for label in commands]


def scaled_source(directory: Path, unit: str, count: int) -> int:
    """A copy of the embedded source whose first paragraph ends with ``unit`` repeated
    ``count`` times (rehashed); returns the text's size in bytes."""
    import hashlib
    import re
    import shutil

    from declaration.source import default_source_dir

    shutil.copytree(default_source_dir(), directory)
    meta = (directory / "metadata.toml").read_text(encoding="utf-8")
    text_path = directory / re.search(r'^file = "(.*)"$', meta, re.M)[1]  # type: ignore[index]
    first, rest = text_path.read_text(encoding="utf-8").split("\n\n", 1)
    text = f"{first} {(unit * count).strip()}\n\n{rest}"
    text_path.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    meta = re.sub(r'^sha256 = "[0-9a-f]{64}"$', f'sha256 = "{digest}"', meta, flags=re.M)
    (directory / "metadata.toml").write_text(meta, encoding="utf-8")
    return len(text.encode("utf-8"))


def scaling(counts: list[int]) -> None:
    """Parse and enrich a paragraph of N mentions and one of N dates, then write the tables
    and read them back: the time per item stays flat when N grows (every step is linear)."""
    from declaration.formats import csv
    from declaration.source import load

    for unit in ("Chine ", "le 6 mai 2024 "):
        for count in counts:
            with tempfile.TemporaryDirectory() as tmp:
                size = scaled_source(Path(tmp) / "source", unit, count)
                start = time.perf_counter()
                decl = load(Path(tmp) / "source")
                took = time.perf_counter() - start
                start = time.perf_counter()
                csv.read(csv.write(decl))
                tables = time.perf_counter() - start
            print(
                f"parse+enrich, {count:>7} x {unit.strip()!r:<16} {size / 1e6:5.2f} MB "
                f"{took:7.2f} s   {took / count * 1e6:6.1f} µs per item"
            )
            print(
                f"tables write+read, {count:>7} x {unit.strip()!r:<16}       "
                f"{tables:7.2f} s   {tables / count * 1e6:6.1f} µs per item"
            )


def worst_cases() -> None:
    """The largest declarations the limits admit: as many dates, or mentions, as a
    declaration may hold; the build and the validation of each, with their peak RSS."""
    from declaration.enrich import MAX_ANNOTATIONS

    existing = 57  # the real declaration's own mentions and dates
    for unit in ("le 6 mai 2024 ", "Chine "):
        with tempfile.TemporaryDirectory() as tmp:
            size = scaled_source(Path(tmp) / "source", unit, MAX_ANNOTATIONS - existing - 1)
            steps = {
                "build": [str(BIN / "declaration"), "build", f"{tmp}/source", "--out", f"{tmp}/o"],
                "validate": [str(BIN / "declaration"), "validate", f"{tmp}/o"],
            }
            for step, args in steps.items():
                wall, cpu, rss, status = run_process(args)
                print(
                    f"limit, {unit.strip()!r:<16} {size / 1e6:5.2f} MB {step:<9} "
                    f"{wall:7.1f} s wall {cpu:7.1f} s CPU {rss:7.0f} MiB peak RSS (exit {status})"
                )


def worst_corpus() -> None:
    """The largest corpora the limits admit: as many declarations as a corpus may hold, the
    first ones filled up to the corpus's limit of mentions and dates in all (with as many
    dates as a declaration may hold), or of bytes of text in all (with words that are
    neither); their publication (build, validation, zip, site), with its peak RSS. About
    fifteen minutes on two cores: run with ``--worst-corpus``."""
    from declaration.enrich import MAX_ANNOTATIONS, MAX_CORPUS_ANNOTATIONS
    from declaration.parse import MAX_BYTES
    from declaration.source import MAX_CORPUS_BYTES, MAX_DECLARATIONS
    from tests import synthetic

    existing = 57  # the real declaration's own mentions and dates
    added = MAX_ANNOTATIONS - existing - 1
    members: list[tuple[str, int, str | None]] = [
        (f"m{i:04d}", 10, f"ia-synthetique-{i}") for i in range(MAX_DECLARATIONS)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        one = len(synthetic.declaration_metadata(10, "x", "t.txt")[1].encode("utf-8"))
        words = (MAX_BYTES - one) // 6 - 1000  # "lorem ": neither a mention nor a date
        room = MAX_CORPUS_BYTES - one * MAX_DECLARATIONS
        cases = {  # the unit, how many a declaration may hold, how many the corpus has room for
            "mentions and dates": (
                "le 6 mai 2024 ",
                added,
                MAX_CORPUS_ANNOTATIONS - existing * MAX_DECLARATIONS - 1,
            ),
            "bytes of text": ("lorem ", words, (room - 1) // 6),
        }
        for case, (unit, most, total) in cases.items():
            heavy = -(-total // most)  # as few declarations as hold them, filled alike
            count = total // heavy
            source = synthetic.corpus(Path(tmp) / case.replace(" ", "-"), members)
            for name, _, _ in members[:heavy]:
                _fill(source / name, unit, count)
            shutil.copy(ROOT / "CHANGELOG.md", source / "CHANGELOG.md")
            out = f"{source}-out"
            wall, cpu, rss, status = run_process(
                [str(BIN / "declaration"), "publish", str(source), "--out", out]
            )
            print(
                f"worst corpus by {case}: {MAX_DECLARATIONS} declarations, {heavy} filled: "
                f"publish {wall:7.1f} s wall {cpu:7.1f} s CPU {rss:7.0f} MiB peak RSS "
                f"(exit {status})"
            )
            shutil.rmtree(source)
            shutil.rmtree(out, ignore_errors=True)


def _fill(member: Path, unit: str, count: int) -> None:
    """A declaration's first paragraph followed by ``unit`` ``count`` times (rehashed)."""
    import hashlib
    import re

    meta_path = member / "metadata.toml"
    meta = meta_path.read_text(encoding="utf-8")
    text_path = member / re.search(r'^file = "(.*)"$', meta, re.M)[1]  # type: ignore[index]
    first, rest = text_path.read_text(encoding="utf-8").split("\n\n", 1)
    text = f"{first} {(unit * count).strip()}\n\n{rest}"
    text_path.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    meta = re.sub(r'^sha256 = "[0-9a-f]{64}"$', f'sha256 = "{digest}"', meta, flags=re.M)
    meta_path.write_text(meta, encoding="utf-8")


# Runs one command and prints its wall time, CPU time, peak RSS and exit status. A process
# inherits the peak RSS of the one that forks it, so the command is started from this small
# launcher, not from the benchmark (which has grown by then).
_LAUNCHER = """
import os, sys, time
start = time.perf_counter()
quiet = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=quiet)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
      os.waitstatus_to_exitcode(status))
"""


def run_process(args: list[str], cwd: Path | None = None) -> tuple[float, float, float, int]:
    """Wall and CPU seconds, peak RSS (MB, of the largest of its processes) and exit status
    of a whole process."""
    result = subprocess.run(
        [sys.executable, "-S", "-c", _LAUNCHER, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu, rss, status = result.stdout.split()
    if int(status) != 0:
        print(f"    ({Path(args[0]).name} {args[1]}: exit {status}: {result.stderr.strip()[:200]})")
    return float(wall), float(cpu), int(rss) / 1024, int(status)


def _row(
    step: str,
    size: int,
    paragraphs: int,
    measured: tuple[float, float, float, int],
    marginal: float | None,
) -> None:
    wall, cpu, rss, status = measured
    added = "" if marginal is None else f"{marginal * 1000:.2f}"
    print(
        f"{step:<22}{size:>6}{paragraphs:>8}{wall:>9.2f}{cpu:>8.2f}"
        f"{wall / paragraphs * 1000:>9.2f}{added:>19}{rss:>8.0f}"
        f"{'' if status == 0 else f'  exit {status}'}"
    )


def _median_run(args: list[str], cwd: Path | None, runs: int) -> tuple[float, float, float, int]:
    """The median wall and CPU times of ``runs`` runs, their largest peak RSS and the first
    failure's exit status."""
    measured = [run_process(args, cwd) for _ in range(runs)]
    failed = [m[3] for m in measured if m[3] != 0]
    return (
        statistics.median(m[0] for m in measured),
        statistics.median(m[1] for m in measured),
        max(m[2] for m in measured),
        failed[0] if failed else 0,
    )


def _steps(source: Path, out: Path) -> dict[str, tuple[list[str], Path | None]]:
    declaration = str(BIN / "declaration")
    return {
        "build": ([declaration, "build", str(source), "--out", str(out)], None),
        "validate": ([declaration, "validate", str(out)], None),
        "frictionless validate": (
            [str(BIN / "frictionless"), "validate", "datapackage.json"],
            out,
        ),
        # the bundle, its zip and the site (with its own build and validation)
        "publish": ([declaration, "publish", str(source), "--out", str(out / "build")], None),
    }


SMALL = 200  # paragraphs: a case this small is run several times, its median kept


def _table(title: str, cases: list[tuple[int, int, Callable[[Path], Path]]], repeat: int) -> None:
    """Build, validate and frictionless-validate each case (declarations, paragraphs, a
    function that writes its source into a directory), whole processes. "CPU ms/para added"
    is the CPU time (of the process and its workers) per paragraph added since the case
    before: what a paragraph costs at that size, without the start-up every run pays once
    (imports, schema compilation), and whatever share of it the workers ran at once; the
    smallest sizes' figure is that of the second case, the time per paragraph between the two
    smallest. Then, for each step, the ratio of the largest size's figure to the smallest's."""
    print(f"\n{title} ({len(os.sched_getaffinity(0))} cores)")
    print(
        f"{'step':<22}{'N':>6}{'paras':>8}{'wall s':>9}{'CPU s':>8}{'ms/para':>9}"
        f"{'CPU ms/para added':>19}{'RSS MB':>8}"
    )
    before: dict[str, tuple[int, float]] = {}
    added: dict[str, list[float]] = {}
    for count, paragraphs, make in cases:
        with tempfile.TemporaryDirectory() as tmp:
            source = make(Path(tmp) / "source")
            shutil.copy(ROOT / "CHANGELOG.md", source / "CHANGELOG.md")  # what publish needs
            for step, (args, cwd) in _steps(source, Path(tmp) / "out").items():
                runs = max(repeat, 5) if paragraphs <= SMALL else 1
                measured = _median_run(args, cwd, runs)
                marginal = None
                if step in before:
                    size, cpu = before[step]
                    marginal = (measured[1] - cpu) / (paragraphs - size)
                    added.setdefault(step, []).append(marginal)
                before[step] = (paragraphs, measured[1])
                _row(step, count, paragraphs, measured, marginal)
    for step, figures in added.items():
        print(
            f"{step}: CPU ms/para added, largest size / smallest: "
            f"{figures[-1] * 1000:.2f} / {figures[0] * 1000:.2f} = {figures[-1] / figures[0]:.2f}"
        )


def corpora(counts: list[int], repeat: int) -> None:
    """Synthetic corpora of N declarations (the real one's text, each under its number)."""
    from tests import synthetic

    def make(count: int) -> Callable[[Path], Path]:
        members: list[tuple[str, int, str | None]] = [
            (f"d{i:05d}", 10, f"synthetique-{i:05d}") for i in range(count)
        ]
        return lambda directory: synthetic.corpus(directory, members)

    _table(
        "corpus of N declarations of 13 paragraphs",
        [(count, 13 * count, make(count)) for count in counts],
        repeat,
    )


def sizes(paragraphs: list[int], repeat: int) -> None:
    """One synthetic declaration of each size (the real paragraphs repeated)."""
    from tests import synthetic

    def make(count: int) -> Callable[[Path], Path]:
        return lambda directory: synthetic.source(directory, points=count - 3)

    _table(
        "one declaration of N paragraphs",
        [(1, count, make(count)) for count in paragraphs],
        repeat,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--scale",
        type=int,
        nargs="*",
        default=[5_000, 10_000, 19_000],
        help="mention and date counts for the scaling figures, at most the limit of a "
        "declaration (none to skip)",
    )
    parser.add_argument(
        "--paragraphs",
        type=int,
        nargs="*",
        default=[13, 100, 1_000, 5_000],
        help="sizes of the synthetic declarations built and validated (none to skip)",
    )
    parser.add_argument(
        "--corpus",
        type=int,
        nargs="*",
        default=[1, 10, 100, 1_000],
        help="numbers of declarations of the synthetic corpora (none to skip)",
    )
    parser.add_argument(
        "--worst-corpus",
        action="store_true",
        help="also publish the largest corpora the limits admit (about fifteen minutes)",
    )
    arguments = parser.parse_args()
    repeat = arguments.repeat

    from declaration import registry
    from declaration.commands import publish
    from declaration.source import load, load_release
    from declaration.validate import validate

    release = load_release()
    measure("parse (load source, model)", load, repeat)
    measure("generate every file in memory", lambda: registry.write(release), repeat)
    with tempfile.TemporaryDirectory() as tmp:
        published = publish(None, Path(tmp))
        bundle = published.bundle
        print(
            f"release zip: {published.size} bytes; bundle: {sum(p.stat().st_size for p in bundle.rglob('*') if p.is_file())} bytes"
        )
        measure("declaration validate (bundle, in process)", lambda: validate(bundle), repeat)
        measure("declaration validate (zip, in process)", lambda: validate(published.zip), repeat)
        ours, one, theirs = side_by_side(
            {
                "declaration validate (bundle, CLI)": (
                    [str(BIN / "declaration"), "validate", str(bundle)],
                    {},
                ),
                "declaration validate (bundle, CLI, 1 worker)": (
                    [str(BIN / "declaration"), "validate", str(bundle)],
                    {"DECLARATION_WORKERS": "1"},
                ),
                "frictionless validate datapackage.json (CLI)": (
                    [str(BIN / "frictionless"), "validate", "datapackage.json"],
                    {},
                ),
            },
            max(repeat, 9),
            bundle,
        )
        print(
            f"validate / frictionless (whole process): wall {ours[0] / theirs[0]:.2f} "
            f"(target at most 1.2), CPU {ours[1] / theirs[1]:.2f} (target at most 2.0)"
        )
        print(
            f"validate with 1 worker / frictionless: wall {one[0] / theirs[0]:.2f}, "
            f"CPU {one[1] / theirs[1]:.2f}"
        )
        measure(
            "publish (build, validate, zip)", lambda: publish(None, Path(tmp) / "again"), repeat
        )
    scaling(arguments.scale)
    worst_cases()
    if arguments.paragraphs:
        sizes(arguments.paragraphs, repeat)
    if arguments.corpus:
        corpora(arguments.corpus, repeat)
    if arguments.worst_corpus:
        worst_corpus()


if __name__ == "__main__":
    main()
