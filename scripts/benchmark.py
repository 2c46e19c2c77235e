"""Benchmarks: time and peak memory of each stage of the pipeline, printed as figures.

Run: .venv/bin/python scripts/benchmark.py [--repeat N]
Speed targets live here, not in timed tests.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def command(label: str, args: list[str], repeat: int, cwd: Path) -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    print(
        f"{label:<42} median {statistics.median(times) * 1000:8.1f} ms   min {min(times) * 1000:8.1f} ms   (process)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat

    from declaration.build import load_all, release_files
    from declaration.release import publish
    from declaration.source import load
    from declaration.validate import validate

    decl, dataset = load_all()
    measure("parse (load source, model)", load, repeat)
    measure("generate every file in memory", lambda: release_files(decl, dataset), repeat)
    with tempfile.TemporaryDirectory() as tmp:
        published = publish(None, Path(tmp))
        bundle = published.bundle
        print(
            f"release zip: {published.size} bytes; bundle: {sum(p.stat().st_size for p in bundle.rglob('*') if p.is_file())} bytes"
        )
        measure("declaration validate (bundle, in process)", lambda: validate(bundle), repeat)
        measure("declaration validate (zip, in process)", lambda: validate(published.zip), repeat)
        command(
            "declaration validate (bundle, CLI)",
            [str(BIN / "declaration"), "validate", str(bundle)],
            repeat,
            ROOT,
        )
        command(
            "frictionless validate datapackage.json (CLI)",
            [str(BIN / "frictionless"), "validate", "datapackage.json"],
            repeat,
            bundle,
        )
        measure(
            "publish (build, validate, zip)", lambda: publish(None, Path(tmp) / "again"), repeat
        )


if __name__ == "__main__":
    main()
