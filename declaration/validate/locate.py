"""The line and column of a problem's place in its file as written, so that every report
format can point at it: a table's row and field (the physical line where the record starts,
the column where the cell starts), a JSON pointer (where that value starts). Columns count
code points from 1, as SARIF's ``unicodeCodePoints`` and GitHub's annotations do.

Each locator reads the file found once and is linear in its size; a place it cannot find
(a row past the end, a pointer to nothing) is left as it was.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator

from declaration.formats.csv.lines import cell_location

Position = tuple[int, int]  # line, column

_SPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"')
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null")


def _skip(text: str, at: int) -> int:
    """Where the first character after the white space at ``at`` is."""
    found = _SPACE.match(text, at)
    return found.end() if found else at


def position(text: str, offset: int) -> Position:
    """The line and column of a code-point offset of ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def csv_cells(
    text: str, wanted: set[tuple[int, str | None]]
) -> dict[tuple[int, str | None], Position]:
    """Where each record numbered ``row`` (the header is 1) starts, or its cell of the
    column ``field`` (named in the header), for each (row, field) of ``wanted``; one pass."""
    rows = {row for row, _ in wanted}
    starts: dict[int, int] = {}
    reader = csv.reader(io.StringIO(text, newline=""))
    start, header = 1, None
    try:
        for number, cells in enumerate(reader, start=1):
            header = header or cells
            if number in rows:
                starts[number] = start
                if len(starts) == len(rows):
                    break
            start = reader.line_num + 1
    except csv.Error:
        pass
    lines = text.splitlines(keepends=True)
    found = {}
    for row, field in wanted:
        if row in starts:
            index = header.index(field) if header and field in header else 0
            where = cell_location("", lines, starts[row], index)
            found[row, field] = where.line, where.column
    return found


def json_values(text: str, pointers: set[str]) -> dict[str, Position]:
    """Where the value at each JSON pointer of ``pointers`` starts (``""``: the document);
    one pass, that stops when all are found."""
    want = {}
    for pointer in pointers:
        tokens = [] if pointer in ("", "/") else pointer[1:].split("/")
        want[tuple(t.replace("~1", "/").replace("~0", "~") for t in tokens)] = pointer
    found: dict[str, Position] = {}
    for path, offset in _values(text):
        named = want.get(tuple(path))
        if named is not None and named not in found:
            found[named] = position(text, offset)
            if len(found) == len(want):
                break
    return found


def _values(text: str) -> Iterator[tuple[list[str], int]]:
    """Each value of a JSON text, with its path (keys and indexes as strings) and where it
    starts, in document order; stops at the first thing that is not JSON."""
    stack: list[list[str]] = []  # the path of each open container
    containers: list[str] = []  # and its opening character
    path: list[str] = []
    at, expect_value = _skip(text, 0), True
    while at < len(text):
        char = text[at]
        if expect_value:
            yield list(path), at
            if char in "[{":
                containers.append(char)
                stack.append(list(path))
                at += 1
                at = _skip(text, at)
                if char == "[":
                    if text.startswith("]", at):
                        expect_value = False
                        continue
                    path.append("0")
                    continue
                key = _key(text, at)
                if key is None:
                    expect_value = False
                    continue
                name, at = key
                path.append(name)
                continue
            found = (_STRING if char == '"' else _SCALAR).match(text, at)
            if found is None:
                return
            at = _skip(text, found.end())
            expect_value = False
            continue
        if char == "," and containers:
            at = _skip(text, at + 1)
            if containers[-1] == "[":
                path[-1] = str(int(path[-1]) + 1)
            else:
                key = _key(text, at)
                if key is None:
                    return
                path[-1], at = key
            expect_value = True
            continue
        if char in "]}" and containers:
            containers.pop()
            path = stack.pop()
            at = _skip(text, at + 1)
            continue
        return


def _key(text: str, at: int) -> tuple[str, int] | None:
    """An object's key at ``at`` and where its value starts, or None (the object ends)."""
    found = _STRING.match(text, at)
    if found is None:
        return None
    try:
        name = json.loads(found.group())
    except ValueError:
        return None
    colon = _skip(text, found.end())
    if not text.startswith(":", colon):
        return None
    return name, _skip(text, colon + 1)


def places(
    mediatype: str, data: bytes, wanted: set[tuple[int | None, str | None, str | None]]
) -> dict[tuple[int | None, str | None, str | None], Position]:
    """Where each (row, field, pointer) of ``wanted`` is in a file of ``mediatype``: a
    table's row and field, or a JSON document's pointer."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return {}
    if mediatype == "text/csv":
        cells = csv_cells(text, {(r, f) for r, f, _ in wanted if r is not None})
        return {(r, f, p): cells[r, f] for r, f, p in wanted if r is not None and (r, f) in cells}
    if mediatype.endswith("json"):
        values = json_values(text, {p for _, _, p in wanted if p is not None})
        return {(r, f, p): values[p] for r, f, p in wanted if p in values}
    return {}
