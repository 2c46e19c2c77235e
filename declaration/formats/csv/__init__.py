"""CSV tables: declarations, parties, paragraphs, entities, mentions, dates and topics, keyed
by declaration id.

UTF-8 without BOM, LF line endings, RFC 4180 quoting, fixed column order. Each table is
one typed row model of :mod:`declaration.tabular`; the writer (``write``), the reader
(``read``) and the Table Schema all come from it, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial

from declaration.formats.csv.read import read, read_all, read_each
from declaration.formats.csv.write import write, write_output, write_schema, write_table
from declaration.model import Declaration
from declaration.output import Example, Output
from declaration.tabular.tables import (
    DATES,
    DECLARATIONS,
    ENTITIES,
    MENTIONS,
    PARAGRAPHS,
    PARTIES,
    TABLES,
    TOPICS,
    Table,
)

__all__ = [
    "DATES",
    "DECLARATIONS",
    "ENTITIES",
    "MENTIONS",
    "OUTPUTS",
    "PARAGRAPHS",
    "PARTIES",
    "TABLES",
    "TOPICS",
    "Table",
    "read",
    "read_all",
    "read_each",
    "write",
    "write_table",
]


# The Table Dialect the writer follows, declared so that no loader has to guess it.
DIALECT = {
    "header": True,
    "delimiter": ",",
    "lineTerminator": "\n",
    "quoteChar": '"',
    "doubleQuote": True,
}


def _read(files: Mapping[str, bytes], _: str) -> Sequence[Declaration]:
    """The declarations of the tables (kept pickled, as a release keeps them: a corpus's are
    never all objects at once); none unless every table is there."""
    from declaration.release import Declarations

    if any(t.path not in files for t in TABLES):
        return []
    return Declarations(read_each(files))


PANDAS = Example(
    "pandas, every column typed from its Table Schema:",
    "pandas, chaque colonne typée d’après son Table Schema :",
    "python",
    """import json

import pandas as pd

PANDAS = {
    "string": "string",
    "integer": "Int64",
    "boolean": "boolean",
    "date": "string",
    "array": "string",
}


def load(name):
    \"\"\"A table with every column typed as its Table Schema says.\"\"\"
    with open(f"schemas/{name}.schema.json", encoding="utf-8") as file:
        fields = json.load(file)["fields"]
    table = pd.read_csv(
        f"data/{name}.csv",
        dtype={f["name"]: PANDAS[f["type"]] for f in fields},
        keep_default_na=False,
        na_values=[""],
        true_values=["true"],
        false_values=["false"],
    )
    for f in fields:
        if f["type"] == "date":
            table[f["name"]] = pd.to_datetime(table[f["name"]], format="%Y-%m-%d").dt.date
    return table


paragraphs, declarations = load("paragraphs"), load("declarations")
table = paragraphs.merge(declarations, on="declaration_id", validate="many_to_one")
print(table[["eid", "kind", "number", "label", "date"]].iloc[2:6])
print(declarations.dtypes[["date", "legally_binding", "paragraph_count"]].to_dict())
""",
)
DUCKDB = Example(
    "DuckDB:",
    "DuckDB :",
    "python",
    """import duckdb

print(
    duckdb.sql(\"\"\"
    SELECT p.eid, p.number, p.label, left(p.text, 50) AS text
    FROM read_csv('data/paragraphs.csv', types = {'label': 'VARCHAR', 'number': 'INTEGER'}) p
    JOIN 'data/declarations.csv' d USING (declaration_id)
    WHERE p.kind = 'point' ORDER BY p.position LIMIT 3
\"\"\").fetchall()
)
""",
)

OUTPUTS = (
    *(
        Output(
            t.path,
            t.name,
            t.description,
            "csv",
            "text/csv",
            "CSV",
            "data",
            partial(write_output, t),
            table_schema=t.schema_path,
            dialect=DIALECT,
            record=True,
            # the tables are read together, once: by the first
            read=_read if t is DECLARATIONS else None,
            examples=(PANDAS, DUCKDB) if t is DECLARATIONS else (),
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
            "JSON",
            "schema",
            partial(write_schema, t),
        )
        for t in TABLES
    ),
)
