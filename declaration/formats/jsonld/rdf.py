"""The graph of the JSON-LD record as canonical N-Quads and as Turtle, and JSON-LD expansion
with only the bundled context (no network)."""

from __future__ import annotations

import json
import re
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


def _quads(document: bytes) -> list[Any]:
    """The quads of a JSON-LD document whose context is inline (nothing is loaded), read by
    pyoxigraph's JSON-LD parser in time linear in its size."""
    import pyoxigraph

    return list(pyoxigraph.parse(document, format=pyoxigraph.RdfFormat.JSON_LD))


def nquads(decl: Declaration) -> bytes:
    """Canonical N-Quads (RDF Dataset Canonicalization, RDFC-1.0 / URDNA2015).

    The graph has no blank node, so its canonical form is every triple in canonical N-Triples
    syntax, unique and sorted by code point; with a blank node, pyoxigraph's RDFC-1.0
    relabels them first. Linear in the size of the graph (up to the sort).
    """
    import pyoxigraph

    quads = _quads(write(decl))
    if any(
        isinstance(term, pyoxigraph.BlankNode)
        for quad in quads
        for term in (quad.subject, quad.object)
    ):
        dataset = pyoxigraph.Dataset(quads)
        dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(dataset)
    data = (
        pyoxigraph.serialize([quad.triple for quad in quads], format=pyoxigraph.RdfFormat.N_TRIPLES)
        or b""
    )
    lines = {line for line in data.split(b"\n") if line}
    return b"".join(line + b"\n" for line in sorted(lines, key=lambda b: b.decode("utf-8")))


# ---------------------------------------------------------------- Turtle

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_BARE = {f"{_XSD}integer": r"[+-]?[0-9]+", f"{_XSD}boolean": r"true|false"}
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_ESCAPES = str.maketrans(
    {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
)


class _Names:
    """IRIs as prefixed names where a bound namespace and a plain local name allow it."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.by_namespace = {namespace: prefix for prefix, namespace in prefixes.items()}
        self.cache: dict[str, str] = {}

    def iri(self, value: str) -> str:
        found = self.cache.get(value)
        if found is None:
            cut = max(value.rfind("#"), value.rfind("/")) + 1
            prefix = self.by_namespace.get(value[:cut])
            local = value[cut:]
            found = (
                f"{prefix}:{local}"
                if prefix is not None and _LOCAL.fullmatch(local)
                else f"<{value}>"
            )
            if len(self.cache) < 10_000:  # the vocabulary's terms, not the graph's nodes
                self.cache[value] = found
        return found


def _string(value: str) -> str:
    return '"' + value.translate(_ESCAPES) + '"'


def _term(term: Any, names: _Names) -> str:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return names.iri(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    datatype = term.datatype.value
    if term.language:
        return f"{_string(term.value)}@{term.language}"
    bare = _BARE.get(datatype)
    if bare is not None and re.fullmatch(bare, term.value):
        return str(term.value)
    if datatype == f"{_XSD}string":
        return _string(term.value)
    return f"{_string(term.value)}^^{names.iri(datatype)}"


def turtle(decl: Declaration, canonical: bytes | None = None) -> bytes:
    """Turtle of the canonical N-Quads (``canonical``, if already computed), with the
    context's prefixes: one block per subject (those no other node refers to first, then by
    the number of references, then by IRI), ``a`` first, then the predicates and their
    objects in order. Written in one pass over the sorted triples: linear in the graph."""
    import pyoxigraph

    source = canonical if canonical is not None else nquads(decl)
    prefixes = {**PREFIXES, "fcai": ids.vocabulary_iri(decl.base_iri)}
    names = _Names(prefixes)
    subjects: dict[str, dict[str, list[Any]]] = {}
    references: dict[str, int] = {}
    for triple in pyoxigraph.parse(source, format=pyoxigraph.RdfFormat.N_TRIPLES):
        subject = str(triple.subject)
        subjects.setdefault(subject, {}).setdefault(triple.predicate.value, []).append(
            triple.object
        )
        if not isinstance(triple.object, pyoxigraph.Literal):
            key = str(triple.object)
            references[key] = references.get(key, 0) + 1
    lines = [f"@prefix {prefix}: <{prefixes[prefix]}> ." for prefix in sorted(prefixes)]
    order = sorted(
        subjects, key=lambda s: (s.startswith("_:"), references.get(s, 0), s.strip("<>"))
    )
    for subject in order:
        predicates = subjects[subject]
        ranked = sorted(predicates, key=lambda p: (p != _RDF_TYPE, p))
        head = subject if subject.startswith("_:") else names.iri(subject[1:-1])
        parts = []
        for predicate in ranked:
            objects = sorted(predicates[predicate], key=_order)
            shown = ",\n        ".join(_term(o, names) for o in objects)
            verb = "a" if predicate == _RDF_TYPE else names.iri(predicate)
            parts.append(f"{verb} {shown}")
        lines.append("")
        lines.append(f"{head} " + " ;\n    ".join(parts) + " .")
    return ("\n".join(lines) + "\n\n").encode("utf-8")


def _order(term: Any) -> tuple[int, str]:
    import pyoxigraph

    if isinstance(term, pyoxigraph.Literal):
        return (1, term.value)
    return (0, term.value)
