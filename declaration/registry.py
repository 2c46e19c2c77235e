"""Every output of the release, in the order they are written (an output may use the files
written before it: the Turtle derives from the canonical N-Quads). The build writes them, the
descriptor describes them, and the validator writes them again to compare."""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from dataclasses import replace
from functools import partial
from typing import Any

from declaration import parallel, patterns, schemas, spool
from declaration.formats import akn, croissant, csv, csvw, jsonld, parquet, sqlite, text
from declaration.metadata import DatasetMeta
from declaration.model import Declaration
from declaration.output import Corpus, Output

OUTPUTS: tuple[Output, ...] = (
    *csv.OUTPUTS,
    *csvw.OUTPUTS,
    *parquet.OUTPUTS,
    *sqlite.OUTPUTS,
    *jsonld.OUTPUTS,
    *akn.OUTPUTS,
    *text.OUTPUTS,
    *schemas.OUTPUTS,
)

# The path of a file of each declaration of a corpus: ``data/declaration.jsonld`` becomes
# ``data/<key>.jsonld`` (a key is ``<country>-<date>-<number>``, as in the tables).
MEMBER = "data/declaration"
PER_DECLARATION = tuple(o for o in OUTPUTS if o.per_declaration)
_MEMBER_RE = re.compile(
    rf"data/(?P<key>{patterns.KEY})(?P<suffix>"
    + "|".join(re.escape(o.path.removeprefix(MEMBER)) for o in PER_DECLARATION)
    + ")"
)


def member_path(path: str, key: str) -> str:
    """Where the output at ``path`` (one of ``PER_DECLARATION``) of declaration ``key`` of a
    corpus is."""
    return f"data/{key}{path.removeprefix(MEMBER)}"


def member_of(path: str) -> tuple[Output, str] | None:
    """The output and the declaration key of a corpus's file of one declaration."""
    found = _MEMBER_RE.fullmatch(path)
    if found is None:
        return None
    return BY_PATH[MEMBER + found["suffix"]], found["key"]


OUTPUTS += (croissant.output(OUTPUTS, member_of),)  # describes the data files written before it
BY_PATH = {output.path: output for output in OUTPUTS}


def output(path: str) -> Output | None:
    """The output a path of the release is: one of ``OUTPUTS``, or, in a corpus, one of
    ``PER_DECLARATION`` for one declaration (then with its path and name)."""
    found = BY_PATH.get(path)
    if found is not None:
        return found
    member = member_of(path)
    if member is None:
        return None
    template, key = member
    return replace(template, path=path, name=f"{key}-{template.name.removeprefix('declaration-')}")


# the outputs that say what the dataset is: written only when its facts are known
DATASET_PATHS = frozenset(o.path for o in OUTPUTS if o.write_with_dataset is not None)


def _member(
    corpus: Corpus,
    index: int,
    settle: Callable[[str, Callable[[], bytes]], bytes],
    store: MutableMapping[str, bytes],
) -> list[tuple[str, Any]]:
    """The files of one declaration of a corpus, put into ``store`` at their paths; what a
    worker process sends back of them (:func:`declaration.spool.export`)."""
    decl = corpus[index]  # rebuilt here, in the worker: one declaration at a time
    own: dict[str, bytes] = {}  # at the paths of one declaration's layout
    for out in PER_DECLARATION:
        assert out.write is not None
        own[out.path] = settle(member_path(out.path, decl.id), partial(out.write, decl, own))
    names = []
    for path, data in own.items():
        names.append(member_path(path, decl.id))
        store[names[-1]] = data
    return spool.export(store, names)


def write(
    release: Declaration | Corpus,
    dataset: DatasetMeta | None = None,
    settle: Callable[[str, Callable[[], bytes]], bytes] | None = None,
    jobs: int | None = None,
    store: MutableMapping[str, bytes] | None = None,
) -> MutableMapping[str, bytes]:
    """Every output, by path (without ``DATASET_PATHS`` if no ``dataset``), put into
    ``store`` as it is written (default: a dict, returned in path order).

    ``release``: one declaration (the files of today's layout), or a :class:`Corpus`: then
    each of ``PER_DECLARATION`` is written for each declaration, at :func:`member_path`, and
    the others once, from all of them.

    ``settle(path, make)`` gives the bytes of an output, by calling ``make()`` or not, before
    the later ones are written from it (the validator keeps a database or a Parquet file
    found with the content expected). The declarations of a corpus are written in worker
    processes (``jobs``, see :mod:`declaration.parallel`), each into its copy of ``store``
    (:mod:`declaration.spool`); the files are the same whatever their number.
    """
    settle = settle or (lambda _, make: make())
    corpus = isinstance(release, Corpus)
    files: MutableMapping[str, bytes] = {} if store is None else store
    if isinstance(release, Corpus):
        tasks = [partial(_member, release, index, settle, files) for index in range(len(release))]
        for exported in parallel.run(tasks, jobs):
            spool.attach(files, exported)
    whole: Any = release  # the writers of the other outputs take a declaration or a corpus

    def shared() -> list[tuple[str, Any]]:
        names = []
        for out in OUTPUTS:
            make: Callable[[], bytes]
            if (corpus and out.per_declaration) or (out.corpus_only and not corpus):
                continue
            if out.write is not None:
                make = partial(out.write, whole, files)
            elif out.write_with_dataset is not None and dataset is not None:
                make = partial(out.write_with_dataset, whole, dataset, files)
            else:
                continue
            files[out.path] = settle(out.path, make)
            names.append(out.path)
        return spool.export(files, names)

    if corpus and store is not None:
        # the corpus's tables, their copies and the metadata: in a worker process, so that
        # the memory they take (the rows of every declaration, Arrow's and SQLite's buffers)
        # is given back when they are written, not kept by this process to its end
        spool.attach(files, parallel.start(shared, jobs)())
    else:
        shared()
    return dict(sorted(files.items())) if store is None else files
