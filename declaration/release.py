"""The one value every writer, reader and check takes: a :class:`Release`, the dataset facts
and its declarations (one or many), and how its files are laid out.

A release is laid out in one of two ways, and this module is the only one that knows which:

- a **declaration** (the repository's own source): each file of one declaration at its own
  path (``data/declaration.jsonld``…);
- a **corpus** (a source directory of several declarations): each file of one declaration
  under the declaration's key (``data/<key>.jsonld``…), and a corpus node beside them.

Everything else asks the release (:meth:`Release.path`, :meth:`Release.slot`,
:attr:`Release.kind`) instead of testing its kind.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, TypeVar, overload

if TYPE_CHECKING:
    from declaration.metadata import DatasetMeta
    from declaration.model import Declaration
    from declaration.output import Output

Kind = Literal["declaration", "corpus"]
T = TypeVar("T")
# the path of a file of one declaration in the layout of a declaration: in a corpus it is
# ``data/<key>`` + what follows this prefix
MEMBER = "data/declaration"
SINGLE = "declaration"  # the one slot of a release laid out as a declaration


class Declarations(Sequence["Declaration"]):
    """The declarations of a release, in order, each kept pickled: a declaration is rebuilt
    when it is used, so that the memory a corpus holds is that of its pickles (18 kB for the
    real declaration, against 130 kB as objects), and the writers, which take the
    declarations one after the other, hold one at a time. A release of one keeps it whole;
    the one rebuilt last is kept too, as the writers ask for the same one many times."""

    __slots__ = ("_items", "_last", "ids")

    def __init__(self, decls: Iterable[Declaration] = (), *, pickled: Iterable[bytes] = ()):
        given = list(pickled)
        ids = [self._id(item) for item in given]
        items: list[Declaration | bytes] = list(given)
        for decl in decls:  # taken one at a time: a generator's are pickled as they come
            if items and not isinstance(items[0], bytes):
                items[0] = self.pickle(items[0])
            items.append(self.pickle(decl) if items else decl)
            ids.append(decl.id)
        self._items = tuple(items)
        self.ids = tuple(ids)
        self._last: tuple[int, Declaration] | None = None

    @classmethod
    def of(cls, decls: Iterable[Declaration]) -> Declarations:
        """``decls`` as a release keeps them (themselves if they are kept so already)."""
        return decls if isinstance(decls, Declarations) else cls(decls)

    @staticmethod
    def _id(item: bytes) -> str:
        decl: Declaration = pickle.loads(item)  # bytes this process pickled
        return decl.id

    @staticmethod
    def pickle(decl: Declaration) -> bytes:
        """One declaration as a release keeps it (:class:`Declarations` ``pickled=``)."""
        return pickle.dumps(decl, protocol=pickle.HIGHEST_PROTOCOL)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Declaration: ...
    @overload
    def __getitem__(self, index: slice) -> Declarations: ...
    def __getitem__(self, index: int | slice) -> Declaration | Declarations:
        if isinstance(index, slice):
            return Declarations(pickled=(self._pickled(i) for i in self._items[index]))
        item = self._items[index]
        if not isinstance(item, bytes):
            return item
        index %= len(self._items)
        if self._last is None or self._last[0] != index:
            decl: Declaration = pickle.loads(item)  # bytes this process pickled
            self._last = (index, decl)
        return self._last[1]

    def __getstate__(self) -> tuple[tuple[Declaration | bytes, ...], tuple[str, ...]]:
        return self._items, self.ids  # not the one rebuilt last: it is rebuilt again

    def __setstate__(self, state: tuple[tuple[Declaration | bytes, ...], tuple[str, ...]]) -> None:
        self._items, self.ids = state
        self._last = None

    def _pickled(self, item: Declaration | bytes) -> bytes:
        return item if isinstance(item, bytes) else self.pickle(item)

    def __iter__(self) -> Iterator[Declaration]:
        return (self[index] for index in range(len(self._items)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Declarations):
            return NotImplemented
        return self.ids == other.ids and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Declarations({', '.join(self.ids)})"


@dataclass(frozen=True, slots=True, eq=False)
class Release:
    """What a release is written from: its declarations, how they are laid out, and the
    dataset facts (``None`` while unknown: the validator has not decided them yet; then the
    outputs that say what the dataset is are not written). ``changelog``: the bytes of the
    release's ``CHANGELOG.md`` (a bundle's). ``signer``: the ``allowed_signers`` line of the
    key that signs it (:mod:`declaration.signing`), empty for a release not signed."""

    declarations: Declarations
    kind: Kind = "declaration"
    dataset: DatasetMeta | None = None
    changelog: bytes = b""
    signer: str = ""

    @classmethod
    def of(cls, decl: Declaration, dataset: DatasetMeta | None = None) -> Release:
        """A release of one declaration, laid out as such."""
        return cls(Declarations((decl,)), "declaration", dataset)

    @classmethod
    def corpus(cls, decls: Declarations, dataset: DatasetMeta | None = None) -> Release:
        return cls(decls, "corpus", dataset)

    def but(
        self,
        *,
        dataset: DatasetMeta | None = None,
        changelog: bytes | None = None,
        signer: str | None = None,
    ) -> Release:
        """The same release with other dataset facts, another changelog, or another signer."""
        return replace(
            self,
            dataset=self.dataset if dataset is None else dataset,
            changelog=self.changelog if changelog is None else changelog,
            signer=self.signer if signer is None else signer,
        )

    @property
    def first(self) -> Declaration:
        """A declaration of the release, for what every one of them has alike (the base IRI,
        the edition: the dataset's)."""
        return self.declarations[0]

    @property
    def ids(self) -> tuple[str, ...]:
        return self.declarations.ids

    def __iter__(self) -> Iterator[Declaration]:
        return iter(self.declarations)

    def __len__(self) -> int:
        return len(self.declarations)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Release):
            return NotImplemented
        return self.kind == other.kind and self.declarations == other.declarations

    __hash__ = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ the layout

    def path(self, template: str, key: str) -> str:
        """Where the file ``template`` (a path of one declaration's layout, under
        :data:`MEMBER`) of declaration ``key`` is."""
        return template if self.kind == "declaration" else member_path(template, key)

    def slot(self, key: str | None) -> str:
        """The place of a declaration in the release: its key in a corpus; in a release of
        one, the one place whatever the key its records give it."""
        return SINGLE if self.kind == "declaration" else key or SINGLE

    def has(self, output: Output) -> bool:
        """Whether the release has a file of ``output`` (a corpus's node: only a corpus)."""
        return not output.corpus_only or self.kind == "corpus"

    def fits(self, count: int) -> bool:
        """Whether a record of the whole release may hold ``count`` declarations."""
        return self.kind == "corpus" or count == 1

    def one(self, values: Sequence[T]) -> T | list[T]:
        """A value for each declaration: a list in a corpus, the value itself for one."""
        return values[0] if self.kind == "declaration" else list(values)


def member_path(template: str, key: str) -> str:
    """Where the file ``template`` of declaration ``key`` of a corpus is: ``data/<key>`` + the
    rest of the template's name."""
    return f"data/{key}{template.removeprefix(MEMBER)}"


def kind_of(corpus: bool) -> Kind:
    return "corpus" if corpus else "declaration"
