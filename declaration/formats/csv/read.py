"""Reading the tables back to Declarations.

Each row is decoded by its columns' types and validated through its table's row model;
each item (party, paragraph, mention…) is built from the row's ``From`` columns; then the
declarations are written again and every row compared with the one read, so a key, an IRI,
a count or a topic that the declarations do not give is refused. Every error names the file,
the line and the column of the cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any, Generic

from pydantic import ValidationError

from declaration import ids, layout
from declaration.errors import InvalidDataError, Location
from declaration.formats.csv.lines import R, Read, groups, open_table
from declaration.model import (
    Declaration,
    Entity,
    Excluded,
    Mention,
    Paragraph,
    Party,
    Source,
    TemporalExpression,
)
from declaration.tabular.columns import DateRow, DeclarationRow, MentionRow, ParagraphRow
from declaration.tabular.rows import Derived, Row
from declaration.tabular.tables import (
    DATES,
    DECLARATIONS,
    ENTITIES,
    MENTIONS,
    PARAGRAPHS,
    PARTIES,
    TOPICS,
)


def read_all(files: Mapping[str, bytes]) -> tuple[Declaration, ...]:
    """Every declaration of the tables, in the order of ``declarations.csv``."""
    return tuple(read_each(files))


def read_each(files: Mapping[str, bytes]) -> Iterator[Declaration]:
    """The declarations of the tables one after the other, in the order of
    ``declarations.csv``, each built from its own rows of every table: what is held at once
    is the raw lines of the tables and the rows of one declaration. An error raises where
    it is found (the declarations given before it are then not the tables')."""
    declarations, parties, paragraphs, entities, mentions, dates, topics = reads = (
        open_table(files, DECLARATIONS),
        open_table(files, PARTIES),
        open_table(files, PARAGRAPHS),
        open_table(files, ENTITIES),
        open_table(files, MENTIONS),
        open_table(files, DATES),
        open_table(files, TOPICS),
    )
    entities.rows = _whole(entities)
    declarations.rows = _whole(declarations)
    _check_identity(declarations)
    order = {row.declaration_id: index for index, (_, row) in enumerate(declarations.rows)}
    known = {row.entity_id: entities.build(Entity, line, row) for line, row in entities.rows}
    owned: tuple[Read[Any], ...] = (parties, paragraphs, mentions, dates, topics)
    peeks: list[_Peek[Any]] = [_Peek(groups(read, order)) for read in owned]
    expected_entities: dict[tuple[Any, ...], Row] = {}
    all_rows = declarations.rows
    for line, row in all_rows:
        for read, grouped in zip(owned, peeks, strict=True):
            read.rows = grouped.take(row.declaration_id)
        declarations.rows = [(line, row)]
        _check_foreign_keys({read.table.name: read for read in reads})
        decl = _declaration(declarations, parties, paragraphs, mentions, dates, known, line, row)
        for each in (declarations, *owned):
            _check_derived(each, (decl,))
        for entity_row in ENTITIES.rows((decl,)):
            expected_entities.setdefault(
                tuple(getattr(entity_row, n) for n in ENTITIES.primary_key), entity_row
            )
        yield decl
    # (a group of another table is always taken: its declaration is known, in order)
    declarations.rows = all_rows
    _check_rows(entities, expected_entities)


def _whole(read: Read[R]) -> list[tuple[int, R]]:
    """Every row of a table read whole (its keys checked)."""
    return [row for _, group in groups(read, None) for row in group]


class _Peek(Generic[R]):
    """The groups of a table, taken in the order of the declarations."""

    def __init__(self, groups: Iterator[tuple[str, list[tuple[int, R]]]]) -> None:
        self._groups = groups
        self._next: tuple[str, list[tuple[int, R]]] | None = next(groups, None)

    def take(self, owner: str) -> list[tuple[int, R]]:
        """The rows of ``owner`` (none if the next group is a later declaration's)."""
        if self._next is None or self._next[0] != owner:
            return []
        rows = self._next[1]
        self._next = next(self._groups, None)
        return rows


def _declaration(
    declarations: Read[DeclarationRow],
    parties: Read[Any],
    paragraphs: Read[ParagraphRow],
    mentions: Read[MentionRow],
    dates: Read[DateRow],
    known: dict[str, Entity],
    line: int,
    row: DeclarationRow,
) -> Declaration:
    """One declaration, from its row and its own rows of the other tables."""
    own = sorted(
        _paragraphs(paragraphs, _spans(mentions, dates))[row.declaration_id],
        key=lambda p: p.position,
    )
    used = sorted({m.entity for p in own for m in p.mentions})
    ordered = sorted(
        ((party.position, parties.build(Party, at, party)) for at, party in parties.rows),
        key=lambda pair: pair[0],
    )
    return declarations.build(
        Declaration,
        line,
        row,
        {"base_iri": "iri", "excluded": "source_excluded"},
        base_iri=row.iri.removesuffix(row.work_uri),
        parties=tuple(party for _, party in ordered),
        paragraphs=tuple(own),
        entities=tuple(known[key] for key in used),
        excluded=_excluded(row, own),
    )


def _check_identity(declarations: Read[DeclarationRow]) -> None:
    """A declaration's key and FRBR URIs are those its own cells give."""
    for line, row in declarations.rows:
        day = row.date.isoformat()
        work = ids.work_uri(row.country, row.subtype, day, row.frbr_number)
        for name, expected in (
            ("declaration_id", ids.declaration_key(row.country, day, row.frbr_number)),
            ("work_uri", work),
            ("expression_uri", ids.expression_uri(work, row.language, day)),
        ):
            if getattr(row, name) != expected:
                raise declarations.fail(
                    "csv-identifiers",
                    f"{name} is {getattr(row, name)!r}; the row's own cells give {expected!r}",
                    line,
                    name,
                )


def _check_foreign_keys(reads: dict[str, Read[Any]]) -> None:
    """Every foreign key of the Table Schemas, on the cell where the key stops matching."""
    for read in reads.values():
        for key in read.table.foreign_keys:
            fields, target = key["fields"], key["reference"]["resource"]
            known = [
                {tuple(getattr(row, f) for f in fields[:n]) for _, row in reads[target].rows}
                for n in range(1, len(fields) + 1)
            ]
            for line, row in read.rows:
                value = tuple(getattr(row, f) for f in fields)
                for n, prefixes in enumerate(known, start=1):
                    if value[:n] not in prefixes:
                        raise read.fail(
                            "csv-foreign-key",
                            f"{'/'.join(fields)} {'/'.join(value)} is not a row of {target}.csv",
                            line,
                            fields[n - 1],
                        )


Located = tuple[Read[Any], int, Mention | TemporalExpression]


def _spans(
    mentions: Read[MentionRow], dates: Read[DateRow]
) -> dict[tuple[str, str], list[Located]]:
    """The mentions and dates of each paragraph, by (declaration, eId), with their rows."""
    spans: dict[tuple[str, str], list[Located]] = defaultdict(list)
    for line, mention in mentions.rows:
        built = mentions.build(Mention, line, mention)
        spans[(mention.declaration_id, mention.eid)].append((mentions, line, built))
    for line, date in dates.rows:
        built_date = dates.build(TemporalExpression, line, date)
        spans[(date.declaration_id, date.eid)].append((dates, line, built_date))
    return spans


def _paragraphs(
    paragraphs: Read[ParagraphRow], spans: dict[tuple[str, str], list[Located]]
) -> dict[str, list[Paragraph]]:
    """The paragraphs of each declaration, with their mentions and dates, each span
    checked against the paragraph's text on its own row."""
    out: dict[str, list[Paragraph]] = defaultdict(list)
    for line, row in paragraphs.rows:
        text = paragraphs.build(Paragraph, line, row).text
        found = sorted(spans.get((row.declaration_id, row.eid), []), key=lambda s: s[2].start)
        end = 0
        for read, span_line, span in found:
            if text[span.start : span.end] != span.surface or span.end > len(text):
                raise read.fail(
                    "csv-invalid",
                    f"{span.surface!r} is not at {span.start}-{span.end} of {row.eid}",
                    span_line,
                    "surface",
                )
            if span.start < end:
                raise read.fail(
                    "csv-invalid",
                    f"the span overlaps the one before it in {row.eid}",
                    span_line,
                    "start",
                )
            end = span.end
        out[row.declaration_id].append(
            paragraphs.build(
                Paragraph,
                line,
                row,
                mentions=tuple(s for _, _, s in found if isinstance(s, Mention)),
                dates=tuple(s for _, _, s in found if isinstance(s, TemporalExpression)),
            )
        )
    return out


def _excluded(row: DeclarationRow, paragraphs: list[Paragraph]) -> tuple[Excluded, ...]:
    """The excluded spans, placed after the last paragraph (``source_excluded`` holds their texts)."""
    try:
        source = Source.model_validate(row.item_fields()["source"])
    except ValidationError:
        return ()  # the Declaration refuses the source, on its own cell
    return tuple(
        Excluded.model_validate(fields)
        for fields in layout.place_excluded(
            source.newline_chars, paragraphs[-1].end if paragraphs else 0, row.source_excluded
        )
    )


def _check_derived(read: Read[Any], decls: tuple[Declaration, ...]) -> None:
    """Every row is the one the declarations give, and every such row is there."""
    table = read.table
    _check_rows(
        read,
        {tuple(getattr(row, name) for name in table.primary_key): row for row in table.rows(decls)},
    )


def _check_rows(read: Read[Any], expected: dict[tuple[Any, ...], Row]) -> None:
    """The rows read are ``expected`` (by primary key), each cell."""
    table = read.table
    for line, row in read.rows:
        key = tuple(getattr(row, name) for name in table.primary_key)
        want = expected.pop(key, None)
        if want is None:
            raise read.fail("csv-derived", f"no declaration gives a row with key {list(key)}", line)
        for column in table.columns:
            if getattr(row, column.name) != getattr(want, column.name):
                identifier = isinstance(column.source, Derived) and column.source.identifier
                raise read.fail(
                    "csv-identifiers" if identifier else "csv-derived",
                    f"{column.name} is {column.cell(getattr(row, column.name))!r}, "
                    f"the declaration gives {column.cell(getattr(want, column.name))!r}",
                    line,
                    column.name,
                )
    for key in expected:
        raise InvalidDataError(
            "csv-derived",
            f"no row with key {list(key)}, which the declarations give",
            Location(table.path),
        )


def read(files: Mapping[str, bytes]) -> Declaration:
    """The one declaration of the tables."""
    decls = read_all(files)
    if len(decls) != 1:
        raise InvalidDataError(
            "csv-count", f"{len(decls)} declarations, expected 1", Location(DECLARATIONS.path)
        )
    return decls[0]
