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

from collections.abc import Mapping
from typing import Any

from declaration import ids
from declaration.output import Example, Lookup, Output, dumps
from declaration.release import Release
from declaration.spool import digest

PATH = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
DESCRIBED = ("data", "schema")  # the stages of the files the descriptor lists


def resource(output: Output, key: str | None, path: str, size: int, sha256: str) -> dict[str, Any]:
    """The descriptor's resource for the file at ``path`` of ``output`` (of declaration
    ``key`` of a corpus)."""
    out: dict[str, Any] = {
        "$schema": RESOURCE_PROFILE,
        "name": output.resource_name(key),
        "path": path,
    }
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


def descriptor(release: Release, files: Mapping[str, bytes], lookup: Lookup) -> dict[str, Any]:
    """The descriptor of ``files``: those of the outputs (``lookup``: the output of a path)
    that are data or schemas."""
    assert release.dataset is not None  # written only when the dataset facts are known
    dataset, decls = release.dataset, list(release)
    listed = []
    for path in sorted(files):
        found = lookup(path)
        if found is not None and found[0].stage in DESCRIBED:
            listed.append(resource(*found, path, *digest(files, path)))
    resources = [r for r in listed if "copyOf" not in r]
    copies = [r for r in listed if "copyOf" in r]
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


def output(lookup: Lookup) -> Output:
    """The output of ``datapackage.json``, describing the files written before it."""
    return Output(
        PATH,
        "datapackage",
        "Data Package 2.0 descriptor: every file with its size, SHA-256 and schema.",
        "json",
        "application/json",
        "JSON",
        "descriptor",
        lambda release, files: dumps(descriptor(release, files, lookup)),
        needs_dataset=True,
        examples=(
            Example(
                "frictionless:",
                "frictionless :",
                "python",
                "from frictionless import Package\n\n"
                'package = Package("datapackage.json")\n'
                'rows = package.get_table_resource("paragraphs").read_rows()\n'
                'print(len(rows), rows[0]["eid"], rows[-1]["label"])\n',
            ),
        ),
    )
