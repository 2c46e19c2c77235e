"""``source/entities.toml``: what the declaration names, and the French forms it takes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field

from declaration.errors import Location, MetadataError
from declaration.files import read_regular
from declaration.metadata import MAX_TOML_BYTES, decode_toml, load_toml_model, locate_key
from declaration.model import Entity, Model, Text

ENTITIES = "entities.toml"


class Entry(Entity):
    forms: Annotated[tuple[Text, ...], Field(min_length=1)]

    def entity(self) -> Entity:
        return Entity(id=self.id, kind=self.kind, label=self.label, wikidata=self.wikidata)


class Gazetteer(Model):
    entities: tuple[Entry, ...]


class Located(Gazetteer):
    """A gazetteer with the file it was read from, to locate errors about its entries."""

    path: str
    text: str

    def location(self, index: int, key: str = "id") -> Location:
        return Location(self.path, *locate_key(self.text, ("entities", index, key)))


def load_gazetteer(file: Path | str) -> Located:
    """Read and check a gazetteer file (a symlink to a regular file is followed)."""
    path = str(file)
    text = decode_toml(read_regular(Path(file), MAX_TOML_BYTES, path, follow=True), path)
    gazetteer = load_toml_model(text, path, Gazetteer)
    seen: dict[str, int] = {}
    for index, entry in enumerate(gazetteer.entities):
        if entry.id in seen:
            raise MetadataError(
                "gazetteer-duplicate",
                f"entity {entry.id!r} is listed twice",
                Location(path, *locate_key(text, ("entities", index, "id"))),
            )
        seen[entry.id] = index
    return Located(entities=gazetteer.entities, path=path, text=text)
