"""The RDF vocabularies the linked data uses, by prefix: one table for the JSON-LD context,
the Turtle and the SHACL shapes."""

from __future__ import annotations

PREFIXES = {
    "eli": "http://data.europa.eu/eli/ontology#",
    "schema": "http://schema.org/",
    "dct": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "spdx": "http://spdx.org/rdf/terms#",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
