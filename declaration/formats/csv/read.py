"""Reading the tables back to Declarations, with every row and key checked."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from declaration.errors import InvalidDataError, Location, reason
from declaration.formats.csv.tables import (
    DATES,
    DECLARATIONS,
    ENTITIES,
    MENTIONS,
    PARAGRAPHS,
    PARTIES,
    TOPICS,
    Table,
    topics_of,
)
from declaration.formats.csv.write import render
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
    if files[TOPICS.path] != render(
        TOPICS, [((p, c), d) for d in decls for p in d.paragraphs for c in topics_of(p, d)]
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
