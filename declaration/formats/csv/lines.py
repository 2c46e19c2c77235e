"""The lines of a table decoded into its typed rows: the header checked, each record's
cells decoded by their columns' types and validated by the table's row model, the rows
grouped by declaration; every error located at the file, line and column of its cell."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from declaration.errors import InvalidDataError, Location, byte_location, reason
from declaration.tabular.rows import From, Row
from declaration.tabular.tables import Table

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R", bound=Row)


@dataclass
class Read(Generic[R]):
    """One table being read: its raw lines, and its rows (with the line each starts on) as
    they are asked for, by :func:`groups` (``rows``: those of the declaration at hand)."""

    table: Table[R]
    lines: list[str]
    rows: list[tuple[int, R]]
    stream: Iterator[tuple[int, R]] = field(default_factory=lambda: iter(()))

    def where(self, line: int, column: str | None = None) -> Location:
        """The location of a row, or of one of its cells."""
        names = [c.name for c in self.table.columns]
        index = names.index(column) if column in names else 0
        return cell_location(self.table.path, self.lines, line, index)

    def fail(
        self, code: str, message: str, line: int, column: str | None = None
    ) -> InvalidDataError:
        return InvalidDataError(code, message, self.where(line, column))

    def build(
        self,
        model: type[M],
        line: int,
        row: Row,
        cells: Mapping[str, str] | None = None,
        **more: Any,
    ) -> M:
        """The item of a row, with ``more`` attributes (``cells`` names the column each
        comes from), and the error on the cell whose value the model refuses."""
        try:
            return model.model_validate(row.item_fields() | more)
        except ValidationError as exc:
            columns = {
                c.source.path: c.name for c in self.table.columns if isinstance(c.source, From)
            }
            columns |= cells or {}
            loc = [str(part) for part in exc.errors()[0]["loc"]]
            prefixes = (".".join(loc[:end]) for end in range(len(loc), 0, -1))
            column = next((columns[p] for p in prefixes if p in columns), None)
            raise self.fail("csv-invalid", reason(exc), line, column) from None


def open_table(files: Mapping[str, bytes], table: Table[R]) -> Read[R]:
    """A table opened: its header checked; its rows read when :func:`groups` asks."""
    data = files.get(table.path)
    if data is None:
        raise InvalidDataError("missing-file", "table not found", Location(table.path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidDataError(
            "not-utf8", "expected UTF-8", byte_location(data, exc.start, table.path)
        ) from None
    del data
    lines = list(io.StringIO(text, newline=""))
    # a cell may be as long as the text of a paragraph: lift the csv module's guard (128 KiB,
    # process-wide; only ever raised) to the size of this table, already bounded by the reader
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    del text
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        raise InvalidDataError("csv-syntax", str(exc), Location(table.path)) from None
    expected = [c.name for c in table.columns]
    if header != expected:
        raise InvalidDataError(
            "csv-header", f"columns {header}, expected {expected}", Location(table.path)
        )
    read: Read[R] = Read(table, lines, [])

    def rows() -> Iterator[tuple[int, R]]:
        start = reader.line_num + 1
        while True:
            try:
                cells = next(reader, None)
            except csv.Error as exc:
                raise InvalidDataError(
                    "csv-syntax", str(exc), Location(table.path, start)
                ) from None
            if cells is None:
                return
            yield start, _row(read, start, cells)
            start = reader.line_num + 1

    read.stream = rows()
    return read


def groups(
    read: Read[R], order: Mapping[str, int] | None
) -> Iterator[tuple[str, list[tuple[int, R]]]]:
    """The rows of a table, by declaration (``order``: the declarations' keys, in the order
    of ``declarations.csv``; None: the whole table, one group). The rows of a declaration
    come together, in that order, as the build writes them; no primary key is that of an
    earlier row."""
    table = read.table
    current, last = "", -1
    group: list[tuple[int, R]] = []
    keys: dict[tuple[Any, ...], int] = {}
    for line, row in read.stream:
        owner = getattr(row, "declaration_id", "") if order is not None else ""
        if order is not None and owner != current:
            if owner not in order:
                raise read.fail(
                    "csv-foreign-key",
                    f"declaration_id {owner} is not a row of declarations.csv",
                    line,
                    "declaration_id",
                )
            if order[owner] <= last:
                raise read.fail(
                    "csv-order",
                    f"a row of {owner} after those of {current}; expected the rows of each "
                    "declaration together, in the order of declarations.csv",
                    line,
                    "declaration_id",
                )
            if group:
                yield current, group
            current, group, last, keys = owner, [], order[owner], {}
        key = tuple(getattr(row, name) for name in table.primary_key)
        if key in keys:
            raise read.fail(
                "csv-duplicate-key",
                f"primary key {list(key)} is already that of line {keys[key]}",
                line,
                table.primary_key[0],
            )
        keys[key] = line
        group.append((line, row))
    if group:
        yield current, group


def _row(read: Read[R], line: int, cells: list[str]) -> R:
    columns = read.table.columns
    if len(cells) != len(columns):
        raise read.fail("csv-row", f"{len(cells)} cells, expected {len(columns)}", line)
    values = {}
    for column, cell in zip(columns, cells, strict=True):
        try:
            values[column.name] = column.decode(cell)
        except ValueError as exc:
            raise read.fail("csv-invalid", f"{column.name}: {exc}", line, column.name) from None
    try:
        return read.table.row.model_validate(values)
    except ValidationError as exc:
        name = str(exc.errors()[0]["loc"][0])
        raise read.fail("csv-invalid", reason(exc), line, name) from None


def cell_location(path: str, lines: list[str], line: int, index: int) -> Location:
    """Where cell ``index`` of the record starting on ``line`` begins (RFC 4180 quoting)."""
    number, column, field, quoted = line, 1, 0, False
    for text in islice(lines, line - 1, None):
        for char in text:
            if field == index:
                return Location(path, number, column)
            if char == '"':
                quoted = not quoted
            elif char == "," and not quoted:
                field += 1
            column += 1
        if not quoted:
            break
        number, column = number + 1, 1
    return Location(path, line, 1)
