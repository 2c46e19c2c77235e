"""``declaration validate --format``: the text for people, the JSON for programs, and GitHub
Actions workflow commands (one annotation per problem, in the syntax GitHub documents: the
file, line and column where known, the code as title, escaped values), with the same exit
codes whatever the format."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from declaration.validate import validate
from declaration.validate.formats import github
from declaration.validate.report import Problem, Report
from tests.conftest import NAME

BIN = Path(sys.executable).parent
# ::error file={name},line={line},col={col},title={title}::{message}, values escaped
COMMAND = re.compile(r"^::error (?P<properties>[^:]*)::(?P<message>[^\r\n]*)$")
PROPERTY = re.compile(r"^(file|line|col|endLine|endColumn|title)=([^,:]*)$")


def _run(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "declaration"), "validate", str(path), *options],
        capture_output=True,
        text=True,
        check=False,
    )


def _parse(output: str) -> list[dict[str, str]]:
    """The workflow commands of ``output``, each checked against the documented form."""
    commands = []
    for line in output.splitlines():
        if not line.startswith("::"):
            continue
        match = COMMAND.match(line)
        assert match, line
        properties = {}
        for part in match["properties"].split(","):
            found = PROPERTY.match(part)
            assert found, (line, part)
            properties[found[1]] = unquote(found[2])
        properties["message"] = unquote(match["message"])
        commands.append(properties)
    return commands


@pytest.fixture
def tampered(released: Path, tmp_path: Path) -> Path:
    bundle = tmp_path / NAME
    shutil.copytree(released / NAME, bundle)
    akn = bundle / "data" / "declaration.fra.akn.xml"
    akn.write_bytes(
        akn.read_bytes().replace(b'<preamble xml:lang="fr"', b'<preamble xml:lang="de"', 1)
    )
    csv = bundle / "data" / "paragraphs.csv"
    csv.write_bytes(csv.read_bytes().replace(b",point,3,3.,", b",point,3,4.,", 1))
    return bundle


def test_a_valid_bundle_gives_no_annotation_and_exit_0(released: Path) -> None:
    result = _run(released / NAME, "--format", "github")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _parse(result.stdout) == []
    assert result.stdout.strip().endswith("files checked)")


def test_each_problem_is_one_annotation_at_its_file_line_and_column(
    tampered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tampered.parent)
    result = _run(tampered, "--format", "github")
    assert result.returncode == 1
    report = validate(tampered)
    commands = _parse(result.stdout)
    assert [(c["file"], c["title"], c.get("line"), c.get("col")) for c in commands] == [
        (
            f"{NAME}/{p.file}",
            p.code,
            None if p.line is None else str(p.line),
            None if p.line is None or p.column is None else str(p.column),
        )
        for p in report.problems
    ]
    files = {c["file"] for c in commands}
    assert {f"{NAME}/data/paragraphs.csv", f"{NAME}/data/declaration.fra.akn.xml"} <= files
    assert all(Path(tampered.parent / c["file"]).is_file() for c in commands)


def test_the_json_format_is_the_json_report(tampered: Path) -> None:
    by_format = _run(tampered, "--format", "json")
    by_flag = _run(tampered, "--json")
    assert by_format.returncode == by_flag.returncode == 1
    assert json.loads(by_format.stdout) == json.loads(by_flag.stdout)
    assert json.loads(by_format.stdout)["valid"] is False


def test_values_are_escaped_as_github_documents() -> None:
    problem = Problem(
        file="data/a,b:c.csv", code="cross-format", message="100% wrong", line=3, column=2
    )
    report = Report(path="bundle", files=("data/a,b:c.csv",), problems=(problem,))
    (line, _) = github(report).splitlines()
    assert (
        line
        == "::error file=bundle/data/a%2Cb%3Ac.csv,line=3,col=2,title=cross-format::line 3, column 2: 100%25 wrong"
    )
    (command,) = _parse(github(report))
    assert command["file"] == "bundle/data/a,b:c.csv" and command["message"].endswith("100% wrong")


def test_a_problem_inside_a_zip_annotates_the_zip(released: Path, tmp_path: Path) -> None:
    problem = Problem(file="data/paragraphs.csv", code="cross-format", message="x", row=3)
    zipped = str(released / f"{NAME}.zip")
    report = Report(path=zipped, files=("data/paragraphs.csv",), problems=(problem,))
    (command,) = _parse(github(report))
    assert Path(command["file"]).resolve() == Path(zipped).resolve()
    assert command["message"].startswith("data/paragraphs.csv: row 3")
