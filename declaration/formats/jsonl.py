"""JSON Lines: each table of :mod:`declaration.tabular` as ``data/<table>.jsonl``, one JSON
object per row, for streaming and LLM pipelines.

Each object has every column of the table, in its order, typed as its Table Schema says:
a string, an integer, a boolean, a date as its ISO 8601 string, an array as a JSON array,
an empty cell as ``null``. UTF-8, one object per line, LF after each, no space after the
separators. Like the Parquet files, these are typed copies of the CSV tables: the
descriptor lists them under ``typedCopies``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from declaration.model import Declaration
from declaration.output import Example, Output
from declaration.release import Release
from declaration.tabular import TABLES, Table


def path(table: Table[Any]) -> str:
    return f"data/{table.name}.jsonl"


def _value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_value(item) for item in value]
    return value


def write_table(table: Table[Any], decls: Sequence[Declaration]) -> bytes:
    """One table as JSON Lines, for declarations in order."""
    names = [column.name for column in table.columns]
    lines = (
        json.dumps(
            {name: _value(getattr(row, name)) for name in names},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n"
        for row in table.rows(decls)
    )
    return "".join(lines).encode("utf-8")


def _write(table: Table[Any], release: Release, _: Mapping[str, bytes]) -> bytes:
    return write_table(table, release.declarations)


EXAMPLE = Example(
    "JSON Lines (one object per row, typed as its Table Schema):",
    "JSON Lines (un objet par ligne, typé selon son Table Schema) :",
    "python",
    """import json

with open("data/paragraphs.jsonl", encoding="utf-8") as file:
    for line in list(file)[2:5]:
        row = json.loads(line)
        print(row["eid"], row["number"], row["label"], row["text"][:40])
""",
)

OUTPUTS = tuple(
    Output(
        path(table),
        f"{table.name}-jsonl",
        f"{table.title}, one JSON object per row typed as its Table Schema (the same rows "
        f"as {table.path.rsplit('/', 1)[-1]}).",
        "jsonl",
        "application/jsonl",
        "JSON",
        "data",
        partial(_write, table),
        copy_of=table.name,
        examples=(EXAMPLE,) if table.name == "paragraphs" else (),
    )
    for table in TABLES
)
