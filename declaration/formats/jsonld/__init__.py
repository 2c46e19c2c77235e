"""JSON-LD: compact, with its context inline, ELI first and schema.org second.

The document's shape is declared once as pydantic models (``Work`` and the nodes it
embeds): the writer fills them, the reader validates against them, and the published
JSON Schema is generated from them. Turtle and canonical N-Quads derive from the
JSON-LD. No blank nodes: every node has an IRI; order is given by ``position``.
"""

from __future__ import annotations

from declaration import ids
from declaration.formats.jsonld.document import dumps, write, write_context
from declaration.formats.jsonld.rdf import expand, loader, nquads, turtle
from declaration.formats.jsonld.read import read
from declaration.formats.jsonld.shape import (
    CONTEXT_PATH,
    NQUADS_PATH,
    PATH,
    SCHEMA_PATH,
    SHAPES_PATH,
    TURTLE_PATH,
    Work,
    context,
    context_url,
)
from declaration.model import Declaration
from declaration.output import Corpus, Output, members, shared

__all__ = [
    "CONTEXT_PATH",
    "NQUADS_PATH",
    "OUTPUTS",
    "PATH",
    "SCHEMA_PATH",
    "SHAPES_PATH",
    "TURTLE_PATH",
    "Work",
    "context",
    "context_url",
    "dumps",
    "expand",
    "loader",
    "nquads",
    "read",
    "turtle",
    "write",
    "write_context",
]


CORPUS_PATH = "data/corpus.jsonld"


def write_corpus(release: Declaration | Corpus) -> bytes:
    """The corpus as linked data: one node that lists the Work of each declaration (each
    declaration's own graph is in its JSON-LD file, ``data/<key>.jsonld``)."""
    decls = members(release)
    base = shared(release).base_iri
    document = {
        "@context": {"schema": "http://schema.org/", "void": "http://rdfs.org/ns/void#"},
        "@id": ids.corpus_iri(base),
        "@type": "schema:Collection",
        "schema:name": f"{len(decls)} declarations",
        "void:inDataset": {"@id": ids.dataset_iri(base)},
        "schema:hasPart": [{"@id": decl.iri} for decl in decls],
    }
    return dumps(document)


OUTPUTS = (
    Output(
        PATH,
        "declaration-jsonld",
        "The declaration as linked data (ELI and schema.org), compact JSON-LD with its context inline.",
        "jsonld",
        "application/ld+json",
        lambda decl, _: write(decl),
        links={"jsonSchema": SCHEMA_PATH, "shapes": SHAPES_PATH},
        per_declaration=True,
    ),
    Output(
        NQUADS_PATH,
        "declaration-nquads",
        "The same graph in canonical N-Quads (URDNA2015): compare or sign it byte for byte.",
        "nq",
        "application/n-quads",
        lambda decl, _: nquads(decl),
        links={"shapes": SHAPES_PATH},
        per_declaration=True,
    ),
    Output(  # from the canonical N-Quads, written before it
        TURTLE_PATH,
        "declaration-turtle",
        "The same graph as the JSON-LD, in Turtle.",
        "ttl",
        "text/turtle",
        lambda decl, files: turtle(decl, files[NQUADS_PATH]),
        links={"shapes": SHAPES_PATH},
        per_declaration=True,
    ),
    Output(
        CONTEXT_PATH,
        "jsonld-context",
        "The JSON-LD context of declaration.jsonld (protected terms).",
        "jsonld",
        "application/ld+json",
        lambda decl, _: write_context(shared(decl)),
    ),
    Output(
        CORPUS_PATH,
        "corpus-jsonld",
        "The corpus as linked data: a schema:Collection listing the Work of each declaration.",
        "jsonld",
        "application/ld+json",
        lambda release, _: write_corpus(release),
        corpus_only=True,
    ),
)
