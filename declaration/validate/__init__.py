"""``validate(path) -> Report``: every contract of a release, for a directory, a
``datapackage.json`` or a release zip. Never prints; never reaches outside the package.

How a verdict is reached:

1. The package is read into memory by :mod:`declaration.validate.inputs` (no symlink, no
   special file, no unsafe name, limits applied while reading); nothing else touches a file.
2. Each full record (the CSV tables, the JSON-LD, the Akoma Ntoso) is read back to a
   Declaration; the one most formats agree on is the reference (ties: tables, JSON-LD, AKN).
3. Every file the release should hold is written again from the reference, with the
   writers of the build, and compared with the file found: a file that departs is named
   with its place (row and field, JSON pointer, line, column and element). Dataset facts
   that only the descriptor, ``CITATION.cff`` and the bundle README carry are decided field
   by field by the majority of those three.
4. The validator's own contracts (the official Data Package profile, our Table Schemas,
   JSON Schema, SHACL shapes and the official AKN XSD) are run on the files found, never
   the copies in the package, which are themselves compared with ours.
5. A problem in a file that is as it should be is a consequence of a departure elsewhere,
   and says so (``cause``).
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from declaration.errors import DeclarationError, InputError, Location, printable, reason
from declaration.files import unsafe
from declaration.validate.diff import differences
from declaration.validate.inputs import MAX_FILE_BYTES, Package, in_memory, open_package
from declaration.validate.report import Problem, Report

__all__ = ["MAX_FILE_BYTES", "Problem", "Report", "validate"]

DESCRIPTOR = "datapackage.json"
MAX_JSON_DEPTH = 64
_REFERENCE_KEYS = ("path", "schema", "jsonSchema", "xmlSchema", "shapes", "dialect")


class _Run:
    """One validation: the package, the problems found, and the files that depart."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.files = package.files
        self.problems: list[Problem] = list(package.refused)
        self.departing: set[str] = set()

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


# ---------------------------------------------------------------- JSON, safely


def load_json(name: str, data: bytes) -> Any:
    """JSON from untrusted bytes: strict UTF-8, no NaN, nesting at most ``MAX_JSON_DEPTH``."""
    from declaration.errors import InvalidDataError

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


def _descriptor(package: Package, target: Path) -> dict[str, Any]:
    where = Location(printable(str(target / DESCRIPTOR), 1000))
    if DESCRIPTOR not in package.files:
        refused = next((p for p in package.refused if p.file == DESCRIPTOR), None)
        raise InputError(
            refused.code if refused else "missing-file",
            refused.message if refused else "no datapackage.json",
            where,
        )
    try:
        value = load_json(DESCRIPTOR, package.files[DESCRIPTOR])
    except DeclarationError as error:
        raise InputError(
            "descriptor-json",
            error.message,
            Location(where.path, error.location.line, error.location.column),
        ) from None
    if not isinstance(value, dict):
        raise InputError(
            "descriptor-json", f"a JSON {type(value).__name__}; expected an object", where
        )
    return value


# ---------------------------------------------------------------- the descriptor


def _profile(name: str) -> Any:
    """An official Data Package 2.0 profile (JSON Schema draft-07), as dplib ships it."""
    from importlib import resources

    from jsonschema import Draft7Validator
    from referencing import Registry

    profile = json.loads(
        resources.files("dplib").joinpath(f"profiles/2.0/{name}.json").read_bytes()
    )
    return Draft7Validator(
        profile, format_checker=Draft7Validator.FORMAT_CHECKER, registry=Registry()
    )


def _pointer(path: Any) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _check_profile(run: _Run, descriptor: dict[str, Any]) -> None:
    validator = _profile("datapackage")
    errors = sorted(
        validator.iter_errors(descriptor), key=lambda e: [str(p) for p in e.absolute_path]
    )
    for error in errors[:50]:
        run.add(
            DESCRIPTOR, "descriptor-profile", error.message, pointer=_pointer(error.absolute_path)
        )


def _check_references(run: _Run, descriptor: dict[str, Any]) -> None:
    """Every path the descriptor names is one file of the package: no URL, no path list."""
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            continue
        for key in _REFERENCE_KEYS:
            if key not in resource:
                continue
            value, pointer = resource[key], f"/resources/{index}/{key}"
            if not isinstance(value, str):
                kind = "a list of paths" if isinstance(value, list) else "not a path"
                run.add(
                    DESCRIPTOR,
                    "unsafe-path",
                    f"{key} is {kind}; expected one file of the package",
                    pointer=pointer,
                )
                continue
            why = unsafe(value)
            if why is None and key == "path" and not value.startswith(("data/", "schemas/")):
                why = "outside data/ and schemas/"
            if why:
                run.add(DESCRIPTOR, "unsafe-path", f"{key} {value!r} is {why}", pointer=pointer)
            elif value not in run.files and not any(p.file == value for p in run.problems):
                run.add(
                    DESCRIPTOR,
                    "missing-file",
                    f"{key} {value!r} is not in the package",
                    pointer=pointer,
                )


# ---------------------------------------------------------------- the reference declaration


def _readers(run: _Run) -> dict[str, Callable[[], Any]]:
    from declaration.formats import akn, csv, jsonld

    readers: dict[str, Callable[[], Any]] = {}
    if all(t.path in run.files for t in csv.TABLES):
        readers["csv"] = lambda: csv.read(run.files)
    if jsonld.PATH in run.files:
        readers["jsonld"] = lambda: jsonld.read(run.files[jsonld.PATH])
    if akn.PATH in run.files:
        readers["akn"] = lambda: akn.read(run.files[akn.PATH])
    return readers


_FORMAT_FILE = {
    "csv": "data/declarations.csv",
    "jsonld": "data/declaration.jsonld",
    "akn": "data/declaration.fra.akn.xml",
}


def _reference(run: _Run) -> Any:
    """The declaration most records agree on, or None (then the readers' errors are reported)."""
    decls: list[tuple[str, Any]] = []
    failures: list[tuple[str, DeclarationError | Exception]] = []
    for name, reader in _readers(run).items():
        try:
            decls.append((name, reader()))
        except DeclarationError as error:
            failures.append((name, error))
        except Exception as exc:  # a hostile record gives a problem, never a crash
            failures.append((name, exc))
    groups: list[list[tuple[str, Any]]] = []
    for name, decl in decls:
        group = next((g for g in groups if g[0][1] == decl), None)
        if group is None:
            groups.append([(name, decl)])
        else:
            group.append((name, decl))
    if groups:
        return max(groups, key=len)[0][1]  # max keeps the first of equals: the readers' order
    for name, failure in failures:
        if isinstance(failure, DeclarationError):
            path = failure.location.path
            run.error(failure, path if path in run.files else _FORMAT_FILE[name])
        else:
            run.add(_FORMAT_FILE[name], "unreadable-record", reason(failure))
    if not failures:
        run.add(
            DESCRIPTOR,
            "missing-file",
            "no record of the declaration (CSV tables, JSON-LD or Akoma Ntoso)",
        )
    return None


# ---------------------------------------------------------------- the dataset facts


def _from_descriptor(run: _Run, descriptor: dict[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for key in ("name", "title", "description", "homepage"):
        if isinstance(descriptor.get(key), str):
            facts[key] = descriptor[key]
    keywords = descriptor.get("keywords")
    if isinstance(keywords, list) and all(isinstance(k, str) for k in keywords):
        facts["keywords"] = tuple(keywords)
    licenses = descriptor.get("licenses")
    if isinstance(licenses, list) and licenses and isinstance(licenses[0], dict):
        for key, fact in (
            ("name", "license_id"),
            ("title", "license_title"),
            ("path", "license_url"),
        ):
            if isinstance(licenses[0].get(key), str):
                facts[fact] = licenses[0][key]
    if isinstance(descriptor.get("created"), str):
        facts["created"] = descriptor["created"]
    return facts


def _from_citation(data: bytes) -> dict[str, Any]:
    """The dataset facts of a ``CITATION.cff`` as :func:`release.citation_cff` writes it."""
    facts: dict[str, Any] = {}
    keys = {
        "title": "title",
        "abstract": "description",
        "license": "license_id",
        "license-url": "license_url",
        "url": "homepage",
    }
    section, keywords = "", []
    for line in data.decode("utf-8", errors="replace").splitlines():
        if not line.startswith(" "):
            section = line.split(":", 1)[0]
            key, _, value = line.partition(": ")
            if key in keys and value:
                facts[keys[key]] = _unquote(value)
        elif section == "keywords" and line.startswith("  - "):
            keywords.append(_unquote(line[4:]))
        elif section == "authors" and line.startswith("  - name: "):
            facts["name"] = _unquote(line[10:]).removesuffix(" contributors")
    if keywords:
        facts["keywords"] = tuple(keywords)
    return facts


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value


def _from_template(name: str, data: bytes) -> dict[str, Any]:
    """The dataset facts of a bundle file written from a template (README, LICENSE)."""
    from declaration.release import KEYWORD_SEPARATOR, template, unfill

    values = unfill(template(name), data.decode("utf-8", errors="replace"))
    if values is None:
        return {}
    facts: dict[str, Any] = {
        key: values[key]
        for key in (
            "title",
            "name",
            "description",
            "license_title",
            "license_id",
            "license_url",
            "code_license",
        )
        if key in values
    }
    if "keywords" in values:
        facts["keywords"] = tuple(values["keywords"].split(KEYWORD_SEPARATOR))
    if "citation" in values:
        facts["homepage"] = values["citation"].rsplit(" ", 1)[-1]
    return facts


def _dataset(run: _Run, descriptor: dict[str, Any], decl: Any) -> Any:
    """The dataset facts: the source's in a repository; else, field by field, what most of
    the descriptor, ``CITATION.cff`` and the README say (ties: the descriptor)."""
    from pydantic import ValidationError

    from declaration.metadata import DatasetMeta

    if run.package.source is not None:
        from declaration.source import load_source

        try:
            return load_source(run.package.source)[0].dataset
        except DeclarationError as error:
            run.error(error)
            return None
    sources = [_from_descriptor(run, descriptor)]
    if "CITATION.cff" in run.files:
        sources.append(_from_citation(run.files["CITATION.cff"]))
    for name, template in (("README.md", "bundle-README.md"), ("LICENSE", "bundle-LICENSE.txt")):
        if name in run.files:
            sources.append(_from_template(template, run.files[name]))
    facts: dict[str, Any] = {}
    keys = ("name", "title", "description", "keywords", "homepage", "code_license")
    for key in (*keys, "license_id", "license_title", "license_url"):
        votes = Counter(s[key] for s in sources if key in s)
        if votes:
            best = max(votes.values())
            winners = [v for v, n in votes.items() if n == best]
            facts[key] = sources[0][key] if sources[0].get(key) in winners else winners[0]
    created = datetime(
        decl.release.date.year, decl.release.date.month, decl.release.date.day, tzinfo=UTC
    )
    stated = sources[0].get("created", "")
    if stated.startswith(decl.release.date.isoformat()):
        with contextlib.suppress(ValueError):
            created = datetime.strptime(stated, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    try:
        return DatasetMeta.model_validate(
            {
                "name": facts.get("name"),
                "title": facts.get("title"),
                "description": facts.get("description"),
                "version": decl.release.version,
                "created": created,
                "keywords": facts.get("keywords", ()),
                "license": {
                    "id": facts.get("license_id"),
                    "title": facts.get("license_title"),
                    "url": facts.get("license_url"),
                },
                "base_iri": decl.base_iri,
                "homepage": facts.get("homepage"),
                **({"code_license": facts["code_license"]} if "code_license" in facts else {}),
            }
        )
    except ValidationError as exc:
        run.add(DESCRIPTOR, "descriptor-invalid", f"its dataset facts are not valid: {reason(exc)}")
        return None


# ---------------------------------------------------------------- comparing every file


def _code(name: str) -> str:
    from declaration.formats import akn, jsonld

    if name == DESCRIPTOR:
        return "descriptor-mismatch"
    if name.startswith("schemas/"):
        return "contract-changed"
    if name in ("README.md", "CITATION.cff", "LICENSE"):
        return "bundle-mismatch"
    if name.endswith(".csv") or name in (jsonld.PATH, akn.PATH):
        return "cross-format"
    return "derived-mismatch"


_WHAT = {
    "descriptor-mismatch": "not the descriptor of the files and the dataset facts",
    "contract-changed": "not the validator's own contract (weakened or replaced)",
    "bundle-mismatch": "disagrees with the dataset facts and the records",
    "cross-format": "departs from the declaration the other records agree on",
    "derived-mismatch": "not what the records derive",
}


def _expected(run: _Run, decl: Any, dataset: Any) -> dict[str, bytes]:
    from declaration import build, registry

    if dataset is None:
        return registry.write(decl)
    if run.package.kind != "bundle":
        return build.release_files(decl, dataset)
    from declaration.release import bundle_files

    return bundle_files(decl, dataset, run.files.get("CHANGELOG.md", b""))


def _compare(run: _Run, expected: dict[str, bytes]) -> None:
    refused = {p.file for p in run.problems}
    for name, want in sorted(expected.items()):
        if name not in run.files:
            run.departing.add(name)
            if name not in refused:
                run.add(name, "missing-file", "a file of the release is missing")
            continue
        if name == "SHA256SUMS":
            continue
        found = differences(name, run.files[name], want)
        if not found:
            continue
        run.departing.add(name)
        code = _code(name)
        for place, message in found:
            run.add(name, code, f"{_WHAT[code]}: {message}", **place)
    for name in sorted(set(run.files) - set(expected)):
        if name.startswith(("data/", "schemas/")) or run.package.kind == "bundle":
            run.departing.add(name)
            run.add(name, "unlisted-file", "not a file of the release")
    if "SHA256SUMS" in expected and "SHA256SUMS" in run.files:
        _compare_sums(run, expected["SHA256SUMS"])


def _compare_sums(run: _Run, expected: bytes) -> None:
    want = {}
    for line in expected.decode("utf-8").splitlines():
        digest, _, name = line.partition("  ")
        want[name] = digest
    text = run.files["SHA256SUMS"].decode("utf-8", errors="replace")
    listed: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line and number == text.count("\n") + 1:
            break
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or name not in want or name in listed:
            why = "not a line of '<sha256>  <path>' naming a file of the release once"
            run.add("SHA256SUMS", "checksum-syntax", f"{why}: {printable(line, 80)!r}", line=number)
        elif digest != want[name]:
            run.add(
                "SHA256SUMS",
                "checksum-mismatch",
                f"the SHA-256 of {name} is not the one on this line",
                line=number,
                cause=name if name in run.departing else None,
            )
        listed.add(name)
    for name in sorted(set(want) - listed):
        run.add(
            "SHA256SUMS",
            "checksum-missing",
            f"no line for {name}",
            cause=name if name in run.departing else None,
        )
    if not text.endswith("\n") or any(p.file == "SHA256SUMS" for p in run.problems):
        if text and not text.endswith("\n"):
            run.add("SHA256SUMS", "checksum-syntax", "no final newline")
        run.departing.add("SHA256SUMS")


# ---------------------------------------------------------------- the validator's own contracts


def _check_tables(run: _Run) -> None:
    """frictionless on the tables found, with our Table Schemas (never the package's)."""
    import tempfile

    from declaration.formats import csv

    tables = [t for t in csv.TABLES if t.path in run.files]
    if not tables:
        return
    from frictionless import Package as FrictionlessPackage
    from frictionless import Resource, Schema

    with tempfile.TemporaryDirectory(prefix="declaration-validate-") as tmp:
        for table in tables:
            target = Path(tmp, *table.path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(run.files[table.path])
        resources = [
            Resource(
                name=table.name,
                path=table.path,
                format="csv",
                encoding="utf-8",
                schema=Schema.from_descriptor(table.table_schema()),
            )
            for table in tables
        ]
        try:
            report = FrictionlessPackage(resources=resources, basepath=tmp).validate()
        except Exception as exc:  # frictionless may raise anything on input it did not expect
            run.add(tables[0].path, "frictionless-failed", reason(exc))
            return
    by_name = {t.name: t.path for t in tables}
    for task in report.tasks:
        for error in task.errors[:50]:
            name = by_name.get(task.name, task.place)
            row = getattr(error, "row_number", None)
            field_name = getattr(error, "field_name", None)
            run.add(
                name,
                f"frictionless-{error.type}",
                error.note or error.message,
                row=row,
                field=field_name,
            )


def _check_json_schema(run: _Run, decl: Any) -> None:
    from jsonschema import Draft202012Validator
    from referencing import Registry

    from declaration import schemas
    from declaration.formats import jsonld

    if jsonld.PATH not in run.files:
        return
    try:
        document = load_json(jsonld.PATH, run.files[jsonld.PATH])
    except DeclarationError as failure:
        run.error(failure, jsonld.PATH)
        return
    validator = Draft202012Validator(
        schemas.jsonld_schema(decl),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
        registry=Registry(),
    )
    errors = sorted(
        validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path]
    )
    for found in errors[:50]:
        run.add(jsonld.PATH, "json-schema", found.message, pointer=_pointer(found.absolute_path))
    try:
        jsonld.expand(document, jsonld.loader(decl))
    except DeclarationError as failure:
        run.error(failure, jsonld.PATH)
    except Exception as exc:  # pyld raises its own errors, and others on hostile input
        run.add(jsonld.PATH, "jsonld-expansion", reason(exc).splitlines()[0])


def _check_akn(run: _Run) -> None:
    from declaration.formats import akn

    if akn.PATH not in run.files:
        return
    try:
        for error in akn.check(run.files[akn.PATH]):
            run.error(error, akn.PATH)
    except DeclarationError as error:
        run.error(error, akn.PATH)
    except Exception as exc:  # lxml on hostile XML
        run.add(akn.PATH, "xml-syntax", reason(exc))


def _check_shapes(run: _Run, decl: Any, expected: dict[str, bytes]) -> None:
    """Our SHACL shapes on the graph, when the Turtle is the one the records derive."""
    from declaration import shapes
    from declaration.formats import jsonld

    turtle = run.files.get(jsonld.TURTLE_PATH)
    if turtle is None or turtle != expected.get(jsonld.TURTLE_PATH):
        return
    ok, text = shapes.conforms(turtle, shapes.write(decl.base_iri))
    if not ok:
        results = [
            line.strip()
            for line in text.splitlines()
            if line.strip().startswith(("Message:", "Focus Node:", "Result Path:"))
        ]
        run.add(jsonld.TURTLE_PATH, "shacl", "; ".join(results[:6]) or "does not conform")


def _check_source(run: _Run, decl: Any) -> None:
    """In a repository, the records must be what the source parses to."""
    if run.package.source is None or decl is None:
        return
    from declaration.source import load

    try:
        parsed = load(run.package.source)
    except DeclarationError as error:
        run.error(error)
        return
    if parsed != decl:
        run.add(
            "source/metadata.toml",
            "source-mismatch",
            "the records are not what the source parses to: rebuild them (declaration build)",
        )


# ---------------------------------------------------------------- consequences


def _label_consequences(run: _Run, descriptor: dict[str, Any]) -> None:
    """A problem in a file that is as it should be is the consequence of a departure."""
    if not run.departing:
        return
    listed = descriptor.get("resources")
    resources: list[Any] = listed if isinstance(listed, list) else []
    departing_tables = sorted(n for n in run.departing if n.endswith(".csv"))
    labelled = []
    for problem in run.problems:
        cause = None
        if (
            problem.file == DESCRIPTOR
            and problem.pointer
            and problem.pointer.startswith("/resources/")
        ):
            index = problem.pointer.split("/")[2]
            resource = (
                resources[int(index)] if index.isdigit() and int(index) < len(resources) else None
            )
            path = resource.get("path") if isinstance(resource, dict) else None
            departed = isinstance(path, str) and path in run.departing
            if departed and problem.pointer.endswith(("/bytes", "/hash")):
                cause = path
        elif problem.cause is not None or problem.file == "SHA256SUMS":
            cause = problem.cause
        elif problem.file not in run.departing and problem.code not in (
            "unsafe-path",
            "special-file",
        ):
            cause = (
                (departing_tables or sorted(run.departing))[0]
                if problem.file.endswith(".csv")
                else sorted(run.departing)[0]
            )
        if cause and cause != problem.file:
            from dataclasses import replace

            problem = replace(problem, cause=cause)
        labelled.append(problem)
    run.problems = labelled


def _guarded(run: _Run, file: str, check: Callable[[], None]) -> None:
    """Run one check; whatever a hostile package makes it raise becomes a problem, not a crash."""
    try:
        check()
    except DeclarationError as error:
        run.error(error, file if file in run.files else None)
    except Exception as exc:  # the last line of defence: a check that failed is a problem
        run.add(file, "check-failed", f"the check could not run on this input: {reason(exc)}")


def validate(path: Path | str) -> Report:
    """Check every contract of the package at ``path``; raise :class:`InputError` if unreadable."""
    target = Path(path)
    package = open_package(target)
    root = target.parent if target.name == DESCRIPTOR and not target.is_dir() else target
    return check(package, root, target)


def validate_files(files: dict[str, bytes], root: Path) -> Report:
    """Check a package before it is written to ``root``: what the validator would say of it."""
    return check(in_memory(files), root, root)


def check(package: Package, root: Path, target: Path) -> Report:
    """Check every contract of a package read into memory."""
    descriptor = _descriptor(package, root)
    run = _Run(package)
    _guarded(run, DESCRIPTOR, lambda: _check_profile(run, descriptor))
    _guarded(run, DESCRIPTOR, lambda: _check_references(run, descriptor))
    decl = _reference(run)
    if decl is not None:
        dataset = _dataset(run, descriptor, decl)
        expected = _expected(run, decl, dataset)
        _compare(run, expected)
        _guarded(run, "data/", lambda: _check_tables(run))
        _guarded(run, "data/declaration.jsonld", lambda: _check_json_schema(run, decl))
        _guarded(run, "data/declaration.fra.akn.xml", lambda: _check_akn(run))
        _guarded(run, "data/declaration.ttl", lambda: _check_shapes(run, decl, expected))
        _guarded(run, "source/", lambda: _check_source(run, decl))
    else:
        _guarded(run, "data/", lambda: _check_tables(run))
        _guarded(run, "data/declaration.fra.akn.xml", lambda: _check_akn(run))
    _guarded(run, DESCRIPTOR, lambda: _label_consequences(run, descriptor))
    unique = list(dict.fromkeys(run.problems))
    return Report(printable(str(target), 1000), tuple(sorted(package.files)), tuple(unique))
