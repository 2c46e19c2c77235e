"""Single edits of a release bundle, re-described as an editor would (descriptor hashes and
``SHA256SUMS`` recomputed), for the validator's mutation tests and ``scripts/mutations.py``."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

Edit = Callable[[Path], None]


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str  # the file the edit changes: the one the report must name
    edit: Edit
    redescribe: bool = True


def _bump(value: str) -> str:
    """A different value of the same look: the last digit or letter changed."""
    if not value:
        return "x"
    for index in range(len(value) - 1, -1, -1):
        char = value[index]
        if char.isdigit():
            return value[:index] + str((int(char) + 1) % 10) + value[index + 1 :]
        if char.isalpha() and char.isascii():
            return value[:index] + ("b" if char == "a" else "a") + value[index + 1 :]
    return value + "x"


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _csv_edit(name: str, row: int, column: int) -> Edit:
    def edit(root: Path) -> None:
        rows = _csv_rows((root / name).read_bytes())
        rows[row][column] = _bump(rows[row][column])
        (root / name).write_bytes(_csv_bytes(rows))

    return edit


def _rows_edit(name: str, change: Callable[[list[list[str]]], None]) -> Edit:
    def edit(root: Path) -> None:
        rows = _csv_rows((root / name).read_bytes())
        change(rows)
        (root / name).write_bytes(_csv_bytes(rows))

    return edit


def _json_dump(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _leaves(
    value: object, pointer: tuple[object, ...] = ()
) -> Iterator[tuple[tuple[object, ...], object]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*pointer, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*pointer, index))
    else:
        yield pointer, value


def _json_edit(name: str, pointer: tuple[object, ...]) -> Edit:
    def edit(root: Path) -> None:
        doc = json.loads((root / name).read_bytes())
        parent = doc
        for part in pointer[:-1]:
            parent = parent[part]
        old = parent[pointer[-1]]
        if isinstance(old, bool):
            new: object = not old
        elif isinstance(old, int):
            new = old + 1
        else:
            new = _bump(str(old))
        parent[pointer[-1]] = new
        (root / name).write_bytes(_json_dump(doc))

    return edit


def _bytes_edit(name: str, old: bytes, new: bytes) -> Edit:
    def edit(root: Path) -> None:
        data = (root / name).read_bytes()
        assert old in data, (name, old)
        (root / name).write_bytes(data.replace(old, new, 1))

    return edit


def _remove(name: str) -> Edit:
    def edit(root: Path) -> None:
        (root / name).unlink()
        descriptor = json.loads((root / "datapackage.json").read_bytes())
        descriptor["resources"] = [r for r in descriptor["resources"] if r.get("path") != name]
        (root / "datapackage.json").write_bytes(_json_dump(descriptor))

    return edit


def redescribe(root: Path) -> None:
    """Recompute every resource's bytes and hash and every line of SHA256SUMS."""
    descriptor_path = root / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_bytes())
    for resource in descriptor.get("resources", []):
        path = root / resource["path"]
        if path.is_file():
            data = path.read_bytes()
            resource["bytes"] = len(data)
            resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
    descriptor_path.write_bytes(_json_dump(descriptor))
    sums = root / "SHA256SUMS"
    if sums.is_file():
        lines = []
        for line in sums.read_text(encoding="utf-8").splitlines():
            name = line.split("  ", 1)[1]
            try:
                present = (root / name).is_file()
            except OSError:  # a mutated line naming no possible file (too long a name)
                present = False
            if present:
                digest = hashlib.sha256((root / name).read_bytes()).hexdigest()
                lines.append(f"{digest}  {name}\n")
        sums.write_text("".join(lines), encoding="utf-8")


def mutations(bundle: Path) -> list[Mutation]:
    """Every kind of single edit: each column of each table, each kind of JSON-LD leaf, each
    attribute and text of the AKN, each descriptor field, each schema, file and checksum."""
    found: list[Mutation] = []
    data = lambda name: (bundle / name).read_bytes()  # noqa: E731
    for table in sorted(p.name for p in (bundle / "data").glob("*.csv")):
        name = f"data/{table}"
        rows = _csv_rows(data(name))
        for column, header in enumerate(rows[0]):
            for row in sorted({1, len(rows) - 1}):
                found.append(
                    Mutation(f"{name} row {row + 1} {header}", name, _csv_edit(name, row, column))
                )
        if len(rows) > 2:
            found.append(
                Mutation(
                    f"{name} rows swapped",
                    name,
                    _rows_edit(name, lambda r: r.__setitem__(slice(1, 3), [r[2], r[1]])),
                )
            )
            found.append(
                Mutation(f"{name} last row deleted", name, _rows_edit(name, lambda r: r.pop()))
            )
        found.append(
            Mutation(
                f"{name} row duplicated", name, _rows_edit(name, lambda r: r.append(list(r[-1])))
            )
        )
    jsonld = "data/declaration.jsonld"
    shapes: dict[str, tuple[object, ...]] = {}
    for pointer, _ in _leaves(json.loads(data(jsonld))):
        shape = "/".join("*" if isinstance(p, int) else str(p) for p in pointer)
        shapes.setdefault(shape, pointer)
    for shape, pointer in sorted(shapes.items()):
        found.append(Mutation(f"{jsonld} {shape}", jsonld, _json_edit(jsonld, pointer)))
    akn = "data/declaration.fra.akn.xml"
    text = data(akn).decode("utf-8")
    seen: set[tuple[str, str]] = set()
    for match in re.finditer(r"<([\w:]+)([^>]*)>", text):
        tag = match[1]
        for attribute in re.finditer(r'([\w:]+)="([^"]*)"', match[2]):
            key = (tag, attribute[1])
            if key in seen or tag == "akomaNtoso":
                continue
            seen.add(key)
            old = attribute[0].encode()
            new = f'{attribute[1]}="{_bump(attribute[2])}"'.encode()
            start = match.start() + 1 + len(tag) + attribute.start()
            found.append(Mutation(f"{akn} {tag}/@{attribute[1]}", akn, _at(akn, start, old, new)))
    for tag in ("docTitle", "docDate", "num", "p", "organization", "date"):
        match = re.search(rf"<{tag}[^>]*>([^<]+)<", text)
        if match:
            start = match.start(1)
            old = match[1].encode()
            found.append(
                Mutation(
                    f"{akn} {tag} text",
                    akn,
                    _at(akn, len(text[:start].encode()), old, _bump(match[1]).encode()),
                )
            )
    descriptor = json.loads(data("datapackage.json"))
    for pointer, _ in _leaves(descriptor):
        if pointer and pointer[0] == "resources" and pointer[1] != 0:
            continue
        if pointer[-1] in ("bytes", "hash"):
            found.append(
                Mutation(
                    f"datapackage.json {'/'.join(map(str, pointer))}",
                    "datapackage.json",
                    _json_edit("datapackage.json", pointer),
                    redescribe=False,
                )
            )
            continue
        found.append(
            Mutation(
                f"datapackage.json {'/'.join(map(str, pointer))}",
                "datapackage.json",
                _json_edit("datapackage.json", pointer),
            )
        )
    for schema in sorted(
        p.relative_to(bundle).as_posix() for p in (bundle / "schemas").rglob("*") if p.is_file()
    ):
        content = data(schema)
        if schema.endswith(".json") or schema.endswith(".jsonld"):
            found.append(Mutation(f"{schema} replaced by {{}}", schema, _write(schema, b"{}\n")))
        else:
            found.append(
                Mutation(
                    f"{schema} emptied", schema, _write(schema, content.split(b"\n", 3)[0] + b"\n")
                )
            )
    for name in (
        "data/declaration.fra.txt",
        "data/declaration.ttl",
        "data/declaration.nq",
        "README.md",
        "CITATION.cff",
    ):
        lines = data(name).split(b"\n")
        middle = next(line for line in lines[len(lines) // 2 :] if line.strip())
        found.append(
            Mutation(
                f"{name} one line changed",
                name,
                _bytes_edit(name, middle, _bump(middle.decode()).encode()),
            )
        )
    for name in sorted(p.relative_to(bundle).as_posix() for p in (bundle / "data").glob("*")):
        found.append(Mutation(f"{name} removed with its resource", name, _remove(name)))
    found.append(
        Mutation(
            "SHA256SUMS deleted",
            "SHA256SUMS",
            lambda root: (root / "SHA256SUMS").unlink(),
            redescribe=False,
        )
    )
    found.append(
        Mutation(
            "SHA256SUMS cut to one line",
            "SHA256SUMS",
            lambda root: _keep_lines(root / "SHA256SUMS", 1),
            redescribe=False,
        )
    )
    found.append(
        Mutation(
            "SHA256SUMS digest changed",
            "SHA256SUMS",
            lambda root: _bytes_edit("SHA256SUMS", b"0", b"1")(root),
            redescribe=False,
        )
    )
    found.append(
        Mutation("an extra file in data/", "data/extra.csv", _write("data/extra.csv", b"a\n1\n"))
    )
    return found


def _at(name: str, offset: int, old: bytes, new: bytes) -> Edit:
    def edit(root: Path) -> None:
        content = (root / name).read_bytes()
        index = content.find(old, offset)
        assert index >= 0, (name, old)
        (root / name).write_bytes(content[:index] + new + content[index + len(old) :])

    return edit


def _write(name: str, content: bytes) -> Edit:
    def edit(root: Path) -> None:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)

    return edit


def _keep_lines(path: Path, count: int) -> None:
    path.write_bytes(b"".join(path.read_bytes().splitlines(keepends=True)[:count]))


def apply(bundle: Path, target: Path, mutation: Mutation) -> Path:
    shutil.copytree(bundle, target)
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    mutation.edit(target)
    if mutation.redescribe:
        redescribe(target)
    after = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert before != after, f"{mutation.name}: the edit changed nothing"
    return target


def verdict(report: object, mutation: Mutation) -> tuple[bool, bool]:
    """(caught, named correctly): the report is invalid; its problems that are not
    consequences are all in the changed file (or, for a removal, the descriptor too)."""
    problems = report.problems
    primary = {p.file for p in problems if p.cause is None}
    allowed = {mutation.file}
    if "removed" in mutation.name:
        allowed |= {"datapackage.json"}
    return bool(problems), mutation.file in primary and primary <= allowed
