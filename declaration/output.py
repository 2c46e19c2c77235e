"""What a file of the release is: each format module declares its outputs with this, and
the build, the descriptor and the validator iterate over them (:mod:`declaration.registry`).

Adding an output is one :class:`Output` in the module that writes it, listed in the registry.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union, overload

if TYPE_CHECKING:
    from declaration.metadata import DatasetMeta
    from declaration.model import Declaration


class Corpus(Sequence["Declaration"]):
    """The declarations of a corpus, in order, each kept pickled: a declaration is rebuilt
    when it is used, so that the memory a corpus holds is that of its pickles (18 kB for the
    real declaration, against 130 kB as objects), and the writers, which take the
    declarations one after the other, hold one at a time."""

    __slots__ = ("_items", "ids")

    def __init__(self, decls: Iterable[Declaration] = (), *, pickled: Iterable[bytes] = ()):
        self._items = (
            *pickled,
            *(pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL) for d in decls),
        )
        self.ids = tuple(self[index].id for index in range(len(self._items)))

    @staticmethod
    def pickle(decl: Declaration) -> bytes:
        """One declaration as a corpus keeps it (:func:`Corpus` ``pickled=``)."""
        return pickle.dumps(decl, protocol=pickle.HIGHEST_PROTOCOL)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Declaration: ...
    @overload
    def __getitem__(self, index: slice) -> Corpus: ...
    def __getitem__(self, index: int | slice) -> Declaration | Corpus:
        if isinstance(index, slice):
            return Corpus(pickled=self._items[index])
        decl: Declaration = pickle.loads(self._items[index])  # bytes this process pickled
        return decl

    def __iter__(self) -> Iterator[Declaration]:
        return (pickle.loads(item) for item in self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Corpus):
            return NotImplemented
        return self.ids == other.ids and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Corpus({', '.join(self.ids)})"


# What a release is written from: one declaration, or the declarations of a corpus
Release = Union["Declaration", Corpus]


def members(release: Declaration | Sequence[Declaration]) -> Sequence[Declaration]:
    """The declarations of a release (one declaration, or a corpus), in order."""
    from declaration.model import Declaration

    return (release,) if isinstance(release, Declaration) else release


def shared(release: Declaration | Sequence[Declaration]) -> Declaration:
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
