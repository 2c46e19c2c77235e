"""The seven tables, declared once: a typed row model per table (each column with its type,
description, constraints and where its value comes from, see :mod:`.rows`), the items a
declaration gives it, and its keys. The Table Schemas, the writer and the reader all come
from these declarations."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from pydantic import Field

from declaration import ids, patterns
from declaration.model import Declaration, Entity, EntityKind, Kind, Paragraph, ValueKind
from declaration.patterns import anchored
from declaration.tabular.rows import Column, Context, Derived, From, Row

TABLESCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"

Decls = Sequence[Declaration]


def _field(description: str, pattern: str | None = None, **constraints: Any) -> Any:
    return Field(
        description=description, pattern=anchored(pattern) if pattern else None, **constraints
    )


_KEY = "Key of the declaration: ISO 3166-1 country of the publishing source, date, FRBR number."
DeclarationKey = Annotated[
    str, _field(_KEY, patterns.KEY), Derived(lambda c: c.decl.id, identifier=True)
]
Eid = Annotated[
    str,
    _field("eId of the paragraph.", patterns.EID),
    Derived(lambda c: c.paragraph.eid, identifier=True),
]
Start = Annotated[
    int,
    _field(
        "Offset of the span's first character in the paragraph's text (code points, from 0).", ge=0
    ),
    From("start"),
]
End = Annotated[
    int,
    _field("Offset just past the span's last character in the paragraph's text.", ge=1),
    From("end"),
]
Surface = Annotated[
    str, _field("The span's text, exactly as published.", min_length=1), From("surface")
]


def _iri(get: Callable[[Context], str]) -> Derived:
    return Derived(get, format="uri", identifier=True)


class DeclarationRow(Row):
    declaration_id: Annotated[
        str, _field(_KEY, patterns.KEY), Derived(lambda c: c.decl.id, unique=True, identifier=True)
    ]
    work_uri: Annotated[
        str,
        _field("Akoma Ntoso FRBR Work URI.", patterns.WORK_URI),
        Derived(lambda c: c.decl.work_uri, identifier=True),
    ]
    expression_uri: Annotated[
        str,
        _field(
            "Akoma Ntoso FRBR Expression URI of this language version.", patterns.EXPRESSION_URI
        ),
        Derived(lambda c: c.decl.expression_uri, identifier=True),
    ]
    iri: Annotated[
        str,
        _field("IRI of the declaration (the Work) in the linked data."),
        _iri(lambda c: c.decl.iri),
    ]
    title: Annotated[str, _field("Title as published, in the language of the text."), From("title")]
    date: Annotated[datetime.date, _field("Date of the declaration (ISO 8601)."), From("date")]
    place: Annotated[str, _field("Place where the declaration was made."), From("place")]
    country: Annotated[
        str,
        _field(
            "ISO 3166-1 alpha-2 code of the publishing source (the FRBR country).", patterns.COUNTRY
        ),
        From("country"),
    ]
    subtype: Annotated[
        str,
        _field("Akoma Ntoso document subtype (the statement's name).", patterns.SUBTYPE),
        From("subtype"),
    ]
    frbr_number: Annotated[
        str,
        _field(
            "FRBR number of the Work: a slug naming the declaration among those of its date.",
            patterns.SLUG,
        ),
        From("number"),
    ]
    language: Annotated[
        str,
        _field("ISO 639-2/T code of the language of the text.", patterns.LANGUAGE),
        From("language"),
    ]
    legally_binding: Annotated[
        bool, _field("Whether the text is legally binding."), From("legally_binding")
    ]
    publisher_id: Annotated[str, _field("Key of the publisher."), From("publisher.id")]
    publisher_name: Annotated[str, _field("Name of the publisher."), From("publisher.name")]
    publisher_url: Annotated[
        str, _field("Web site of the publisher."), From("publisher.url", format="uri")
    ]
    source_url: Annotated[
        str, _field("Address of the published text."), From("source.url", format="uri")
    ]
    source_sha256: Annotated[
        str,
        _field("SHA-256 (hex) of the published text as captured, in UTF-8.", patterns.SHA256),
        From("source.sha256"),
    ]
    source_bom: Annotated[
        bool, _field("Whether the captured text starts with a UTF-8 BOM."), From("source.bom")
    ]
    source_newline: Annotated[
        patterns.Newline, _field("Line endings of the captured text."), From("source.newline")
    ]
    source_final_newline: Annotated[
        bool,
        _field("Whether the captured text ends with a line ending."),
        From("source.final_newline"),
    ]
    source_excluded: Annotated[
        list[str],
        _field(
            "Lines of the captured page that are not part of the declaration (its navigation), in order, as a JSON array."
        ),
        Derived(lambda c: [e.text for e in c.decl.excluded]),
    ]
    paragraph_count: Annotated[
        int,
        _field("Number of paragraphs (preamble and points).", ge=1),
        Derived(lambda c: len(c.decl.paragraphs)),
    ]
    release_version: Annotated[
        str,
        _field(
            "Version of the dataset release that holds this record (semantic versioning).",
            patterns.SEMVER,
        ),
        From("release.version"),
    ]
    release_date: Annotated[datetime.date, _field("Date of that release."), From("release.date")]


class PartyRow(Row):
    declaration_id: DeclarationKey
    party_id: Annotated[str, _field("Key of the party.", patterns.SLUG), From("id")]
    position: Annotated[
        int,
        _field("Order of the party in the declaration's metadata.", ge=1),
        Derived(lambda c: c.decl.parties.index(c.item) + 1),
    ]
    name: Annotated[str, _field("Name of the party, in the language of the text."), From("name")]
    country: Annotated[
        str, _field("ISO 3166-1 alpha-2 code of the state.", patterns.COUNTRY), From("country")
    ]
    wikidata_id: Annotated[
        str | None, _field("Wikidata item of the state.", patterns.QID), From("wikidata")
    ]
    iri: Annotated[
        str,
        _field("IRI of the party in the linked data."),
        _iri(lambda c: ids.entity_iri(c.decl.base_iri, "party", c.item.id)),
    ]
    head_of_state_id: Annotated[
        str, _field("Key of the head of state.", patterns.SLUG), From("head_of_state.id")
    ]
    head_of_state_name: Annotated[
        str, _field("Name of the head of state."), From("head_of_state.name")
    ]
    head_of_state_title: Annotated[
        str,
        _field("Office of the head of state, in the language of the text."),
        From("head_of_state.title"),
    ]
    head_of_state_wikidata_id: Annotated[
        str | None,
        _field("Wikidata item of the head of state.", patterns.QID),
        From("head_of_state.wikidata"),
    ]
    head_of_state_iri: Annotated[
        str,
        _field("IRI of the head of state in the linked data."),
        _iri(lambda c: ids.entity_iri(c.decl.base_iri, "person", c.item.head_of_state.id)),
    ]


class ParagraphRow(Row):
    declaration_id: DeclarationKey
    eid: Annotated[
        str,
        _field(
            "Akoma Ntoso eId of the paragraph (preamble__p_N or para_N), the same in every format.",
            patterns.EID,
        ),
        From("eid"),
    ]
    position: Annotated[
        int, _field("Order of the paragraph in the declaration, from 1.", ge=1), From("position")
    ]
    kind: Annotated[Kind, _field("preamble or point."), From("kind")]
    number: Annotated[
        int | None, _field("Number of a point (empty for the preamble).", ge=1), From("number")
    ]
    label: Annotated[
        str | None,
        _field(
            "Label of a point as published, such as '1.' (empty for the preamble).", patterns.LABEL
        ),
        From("label"),
    ]
    text: Annotated[
        str,
        _field("Text of the paragraph exactly as published, without the label.", min_length=1),
        From("text"),
    ]
    start: Annotated[
        int,
        _field(
            "Offset of the text's first character in the source (Unicode code points, from 0).",
            ge=0,
        ),
        From("start"),
    ]
    end: Annotated[
        int, _field("Offset just past the text's last character in the source.", ge=1), From("end")
    ]
    iri: Annotated[
        str,
        _field("IRI of the paragraph in the linked data."),
        _iri(lambda c: c.decl.paragraph_iri(c.item)),
    ]


class EntityRow(Row):
    entity_id: Annotated[str, _field("Key of the entity.", patterns.SLUG), From("id", unique=True)]
    kind: Annotated[EntityKind, _field("What the entity is."), From("kind")]
    label: Annotated[str, _field("French label of the entity."), From("label")]
    wikidata_id: Annotated[
        str | None,
        _field("Wikidata item, where verified (empty otherwise).", patterns.QID),
        From("wikidata"),
    ]
    iri: Annotated[
        str,
        _field("IRI of the entity in the linked data."),
        _iri(lambda c: ids.entity_iri(c.decl.base_iri, c.item.kind, c.item.id)),
    ]


class MentionRow(Row):
    declaration_id: DeclarationKey
    eid: Eid
    entity_id: Annotated[str, _field("The entity mentioned.", patterns.SLUG), From("entity")]
    start: Start
    end: End
    surface: Surface


class DateRow(Row):
    declaration_id: DeclarationKey
    eid: Eid
    start: Start
    end: End
    surface: Surface
    value: Annotated[
        str,
        _field(
            "ISO 8601 value: a date, a year-month, a year, or an interval start/end.",
            patterns.ISO_VALUE,
        ),
        From("value"),
    ]
    value_kind: Annotated[ValueKind, _field("What the value is."), From("kind")]


class TopicRow(Row):
    declaration_id: DeclarationKey
    eid: Eid
    entity_id: Annotated[str, _field("The concept.", patterns.SLUG), From("id")]
    label: Annotated[str, _field("French label of the concept."), From("label")]
    mention_count: Annotated[
        int,
        _field("How many times the paragraph mentions it.", ge=1),
        Derived(lambda c: sum(m.entity == c.item.id for m in c.paragraph.mentions)),
    ]


R = TypeVar("R", bound=Row)


@dataclass(frozen=True)
class Table(Generic[R]):
    name: str
    path: str
    title: str
    description: str
    row: type[R]
    items: Callable[[Decls], Iterator[Context]]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict[str, Any], ...] = ()
    unique_keys: tuple[tuple[str, ...], ...] = ()

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.row.columns()

    @property
    def schema_path(self) -> str:
        return f"schemas/{self.name}.schema.json"

    def rows(self, decls: Decls) -> Iterator[R]:
        """The rows of one declaration or a corpus of them, in order."""
        return (self.row.of(context) for context in self.items(decls))

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


def _reference(resource: str, *fields: str) -> dict[str, Any]:
    return {"fields": list(fields), "reference": {"resource": resource, "fields": list(fields)}}


_TO_DECLARATIONS = _reference("declarations", "declaration_id")
_TO_PARAGRAPHS = _reference("paragraphs", "declaration_id", "eid")
_TO_ENTITIES = _reference("entities", "entity_id")


def _entities(decls: Decls) -> Iterator[Context]:
    """Each entity once, in the order the declarations list them."""
    seen: dict[str, Entity] = {}
    for decl in decls:
        for entity in decl.entities:
            if entity.id not in seen:
                seen[entity.id] = entity
                yield Context(decl, entity)
            elif seen[entity.id] != entity:
                raise ValueError(f"entity {entity.id} differs between declarations")


def topics_of(paragraph: Paragraph, decl: Declaration) -> list[Entity]:
    """The concepts a paragraph mentions, in the order of their first mention."""
    concepts = {e.id: e for e in decl.entities if e.kind == "concept"}
    ordered = dict.fromkeys(m.entity for m in paragraph.mentions if m.entity in concepts)
    return [concepts[key] for key in ordered]


DECLARATIONS = Table(
    "declarations",
    "data/declarations.csv",
    "Declarations",
    "One row per declaration: identity, dates, publication and source.",
    DeclarationRow,
    lambda decls: (Context(d, d) for d in decls),
    primary_key=("declaration_id",),
)

PARTIES = Table(
    "parties",
    "data/parties.csv",
    "Parties",
    "One row per state party to a declaration, with its head of state.",
    PartyRow,
    lambda decls: (Context(d, p) for d in decls for p in d.parties),
    primary_key=("declaration_id", "party_id"),
    unique_keys=(("declaration_id", "position"),),
    foreign_keys=(_TO_DECLARATIONS,),
)

PARAGRAPHS = Table(
    "paragraphs",
    "data/paragraphs.csv",
    "Paragraphs",
    "One row per paragraph of a declaration: the preamble's paragraphs, then the numbered points, with their exact published text.",
    ParagraphRow,
    lambda decls: (Context(d, p) for d in decls for p in d.paragraphs),
    primary_key=("declaration_id", "eid"),
    unique_keys=(("declaration_id", "position"),),
    foreign_keys=(_TO_DECLARATIONS,),
)

ENTITIES = Table(
    "entities",
    "data/entities.csv",
    "Entities",
    "Everything the declarations name: parties, people, organisations, cited instruments, events and listed concepts.",
    EntityRow,
    _entities,
    primary_key=("entity_id",),
)

MENTIONS = Table(
    "mentions",
    "data/mentions.csv",
    "Mentions",
    "Every occurrence of an entity in a paragraph, with its offsets in the paragraph's text.",
    MentionRow,
    lambda decls: (Context(d, m, p) for d in decls for p in d.paragraphs for m in p.mentions),
    primary_key=("declaration_id", "eid", "start"),
    foreign_keys=(_TO_PARAGRAPHS, _TO_ENTITIES),
)

DATES = Table(
    "dates",
    "data/dates.csv",
    "Dates",
    "Every date, month, year or interval a paragraph mentions, normalised to ISO 8601.",
    DateRow,
    lambda decls: (Context(d, t, p) for d in decls for p in d.paragraphs for t in p.dates),
    primary_key=("declaration_id", "eid", "start"),
    foreign_keys=(_TO_PARAGRAPHS,),
)

TOPICS = Table(
    "topics",
    "data/topics.csv",
    "Topics",
    "The concepts each paragraph mentions, derived from mentions.csv (not tagged by hand).",
    TopicRow,
    lambda decls: (Context(d, c, p) for d in decls for p in d.paragraphs for c in topics_of(p, d)),
    primary_key=("declaration_id", "eid", "entity_id"),
    foreign_keys=(_TO_PARAGRAPHS, _TO_ENTITIES),
)

TABLES = (DECLARATIONS, PARTIES, PARAGRAPHS, ENTITIES, MENTIONS, DATES, TOPICS)
