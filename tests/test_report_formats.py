"""``declaration validate --format``: the text for people, the JSON for programs, and GitHub
Actions workflow commands (one annotation per problem, in the syntax GitHub documents: the
file, line and column where known, the code as title, escaped values), with the same exit
codes whatever the format."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from declaration.validate import validate
from declaration.validate.formats import github
from declaration.validate.report import Problem, Report
from tests.conftest import NAME, ROOT, Ran, run_cli

# ::error file={name},line={line},col={col},title={title}::{message}, values escaped
COMMAND = re.compile(r"^::error (?P<properties>[^:]*)::(?P<message>[^\r\n]*)$")
PROPERTY = re.compile(r"^(file|line|col|endLine|endColumn|title)=([^,:]*)$")


def _run(*arguments: Path | str) -> Ran:
    return run_cli("validate", *arguments, cwd=Path.cwd())


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
    (line, signature, _) = github(report).splitlines()
    assert signature == "bundle: not signed"
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


# ------------------------------------------------------------------ every format, read back

REFERENCE = ROOT.parent / "shared" / "reference" / "sarif-2.1.0" / "sarif-schema-2.1.0.json"


def _sarif_schema() -> dict[str, object]:
    if not REFERENCE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must have the official SARIF schema at {REFERENCE}")
        pytest.skip(f"the official SARIF 2.1.0 schema is not here ({REFERENCE})")
    schema: dict[str, object] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return schema


def _read_text(output: str) -> list[tuple[str, str, str]]:
    found, file = [], ""
    for line in output.splitlines()[:-1]:
        if not line.startswith("  "):
            file = line
            continue
        match = re.fullmatch(r"  (?:(?P<where>.*?): )?error\[(?P<code>[^\]]+)\]: .*", line)
        assert match, line
        found.append((file, match["code"], match["where"] or ""))
    return found


def _read_json(output: str) -> list[tuple[str, str, str]]:
    keys = ("row", "field", "line", "column", "pointer", "xpath")
    return [
        (p["file"], p["code"], " ".join(f"{k}={p[k]}" for k in keys if k in p))
        for p in json.loads(output)["problems"]
    ]


def _read_github(output: str) -> list[tuple[str, str, str]]:
    return [
        (c["file"], c["title"], " ".join(f"{k}={c[k]}" for k in ("line", "col") if k in c))
        for c in _parse(output)
    ]


def _read_junit(output: str) -> list[tuple[str, str, str]]:
    """What GitLab, Jenkins and Azure read, through junitparser: each failure's suite (the
    file), type (the code) and the place its first line gives after the file."""
    from junitparser import Failure, JUnitXml

    found = []
    for suite in JUnitXml.fromstring(output.encode("utf-8")):
        for case in suite:
            for result in case.result:
                assert isinstance(result, Failure), result
                first = (result.text or "").split("\n", 1)[0]
                located = case._elem.get("file")
                assert first.startswith(located), (first, located)
                found.append((suite.name, result.type, first.removeprefix(located).lstrip(": ")))
    return found


def _read_sarif(output: str) -> list[tuple[str, str, str]]:
    """The results of a SARIF log valid against the official 2.1.0 schema."""
    from jsonschema import Draft4Validator

    log = json.loads(output)
    Draft4Validator(_sarif_schema()).validate(log)
    found = []
    for run in log["runs"]:
        rules = run["tool"]["driver"]["rules"]
        assert len({r["id"] for r in rules}) == len(rules)
        for result in run["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            (location,) = result["locations"]
            physical = location["physicalLocation"]
            places = [f"{k}={v}" for k, v in physical.get("region", {}).items()]
            places += [f"{k}={v}" for k, v in sorted(result.get("properties", {}).items())]
            uri = physical["artifactLocation"]["uri"]
            assert physical["artifactLocation"].get("uriBaseId") == "%SRCROOT%" or uri.startswith(
                "file:///"
            )
            assert not uri.startswith("/")
            found.append((uri, result["ruleId"], " ".join(places)))
    return found


TABLE_NAMES = ("declarations", "parties", "paragraphs", "entities", "mentions", "dates", "topics")
READERS = {
    "text": _read_text,
    "json": _read_json,
    "github": _read_github,
    "junit": _read_junit,
    "sarif": _read_sarif,
}


@pytest.mark.parametrize("form", sorted(READERS))
def test_a_valid_bundle_reports_nothing_in_any_format_and_exits_0(
    released: Path, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(released)
    result = _run(Path(NAME), "--format", form)
    assert result.returncode == 0, result.stdout + result.stderr
    assert READERS[form](result.stdout) == []


@pytest.mark.parametrize("form", sorted(READERS))
def test_a_tampered_bundle_gives_its_golden_problems_in_every_format_and_exits_1(
    tampered: Path, form: str, golden: Callable[[str, bytes], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tampered.parent)
    result = _run(Path(NAME), "--format", form)
    assert result.returncode == 1, result.stdout + result.stderr
    found = READERS[form](result.stdout)
    assert found, result.stdout
    text = json.dumps(found, ensure_ascii=False, indent=1) + "\n"
    golden(f"report-{form}.json", text.encode("utf-8"))


# What each edition of the bundle changes, the hashes left as they were: a cell of every
# table and a field of the descriptor (the JSON-LD and the Akoma Ntoso give the reference);
# a value of the JSON-LD and an element of the Akoma Ntoso (the tables give it).
EDITS = {
    "tables": [
        *(
            (f"data/{t}.csv", b"\nfr-2024-05-06-", b"\nfr-2025-05-06-")
            for t in TABLE_NAMES
            if t != "entities"  # keyed by entity: its first label
        ),
        (
            "data/entities.csv",
            b"\nagriculture,concept,agriculture,",
            b"\nagriculture,concept,agricole,",
        ),
        ("datapackage.json", b'"version": "0.1.0"', b'"version": "0.1.1"'),
    ],
    "records": [
        ("data/declaration.jsonld", b'"place": "Paris"', b'"place": "Lyon"'),
        ("data/declaration.fra.akn.xml", b'<preamble xml:lang="fr"', b'<preamble xml:lang="de"'),
    ],
}


@pytest.mark.parametrize("edition", sorted(EDITS))
@pytest.mark.parametrize("form", sorted(READERS))
def test_every_located_problem_has_its_line_and_column_in_every_format(
    released: Path,
    tmp_path: Path,
    edition: str,
    form: str,
    golden: Callable[[str, bytes], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each problem placed in a table cell, a JSON value or an XML element is also at the
    line and column where it starts in the file as written, whatever the format."""
    shutil.copytree(released / NAME, tmp_path / NAME)
    for name, old, new in EDITS[edition]:
        data = (tmp_path / NAME / name).read_bytes()
        assert old in data, (name, old)
        (tmp_path / NAME / name).write_bytes(data.replace(old, new, 1))
    monkeypatch.chdir(tmp_path)
    report = validate(Path(NAME))
    located = [p for p in report.problems if p.row or p.pointer is not None or p.xpath]
    assert {p.file for p in located} >= {name for name, _, _ in EDITS[edition]}
    assert all(p.line is not None and p.column is not None for p in located), [
        p for p in located if p.line is None or p.column is None
    ]
    result = _run(Path(NAME), "--format", form)
    text = json.dumps(READERS[form](result.stdout), ensure_ascii=False, indent=1) + "\n"
    golden(f"report-{edition}-{form}.json", text.encode("utf-8"))


def test_every_format_names_the_same_files_and_codes(tampered: Path) -> None:
    def files_and_codes(form: str) -> list[tuple[str, str]]:
        output = _run(tampered, "--format", form).stdout
        return sorted((Path(f).name, c) for f, c, _ in READERS[form](output))

    assert len({tuple(files_and_codes(form)) for form in READERS}) == 1


def test_junit_has_a_suite_per_file_and_a_case_per_contract_checked(tampered: Path) -> None:
    from junitparser import JUnitXml

    from declaration.rules import CONTRACTS

    report = validate(tampered)
    xml = JUnitXml.fromstring(_run(tampered, "--format", "junit").stdout.encode("utf-8"))
    cases = {
        (suite.name, case.name.split(":", 1)[0]): bool(case.result)
        for suite in xml
        for case in suite
    }
    assert set(cases) == set(report.checked)
    # a bundle: no source; not signed, and no trusted signers asked for a signature
    assert {c for _, c in cases} == set(CONTRACTS) - {"release", "source", "signature"}
    failing = {key for key, failed in cases.items() if failed}
    assert ("data/paragraphs.csv", "agreement") in failing
    assert ("data/declaration.fra.akn.xml", "agreement") in failing
    assert xml.failures == len(failing) and xml.tests == len(cases)


def test_sarif_has_a_rule_with_a_description_per_code(tampered: Path) -> None:
    from declaration.rules import RULES

    log = json.loads(_run(tampered, "--format", "sarif").stdout)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert set(RULES) <= set(rules)
    assert all(r["shortDescription"]["text"].strip() for r in rules.values())
    assert "originalUriBaseIds" not in log["runs"][0]  # not unless asked


def test_reports_name_files_from_where_the_validator_runs_and_no_path_of_its_machine(
    tampered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a repository that holds the bundle in a sub-folder (as pre-commit and a CI job
    do): every format names the files relative to it, SARIF as percent-encoded URIs under
    ``%SRCROOT%``, and no report holds an absolute path unless asked."""
    repository = tmp_path / "repo"
    shutil.copytree(tampered, repository / "releases" / "the release")
    monkeypatch.chdir(repository)
    bundle = Path("releases/the release")
    expected = "releases/the release/data/paragraphs.csv"
    for form in READERS:
        output = _run(bundle, "--format", form).stdout
        assert str(tmp_path) not in output and tmp_path.as_uri() not in output, form
        files = {file for file, _, _ in READERS[form](output)}
        if form in ("json", "junit"):  # the package's own names; JUnit's file as well
            assert "data/paragraphs.csv" in files, (form, files)
            assert form == "json" or f'file="{expected}"' in output
        else:
            sarif = "releases/the%20release/data/paragraphs.csv"
            assert (sarif if form == "sarif" else expected) in files, (form, files)
    log = json.loads(_run(bundle, "--format", "sarif", "--sarif-srcroot").stdout)
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repository.as_uri() + "/"


def test_junit_and_sarif_carry_what_xml_and_json_cannot_break_on() -> None:
    from junitparser import JUnitXml

    from declaration.validate.formats import junit, sarif

    problem = Problem(file="data/a.csv", code="csv-invalid", message="bad \x01 <&> ]]>", row=2)
    report = Report(path="bundle", files=("data/a.csv",), problems=(problem,))
    (suite,) = JUnitXml.fromstring(junit([report]).encode("utf-8"))
    (case,) = suite
    (failure,) = case.result
    assert failure.type == "csv-invalid" and "<&> ]]>" in failure.message
    assert json.loads(sarif([report]))["runs"][0]["results"][0]["message"]["text"].endswith("]]>")


@pytest.mark.parametrize("form", sorted(READERS))
def test_several_paths_give_one_report_in_every_format(
    released: Path, tampered: Path, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As pre-commit calls it: every package named, one document, exit 1 if any is invalid."""
    monkeypatch.chdir(tampered.parent)
    one = _run(Path(NAME), "--format", form)
    both = _run(released / NAME / "datapackage.json", Path(NAME), "--format", form)
    assert both.returncode == 1
    if form == "json":
        reports = json.loads(both.stdout)
        assert [r["valid"] for r in reports] == [True, False]
        assert reports[1] == json.loads(one.stdout)
    elif form == "sarif":
        assert len(json.loads(both.stdout)["runs"]) == 2
        assert _read_sarif(both.stdout) == _read_sarif(one.stdout)
    elif form == "junit":
        assert [c for _, c, _ in _read_junit(both.stdout)] == [
            c for _, c, _ in _read_junit(one.stdout)
        ]
    else:
        assert READERS[form](both.stdout) == READERS[form](one.stdout)


@given(
    name=st.one_of(
        st.text(min_size=1, max_size=40), st.sampled_from(["..", "a/../b", "x//y", "."])
    ),
    message=st.text(max_size=200),
    signature=st.text(max_size=80),
)
@settings(max_examples=60, deadline=None)
def test_hostile_text_in_a_report_reads_back_in_every_format(
    name: str, message: str, signature: str
) -> None:
    """Whatever a file name, a message or the signature line holds, each format parses as
    its consumer parses it and gives back what the report says: JSON, JUnit XML (junitparser),
    SARIF (its URI percent-encoded, relative to %SRCROOT%), GitHub workflow commands (one
    command per problem), text (one line per problem)."""
    from junitparser import JUnitXml

    from declaration.validate.formats import render

    problem = Problem(file=f"data/{name}", code="cross-format", message=message, line=3, column=2)
    report = Report(path="bundle", files=(problem.file,), problems=(problem,), signature=signature)
    read = json.loads(render([report], "json"))
    assert read["problems"][0]["message"] == problem.message
    assert read["problems"][0]["file"] == problem.file
    assert read["signature"] == report.signature
    (suite,) = JUnitXml.fromstring(render([report], "junit").encode("utf-8"))
    assert [case.name for case in suite]
    sarif = json.loads(render([report], "sarif"))
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    uri = location["artifactLocation"]["uri"]
    assert re.fullmatch(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*", uri), uri
    assert unquote(uri) == f"bundle/{problem.file}"
    assert location["region"] == {"startLine": 3, "startColumn": 2}
    (command,) = _parse(render([report], "github"))
    assert command["file"] == f"bundle/{problem.file}"
    assert command["message"].endswith(problem.message)
    text = render([report], "text").split("\n")
    assert len(text) == 4 and text[1].endswith(problem.message)
