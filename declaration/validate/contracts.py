"""The validator's own contracts, run on the files found: the official Data Package 2.0
profile and what a descriptor may reference, our Table Schemas (through frictionless), our
JSON Schema and JSON-LD expansion with the bundled context only, the strict Akoma Ntoso XSD,
the SHACL shapes, and, in a repository, the source the records must parse from."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from declaration.errors import DeclarationError, reason
from declaration.files import unsafe
from declaration.validate.run import DESCRIPTOR, Run, load_json, pointer

if TYPE_CHECKING:
    from declaration.release import Release

REFERENCE_KEYS = ("path", "schema", "jsonSchema", "xmlSchema", "shapes", "dialect")


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


def check_profile(run: Run, descriptor: dict[str, Any]) -> None:
    validator = _profile("datapackage")
    errors = sorted(
        validator.iter_errors(descriptor), key=lambda e: [str(p) for p in e.absolute_path]
    )
    for error in errors[:50]:
        run.add(
            DESCRIPTOR, "descriptor-profile", error.message, pointer=pointer(error.absolute_path)
        )


def check_references(run: Run, descriptor: dict[str, Any]) -> None:
    """Every path the descriptor names is one file of the package: no URL, no path list."""
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            continue
        for key in REFERENCE_KEYS:
            if key not in resource:
                continue
            value, pointer = resource[key], f"/resources/{index}/{key}"
            if key in ("schema", "dialect") and isinstance(value, dict):
                continue  # inline, not a reference (the profile checks its shape)
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


def check_tables(run: Run) -> None:
    """frictionless on the tables found, with our Table Schemas (never the package's)."""
    import tempfile

    from declaration.formats import csv

    tables = [t for t in csv.TABLES if t.path in run.files]
    if not tables:
        return
    for table in tables:
        run.checks(table.path, "tables")
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


_VALIDATORS: dict[tuple[str, str], Any] = {}


def _jsonld_validator(base_iri: str, version: str, decl: Any) -> Any:
    """Our JSON Schema of the JSON-LD records, compiled once per base IRI and version (what
    it depends on): every declaration of a corpus shares it."""
    from jsonschema import Draft202012Validator
    from referencing import Registry

    from declaration.formats.jsonld import jsonld_schema

    key = (base_iri, version)
    if key not in _VALIDATORS:
        _VALIDATORS.clear()
        _VALIDATORS[key] = Draft202012Validator(
            jsonld_schema(decl),
            format_checker=Draft202012Validator.FORMAT_CHECKER,
            registry=Registry(),
        )
    return _VALIDATORS[key]


def check_json_schema(run: Run, decl: Any, path: str | None = None) -> None:
    """Our JSON Schema, and expansion with the bundled context only, on a JSON-LD record
    (``path``: a corpus's file of ``decl``)."""
    from declaration.formats import jsonld

    name = path or jsonld.PATH
    if name not in run.files:
        return
    run.checks(name, "json-schema")
    run.checks(name, "json-ld")
    try:
        document = load_json(name, run.files[name])
    except DeclarationError as failure:
        run.error(failure, name)
        return
    validator = _jsonld_validator(decl.base_iri, decl.release.version, decl)
    errors = sorted(
        validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path]
    )
    for found in errors[:50]:
        run.add(name, "json-schema", found.message, pointer=pointer(found.absolute_path))
    try:
        jsonld.expand(document, jsonld.loader(decl))
    except DeclarationError as failure:
        run.error(failure, name)
    except Exception as exc:  # pyld raises its own errors, and others on hostile input
        run.add(name, "jsonld-expansion", reason(exc).splitlines()[0])


def check_akn(run: Run, path: str | None = None) -> None:
    """The strict XSD and the checks it cannot make, on an Akoma Ntoso record (``path``: a
    corpus's file of one declaration)."""
    from declaration.formats import akn

    name = path or akn.PATH
    if name not in run.files:
        return
    run.checks(name, "akn")
    try:
        for error in akn.check(run.files[name]):
            run.error(error, name)
    except DeclarationError as error:
        run.error(error, name)
    except Exception as exc:  # lxml on hostile XML
        run.add(name, "xml-syntax", reason(exc))


def check_shapes(
    run: Run, release: Release, expected: Mapping[str, bytes], paths: list[str]
) -> None:
    """Our SHACL shapes on the graphs of ``paths`` (the Turtle of each declaration), those
    that are the Turtle the records derive, in one run; a result is named on its file."""
    from declaration.formats.jsonld import shapes

    agree = [p for p in paths if p in run.files and p in expected and p not in run.departing]
    named = [(p, run.files[p]) for p in agree]
    if not named:
        return
    for name, _ in named:
        run.checks(name, "shacl")
    found = shapes.violations(named, shapes.write(release.first.base_iri))
    for name, messages in found.items():
        run.add(name, "shacl", "; ".join(messages[:2]) or "does not conform")


def check_source(run: Run, release: Release | None) -> None:
    """In a repository, the records must be what the source parses to."""
    if run.package.source is None or release is None:
        return
    from declaration.source import load_release

    run.checks("source/metadata.toml", "source")
    try:
        parsed = load_release(run.package.source)
    except DeclarationError as error:
        run.error(error)
        return
    if parsed != release:
        run.add(
            "source/metadata.toml",
            "source-mismatch",
            "the records are not what the source parses to: rebuild them (declaration build)",
        )
