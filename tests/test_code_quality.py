"""The code passes its own bar: ruff (lint and format) and strict mypy on the library;
every command of the CLI is documented in the README and explains itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from declaration.cli import cli
from tests.conftest import ROOT

BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "declaration", "tests", "scripts"],
        ["ruff", "format", "--check", "declaration", "tests", "scripts"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_the_code_passes_the_linters(command: list[str]) -> None:
    result = subprocess.run(
        [str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented_and_has_help(name: str) -> None:
    assert f"declaration {name}" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert cli.commands[name].help


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _library() -> list[Path]:
    return sorted((ROOT / "declaration").rglob("*.py"))


def test_no_module_of_the_library_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): count
        for path in _library()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, long


def test_no_function_of_the_library_is_over_60_lines() -> None:
    import ast

    long = {}
    for path in _library():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                count = node.end_lineno - node.lineno + 1
                if count > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = count
    assert not long, long


def test_only_the_release_tells_a_corpus_from_a_declaration() -> None:
    """The layout by kind is decided in ``release.py``: nowhere else is the release's kind
    compared, nor its type tested."""
    import ast

    found = []
    for path in _library():
        if path.name == "release.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare):
                values = [node.left, *node.comparators]
                kinds = {v.value for v in values if isinstance(v, ast.Constant)}
                of_kind = any(isinstance(v, ast.Attribute) and v.attr == "kind" for v in values)
                if of_kind and kinds & {"corpus", "declaration"}:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "isinstance":
                names = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
                if names & {"Release", "Declarations", "Corpus"}:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, found
