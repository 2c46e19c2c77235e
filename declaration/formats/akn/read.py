"""Reading the Akoma Ntoso record back to the Declaration it was written from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from declaration import layout
from declaration.errors import InvalidDataError, Location, reason
from declaration.model import Declaration, Entity, Paragraph, Party, Source

if TYPE_CHECKING:
    from lxml import etree
from declaration.formats.akn.names import AKN_NS, DATE_INLINE, PATH, etree_localname


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
    blocks = [(kind, _text(p)) for kind, p in elements]
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
        fields, spans = layout.lay_out(src.bom, src.newline_chars, blocks, excluded)
        marked = [_read_spans(p, pns["p"]) for _, p in elements]
        paragraphs = tuple(
            Paragraph.model_validate(paragraph | {"mentions": m, "dates": d})
            for paragraph, (m, d) in zip(fields, marked, strict=True)
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
