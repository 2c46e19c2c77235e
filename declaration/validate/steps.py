"""The steps of a validation, each a function of the :class:`State` it shares with the
others; :func:`declaration.validate.check` schedules them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from declaration import signing, spool
from declaration.errors import DeclarationError, InputError, Location, printable, reason
from declaration.validate.contracts import (
    check_akn,
    check_json_schema,
    check_profile,
    check_references,
    check_shapes,
    check_source,
    check_tables,
)
from declaration.validate.inputs import Package
from declaration.validate.report import Problem
from declaration.validate.run import DESCRIPTOR, Run, load_json
from declaration.validate.signature import Verified, check_signature

if TYPE_CHECKING:
    from declaration.model import Declaration
    from declaration.release import Release
    from declaration.signing import Allowed

SHACL_BATCH = 25  # declarations' graphs checked by one pyshacl run, at most
# and at most this much Turtle (a larger graph alone): rdflib and pyshacl take about 60 times
# the Turtle's size, so three graphs of declarations at the annotation limit in one run took
# over 1 GiB where one at a time took 409 MiB
SHACL_BYTES = 2_000_000


@dataclass
class State:
    """What the steps share: the run (its files and problems), the descriptor, the release
    the build wrote the files from (if any), and what the steps decide."""

    run: Run
    descriptor: dict[str, Any]
    written_from: Release | None = None
    release: Release | None = None  # the reference
    expected: Mapping[str, bytes] = field(default_factory=dict)  # the files written again
    trusted: list[Allowed] | None = None  # the signers the user trusts (--trusted-signers)
    verified: Verified = field(default_factory=Verified)  # the signature

    def found(self, step: Callable[[State], None]) -> list[Problem]:
        """Run one step; the problems it found."""
        before = len(self.run.problems)
        step(self)
        return self.run.problems[before:]


def guarded(run: Run, file: str, check: Callable[[], None]) -> None:
    """Run one check; whatever a hostile package makes it raise becomes a problem, not a crash."""
    try:
        check()
    except DeclarationError as error:
        run.error(error, file if file in run.files else None)
    except Exception as exc:  # the last line of defence: a check that failed is a problem
        run.add(file, "check-failed", f"the check could not run on this input: {reason(exc)}")


# ---------------------------------------------------------------------- open


def opened(package: Package, root: Path) -> dict[str, Any]:
    """The descriptor of an opened package, as a JSON object (else an input error)."""
    where = Location(printable(str(root / DESCRIPTOR), 1000))
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


def signature(state: State) -> None:
    """The signature of ``SHA256SUMS``, verified (:mod:`.signature`)."""

    def verified() -> None:
        state.verified = check_signature(state.run, state.trusted)

    guarded(state.run, signing.PATH, verified)


def refused(state: State) -> None:
    """What opening the package refused (unsafe names, special files, limits)."""
    state.run.problems.extend(state.run.package.refused)


# ---------------------------------------------------------------------- the contracts beside


def profile(state: State) -> None:
    guarded(state.run, DESCRIPTOR, lambda: check_profile(state.run, state.descriptor))


def tables(state: State) -> None:
    guarded(state.run, "data/", lambda: check_tables(state.run))


def akn(state: State) -> None:
    for path in _files_of(state.run.files, "declaration-akn"):
        guarded(state.run, path, partial(check_akn, state.run, path))


def _files_of(files: Mapping[str, bytes], name: str) -> list[str]:
    """The files of the output named ``name`` (one declaration's: each declaration's) in a
    package, in order."""
    from declaration import registry

    return [n for n in sorted(files) if (f := registry.find(n)) and f[0].name == name]


# ---------------------------------------------------------------------- in order


def references(state: State) -> None:
    guarded(state.run, DESCRIPTOR, lambda: check_references(state.run, state.descriptor))


def reference(state: State) -> None:
    """Decide the reference: what the records agree on, declaration by declaration."""
    from declaration.validate.reference import decide

    state.release = decide(state.run)


def records(state: State) -> None:
    """Write every output again from the reference and compare."""
    from declaration.validate.facts import dataset

    run = state.run
    if state.release is None:
        _missing_records(run)
    else:
        facts = dataset(run, state.descriptor, state.release)
        state.release = state.release.but(
            dataset=facts,
            changelog=run.files.get("CHANGELOG.md", b""),
            signer=_signer(state, facts),
        )
        state.expected = expected = _expected(state)
        expected.report(state.descriptor)


def _signer(state: State, facts: Any) -> str:
    """The ``allowed_signers`` line the bundle's README gives, if the release is signed: the
    key of the signature found, for the dataset's name (as ``publish --sign`` writes it)."""
    from declaration.signing import allowed_line

    if state.verified.key is None or facts is None:
        return ""
    return allowed_line(facts.name, state.verified.key)


def _missing_records(run: Run) -> None:
    """With no declaration the records agree on, nothing can be written again to compare:
    the files of the release that the package lacks are named, each (a descriptor that drops
    them does not hide them)."""
    from declaration import registry
    from declaration.validate.reference import is_corpus

    corpus = is_corpus(run.files)
    for out in registry.OUTPUTS:
        if out.stage not in ("data", "schema") or out.corpus_only:
            continue
        if out.per_declaration and corpus:
            continue  # a corpus's keys are unknown without its records
        if out.path not in run.files and not any(p.file == out.path for p in run.problems):
            run.add(out.path, "missing-file", "a file of the release is missing")


def _expected(state: State) -> Any:
    """The files of the release written again, each compared with the file found as it is
    written (:class:`~declaration.validate.compare.Expected`). A file whose bytes depend on
    the library that wrote it is taken as found if its output says it agrees. When every
    record reads back as the release the build wrote them from, its other outputs are what
    the writers give for it: they are not written a second time."""
    from declaration import registry
    from declaration.validate.compare import Expected

    run, release = state.run, state.release
    assert release is not None
    own = run.unanimous and state.written_from is not None and state.written_from == release

    def settle(name: str, make: Callable[[], bytes]) -> bytes:
        found = run.files.get(name)
        out = registry.output(name)
        if found is not None and (own or (out and out.agrees and out.agrees(release, found))):
            return found
        return make()

    expected = Expected(run)
    stages = registry.BUNDLE if run.package.kind == "bundle" else registry.BUILD
    registry.write(release, stages, settle, store=expected)
    return expected


def _apart(run: Run, steps: Sequence[Callable[[], object]], what: str) -> None:
    """Run independent checks in worker processes (:func:`declaration.parallel.run`); their
    problems and checks join ``run`` in the checks' order, whatever the number of workers."""
    from declaration import parallel

    def alone(step: Callable[[], object]) -> tuple[list[Problem], set[tuple[str, str]]]:
        before, checked = len(run.problems), set(run.checked)
        step()
        found, run.problems = run.problems[before:], run.problems[:before]
        return found, run.checked - checked

    for found, checked in parallel.run([partial(alone, step) for step in steps], what=what):
        run.problems.extend(found)
        run.checked |= checked


def schema(state: State) -> None:
    """Our JSON Schema on each declaration's JSON-LD, the declarations cut into one run per
    worker process."""
    from declaration import registry

    release, run = state.release, state.run
    if release is None:
        return
    index = {key: i for i, key in enumerate(release.ids)}
    checks = []
    for path in _files_of(run.files, "declaration-jsonld"):
        found = registry.find(path)
        at = index.get(found[1]) if found and found[1] is not None else 0
        if at is not None:
            check = partial(_json_schema, run, release, at, path)
            checks.append(partial(guarded, run, path, check))
    _apart(run, checks, "JSON-LD records checked")


def _json_schema(run: Run, release: Release, index: int, path: str) -> None:
    decl: Declaration = release.declarations[index]  # rebuilt in the worker, when used
    check_json_schema(run, decl, path)


def shapes(state: State) -> None:
    """Our SHACL shapes on each declaration's Turtle: one pyshacl run per batch of graphs
    (few runs, and the memory of one batch at once), the batches in worker processes."""
    release, run = state.release, state.run
    if release is None:
        return
    graphs = _files_of(run.files, "declaration-turtle")
    parts = _batches(graphs, [spool.digest(run.files, name)[0] for name in graphs])
    checks = [
        partial(guarded, run, part[0], partial(check_shapes, run, release, state.expected, part))
        for part in parts
    ]
    before = len(run.problems)
    _apart(run, checks, "graphs checked (batches)")
    order = {name: index for index, name in enumerate(graphs)}
    run.problems[before:] = sorted(run.problems[before:], key=lambda p: order.get(p.file, -1))


def _batches(names: list[str], sizes: list[int]) -> list[list[str]]:
    """``names`` in order, cut into batches of at most ``SHACL_BATCH`` files and
    ``SHACL_BYTES`` bytes (a file larger than that alone)."""
    batches: list[list[str]] = []
    total = 0
    for name, size in zip(names, sizes, strict=True):
        if not batches or len(batches[-1]) >= SHACL_BATCH or total + size > SHACL_BYTES:
            batches.append([])
            total = 0
        batches[-1].append(name)
        total += size
    return batches


def source(state: State) -> None:
    """In a repository, the records must be what the source parses to."""
    if state.release is not None:
        guarded(state.run, "source/", lambda: check_source(state.run, state.release))


# ---------------------------------------------------------------------- after


def causes(state: State) -> None:
    """A problem in a file that is as it should be is the consequence of a departure."""
    guarded(state.run, DESCRIPTOR, lambda: _label_consequences(state.run, state.descriptor))


def _resource_path(descriptor: dict[str, Any], pointer: str) -> object:
    """The ``path`` of the resource (or typed copy) a JSON pointer of the descriptor is in."""
    listed = descriptor.get(pointer.split("/")[1])
    resources: list[Any] = listed if isinstance(listed, list) else []
    index = pointer.split("/")[2]
    found = resources[int(index)] if index.isdigit() and int(index) < len(resources) else None
    return found.get("path") if isinstance(found, dict) else None


def _cause(run: Run, descriptor: dict[str, Any], problem: Problem) -> str | None:
    """The file a problem is a consequence of, if any: a resource's size or hash that the
    departing file explains, else the first departing file (a table's, for a table)."""
    pointer = problem.pointer or ""
    if problem.file == DESCRIPTOR and pointer.startswith(("/resources/", "/typedCopies/")):
        path = _resource_path(descriptor, pointer)
        if (
            isinstance(path, str)
            and path in run.departing
            and pointer.endswith(("/bytes", "/hash"))
        ):
            return path
        return None
    if problem.cause is not None or problem.file == "SHA256SUMS":
        return problem.cause
    if problem.file in run.departing or problem.code in ("unsafe-path", "special-file"):
        return None
    tables = sorted(n for n in run.departing if n.endswith(".csv"))
    if problem.file.endswith(".csv"):
        return (tables or sorted(run.departing))[0]
    return sorted(run.departing)[0]


def _label_consequences(run: Run, descriptor: dict[str, Any]) -> None:
    if not run.departing:
        return
    labelled = []
    for problem in run.problems:
        cause = _cause(run, descriptor, problem)
        labelled.append(
            replace(problem, cause=cause) if cause and cause != problem.file else problem
        )
    run.problems = labelled


def locate(state: State) -> None:
    """Each problem placed by a row and field, or a JSON pointer, also at its line and column
    in the file as written (every report format points at a line); each file read once."""
    from declaration import registry
    from declaration.validate.locate import places

    run = state.run
    wanted: dict[str, set[tuple[int | None, str | None, str | None]]] = {}
    for problem in run.problems:
        if problem.line is None and (problem.row is not None or problem.pointer is not None):
            wanted.setdefault(problem.file, set()).add(
                (problem.row, problem.field, problem.pointer)
            )
    found: dict[tuple[str, int | None, str | None, str | None], tuple[int, int]] = {}
    for name, places_of in wanted.items():
        out, data = registry.output(name), run.files.get(name)
        if out is not None and data is not None:
            for (row, field, pointer), where in places(out.mediatype, data, places_of).items():
                found[name, row, field, pointer] = where
    located = []
    for problem in run.problems:
        at = found.get((problem.file, problem.row, problem.field, problem.pointer))
        if at is not None and problem.line is None:
            problem = replace(problem, line=at[0], column=at[1])
        located.append(problem)
    run.problems = located


BEFORE = (refused, signature, references, reference)  # before the others, in order
BESIDE = (profile, tables, akn, schema)  # need at most the reference: beside the others
IN_ORDER = (records, shapes, source)
AFTER = (causes, locate)
REPORTED = (
    "refused",
    "signature",
    "profile",
    "references",
    "reference",
    "records",
    "tables",
    "schema",
    "akn",
    "shapes",
    "source",
)
