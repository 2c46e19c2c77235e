"""Deciding the reference: what most records of a package agree on, declaration by
declaration. The records are the outputs that read back (:attr:`Output.read`: the CSV
tables, the JSON-LD, the Akoma Ntoso); none is named here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from declaration.errors import DeclarationError, InvalidDataError, Location, reason
from declaration.validate.run import DESCRIPTOR, Run

if TYPE_CHECKING:
    from declaration.model import Declaration
    from declaration.output import Output
    from declaration.release import Declarations, Release

# a record of one declaration: (its output, its file, how to read it)
Record = tuple["Output", str, Callable[[], "Declaration"]]


def is_corpus(files: Iterable[str]) -> bool:
    """Whether a package is laid out as a corpus: a corpus-only file, or a declaration's
    file under its key."""
    from declaration import registry

    return any(
        (found := registry.find(name)) is not None
        and (found[0].corpus_only or found[1] is not None)
        for name in files
    )


def _readers() -> list[Output]:
    from declaration import registry

    return [out for out in registry.OUTPUTS if out.read is not None]


Failure = tuple["Output", str, Exception]


def _records(run: Run, release: Release, failures: list[Failure]) -> dict[str, list[Record]]:
    """The records of each declaration of the package, by its place in the release (the
    order of the whole-release records first, then of the keys of the others' files); the
    whole-release records that cannot be read go to ``failures``."""
    from declaration import registry

    slots: dict[str, list[Record]] = {}
    later: dict[str, list[Record]] = {}
    for out in _readers():
        if out.per_declaration:
            for name in sorted(run.files):
                found = registry.find(name)
                if found is not None and found[0] is out:
                    later.setdefault(release.slot(found[1]), []).append(
                        (out, name, _reader(run, out, name))
                    )
        elif out.path in run.files:
            decls = _whole(run, release, out, failures)
            for index, key in enumerate(decls.ids):
                record = (out, out.path, _given(decls, index))
                slots.setdefault(release.slot(key), []).append(record)
    for slot in sorted(later):
        slots.setdefault(slot, []).extend(later[slot])
    return slots


def _reader(run: Run, out: Output, name: str) -> Callable[[], Declaration]:
    assert out.read is not None
    read = out.read
    return lambda: read(run.files, name)[0]


def _given(decls: Declarations, index: int) -> Callable[[], Declaration]:
    return lambda: decls[index]  # rebuilt from its pickle when it is compared


def _whole(run: Run, release: Release, out: Output, failures: list[Failure]) -> Declarations:
    """The declarations of a record of the whole release (the tables), kept pickled; none
    if it cannot be read (its error is then in ``failures``)."""
    from declaration.release import Declarations

    assert out.read is not None
    try:
        decls = Declarations.of(out.read(run.files, out.path))
    except Exception as exc:  # a hostile record gives a problem, never a crash
        failures.append((out, out.path, exc))
        return Declarations()
    if decls and not release.fits(len(decls)):
        error = InvalidDataError(
            f"{out.format}-count", f"{len(decls)} declarations, expected 1", Location(out.path)
        )
        failures.append((out, out.path, error))
        return Declarations()
    return decls


def decide(run: Run) -> Release | None:
    """The release most records agree on, declaration by declaration; None if a declaration
    has no record that reads (then the records' errors are reported, each on its file)."""
    from declaration.release import Declarations, Release, kind_of

    shape = Release(Declarations(), kind_of(is_corpus(run.files)))
    failures: list[Failure] = []
    slots = _records(run, shape, failures)
    run.unanimous = not failures
    if not slots:
        if failures:
            _report(run, failures)
        else:
            run.add(DESCRIPTOR, "missing-file", f"no record of any declaration ({_formats()})")
        return None
    decided: list[bytes | None] = []  # each declaration pickled as it is decided
    for records in slots.values():
        decl = _majority(run, records, failures)
        decided.append(None if decl is None else Declarations.pickle(decl))
    if any(decl is None for decl in decided):
        return None
    return Release(Declarations(pickled=[d for d in decided if d]), shape.kind)


def _formats() -> str:
    return ", ".join(out.format for out in _readers())


def _majority(run: Run, records: list[Record], whole: list[Failure]) -> Declaration | None:
    """The declaration most ``records`` agree on, or None (then their errors, and those of
    the whole-release records, ``whole``, are reported, each on its file)."""
    decls: list[tuple[Output, Declaration]] = []
    failures = list(whole)
    for out, name, read in records:
        try:
            decls.append((out, read()))
        except Exception as error:  # a hostile record gives a problem, never a crash
            failures.append((out, name, error))
    groups: list[list[tuple[Output, Declaration]]] = []
    for out, decl in decls:
        group = next((g for g in groups if g[0][1] == decl), None)
        if group is None:
            groups.append([(out, decl)])
        else:
            group.append((out, decl))
    if groups:
        run.unanimous = (
            run.unanimous and len(groups) == 1 and not failures and len(decls) == len(_readers())
        )
        best = max(groups, key=len)  # max keeps the first of equals: the readers' order
        for out, _ in best:
            if out.path not in run.agreed:
                run.agreed.append(out.path)
        return best[0][1]
    _report(run, failures)
    return None


def _report(run: Run, failures: list[Failure]) -> None:
    for out, name, failure in failures:
        if isinstance(failure, DeclarationError):
            path = failure.location.path
            run.error(failure, path if path in run.files and not out.per_declaration else name)
        else:
            run.add(name, "unreadable-record", reason(failure))
