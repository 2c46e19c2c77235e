"""The typed rows of the tables: the Table Schema, the writer and the reader come from one
model per table, and the reader names the file, line and column of every cell it refuses."""

from __future__ import annotations

import csv as stdlib_csv
import io
from typing import Any

import pytest

from declaration.errors import InvalidDataError
from declaration.formats import csv
from declaration.model import Declaration
from declaration.tabular.rows import Column, Derived, From


def _lines(data: bytes) -> list[list[str]]:
    return list(stdlib_csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _encode(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    stdlib_csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _column_of(cells: list[str], index: int) -> int:
    """The 1-based character column where cell ``index`` starts in its written line."""
    if index == 0:
        return 1
    return len(_encode([[*cells[:index], ""]]).decode("utf-8").rstrip("\n")) + 1


def _refuse(
    files: dict[str, bytes], table: csv.Table[Any], line: int, index: int, value: str
) -> InvalidDataError:
    rows = _lines(files[table.path])
    rows[line - 1][index] = value
    with pytest.raises(InvalidDataError) as caught:
        csv.read({**files, table.path: _encode(rows)})
    return caught.value


def _invalid_value(column: Column) -> str:
    """A cell its column's type or constraints refuse."""
    return {
        "integer": "1_0",
        "boolean": "yes",
        "date": "2024-02-30",
        "array": '["a", 1]',
    }.get(column.type, "Not valid!" if {"pattern", "enum"} & set(column.constraints) else "bad\x01")


CELLS = [(t, i, c) for t in csv.TABLES for i, c in enumerate(t.columns)]


@pytest.mark.parametrize(
    ("table", "index", "column"), CELLS, ids=[f"{t.name}.{c.name}" for t, _, c in CELLS]
)
def test_a_bad_cell_is_refused_at_its_line_and_column(
    decl: Declaration, table: csv.Table[Any], index: int, column: Column
) -> None:
    files = csv.write(decl)
    value = _invalid_value(column)
    error = _refuse(files, table, 2, index, value)
    cells = _lines(files[table.path])[1]
    assert (error.location.path, error.location.line) == (table.path, 2), error.render()
    assert error.location.column == _column_of(cells, index), error.render()
    assert error.code in ("csv-invalid", "csv-derived", "csv-identifiers"), error.render()
    if error.code != "csv-invalid":  # only a derived column is refused as not derived
        assert isinstance(column.source, Derived) or table is csv.TOPICS, error.render()


DERIVED = [
    (t, i, c)
    for t in csv.TABLES
    for i, c in enumerate(t.columns)
    if isinstance(c.source, Derived) and c.type in ("string", "integer") and c.name != "eid"
]


@pytest.mark.parametrize(
    ("table", "index", "column"), DERIVED, ids=[f"{t.name}.{c.name}" for t, _, c in DERIVED]
)
def test_a_derived_cell_that_the_declaration_does_not_give_is_refused(
    decl: Declaration, table: csv.Table[Any], index: int, column: Column
) -> None:
    files = csv.write(decl)
    cells = _lines(files[table.path])[1]
    value = cells[index]
    if column.type == "integer":
        value = str(int(value) + 7)
    elif value[-1].isdigit():  # still of the column's pattern
        value = value[:-1] + str((int(value[-1]) + 1) % 10)
    else:
        value += "x"
    error = _refuse(files, table, 2, index, value)
    assert error.location.column == _column_of(cells, index), error.render()
    assert isinstance(column.source, Derived)
    if table is csv.DECLARATIONS or column.name != "declaration_id":
        expected = "csv-identifiers" if column.source.identifier else "csv-derived"
        assert error.code == expected, error.render()
    else:  # the row of a declaration that is not there
        assert error.code == "csv-foreign-key", error.render()


def test_every_column_comes_from_the_model_or_is_derived_from_it() -> None:
    for table in csv.TABLES:
        for column in table.columns:
            assert isinstance(column.source, From | Derived)
            assert column.description
        assert [c.name for c in table.columns] == list(table.row.model_fields)


def test_the_table_schema_types_come_from_the_row_types() -> None:
    fields = {f["name"]: f for f in csv.PARAGRAPHS.table_schema()["fields"]}
    assert fields["number"]["type"] == "integer"
    assert fields["number"]["constraints"] == {"minimum": 1}  # int | None: not required
    assert fields["kind"]["constraints"] == {"required": True, "enum": ["preamble", "point"]}
    declarations = {f["name"]: f for f in csv.DECLARATIONS.table_schema()["fields"]}
    assert declarations["source_excluded"]["type"] == "array"
    assert declarations["legally_binding"]["type"] == "boolean"
    assert declarations["date"]["type"] == "date"
    assert declarations["declaration_id"]["constraints"]["unique"] is True


def test_a_duplicate_primary_key_is_refused_on_its_second_line(decl: Declaration) -> None:
    files = csv.write(decl)
    rows = _lines(files[csv.MENTIONS.path])
    rows.insert(3, rows[1])
    with pytest.raises(InvalidDataError) as caught:
        csv.read({**files, csv.MENTIONS.path: _encode(rows)})
    assert caught.value.code == "csv-duplicate-key"
    assert (caught.value.location.line, caught.value.location.column) == (4, 1)
    assert "line 2" in caught.value.message


def test_a_cell_after_a_quoted_line_break_is_located_on_its_own_line(decl: Declaration) -> None:
    files = csv.write(decl)
    rows = _lines(files[csv.PARTIES.path])
    rows[1][3] = "deux\nlignes"  # a name is one line of text
    error = _refuse(files, csv.PARTIES, 2, 3, "deux\nlignes")
    assert (error.code, error.location.line) == ("csv-invalid", 2)
    assert error.location.column == _column_of(rows[1], 3)
    rows[1][3] = "deux\nlignes, « entre guillemets »"
    rows[1][4] = "!!"
    with pytest.raises(InvalidDataError) as caught:
        csv.read({**files, csv.PARTIES.path: _encode(rows)})
    # the country cell begins on the record's second physical line, after the quoted name
    second = _encode(rows).decode("utf-8").split("\n")[2]
    assert caught.value.code == "csv-invalid"
    assert (caught.value.location.line, caught.value.location.column) == (
        3,
        second.index(",!!") + 2,
    )


@pytest.mark.parametrize("cell", ["+0", "0x1", " 1", "1 ", "١", "1e3", "9" * 5000])
def test_an_integer_cell_is_ascii_digits(decl: Declaration, cell: str) -> None:
    files = csv.write(decl)
    index = [c.name for c in csv.PARAGRAPHS.columns].index("position")
    error = _refuse(files, csv.PARAGRAPHS, 3, index, cell)
    assert error.code in ("csv-invalid", "csv-derived"), error.render()
    assert error.location.line == 3


def test_a_deeply_nested_array_cell_is_one_located_error(decl: Declaration) -> None:
    files = csv.write(decl)
    index = [c.name for c in csv.DECLARATIONS.columns].index("source_excluded")
    error = _refuse(files, csv.DECLARATIONS, 2, index, "[" * 60_000 + "]" * 60_000)
    assert error.code == "csv-invalid"
    assert "JSON array of strings" in error.message


def test_rows_in_another_order_read_the_same(decl: Declaration) -> None:
    files = csv.write(decl)
    shuffled = dict(files)
    for table in (csv.PARTIES, csv.PARAGRAPHS, csv.MENTIONS, csv.ENTITIES, csv.TOPICS):
        header, *rows = _lines(files[table.path])
        shuffled[table.path] = _encode([header, *reversed(rows)])
    assert csv.read(shuffled) == decl


def test_an_entity_no_declaration_mentions_is_refused(decl: Declaration) -> None:
    files = csv.write(decl)
    rows = _lines(files[csv.ENTITIES.path])
    rows.append(["jamais-mentionnee", "concept", "Jamais mentionnée", "", rows[1][4] + "-x"])
    with pytest.raises(InvalidDataError) as caught:
        csv.read({**files, csv.ENTITIES.path: _encode(rows)})
    assert (caught.value.code, caught.value.location.line) == ("csv-derived", len(rows))


def test_a_paragraph_longer_than_the_csv_modules_field_limit_reads_back(metadata: Any) -> None:
    """The csv module refuses a cell over 128 KiB by default; a paragraph may be longer."""
    from declaration.parse import parse
    from tests.conftest import with_text

    text = "Un préambule " + "très long " * 20_000 + "\n\n1. Un point."
    decl = parse(text, with_text(metadata, text))
    assert len(decl.paragraphs[0].text) > 131_072
    assert csv.read(csv.write(decl)) == decl


def test_every_table_schema_pattern_is_one_of_the_shared_patterns() -> None:
    from declaration import patterns

    shared = {v for k, v in vars(patterns).items() if k.isupper() and isinstance(v, str)}
    for table in csv.TABLES:
        for column in table.columns:
            if "pattern" in column.constraints:
                assert column.constraints["pattern"] in shared, (table.name, column.name)
    assert patterns.unanchored(patterns.anchored(patterns.EID)) == patterns.EID
    with pytest.raises(ValueError):
        patterns.unanchored(patterns.EID)
