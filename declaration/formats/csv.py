"""CSV tables: declarations, parties and paragraphs, keyed by declaration id.

UTF-8 without BOM, LF line endings, RFC 4180 quoting, fixed column order. Each table's
columns are declared once, below; the writer, the reader and the Table Schema all come
from that declaration, so they cannot drift apart.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pydantic import ValidationError

from declaration import ids, patterns
from declaration.errors import InvalidDataError, Location, reason
from declaration.model import (
    Declaration,
    Entity,
    Mention,
    Paragraph,
    Party,
    Source,
    TemporalExpression,
    place_excluded,
)
from declaration.output import Output, dumps

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


def _topics(paragraph: Paragraph, decl: Declaration) -> list[Any]:
    concepts = {e.id: e for e in decl.entities if e.kind == "concept"}
    ordered = dict.fromkeys(m.entity for m in paragraph.mentions if m.entity in concepts)
    return [concepts[key] for key in ordered]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _render(table: Table, rows: list[tuple[Any, Declaration]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.name for c in table.columns])
    for item, decl in rows:
        writer.writerow([_cell(c.get(item, decl)) for c in table.columns])
    return out.getvalue().encode("utf-8")


Decls = tuple[Declaration, ...]
# the rows of each table, for one declaration or a corpus of them
_ROWS: dict[str, Callable[[Decls], list[tuple[Any, Declaration]]]] = {
    DECLARATIONS.path: lambda decls: [(d, d) for d in decls],
    PARTIES.path: lambda decls: [(p, d) for d in decls for p in d.parties],
    PARAGRAPHS.path: lambda decls: [(p, d) for d in decls for p in d.paragraphs],
    ENTITIES.path: lambda decls: _entities(decls),
    MENTIONS.path: lambda decls: [
        ((p, m), d) for d in decls for p in d.paragraphs for m in p.mentions
    ],
    DATES.path: lambda decls: [((p, t), d) for d in decls for p in d.paragraphs for t in p.dates],
    TOPICS.path: lambda decls: [
        ((p, c), d) for d in decls for p in d.paragraphs for c in _topics(p, d)
    ],
}


def write_table(table: Table, decl: Declaration | Decls) -> bytes:
    """One table, for one declaration or a corpus of them."""
    return _render(table, _ROWS[table.path](decl if isinstance(decl, tuple) else (decl,)))


def write(decl: Declaration | Decls) -> dict[str, bytes]:
    """Every table, for one declaration or a corpus of them."""
    return {table.path: write_table(table, decl) for table in TABLES}


def _write_output(table: Table, decl: Declaration, _: Mapping[str, bytes]) -> bytes:
    return write_table(table, decl)


def _write_schema(table: Table, _: Declaration, __: Mapping[str, bytes]) -> bytes:
    return dumps(table.table_schema())


OUTPUTS = (
    *(
        Output(
            t.path,
            t.name,
            t.description,
            "csv",
            "text/csv",
            partial(_write_output, t),
            table_schema=t.schema_path,
        )
        for t in TABLES
    ),
    *(
        Output(
            t.schema_path,
            f"{t.name}-schema",
            f"Table Schema of {t.path.rsplit('/', 1)[-1]}.",
            "json",
            "application/json",
            partial(_write_schema, t),
        )
        for t in TABLES
    ),
)


def _entities(decls: tuple[Declaration, ...]) -> list[tuple[Any, Declaration]]:
    """Each entity once, in the order the declarations list them."""
    seen: dict[str, tuple[Any, Declaration]] = {}
    for decl in decls:
        for entity in decl.entities:
            if entity.id in seen and seen[entity.id][0] != entity:
                raise ValueError(f"entity {entity.id} differs between declarations")
            seen.setdefault(entity.id, (entity, decl))
    return list(seen.values())


def _rows(files: Mapping[str, bytes], table: Table) -> list[tuple[int, dict[str, str]]]:
    try:
        text = files[table.path].decode("utf-8")
    except KeyError:
        raise InvalidDataError("missing-file", "table not found", Location(table.path)) from None
    except UnicodeDecodeError:
        raise InvalidDataError("not-utf8", "expected UTF-8", Location(table.path)) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header, *rows = list(reader)
    except (csv.Error, ValueError) as exc:
        raise InvalidDataError(
            "csv-syntax", str(exc), Location(table.path, reader.line_num)
        ) from None
    expected = [c.name for c in table.columns]
    if header != expected:
        raise InvalidDataError(
            "csv-header", f"columns {header}, expected {expected}", Location(table.path)
        )
    out = []
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise InvalidDataError(
                "csv-row", f"{len(row)} cells, expected {len(header)}", Location(table.path, number)
            )
        out.append((number, dict(zip(header, row, strict=True))))
    return out


def _value(cell: str) -> str | None:
    return cell if cell != "" else None


def read_all(files: Mapping[str, bytes]) -> tuple[Declaration, ...]:
    """Every declaration of the tables, in the order of ``declarations.csv``."""
    parties: dict[str, list[Party]] = {}
    for number, row in _rows(files, PARTIES):
        try:
            party = Party(
                id=row["party_id"],
                name=row["name"],
                country=row["country"],
                wikidata=_value(row["wikidata_id"]),
                head_of_state={
                    "id": row["head_of_state_id"],
                    "name": row["head_of_state_name"],
                    "title": row["head_of_state_title"],
                    "wikidata": _value(row["head_of_state_wikidata_id"]),
                },
            )
        except ValidationError as exc:
            raise _invalid(exc, PARTIES.path, number) from None
        parties.setdefault(row["declaration_id"], []).append(party)
    entities: dict[str, Entity] = {}
    for number, row in _rows(files, ENTITIES):
        try:
            entities[row["entity_id"]] = Entity(
                id=row["entity_id"],
                kind=row["kind"],
                label=row["label"],
                wikidata=_value(row["wikidata_id"]),
            )
        except ValidationError as exc:
            raise _invalid(exc, ENTITIES.path, number) from None
    spans: dict[tuple[str, str], dict[str, list[Any]]] = {}
    for number, row in _rows(files, MENTIONS):
        try:
            mention = Mention(
                entity=row["entity_id"],
                start=int(row["start"]),
                end=int(row["end"]),
                surface=row["surface"],
            )
        except (ValidationError, ValueError) as exc:
            raise _invalid(exc, MENTIONS.path, number) from None
        spans.setdefault((row["declaration_id"], row["eid"]), {"mentions": [], "dates": []})[
            "mentions"
        ].append(mention)
    for number, row in _rows(files, DATES):
        try:
            date = TemporalExpression(
                start=int(row["start"]),
                end=int(row["end"]),
                surface=row["surface"],
                value=row["value"],
                kind=row["value_kind"],
            )
        except (ValidationError, ValueError) as exc:
            raise _invalid(exc, DATES.path, number) from None
        spans.setdefault((row["declaration_id"], row["eid"]), {"mentions": [], "dates": []})[
            "dates"
        ].append(date)
    paragraphs: dict[str, list[Paragraph]] = {}
    for number, row in _rows(files, PARAGRAPHS):
        found = spans.pop((row["declaration_id"], row["eid"]), {"mentions": [], "dates": []})
        try:
            paragraph = Paragraph(
                eid=row["eid"],
                kind=row["kind"],
                position=int(row["position"]),
                number=int(row["number"]) if row["number"] else None,
                label=_value(row["label"]),
                text=row["text"],
                start=int(row["start"]),
                end=int(row["end"]),
                mentions=tuple(sorted(found["mentions"], key=lambda m: m.start)),
                dates=tuple(sorted(found["dates"], key=lambda t: t.start)),
            )
        except (ValidationError, ValueError) as exc:
            raise _invalid(exc, PARAGRAPHS.path, number) from None
        paragraphs.setdefault(row["declaration_id"], []).append(paragraph)
    decls = []
    for number, row in _rows(files, DECLARATIONS):
        key = row["declaration_id"]
        rows_of_paragraphs = sorted(paragraphs.pop(key, ()), key=lambda p: p.position)
        try:
            source = Source(
                url=row["source_url"],
                sha256=row["source_sha256"],
                bom=row["source_bom"] == "true",
                newline=row["source_newline"],
                final_newline=row["source_final_newline"] == "true",
            )
            last = rows_of_paragraphs[-1].end if rows_of_paragraphs else 0
            decl = Declaration(
                base_iri=row["iri"].removesuffix(row["work_uri"]),
                release={"version": row["release_version"], "date": row["release_date"]},
                country=row["country"],
                subtype=row["subtype"],
                number=row["frbr_number"],
                title=row["title"],
                date=row["date"],
                place=row["place"],
                language=row["language"],
                legally_binding=row["legally_binding"] == "true",
                parties=tuple(parties.pop(key, ())),
                publisher={
                    "id": row["publisher_id"],
                    "name": row["publisher_name"],
                    "url": row["publisher_url"],
                },
                source=source,
                paragraphs=tuple(rows_of_paragraphs),
                entities=_mentioned(entities, rows_of_paragraphs),
                excluded=place_excluded(source, last, json.loads(row["source_excluded"])),
            )
        except (ValidationError, ValueError) as exc:
            raise _invalid(exc, DECLARATIONS.path, number) from None
        if (decl.id, decl.work_uri, decl.iri) != (key, row["work_uri"], row["iri"]):
            raise InvalidDataError(
                "csv-identifiers",
                f"identifiers of {key} disagree with its fields",
                Location(DECLARATIONS.path, number),
            )
        decls.append(decl)
    if spans:
        raise InvalidDataError(
            "csv-foreign-key",
            f"mentions or dates of unknown paragraphs {sorted(spans)}",
            Location(MENTIONS.path),
        )
    if files[TOPICS.path] != _render(
        TOPICS, [((p, c), d) for d in decls for p in d.paragraphs for c in _topics(p, d)]
    ):
        raise InvalidDataError(
            "csv-derived", "topics.csv is not derived from mentions.csv", Location(TOPICS.path)
        )
    for orphans, table in ((parties, PARTIES), (paragraphs, PARAGRAPHS)):
        if orphans:
            raise InvalidDataError(
                "csv-foreign-key",
                f"rows for unknown declarations {sorted(orphans)}",
                Location(table.path),
            )
    return tuple(decls)


def _invalid(exc: Exception, path: str, row: int) -> InvalidDataError:
    return InvalidDataError("csv-invalid", reason(exc), Location(path, row))


def _mentioned(entities: dict[str, Entity], paragraphs: list[Paragraph]) -> tuple[Entity, ...]:
    used = {m.entity for p in paragraphs for m in p.mentions}
    unknown = used - set(entities)
    if unknown:
        raise ValueError(f"mentions of entities not in entities.csv: {sorted(unknown)}")
    return tuple(e for key, e in entities.items() if key in used)


def read(files: Mapping[str, bytes]) -> Declaration:
    """The one declaration of the tables."""
    decls = read_all(files)
    if len(decls) != 1:
        raise InvalidDataError(
            "csv-count", f"{len(decls)} declarations, expected 1", Location(DECLARATIONS.path)
        )
    return decls[0]
