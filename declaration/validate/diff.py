"""Where a file departs from what it should be: the first row and field of a table, the JSON
pointers of a JSON document, the line, column and element of an XML or text file."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from declaration.errors import printable

Place = dict[str, Any]
MAX_POINTERS = 20


def _show(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return repr(printable(text, 60))


def decode(name: str, data: bytes) -> tuple[str | None, Place, str]:
    """The UTF-8 text of ``data``, or None with the place of the first bad byte."""
    try:
        return data.decode("utf-8"), {}, ""
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return (
            None,
            {"line": line, "column": column},
            "not UTF-8 (byte offset " + str(exc.start) + ")",
        )


def differences(name: str, actual: bytes, expected: bytes) -> list[tuple[Place, str]]:
    """Where ``actual`` departs from ``expected``, each place with a message; [] if equal."""
    if actual == expected:
        return []
    if name.endswith(".parquet"):
        return [_parquet(actual, expected)]
    if name.endswith(".sqlite"):
        from declaration.formats import sqlite

        return sqlite.differences(actual, expected) or [
            ({}, "the same content in other bytes (another SQLite library wrote it?)")
        ]
    text, place, message = decode(name, actual)
    if text is None:
        return [(place, message)]
    if name.endswith(".csv"):
        return [_csv(text, expected.decode("utf-8"))]
    if name.endswith((".json", ".jsonld")):
        found = _json(text, expected.decode("utf-8"))
        if found:
            return found
    return [_lines(name, text, expected.decode("utf-8"))]


def _csv(actual: str, expected: str) -> tuple[Place, str]:
    got = csv.reader(io.StringIO(actual, newline=""))
    want = list(csv.reader(io.StringIO(expected, newline="")))
    header = want[0] if want else []
    try:
        for row, expected_cells in enumerate(want, start=1):
            cells = next(got, None)
            if cells is None:
                return {"row": row}, f"row {row} is missing; {len(want)} rows expected"
            if cells != expected_cells:
                for index in range(max(len(cells), len(expected_cells))):
                    a = cells[index] if index < len(cells) else None
                    b = expected_cells[index] if index < len(expected_cells) else None
                    if a != b:
                        field = header[index] if index < len(header) else f"#{index + 1}"
                        return (
                            {"row": row, "field": field},
                            f"{_show(a) if a is not None else 'no cell'}; expected "
                            f"{_show(b) if b is not None else 'no cell'}",
                        )
        extra = next(got, None)
        if extra is not None:
            return {"row": len(want) + 1}, "a row more than expected"
    except csv.Error as exc:
        return {"row": got.line_num}, f"not CSV: {exc}"
    return {}, "differs in its bytes (quoting, line endings or encoding)"


def _parquet(actual: bytes, expected: bytes) -> tuple[Place, str]:
    """The first field or row (numbered as in the CSV table it copies) where a Parquet file
    departs; its size is checked from its footer before any page is decompressed."""
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
    return {}, "differs in its bytes (metadata, encoding or compression)"


def _json(actual: str, expected: str) -> list[tuple[Place, str]]:
    try:
        got = json.loads(actual)
    except json.JSONDecodeError as exc:
        return [({"line": exc.lineno, "column": exc.colno}, f"not JSON: {exc.msg}")]
    except RecursionError:
        return [({}, "not JSON this validator reads: nested too deep")]
    found = list(_walk(got, json.loads(expected), ""))
    return [({"pointer": p or "/"}, m) for p, m in found[:MAX_POINTERS]]


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _walk(a: Any, b: Any, pointer: str, depth: int = 0) -> Iterator[tuple[str, str]]:
    if depth > 200:
        yield pointer, "nested too deep"
    elif isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            where = f"{pointer}/{_escape(key)}"
            if key not in a:
                yield where, f"missing; expected {_show(b[key])}"
            elif key not in b:
                yield where, f"{_show(a[key])} is not expected here"
            else:
                yield from _walk(a[key], b[key], where, depth + 1)
    elif isinstance(a, list) and isinstance(b, list):
        for index in range(min(len(a), len(b))):
            yield from _walk(a[index], b[index], f"{pointer}/{index}", depth + 1)
        if len(a) != len(b):
            yield pointer, f"{len(a)} items; expected {len(b)}"
    elif a != b or type(a) is not type(b):
        yield pointer, f"{_show(a)}; expected {_show(b)}"


def _lines(name: str, actual: str, expected: str) -> tuple[Place, str]:
    got, want = actual.split("\n"), expected.split("\n")
    for number, (a, b) in enumerate(zip(got, want, strict=False), start=1):
        if a != b:
            column = next(
                (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)),
            )
            place: Place = {"line": number, "column": column + 1}
            if name.endswith(".xml"):
                xpath = _xpath_at(actual, number)
                if xpath:
                    place["xpath"] = xpath
            return (
                place,
                f"{_show(a[column : column + 40])}; expected {_show(b[column : column + 40])}",
            )
    if len(got) != len(want):
        line = min(len(got), len(want))
        return {"line": line}, f"{len(got)} lines; expected {len(want)}"
    return {}, "differs in its bytes"


def _xpath_at(text: str, line: int) -> str | None:
    """The path of the last element that starts on or before ``line`` of an XML text."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return None
    best = None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if (element.sourceline or 0) > line:
            break
        best = element
    return _path(best) if best is not None else None


def _path(element: Any) -> str:
    """``/akn:akomaNtoso/akn:statement/…/akn:p[2]``: prefixed names, positions where needed."""
    from lxml import etree

    steps = []
    while element is not None:
        qname = etree.QName(element)
        prefix = {AKN_NS: "akn:"}.get(
            qname.namespace or "", f"{{{qname.namespace}}}" if qname.namespace else ""
        )
        step = prefix + qname.localname
        parent = element.getparent()
        if parent is not None:
            same = [child for child in parent if child.tag == element.tag]
            if len(same) > 1:
                step += f"[{same.index(element) + 1}]"
        steps.append(step)
        element = parent
    return "/" + "/".join(reversed(steps))


AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
