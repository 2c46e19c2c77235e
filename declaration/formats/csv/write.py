"""Writing the tables (UTF-8 without BOM, LF, RFC 4180 quoting, fixed column order), for
one declaration or a corpus of them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from typing import Any

from declaration.formats.csv.tables import (
    DATES,
    DECLARATIONS,
    ENTITIES,
    MENTIONS,
    PARAGRAPHS,
    PARTIES,
    TABLES,
    TOPICS,
    Table,
    topics_of,
)
from declaration.model import (
    Declaration,
)
from declaration.output import dumps


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


def render(table: Table, rows: list[tuple[Any, Declaration]]) -> bytes:
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
        ((p, c), d) for d in decls for p in d.paragraphs for c in topics_of(p, d)
    ],
}


def write_table(table: Table, decl: Declaration | Decls) -> bytes:
    """One table, for one declaration or a corpus of them."""
    return render(table, _ROWS[table.path](decl if isinstance(decl, tuple) else (decl,)))


def write(decl: Declaration | Decls) -> dict[str, bytes]:
    """Every table, for one declaration or a corpus of them."""
    return {table.path: write_table(table, decl) for table in TABLES}


def _entities(decls: tuple[Declaration, ...]) -> list[tuple[Any, Declaration]]:
    """Each entity once, in the order the declarations list them."""
    seen: dict[str, tuple[Any, Declaration]] = {}
    for decl in decls:
        for entity in decl.entities:
            if entity.id in seen and seen[entity.id][0] != entity:
                raise ValueError(f"entity {entity.id} differs between declarations")
            seen.setdefault(entity.id, (entity, decl))
    return list(seen.values())


def write_output(table: Table, decl: Declaration, _: Mapping[str, bytes]) -> bytes:
    return write_table(table, decl)


def write_schema(table: Table, _: Declaration, __: Mapping[str, bytes]) -> bytes:
    return dumps(table.table_schema())
