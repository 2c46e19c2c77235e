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

import pickle
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from declaration.errors import DeclarationError, InputError, Location, printable, reason
from declaration.validate.compare import Expected
from declaration.validate.contracts import (
    check_akn,
    check_json_schema,
    check_profile,
    check_references,
    check_shapes,
    check_source,
    check_tables,
)
from declaration.validate.facts import dataset
from declaration.validate.inputs import MAX_FILE_BYTES, Package, in_memory, open_package
from declaration.validate.report import Problem, Report
from declaration.validate.run import DESCRIPTOR, Run, load_json

if TYPE_CHECKING:
    from declaration.metadata import DatasetMeta
    from declaration.model import Declaration
    from declaration.output import Corpus

__all__ = ["MAX_FILE_BYTES", "Problem", "Report", "validate", "validate_files"]


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


# ---------------------------------------------------------------- the reference declaration


def _readers(run: Run) -> dict[str, Callable[[], Declaration]]:
    from declaration.formats import akn, csv, jsonld

    readers: dict[str, Callable[[], Declaration]] = {}
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


def is_corpus(files: Mapping[str, bytes]) -> bool:
    """Whether a package holds a corpus: its corpus node, or a file of one declaration."""
    from declaration import registry
    from declaration.formats import jsonld

    return jsonld.CORPUS_PATH in files or any(registry.member_of(name) for name in files)


def _majority(
    run: Run, readers: dict[str, tuple[str, Callable[[], Declaration]]]
) -> Declaration | None:
    """The declaration most of ``readers`` (by format: its file and its reader) agree on, or
    None (then the readers' errors are reported, each on its file)."""
    decls: list[tuple[str, Declaration]] = []
    failures: list[tuple[str, DeclarationError | Exception]] = []
    for name, (_, reader) in readers.items():
        try:
            decls.append((name, reader()))
        except DeclarationError as error:
            failures.append((name, error))
        except Exception as exc:  # a hostile record gives a problem, never a crash
            failures.append((name, exc))
    groups: list[list[tuple[str, Declaration]]] = []
    for name, decl in decls:
        group = next((g for g in groups if g[0][1] == decl), None)
        if group is None:
            groups.append([(name, decl)])
        else:
            group.append((name, decl))
    if groups:
        run.unanimous = (
            run.unanimous and len(groups) == 1 and not failures and len(decls) == len(_FORMAT_FILE)
        )
        return max(groups, key=len)[0][1]  # max keeps the first of equals: the readers' order
    for name, failure in failures:
        file = readers[name][0]
        if isinstance(failure, DeclarationError):
            path = failure.location.path
            run.error(failure, path if path in run.files and name == "csv" else file)
        else:
            run.add(file, "unreadable-record", reason(failure))
    return None


def _reference(run: Run) -> Declaration | Corpus | None:
    """What most records agree on: one declaration, or in a corpus each declaration (in the
    order of the tables); None if there is none (then the readers' errors are reported)."""
    if not is_corpus(run.files):
        run.unanimous = True
        readers = {name: (_FORMAT_FILE[name], reader) for name, reader in _readers(run).items()}
        decl = _majority(run, readers)
        if decl is None and not readers:
            run.add(
                DESCRIPTOR,
                "missing-file",
                "no record of the declaration (CSV tables, JSON-LD or Akoma Ntoso)",
            )
        return decl
    return _corpus_reference(run)


def _corpus_reference(run: Run) -> Corpus | None:
    from declaration import registry
    from declaration.formats import akn, csv, jsonld
    from declaration.output import Corpus

    tables: dict[str, bytes] = {}  # each declaration of the tables, pickled (see Corpus)
    run.unanimous = True
    if all(t.path in run.files for t in csv.TABLES):
        try:
            tables = {decl.id: Corpus.pickle(decl) for decl in csv.read_each(run.files)}
        except DeclarationError as error:
            run.error(error, error.location.path if error.location.path in run.files else None)
            run.unanimous, tables = False, {}
        except Exception as exc:  # a hostile table gives a problem, never a crash
            run.add(_FORMAT_FILE["csv"], "unreadable-record", reason(exc))
            run.unanimous, tables = False, {}
    members = {m[1] for name in run.files if (m := registry.member_of(name)) is not None}
    keys = [*tables, *sorted(members - set(tables))]
    decls: list[bytes] = []  # pickled, as a Corpus keeps them
    for key in keys:
        readers: dict[str, tuple[str, Callable[[], Declaration]]] = {}
        if key in tables:
            readers["csv"] = (_FORMAT_FILE["csv"], lambda key=key: pickle.loads(tables[key]))  # type: ignore[misc]
        for name, template, read in (
            ("jsonld", jsonld.PATH, jsonld.read),
            ("akn", akn.PATH, akn.read),
        ):
            path = registry.member_path(template, key)
            if path in run.files:
                readers[name] = (path, lambda path=path, read=read: read(run.files[path]))  # type: ignore[misc]
        decl = _majority(run, readers)
        if decl is not None:
            decls.append(Corpus.pickle(decl))
    if not keys:
        run.add(DESCRIPTOR, "missing-file", "no record of any declaration of the corpus")
    return Corpus(pickled=decls) if decls and len(decls) == len(keys) else None


# ---------------------------------------------------------------- comparing every file


def _expected(
    run: Run,
    decl: Declaration | Corpus,
    dataset: DatasetMeta | None,
    known: Declaration | Corpus | None = None,
) -> Expected:
    """The files of the release, written again, each compared with the file found as it is
    written (:class:`~declaration.validate.compare.Expected`). A database or a Parquet file found with the
    content expected is taken as it is: its bytes depend on the library that wrote it (and a
    Parquet file is read faster than written). When every record reads back as ``known``,
    the declaration the build wrote them from, the other outputs the build wrote from it are
    what the writers give for it: they are not written a second time."""
    from declaration import build, registry
    from declaration.formats import parquet, sqlite

    own = run.unanimous and known is not None and known == decl

    def settle(name: str, make: Callable[[], bytes]) -> bytes:
        found = run.files.get(name)
        if own and found is not None:
            return found
        table = parquet.BY_PATH.get(name)
        if found is not None and table is not None and parquet.agrees(table, decl, found):
            return found
        if found is not None and name.endswith(".sqlite") and sqlite.agrees(decl, found):
            return found
        return make()

    expected = Expected(run)
    registry.write(decl, dataset, settle, store=expected)
    if dataset is None:
        return expected
    if run.package.kind != "bundle":
        build.release_files(decl, dataset, expected)
        return expected
    from declaration.release import bundle_files

    bundle_files(decl, dataset, run.files.get("CHANGELOG.md", b""), expected)
    return expected


# ---------------------------------------------------------------- consequences


def _label_consequences(run: Run, descriptor: dict[str, Any]) -> None:
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


def _guarded(run: Run, file: str, check: Callable[[], None]) -> None:
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


def validate_files(
    files: Mapping[str, bytes], root: Path, written_from: Declaration | Corpus | None = None
) -> Report:
    """Check a package before it is written to ``root``: what the validator would say of it.
    ``written_from``: the declaration the build wrote the files from (its outputs are then
    not written again if the records agree on it)."""
    return check(in_memory(files), root, root, written_from)


SHACL_BATCH = 25  # declarations' graphs checked by one pyshacl run

AKN, JSONLD, TURTLE = _FORMAT_FILE["akn"], _FORMAT_FILE["jsonld"], "data/declaration.ttl"


def _apart(run: Run, steps: Sequence[Callable[[], object]]) -> None:
    """Run independent steps in worker processes (:func:`declaration.parallel.run`); their
    problems and checks join ``run`` in the steps' order, whatever the number of workers."""
    from declaration import parallel

    def alone(step: Callable[[], object]) -> tuple[list[Problem], set[tuple[str, str]]]:
        before, checked = len(run.problems), set(run.checked)
        step()
        found, run.problems = run.problems[before:], run.problems[:before]
        return found, run.checked - checked

    for found, checked in parallel.run([partial(alone, step) for step in steps]):
        run.problems.extend(found)
        run.checked |= checked


def _found(run: Run, step: Callable[[], None]) -> list[Problem]:
    """Run one step; the problems it found."""
    before = len(run.problems)
    step()
    return run.problems[before:]


def _keys(release: Declaration | Corpus) -> tuple[str, ...]:
    """The keys of the declarations of a release, in order."""
    from declaration.output import Corpus

    return release.ids if isinstance(release, Corpus) else (release.id,)


def _members(files: Mapping[str, bytes], template: str) -> list[str]:
    """The files of ``template`` (a path of one declaration's layout) in a package: that path,
    or in a corpus each declaration's."""
    from declaration import registry

    if not is_corpus(files):
        return [template]
    found = ((name, registry.member_of(name)) for name in sorted(files))
    return [name for name, member in found if member is not None and member[0].path == template]


def check(
    package: Package,
    root: Path,
    target: Path,
    written_from: Declaration | Corpus | None = None,
) -> Report:
    """Check every contract of a package read into memory.

    The contracts that need no reference declaration (the Data Package profile, our Table
    Schemas, the Akoma Ntoso XSD) run beside the others, in a forked child when there is a
    core for it; the problems are put in one order whatever the number of workers.
    """
    from declaration import parallel
    from declaration.output import members

    descriptor = _descriptor(package, root)
    run = Run(package)

    def independent() -> tuple[tuple[list[Problem], ...], set[tuple[str, str]]]:
        def akn() -> None:
            for path in _members(run.files, AKN):
                _guarded(run, path, lambda path=path: check_akn(run, path))  # type: ignore[misc]

        return (
            _found(run, lambda: _guarded(run, DESCRIPTOR, lambda: check_profile(run, descriptor))),
            _found(run, lambda: _guarded(run, "data/", lambda: check_tables(run))),
            _found(run, akn),
        ), run.checked

    beside = parallel.start(independent)
    problems = list(package.refused)
    references = _found(
        run, lambda: _guarded(run, DESCRIPTOR, lambda: check_references(run, descriptor))
    )
    release: Declaration | Corpus | None = None
    expected: Mapping[str, bytes] = {}

    def records() -> None:
        nonlocal release, expected
        release = _reference(run)
        if release is not None:
            facts = dataset(run, descriptor, release)
            expected = _expected(run, release, facts, written_from)
            expected.report()

    def each(template: str, contract: Callable[[Declaration, str], None]) -> None:
        """``contract`` on the file of ``template`` of each declaration, the declarations cut
        into one run per worker process; the problems come back in the files' order."""
        from declaration import registry

        assert release is not None
        decls = members(release)
        by_key = {key: index for index, key in enumerate(_keys(release))}
        pairs = []
        for path in _members(run.files, template):
            member = registry.member_of(path)
            index = by_key.get(member[1]) if member is not None else 0
            if index is not None:
                pairs.append((index, path))

        def one(index: int, path: str) -> None:
            contract(decls[index], path)  # the declaration rebuilt in the worker, when used

        _apart(run, [partial(_guarded, run, p, partial(one, i, p)) for i, p in pairs])

    found = _found(run, records)
    schema: list[Problem] = []
    shapes: list[Problem] = []
    source: list[Problem] = []
    if release is not None:
        schema = _found(
            run, lambda: each(JSONLD, lambda decl, path: check_json_schema(run, decl, path))
        )
        graphs = _members(run.files, TURTLE)
        # one pyshacl run per batch of graphs: few runs, and the memory of one batch at once
        parts = [graphs[i : i + SHACL_BATCH] for i in range(0, len(graphs), SHACL_BATCH)]
        whole_release = release
        steps = [
            partial(
                _guarded, run, TURTLE, partial(check_shapes, run, whole_release, expected, part)
            )
            for part in parts
        ]
        shapes = _found(run, lambda: _apart(run, steps))
        order = {name: index for index, name in enumerate(graphs)}
        shapes.sort(key=lambda p: order.get(p.file, -1))
        whole = release
        source = _found(run, lambda: _guarded(run, "source/", lambda: check_source(run, whole)))
    (profile, tables, akn), checked = beside()
    run.checked |= checked
    run.problems = [
        *problems,
        *profile,
        *references,
        *found,
        *tables,
        *schema,
        *akn,
        *shapes,
        *source,
    ]
    _guarded(run, DESCRIPTOR, lambda: _label_consequences(run, descriptor))
    unique = list(dict.fromkeys(run.problems))
    return Report(
        printable(str(target), 1000),
        tuple(sorted(package.files)),
        tuple(unique),
        tuple(sorted(run.checked)),
    )
