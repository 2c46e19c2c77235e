"""The seven tables, declared once: the row model of each (:mod:`.columns`), the items a
declaration gives it, and its keys. The Table Schemas, the writer and the reader all come
from these declarations."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from declaration.model import Declaration, Entity, Paragraph
from declaration.tabular.columns import (
    DateRow,
    DeclarationRow,
    Decls,
    EntityRow,
    MentionRow,
    ParagraphRow,
    PartyRow,
    TopicRow,
)
from declaration.tabular.rows import Column, Context, Row

TABLESCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"

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
