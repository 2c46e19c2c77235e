"""The Declaration: the one source of truth every format is written from and read back to.

Frozen pydantic v2 models. A Declaration that exists is consistent: its paragraphs are
numbered and placed as the naming convention says, and its paragraphs, labels, separators
and excluded spans rebuild the published source, whose SHA-256 it records.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import cached_property
from itertools import pairwise
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from declaration import ids, layout, patterns
from declaration.codes import (
    check_base_iri,
    check_country,
    check_http_url,
    check_language,
    check_text,
)
from declaration.patterns import anchored

Slug = Annotated[str, Field(pattern=anchored(patterns.SLUG))]
Text = Annotated[str, Field(min_length=1), AfterValidator(check_text)]
Qid = Annotated[str, Field(pattern=anchored(patterns.QID))]
Sha256 = Annotated[str, Field(pattern=anchored(patterns.SHA256))]
HttpUrl = Annotated[str, AfterValidator(check_http_url)]
BaseIri = Annotated[str, AfterValidator(check_base_iri)]
Language = Annotated[str, AfterValidator(check_language)]
Country = Annotated[str, AfterValidator(check_country)]
SemVer = Annotated[str, Field(pattern=anchored(patterns.SEMVER))]
Subtype = Annotated[str, Field(pattern=anchored(patterns.SUBTYPE))]
Kind = patterns.ParagraphKind


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class Person(Model):
    """A head of state named in the declaration."""

    id: Slug
    name: Text
    title: Text
    wikidata: Qid | None = None


class Party(Model):
    """A state party to the declaration, with its head of state."""

    id: Slug
    name: Text
    country: Country
    wikidata: Qid | None = None
    head_of_state: Person


class Publisher(Model):
    id: Slug
    name: Text
    url: HttpUrl


class Edition(Model):
    """The edition of the dataset a record belongs to: its version and date (never the clock)."""

    version: SemVer
    date: date


class Source(Model):
    """The published text as captured: where, its hash, and its byte-level conventions."""

    url: HttpUrl
    sha256: Sha256
    bom: bool = False
    newline: patterns.Newline = "LF"
    final_newline: bool = False

    @property
    def newline_chars(self) -> str:
        return "\r\n" if self.newline == "CRLF" else "\n"


EntityKind = patterns.EntityKind
ValueKind = patterns.ValueKind
_VALUE_PATTERNS = {
    "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "yearmonth": r"[0-9]{4}-[0-9]{2}",
    "year": r"[0-9]{4}",
    "interval": r"[0-9]{4}-[0-9]{2}-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2}",
}


class Entity(Model):
    """Something the declaration names: a party, a person, an organisation, an instrument
    it cites, an event, or a concept it lists."""

    id: Slug
    kind: EntityKind
    label: Text
    wikidata: Qid | None = None


class Span(Model):
    """A span of a paragraph's text: ``text[start:end] == surface``."""

    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=1)]
    surface: Text


class Mention(Span):
    entity: Slug


class TemporalExpression(Span):
    """A date, month, year or interval the text mentions, with its ISO 8601 value."""

    value: str
    kind: ValueKind

    @property
    def days(self) -> tuple[tuple[int, int, str], tuple[int, int, str]] | None:
        """For an interval written ``du X au Y``: the spans of X and Y in the surface, with
        the days they stand for (the interval's first and last); None for any other."""
        middle = self.surface.find(" au ")
        if self.kind != "interval" or not self.surface.startswith("du ") or middle < 3:
            return None
        return (3, middle, self.value[:10]), (middle + 4, len(self.surface), self.value[11:])

    @model_validator(mode="after")
    def _iso(self) -> TemporalExpression:
        if not re.fullmatch(_VALUE_PATTERNS[self.kind], self.value):
            raise ValueError(f"{self.value!r} is not an ISO 8601 {self.kind}")
        return self


class Paragraph(Model):
    """A preamble paragraph or a numbered point, with its place in the source.

    ``start`` and ``end`` are code-point offsets in the source text (decoded as UTF-8;
    a BOM counts as one code point), so ``source[start:end] == text``. A point's label
    (``"1."``) is kept apart from its text and is followed in the source by one space.
    """

    eid: str
    kind: Kind
    position: Annotated[int, Field(ge=1)]
    number: Annotated[int, Field(ge=1)] | None = None
    label: str | None = None
    text: Text
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=1)]
    mentions: tuple[Mention, ...] = ()
    dates: tuple[TemporalExpression, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Paragraph:
        spans: list[Span] = sorted([*self.mentions, *self.dates], key=lambda s: s.start)
        for layer in (self.mentions, self.dates):
            if list(layer) != sorted(layer, key=lambda s: s.start):
                raise ValueError(f"{self.eid}: mentions and dates are in the order of the text")
        for span in spans:
            if span.end > len(self.text) or self.text[span.start : span.end] != span.surface:
                raise ValueError(f"{self.eid}: {span.surface!r} is not at {span.start}-{span.end}")
        for before, after in pairwise(spans):
            if after.start < before.end:
                raise ValueError(f"{self.eid}: {before.surface!r} and {after.surface!r} overlap")
        if self.end - self.start != len(self.text):
            raise ValueError(f"{self.eid}: end - start must equal the length of the text")
        if "\n" in self.text or "\r" in self.text:
            raise ValueError(f"{self.eid}: a paragraph is one line of text")
        if self.kind == "point":
            if self.number is None or self.label != layout.label(self.number):
                raise ValueError(f"{self.eid}: a point has a number and the label 'N.'")
        elif self.number is not None or self.label is not None:
            raise ValueError(f"{self.eid}: a preamble paragraph has no number or label")
        return self


class Excluded(Model):
    """A span of the source that is not part of the declaration (the page's navigation)."""

    text: Text
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=1)]


class Declaration(Model):
    """One joint declaration, as published, with the metadata the formats need."""

    base_iri: BaseIri
    release: Edition
    country: Country
    subtype: Subtype
    number: Slug
    title: Text
    date: date
    place: Text
    language: Language
    legally_binding: bool = False
    parties: Annotated[tuple[Party, ...], Field(min_length=1)]
    publisher: Publisher
    source: Source
    paragraphs: Annotated[tuple[Paragraph, ...], Field(min_length=1)]
    excluded: tuple[Excluded, ...] = ()
    entities: tuple[Entity, ...] = ()

    # Identifiers, derived (never stored twice).
    @cached_property
    def id(self) -> str:
        return ids.declaration_key(self.country, self.date.isoformat(), self.number)

    @cached_property
    def work_uri(self) -> str:
        return ids.work_uri(self.country, self.subtype, self.date.isoformat(), self.number)

    @cached_property
    def expression_uri(self) -> str:
        return ids.expression_uri(self.work_uri, self.language, self.date.isoformat())

    @cached_property
    def manifestation_uri(self) -> str:
        return ids.manifestation_uri(self.expression_uri)

    @cached_property
    def iri(self) -> str:
        return ids.iri(self.base_iri, self.work_uri)

    def paragraph_iri(self, paragraph: Paragraph) -> str:
        return ids.paragraph_iri(self.iri, paragraph.eid)

    @property
    def preamble(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.kind == "preamble")

    @property
    def points(self) -> tuple[Paragraph, ...]:
        return tuple(p for p in self.paragraphs if p.kind == "point")

    def rebuild(self) -> str:
        """The source text, rebuilt from the paragraphs, labels, separators and excluded spans."""
        return "".join(text for _, text in _layout(self))

    @model_validator(mode="after")
    def _consistent(self) -> Declaration:
        self._check_numbering()
        self._check_entities()
        self._check_layout()
        return self

    def _check_numbering(self) -> None:
        """Paragraphs in order: preamble, then points 1, 2…, with the eIds the convention gives."""
        seen: set[str] = set()
        ordinal = {"preamble": 0, "point": 0}
        for position, paragraph in enumerate(self.paragraphs, start=1):
            if paragraph.eid in seen:
                raise ValueError(f"duplicate eId {paragraph.eid!r}")
            seen.add(paragraph.eid)
            if paragraph.position != position:
                raise ValueError(
                    f"{paragraph.eid}: position {paragraph.position}, expected {position}"
                )
            if paragraph.kind == "preamble" and ordinal["point"]:
                raise ValueError(f"{paragraph.eid}: the preamble comes before the points")
            ordinal[paragraph.kind] += 1
            if paragraph.kind == "point" and paragraph.number != ordinal["point"]:
                raise ValueError(
                    f"{paragraph.eid}: point numbered {paragraph.number}, expected {ordinal['point']}"
                )
            expected_eid = ids.paragraph_eid(paragraph.kind, ordinal[paragraph.kind])
            if paragraph.eid != expected_eid:
                raise ValueError(f"eId {paragraph.eid!r}, expected {expected_eid!r}")

    def _check_entities(self) -> None:
        """Entities: each mentioned, sorted, and a party or person only as the metadata says."""
        known = {e.id for e in self.entities}
        if len(known) != len(self.entities):
            raise ValueError("duplicate entity id")
        mentioned = {m.entity for p in self.paragraphs for m in p.mentions}
        if mentioned != known:
            raise ValueError(
                f"entities mentioned {sorted(mentioned - known)} unknown; {sorted(known - mentioned)} never mentioned"
            )
        if [e.id for e in self.entities] != sorted(known):
            raise ValueError("entities are sorted by id")
        for problem in agent_id_problems(self.parties, self.publisher):
            raise ValueError(problem[1])
        agents = {p.id: ("party", p.name, p.wikidata) for p in self.parties}
        agents |= {
            p.head_of_state.id: ("person", p.head_of_state.name, p.head_of_state.wikidata)
            for p in self.parties
        }
        for entity in self.entities:
            if entity.kind in ("party", "person") and agents.get(entity.id) != (
                entity.kind,
                entity.label,
                entity.wikidata,
            ):
                raise ValueError(
                    f"entity {entity.id} is not a party or head of state of the declaration"
                )
            if entity.kind not in ("party", "person") and (
                entity.id in agents or entity.id in (self.publisher.id, *ids.RESERVED_IDS)
            ):
                raise ValueError(f"entity {entity.id}: the id of a party, person or publisher")

    def _check_layout(self) -> None:
        """Every span where the layout puts it, and the rebuilt source the one hashed."""
        offset = 0
        for span, text in _layout(self):
            if span is not None and (span.start, span.end) != (offset, offset + len(text)):
                raise ValueError(
                    f"span at {span.start}-{span.end} should be at {offset}-{offset + len(text)}"
                )
            offset += len(text)
        digest = hashlib.sha256(self.rebuild().encode("utf-8")).hexdigest()
        if digest != self.source.sha256:
            raise ValueError(f"the rebuilt source has SHA-256 {digest}, not {self.source.sha256}")


def agent_id_problems(
    parties: tuple[Party, ...], publisher: Publisher
) -> list[tuple[tuple[str | int, ...], str]]:
    """Where the ids of the parties, their heads of state and the publisher clash with each
    other or with an id the Akoma Ntoso record reserves: (key path, message) pairs."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    seen: dict[str, str] = {}
    agents: list[tuple[tuple[str | int, ...], str]] = []
    for index, party in enumerate(parties):
        agents.append((("parties", index, "id"), party.id))
        agents.append((("parties", index, "head_of_state", "id"), party.head_of_state.id))
    agents.append((("publisher", "id"), publisher.id))
    for where, agent in agents:
        name = ".".join(str(part) for part in where)
        if agent in ids.RESERVED_IDS:
            problems.append((where, f"{name}: {agent!r} is reserved for the Akoma Ntoso record"))
        elif agent in seen:
            problems.append((where, f"{name}: {agent!r} is already the id of {seen[agent]}"))
        seen.setdefault(agent, name)
    return problems


def _layout(decl: Declaration) -> list[tuple[Paragraph | Excluded | None, str]]:
    """The source as a sequence of pieces; a piece with a span is a paragraph's or excluded text."""
    blocks: list[Paragraph | Excluded] = [*decl.paragraphs, *decl.excluded]
    source = decl.source
    return [
        (None if index is None else blocks[index], text)
        for index, text in layout.pieces(
            source.bom,
            source.newline_chars,
            source.final_newline,
            [(b.label if isinstance(b, Paragraph) else None, b.text) for b in blocks],
        )
    ]
