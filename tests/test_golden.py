"""Outputs people read, compared byte for byte with tests/golden/ (``pytest --update-golden``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import ROOT, Ran, run_cli


def _run(*args: str | Path) -> Ran:
    return run_cli(*args)


def test_parse_summary(golden) -> None:  # type: ignore[no-untyped-def]
    result = _run("parse")
    assert result.returncode == 0
    golden("parse.txt", result.stdout.encode("utf-8"))


def test_validate_report_of_a_tampered_bundle(golden, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("data", "schemas", "datapackage.json"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    akn = tmp_path / "data" / "declaration.fra.akn.xml"
    akn.write_bytes(akn.read_bytes().replace(b'eId="para_4"', b'eId="para_40"', 1))
    rows = tmp_path / "data" / "paragraphs.csv"
    lines = rows.read_bytes().splitlines(keepends=True)
    rows.write_bytes(b"".join([*lines, lines[-1]]))
    result = _run("validate", tmp_path, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    report["path"] = "<bundle>"
    for problem in report["problems"]:
        problem["message"] = problem["message"].replace(str(tmp_path), "<bundle>")
    golden(
        "validate-tampered.json",
        (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    )


def test_an_unwritable_output_is_one_line(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory", encoding="utf-8")
    result = _run("build", "--out", blocked / "out")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "error[not-a-directory]" in result.stderr
