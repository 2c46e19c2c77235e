"""What a file kind of the release is: its whole contract, declared once, in the module that
writes it, and listed in :mod:`declaration.registry`.

The descriptor, the bundle README's file table and examples, the site's downloads, the DCAT
distributions, the schema.org ``DataDownload``s, the content-negotiation rules and the
validator's comparison all loop over the outputs; none of them names a format. Adding an
output is one :class:`Output` in a new module and one line in the registry.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from declaration.model import Declaration
    from declaration.release import Release

# data: a record; schema: a contract of records; descriptor: ``datapackage.json``;
# document: a file of the bundle for people (README, citation, licence, checksums);
# archive: the release in one file (the zip), written by ``publish`` beside the bundle
Stage = Literal["data", "schema", "descriptor", "document", "archive"]

# (a declaration, or the release; the files written before this one) -> its bytes
Writer = Callable[[Any, Mapping[str, bytes]], bytes]
# (the files of a package, the path of this output's file) -> the declarations it records
Reader = Callable[[Mapping[str, bytes], str], Sequence["Declaration"]]
# (the release, the file found) -> whether it holds what the release would write
Agrees = Callable[["Release", bytes], bool]
# (the file found, the file expected) -> each place it departs ({"row", "field"…}), and how
Differences = Callable[[bytes, bytes], list[tuple[dict[str, Any], str]]]
# (the release, a document found) -> the dataset facts it states ({"title": …})
Facts = Callable[["Release", bytes], dict[str, Any]]
# a path of the release -> its output, and the key of its declaration (a corpus's file of one
# declaration; else None); None for a path that is no output's
Lookup = Callable[[str], "tuple[Output, str | None] | None"]


@dataclass(frozen=True, slots=True)
class Example:
    """How a user loads an output: what it shows (in English, and in French: ``fr``), in
    which language (``python``, ``sh``), and the code; ``{name}`` in the code is the path of
    that output of the release (the first declaration's, in a corpus)."""

    what: str
    fr: str
    language: str
    code: str


@dataclass(frozen=True, slots=True)
class Output:
    """One file kind of the release: how it is written and described, and how a file found
    is read back and compared."""

    path: str
    name: str  # the resource name in the descriptor
    description: str  # one line for people: the descriptor, the README, the site, DCAT
    format: str  # the descriptor's ``format``
    mediatype: str  # the IANA media type: the descriptor, the server, DCAT, schema.org
    file_type: str  # the EU file type (DCAT ``dct:format``), of the Publications Office
    stage: Stage
    # a per-declaration output: (the declaration, files); else (the release, files)
    write: Writer
    table_schema: str | None = None  # the Table Schema of a table
    encoding: str | None = "utf-8"  # None for a binary file
    copy_of: str | None = None  # a typed copy of that table: not a Data Resource
    links: Mapping[str, str] = field(default_factory=dict)  # jsonSchema, xmlSchema, shapes
    dialect: Mapping[str, Any] | None = None  # the Table Dialect of a CSV table
    needs_dataset: bool = False  # says what the dataset is: written when its facts are known
    # one file per declaration (in a corpus ``data/<key>…``), written from that declaration;
    # the others are written once, from the release
    per_declaration: bool = False
    corpus_only: bool = False  # written only for a corpus
    # a declaration's file that answers its IRIs by content negotiation, for its media type
    # and ``also`` these (the generic type of its syntax)
    negotiated: bool = False
    also: tuple[str, ...] = ()
    # a record: the declarations its file holds, read back (the validator's reference)
    read: Reader | None = None
    record: bool = False  # a record of the declaration (a table, the JSON-LD, the AKN)
    # a file whose bytes depend on the library writing it: whether the one found holds what
    # the release would write, by content; and where it departs (else: by its media type)
    agrees: Agrees | None = None
    differences: Differences | None = None
    examples: tuple[Example, ...] = ()
    # a document that states dataset facts: those it states, read back from a file of it
    # (the validator decides the facts by the majority of the documents)
    facts: Facts | None = None

    @property
    def departure(self) -> str:
        """The validator's code for a file of this kind that departs from the release."""
        if self.stage == "descriptor":
            return "descriptor-mismatch"
        if self.stage == "schema":  # weakened or replaced
            return "contract-changed"
        if self.stage == "document":
            return "bundle-mismatch"
        if self.record:
            return "cross-format"
        return "derived-mismatch"

    @property
    def accept(self) -> str | None:
        """The pattern of the ``Accept`` headers this file answers, or None."""
        if not self.negotiated:
            return None
        return "|".join(re.escape(kind) for kind in (self.mediatype, *self.also))

    def resource_name(self, key: str | None) -> str:
        """The name of this output's file of declaration ``key`` (of a corpus; ``None``: the
        output's own file) as a resource of the descriptor."""
        return self.name if key is None else f"{key}-{self.name.removeprefix('declaration-')}"


def dumps(value: Any) -> bytes:
    """A JSON file of the release: UTF-8, indented by 2, with a final newline."""
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
