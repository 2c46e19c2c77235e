"""The JSON Lines copies: one object per row, every column in its order, typed as the Table
Schema says; the same rows as the CSV tables, read by the loaders pipelines use."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from declaration.formats import jsonl
from declaration.tabular import TABLES, Table
from tests.conftest import ROOT, typed_csv_rows

JSON_TYPES = {"string": str, "integer": int, "boolean": bool, "date": str, "array": list}


def _as_json(value: Any) -> Any:
    """A decoded CSV cell as JSON gives it back: a date as its ISO string, an array a list."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return list(value) if isinstance(value, tuple) else value


def _rows(table: Table[Any]) -> list[dict[str, Any]]:
    text = (ROOT / jsonl.path(table)).read_text(encoding="utf-8")
    assert text.endswith("\n") and "\r" not in text
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_each_row_is_the_csv_row_typed_as_its_table_schema(table: Table[Any]) -> None:
    rows = _rows(table)
    assert rows, table.name
    for row in rows:
        assert list(row) == [c.name for c in table.columns]
        for column in table.columns:
            value = row[column.name]
            if value is None:
                assert not column.required, (table.name, column.name)
            else:
                kind = JSON_TYPES[column.type]
                assert isinstance(value, kind) and not (kind is int and isinstance(value, bool))
                if column.type == "date":
                    datetime.date.fromisoformat(value)
    expected = [{k: _as_json(v) for k, v in row.items()} for row in typed_csv_rows(table)]
    assert rows == expected


def test_duckdb_and_pandas_read_them_with_their_types() -> None:
    import duckdb
    import pandas as pd

    kinds = dict(
        (name, kind)
        for name, kind, *_ in duckdb.sql(
            f"DESCRIBE SELECT * FROM read_json('{ROOT / 'data/declarations.jsonl'}')"
        ).fetchall()
    )
    assert (kinds["date"], kinds["legally_binding"], kinds["paragraph_count"]) == (
        "DATE",
        "BOOLEAN",
        "BIGINT",
    )
    paragraphs = pd.read_json(ROOT / "data/paragraphs.jsonl", lines=True, dtype={"label": "string"})
    assert list(paragraphs["label"][3:5]) == ["1.", "2."]
    assert str(paragraphs["position"].dtype) == "int64"
