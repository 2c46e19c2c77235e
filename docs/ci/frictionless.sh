#!/bin/sh
# Only the tables against their Table Schemas, keys, sizes and hashes, with frictionless
# (pip install frictionless); run in the release's folder.
set -eu
frictionless validate datapackage.json
