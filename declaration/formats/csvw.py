"""CSV on the Web: ``data/csv-metadata.json``, the W3C tabular metadata of the CSV files.

Where a CSVW processor looks first for the metadata of ``data/*.csv`` (the site-wide default
``{+url}-metadata.json`` aside, ``csv-metadata.json`` beside them). It declares the dialect
the writer follows, and for each table its columns with their datatypes (a pattern becomes a
``format`` regular expression, a minimum a ``minimum``, an enumeration an alternation), which
are required, and the primary and foreign keys, all from :mod:`declaration.tabular`.

Each row is about the IRI of what it describes (``aboutUrl`` from the ``iri`` column), and the
paragraphs' columns map to the properties the JSON-LD gives them (ELI, schema.org, NIF, the
project's vocabulary), so that a CSVW processor turns ``paragraphs.csv`` into triples about the
same paragraph IRIs as the linked data: the text in French, the position, the kind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from declaration import ids
from declaration.metadata import DatasetMeta
from declaration.model import Declaration
from declaration.output import Output, dumps
from declaration.patterns import anchored
from declaration.release import Release
from declaration.tabular import PARAGRAPHS, TABLES, Column, Table
from declaration.vocab import PREFIXES

PATH = "data/csv-metadata.json"
CONTEXT = "http://www.w3.org/ns/csvw"
_DATATYPES = {
    "string": "string",
    "integer": "integer",
    "boolean": "boolean",
    "date": "date",
    "array": "json",
}
# the text a reader reads, in the language of the declaration
_FRENCH = {"title", "place", "name", "label", "text", "surface", "head_of_state_title"}


def _paragraph_properties(vocabulary: str) -> dict[str, dict[str, Any]]:
    """The columns of ``paragraphs.csv`` as the JSON-LD states them."""
    eli, schema, nif = PREFIXES["eli"], PREFIXES["schema"], PREFIXES["nif"]
    return {
        "eid": {"propertyUrl": f"{vocabulary}eId"},
        "position": {"propertyUrl": f"{schema}position"},
        "kind": {"propertyUrl": f"{eli}type_subdivision", "valueUrl": f"{vocabulary}{{kind}}"},
        "text": {"propertyUrl": f"{schema}text"},
        "start": {
            "propertyUrl": f"{nif}beginIndex",
            "datatype": {"base": "nonNegativeInteger"},
        },
        "end": {
            "propertyUrl": f"{nif}endIndex",
            "datatype": {"base": "nonNegativeInteger", "minimum": 1},
        },
    }


def _datatype(column: Column) -> str | dict[str, Any]:
    # the ``iri`` column is the row's subject (``aboutUrl``): a plain string there, since a
    # processor (python csvw) expands an anyURI value in a URI template as its parts
    uri = column.source.format == "uri" and column.name != "iri"
    base = "anyURI" if uri else _DATATYPES[column.type]
    datatype: dict[str, Any] = {"base": base}
    if "pattern" in column.constraints:
        datatype["format"] = anchored(column.constraints["pattern"])
    if "enum" in column.constraints:
        datatype["format"] = anchored("(" + "|".join(column.constraints["enum"]) + ")")
    if "minimum" in column.constraints:
        datatype["minimum"] = column.constraints["minimum"]
    if "minLength" in column.constraints:
        datatype["minLength"] = column.constraints["minLength"]
    if column.type == "boolean":
        datatype["format"] = "true|false"
    return datatype if len(datatype) > 1 else base


def _column(column: Column, mapped: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": column.name,
        "titles": column.name,
        "dc:description": column.description,
        "datatype": _datatype(column),
        "required": column.required,
    }
    if column.name in _FRENCH:
        out["lang"] = "fr"
    if column.name == "iri":
        out["suppressOutput"] = True  # it is the subject of the row's triples
    out |= mapped.get(column.name, {})
    return out


def _table(table: Table[Any], vocabulary: str) -> dict[str, Any]:
    mapped = _paragraph_properties(vocabulary) if table is PARAGRAPHS else {}
    schema: dict[str, Any] = {
        "columns": [_column(c, mapped) for c in table.columns],
        "primaryKey": list(table.primary_key),
    }
    if any(c.name == "iri" for c in table.columns):
        schema["aboutUrl"] = "{+iri}"
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "columnReference": list(key["fields"]),
                "reference": {
                    "resource": f"{key['reference']['resource']}.csv",
                    "columnReference": list(key["reference"]["fields"]),
                },
            }
            for key in table.foreign_keys
        ]
    return {
        "url": table.path.rsplit("/", 1)[1],
        "dc:title": table.title,
        "dc:description": table.description,
        "tableSchema": schema,
    }


def _sources(decls: Sequence[Declaration]) -> Any:
    sources = [{"@id": decl.source.url} for decl in decls]
    return sources[0] if len(sources) == 1 else sources


def metadata(release: Release, dataset: DatasetMeta) -> dict[str, Any]:
    """The CSVW metadata of the tables of ``release``."""
    return {
        "@context": [CONTEXT, {"@language": "en"}],
        "dc:title": dataset.title,
        "dc:description": dataset.description,
        "dc:license": {"@id": dataset.license.url},
        "dc:source": _sources(release.declarations),
        "dialect": {
            "encoding": "utf-8",
            "header": True,
            "delimiter": ",",
            "lineTerminators": ["\n"],
            "quoteChar": '"',
            "doubleQuote": True,
            "skipInitialSpace": False,
            "trim": False,
        },
        "tables": [_table(table, ids.vocabulary_iri(release.first.base_iri)) for table in TABLES],
    }


def _write(release: Release, _: Mapping[str, bytes]) -> bytes:
    assert release.dataset is not None  # written only when the dataset facts are known
    return dumps(metadata(release, release.dataset))


OUTPUTS = (
    Output(
        PATH,
        "csv-metadata",
        "W3C CSV on the Web metadata of the CSV tables: dialect, datatypes, keys, and the IRIs "
        "and properties their rows state.",
        "json",
        "application/csvm+json",
        "JSON",
        "data",
        _write,
        needs_dataset=True,
    ),
)
