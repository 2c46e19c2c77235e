"""JSON-LD: compact, with its context inline, ELI first and schema.org second.

The document's shape is declared once as pydantic models (``Work`` and the nodes it
embeds): the writer fills them, the reader validates against them, and the published
JSON Schema is generated from them. Turtle and canonical N-Quads derive from the
JSON-LD. No blank nodes: every node has an IRI; order is given by ``position``.
"""

from __future__ import annotations

from collections.abc import Mapping

from declaration import ids
from declaration.formats.jsonld import shapes
from declaration.formats.jsonld.document import dumps, write, write_context
from declaration.formats.jsonld.rdf import expand, loader, nquads, turtle
from declaration.formats.jsonld.read import read
from declaration.formats.jsonld.schema import OUTPUTS as SCHEMA_OUTPUTS
from declaration.formats.jsonld.schema import jsonld_schema
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
from declaration.output import Example, Output
from declaration.release import Release

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
    "jsonld_schema",
    "loader",
    "nquads",
    "read",
    "shapes",
    "turtle",
    "write",
    "write_context",
]


CORPUS_PATH = "data/corpus.jsonld"


def write_corpus(release: Release) -> bytes:
    """The corpus as linked data: one node that lists the Work of each declaration (each
    declaration's own graph is in its JSON-LD file, ``data/<key>.jsonld``)."""
    base = release.first.base_iri
    document = {
        "@context": {"schema": "http://schema.org/", "void": "http://rdfs.org/ns/void#"},
        "@id": ids.corpus_iri(base),
        "@type": "schema:Collection",
        "schema:name": f"{len(release)} declarations",
        "void:inDataset": {"@id": ids.dataset_iri(base)},
        "schema:hasPart": [{"@id": decl.iri} for decl in release],
    }
    return dumps(document)


def _read(files: Mapping[str, bytes], path: str) -> list[Declaration]:
    return [read(files[path])]


RDFLIB = Example(
    "rdflib (SPARQL over the Turtle):",
    "rdflib (SPARQL sur le Turtle) :",
    "python",
    """from rdflib import Graph

graph = Graph().parse("data/declaration.ttl")
query = \"\"\"
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX schema: <http://schema.org/>
SELECT ?number ?text WHERE {
  ?p a eli:LegalResourceSubdivision ; eli:number ?number ; schema:text ?text ; schema:position ?pos .
} ORDER BY ?pos LIMIT 3
\"\"\"
for number, text in graph.query(query):
    print(number, text[:50])
""",
)

OUTPUTS = (
    Output(
        PATH,
        "declaration-jsonld",
        "The declaration as linked data (ELI and schema.org), compact JSON-LD with its context inline.",
        "jsonld",
        "application/ld+json",
        "JSON_LD",
        "data",
        lambda decl, _: write(decl),
        links={"jsonSchema": SCHEMA_PATH, "shapes": SHAPES_PATH},
        per_declaration=True,
        negotiated=True,
        read=_read,
        record=True,
    ),
    Output(
        NQUADS_PATH,
        "declaration-nquads",
        "The same graph in canonical N-Quads (URDNA2015): compare or sign it byte for byte.",
        "nq",
        "application/n-quads",
        "RDF_N_QUADS",
        "data",
        lambda decl, _: nquads(decl),
        links={"shapes": SHAPES_PATH},
        per_declaration=True,
        negotiated=True,
    ),
    Output(  # from the canonical N-Quads, written before it
        TURTLE_PATH,
        "declaration-turtle",
        "The same graph as the JSON-LD, in Turtle.",
        "ttl",
        "text/turtle",
        "RDF_TURTLE",
        "data",
        lambda decl, files: turtle(decl, files[NQUADS_PATH]),
        links={"shapes": SHAPES_PATH},
        per_declaration=True,
        negotiated=True,
        examples=(RDFLIB,),
    ),
    Output(
        CONTEXT_PATH,
        "jsonld-context",
        "The JSON-LD context of declaration.jsonld (protected terms).",
        "jsonld",
        "application/ld+json",
        "JSON_LD",
        "schema",
        lambda release, _: write_context(release.first),
    ),
    Output(
        CORPUS_PATH,
        "corpus-jsonld",
        "The corpus as linked data: a schema:Collection listing the Work of each declaration.",
        "jsonld",
        "application/ld+json",
        "JSON_LD",
        "data",
        lambda release, _: write_corpus(release),
        corpus_only=True,
    ),
    *SCHEMA_OUTPUTS,
)
