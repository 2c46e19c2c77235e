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
    """Where ``actual`` departs from ``expected``, each place with a message; [] if equal.

    A binary file is compared as its output says (:attr:`Output.differences`); a text file
    by its media type: a CSV table row by row and field by field, JSON by pointers, any
    other text line by line."""
    from declaration import registry

    if actual == expected:
        return []
    out = registry.output(name)
    if out is not None and out.differences is not None:
        return out.differences(actual, expected) or [
            ({}, "the same content in other bytes (another library wrote it?)")
        ]
    text, place, message = decode(name, actual)
    if text is None:
        return [(place, message)]
    mediatype = out.mediatype if out is not None else "text/plain"
    if mediatype == "text/csv":
        return [_csv(text, expected.decode("utf-8"))]
    if mediatype.endswith("json"):
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
        found, wanted = _by_path(a), _by_path(b)
        if found is not None and wanted is not None:
            yield from _walk_by_path(found, wanted, pointer, depth)
            return
        for index in range(min(len(a), len(b))):
            yield from _walk(a[index], b[index], f"{pointer}/{index}", depth + 1)
        if len(a) != len(b):
            yield pointer, f"{len(a)} items; expected {len(b)}"
    elif a != b or type(a) is not type(b):
        yield pointer, f"{_show(a)}; expected {_show(b)}"


def _by_path(items: list[Any]) -> dict[str, tuple[int, Any]] | None:
    """A list of files described, each with its ``path`` and ``hash`` (a descriptor's
    resources), by path with each one's index; None for any other list."""
    if not items or not all(
        isinstance(i, dict) and isinstance(i.get("path"), str) and "hash" in i for i in items
    ):
        return None
    keyed = {item["path"]: (index, item) for index, item in enumerate(items)}
    return keyed if len(keyed) == len(items) else None


def _walk_by_path(
    a: dict[str, tuple[int, Any]], b: dict[str, tuple[int, Any]], pointer: str, depth: int
) -> Iterator[tuple[str, str]]:
    """Resources compared by their paths: those dropped said once, in one problem, those
    added each at its place, the others field by field."""
    dropped = [path for path in b if path not in a]
    if dropped:
        yield pointer, f"{len(dropped)} resources dropped: {', '.join(dropped)}"
    for path, (index, item) in a.items():
        where = f"{pointer}/{index}"
        if path not in b:
            yield where, f"a resource for {path}, not a file of the release's descriptor"
        else:
            yield from _walk(item, b[path][1], where, depth + 1)
    order_a, order_b = [p for p in a if p in b], [p for p in b if p in a]
    if order_a != order_b:
        yield pointer, "the resources are not in the order of their paths"


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
