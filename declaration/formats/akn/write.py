"""Writing the Akoma Ntoso record: ``<statement name="jointDeclaration">`` with its meta,
preface, preamble and body, mentions and dates marked up inline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from declaration import ids
from declaration.codes import bcp47
from declaration.formats.akn.names import (
    AKN_NS,
    DATE_INLINE,
    INLINE,
    MEDIA_TYPE,
    PROJECT,
    ROLES,
    TLC,
    akn_tag,
    etree_localname,
    wikidata_attributes,
    xml_bool,
)
from declaration.french import long_date
from declaration.model import Declaration, Mention, Paragraph, TemporalExpression

if TYPE_CHECKING:
    from lxml.etree import _Element as Element


def _sub(parent: Element, tag: str, text: str | None = None, **attrs: str) -> Element:
    """A child element in the AKN namespace (``as_`` stands for the attribute ``as``)."""
    from lxml import etree

    element = etree.SubElement(parent, akn_tag(tag), {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def write(decl: Declaration) -> bytes:
    from lxml import etree

    ns = ids.akn_proprietary_namespace(decl.base_iri)
    root = etree.Element(akn_tag("akomaNtoso"), nsmap={None: AKN_NS, "fcai": ns})
    statement = _sub(root, "statement", name=decl.subtype, contains="originalVersion")
    meta = _sub(statement, "meta")
    _identification(meta, decl)
    _lifecycle(meta, decl)
    _references(meta, decl)
    _proprietary(meta, decl, ns)
    _text(statement, decl, ns)
    _indent(root)
    xml: str = etree.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n").encode("utf-8")


def _identification(meta: Element, decl: Declaration) -> None:
    """FRBR Work, Expression and Manifestation."""
    day = decl.date.isoformat()
    identification = _sub(meta, "identification", source=f"#{PROJECT}")
    work = _sub(identification, "FRBRWork")
    _sub(work, "FRBRthis", value=ids.this_uri(decl.work_uri))
    _sub(work, "FRBRuri", value=decl.work_uri)
    _sub(work, "FRBRalias", value=decl.title, name="title")
    _sub(work, "FRBRdate", date=day, name="adoption")
    for party in decl.parties:
        _sub(work, "FRBRauthor", href=f"#{party.id}", as_="#party")
    _sub(work, "FRBRcountry", value=decl.country)
    _sub(work, "FRBRsubtype", value=decl.subtype)
    _sub(work, "FRBRnumber", value=decl.number)
    _sub(work, "FRBRprescriptive", value=xml_bool(decl.legally_binding))
    _sub(work, "FRBRauthoritative", value="true")
    expression = _sub(identification, "FRBRExpression")
    _sub(expression, "FRBRthis", value=ids.this_uri(decl.expression_uri))
    _sub(expression, "FRBRuri", value=decl.expression_uri)
    _sub(expression, "FRBRdate", date=day, name="publication")
    _sub(expression, "FRBRauthor", href=f"#{decl.publisher.id}", as_="#publisher")
    _sub(expression, "FRBRauthoritative", value="true")
    _sub(expression, "FRBRlanguage", language=decl.language)
    manifestation = _sub(identification, "FRBRManifestation")
    _sub(manifestation, "FRBRthis", value=ids.this_uri(decl.expression_uri, "xml"))
    _sub(manifestation, "FRBRuri", value=decl.manifestation_uri)
    _sub(manifestation, "FRBRdate", date=decl.release.date.isoformat(), name="generation")
    _sub(manifestation, "FRBRauthor", href=f"#{PROJECT}", as_="#markup")
    _sub(manifestation, "FRBRformat", value=MEDIA_TYPE)


def _lifecycle(meta: Element, decl: Declaration) -> None:
    """The publication and the one lifecycle event."""
    day = decl.date.isoformat()
    _sub(meta, "publication", date=day, name=decl.publisher.id, showAs=decl.publisher.name)
    lifecycle = _sub(meta, "lifecycle", source=f"#{PROJECT}")
    _sub(
        lifecycle,
        "eventRef",
        eId="lifecycle__eventRef_1",
        date=day,
        source=f"#{ids.ORIGINAL}",
        type="generation",
    )


def _references(meta: Element, decl: Declaration) -> None:
    """The TLC references: parties, publisher, the project, people, entities and roles."""
    base = decl.base_iri
    references = _sub(meta, "references", source=f"#{PROJECT}")
    _sub(references, "original", eId=ids.ORIGINAL, href=decl.expression_uri, showAs=decl.title)
    for party in decl.parties:
        _sub(
            references,
            "TLCOrganization",
            eId=party.id,
            href=ids.entity_iri(base, "party", party.id),
            showAs=party.name,
        )
    _sub(
        references,
        "TLCOrganization",
        eId=decl.publisher.id,
        href=ids.entity_iri(base, "organization", decl.publisher.id),
        showAs=decl.publisher.name,
    )
    _sub(
        references,
        "TLCOrganization",
        eId=PROJECT,
        href=base,
        showAs="Édition en données ouvertes de la déclaration",
    )
    for party in decl.parties:
        person = party.head_of_state
        _sub(
            references,
            "TLCPerson",
            eId=person.id,
            href=ids.entity_iri(base, "person", person.id),
            showAs=person.name,
        )
    for entity in decl.entities:
        if entity.kind in TLC:
            extra = {"name": entity.kind} if entity.kind == "instrument" else {}
            _sub(
                references,
                TLC[entity.kind],
                eId=entity.id,
                href=ids.entity_iri(base, entity.kind, entity.id),
                showAs=entity.label,
                **extra,
            )
    for role, label in ROLES.items():
        _sub(references, "TLCRole", eId=role, href=ids.entity_iri(base, "role", role), showAs=label)


def _proprietary(meta: Element, decl: Declaration, ns: str) -> None:
    """What AKN has no element for, under the project's namespace."""
    from lxml import etree

    base = decl.base_iri
    proprietary = _sub(meta, "proprietary", source=f"#{PROJECT}")
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
        etree.SubElement(record, f"{{{ns}}}party", attrs | wikidata_attributes(party.wikidata))
        etree.SubElement(
            record,
            f"{{{ns}}}person",
            {"ref": f"#{person.id}", "title": person.title} | wikidata_attributes(person.wikidata),
        )
    for entity in decl.entities:
        if entity.kind in TLC:
            attrs = {"ref": f"#{entity.id}", "kind": entity.kind} | wikidata_attributes(
                entity.wikidata
            )
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
            "bom": xml_bool(decl.source.bom),
            "newline": decl.source.newline,
            "finalNewline": xml_bool(decl.source.final_newline),
        },
    )
    for span in decl.excluded:
        etree.SubElement(source, f"{{{ns}}}excluded").text = span.text


def _text(statement: Element, decl: Declaration, ns: str) -> None:
    """The preface, the preamble and the body, mentions and dates marked up."""
    day = decl.date.isoformat()
    lang = {"{http://www.w3.org/XML/1998/namespace}lang": bcp47(decl.language)}
    preface = _sub(statement, "preface", **lang)
    _sub(_sub(_sub(preface, "longTitle"), "p"), "docTitle", decl.title)
    _sub(_sub(preface, "p", eId="preface__p_1"), "docDate", long_date(decl.date), date=day)

    preamble = _sub(statement, "preamble", **lang)
    for paragraph in decl.preamble:
        _marked_up(_sub(preamble, "p", eId=paragraph.eid), paragraph, decl, ns)
    body = _sub(statement, "mainBody", **lang)
    for paragraph in decl.points:
        element = _sub(body, "paragraph", eId=paragraph.eid)
        _sub(element, "num", paragraph.label)
        content = _sub(element, "content")
        _marked_up(_sub(content, "p", eId=ids.content_eid(paragraph.eid)), paragraph, decl, ns)


def _marked_up(p: Element, paragraph: Paragraph, decl: Declaration, ns: str) -> None:
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
            element = etree.SubElement(p, akn_tag(INLINE[kind]), {attribute: f"#{span.entity}"})
            element.text = span.surface
        elif span.kind == "date":
            element = etree.SubElement(p, akn_tag("date"), {"date": span.value})
            element.text = span.surface
        else:
            element = etree.SubElement(
                p,
                akn_tag("inline"),
                {"name": DATE_INLINE[span.kind], f"{{{ns}}}value": span.value},
            )
            element.text = span.surface
            if span.kind == "interval":
                _interval(element, span)
        following = spans[index + 1].start if index + 1 < len(spans) else len(text)
        element.tail = text[span.end : following]


def _interval(element: Element, date: TemporalExpression) -> None:
    """``du <date>6</date> au <date>7 mai 2024</date>``: its first and last days as dates."""
    if date.days is None:
        return  # not written ``du X au Y``: the inline element alone
    from lxml import etree

    surface = date.surface
    (a, b, first), (c, d, last) = date.days
    element.text = surface[:a]
    for start, end, day, tail in ((a, b, first, surface[b:c]), (c, d, last, surface[d:])):
        child = etree.SubElement(element, akn_tag("date"), {"date": day})
        child.text = surface[start:end]
        child.tail = tail


# Elements whose content is text (mixed content): nothing is added inside them.
_TEXT_ELEMENTS = frozenset({"p", "num", "docTitle", "docDate", "excluded", "inline"})


def _indent(element: Element, level: int = 0) -> None:
    """Indent the element-only structure, two spaces a level; text content is left alone."""
    if etree_localname(element) in _TEXT_ELEMENTS or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, level + 1)
        child.tail = inner
    child.tail = "\n" + "  " * level
