"""SHACL shapes of the linked data: the graph contract of ``data/declaration.ttl``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from declaration import ids, patterns
from declaration.patterns import anchored
from declaration.vocab import PREFIXES

PATH = "schemas/declaration.shapes.ttl"
_STRING = "http://www.w3.org/2001/XMLSchema#string"

_SHAPES = """
fcaish:WorkShape a sh:NodeShape ;
    sh:targetClass eli:LegalResource ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path rdf:type ; sh:hasValue schema:Legislation ] ;
    sh:property [ sh:path dct:identifier ; sh:datatype xsd:string ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path eli:id_local ; sh:datatype xsd:string ; sh:minCount 1 ; sh:maxCount 1 ; sh:pattern "@WORK_URI@" ] ;
    sh:property [ sh:path eli:type_document ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path eli:date_document ; sh:datatype xsd:date ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path schema:locationCreated ; sh:datatype xsd:string ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path eli:jurisdiction ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path fcai:legallyBinding ; sh:datatype xsd:boolean ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path eli:passed_by ; sh:class schema:Country ; sh:minCount 1 ] ;
    sh:property [ sh:path eli:is_realized_by ; sh:class eli:LegalExpression ; sh:minCount 1 ] ;
    sh:property [ sh:path eli:has_part ; sh:class eli:LegalResourceSubdivision ; sh:minCount 1 ] ;
    sh:property [ sh:path eli:cites ; sh:class schema:CreativeWork ] ;
    sh:property [ sh:path schema:mentions ; sh:nodeKind sh:IRI ] ;
    sh:property [ sh:path void:inDataset ; sh:class dcat:Dataset ; sh:minCount 1 ; sh:maxCount 1 ] .

fcaish:ExpressionShape a sh:NodeShape ;
    sh:targetClass eli:LegalExpression ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path eli:realizes ; sh:class eli:LegalResource ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path eli:id_local ; sh:datatype xsd:string ; sh:minCount 1 ; sh:maxCount 1 ; sh:pattern "@EXPRESSION_URI@" ] ;
    sh:property [ sh:path eli:title ; sh:datatype rdf:langString ; sh:minCount 1 ; sh:uniqueLang true ] ;
    sh:property [ sh:path eli:language ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ;
                  sh:pattern "^http://publications\\\\.europa\\\\.eu/resource/authority/language/[A-Z]{3}$" ] ;
    sh:property [ sh:path eli:date_publication ; sh:datatype xsd:date ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path eli:publisher_agent ; sh:class schema:Organization ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path eli:is_embodied_by ; sh:class eli:Format ; sh:minCount 1 ] .

fcaish:SubdivisionShape a sh:NodeShape ;
    sh:targetClass eli:LegalResourceSubdivision ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path eli:is_part_of ; sh:class eli:LegalResource ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path fcai:eId ; sh:datatype xsd:string ; sh:minCount 1 ; sh:maxCount 1 ; sh:pattern "@EID@" ] ;
    sh:property [ sh:path eli:type_subdivision ; sh:in ( fcai:preamble fcai:point ) ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path eli:number ; sh:datatype xsd:string ; sh:maxCount 1 ; sh:pattern "@NUMBER@" ] ;
    sh:property [ sh:path schema:position ; sh:datatype xsd:integer ; sh:minCount 1 ; sh:maxCount 1 ; sh:minInclusive 1 ] ;
    sh:property [ sh:path schema:text ; sh:datatype rdf:langString ; sh:minCount 1 ; sh:uniqueLang true ; sh:minLength 1 ] ;
    sh:property [ sh:path nif:beginIndex ; sh:datatype xsd:nonNegativeInteger ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path nif:endIndex ; sh:datatype xsd:nonNegativeInteger ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path schema:mentions ; sh:nodeKind sh:IRI ] ;
    sh:property [ sh:path eli:cites ; sh:class schema:CreativeWork ] ;
    sh:property [ sh:path fcai:annotation ; sh:class fcai:Mention ] ;
    sh:property [ sh:path fcai:temporalExpression ; sh:class fcai:TemporalExpression ] .

fcaish:MentionShape a sh:NodeShape ;
    sh:targetClass fcai:Mention ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path nif:beginIndex ; sh:datatype xsd:nonNegativeInteger ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path nif:endIndex ; sh:datatype xsd:nonNegativeInteger ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path nif:anchorOf ; sh:datatype xsd:string ; sh:minCount 1 ; sh:maxCount 1 ; sh:minLength 1 ] ;
    sh:property [ sh:path itsrdf:taIdentRef ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] .

fcaish:TemporalExpressionShape a sh:NodeShape ;
    sh:targetClass fcai:TemporalExpression ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path nif:beginIndex ; sh:datatype xsd:nonNegativeInteger ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path nif:endIndex ; sh:datatype xsd:nonNegativeInteger ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path nif:anchorOf ; sh:datatype xsd:string ; sh:minCount 1 ; sh:maxCount 1 ; sh:minLength 1 ] ;
    sh:property [ sh:path fcai:valueKind ; sh:in ( @VALUE_KINDS@ ) ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path fcai:value ; sh:minCount 1 ; sh:maxCount 1 ;
                  sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:gYearMonth ] [ sh:datatype xsd:gYear ]
                          [ sh:datatype xsd:string ; sh:pattern "^[0-9]{4}-[0-9]{2}-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2}$" ] ) ] .

fcaish:CitedShape a sh:NodeShape ;
    sh:targetClass schema:CreativeWork , schema:Event , skos:Concept ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path dct:identifier ; sh:datatype xsd:string ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path schema:name ; sh:datatype rdf:langString ; sh:minCount 1 ; sh:uniqueLang true ] ;
    sh:property [ sh:path schema:sameAs ; sh:nodeKind sh:IRI ; sh:maxCount 1 ; sh:pattern "@WIKIDATA_IRI@" ] .

fcaish:PointShape a sh:NodeShape ;
    sh:targetSubjectsOf eli:number ;
    sh:property [ sh:path eli:type_subdivision ; sh:hasValue fcai:point ] .

fcaish:FormatShape a sh:NodeShape ;
    sh:targetClass eli:Format ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path eli:is_exemplified_by ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path eli:media_type ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path spdx:checksum ; sh:class spdx:Checksum ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path fcai:bom ; sh:datatype xsd:boolean ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path fcai:newline ; sh:in ( "LF" "CRLF" ) ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path fcai:finalNewline ; sh:datatype xsd:boolean ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path fcai:excludedSpan ; sh:class fcai:ExcludedSpan ] .

fcaish:ChecksumShape a sh:NodeShape ;
    sh:targetClass spdx:Checksum ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path spdx:algorithm ; sh:hasValue spdx:checksumAlgorithm_sha256 ; sh:maxCount 1 ] ;
    sh:property [ sh:path spdx:checksumValue ; sh:datatype xsd:hexBinary ; sh:minCount 1 ; sh:maxCount 1 ; sh:pattern "@SHA256@" ] .

fcaish:ExcludedSpanShape a sh:NodeShape ;
    sh:targetClass fcai:ExcludedSpan ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path schema:position ; sh:datatype xsd:integer ; sh:minCount 1 ; sh:maxCount 1 ; sh:minInclusive 1 ] ;
    sh:property [ sh:path schema:text ; sh:datatype rdf:langString ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path nif:beginIndex ; sh:datatype xsd:nonNegativeInteger ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path nif:endIndex ; sh:datatype xsd:nonNegativeInteger ; sh:minCount 1 ; sh:maxCount 1 ] .

fcaish:CountryShape a sh:NodeShape ;
    sh:targetClass schema:Country ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path dct:identifier ; sh:datatype xsd:string ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path schema:name ; sh:datatype rdf:langString ; sh:minCount 1 ; sh:uniqueLang true ] ;
    sh:property [ sh:path eli:jurisdiction ; sh:nodeKind sh:IRI ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path schema:sameAs ; sh:nodeKind sh:IRI ; sh:maxCount 1 ; sh:pattern "@WIKIDATA_IRI@" ] ;
    sh:property [ sh:path wdt:P35 ; sh:class schema:Person ; sh:minCount 1 ; sh:maxCount 1 ] .

fcaish:PersonShape a sh:NodeShape ;
    sh:targetClass schema:Person ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path dct:identifier ; sh:datatype xsd:string ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path schema:name ; sh:datatype xsd:string ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path schema:jobTitle ; sh:datatype rdf:langString ; sh:minCount 1 ; sh:uniqueLang true ] ;
    sh:property [ sh:path schema:sameAs ; sh:nodeKind sh:IRI ; sh:maxCount 1 ; sh:pattern "@WIKIDATA_IRI@" ] .

fcaish:OrganizationShape a sh:NodeShape ;
    sh:targetClass schema:Organization ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path dct:identifier ; sh:datatype xsd:string ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path schema:name ; sh:datatype rdf:langString ; sh:minCount 1 ; sh:uniqueLang true ] ;
    sh:property [ sh:path schema:url ; sh:nodeKind sh:IRI ; sh:maxCount 1 ] ;
    sh:property [ sh:path schema:sameAs ; sh:nodeKind sh:IRI ; sh:maxCount 1 ; sh:pattern "@WIKIDATA_IRI@" ] .

fcaish:DatasetShape a sh:NodeShape ;
    sh:targetClass dcat:Dataset ;
    sh:closed true ;
    sh:ignoredProperties ( rdf:type ) ;
    sh:property [ sh:path dcat:version ; sh:datatype xsd:string ; sh:minCount 1 ; sh:maxCount 1 ] ;
    sh:property [ sh:path dct:issued ; sh:datatype xsd:date ; sh:minCount 1 ; sh:maxCount 1 ] .
"""


def _pattern(name: re.Match[str]) -> str:
    """A pattern of :mod:`declaration.patterns`, anchored, as the body of a Turtle string;
    or an enumeration, as the items of a Turtle list."""
    value = getattr(patterns, name[1])
    if isinstance(value, tuple):
        return " ".join(f'"{item}"' for item in value)
    return anchored(value).replace("\\", "\\\\")


def write(base_iri: str) -> bytes:
    prefixes = {
        **PREFIXES,
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "sh": "http://www.w3.org/ns/shacl#",
        "fcai": ids.vocabulary_iri(base_iri),
        "fcaish": f"{base_iri}/shapes#",
    }
    header = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in sorted(prefixes.items()))
    shapes = re.sub(r"@([A-Z0-9_]+)@", _pattern, _SHAPES)
    return (header + shapes).encode("utf-8")


def graph(turtle: bytes) -> Any:
    """The rdflib graph of a Turtle document, read by pyoxigraph's parser (a few times
    faster than rdflib's, in time linear in its size): each term as rdflib's parser makes
    it (an IRI, a blank node of this document, a literal with its language or datatype)."""
    import pyoxigraph
    from rdflib import BNode, Graph, Literal, URIRef

    blank: dict[str, BNode] = {}  # the document's own: none is shared with another graph

    def term(node: Any) -> Any:
        if isinstance(node, pyoxigraph.NamedNode):
            return URIRef(node.value)
        if isinstance(node, pyoxigraph.BlankNode):
            return blank.setdefault(node.value, BNode())
        if node.language:
            return Literal(node.value, lang=node.language)
        if node.datatype.value == _STRING:  # RDF 1.1's simple literal, as rdflib keeps it
            return Literal(node.value)
        return Literal(node.value, datatype=URIRef(node.datatype.value))

    found = Graph()
    for triple in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE):
        found.add((term(triple.subject), term(triple.predicate), term(triple.object)))
    return found


def conforms(data_ttl: bytes, shapes_ttl: bytes) -> tuple[bool, str]:
    """pyshacl validation of a Turtle graph against the shapes: (conforms, report text)."""
    from pyshacl import validate

    data, shapes = graph(data_ttl), graph(shapes_ttl)
    ok, _, text = validate(data, shacl_graph=shapes, inference="none", allow_warnings=False)
    return bool(ok), str(text)


def violations(named: Sequence[tuple[str, bytes]], shapes_ttl: bytes) -> dict[str, list[str]]:
    """pyshacl on the union of Turtle graphs, run once: the results by the name of the graph
    their focus node is described in (the first one, for a node several describe), each as
    ``Message: …; Focus Node: …; Result Path: …``, in order. Empty when all conform."""
    from pyshacl import validate
    from rdflib import RDF, Graph, Namespace

    graphs = [(name, graph(turtle)) for name, turtle in named]
    data = graphs[0][1] if len(graphs) == 1 else Graph()
    if len(graphs) > 1:
        for _, each in graphs:
            data += each
    shapes = graph(shapes_ttl)
    ok, results, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=False)
    found: dict[str, list[str]] = {}
    if ok:
        return found
    sh = Namespace("http://www.w3.org/ns/shacl#")
    for result in results.subjects(RDF.type, sh.ValidationResult):
        focus = results.value(result, sh.focusNode)
        parts = [
            f"{label}: {value}"
            for label, value in (
                ("Message", results.value(result, sh.resultMessage)),
                ("Focus Node", focus),
                ("Result Path", results.value(result, sh.resultPath)),
            )
            if value is not None
        ]
        owner = next((n for n, g in graphs if (focus, None, None) in g), graphs[0][0])
        found.setdefault(owner, []).append("; ".join(parts))
    return {name: sorted(messages) for name, messages in sorted(found.items())}
