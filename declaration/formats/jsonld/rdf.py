"""The graph of the JSON-LD record as canonical N-Quads and as Turtle, and JSON-LD expansion
with only the bundled context (no network)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from declaration import ids
from declaration.errors import InvalidDataError, Location
from declaration.formats.jsonld.document import write
from declaration.formats.jsonld.shape import (
    PATH,
    context,
    context_url,
)
from declaration.model import Declaration
from declaration.vocab import PREFIXES


@cache
def _loader(url: str, context_json: str) -> Any:
    from pyld.documentloader.frozen import FrozenDocumentLoader

    return FrozenDocumentLoader({url: {"@context": json.loads(context_json)}})


def loader(decl: Declaration) -> Any:
    """A document loader that serves only the bundled context and refuses any other URL."""
    return _loader(context_url(decl), json.dumps(context(decl.base_iri), sort_keys=True))


def expand(doc: Any, document_loader: Any) -> list[Any]:
    """pyld expansion that fails on any dropped property, with no network."""
    from pyld import jsonld

    dropped: list[str] = []
    expanded = jsonld.expand(
        doc,
        {"documentLoader": document_loader},
        on_property_dropped=dropped.append,
    )
    if dropped:
        raise InvalidDataError(
            "jsonld-dropped",
            f"properties dropped on expansion: {sorted(set(dropped))}",
            Location(PATH),
        )
    return list(expanded)


def nquads(decl: Declaration) -> bytes:
    """Canonical N-Quads (RDF Dataset Canonicalization, URDNA2015).

    The graph has no blank node, so its canonical form is every triple in canonical N-Triples
    syntax, unique and sorted by code point. rdflib reads the document (its context is inline:
    nothing is loaded) in time linear in its size; pyld's ``to_rdf`` is quadratic in the
    values of one property (a paragraph's thousands of mentions), and is used only if a blank
    node ever appears, where the full algorithm is needed.
    """
    import warnings

    from rdflib import BNode, Graph

    document = write(decl)
    graph = Graph(bind_namespaces="none")
    with warnings.catch_warnings():  # rdflib's JSON-LD parser wraps the graph in a deprecated class
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        graph.parse(data=document.decode("utf-8"), format="json-ld")
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        return _urdna2015(json.loads(document), loader(decl))
    lines = {line for line in graph.serialize(format="nt").splitlines() if line}
    return "".join(f"{line}\n" for line in sorted(lines)).encode("utf-8")


def _urdna2015(doc: Any, document_loader: Any) -> bytes:
    from pyld import jsonld

    out = jsonld.normalize(
        doc,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": document_loader,
        },
    )
    return str(out).encode("utf-8")


def turtle(decl: Declaration, canonical: bytes | None = None) -> bytes:
    """Turtle, from the canonical N-Quads (``canonical``, if already computed), with the
    context's prefixes."""
    from rdflib import Graph

    graph = Graph(bind_namespaces="none")
    source = canonical if canonical is not None else nquads(decl)
    graph.parse(data=source.decode("utf-8"), format="nt")  # no graph names: N-Triples
    for prefix, namespace in {**PREFIXES, "fcai": ids.vocabulary_iri(decl.base_iri)}.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph.serialize(format="turtle").encode("utf-8")
