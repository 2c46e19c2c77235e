#!/bin/sh
# Only the Akoma Ntoso record against the official OASIS XSD shipped in the release, with
# xmllint (Debian: libxml2-utils); run in the release's folder. --nonet: nothing is fetched.
set -eu
xmllint --noout --nonet --schema schemas/akn/akomantoso30.xsd data/declaration.fra.akn.xml
