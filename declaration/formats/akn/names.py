"""The names the Akoma Ntoso record shares between its writer and its reader: paths,
namespace, reserved references, and the inline element of each kind of span."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

from declaration import ids

PATH = "data/declaration.fra.akn.xml"


XSD_PATH = "schemas/akn/akomantoso30.xsd"  # the official XSD, published beside it


XML_XSD_PATH = "schemas/akn/xml.xsd"  # which the XSD imports


AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


MEDIA_TYPE = "application/akn+xml"


PROJECT = ids.PROJECT


ROLES = dict(zip(ids.ROLES, ("Partie", "Éditeur", "Balisage XML"), strict=True))


def akn_tag(name: str) -> str:
    """The qualified name of an Akoma Ntoso element."""
    return f"{{{AKN_NS}}}{name}"


def xml_bool(value: bool) -> str:
    return "true" if value else "false"


# The inline element of each kind of entity, and its TLC in meta/references.
INLINE = {
    "party": "organization",
    "person": "person",
    "organization": "organization",
    "instrument": "ref",
    "event": "event",
    "concept": "concept",
}


TLC = {
    "organization": "TLCOrganization",
    "instrument": "TLCReference",
    "event": "TLCEvent",
    "concept": "TLCConcept",
}


DATE_INLINE = {"yearmonth": "yearMonth", "year": "year", "interval": "dateInterval"}


def etree_localname(element: Element) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def wikidata_attributes(qid: str | None) -> dict[str, str]:
    return {"wikidata": qid} if qid else {}
