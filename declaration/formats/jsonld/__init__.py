"""JSON-LD: compact, with its context inline, ELI first and schema.org second.

The document's shape is declared once as pydantic models (``Work`` and the nodes it
embeds): the writer fills them, the reader validates against them, and the published
JSON Schema is generated from them. Turtle and canonical N-Quads derive from the
JSON-LD. No blank nodes: every node has an IRI; order is given by ``position``.
"""

from __future__ import annotations

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
from declaration.output import Output

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


OUTPUTS = (
    Output(
        PATH,
        "declaration-jsonld",
        "The declaration as linked data (ELI and schema.org), compact JSON-LD with its context inline.",
        "jsonld",
        "application/ld+json",
        lambda decl, _: write(decl),
        links={"jsonSchema": SCHEMA_PATH, "shapes": SHAPES_PATH},
    ),
    Output(
        NQUADS_PATH,
        "declaration-nquads",
        "The same graph in canonical N-Quads (URDNA2015): compare or sign it byte for byte.",
        "nq",
        "application/n-quads",
        lambda decl, _: nquads(decl),
        links={"shapes": SHAPES_PATH},
    ),
    Output(  # from the canonical N-Quads, written before it
        TURTLE_PATH,
        "declaration-turtle",
        "The same graph as the JSON-LD, in Turtle.",
        "ttl",
        "text/turtle",
        lambda decl, files: turtle(decl, files[NQUADS_PATH]),
        links={"shapes": SHAPES_PATH},
    ),
    Output(
        CONTEXT_PATH,
        "jsonld-context",
        "The JSON-LD context of declaration.jsonld (protected terms).",
        "jsonld",
        "application/ld+json",
        lambda decl, _: write_context(decl),
    ),
)
