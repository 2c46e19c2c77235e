"""The build: committed outputs equal a fresh build, builds are reproducible and atomic."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from declaration import registry
from declaration.commands import build
from declaration.errors import DeclarationError
from declaration.source import load_release
from tests.conftest import ROOT


def _tree(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for top in ("data", "schemas", "datapackage.json")
        for path in sorted([directory / top, *(directory / top).rglob("*")])
        if path.is_file()
    }


def test_committed_data_and_schemas_equal_a_fresh_build() -> None:
    fresh = {
        path: hashlib.sha256(data).hexdigest()
        for path, data in registry.write(load_release()).items()
    }
    assert _tree(ROOT) == fresh, (
        "data/ or schemas/ drifted from the code: run `make release` and commit"
    )


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    for n, seed in enumerate(("1", "2")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "declaration", "build", "--out", str(tmp_path / str(n))],
            check=True,
            env=env,
            capture_output=True,
        )
    assert _tree(tmp_path / "0") == _tree(tmp_path / "1")
    assert len(_tree(tmp_path / "0")) == len(registry.write(load_release()))


def test_a_failed_build_leaves_the_previous_output_untouched(tmp_path: Path, source_copy) -> None:
    out = tmp_path / "out"
    build(None, out)
    before = _tree(out)
    broken = source_copy(text="1. Sans préambule.")
    with pytest.raises(DeclarationError):
        build(broken, out)
    assert _tree(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["data", "datapackage.json", "schemas"]


def test_build_command_reports_bad_input_in_one_line(source_copy) -> None:
    broken = source_copy(text="Un préambule.\n\n0. Zéro.")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "declaration",
            "build",
            str(broken),
            "--out",
            str(broken.parent / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "error[point-zero]" in result.stderr
    assert not (broken.parent / "out").exists()


@pytest.mark.parametrize(
    ("limit", "value", "code", "file"),
    [
        ("MAX_FILE_BYTES", 100_000, "too-large", "data/declaration.nq"),
        ("MAX_ZIP_BYTES", 200_000, "too-large", "."),
        ("MAX_ENTRIES", 20, "too-many-files", "."),
    ],
)
def test_the_build_refuses_what_exceeds_the_validators_limits_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, code: str, file: str
) -> None:
    """The build applies the limits the validator applies to a package it reads (one table
    of limits): a file, all files or their count over them is one located error, and nothing
    is written."""
    from declaration.validate import inputs

    monkeypatch.setattr(inputs, limit, value)
    with pytest.raises(DeclarationError) as caught:
        build(None, tmp_path)
    assert caught.value.code == "invalid-release"
    assert f"[{code}]" in caught.value.message
    assert caught.value.location.path == str(tmp_path / file).removesuffix("/.")
    assert list(tmp_path.iterdir()) == []
