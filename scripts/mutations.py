"""Mutation campaign: every single edit of a fresh release bundle (re-described as an editor
would), and what the validator says. Prints the counts; lists what was missed or misnamed."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from declaration.commands import publish
from declaration.validate import validate
from tests.mutations import apply, mutations, verdict


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        published = publish(None, Path(tmp) / "release")
        cases = mutations(published.bundle)
        caught = named = 0
        started = time.perf_counter()
        for index, mutation in enumerate(cases):
            target = apply(published.bundle, Path(tmp) / f"m{index}", mutation)
            report = validate(target)
            is_caught, is_named = verdict(report, mutation)
            caught += is_caught
            named += is_named
            if not (is_caught and is_named):
                found = sorted({(p.file, p.code, p.cause) for p in report.problems})
                print(f"{'MISSED' if not is_caught else 'MISNAMED'}: {mutation.name}: {found[:4]}")
        seconds = time.perf_counter() - started
    print(f"{len(cases)} single edits: {caught} caught, {named} named correctly ({seconds:.0f} s)")


if __name__ == "__main__":
    main()
