"""JSON-LD: compact, with its context inline, ELI first and schema.org second.

The document's shape is declared once as pydantic models (``Work`` and the nodes it
embeds): the writer fills them, the reader validates against them, and the published
JSON Schema is generated from them. Turtle and canonical N-Quads derive from the
JSON-LD. No blank nodes: every node has an IRI; order is given by ``position``.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from declaration import ids, patterns
from declaration.codes import bcp47
from declaration.errors import InvalidDataError, Location, reason
from declaration.model import Declaration, Entity, Paragraph, Party
from declaration.output import Output
from declaration.patterns import anchored
from declaration.vocab import PREFIXES

PATH = "data/declaration.jsonld"
CONTEXT_PATH = "schemas/context.jsonld"
SCHEMA_PATH = "schemas/declaration.jsonld.jsonschema.json"
TURTLE_PATH = "data/declaration.ttl"
SHAPES_PATH = "schemas/declaration.shapes.ttl"  # the SHACL shapes of the graph
NQUADS_PATH = "data/declaration.nq"

NAL = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"


def context_url(decl: Declaration) -> str:
    return ids.schema_id(decl.base_iri, decl.release.version, "context.jsonld")


def context(base_iri: str) -> dict[str, Any]:
    """The JSON-LD context: every term protected, datatypes given, no ``@vocab``."""

    def iri(term: str) -> dict[str, str]:
        return {"@id": term, "@type": "@id"}

    def typed(term: str, datatype: str) -> dict[str, str]:
        return {"@id": term, "@type": datatype}

    return {
        "@version": 1.1,
        "@protected": True,
        **PREFIXES,
        "fcai": ids.vocabulary_iri(base_iri),
        "LegalResource": "eli:LegalResource",
        "Legislation": "schema:Legislation",
        "LegalExpression": "eli:LegalExpression",
        "LegalResourceSubdivision": "eli:LegalResourceSubdivision",
        "Format": "eli:Format",
        "Country": "schema:Country",
        "Person": "schema:Person",
        "Organization": "schema:Organization",
        "Checksum": "spdx:Checksum",
        "Dataset": "dcat:Dataset",
        "ExcludedSpan": "fcai:ExcludedSpan",
        "CreativeWork": "schema:CreativeWork",
        "Event": "schema:Event",
        "Concept": "skos:Concept",
        "Mention": "fcai:Mention",
        "TemporalExpression": "fcai:TemporalExpression",
        "mentions": iri("schema:mentions"),
        "cites": iri("eli:cites"),
        "annotations": iri("fcai:annotation"),
        "temporalExpressions": iri("fcai:temporalExpression"),
        "anchorOf": "nif:anchorOf",
        "entity": iri("itsrdf:taIdentRef"),
        "value": "fcai:value",
        "valueKind": "fcai:valueKind",
        "preamble": "fcai:preamble",
        "point": "fcai:point",
        "identifier": "dct:identifier",
        "frbrUri": "eli:id_local",
        "documentType": iri("eli:type_document"),
        "dateDocument": typed("eli:date_document", "xsd:date"),
        "datePublication": typed("eli:date_publication", "xsd:date"),
        "place": "schema:locationCreated",
        "jurisdiction": iri("eli:jurisdiction"),
        "legallyBinding": typed("fcai:legallyBinding", "xsd:boolean"),
        "passedBy": iri("eli:passed_by"),
        "isRealizedBy": iri("eli:is_realized_by"),
        "realizes": iri("eli:realizes"),
        "hasPart": iri("eli:has_part"),
        "isPartOf": iri("eli:is_part_of"),
        "title": "eli:title",
        "language": iri("eli:language"),
        "publisher": iri("eli:publisher_agent"),
        "isEmbodiedBy": iri("eli:is_embodied_by"),
        "isExemplifiedBy": iri("eli:is_exemplified_by"),
        "mediaType": iri("eli:media_type"),
        "checksum": iri("spdx:checksum"),
        "algorithm": iri("spdx:algorithm"),
        "checksumValue": typed("spdx:checksumValue", "xsd:hexBinary"),
        "bom": typed("fcai:bom", "xsd:boolean"),
        "newline": "fcai:newline",
        "finalNewline": typed("fcai:finalNewline", "xsd:boolean"),
        "excluded": iri("fcai:excludedSpan"),
        "eId": "fcai:eId",
        "kind": {"@id": "eli:type_subdivision", "@type": "@vocab"},
        "number": "eli:number",
        "position": typed("schema:position", "xsd:integer"),
        "text": "schema:text",
        "beginIndex": typed("nif:beginIndex", "xsd:nonNegativeInteger"),
        "endIndex": typed("nif:endIndex", "xsd:nonNegativeInteger"),
        "name": "schema:name",
        "jobTitle": "schema:jobTitle",
        "url": iri("schema:url"),
        "sameAs": iri("schema:sameAs"),
        "headOfState": iri("wdt:P35"),
        "inDataset": iri("void:inDataset"),
        "version": "dcat:version",
        "issued": typed("dct:issued", "xsd:date"),
    }


# ---------------------------------------------------------------- the document's shape

# "uri" (RFC 3986), which ajv-formats and check-jsonschema both check: every IRI of the
# release is ASCII, since its base IRI and URLs are (the metadata refuses others).
Iri = Annotated[str, Field(pattern=r"^https?://[^\s]+$", json_schema_extra={"format": "uri"})]
Slug = Annotated[str, Field(pattern=anchored(patterns.SLUG))]
Qid = Annotated[str, Field(pattern=anchored(patterns.WIKIDATA_IRI))]
Count = Annotated[int, Field(ge=0)]


class Node(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: Iri = Field(alias="@id")


class LangString(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    value: str = Field(alias="@value", min_length=1)
    language: str = Field(alias="@language", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")


class PersonNode(Node):
    type: Literal["Person"] = Field(alias="@type")
    identifier: Slug
    name: str = Field(min_length=1)
    jobTitle: LangString
    sameAs: Qid | None = None


class CountryNode(Node):
    type: Literal["Country"] = Field(alias="@type")
    identifier: Slug
    name: LangString
    jurisdiction: Iri
    sameAs: Qid | None = None
    headOfState: PersonNode


class OrganizationNode(Node):
    type: Literal["Organization"] = Field(alias="@type")
    identifier: Slug
    name: LangString
    url: Iri


class ChecksumNode(Node):
    type: Literal["Checksum"] = Field(alias="@type")
    algorithm: Literal["spdx:checksumAlgorithm_sha256"]
    checksumValue: str = Field(pattern=anchored(patterns.SHA256))


class ExcludedNode(Node):
    type: Literal["ExcludedSpan"] = Field(alias="@type")
    position: int = Field(ge=1)
    text: LangString
    beginIndex: Count
    endIndex: Count


class FormatNode(Node):
    type: Literal["Format"] = Field(alias="@type")
    isExemplifiedBy: Iri
    mediaType: Literal["http://www.iana.org/assignments/media-types/text/plain"]
    checksum: ChecksumNode
    bom: bool
    newline: Literal["LF", "CRLF"]
    finalNewline: bool
    excluded: list[ExcludedNode]


class ExpressionNode(Node):
    type: Literal["LegalExpression"] = Field(alias="@type")
    realizes: Iri
    frbrUri: str = Field(pattern=anchored(patterns.EXPRESSION_URI))
    title: LangString
    language: Iri
    datePublication: date
    publisher: OrganizationNode
    isEmbodiedBy: FormatNode


class EntityNode(Node):
    """An entity other than the parties and their heads of state (who are nodes of their own)."""

    type: Literal["Organization", "CreativeWork", "Event", "Concept"] = Field(alias="@type")
    identifier: Slug
    name: LangString
    sameAs: Qid | None = None


class MentionNode(Node):
    type: Literal["Mention"] = Field(alias="@type")
    beginIndex: Count
    endIndex: Count
    anchorOf: str = Field(min_length=1)
    entity: Iri


class TypedValue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    value: str = Field(alias="@value", pattern=anchored(patterns.ISO_VALUE))
    type: Literal["xsd:date", "xsd:gYearMonth", "xsd:gYear"] | None = Field(
        default=None, alias="@type"
    )


class DateNode(Node):
    type: Literal["TemporalExpression"] = Field(alias="@type")
    beginIndex: Count
    endIndex: Count
    anchorOf: str = Field(min_length=1)
    value: TypedValue
    valueKind: Literal["date", "yearmonth", "year", "interval"]


class ParagraphNode(Node):
    type: Literal["LegalResourceSubdivision"] = Field(alias="@type")
    eId: str = Field(pattern=anchored(patterns.EID))
    kind: Literal["preamble", "point"]
    number: str | None = Field(default=None, pattern=anchored(patterns.NUMBER))
    position: int = Field(ge=1)
    text: LangString
    beginIndex: Count
    endIndex: Count
    isPartOf: Iri
    mentions: list[Iri] = Field(default_factory=list)
    cites: list[Iri] = Field(default_factory=list)
    annotations: list[MentionNode] = Field(default_factory=list)
    temporalExpressions: list[DateNode] = Field(default_factory=list)


class DatasetNode(Node):
    type: Literal["Dataset"] = Field(alias="@type")
    version: str = Field(pattern=anchored(patterns.SEMVER))
    issued: date


class Work(Node):
    """The document: the declaration as an ELI LegalResource and a schema.org Legislation."""

    context: dict[str, Any] = Field(alias="@context")
    type: tuple[Literal["LegalResource"], Literal["Legislation"]] = Field(alias="@type")
    identifier: str = Field(pattern=anchored(patterns.KEY))
    frbrUri: str = Field(pattern=anchored(patterns.WORK_URI))
    documentType: Iri
    dateDocument: date
    place: str = Field(min_length=1)
    jurisdiction: Iri
    legallyBinding: bool
    passedBy: list[CountryNode] = Field(min_length=1)
    isRealizedBy: ExpressionNode
    hasPart: list[ParagraphNode] = Field(min_length=1)
    cites: list[Iri] = Field(default_factory=list)
    mentions: list[EntityNode] = Field(default_factory=list)
    inDataset: DatasetNode


# ---------------------------------------------------------------- write

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
    import pycountry

    found = pycountry.countries.get(alpha_2=country)
    if found is None:
        raise ValueError(f"unknown country code {country!r}")
    return str(found.alpha_3)


def jurisdiction_iri(country: str) -> str:
    return f"{NAL}country/{_alpha3(country)}"


def document(decl: Declaration) -> Work:
    """The JSON-LD document of a declaration, as its typed shape."""
    lang = bcp47(decl.language)
    base = decl.base_iri
    fcai = ids.vocabulary_iri(base)
    source_iri = ids.source_iri(ids.iri(base, decl.expression_uri))

    def text(value: str) -> LangString:
        return LangString(value=value, language=lang)

    def party(p: Party) -> CountryNode:
        person = p.head_of_state
        return CountryNode(
            id=ids.entity_iri(base, "party", p.id),
            type="Country",
            identifier=p.id,
            name=text(p.name),
            jurisdiction=jurisdiction_iri(p.country),
            sameAs=ids.wikidata_iri(p.wikidata) if p.wikidata else None,
            headOfState=PersonNode(
                id=ids.entity_iri(base, "person", person.id),
                type="Person",
                identifier=person.id,
                name=person.name,
                jobTitle=text(person.title),
                sameAs=ids.wikidata_iri(person.wikidata) if person.wikidata else None,
            ),
        )

    entity_iri = {e.id: ids.entity_iri(base, e.kind, e.id) for e in decl.entities}
    instruments = {e.id for e in decl.entities if e.kind == "instrument"}

    def paragraph(p: Paragraph) -> ParagraphNode:
        para = decl.paragraph_iri(p)
        mentioned = list(dict.fromkeys(m.entity for m in p.mentions))
        return ParagraphNode(
            id=decl.paragraph_iri(p),
            type="LegalResourceSubdivision",
            eId=p.eid,
            kind=p.kind,
            number=str(p.number) if p.number is not None else None,
            position=p.position,
            text=text(p.text),
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

    return Work(
        context=context(base),
        id=decl.iri,
        type=("LegalResource", "Legislation"),
        identifier=decl.id,
        frbrUri=decl.work_uri,
        documentType=f"{fcai}{decl.subtype}",
        dateDocument=decl.date,
        place=decl.place,
        jurisdiction=jurisdiction_iri(decl.country),
        legallyBinding=decl.legally_binding,
        passedBy=[party(p) for p in decl.parties],
        isRealizedBy=ExpressionNode(
            id=ids.iri(base, decl.expression_uri),
            type="LegalExpression",
            realizes=decl.iri,
            frbrUri=decl.expression_uri,
            title=text(decl.title),
            language=f"{NAL}language/{decl.language.upper()}",
            datePublication=decl.date,
            publisher=OrganizationNode(
                id=ids.entity_iri(base, "organization", decl.publisher.id),
                type="Organization",
                identifier=decl.publisher.id,
                name=text(decl.publisher.name),
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
                        text=text(e.text),
                        beginIndex=e.start,
                        endIndex=e.end,
                    )
                    for n, e in enumerate(decl.excluded, start=1)
                ],
            ),
        ),
        hasPart=[paragraph(p) for p in decl.paragraphs],
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
                name=text(e.label),
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


# ---------------------------------------------------------------- read


def read(data: bytes, path: str = PATH) -> Declaration:
    """The declaration of a JSON-LD document written by :func:`write`."""
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
    fcai = ids.vocabulary_iri(base)
    expression = work.isRealizedBy

    def qid(iri: str | None) -> str | None:
        return iri.rsplit("/", 1)[1] if iri else None

    source = expression.isEmbodiedBy

    def country(jurisdiction: str) -> str:
        import pycountry

        code = jurisdiction.removeprefix(f"{NAL}country/")
        found = pycountry.countries.get(alpha_3=code)
        if found is None:
            raise ValueError(f"unknown jurisdiction {jurisdiction}")
        return str(found.alpha_2).lower()

    kinds = {node_type: kind for kind, node_type in NODE_TYPES.items()}
    entities: dict[str, Entity] = {
        node.id: Entity(
            id=node.identifier,
            kind=kinds[node.type],
            label=node.name.value,
            wikidata=qid(node.sameAs),
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
                wikidata=qid(party.sameAs),
            )
        if person.id in mentioned:
            entities[person.id] = Entity(
                id=person.identifier, kind="person", label=person.name, wikidata=qid(person.sameAs)
            )
    by_iri = {iri: entity.id for iri, entity in entities.items()}
    try:
        decl = Declaration(
            base_iri=base,
            release={"version": work.inDataset.version, "date": work.inDataset.issued},
            country=country(work.jurisdiction),
            subtype=work.documentType.removeprefix(fcai),
            number=work.frbrUri.rsplit("/", 1)[1],
            title=expression.title.value,
            date=work.dateDocument,
            place=work.place,
            language=expression.language.removeprefix(f"{NAL}language/").lower(),
            legally_binding=work.legallyBinding,
            parties=tuple(
                Party(
                    id=node.identifier,
                    name=node.name.value,
                    country=country(node.jurisdiction),
                    wikidata=qid(node.sameAs),
                    head_of_state={
                        "id": node.headOfState.identifier,
                        "name": node.headOfState.name,
                        "title": node.headOfState.jobTitle.value,
                        "wikidata": qid(node.headOfState.sameAs),
                    },
                )
                for node in work.passedBy
            ),
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
                Paragraph(
                    eid=node.eId,
                    kind=node.kind,
                    position=node.position,
                    number=int(node.number) if node.number else None,
                    label=f"{node.number}." if node.number else None,
                    text=node.text.value,
                    start=node.beginIndex,
                    end=node.endIndex,
                    mentions=tuple(
                        {
                            "entity": by_iri[a.entity],
                            "start": a.beginIndex,
                            "end": a.endIndex,
                            "surface": a.anchorOf,
                        }
                        for a in node.annotations
                    ),
                    dates=tuple(
                        {
                            "start": t.beginIndex,
                            "end": t.endIndex,
                            "surface": t.anchorOf,
                            "value": t.value.value,
                            "kind": t.valueKind,
                        }
                        for t in node.temporalExpressions
                    ),
                )
                for node in sorted(work.hasPart, key=lambda n: n.position)
            ),
            entities=tuple(sorted(entities.values(), key=lambda e: e.id)),
            excluded=tuple(
                {"text": node.text.value, "start": node.beginIndex, "end": node.endIndex}
                for node in sorted(source.excluded, key=lambda n: n.position)
            ),
        )
    except (ValidationError, ValueError, KeyError) as exc:
        raise InvalidDataError("jsonld-invalid", reason(exc), Location(path)) from None
    if write(decl) != data and json.loads(write(decl)) != json.loads(data):
        raise InvalidDataError(
            "jsonld-derived",
            "derived values (IRIs, labels) disagree with the record",
            Location(path),
        )
    return decl


# ---------------------------------------------------------------- RDF


@cache
def _loader(url: str, context_json: str) -> Any:
    from pyld.documentloader.frozen import FrozenDocumentLoader

    return FrozenDocumentLoader({url: {"@context": json.loads(context_json)}})


def loader(decl: Declaration) -> Any:
    """A document loader that serves only the bundled context and refuses any other URL."""
    return _loader(context_url(decl), json.dumps(context(decl.base_iri), sort_keys=True))


def expand(doc: Any, document_loader: Any) -> list[Any]:
    """pyld expansion that fails on any dropped property, with no network."""
    from pyld import jsonld

    dropped: list[str] = []
    expanded = jsonld.expand(
        doc,
        {"documentLoader": document_loader},
        on_property_dropped=dropped.append,
    )
    if dropped:
        raise InvalidDataError(
            "jsonld-dropped",
            f"properties dropped on expansion: {sorted(set(dropped))}",
            Location(PATH),
        )
    return list(expanded)


def nquads(decl: Declaration) -> bytes:
    """Canonical N-Quads (RDF Dataset Canonicalization, URDNA2015).

    The graph has no blank node, so its canonical form is every triple in canonical N-Triples
    syntax, unique and sorted by code point. rdflib reads the document (its context is inline:
    nothing is loaded) in time linear in its size; pyld's ``to_rdf`` is quadratic in the
    values of one property (a paragraph's thousands of mentions), and is used only if a blank
    node ever appears, where the full algorithm is needed.
    """
    import warnings

    from rdflib import BNode, Graph

    document = write(decl)
    graph = Graph(bind_namespaces="none")
    with warnings.catch_warnings():  # rdflib's JSON-LD parser wraps the graph in a deprecated class
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        graph.parse(data=document.decode("utf-8"), format="json-ld")
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        return _urdna2015(json.loads(document), loader(decl))
    lines = {line for line in graph.serialize(format="nt").splitlines() if line}
    return "".join(f"{line}\n" for line in sorted(lines)).encode("utf-8")


def _urdna2015(doc: Any, document_loader: Any) -> bytes:
    from pyld import jsonld

    out = jsonld.normalize(
        doc,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": document_loader,
        },
    )
    return str(out).encode("utf-8")


def turtle(decl: Declaration, canonical: bytes | None = None) -> bytes:
    """Turtle, from the canonical N-Quads (``canonical``, if already computed), with the
    context's prefixes."""
    from rdflib import Graph

    graph = Graph(bind_namespaces="none")
    source = canonical if canonical is not None else nquads(decl)
    graph.parse(data=source.decode("utf-8"), format="nt")  # no graph names: N-Triples
    for prefix, namespace in {**PREFIXES, "fcai": ids.vocabulary_iri(decl.base_iri)}.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph.serialize(format="turtle").encode("utf-8")


OUTPUTS = (
    Output(
        PATH,
        "declaration-jsonld",
        "The declaration as linked data (ELI and schema.org), compact JSON-LD with its context inline.",
        "jsonld",
        "application/ld+json",
        lambda decl, _: write(decl),
        links={"jsonSchema": SCHEMA_PATH, "shapes": SHAPES_PATH},
    ),
    Output(
        NQUADS_PATH,
        "declaration-nquads",
        "The same graph in canonical N-Quads (URDNA2015): compare or sign it byte for byte.",
        "nq",
        "application/n-quads",
        lambda decl, _: nquads(decl),
        links={"shapes": SHAPES_PATH},
    ),
    Output(  # from the canonical N-Quads, written before it
        TURTLE_PATH,
        "declaration-turtle",
        "The same graph as the JSON-LD, in Turtle.",
        "ttl",
        "text/turtle",
        lambda decl, files: turtle(decl, files[NQUADS_PATH]),
        links={"shapes": SHAPES_PATH},
    ),
    Output(
        CONTEXT_PATH,
        "jsonld-context",
        "The JSON-LD context of declaration.jsonld (protected terms).",
        "jsonld",
        "application/ld+json",
        lambda decl, _: write_context(decl),
    ),
)
