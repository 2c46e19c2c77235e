"""Every record and schema of the release, generated in memory from one Declaration."""

from __future__ import annotations

from collections.abc import MutableMapping

from declaration import package, registry
from declaration.metadata import DatasetMeta
from declaration.model import Declaration
from declaration.output import Corpus
from declaration.source import load_all

__all__ = ["load_all", "release_files"]


def release_files(
    decl: Declaration | Corpus,
    dataset: DatasetMeta,
    written: MutableMapping[str, bytes] | None = None,
    store: MutableMapping[str, bytes] | None = None,
) -> MutableMapping[str, bytes]:
    """Everything the build writes, by path relative to the output directory, for one
    declaration or a corpus (``written``: the outputs of the registry, if already written;
    ``store``: where to put them, see :mod:`declaration.spool`; default a dict in path
    order)."""
    files = written if written is not None else registry.write(decl, dataset, store=store)
    files[package.PATH] = package.write(decl, dataset, files)
    return dict(sorted(files.items())) if isinstance(files, dict) else files
