"""Typed rows: one frozen pydantic model per table, and what is derived from it.

A row model declares each column once: its Python type (``str``, ``int``, ``bool``,
``date``, ``list[str]``, a ``Literal`` for an enumeration; ``| None`` when it may be
empty), its description and constraints (``Field``), and where its value comes from:

- :class:`From`: an attribute of the row's item (a dotted path, such as
  ``head_of_state.wikidata`` of a party); the reader puts the value back at that path;
- :class:`Derived`: computed from the declaration (a key, an IRI, a count); the reader
  rebuilds the declaration and checks the cell against it.

The Table Schema field descriptors, the cells the writer writes and the decoding of the
cells the reader reads all come from these declarations.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal, Self, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict

from declaration.model import Declaration, Paragraph
from declaration.patterns import unanchored


@dataclass(frozen=True)
class Context:
    """What one row is written from: its item (a party, a mention…), in its declaration
    (and its paragraph, for the rows of a paragraph's spans and topics)."""

    decl: Declaration
    item: Any
    paragraph: Paragraph | None = None


@dataclass(frozen=True)
class From:
    """The column holds an attribute of the row's item, at a dotted ``path``."""

    path: str
    format: str | None = None
    unique: bool = False

    def value(self, context: Context) -> Any:
        value = context.item
        for name in self.path.split("."):
            value = getattr(value, name)
        return value


@dataclass(frozen=True)
class Derived:
    """The column is computed from the declaration; an ``identifier`` names a record."""

    get: Callable[[Context], Any]
    format: str | None = None
    unique: bool = False
    identifier: bool = False

    def value(self, context: Context) -> Any:
        return self.get(context)


_TYPES: dict[Any, str] = {str: "string", int: "integer", bool: "boolean", date: "date"}
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Column:
    """One column of a table, as its row model declares it."""

    name: str
    type: str
    description: str
    required: bool
    constraints: dict[str, Any]
    source: From | Derived

    def descriptor(self) -> dict[str, Any]:
        """The Table Schema field."""
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.source.format:
            out["format"] = self.source.format
        out["description"] = self.description
        constraints = {"required": True} if self.required else {}
        constraints.update(self.constraints)
        if self.source.unique:
            constraints["unique"] = True
        if constraints:
            out["constraints"] = constraints
        return out

    def cell(self, value: Any) -> str:
        """The text of a value in the CSV file."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    def decode(self, cell: str) -> Any:
        """The value of a cell, by the column's Table Schema type; ValueError if it has none."""
        if cell == "":
            if self.required:
                raise ValueError("a value is required")
            return None
        if self.type == "integer":
            if not _INTEGER.fullmatch(cell):
                raise ValueError(f"{cell!r} is not an integer")
            return int(cell)
        if self.type == "boolean":
            if cell not in ("true", "false"):
                raise ValueError(f"{cell!r} is not true or false")
            return cell == "true"
        if self.type == "date":
            if not _DATE.fullmatch(cell):
                raise ValueError(f"{cell!r} is not a date (YYYY-MM-DD)")
            return date.fromisoformat(cell)
        if self.type == "array":
            return _string_array(cell)
        return cell


def _string_array(cell: str) -> list[str]:
    try:
        value = json.loads(cell)
    except (ValueError, RecursionError):
        value = None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a JSON array of strings")
    return value


class Row(BaseModel):
    """A row of a table; subclasses declare the columns, in order."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    @classmethod
    def columns(cls) -> tuple[Column, ...]:
        return _columns(cls)

    @classmethod
    def of(cls, context: Context) -> Self:
        """The row of an item, validated."""
        return cls.model_validate({c.name: c.source.value(context) for c in cls.columns()})

    def cells(self) -> list[str]:
        return [c.cell(getattr(self, c.name)) for c in self.columns()]

    def item_fields(self) -> dict[str, Any]:
        """The values of the item's attributes, nested by their paths."""
        out: dict[str, Any] = {}
        for column in self.columns():
            if isinstance(column.source, From):
                *parents, last = column.source.path.split(".")
                target = out
                for name in parents:
                    target = target.setdefault(name, {})
                target[last] = getattr(self, column.name)
        return out


@cache
def _columns(row: type[Row]) -> tuple[Column, ...]:
    columns = []
    for name, info in row.model_fields.items():
        sources = [m for m in info.metadata if isinstance(m, From | Derived)]
        if len(sources) != 1 or not info.description:
            raise TypeError(f"{row.__name__}.{name}: a column has a description and one source")
        kind, required, constraints = _type(info.annotation)
        for meta in info.metadata:
            if getattr(meta, "pattern", None):
                constraints["pattern"] = unanchored(meta.pattern)
            if getattr(meta, "ge", None) is not None:
                constraints["minimum"] = meta.ge
            if getattr(meta, "min_length", None) is not None:
                constraints["minLength"] = meta.min_length
        columns.append(Column(name, kind, info.description, required, constraints, sources[0]))
    return tuple(columns)


def _type(annotation: Any) -> tuple[str, bool, dict[str, Any]]:
    """Table Schema type, whether required, and the enumeration of a Literal."""
    required = True
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        required = len(args) == len(get_args(annotation))
        (annotation,) = args
    if get_origin(annotation) is Literal:
        return "string", required, {"enum": list(get_args(annotation))}
    if get_origin(annotation) is list:
        return "array", required, {}
    return _TYPES[annotation], required, {}
