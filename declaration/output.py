"""What a file of the release is: each format module declares its outputs with this, and
the build, the descriptor and the validator iterate over them (:mod:`declaration.registry`).

Adding an output is one :class:`Output` in the module that writes it, listed in the registry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from declaration.metadata import DatasetMeta
    from declaration.model import Declaration

# What a release is written from: one declaration, or the declarations of a corpus (in order)
Corpus = tuple["Declaration", ...]


def members(release: Declaration | Corpus) -> Corpus:
    """The declarations of a release, in order."""
    return release if isinstance(release, tuple) else (release,)


def shared(release: Declaration | Corpus) -> Declaration:
    """A declaration of the release, for what every one of them has alike (the base IRI and
    the release: the dataset's)."""
    return members(release)[0]


# (the declaration, the files written before this one) -> its bytes
Writer = Callable[["Declaration", Mapping[str, bytes]], bytes]
# the same, for a file that also says what the dataset is (its title, licence…)
DatasetWriter = Callable[["Declaration", "DatasetMeta", Mapping[str, bytes]], bytes]


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the release, as ``datapackage.json`` describes it, and its writer."""

    path: str
    name: str  # the resource name in the descriptor
    description: str
    format: str
    mediatype: str
    write: Writer | None  # None: ``write_with_dataset`` writes it
    table_schema: str | None = None  # the Table Schema of a table
    encoding: str | None = "utf-8"  # None for a binary file
    # None: a Data Resource of the descriptor; else a typed copy of that table (package.py)
    copy_of: str | None = None
    links: Mapping[str, str] = field(default_factory=dict)  # jsonSchema, xmlSchema, shapes
    dialect: Mapping[str, Any] | None = None  # the Table Dialect of a CSV table
    # instead of ``write``, for a file that needs the dataset facts (written when known)
    write_with_dataset: DatasetWriter | None = None
    # one file per declaration of a corpus (``data/<key>…``), written from that declaration;
    # the others are written once, from all of them
    per_declaration: bool = False
    # written only for a corpus (from all its declarations)
    corpus_only: bool = False


def dumps(value: Any) -> bytes:
    """A JSON file of the release: UTF-8, indented by 2, with a final newline."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
