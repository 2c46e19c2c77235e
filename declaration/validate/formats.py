"""A report as people and CI systems read it: ``text`` (the default), ``json``, and ``github``
(one GitHub Actions workflow command per problem, which the runner turns into an annotation
on the file, at its line and column where known)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from declaration.validate.report import Problem, Report

FORMATS = ("text", "json", "github")


def render(report: Report, format: str) -> str:
    if format == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    if format == "github":
        return github(report)
    return text(report)


def text(report: Report) -> str:
    lines = []
    for file, problems in sorted(report.by_file().items()):
        lines.append(file)
        for problem in problems:
            where = f"{problem.where}: " if problem.where else ""
            cause = f" (a consequence of {problem.cause})" if problem.cause else ""
            lines.append(f"  {where}error[{problem.code}]: {problem.message}{cause}")
    verdict = "valid" if report.valid else f"INVALID: {len(report.problems)} problems"
    lines.append(f"{report.path}: {verdict} ({len(report.files)} files checked)")
    return "\n".join(lines)


def _data(value: str) -> str:
    """A workflow command's message, escaped as GitHub documents it."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def _file(report: Report, problem: Problem) -> tuple[str, str]:
    """The file to annotate, relative to the working directory, and what to say of the
    place inside a zip (a file in a zip cannot be annotated: the zip is)."""
    path = Path(report.path)
    if path.suffix == ".zip":
        return os.path.relpath(path), f"{problem.file}: "
    root = path.parent if path.name == "datapackage.json" else path
    return os.path.relpath(root / problem.file), ""


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
        where = f"{problem.where}: " if problem.where else ""
        cause = f" (a consequence of {problem.cause})" if problem.cause else ""
        message = f"{inside}{where}{problem.message}{cause}"
        lines.append(f"::error {','.join(properties)}::{_data(message)}")
    verdict = "valid" if report.valid else f"INVALID: {len(report.problems)} problems"
    lines.append(f"{report.path}: {verdict} ({len(report.files)} files checked)")
    return "\n".join(lines)
