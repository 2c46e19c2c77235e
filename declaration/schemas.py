"""The published schemas that no single format writes: the JSON Schema of the JSON-LD
(generated from its node models), the SHACL shapes, and the official Akoma Ntoso XSD (from
the pinned cobalt). The Table Schemas and the JSON-LD context are their formats' outputs."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from declaration import ids, shapes
from declaration.formats import akn, jsonld
from declaration.model import Declaration
from declaration.output import Output, dumps, shared

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


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


OUTPUTS = (
    Output(
        jsonld.SCHEMA_PATH,
        "jsonld-schema",
        "JSON Schema (Draft 2020-12) of declaration.jsonld.",
        "json",
        "application/schema+json",
        lambda decl, _: dumps(jsonld_schema(shared(decl))),
    ),
    Output(
        shapes.PATH,
        "shapes",
        "SHACL shapes of the linked data.",
        "ttl",
        "text/turtle",
        lambda decl, _: shapes.write(shared(decl).base_iri),
    ),
    Output(
        akn.XSD_PATH,
        "akn-xsd",
        "The official OASIS Akoma Ntoso 3.0 XSD (strict), as shipped by cobalt.",
        "xsd",
        "application/xml",
        lambda _, __: _package_file("cobalt.xsd", "akomantoso30.xsd"),
    ),
    Output(
        akn.XML_XSD_PATH,
        "xml-xsd",
        "The W3C xml.xsd that the Akoma Ntoso XSD imports.",
        "xsd",
        "application/xml",
        lambda _, __: _package_file("cobalt.xsd", "xml.xsd"),
    ),
)
