"""``datapackage.json``: the Data Package 2.0 descriptor of the files written.

Every file of ``data/`` and ``schemas/`` is a resource with its size and SHA-256. Tables
point at their Table Schema. Two documented custom properties link the other records to
their contracts, since Data Package 2.0 has none for them: ``jsonSchema`` (a JSON Schema
for a JSON resource) and ``xmlSchema`` (an XSD for an XML resource); ``shapes`` names the
SHACL shapes of an RDF resource.

The typed copies of the tables (Parquet) are listed, with the same size and hash, under
the custom property ``typedCopies``, each with ``copyOf``, the name of the table it copies.
They are not Data Resources on purpose: frictionless reads any ``.parquet`` resource as a
table through pandas, where a null integer becomes NaN (refused as an integer) and a list
cell makes its schema inference fail, so ``frictionless validate datapackage.json`` would
fail on correct data. The CSV tables stay the package's tabular resources.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from declaration import ids, registry
from declaration.metadata import DatasetMeta
from declaration.model import Declaration
from declaration.output import Corpus, members
from declaration.spool import digest

PATH = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def resource(path: str, size: int, sha256: str) -> dict[str, Any]:
    """The descriptor's resource for an output of the release."""
    output = registry.output(path)
    if output is None:
        raise ValueError(f"{path} is not an output of the release")
    out: dict[str, Any] = {"name": output.name, "path": path}
    if output.table_schema is not None:
        out["type"] = "table"
    out |= {
        "format": output.format,
        "mediatype": output.mediatype,
        **({"encoding": output.encoding} if output.encoding else {}),
        "bytes": size,
        "hash": f"sha256:{sha256}",
        "description": output.description,
    }
    if output.dialect is not None:
        out["dialect"] = dict(output.dialect)
    if output.table_schema is not None:
        out["schema"] = output.table_schema
    out |= output.links
    if output.copy_of:
        out["copyOf"] = output.copy_of
    return out


def descriptor(
    decl: Declaration | Corpus, dataset: DatasetMeta, files: Mapping[str, bytes]
) -> dict[str, Any]:
    """The descriptor of ``files`` (the paths of ``data/`` and ``schemas/``)."""
    described = [
        path for path in sorted(files) if PurePosixPath(path).parts[0] in ("data", "schemas")
    ]
    listed = [resource(p, *digest(files, p)) for p in described]
    resources = [r for r in listed if "copyOf" not in r]
    copies = [r for r in listed if "copyOf" in r]
    decls = members(decl)
    publishers = list({d.publisher.url: d.publisher for d in decls}.values())
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
        "sources": [
            {"title": f"{d.publisher.name}: {d.title}", "path": d.source.url} for d in decls
        ],
        "contributors": [
            *({"title": p.name, "path": p.url, "roles": ["publisher"]} for p in publishers),
            {
                "title": f"{dataset.name} contributors",
                "path": dataset.homepage,
                "roles": ["creator"],
            },
        ],
        "resources": resources,
        **({"typedCopies": copies} if copies else {}),
    }


def write(decl: Declaration | Corpus, dataset: DatasetMeta, files: Mapping[str, bytes]) -> bytes:
    return (
        json.dumps(descriptor(decl, dataset, files), ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")
