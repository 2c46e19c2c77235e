"""Writing the tables (UTF-8 without BOM, LF, RFC 4180 quoting, fixed column order), for
one declaration or a corpus of them, from their typed rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from declaration.model import Declaration
from declaration.output import dumps
from declaration.release import Release
from declaration.tabular.columns import Decls
from declaration.tabular.rows import Row
from declaration.tabular.tables import TABLES, Table


def render(table: Table[Any], rows: Iterable[Row]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.name for c in table.columns])
    writer.writerows(row.cells() for row in rows)
    return out.getvalue().encode("utf-8")


def write_table(table: Table[Any], decls: Decls) -> bytes:
    """One table, for declarations in order."""
    return render(table, table.rows(decls))


def write(decls: Declaration | Decls) -> dict[str, bytes]:
    """Every table, for a declaration or declarations in order."""
    rows = (decls,) if isinstance(decls, Declaration) else decls
    return {table.path: write_table(table, rows) for table in TABLES}


def write_output(table: Table[Any], release: Release, _: Mapping[str, bytes]) -> bytes:
    return write_table(table, release.declarations)


def write_schema(table: Table[Any], _: Release, __: Mapping[str, bytes]) -> bytes:
    return dumps(table.table_schema())
