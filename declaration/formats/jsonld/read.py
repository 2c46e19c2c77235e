"""Reading the JSON-LD record back to a Declaration: the document is validated against the
nodes of :mod:`.shape`, each node becomes its part of the model, and the declaration is
written again to check the values derived from it (IRIs, labels)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from declaration import ids
from declaration.codes import alpha2
from declaration.errors import InvalidDataError, Location, reason
from declaration.formats.jsonld.document import NODE_TYPES, write
from declaration.formats.jsonld.shape import (
    NAL,
    PATH,
    CountryNode,
    ParagraphNode,
    Work,
    context,
)
from declaration.model import Declaration, Entity, Paragraph, Party


def read(data: bytes, path: str = PATH) -> Declaration:
    """The declaration of a JSON-LD document written by :func:`.document.write`."""
    try:
        work = Work.model_validate_json(data)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        pointer = "/" + "/".join(str(part) for part in error["loc"])
        raise InvalidDataError(
            "jsonld-shape", f"{pointer}: {error['msg']}", Location(path)
        ) from None
    base = work.id.removesuffix(work.frbrUri)
    if work.context != context(base):
        raise InvalidDataError(
            "jsonld-context", "the inline @context is not the published context", Location(path)
        )
    try:
        decl = _declaration(work, base)
    except (ValidationError, ValueError, KeyError) as exc:
        raise InvalidDataError("jsonld-invalid", reason(exc), Location(path)) from None
    if write(decl) != data and json.loads(write(decl)) != json.loads(data):
        raise InvalidDataError(
            "jsonld-derived",
            "derived values (IRIs, labels) disagree with the record",
            Location(path),
        )
    return decl


def _declaration(work: Work, base: str) -> Declaration:
    expression = work.isRealizedBy
    source = expression.isEmbodiedBy
    entities = _entities(work)
    by_iri = {iri: entity.id for iri, entity in entities.items()}
    return Declaration(
        base_iri=base,
        release={"version": work.inDataset.version, "date": work.inDataset.issued},
        country=_country(work.jurisdiction),
        subtype=work.documentType.removeprefix(ids.vocabulary_iri(base)),
        number=work.frbrUri.rsplit("/", 1)[1],
        title=expression.title.value,
        date=work.dateDocument,
        place=work.place,
        language=expression.language.removeprefix(f"{NAL}language/").lower(),
        legally_binding=work.legallyBinding,
        parties=tuple(_party(node) for node in work.passedBy),
        publisher={
            "id": expression.publisher.identifier,
            "name": expression.publisher.name.value,
            "url": expression.publisher.url,
        },
        source={
            "url": source.isExemplifiedBy,
            "sha256": source.checksum.checksumValue,
            "bom": source.bom,
            "newline": source.newline,
            "final_newline": source.finalNewline,
        },
        paragraphs=tuple(
            _paragraph(node, by_iri) for node in sorted(work.hasPart, key=lambda n: n.position)
        ),
        entities=tuple(sorted(entities.values(), key=lambda e: e.id)),
        excluded=tuple(
            {"text": node.text.value, "start": node.beginIndex, "end": node.endIndex}
            for node in sorted(source.excluded, key=lambda n: n.position)
        ),
    )


def _qid(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[1] if iri else None


def _country(jurisdiction: str) -> str:
    code = jurisdiction.removeprefix(f"{NAL}country/")
    try:
        return alpha2(code)
    except ValueError:
        raise ValueError(f"unknown jurisdiction {jurisdiction}") from None


def _entities(work: Work) -> dict[str, Entity]:
    """The entities the paragraphs mention, by IRI: the listed ones, and the parties and
    heads of state that are mentioned."""
    kinds = {node_type: kind for kind, node_type in NODE_TYPES.items()}
    entities = {
        node.id: Entity(
            id=node.identifier,
            kind=kinds[node.type],
            label=node.name.value,
            wikidata=_qid(node.sameAs),
        )
        for node in work.mentions
    }
    mentioned = {a.entity for node in work.hasPart for a in node.annotations}
    for party in work.passedBy:
        person = party.headOfState
        if party.id in mentioned:
            entities[party.id] = Entity(
                id=party.identifier,
                kind="party",
                label=party.name.value,
                wikidata=_qid(party.sameAs),
            )
        if person.id in mentioned:
            entities[person.id] = Entity(
                id=person.identifier, kind="person", label=person.name, wikidata=_qid(person.sameAs)
            )
    return entities


def _party(node: CountryNode) -> Party:
    person = node.headOfState
    return Party(
        id=node.identifier,
        name=node.name.value,
        country=_country(node.jurisdiction),
        wikidata=_qid(node.sameAs),
        head_of_state={
            "id": person.identifier,
            "name": person.name,
            "title": person.jobTitle.value,
            "wikidata": _qid(person.sameAs),
        },
    )


def _paragraph(node: ParagraphNode, by_iri: dict[str, str]) -> Paragraph:
    mentions: list[dict[str, Any]] = [
        {
            "entity": by_iri[a.entity],
            "start": a.beginIndex,
            "end": a.endIndex,
            "surface": a.anchorOf,
        }
        for a in node.annotations
    ]
    dates: list[dict[str, Any]] = [
        {
            "start": t.beginIndex,
            "end": t.endIndex,
            "surface": t.anchorOf,
            "value": t.value.value,
            "kind": t.valueKind,
        }
        for t in node.temporalExpressions
    ]
    return Paragraph.model_validate(
        {
            "eid": node.eId,
            "kind": node.kind,
            "position": node.position,
            "number": int(node.number) if node.number else None,
            "label": f"{node.number}." if node.number else None,
            "text": node.text.value,
            "start": node.beginIndex,
            "end": node.endIndex,
            "mentions": mentions,
            "dates": dates,
        }
    )
