"""The contracts of the linked data: the JSON Schema of the JSON-LD (generated from its node
models) and the SHACL shapes of its graph (:mod:`.shapes`)."""

from __future__ import annotations

from typing import Any

from declaration import ids
from declaration.formats.jsonld.shape import SCHEMA_PATH, Work
from declaration.formats.jsonld.shapes import PATH as SHAPES_PATH
from declaration.formats.jsonld.shapes import write as write_shapes
from declaration.model import Declaration
from declaration.output import Output, dumps

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def jsonld_schema(decl: Declaration) -> dict[str, Any]:
    """JSON Schema (Draft 2020-12) of ``data/declaration.jsonld``, from its typed shape."""
    from pydantic.json_schema import GenerateJsonSchema

    class Generator(GenerateJsonSchema):
        schema_dialect = JSON_SCHEMA_DIALECT

    body = _untitled(Work.model_json_schema(by_alias=True, schema_generator=Generator))
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


OUTPUTS = (
    Output(
        SCHEMA_PATH,
        "jsonld-schema",
        "JSON Schema (Draft 2020-12) of declaration.jsonld.",
        "json",
        "application/schema+json",
        "JSON",
        "schema",
        lambda release, _: dumps(jsonld_schema(release.first)),
    ),
    Output(
        SHAPES_PATH,
        "shapes",
        "SHACL shapes of the linked data.",
        "ttl",
        "text/turtle",
        "RDF_TURTLE",
        "schema",
        lambda release, _: write_shapes(release.first.base_iri),
    ),
)
