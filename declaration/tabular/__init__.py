"""The tables of the release, declared once as typed row models (:mod:`.rows` is the
machinery, :mod:`.tables` the seven tables). Every tabular format is written from them:
the CSV files and their Table Schemas, and the typed copies (Parquet, SQLite, CSVW and
Croissant metadata)."""

from __future__ import annotations

from declaration.tabular.columns import Decls
from declaration.tabular.rows import Column, Context, Derived, From, Row
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
    "PARAGRAPHS",
    "PARTIES",
    "TABLES",
    "TOPICS",
    "Column",
    "Context",
    "Decls",
    "Derived",
    "From",
    "Row",
    "Table",
]
