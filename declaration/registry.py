"""Every output of the release, in the order they are written (an output may use the files
written before it: the Turtle derives from the canonical N-Quads, the descriptor describes
the data and schemas, ``SHA256SUMS`` every file). ``build`` writes the data, the schemas and
the descriptor; ``publish`` the bundle's documents too; the validator writes them all again
to compare. Adding an output is one module and one line here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, MutableMapping
from functools import partial
from typing import Any

from declaration import descriptor, parallel, patterns, spool
from declaration.formats import (
    akn,
    bundle,
    card,
    croissant,
    csv,
    csvw,
    jsonl,
    jsonld,
    parquet,
    sqlite,
    text,
)
from declaration.output import Output, Stage
from declaration.release import MEMBER, Release

OUTPUTS: tuple[Output, ...] = (
    *csv.OUTPUTS,
    *csvw.OUTPUTS,
    *jsonl.OUTPUTS,
    *parquet.OUTPUTS,
    *sqlite.OUTPUTS,
    *jsonld.OUTPUTS,
    *akn.OUTPUTS,
    *text.OUTPUTS,
)
PER_DECLARATION = tuple(o for o in OUTPUTS if o.per_declaration)
_MEMBER_RE = re.compile(
    rf"data/(?P<key>{patterns.KEY})(?P<suffix>"
    + "|".join(re.escape(o.path.removeprefix(MEMBER)) for o in PER_DECLARATION)
    + ")"
)


def find(path: str) -> tuple[Output, str | None] | None:
    """The output a path of the release is, and the key of its declaration if it is a
    corpus's file of one declaration (else ``None``); ``None`` if no output's."""
    found = BY_PATH.get(path)
    if found is not None:
        return found, None
    member = _MEMBER_RE.fullmatch(path)
    if member is None:
        return None
    return BY_PATH[MEMBER + member["suffix"]], member["key"]


def output(path: str) -> Output | None:
    """The output of a path of the release (its template, for a declaration's file)."""
    found = find(path)
    return None if found is None else found[0]


# described by the outputs written before them
OUTPUTS += (croissant.output(find), descriptor.output(find))
# the bundle's documents: the README describes every output (itself and the zip included)
OUTPUTS += (
    card.output(bundle.readme_output(lambda: OUTPUTS), lambda: OUTPUTS),
    *bundle.OUTPUTS,
    bundle.SUMS_OUTPUT,
)
BY_PATH = {o.path: o for o in OUTPUTS}

BUILD: frozenset[Stage] = frozenset({"data", "schema", "descriptor"})  # what ``build`` writes
BUNDLE: frozenset[Stage] = BUILD | {"document"}  # what ``publish`` puts in the bundle


def _member(
    release: Release,
    index: int,
    settle: Callable[[str, Callable[[], bytes]], bytes],
    store: MutableMapping[str, bytes],
) -> list[tuple[str, Any]]:
    """The files of one declaration of a corpus, put into ``store`` at their paths; what a
    worker process sends back of them (:func:`declaration.spool.export`)."""
    decl = release.declarations[index]  # rebuilt here, in the worker: one at a time
    own: dict[str, bytes] = {}  # at the paths of one declaration's layout
    for out in PER_DECLARATION:
        own[out.path] = settle(release.path(out.path, decl.id), partial(out.write, decl, own))
    names = []
    for path, data in own.items():
        names.append(release.path(path, decl.id))
        store[names[-1]] = data
    return spool.export(store, names)


def _wanted(release: Release, out: Output, stages: Collection[Stage]) -> bool:
    return (
        out.stage in stages
        and release.has(out)
        and not (out.needs_dataset and release.dataset is None)
    )


def write(
    release: Release,
    stages: Collection[Stage] = BUILD,
    settle: Callable[[str, Callable[[], bytes]], bytes] | None = None,
    jobs: int | None = None,
    store: MutableMapping[str, bytes] | None = None,
) -> MutableMapping[str, bytes]:
    """The outputs of ``stages`` (without those that need the dataset facts if the release
    has none), by path, put into ``store`` as they are written (default: a dict, returned
    in path order).

    ``settle(path, make)`` gives the bytes of an output, by calling ``make()`` or not, before
    the later ones are written from it (the validator keeps a database or a Parquet file
    found with the content expected). The declarations of a corpus are written in worker
    processes (``jobs``, see :mod:`declaration.parallel`), each into its copy of ``store``
    (:mod:`declaration.spool`); the files are the same whatever their number.
    """
    settle = settle or (lambda _, make: make())
    files: MutableMapping[str, bytes] = {} if store is None else store
    if "data" in stages:
        tasks = [partial(_member, release, i, settle, files) for i in range(len(release))]
        for exported in parallel.run(tasks, jobs, "declarations written"):
            spool.attach(files, exported)

    def once() -> list[tuple[str, Any]]:
        names = []
        for out in OUTPUTS:
            if _wanted(release, out, stages) and not out.per_declaration:
                files[out.path] = settle(out.path, partial(out.write, release, files))
                names.append(out.path)
        return spool.export(files, names)

    if len(release) > 1 and store is not None:
        # the corpus's tables, their copies and the metadata: in a worker process, so that
        # the memory they take (the rows of every declaration, Arrow's and SQLite's buffers)
        # is given back when they are written, not kept by this process to its end
        spool.attach(files, parallel.start(once, jobs)())
    else:
        once()
    return dict(sorted(files.items())) if store is None else files
