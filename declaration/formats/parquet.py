"""Parquet: each table of :mod:`declaration.tabular` as one typed file.

Column types come from the Table Schema types (``string`` → string, ``integer`` → int64,
``boolean`` → bool, ``date`` → date32, ``array`` → list of strings); a column that may be
empty is nullable, the others are not. Each field carries its description, and the file
its title, description, primary key and Table Schema in its key-value metadata, so a
reader that sees only the Parquet file still knows what it holds. zstd compression,
written by pyarrow (pinned), with nothing that varies between two builds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any

from declaration.errors import printable
from declaration.model import Declaration
from declaration.output import Example, Output
from declaration.release import Release
from declaration.tabular import TABLES, Table

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

MEDIATYPE = "application/vnd.apache.parquet"


def path(table: Table[Any]) -> str:
    return f"data/{table.name}.parquet"


def arrow_schema(table: Table[Any]) -> pa.Schema:
    """The Arrow schema of a table, from its typed row model."""
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "array": pa.list_(pa.string()),
    }
    fields = [
        pa.field(
            column.name,
            types[column.type],
            nullable=not column.required,
            metadata={"description": column.description},
        )
        for column in table.columns
    ]
    metadata = {
        "pandas": json.dumps(_pandas_metadata(table), sort_keys=True),
        "title": table.title,
        "description": table.description,
        "primary_key": json.dumps(list(table.primary_key)),
        "table_schema": json.dumps(table.table_schema(), ensure_ascii=False, sort_keys=True),
    }
    return pa.schema(fields, metadata=metadata)


# How pandas should type each column (the "pandas" key that pyarrow reads in to_pandas):
# an integer that may be empty is the nullable Int64, not a float with NaN.
_PANDAS = {
    "string": ("unicode", "object"),
    "integer": ("int64", "int64"),
    "boolean": ("bool", "bool"),
    "date": ("date", "object"),
    "array": ("list[unicode]", "object"),
}


def _pandas_metadata(table: Table[Any]) -> dict[str, Any]:
    columns = []
    for column in table.columns:
        pandas_type, numpy_type = _PANDAS[column.type]
        if column.type == "integer" and not column.required:
            numpy_type = "Int64"
        columns.append(
            {
                "name": column.name,
                "field_name": column.name,
                "pandas_type": pandas_type,
                "numpy_type": numpy_type,
                "metadata": None,
            }
        )
    return {"index_columns": [], "column_indexes": [], "columns": columns, "attributes": {}}


BATCH = 4096  # rows built, and compared, at a time
MAX_CONTENT = 128_000_000  # bytes a table may hold uncompressed (a package's file limit)


def _decls(decls: Declaration | Sequence[Declaration]) -> Sequence[Declaration]:
    return (decls,) if isinstance(decls, Declaration) else decls


def write_table(table: Table[Any], decls: Declaration | Sequence[Declaration]) -> bytes:
    """One table as Parquet, for a declaration or declarations in order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(table)
    rows = table.rows(_decls(decls))
    batches = []  # built BATCH rows at a time: the Python objects of one batch in memory
    while chunk := list(islice(rows, BATCH)):
        arrays = {c.name: [getattr(row, c.name) for row in chunk] for c in table.columns}
        batches.append(pa.RecordBatch.from_pydict(arrays, schema=schema))
    data = pa.Table.from_batches(batches, schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(
        data,
        sink,
        compression="zstd",
        use_dictionary=False,
        write_statistics=True,
        store_schema=True,
    )
    return bytes(sink.getvalue().to_pybytes())


def _read_schema(schema: pa.Schema) -> pa.Schema:
    """A schema as read back, with the list items named as written (Parquet names them
    ``element``, Arrow ``item``)."""
    import pyarrow as pa

    fields = [
        field.with_type(pa.list_(field.type.value_field.with_name("item")))
        if pa.types.is_list(field.type)
        else field
        for field in schema
    ]
    return pa.schema(fields, metadata=schema.metadata)


def agrees(table: Table[Any], decls: Declaration | Sequence[Declaration], found: bytes) -> bool:
    """Whether ``found`` holds what :func:`write_table` writes for ``decls``, by content: the
    same schema and metadata, the same rows, zstd with statistics. Read without building a
    table from Python objects (which makes pyarrow import pandas), and never raises: a file
    that does not agree is written again and compared by :mod:`declaration.validate.diff`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = [c.name for c in table.columns]
    rows = ({name: getattr(row, name) for name in names} for row in table.rows(_decls(decls)))
    try:
        file = pq.ParquetFile(pa.BufferReader(found))
        meta = file.metadata
        chunks = [
            meta.row_group(g).column(c)
            for g in range(meta.num_row_groups)
            for c in range(meta.num_columns)
        ]
        if (
            not _read_schema(file.schema_arrow).equals(arrow_schema(table), check_metadata=True)
            or any(c.compression != "ZSTD" or not c.is_stats_set for c in chunks)
            or sum(c.total_uncompressed_size for c in chunks) > MAX_CONTENT
        ):
            return False
        count = 0  # the rows compared a batch at a time: one batch in memory
        for group in range(meta.num_row_groups):
            bounds = _Bounds(file.schema_arrow.names)
            for batch in file.iter_batches(batch_size=BATCH, row_groups=[group]):
                for got in batch.to_pylist():
                    count += 1
                    if got != next(rows, None):
                        return False
                    bounds.add(got)
            if bounds.false(meta.row_group(group)) is not None:
                return False
        return count == meta.num_rows and next(rows, None) is None
    except (pa.ArrowException, OSError, ValueError, TypeError):
        return False


class _Bounds:
    """What the statistics of each column of a row group must say, from its values as read
    (a list column's from its items). Readers skip row groups by them (DuckDB, Spark,
    pyarrow's filters): a false maximum hides rows from a filtered query. Python orders
    strings by code point, as UTF-8 bytes are ordered."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.nulls = dict.fromkeys(names, 0)
        self.values = dict.fromkeys(names, 0)
        self.low: dict[str, Any] = {}
        self.high: dict[str, Any] = {}

    def add(self, row: dict[str, Any]) -> None:
        for name in self.names:
            value = row[name]
            for item in value if isinstance(value, list) else (value,):
                if item is None:
                    self.nulls[name] += 1
                    continue
                self.values[name] += 1
                if name not in self.low or item < self.low[name]:
                    self.low[name] = item
                if name not in self.high or item > self.high[name]:
                    self.high[name] = item

    def false(self, group: Any) -> str | None:
        """The first column whose statistics in ``group`` (a row group's metadata) are not
        those of its values, said; None if all are."""
        for index in range(group.num_columns):
            chunk = group.column(index)
            name = chunk.path_in_schema.split(".")[0]
            stats = chunk.statistics
            flat = chunk.path_in_schema == name  # a list's empty lists count as nulls
            said = (stats.null_count, stats.num_values)
            if flat and said != (self.nulls[name], self.values[name]):
                return f"{name}: statistics of {said[1]} values and {said[0]} nulls"
            if stats.has_min_max and (stats.min, stats.max) != (
                self.low.get(name),
                self.high.get(name),
            ):
                shown = f"{_show(str(stats.min))} to {_show(str(stats.max))}"
                return f"{name}: statistics from {shown}, not its values' bounds"
        return None


def _false_statistics(file: pq.ParquetFile) -> str | None:
    """The first column of a row group whose statistics are not those of its values, said."""
    meta = file.metadata
    for group in range(meta.num_row_groups):
        bounds = _Bounds(file.schema_arrow.names)
        for batch in file.iter_batches(batch_size=BATCH, row_groups=[group]):
            for row in batch.to_pylist():
                bounds.add(row)
        false = bounds.false(meta.row_group(group))
        if false is not None:
            return false
    return None


def differences(actual: bytes, expected: bytes) -> list[tuple[dict[str, Any], str]]:
    """The first field or row (numbered as in the CSV table it copies) where a Parquet file
    departs from the expected one; its size is checked from its footer before any page is
    decompressed."""
    return [_departure(actual, expected)]


def _show(value: str) -> str:
    return repr(printable(value, 60))


def _departure(actual: bytes, expected: bytes) -> tuple[dict[str, Any], str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    want = pq.read_table(pa.BufferReader(expected))
    try:
        found = pq.ParquetFile(pa.BufferReader(actual))
        meta = found.metadata
        size = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        if meta.num_rows != want.num_rows:
            return {}, f"{meta.num_rows} rows; expected {want.num_rows}"
        if size > 4 * want.nbytes + 1_000_000:
            return {}, f"{size} bytes uncompressed; too large for {want.num_rows} rows"
        got = found.read()
    except (pa.ArrowException, OSError, ValueError) as exc:
        return {}, f"not a Parquet file this validator reads: {printable(str(exc))}"
    for field in want.schema:
        other = got.schema.field(field.name) if field.name in got.schema.names else None
        if other is None or other.type != field.type or other.nullable != field.nullable:
            shown = (
                "missing"
                if other is None
                else f"{other.type}{'' if other.nullable else ' not null'}"
            )
            expected_type = f"{field.type}{'' if field.nullable else ' not null'}"
            return {"field": field.name}, f"{shown}; expected {expected_type}"
    if got.schema.names != want.schema.names:
        return {}, f"columns {got.schema.names}; expected {want.schema.names}"
    for index, (a, b) in enumerate(zip(got.to_pylist(), want.to_pylist(), strict=True)):
        for key, value in b.items():
            if a[key] != value:
                return {
                    "row": index + 2,
                    "field": key,
                }, f"{_show(str(a[key]))}; expected {_show(str(value))}"
    try:
        false = _false_statistics(found)
    except (pa.ArrowException, OSError, ValueError, TypeError) as exc:
        return {}, f"not a Parquet file this validator reads: {printable(str(exc))}"
    if false is not None:
        return {"field": false.split(":")[0]}, false
    return {}, "differs in its bytes (metadata, encoding or compression)"


def _write(table: Table[Any], release: Release, _: Mapping[str, bytes]) -> bytes:
    return write_table(table, release.declarations)


def _agrees(table: Table[Any], release: Release, found: bytes) -> bool:
    return agrees(table, release.declarations, found)


PANDAS = Example(
    "Parquet (typed already: no dtype to give; DuckDB reads it as `'data/paragraphs.parquet'`):",
    "Parquet (déjà typé : aucun dtype à donner ; DuckDB le lit comme `'data/paragraphs.parquet'`) :",
    "python",
    """import pandas as pd
import pyarrow.parquet as pq

paragraphs = pd.read_parquet("data/paragraphs.parquet")
print(paragraphs.dtypes[["number", "label", "text"]].to_dict())
print(paragraphs[["eid", "number", "label"]].iloc[2:6])
print(pq.read_schema("data/paragraphs.parquet").field("label").metadata)
""",
)

OUTPUTS = tuple(
    Output(
        path(table),
        f"{table.name}-parquet",
        f"{table.title}, typed as its Table Schema, in Parquet (the same rows as {table.path.rsplit('/', 1)[-1]}).",
        "parquet",
        MEDIATYPE,
        "PARQUET",
        "data",
        partial(_write, table),
        encoding=None,
        copy_of=table.name,
        agrees=partial(_agrees, table),
        differences=differences,
        examples=(PANDAS,) if table.name == "paragraphs" else (),
    )
    for table in TABLES
)
