"""The JSON-LD record's shape: its paths, its context, and the pydantic models of the
document (``Work`` and the nodes it embeds), from which the JSON Schema is generated."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from declaration import ids, patterns
from declaration.model import Declaration
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


def _iri(term: str) -> dict[str, str]:
    return {"@id": term, "@type": "@id"}


def _typed(term: str, datatype: str) -> dict[str, str]:
    return {"@id": term, "@type": datatype}


# the classes, then the properties, of the context (its terms, in their order)
_CLASSES = {
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
}
_PROPERTIES = {
    "mentions": _iri("schema:mentions"),
    "cites": _iri("eli:cites"),
    "annotations": _iri("fcai:annotation"),
    "temporalExpressions": _iri("fcai:temporalExpression"),
    "anchorOf": "nif:anchorOf",
    "entity": _iri("itsrdf:taIdentRef"),
    "value": "fcai:value",
    "valueKind": "fcai:valueKind",
    "preamble": "fcai:preamble",
    "point": "fcai:point",
    "identifier": "dct:identifier",
    "frbrUri": "eli:id_local",
    "documentType": _iri("eli:type_document"),
    "dateDocument": _typed("eli:date_document", "xsd:date"),
    "datePublication": _typed("eli:date_publication", "xsd:date"),
    "place": "schema:locationCreated",
    "jurisdiction": _iri("eli:jurisdiction"),
    "legallyBinding": _typed("fcai:legallyBinding", "xsd:boolean"),
    "passedBy": _iri("eli:passed_by"),
    "isRealizedBy": _iri("eli:is_realized_by"),
    "realizes": _iri("eli:realizes"),
    "hasPart": _iri("eli:has_part"),
    "isPartOf": _iri("eli:is_part_of"),
    "title": "eli:title",
    "language": _iri("eli:language"),
    "publisher": _iri("eli:publisher_agent"),
    "isEmbodiedBy": _iri("eli:is_embodied_by"),
    "isExemplifiedBy": _iri("eli:is_exemplified_by"),
    "mediaType": _iri("eli:media_type"),
    "checksum": _iri("spdx:checksum"),
    "algorithm": _iri("spdx:algorithm"),
    "checksumValue": _typed("spdx:checksumValue", "xsd:hexBinary"),
    "bom": _typed("fcai:bom", "xsd:boolean"),
    "newline": "fcai:newline",
    "finalNewline": _typed("fcai:finalNewline", "xsd:boolean"),
    "excluded": _iri("fcai:excludedSpan"),
    "eId": "fcai:eId",
    "kind": {"@id": "eli:type_subdivision", "@type": "@vocab"},
    "number": "eli:number",
    "position": _typed("schema:position", "xsd:integer"),
    "text": "schema:text",
    "beginIndex": _typed("nif:beginIndex", "xsd:nonNegativeInteger"),
    "endIndex": _typed("nif:endIndex", "xsd:nonNegativeInteger"),
    "name": "schema:name",
    "jobTitle": "schema:jobTitle",
    "url": _iri("schema:url"),
    "sameAs": _iri("schema:sameAs"),
    "headOfState": _iri("wdt:P35"),
    "inDataset": _iri("void:inDataset"),
    "version": "dcat:version",
    "issued": _typed("dct:issued", "xsd:date"),
}


def context(base_iri: str) -> dict[str, Any]:
    """The JSON-LD context: every term protected, datatypes given, no ``@vocab``."""
    return {
        "@version": 1.1,
        "@protected": True,
        **PREFIXES,
        "fcai": ids.vocabulary_iri(base_iri),
        **_CLASSES,
        **_PROPERTIES,
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
    newline: patterns.Newline
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
    valueKind: patterns.ValueKind


class ParagraphNode(Node):
    type: Literal["LegalResourceSubdivision"] = Field(alias="@type")
    eId: str = Field(pattern=anchored(patterns.EID))
    kind: patterns.ParagraphKind
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
