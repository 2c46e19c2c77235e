"""Writing the JSON-LD record from a Declaration: the nodes of :mod:`.shape`, filled."""

from __future__ import annotations

import json
from typing import Any, Literal

from declaration import ids
from declaration.codes import alpha3, bcp47
from declaration.formats.jsonld.shape import (
    IANA,
    NAL,
    ChecksumNode,
    CountryNode,
    DatasetNode,
    DateNode,
    EntityNode,
    ExcludedNode,
    ExpressionNode,
    FormatNode,
    LangString,
    MentionNode,
    OrganizationNode,
    ParagraphNode,
    PersonNode,
    TypedValue,
    Work,
    context,
)
from declaration.model import Declaration, Paragraph, Party

XSD_TYPES: dict[str, Literal["xsd:date", "xsd:gYearMonth", "xsd:gYear"] | None] = {
    "date": "xsd:date",
    "yearmonth": "xsd:gYearMonth",
    "year": "xsd:gYear",
    "interval": None,  # no XSD datatype for an ISO 8601 interval: a plain literal
}
NODE_TYPES: dict[str, Literal["Organization", "CreativeWork", "Event", "Concept"]] = {
    "organization": "Organization",
    "instrument": "CreativeWork",
    "event": "Event",
    "concept": "Concept",
}


def _alpha3(country: str) -> str:
    return alpha3(country)


def jurisdiction_iri(country: str) -> str:
    return f"{NAL}country/{_alpha3(country)}"


def _text(decl: Declaration, value: str) -> LangString:
    return LangString(value=value, language=bcp47(decl.language))


def _party(decl: Declaration, p: Party) -> CountryNode:
    base, person = decl.base_iri, p.head_of_state
    return CountryNode(
        id=ids.entity_iri(base, "party", p.id),
        type="Country",
        identifier=p.id,
        name=_text(decl, p.name),
        jurisdiction=jurisdiction_iri(p.country),
        sameAs=ids.wikidata_iri(p.wikidata) if p.wikidata else None,
        headOfState=PersonNode(
            id=ids.entity_iri(base, "person", person.id),
            type="Person",
            identifier=person.id,
            name=person.name,
            jobTitle=_text(decl, person.title),
            sameAs=ids.wikidata_iri(person.wikidata) if person.wikidata else None,
        ),
    )


def _entity_iris(decl: Declaration) -> dict[str, str]:
    return {e.id: ids.entity_iri(decl.base_iri, e.kind, e.id) for e in decl.entities}


def _instruments(decl: Declaration) -> set[str]:
    return {e.id for e in decl.entities if e.kind == "instrument"}


def _paragraph(
    decl: Declaration, p: Paragraph, entity_iri: dict[str, str], instruments: set[str]
) -> ParagraphNode:
    para = decl.paragraph_iri(p)
    mentioned = list(dict.fromkeys(m.entity for m in p.mentions))
    return ParagraphNode(
        id=para,
        type="LegalResourceSubdivision",
        eId=p.eid,
        kind=p.kind,
        number=str(p.number) if p.number is not None else None,
        position=p.position,
        text=_text(decl, p.text),
        beginIndex=p.start,
        endIndex=p.end,
        isPartOf=decl.iri,
        mentions=[entity_iri[e] for e in mentioned],
        cites=[entity_iri[e] for e in mentioned if e in instruments],
        annotations=[
            MentionNode(
                id=ids.span_iri(para, "mentions", m.start, m.end),
                type="Mention",
                beginIndex=m.start,
                endIndex=m.end,
                anchorOf=m.surface,
                entity=entity_iri[m.entity],
            )
            for m in p.mentions
        ],
        temporalExpressions=[
            DateNode(
                id=ids.span_iri(para, "dates", t.start, t.end),
                type="TemporalExpression",
                beginIndex=t.start,
                endIndex=t.end,
                anchorOf=t.surface,
                value=TypedValue(value=t.value, type=XSD_TYPES[t.kind]),
                valueKind=t.kind,
            )
            for t in p.dates
        ],
    )


def _expression(decl: Declaration) -> ExpressionNode:
    """The French expression, its publisher and the captured source that embodies it."""
    base = decl.base_iri
    source_iri = ids.source_iri(ids.iri(base, decl.expression_uri))
    return ExpressionNode(
        id=ids.iri(base, decl.expression_uri),
        type="LegalExpression",
        realizes=decl.iri,
        frbrUri=decl.expression_uri,
        title=_text(decl, decl.title),
        language=f"{NAL}language/{decl.language.upper()}",
        datePublication=decl.date,
        publisher=OrganizationNode(
            id=ids.entity_iri(base, "organization", decl.publisher.id),
            type="Organization",
            identifier=decl.publisher.id,
            name=_text(decl, decl.publisher.name),
            url=decl.publisher.url,
        ),
        isEmbodiedBy=FormatNode(
            id=source_iri,
            type="Format",
            isExemplifiedBy=decl.source.url,
            mediaType=f"{IANA}text/plain",
            checksum=ChecksumNode(
                id=ids.checksum_iri(source_iri),
                type="Checksum",
                algorithm="spdx:checksumAlgorithm_sha256",
                checksumValue=decl.source.sha256,
            ),
            bom=decl.source.bom,
            newline=decl.source.newline,
            finalNewline=decl.source.final_newline,
            excluded=[
                ExcludedNode(
                    id=ids.excluded_iri(source_iri, n),
                    type="ExcludedSpan",
                    position=n,
                    text=_text(decl, e.text),
                    beginIndex=e.start,
                    endIndex=e.end,
                )
                for n, e in enumerate(decl.excluded, start=1)
            ],
        ),
    )


def document(decl: Declaration) -> Work:
    """The JSON-LD document of a declaration, as its typed shape."""
    base = decl.base_iri
    entity_iri = _entity_iris(decl)
    instruments = _instruments(decl)
    return Work(
        context=context(base),
        id=decl.iri,
        type=("LegalResource", "Legislation"),
        identifier=decl.id,
        frbrUri=decl.work_uri,
        documentType=f"{ids.vocabulary_iri(base)}{decl.subtype}",
        dateDocument=decl.date,
        place=decl.place,
        jurisdiction=jurisdiction_iri(decl.country),
        legallyBinding=decl.legally_binding,
        passedBy=[_party(decl, p) for p in decl.parties],
        isRealizedBy=_expression(decl),
        hasPart=[_paragraph(decl, p, entity_iri, instruments) for p in decl.paragraphs],
        cites=[
            entity_iri[e]
            for e in dict.fromkeys(m.entity for p in decl.paragraphs for m in p.mentions)
            if e in instruments
        ],
        mentions=[
            EntityNode(
                id=entity_iri[e.id],
                type=NODE_TYPES[e.kind],
                identifier=e.id,
                name=_text(decl, e.label),
                sameAs=ids.wikidata_iri(e.wikidata) if e.wikidata else None,
            )
            for e in decl.entities
            if e.kind in NODE_TYPES
        ],
        inDataset=DatasetNode(
            id=ids.dataset_iri(base),
            type="Dataset",
            version=decl.release.version,
            issued=decl.release.date,
        ),
    )


def dumps(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write(decl: Declaration) -> bytes:
    return dumps(document(decl).model_dump(mode="json", by_alias=True, exclude_none=True))


def write_context(decl: Declaration) -> bytes:
    return dumps({"@context": context(decl.base_iri)})
