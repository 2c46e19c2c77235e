"""``validate(path) -> Report``: every contract of a release, for a directory, a
``datapackage.json`` or a release zip. Never prints; never reaches outside the package.

Input is untrusted: resource paths that are absolute, contain ``..``, are hidden or are
symlinks are refused; a zip is read entry by entry under limits (count, size, ratio) and
refused if any entry name is unsafe; XML is parsed with no DTD, entities or network;
JSON-LD is expanded with a loader that serves only the bundled context.
"""

from __future__ import annotations

import json
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from declaration.errors import DeclarationError, InputError, InvalidDataError, Location, reason

MAX_FILE_BYTES = 50_000_000
MAX_ZIP_ENTRIES = 1_000
MAX_ZIP_BYTES = 200_000_000
MAX_ZIP_RATIO = 200


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken contract: a stable code, the file, and where in it (row, line, pointer)."""

    file: str
    code: str
    message: str
    line: int | None = None
    column: int | None = None
    row: int | None = None
    pointer: str | None = None

    @property
    def where(self) -> str:
        if self.row is not None:
            return f"row {self.row}"
        if self.line is not None:
            return f"line {self.line}" + (f", column {self.column}" if self.column else "")
        if self.pointer is not None:
            return self.pointer or "/"
        return ""


@dataclass(frozen=True, slots=True)
class Report:
    path: str
    files: tuple[str, ...]
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        return not self.problems

    def by_file(self) -> dict[str, list[Problem]]:
        grouped: dict[str, list[Problem]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.file, []).append(problem)
        return grouped

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "valid": self.valid,
            "files": list(self.files),
            "problems": [
                {k: v for k, v in asdict(p).items() if v is not None} for p in self.problems
            ],
        }


def _problem(error: DeclarationError, file: str) -> Problem:
    loc = error.location
    line = loc.line if loc.line > 1 or loc.column > 1 else None
    if file.endswith(".csv") and line is not None:
        return Problem(file, error.code, error.message, row=line)
    return Problem(file, error.code, error.message, line=line, column=loc.column if line else None)


# ---------------------------------------------------------------- opening the input


def _unsafe(name: str) -> str | None:
    """Why a relative path from the package may not be followed, or None."""
    if not name or "\\" in name or name.startswith("/") or ":" in PurePosixPath(name).parts[0]:
        return "an absolute path"
    parts = PurePosixPath(name).parts
    if ".." in parts:
        return "a path with '..'"
    if any(part.startswith(".") for part in parts):
        return "a hidden path"
    return None


@contextmanager
def _opened(path: Path) -> Iterator[Path]:
    """The package's root directory: the directory, the descriptor's, or a safely unzipped copy."""
    if not path.exists():
        raise InputError("missing-file", "no such file or directory", Location(str(path)))
    if path.is_dir():
        yield path
    elif path.name == "datapackage.json":
        yield path.parent
    elif zipfile.is_zipfile(path):
        with tempfile.TemporaryDirectory(prefix="declaration-validate-") as tmp:
            yield _unzip(path, Path(tmp))
    else:
        raise InputError(
            "bad-input", "expected a directory, a datapackage.json or a zip", Location(str(path))
        )


def _unzip(path: Path, target: Path) -> Path:
    where = Location(str(path))
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise InputError(
                "zip-too-many-entries", f"{len(entries)} entries; at most {MAX_ZIP_ENTRIES}", where
            )
        total = 0
        for entry in entries:
            reason = _unsafe(entry.filename.rstrip("/"))
            if reason:
                raise InputError("zip-unsafe-entry", f"entry {entry.filename!r} is {reason}", where)
            if stat.S_ISLNK(entry.external_attr >> 16):
                raise InputError(
                    "zip-unsafe-entry", f"entry {entry.filename!r} is a symlink", where
                )
            if entry.flag_bits & 0x1:
                raise InputError(
                    "zip-unsafe-entry", f"entry {entry.filename!r} is encrypted", where
                )
            total += entry.file_size
            if total > MAX_ZIP_BYTES:
                raise InputError(
                    "zip-too-large", f"more than {MAX_ZIP_BYTES} bytes uncompressed", where
                )
            if entry.file_size > 1_000_000 and entry.file_size > MAX_ZIP_RATIO * max(
                entry.compress_size, 1
            ):
                raise InputError(
                    "zip-bomb",
                    f"entry {entry.filename!r} expands {entry.file_size // max(entry.compress_size, 1)}-fold",
                    where,
                )
        for entry in entries:
            destination = target.joinpath(*PurePosixPath(entry.filename).parts)
            if entry.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(entry) as source, destination.open("wb") as out:
                remaining = entry.file_size + 1
                while chunk := source.read(min(1 << 20, remaining)):
                    remaining -= len(chunk)
                    if remaining <= 0:
                        raise InputError(
                            "zip-bomb", f"entry {entry.filename!r} is larger than it says", where
                        )
                    out.write(chunk)
    descriptors = sorted(target.rglob("datapackage.json"), key=lambda p: len(p.parts))
    if not descriptors:
        raise InputError("missing-file", "the zip holds no datapackage.json", where)
    return descriptors[0].parent


def _descriptor(root: Path) -> dict[str, Any]:
    path = root / "datapackage.json"
    where = Location(str(path))
    if not path.is_file() or path.is_symlink():
        raise InputError("missing-file", "no datapackage.json", where)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError("too-large", f"over {MAX_FILE_BYTES} bytes", where)
    try:
        value = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", 1)
        column = getattr(exc, "colno", 1)
        raise InputError(
            "descriptor-json", f"not JSON: {exc}", Location(str(path), line, column)
        ) from None
    if not isinstance(value, dict):
        raise InputError(
            "descriptor-json", f"a JSON {type(value).__name__}; expected an object", where
        )
    return value


# ---------------------------------------------------------------- the checks


class _Run:
    """One validation: the files read so far and the problems found."""

    def __init__(self, root: Path, descriptor: dict[str, Any]) -> None:
        self.root = root
        self.descriptor = descriptor
        self.problems: list[Problem] = []
        self.files: dict[str, bytes] = {}
        self.resources: dict[str, dict[str, Any]] = {}

    def add(self, file: str, code: str, message: str, **where: Any) -> None:
        self.problems.append(Problem(file, code, message, **where))

    def guard(self, file: str, check: Callable[[], None]) -> None:
        """Run ``check``; a typed error becomes a problem of ``file`` instead of stopping the run."""
        try:
            check()
        except DeclarationError as error:
            self.problems.append(_problem(error, file))

    def read(self, name: str) -> bytes | None:
        return self.files.get(name)


def _profile(name: str) -> Any:
    """An official Data Package 2.0 profile (JSON Schema draft-07), as dplib ships it."""
    from importlib import resources

    from jsonschema import Draft7Validator

    profile = json.loads(
        resources.files("dplib").joinpath(f"profiles/2.0/{name}.json").read_bytes()
    )
    return Draft7Validator(profile, format_checker=Draft7Validator.FORMAT_CHECKER)


def _check_profile(run: _Run) -> None:
    validator = _profile("datapackage")
    for error in sorted(validator.iter_errors(run.descriptor), key=lambda e: list(e.absolute_path)):
        pointer = "/" + "/".join(str(p) for p in error.absolute_path)
        run.add("datapackage.json", "descriptor-profile", error.message, pointer=pointer)


def _check_table_schemas(run: _Run) -> None:
    """Each table's Table Schema against the official Table Schema 2.0 profile."""
    validator = _profile("tableschema")
    for resource in run.resources.values():
        name = resource.get("schema")
        if not isinstance(name, str) or run.read(name) is None:
            continue
        try:
            schema = json.loads(run.files[name])
        except json.JSONDecodeError as exc:
            run.add(name, "json-syntax", str(exc), line=exc.lineno, column=exc.colno)
            continue
        for error in sorted(validator.iter_errors(schema), key=lambda e: list(e.absolute_path)):
            pointer = "/" + "/".join(str(p) for p in error.absolute_path)
            run.add(name, "table-schema-profile", error.message, pointer=pointer)


def _check_paths(run: _Run) -> None:
    resources = run.descriptor.get("resources")
    if not isinstance(resources, list):
        return  # the profile check reports it
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            continue
        name = resource["path"]
        reason = _unsafe(name) or (
            None if name.startswith(("data/", "schemas/")) else "outside data/ and schemas/"
        )
        if reason:
            run.add(
                "datapackage.json",
                "unsafe-path",
                f"resource path {name!r} is {reason}",
                pointer=f"/resources/{index}/path",
            )
            continue
        path = run.root.joinpath(*PurePosixPath(name).parts)
        if any(p.is_symlink() for p in [path, *path.parents] if run.root in p.parents or p == path):
            run.add(
                "datapackage.json",
                "unsafe-path",
                f"resource path {name!r} is a symlink",
                pointer=f"/resources/{index}/path",
            )
            continue
        if not path.is_file():
            run.add(name, "missing-file", "listed in datapackage.json but not found")
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            run.add(name, "too-large", f"over {MAX_FILE_BYTES} bytes")
            continue
        run.files[name] = path.read_bytes()
        run.resources[name] = resource
    for top in ("data", "schemas"):
        for path in sorted((run.root / top).rglob("*")) if (run.root / top).is_dir() else []:
            name = path.relative_to(run.root).as_posix()
            if (
                path.is_file()
                and name not in run.resources
                and not any(p.startswith(".") for p in path.parts)
            ):
                run.add(
                    name, "unlisted-file", "in the package but not a resource of datapackage.json"
                )


def _check_sums(run: _Run) -> None:
    """A release bundle's SHA256SUMS: every line names a safe file whose hash it gives."""
    import hashlib

    path = run.root / "SHA256SUMS"
    if not path.is_file():
        return
    for number, line in enumerate(
        path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1
    ):
        digest, _, name = line.partition("  ")
        reason = _unsafe(name)
        if reason or len(digest) != 64:
            run.add(
                "SHA256SUMS",
                "checksum-syntax",
                f"expected '<sha256>  <path>', found {line[:80]!r}",
                line=number,
            )
            continue
        target = run.root.joinpath(*PurePosixPath(name).parts)
        if target.is_symlink() or not target.is_file():
            run.add("SHA256SUMS", "missing-file", f"{name} is listed but not found", line=number)
        elif hashlib.sha256(target.read_bytes()).hexdigest() != digest:
            run.add(
                name,
                "checksum-mismatch",
                f"its SHA-256 is not the one on line {number} of SHA256SUMS",
            )


def _check_frictionless(run: _Run) -> None:
    if any(p.code in ("unsafe-path", "descriptor-profile") for p in run.problems):
        return  # never hand an unsafe or malformed descriptor to another tool
    from frictionless import validate

    try:
        report = validate(str(run.root / "datapackage.json"), type="package")
    except Exception as exc:  # frictionless may raise anything on input it did not expect
        run.add("datapackage.json", "frictionless-failed", f"{type(exc).__name__}: {exc}")
        return
    for error in report.errors:
        run.add("datapackage.json", f"frictionless-{error.type}", error.message)
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field_name = getattr(error, "field_name", None)
            message = (
                error.message if not field_name else f"{field_name}: {error.note or error.message}"
            )
            run.add(task.place, f"frictionless-{error.type}", message, row=row)


def _check_json_schemas(run: _Run) -> None:
    from jsonschema import Draft202012Validator

    for name, resource in run.resources.items():
        schema_path = resource.get("jsonSchema")
        if not isinstance(schema_path, str):
            continue
        raw_schema = run.read(schema_path)
        if raw_schema is None:
            run.add(
                name,
                "missing-schema",
                f"its jsonSchema {schema_path!r} is not a resource of the package",
            )
            continue
        try:
            schema = json.loads(raw_schema)
            document = json.loads(run.files[name])
        except json.JSONDecodeError as exc:
            run.add(name, "json-syntax", str(exc), line=exc.lineno, column=exc.colno)
            continue
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
            pointer = "/" + "/".join(str(p) for p in error.absolute_path)
            run.add(name, "json-schema", error.message, pointer=pointer)


def _check_jsonld(run: _Run, decl: Any) -> None:
    from pyld.jsonld import JsonLdError

    from declaration.formats import jsonld

    data = run.read(jsonld.PATH)
    if data is None or decl is None:
        return
    try:
        jsonld.expand(json.loads(data), jsonld.loader(decl))
    except JsonLdError as exc:
        run.add(
            jsonld.PATH,
            "jsonld-expansion",
            str(exc).splitlines()[0],
        )
    except InvalidDataError as error:
        run.problems.append(_problem(error, jsonld.PATH))
    context = run.read(jsonld.CONTEXT_PATH)
    if context is not None and context != jsonld.write_context(decl):
        run.add(jsonld.CONTEXT_PATH, "derived-mismatch", "not the context of the JSON-LD record")


def _check_akn(run: _Run) -> None:
    from declaration.formats import akn

    data = run.read(akn.PATH)
    if data is None:
        return
    xsd = run.resources.get(akn.PATH, {}).get("xmlSchema")
    if xsd is not None and run.read(str(xsd)) is None:
        run.add(
            akn.PATH, "missing-schema", f"its xmlSchema {xsd!r} is not a resource of the package"
        )

    def check() -> None:
        for error in akn.check(data):
            run.problems.append(_problem(error, akn.PATH))

    run.guard(akn.PATH, check)


def _check_shapes(run: _Run) -> None:
    from declaration import shapes
    from declaration.formats import jsonld

    data, graph_shapes = run.read(jsonld.TURTLE_PATH), run.read(shapes.PATH)
    if data is None or graph_shapes is None:
        return
    try:
        ok, text = shapes.conforms(data, graph_shapes)
    except Exception as exc:  # rdflib raises many kinds of parse errors
        run.add(jsonld.TURTLE_PATH, "rdf-syntax", _first_line(exc))
        return
    if not ok:
        results = [
            line.strip()
            for line in text.splitlines()
            if line.strip().startswith(("Message:", "Focus Node:", "Result Path:"))
        ]
        run.add(
            jsonld.TURTLE_PATH, "shacl", "; ".join(results[:6]) or "does not conform to the shapes"
        )


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _first_difference(a: Any, b: Any) -> str:
    if a.paragraphs != b.paragraphs:
        for pa, pb in zip(a.paragraphs, b.paragraphs, strict=False):
            if pa != pb:
                return f"paragraph {pa.eid} differs ({pb.eid})"
        return f"{len(b.paragraphs)} paragraphs, expected {len(a.paragraphs)}"
    for name in type(a).model_fields:
        if getattr(a, name) != getattr(b, name):
            return f"{name} differs"
    return "records differ"


def _check_agreement(run: _Run) -> Any:
    """Read every record back; they must all be the same Declaration. Returns it (or None)."""
    from declaration.formats import akn, csv, jsonld, text

    readers: dict[str, Callable[[], Any]] = {}
    if all(run.read(t.path) is not None for t in csv.TABLES):
        readers[csv.PARAGRAPHS.path] = lambda: csv.read(run.files)
    if run.read(jsonld.PATH) is not None:
        readers[jsonld.PATH] = lambda: jsonld.read(run.files[jsonld.PATH])
    if run.read(akn.PATH) is not None:
        readers[akn.PATH] = lambda: akn.read(run.files[akn.PATH])
    decls: dict[str, Any] = {}
    for name, reader in readers.items():
        try:
            decls[name] = reader()
        except InvalidDataError as error:
            run.problems.append(
                _problem(error, error.location.path if error.location.path in run.files else name)
            )
        except Exception as exc:  # a hostile record must give a problem, never a crash
            run.add(name, "unreadable-record", reason(exc))
    if not decls:
        return None
    reference_name, reference = next(iter(decls.items()))
    for name, decl in decls.items():
        if decl != reference:
            run.add(
                name,
                "cross-format",
                f"disagrees with {reference_name}: {_first_difference(reference, decl)}",
            )
    if run.read(text.PATH) is not None:
        run.guard(
            text.PATH,
            lambda: _same(run, text.PATH, text.read(run.files[text.PATH], reference), reference),
        )
    canonical = jsonld.nquads(reference)  # computed once: the N-Quads and the Turtle derive from it
    nquads = run.read(jsonld.NQUADS_PATH)
    if nquads is not None and nquads != canonical:
        run.add(
            jsonld.NQUADS_PATH,
            "derived-mismatch",
            "not the canonical N-Quads of the JSON-LD record",
        )
    turtle = run.read(jsonld.TURTLE_PATH)
    if turtle is not None:
        _check_turtle(run, turtle, canonical)
    return reference


def _same(run: _Run, name: str, decl: Any, reference: Any) -> None:
    if decl != reference:
        run.add(
            name,
            "cross-format",
            f"disagrees with the other records: {_first_difference(reference, decl)}",
        )


def _check_turtle(run: _Run, turtle: bytes, canonical: bytes) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from declaration.formats import jsonld

    try:
        graph = Graph().parse(data=turtle.decode("utf-8"), format="turtle")
    except Exception as exc:  # rdflib raises many kinds of parse errors
        run.add(jsonld.TURTLE_PATH, "rdf-syntax", _first_line(exc))
        return
    expected = Graph().parse(data=canonical.decode("utf-8"), format="nt")
    if not isomorphic(graph, expected):
        run.add(jsonld.TURTLE_PATH, "derived-mismatch", "not the graph of the JSON-LD record")


def _check_source(run: _Run, decl: Any) -> None:
    """In a repository, the records must be what the source parses to."""
    source = run.root / "source"
    if decl is None or not (source / "metadata.toml").is_file():
        return
    from declaration.source import load

    try:
        parsed = load(source)
    except DeclarationError as error:
        run.problems.append(_problem(error, error.location.path))
        return
    if parsed != decl:
        run.add(
            "source/metadata.toml",
            "source-mismatch",
            f"the records are not the parsed source: {_first_difference(parsed, decl)}",
        )


def validate(path: Path | str) -> Report:
    """Check every contract of the package at ``path``; raise :class:`InputError` if unreadable."""
    target = Path(path)
    with _opened(target) as root:
        run = _Run(root, _descriptor(root))
        _check_profile(run)
        _check_paths(run)
        _check_sums(run)
        _check_table_schemas(run)
        _check_frictionless(run)
        _check_json_schemas(run)
        decl = _check_agreement(run)
        _check_jsonld(run, decl)
        _check_akn(run)
        _check_shapes(run)
        _check_source(run, decl)
        unique = list(dict.fromkeys(run.problems))
        return Report(str(target), tuple(sorted(run.files)), tuple(unique))
