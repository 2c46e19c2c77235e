"""``import declaration`` and ``declaration --help`` stay light: no heavy library is loaded."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("lxml", "frictionless", "pyld", "rdflib", "pyshacl", "jsonschema", "pandas", "duckdb")

PROGRAMS = {
    "import": "import declaration",
    "help": (
        "from declaration.cli import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass"
    ),
    "parse": "from declaration.source import load\nload()",
}


@pytest.mark.parametrize("program", sorted(PROGRAMS))
def test_no_heavy_library_is_imported(program: str) -> None:
    code = PROGRAMS[program] + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = {name.split(".")[0] for name in json.loads(result.stdout.splitlines()[-1])}
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_validation_imports_no_pandas(released) -> None:
    """The validator reads the Parquet files and writes the database without pandas (which
    pyarrow and sqlite-utils would import): a CI job does not pay for it at each start."""
    from tests.conftest import NAME

    code = (
        "import sys, json\nfrom declaration.validate import validate\n"
        f"assert validate({str(released / NAME)!r}).valid\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = {name.split(".")[0] for name in json.loads(result.stdout.splitlines()[-1])}
    assert "pandas" not in loaded
