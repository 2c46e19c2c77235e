"""A report as people and CI systems read it: ``text`` (the default), ``json``, ``github``
(one GitHub Actions workflow command per problem, which the runner turns into an annotation
on the file, at its line and column where known), ``junit`` (JUnit XML, which GitLab, Jenkins
and Azure DevOps read: a test suite per file, a test case per contract it was checked
against) and ``sarif`` (SARIF 2.1.0, which GitHub code scanning ingests: a rule per code, a
result per problem, located relative to the validated root)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from declaration.validate.report import Problem, Report

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

FORMATS = ("text", "json", "github", "junit", "sarif")


def render(reports: list[Report], format: str, srcroot: bool = False) -> str:
    """The reports of one or more packages in one document of the format: JSON an object
    (a list of them for several packages), JUnit one ``testsuites``, SARIF one run each
    (``srcroot``: with the working directory's address as ``%SRCROOT%``; else no absolute
    path of this machine is in a report)."""
    if format == "json":
        dicts = [report.to_dict() for report in reports]
        return json.dumps(dicts[0] if len(dicts) == 1 else dicts, ensure_ascii=False, indent=2)
    if format == "junit":
        return junit(reports)
    if format == "sarif":
        return sarif(reports, srcroot)
    one = github if format == "github" else text
    return "\n".join(one(report) for report in reports)


def text(report: Report) -> str:
    lines = []
    for file, problems in sorted(report.by_file().items()):
        shown, inside = _file(report, problems[0])
        lines.append(f"{shown}: {file}" if inside else shown)
        for problem in problems:
            where = f"{problem.where}: " if problem.where else ""
            cause = f" (a consequence of {problem.cause})" if problem.cause else ""
            lines.append(f"  {where}error[{problem.code}]: {problem.message}{cause}")
    lines.append(f"{report.path}: {report.signature}")
    verdict = "valid" if report.valid else f"INVALID: {len(report.problems)} problems"
    lines.append(f"{report.path}: {verdict} ({len(report.files)} files checked)")
    return "\n".join(lines)


def _data(value: str) -> str:
    """A workflow command's message, escaped as GitHub documents it."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def _root(report: Report) -> Path:
    """The directory the package's paths are relative to (a zip's: the zip's folder)."""
    path = Path(report.path)
    return path.parent if path.suffix == ".zip" or path.name == "datapackage.json" else path


def _in_root(report: Report, name: str) -> tuple[str, str]:
    """A file of the package as a path relative to the validated root, and what to say of
    the place inside a zip (a file in a zip cannot be pointed at: the zip is)."""
    path = Path(report.path)
    if path.suffix == ".zip":
        return path.name, f"{name}: "
    return name, ""


def _shown(path: Path) -> str:
    """A path as reports show it: relative to the working directory when it is under it (as
    GitHub, pre-commit and code scanning expect), else as it was given."""
    relative = os.path.relpath(os.path.abspath(path))
    return str(path) if relative == ".." or relative.startswith("../") else relative


def _file(report: Report, problem: Problem) -> tuple[str, str]:
    """The file to annotate, as reports show it, and what to say of the place inside a zip:
    the package's root as the working directory sees it, then the file's name as the package
    gives it (never normalised: a hostile name with ``..`` is named as it is, not as another
    file)."""
    relative, inside = _in_root(report, problem.file)
    root = _shown(_root(report))
    return (relative if root == "." else f"{root}/{relative}"), inside


SRCROOT = "%SRCROOT%"  # the SARIF base of the paths: where the validator was run


def _artifact(report: Report, problem: Problem) -> dict[str, str]:
    """A SARIF artifact location: a percent-encoded URI relative to ``%SRCROOT%``, or an
    absolute file URI for a file outside the working directory."""
    from urllib.parse import quote

    shown, _ = _file(report, problem)  # as written: a name is never normalised into another
    if os.path.isabs(shown):
        return {"uri": "file://" + quote(shown, safe="/")}
    return {"uri": quote(shown, safe="/"), "uriBaseId": SRCROOT}


def _said(problem: Problem, inside: str = "") -> str:
    where = f"{problem.where}: " if problem.where else ""
    cause = f" (a consequence of {problem.cause})" if problem.cause else ""
    return f"{inside}{where}{problem.message}{cause}"


def github(report: Report) -> str:
    lines = []
    for problem in report.problems:
        file, inside = _file(report, problem)
        properties = [f"file={_property(file)}"]
        if problem.line is not None:
            properties.append(f"line={problem.line}")
            if problem.column is not None:
                properties.append(f"col={problem.column}")
        properties.append(f"title={_property(problem.code)}")
        lines.append(f"::error {','.join(properties)}::{_data(_said(problem, inside))}")
    lines.append(f"{report.path}: {report.signature}")
    verdict = "valid" if report.valid else f"INVALID: {len(report.problems)} problems"
    lines.append(f"{report.path}: {verdict} ({len(report.files)} files checked)")
    return "\n".join(lines)


def _xml_text(value: str) -> str:
    """``value`` with what XML 1.0 cannot hold (controls, non-characters) as ``\\uXXXX``."""
    return "".join(
        c
        if c in "\t\n\r"
        or "\x20" <= c <= "\ud7ff"
        or "\ue000" <= c <= "\ufffd"
        or c >= "\U00010000"
        else f"\\u{ord(c):04x}"
        for c in value
    )


def junit(reports: list[Report]) -> str:
    """JUnit XML: one test suite per file checked (named by the file, after the package's path
    when there are several), one test case per contract it was checked against; a problem is
    a failure of its contract's case, typed by its code."""
    from xml.etree import ElementTree as ET

    top = ET.Element("testsuites", name="declaration validate")
    for report in reports:
        prefix = f"{report.path}: " if len(reports) > 1 else ""
        for file, cases in sorted(_cases(report).items()):
            top.append(_suite(report, prefix + file, file, cases))
    suites = list(top)
    top.set("tests", str(sum(int(suite.get("tests", 0)) for suite in suites)))
    top.set("failures", str(sum(int(suite.get("failures", 0)) for suite in suites)))
    top.set("errors", "0")
    ET.indent(top)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(top, encoding="unicode")


def _cases(report: Report) -> dict[str, dict[str, list[Problem]]]:
    """By file, the contracts it was checked against and the problems found on each."""
    from declaration.rules import rule

    cases: dict[str, dict[str, list[Problem]]] = {}
    for file, contract in report.checked:
        cases.setdefault(file, {}).setdefault(contract, [])
    for problem in report.problems:
        contract = rule(problem.code).contract
        cases.setdefault(problem.file, {}).setdefault(contract, []).append(problem)
    return cases


def _suite(report: Report, name: str, file: str, cases: dict[str, list[Problem]]) -> Element:
    from xml.etree import ElementTree as ET

    from declaration.rules import CONTRACTS

    order = list(CONTRACTS)
    suite = ET.Element(
        "testsuite",
        name=_xml_text(name),
        tests=str(len(cases)),
        failures=str(sum(1 for found in cases.values() if found)),
        errors="0",
        skipped="0",
    )
    located, inside = _file(report, Problem(file, "", ""))
    for contract in sorted(cases, key=lambda c: (order.index(c), c)):
        case = ET.SubElement(
            suite,
            "testcase",
            name=_xml_text(f"{contract}: {CONTRACTS[contract]}"),
            classname=_xml_text(file),
            file=_xml_text(located),
        )
        for problem in cases[contract]:
            failure = ET.SubElement(
                case, "failure", type=problem.code, message=_xml_text(_said(problem, inside))
            )
            # first line: the file and the place, as a person would open it
            place = f"{located}: {inside}{problem.where}".rstrip(": ")
            failure.text = _xml_text(f"{place}\n{problem.message}")
    return suite


def sarif(reports: list[Report], srcroot: bool = False) -> str:
    """SARIF 2.1.0: one run per package checked, a rule per code the library reports, a
    result per problem with its physical location, a URI relative to the working directory
    (the ``%SRCROOT%`` base, which code scanning resolves against the checkout), and its
    other places (row, field, JSON pointer, XPath) as a logical location and properties."""
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [_run(report, srcroot) for report in reports],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _run(report: Report, srcroot: bool) -> dict[str, object]:
    from declaration import __version__
    from declaration.rules import RULES, rule

    codes = sorted(set(RULES) | {p.code for p in report.problems})
    index = {code: i for i, code in enumerate(codes)}
    rules = [
        {
            "id": code,
            "shortDescription": {"text": rule(code).description},
            "properties": {"contract": rule(code).contract},
            "defaultConfiguration": {"level": "error"},
        }
        for code in codes
    ]
    results = []
    for problem in report.problems:
        _, inside = _in_root(report, problem.file)
        physical: dict[str, object] = {"artifactLocation": _artifact(report, problem)}
        if problem.line is not None:
            region = {"startLine": problem.line}
            if problem.column is not None:
                region["startColumn"] = problem.column
            physical["region"] = region
        location: dict[str, object] = {"physicalLocation": physical}
        places = {
            key: value
            for key, value in (
                ("member", problem.file if inside else None),
                ("row", problem.row),
                ("field", problem.field),
                ("pointer", problem.pointer),
                ("xpath", problem.xpath),
            )
            if value is not None
        }
        if problem.where:
            location["logicalLocations"] = [{"fullyQualifiedName": problem.where}]
        result: dict[str, object] = {
            "ruleId": problem.code,
            "ruleIndex": index[problem.code],
            "level": "error",
            "message": {"text": _said(problem, inside)},
            "locations": [location],
        }
        if places or problem.cause:
            result["properties"] = places | ({"cause": problem.cause} if problem.cause else {})
        results.append(result)
    return {
        "tool": {
            "driver": {"name": "declaration validate", "version": __version__, "rules": rules}
        },
        **(
            {"originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri() + "/"}}} if srcroot else {}
        ),
        "columnKind": "unicodeCodePoints",
        "properties": {"signature": report.signature},
        "invocations": [{"executionSuccessful": True}],
        "results": results,
    }
