"""Croissant 1.0: ``data/croissant.json``, the MLCommons metadata that ML pipelines read.

The dataset (name, description, licence, version, creator, citation), every data file it
holds as a ``cr:FileObject`` with its SHA-256, and each table as a ``cr:RecordSet``
(read from its typed Parquet copy, so that no loader guesses a type: a CSV read by pandas
makes the label ``1.`` the number 1.0) whose fields are typed from the Table Schemas (``sc:Text``, ``sc:Integer``, ``sc:Boolean``,
``sc:Date``, ``sc:URL``), keyed by its primary key, with ``references`` for its single-column foreign keys (a
compound one has no form in Croissant 1.0). Paths are relative to the file, which sits beside the tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from declaration.metadata import DatasetMeta
from declaration.model import Declaration
from declaration.output import Example, Lookup, Output, dumps
from declaration.release import Release
from declaration.spool import digest
from declaration.tabular import TABLES, Column, Table

PATH = "data/croissant.json"
CONFORMS_TO = "http://mlcommons.org/croissant/1.0"
# The standard context of Croissant 1.0, as its specification gives it.
CONTEXT = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
_DATATYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
    "array": "sc:Text",  # a JSON array, as in the CSV
}


# Where Croissant readers know a format by another name than IANA's (mlcroissant reads
# Parquet only as application/x-parquet).
_FORMATS = {"application/vnd.apache.parquet": "application/x-parquet"}


def _file(path: str, size: int, sha256: str, mediatype: str, description: str) -> dict[str, Any]:
    name = path.rsplit("/", 1)[1]
    return {
        "@type": "cr:FileObject",
        "@id": name,
        "name": name,
        "description": description,
        "contentUrl": name,
        "encodingFormat": _FORMATS.get(mediatype, mediatype),
        "contentSize": f"{size} B",
        "sha256": sha256,
    }


def _field(table: Table[Any], column: Column) -> dict[str, Any]:
    kind = "sc:URL" if column.source.format == "uri" else _DATATYPES[column.type]
    field: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{table.name}/{column.name}",
        "name": column.name,
        "description": column.description,
        "dataType": kind,
        "source": {
            "fileObject": {"@id": f"{table.name}.parquet"},
            "extract": {"column": column.name},
        },
    }
    if column.type == "array":
        field["repeated"] = True
    for key in table.foreign_keys:
        # a compound key has no form in Croissant 1.0: a reader (mlcroissant) takes each of
        # its fields for a key of its own and joins on it, multiplying the records
        if key["fields"] == [column.name]:
            target = key["reference"]["resource"]
            field["references"] = {"field": {"@id": f"{target}/{key['reference']['fields'][0]}"}}
    return field


def _record_set(table: Table[Any]) -> dict[str, Any]:
    return {
        "@type": "cr:RecordSet",
        "@id": table.name,
        "name": table.name,
        "description": table.description,
        "key": [{"@id": f"{table.name}/{name}"} for name in table.primary_key],
        "field": [_field(table, column) for column in table.columns],
    }


def _based_on(decls: Sequence[Declaration]) -> Any:
    urls = [decl.source.url for decl in decls]
    return urls[0] if len(urls) == 1 else urls


def metadata(
    release: Release,
    dataset: DatasetMeta,
    files: Mapping[str, bytes],
    described: Mapping[str, tuple[str, str]],
) -> dict[str, Any]:
    """The Croissant description of the dataset: ``described`` gives the media type and the
    description of each data file, by path."""
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        "name": dataset.name,
        "description": dataset.description,
        "license": dataset.license.url,
        "url": dataset.homepage,
        "version": dataset.version,
        "datePublished": release.first.release.date.isoformat(),
        "inLanguage": "fr",
        "keywords": list(dataset.keywords),
        "creator": {
            "@type": "sc:Organization",
            "name": f"{dataset.name} contributors",
            "url": dataset.homepage,
        },
        "citeAs": f"{dataset.name} contributors ({release.first.release.date.year}). {dataset.title}. Version {dataset.version}. {dataset.homepage}",
        "isBasedOn": _based_on(release.declarations),
        "distribution": [
            _file(path, *digest(files, path), *described[path])
            for path in sorted(described)
            if path in files
        ],
        "recordSet": [_record_set(table) for table in TABLES],
    }


MLCROISSANT = Example(
    "Croissant (the record sets, read offline from the typed Parquet copies):",
    "Croissant (les ensembles d’enregistrements, lus hors ligne depuis les copies Parquet typées) :",
    "python",
    """import itertools

import mlcroissant as mlc

dataset = mlc.Dataset(jsonld="data/croissant.json")
for record in itertools.islice(dataset.records(record_set="paragraphs"), 3, 6):
    print(record["paragraphs/eid"].decode(), record["paragraphs/label"].decode())
""",
)


def output(lookup: Lookup) -> Output:
    """The output of ``data/croissant.json``, describing the data files written before it
    (``lookup``: the output of a path; in a corpus, a declaration's file is described by its
    output, with the declaration's key)."""

    def write(release: Release, files: Mapping[str, bytes]) -> bytes:
        assert release.dataset is not None  # written only when the dataset facts are known
        described = {}
        for path in files:
            found = lookup(path)
            if found is not None and found[0].stage == "data" and path.startswith("data/"):
                out, key = found
                what = out.description if key is None else f"{out.description} ({key})"
                described[path] = (out.mediatype, what)
        return dumps(metadata(release, release.dataset, files, described))

    return Output(
        PATH,
        "croissant",
        "MLCommons Croissant 1.0 metadata of the dataset: its files with their SHA-256, and "
        "each table as a record set with typed fields, keys and references.",
        "jsonld",
        "application/ld+json",
        "JSON_LD",
        "data",
        write,
        needs_dataset=True,
        examples=(MLCROISSANT,),
    )
