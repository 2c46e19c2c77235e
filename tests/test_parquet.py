"""The Parquet copies of the tables: typed as their Table Schemas, the same rows as the CSV
files cell for cell, read with their types by pyarrow, DuckDB and pandas (no dtype given),
byte-identical from build to build, and checked by ``declaration validate``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from declaration.formats import parquet
from declaration.model import Declaration
from declaration.tabular import PARAGRAPHS, TABLES, Table
from declaration.validate import validate
from tests.conftest import NAME, ROOT, typed_csv_rows

ARROW_TYPES = {
    "string": "string",
    "integer": "int64",
    "boolean": "bool",
    "date": "date32[day]",
    "array": "list<element: string>",
}


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_a_parquet_file_has_the_types_of_its_table_schema(table: Table[Any]) -> None:
    import pyarrow.parquet as pq

    schema = pq.read_schema(ROOT / parquet.path(table))
    published = json.loads((ROOT / table.schema_path).read_text(encoding="utf-8"))
    for field in published["fields"]:
        arrow = schema.field(field["name"])
        assert str(arrow.type) == ARROW_TYPES[field["type"]], field["name"]
        required = field.get("constraints", {}).get("required", False)
        assert arrow.nullable is not required, field["name"]
        assert arrow.metadata[b"description"].decode() == field["description"]
    assert json.loads(schema.metadata[b"primary_key"]) == published["primaryKey"]
    assert json.loads(schema.metadata[b"table_schema"]) == published


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_a_parquet_file_holds_the_csv_rows_cell_for_cell(table: Table[Any]) -> None:
    import pyarrow.parquet as pq

    assert pq.read_table(ROOT / parquet.path(table)).to_pylist() == typed_csv_rows(table)


def test_duckdb_reads_the_parquet_files_with_their_types() -> None:
    import duckdb

    con = duckdb.connect()
    path = ROOT / parquet.path(PARAGRAPHS)
    types = {row[0]: row[1] for row in con.execute(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
    assert {k: types[k] for k in ("label", "number", "position", "text")} == {
        "label": "VARCHAR",
        "number": "BIGINT",
        "position": "BIGINT",
        "text": "VARCHAR",
    }
    labels = con.execute(f"SELECT label FROM '{path}' WHERE number = 2").fetchone()
    assert labels == ("2.",)
    declarations = ROOT / "data" / "declarations.parquet"
    excluded, day = con.execute(f"SELECT source_excluded, date FROM '{declarations}'").fetchone()  # type: ignore[misc]
    assert excluded == ["À consulter également", "Voir tous les articles et dossiers"]
    assert str(day) == "2024-05-06"


def test_pandas_reads_the_parquet_files_with_their_types_and_no_dtype() -> None:
    import datetime

    import pandas as pd

    paragraphs = pd.read_parquet(ROOT / parquet.path(PARAGRAPHS))
    assert str(paragraphs["number"].dtype) == "Int64"
    assert paragraphs["number"].dropna().tolist() == list(range(1, 11))
    assert paragraphs["label"].dropna().tolist()[:2] == ["1.", "2."]  # strings, not 1.0
    declarations = pd.read_parquet(ROOT / "data" / "declarations.parquet")
    assert declarations["date"][0] == datetime.date(2024, 5, 6)
    assert bool(declarations["legally_binding"][0]) is False
    assert list(declarations["source_excluded"][0]) == [
        "À consulter également",
        "Voir tous les articles et dossiers",
    ]


def test_two_writes_are_byte_identical(decl: Declaration) -> None:
    for table in TABLES:
        assert parquet.write_table(table, decl) == parquet.write_table(table, decl)
        assert parquet.write_table(table, decl) == (ROOT / parquet.path(table)).read_bytes()


def test_the_copies_are_listed_with_size_and_hash_but_not_as_tables() -> None:
    import hashlib

    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    copies = {c["path"]: c for c in descriptor["typedCopies"] if c["format"] == "parquet"}
    assert set(copies) == {parquet.path(t) for t in TABLES}
    for path, copy in copies.items():
        data = (ROOT / path).read_bytes()
        assert copy["bytes"] == len(data)
        assert copy["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"
        assert "encoding" not in copy
    assert not any(r["path"].endswith(".parquet") for r in descriptor["resources"])


def _rewrite(path: Path, change: Any) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    rows = table.to_pylist()
    change(rows)
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path, compression="zstd")


def _problems(bundle: Path) -> set[tuple[str, str, int | None, str | None]]:
    return {(p.file, p.code, p.row, p.field) for p in validate(bundle).problems if p.cause is None}


def test_validate_names_the_parquet_file_row_and_field_of_a_changed_cell(
    released: Path, tmp_path: Path
) -> None:
    bundle = tmp_path / NAME
    shutil.copytree(released / NAME, bundle)
    _rewrite(bundle / "data" / "paragraphs.parquet", lambda rows: rows[4].update(label="5."))
    assert _problems(bundle) == {("data/paragraphs.parquet", "derived-mismatch", 6, "label")}


def test_validate_names_a_parquet_file_with_a_column_of_another_type(
    released: Path, tmp_path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    bundle = tmp_path / NAME
    shutil.copytree(released / NAME, bundle)
    target = bundle / "data" / "paragraphs.parquet"
    table = pq.read_table(target)
    index = table.schema.get_field_index("number")
    table = table.set_column(index, "number", table["number"].cast(pa.float64()))
    pq.write_table(table, target)
    assert _problems(bundle) == {("data/paragraphs.parquet", "derived-mismatch", None, "number")}


def test_validate_refuses_a_file_that_is_not_parquet(released: Path, tmp_path: Path) -> None:
    bundle = tmp_path / NAME
    shutil.copytree(released / NAME, bundle)
    (bundle / "data" / "topics.parquet").write_bytes(b"PAR1 not really")
    problems = [p for p in validate(bundle).problems if p.file == "data/topics.parquet"]
    assert problems and "not a Parquet file" in problems[0].message


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_a_file_as_built_agrees_by_content(table: Table[Any], decl: Declaration) -> None:
    assert parquet.agrees(table, decl, parquet.write_table(table, decl))


def test_other_rows_another_codec_or_another_schema_do_not_agree(
    decl: Declaration, tmp_path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    built = tmp_path / "paragraphs.parquet"
    built.write_bytes(parquet.write_table(PARAGRAPHS, decl))
    table = pq.read_table(built)
    variants = {
        "a cell": lambda path: _rewrite(path, lambda rows: rows[0].update(text="x")),
        "a row less": lambda path: _rewrite(path, lambda rows: rows.pop()),
        "snappy": lambda path: pq.write_table(table, path, compression="snappy"),
        "no statistics": lambda path: pq.write_table(
            table, path, compression="zstd", write_statistics=False
        ),
        "no metadata": lambda path: pq.write_table(
            table.replace_schema_metadata(None), path, compression="zstd"
        ),
        "a float column": lambda path: pq.write_table(
            table.set_column(4, "number", table["number"].cast(pa.float64())),
            path,
            compression="zstd",
        ),
        "not parquet": lambda path: path.write_bytes(b"PAR1 not really PAR1"),
    }
    for name, make in variants.items():
        path = tmp_path / f"{name}.parquet"
        shutil.copy(built, path)
        make(path)
        assert not parquet.agrees(PARAGRAPHS, decl, path.read_bytes()), name


def _false_maximum(data: bytes) -> bytes:
    """The bytes of a Parquet file whose footer gives a string column a maximum one letter
    off its values' (the footer's copy: the last one in the file)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(pa.BufferReader(data)).metadata
    for index in range(meta.num_columns):
        stats = meta.row_group(0).column(index).statistics
        if stats is not None and stats.has_min_max and isinstance(stats.max, str):
            said = stats.max.encode()
            at = data.rfind(said) + len(said) - 1
            return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]
    raise AssertionError("no string column with statistics")


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_false_statistics_do_not_agree(table: Table[Any], decl: Declaration) -> None:
    """A reader skips row groups by the footer's statistics: a false maximum hides rows from
    a filtered query, so the file is not the one the records derive, whatever its rows."""
    built = parquet.write_table(table, decl)
    assert not parquet.agrees(table, decl, _false_maximum(built))


def test_validate_names_the_column_of_false_statistics_after_a_rehash(
    released: Path, tmp_path: Path
) -> None:
    from tests.mutations import redescribe

    bundle = tmp_path / NAME
    shutil.copytree(released / NAME, bundle)
    target = bundle / "data" / "entities.parquet"
    target.write_bytes(_false_maximum(target.read_bytes()))
    redescribe(bundle)
    problems = [p for p in validate(bundle).problems if p.cause is None]
    assert [(p.file, p.code) for p in problems] == [("data/entities.parquet", "derived-mismatch")]
    assert "statistics" in problems[0].message
