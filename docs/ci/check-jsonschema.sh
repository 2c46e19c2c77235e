#!/bin/sh
# Only the JSON-LD record against its JSON Schema, with check-jsonschema (pip install
# check-jsonschema); run in the release's folder. --base-uri keeps $refs inside the release.
set -eu
check-jsonschema --base-uri "file://$PWD/schemas/declaration.jsonld.jsonschema.json" \
  --schemafile schemas/declaration.jsonld.jsonschema.json data/declaration.jsonld
