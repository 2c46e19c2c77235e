"""The seven tables, declared once: each column with its type, description, constraints
and how its value is taken from the model. The Table Schemas, the writer and the reader all
come from these declarations."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from declaration import ids, patterns
from declaration.model import (
    Declaration,
    Paragraph,
)

TABLESCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    get: Callable[[Any, Declaration], Any]
    required: bool = True
    constraints: Mapping[str, Any] = field(default_factory=dict)
    format: str | None = None

    def descriptor(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.format:
            out["format"] = self.format
        out["description"] = self.description
        constraints = {"required": True} if self.required else {}
        constraints.update(self.constraints)
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict[str, Any], ...] = ()
    unique_keys: tuple[tuple[str, ...], ...] = ()

    @property
    def schema_path(self) -> str:
        return f"schemas/{self.name}.schema.json"

    def table_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "$schema": TABLESCHEMA_PROFILE,
            "title": self.title,
            "description": self.description,
            "fields": [column.descriptor() for column in self.columns],
            "missingValues": [""],
            "primaryKey": list(self.primary_key),
        }
        if self.unique_keys:
            schema["uniqueKeys"] = [list(key) for key in self.unique_keys]
        if self.foreign_keys:
            schema["foreignKeys"] = list(self.foreign_keys)
        return schema


def _key(_: Any, decl: Declaration) -> str:
    return decl.id


_DECLARATION_KEY = Column(
    "declaration_id",
    "string",
    "Key of the declaration: ISO 3166-1 country of the publishing source, date, FRBR number.",
    _key,
    constraints={"pattern": patterns.KEY},
)


_TO_DECLARATIONS = {
    "fields": ["declaration_id"],
    "reference": {"resource": "declarations", "fields": ["declaration_id"]},
}


DECLARATIONS = Table(
    name="declarations",
    path="data/declarations.csv",
    title="Declarations",
    description="One row per declaration: identity, dates, publication and source.",
    columns=(
        Column(
            "declaration_id",
            "string",
            _DECLARATION_KEY.description,
            _key,
            constraints={"pattern": patterns.KEY, "unique": True},
        ),
        Column(
            "work_uri",
            "string",
            "Akoma Ntoso FRBR Work URI.",
            lambda _, d: d.work_uri,
            constraints={"pattern": patterns.WORK_URI},
        ),
        Column(
            "expression_uri",
            "string",
            "Akoma Ntoso FRBR Expression URI of this language version.",
            lambda _, d: d.expression_uri,
            constraints={"pattern": patterns.EXPRESSION_URI},
        ),
        Column(
            "iri",
            "string",
            "IRI of the declaration (the Work) in the linked data.",
            lambda _, d: d.iri,
            format="uri",
        ),
        Column(
            "title",
            "string",
            "Title as published, in the language of the text.",
            lambda _, d: d.title,
        ),
        Column("date", "date", "Date of the declaration (ISO 8601).", lambda _, d: d.date),
        Column("place", "string", "Place where the declaration was made.", lambda _, d: d.place),
        Column(
            "country",
            "string",
            "ISO 3166-1 alpha-2 code of the publishing source (the FRBR country).",
            lambda _, d: d.country,
            constraints={"pattern": patterns.COUNTRY},
        ),
        Column(
            "subtype",
            "string",
            "Akoma Ntoso document subtype (the statement's name).",
            lambda _, d: d.subtype,
            constraints={"pattern": patterns.SUBTYPE},
        ),
        Column(
            "frbr_number",
            "string",
            "FRBR number of the Work: a slug naming the declaration among those of its date.",
            lambda _, d: d.number,
            constraints={"pattern": patterns.SLUG},
        ),
        Column(
            "language",
            "string",
            "ISO 639-2/T code of the language of the text.",
            lambda _, d: d.language,
            constraints={"pattern": patterns.LANGUAGE},
        ),
        Column(
            "legally_binding",
            "boolean",
            "Whether the text is legally binding.",
            lambda _, d: d.legally_binding,
        ),
        Column("publisher_id", "string", "Key of the publisher.", lambda _, d: d.publisher.id),
        Column("publisher_name", "string", "Name of the publisher.", lambda _, d: d.publisher.name),
        Column(
            "publisher_url",
            "string",
            "Web site of the publisher.",
            lambda _, d: d.publisher.url,
            format="uri",
        ),
        Column(
            "source_url",
            "string",
            "Address of the published text.",
            lambda _, d: d.source.url,
            format="uri",
        ),
        Column(
            "source_sha256",
            "string",
            "SHA-256 (hex) of the published text as captured, in UTF-8.",
            lambda _, d: d.source.sha256,
            constraints={"pattern": patterns.SHA256},
        ),
        Column(
            "source_bom",
            "boolean",
            "Whether the captured text starts with a UTF-8 BOM.",
            lambda _, d: d.source.bom,
        ),
        Column(
            "source_newline",
            "string",
            "Line endings of the captured text.",
            lambda _, d: d.source.newline,
            constraints={"enum": ["LF", "CRLF"]},
        ),
        Column(
            "source_final_newline",
            "boolean",
            "Whether the captured text ends with a line ending.",
            lambda _, d: d.source.final_newline,
        ),
        Column(
            "source_excluded",
            "array",
            "Lines of the captured page that are not part of the declaration (its navigation), in order, as a JSON array.",
            lambda _, d: [e.text for e in d.excluded],
        ),
        Column(
            "paragraph_count",
            "integer",
            "Number of paragraphs (preamble and points).",
            lambda _, d: len(d.paragraphs),
            constraints={"minimum": 1},
        ),
        Column(
            "release_version",
            "string",
            "Version of the dataset release that holds this record (semantic versioning).",
            lambda _, d: d.release.version,
            constraints={"pattern": patterns.SEMVER},
        ),
        Column("release_date", "date", "Date of that release.", lambda _, d: d.release.date),
    ),
    primary_key=("declaration_id",),
)


PARTIES = Table(
    name="parties",
    path="data/parties.csv",
    title="Parties",
    description="One row per state party to a declaration, with its head of state.",
    columns=(
        _DECLARATION_KEY,
        Column(
            "party_id",
            "string",
            "Key of the party.",
            lambda p, _: p.id,
            constraints={"pattern": patterns.SLUG},
        ),
        Column(
            "position",
            "integer",
            "Order of the party in the declaration's metadata.",
            lambda p, d: d.parties.index(p) + 1,
            constraints={"minimum": 1},
        ),
        Column(
            "name", "string", "Name of the party, in the language of the text.", lambda p, _: p.name
        ),
        Column(
            "country",
            "string",
            "ISO 3166-1 alpha-2 code of the state.",
            lambda p, _: p.country,
            constraints={"pattern": patterns.COUNTRY},
        ),
        Column(
            "wikidata_id",
            "string",
            "Wikidata item of the state.",
            lambda p, _: p.wikidata,
            required=False,
            constraints={"pattern": patterns.QID},
        ),
        Column(
            "iri",
            "string",
            "IRI of the party in the linked data.",
            lambda p, d: ids.entity_iri(d.base_iri, "party", p.id),
            format="uri",
        ),
        Column(
            "head_of_state_id",
            "string",
            "Key of the head of state.",
            lambda p, _: p.head_of_state.id,
            constraints={"pattern": patterns.SLUG},
        ),
        Column(
            "head_of_state_name",
            "string",
            "Name of the head of state.",
            lambda p, _: p.head_of_state.name,
        ),
        Column(
            "head_of_state_title",
            "string",
            "Office of the head of state, in the language of the text.",
            lambda p, _: p.head_of_state.title,
        ),
        Column(
            "head_of_state_wikidata_id",
            "string",
            "Wikidata item of the head of state.",
            lambda p, _: p.head_of_state.wikidata,
            required=False,
            constraints={"pattern": patterns.QID},
        ),
        Column(
            "head_of_state_iri",
            "string",
            "IRI of the head of state in the linked data.",
            lambda p, d: ids.entity_iri(d.base_iri, "person", p.head_of_state.id),
            format="uri",
        ),
    ),
    primary_key=("declaration_id", "party_id"),
    unique_keys=(("declaration_id", "position"),),
    foreign_keys=(_TO_DECLARATIONS,),
)


PARAGRAPHS = Table(
    name="paragraphs",
    path="data/paragraphs.csv",
    title="Paragraphs",
    description="One row per paragraph of a declaration: the preamble's paragraphs, then the numbered points, with their exact published text.",
    columns=(
        _DECLARATION_KEY,
        Column(
            "eid",
            "string",
            "Akoma Ntoso eId of the paragraph (preamble__p_N or para_N), the same in every format.",
            lambda p, _: p.eid,
            constraints={"pattern": patterns.EID},
        ),
        Column(
            "position",
            "integer",
            "Order of the paragraph in the declaration, from 1.",
            lambda p, _: p.position,
            constraints={"minimum": 1},
        ),
        Column(
            "kind",
            "string",
            "preamble or point.",
            lambda p, _: p.kind,
            constraints={"enum": ["preamble", "point"]},
        ),
        Column(
            "number",
            "integer",
            "Number of a point (empty for the preamble).",
            lambda p, _: p.number,
            required=False,
            constraints={"minimum": 1},
        ),
        Column(
            "label",
            "string",
            "Label of a point as published, such as '1.' (empty for the preamble).",
            lambda p, _: p.label,
            required=False,
            constraints={"pattern": patterns.LABEL},
        ),
        Column(
            "text",
            "string",
            "Text of the paragraph exactly as published, without the label.",
            lambda p, _: p.text,
            constraints={"minLength": 1},
        ),
        Column(
            "start",
            "integer",
            "Offset of the text's first character in the source (Unicode code points, from 0).",
            lambda p, _: p.start,
            constraints={"minimum": 0},
        ),
        Column(
            "end",
            "integer",
            "Offset just past the text's last character in the source.",
            lambda p, _: p.end,
            constraints={"minimum": 1},
        ),
        Column(
            "iri",
            "string",
            "IRI of the paragraph in the linked data.",
            lambda p, d: d.paragraph_iri(p),
            format="uri",
        ),
    ),
    primary_key=("declaration_id", "eid"),
    unique_keys=(("declaration_id", "position"),),
    foreign_keys=(_TO_DECLARATIONS,),
)


_TO_PARAGRAPHS = {
    "fields": ["declaration_id", "eid"],
    "reference": {"resource": "paragraphs", "fields": ["declaration_id", "eid"]},
}


_TO_ENTITIES = {
    "fields": ["entity_id"],
    "reference": {"resource": "entities", "fields": ["entity_id"]},
}


_EID = Column(
    "eid",
    "string",
    "eId of the paragraph.",
    lambda item, _: item[0].eid,
    constraints={"pattern": patterns.EID},
)


_SPAN = (
    Column(
        "start",
        "integer",
        "Offset of the span's first character in the paragraph's text (code points, from 0).",
        lambda item, _: item[1].start,
        constraints={"minimum": 0},
    ),
    Column(
        "end",
        "integer",
        "Offset just past the span's last character in the paragraph's text.",
        lambda item, _: item[1].end,
        constraints={"minimum": 1},
    ),
    Column(
        "surface",
        "string",
        "The span's text, exactly as published.",
        lambda item, _: item[1].surface,
        constraints={"minLength": 1},
    ),
)


ENTITY_KINDS = ["party", "person", "organization", "instrument", "event", "concept"]


ENTITIES = Table(
    name="entities",
    path="data/entities.csv",
    title="Entities",
    description="Everything the declarations name: parties, people, organisations, cited instruments, events and listed concepts.",
    columns=(
        Column(
            "entity_id",
            "string",
            "Key of the entity.",
            lambda e, _: e.id,
            constraints={"pattern": patterns.SLUG, "unique": True},
        ),
        Column(
            "kind",
            "string",
            "What the entity is.",
            lambda e, _: e.kind,
            constraints={"enum": ENTITY_KINDS},
        ),
        Column("label", "string", "French label of the entity.", lambda e, _: e.label),
        Column(
            "wikidata_id",
            "string",
            "Wikidata item, where verified (empty otherwise).",
            lambda e, _: e.wikidata,
            required=False,
            constraints={"pattern": patterns.QID},
        ),
        Column(
            "iri",
            "string",
            "IRI of the entity in the linked data.",
            lambda e, d: ids.entity_iri(d.base_iri, e.kind, e.id),
            format="uri",
        ),
    ),
    primary_key=("entity_id",),
)


MENTIONS = Table(
    name="mentions",
    path="data/mentions.csv",
    title="Mentions",
    description="Every occurrence of an entity in a paragraph, with its offsets in the paragraph's text.",
    columns=(
        _DECLARATION_KEY,
        _EID,
        Column(
            "entity_id",
            "string",
            "The entity mentioned.",
            lambda item, _: item[1].entity,
            constraints={"pattern": patterns.SLUG},
        ),
        *_SPAN,
    ),
    primary_key=("declaration_id", "eid", "start"),
    foreign_keys=(_TO_PARAGRAPHS, _TO_ENTITIES),
)


DATES = Table(
    name="dates",
    path="data/dates.csv",
    title="Dates",
    description="Every date, month, year or interval a paragraph mentions, normalised to ISO 8601.",
    columns=(
        _DECLARATION_KEY,
        _EID,
        *_SPAN,
        Column(
            "value",
            "string",
            "ISO 8601 value: a date, a year-month, a year, or an interval start/end.",
            lambda item, _: item[1].value,
            constraints={"pattern": patterns.ISO_VALUE},
        ),
        Column(
            "value_kind",
            "string",
            "What the value is.",
            lambda item, _: item[1].kind,
            constraints={"enum": ["date", "yearmonth", "year", "interval"]},
        ),
    ),
    primary_key=("declaration_id", "eid", "start"),
    foreign_keys=(_TO_PARAGRAPHS,),
)


TOPICS = Table(
    name="topics",
    path="data/topics.csv",
    title="Topics",
    description="The concepts each paragraph mentions, derived from mentions.csv (not tagged by hand).",
    columns=(
        _DECLARATION_KEY,
        _EID,
        Column(
            "entity_id",
            "string",
            "The concept.",
            lambda item, _: item[1].id,
            constraints={"pattern": patterns.SLUG},
        ),
        Column("label", "string", "French label of the concept.", lambda item, _: item[1].label),
        Column(
            "mention_count",
            "integer",
            "How many times the paragraph mentions it.",
            lambda item, _: sum(m.entity == item[1].id for m in item[0].mentions),
            constraints={"minimum": 1},
        ),
    ),
    primary_key=("declaration_id", "eid", "entity_id"),
    foreign_keys=(_TO_PARAGRAPHS, _TO_ENTITIES),
)


TABLES = (DECLARATIONS, PARTIES, PARAGRAPHS, ENTITIES, MENTIONS, DATES, TOPICS)


def topics_of(paragraph: Paragraph, decl: Declaration) -> list[Any]:
    concepts = {e.id: e for e in decl.entities if e.kind == "concept"}
    ordered = dict.fromkeys(m.entity for m in paragraph.mentions if m.entity in concepts)
    return [concepts[key] for key in ordered]
