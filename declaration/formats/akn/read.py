"""Reading the Akoma Ntoso record back to the Declaration it was written from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from declaration import layout
from declaration.errors import InvalidDataError, Location, reason
from declaration.formats.akn.names import AKN_NS, DATE_INLINE, PATH, etree_localname
from declaration.model import Declaration, Entity, Paragraph, Party, Source

if TYPE_CHECKING:
    from lxml import etree
    from lxml.etree import _Element as Element


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


def _text(element: Element) -> str:
    return "".join(element.itertext())


@dataclass(frozen=True)
class _Doc:
    """The parts of the document the reader takes its values from."""

    path: str
    statement: Element
    record: Element  # the proprietary record of the release
    names: dict[str, str]  # showAs of each TLC reference, by eId

    def one(self, xpath: str, context: Element | None = None) -> Element:
        """The one element at ``xpath``; else an error at the line of the context."""
        context = self.statement if context is None else context
        found = context.xpath(xpath, namespaces={"a": AKN_NS, "p": self.ns})
        if len(found) != 1:
            raise InvalidDataError(
                "akn-structure",
                f"{xpath}: {len(found)} found, expected 1",
                Location(self.path, context.sourceline or 1),
            )
        element: Element = found[0]
        return element

    def all(self, xpath: str, context: Element | None = None) -> list[Element]:
        context = self.record if context is None else context
        found: list[Element] = context.xpath(xpath, namespaces={"a": AKN_NS, "p": self.ns})
        return found

    @property
    def ns(self) -> str:
        return str(self.record.nsmap.get(self.record.prefix))

    def name(self, element: Element) -> str:
        """The name of an agent or entity of the record: the showAs of its reference."""
        return self.names[_ref(element)]


def read(data: bytes, path: str = PATH) -> Declaration:
    """The declaration of an Akoma Ntoso document written by :func:`write`."""
    root = parse_xml(data, path)
    found = root.xpath("/a:akomaNtoso/a:statement", namespaces={"a": AKN_NS})
    if len(found) != 1:
        raise InvalidDataError(
            "akn-structure",
            f"/akomaNtoso/statement: {len(found)} found, expected 1",
            Location(path),
        )
    statement = found[0]
    doc = _Doc(path, statement, statement, {})
    references = doc.one("a:meta/a:references")
    record = doc.one("a:meta/a:proprietary/*")
    doc = _Doc(path, statement, record, {t.get("eId"): t.get("showAs") for t in references})
    try:
        decl = _declaration(doc)
    except (ValidationError, KeyError, TypeError, IndexError, ValueError) as exc:
        raise InvalidDataError("akn-invalid", reason(exc), Location(path)) from None
    labels = [_text(num) for num in doc.all("a:mainBody/a:paragraph/a:num", statement)]
    eids = [e.get("eId") for e in doc.all("a:preamble/a:p | a:mainBody/a:paragraph", statement)]
    if labels != [p.label for p in decl.points] or eids != [p.eid for p in decl.paragraphs]:
        raise InvalidDataError(
            "akn-numbering",
            "eIds or numbers disagree with the order of the paragraphs",
            Location(path),
        )
    return decl


def _declaration(doc: _Doc) -> Declaration:
    work = doc.one("a:meta/a:identification/a:FRBRWork")
    expression = doc.one("a:meta/a:identification/a:FRBRExpression")
    source = doc.one("p:source", doc.record)
    publisher = doc.one("p:publisher", doc.record)
    parties = _parties(doc)
    paragraphs = _paragraphs(doc, source)
    mentioned = {m.entity for p in paragraphs for m in p.mentions}
    return Declaration(
        base_iri=doc.record.get("baseIri"),
        release={
            "version": doc.record.get("releaseVersion"),
            "date": doc.record.get("releaseDate"),
        },
        country=doc.one("a:FRBRcountry", work).get("value"),
        subtype=doc.statement.get("name"),
        number=doc.one("a:FRBRnumber", work).get("value"),
        title=_text(doc.one("a:preface/a:longTitle/a:p/a:docTitle")),
        date=doc.one("a:FRBRdate", work).get("date"),
        place=doc.record.get("place"),
        language=doc.one("a:FRBRlanguage", expression).get("language"),
        legally_binding=_bool(doc.one("a:FRBRprescriptive", work).get("value")),
        parties=parties,
        publisher={"id": _ref(publisher), "name": doc.name(publisher), "url": publisher.get("url")},
        source=_source(source),
        paragraphs=paragraphs,
        excluded=_excluded(doc, source, paragraphs),
        entities=_entities(doc, parties, mentioned),
    )


def _ref(element: Element) -> str:
    """The id an element of the record refers to (``ref="#id"``)."""
    ref = element.get("ref") or ""
    if not ref.startswith("#"):
        raise ValueError(f"line {element.sourceline}: ref {ref!r}, expected '#' and an id")
    return ref[1:]


def _bool(value: str | None) -> bool:
    """An xs:boolean."""
    if value not in ("true", "false", "1", "0"):
        raise ValueError(f"{value!r} is not a boolean (true or false)")
    return value in ("true", "1")


def _wikidata(element: Element) -> str | None:
    value = element.get("wikidata")
    return str(value) if value is not None else None


def _source(source: Element) -> Source:
    return Source(
        url=source.get("url"),
        sha256=source.get("sha256"),
        bom=_bool(source.get("bom")),
        newline=source.get("newline"),
        final_newline=_bool(source.get("finalNewline")),
    )


def _parties(doc: _Doc) -> tuple[Party, ...]:
    people = {p.get("ref"): p for p in doc.all("p:person")}
    parties = []
    for party in doc.all("p:party"):
        person = people[party.get("headOfState")]
        head = {
            "id": _ref(person),
            "name": doc.name(person),
            "title": person.get("title"),
            "wikidata": _wikidata(person),
        }
        parties.append(
            Party(
                id=_ref(party),
                name=doc.name(party),
                country=party.get("country"),
                wikidata=_wikidata(party),
                head_of_state=head,
            )
        )
    return tuple(parties)


def _blocks(doc: _Doc) -> list[tuple[str, Element]]:
    """The paragraphs' ``p`` elements, with their kinds, in order."""
    blocks = [("preamble", p) for p in doc.all("a:preamble/a:p", doc.statement)]
    blocks += [
        ("point", doc.one("a:content/a:p", para))
        for para in doc.all("a:mainBody/a:paragraph", doc.statement)
    ]
    return blocks


def _paragraphs(doc: _Doc, source: Element) -> tuple[Paragraph, ...]:
    """The paragraphs, placed by the layout of the source, with their marked-up spans."""
    src = _source(source)
    blocks = _blocks(doc)
    fields, _ = layout.lay_out(src.bom, src.newline_chars, [(k, _text(p)) for k, p in blocks], [])
    paragraphs = []
    for paragraph, (_, p) in zip(fields, blocks, strict=True):
        mentions, dates = _read_spans(p, doc.ns)
        paragraphs.append(
            Paragraph.model_validate(paragraph | {"mentions": mentions, "dates": dates})
        )
    return tuple(paragraphs)


def _excluded(doc: _Doc, source: Element, paragraphs: tuple[Paragraph, ...]) -> list[Any]:
    src = _source(source)
    texts = [_text(e) for e in doc.all("p:excluded", source)]
    return layout.place_excluded(src.newline_chars, paragraphs[-1].end if paragraphs else 0, texts)


def _entities(doc: _Doc, parties: tuple[Party, ...], mentioned: set[str]) -> tuple[Entity, ...]:
    """The entities of the record, and the parties and heads of state that are mentioned."""
    entities = [
        Entity(id=_ref(e), kind=e.get("kind"), label=doc.name(e), wikidata=_wikidata(e))
        for e in doc.all("p:entity")
    ]
    for party in parties:
        head = party.head_of_state
        if party.id in mentioned:
            entities.append(
                Entity(id=party.id, kind="party", label=party.name, wikidata=party.wikidata)
            )
        if head.id in mentioned:
            entities.append(
                Entity(id=head.id, kind="person", label=head.name, wikidata=head.wikidata)
            )
    return tuple(sorted(entities, key=lambda e: e.id))


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
