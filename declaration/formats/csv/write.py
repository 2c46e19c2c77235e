"""Writing the tables (UTF-8 without BOM, LF, RFC 4180 quoting, fixed column order), for
one declaration or a corpus of them, from their typed rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from declaration.model import Declaration
from declaration.output import dumps, members
from declaration.tabular.rows import Row
from declaration.tabular.tables import TABLES, Decls, Table


def render(table: Table[Any], rows: Iterable[Row]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.name for c in table.columns])
    writer.writerows(row.cells() for row in rows)
    return out.getvalue().encode("utf-8")


def write_table(table: Table[Any], decl: Declaration | Decls) -> bytes:
    """One table, for one declaration or a corpus of them."""
    return render(table, table.rows(members(decl)))


def write(decl: Declaration | Decls) -> dict[str, bytes]:
    """Every table, for one declaration or a corpus of them."""
    return {table.path: write_table(table, decl) for table in TABLES}


def write_output(table: Table[Any], decl: Declaration, _: Mapping[str, bytes]) -> bytes:
    return write_table(table, decl)


def write_schema(table: Table[Any], _: Declaration, __: Mapping[str, bytes]) -> bytes:
    return dumps(table.table_schema())
