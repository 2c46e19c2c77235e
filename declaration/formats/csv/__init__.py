"""CSV tables: declarations, parties, paragraphs, entities, mentions, dates and topics, keyed
by declaration id.

UTF-8 without BOM, LF line endings, RFC 4180 quoting, fixed column order. Each table is
one typed row model of :mod:`declaration.tabular`; the writer (``write``), the reader
(``read``) and the Table Schema all come from it, so they cannot drift apart.
"""

from __future__ import annotations

from functools import partial

from declaration.formats.csv.read import read, read_all, read_each
from declaration.formats.csv.write import write, write_output, write_schema, write_table
from declaration.output import Output
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


OUTPUTS = (
    *(
        Output(
            t.path,
            t.name,
            t.description,
            "csv",
            "text/csv",
            partial(write_output, t),
            table_schema=t.schema_path,
            dialect=DIALECT,
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
            partial(write_schema, t),
        )
        for t in TABLES
    ),
)
