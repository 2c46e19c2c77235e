"""One validation in progress: the package, the problems found, the files that depart;
and reading JSON safely (depth limited, located errors)."""

from __future__ import annotations

import json
from typing import Any

from declaration.errors import DeclarationError, InvalidDataError, Location, reason
from declaration.validate.inputs import Package
from declaration.validate.report import Problem

DESCRIPTOR = "datapackage.json"
MAX_JSON_DEPTH = 64


class Run:
    """One validation: the package, the problems found, and the files that depart."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.files = package.files
        self.problems: list[Problem] = list(package.refused)
        self.departing: set[str] = set()
        self.checked: set[tuple[str, str]] = {(name, "package") for name in package.files}
        # every record (CSV tables, JSON-LD, Akoma Ntoso) read back as the same declaration
        self.unanimous = False
        # the records the reference was decided by (their files, a corpus's as templates)
        self.agreed: list[str] = []

    def checks(self, file: str, contract: str) -> None:
        """Record that ``file`` is checked against ``contract`` (one of rules.CONTRACTS)."""
        self.checked.add((file, contract))

    def add(self, file: str, code: str, message: str, **where: Any) -> None:
        self.problems.append(Problem(file, code, message, **where))

    def error(self, error: DeclarationError, file: str | None = None) -> None:
        loc = error.location
        name = file or loc.path
        line = loc.line if loc.line > 1 or loc.column > 1 else None
        column = loc.column if line else None
        if name.endswith(".csv") and line is not None:
            self.add(name, error.code, error.message, row=line)
        else:
            self.add(name, error.code, error.message, line=line, column=column)


def load_json(name: str, data: bytes) -> Any:
    """JSON from untrusted bytes: strict UTF-8, no NaN, nesting at most ``MAX_JSON_DEPTH``."""

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} is not JSON")

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidDataError("not-utf8", "not UTF-8", Location(name, line)) from None
    try:
        value = json.loads(text, parse_constant=refuse)
    except json.JSONDecodeError as exc:
        raise InvalidDataError(
            "json-syntax", f"not JSON: {exc.msg}", Location(name, exc.lineno, exc.colno)
        ) from None
    except (ValueError, RecursionError) as exc:
        raise InvalidDataError("json-syntax", f"not JSON: {reason(exc)}", Location(name)) from None
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise InvalidDataError(
                "json-depth", f"nested more than {MAX_JSON_DEPTH} deep", Location(name)
            )
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return value


def pointer(path: Any) -> str:
    """The JSON pointer of a path of keys and indexes."""
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)
