"""One side of a diff: a release as its records say it is, whatever form it comes in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from declaration.errors import DeclarationError, InputError, Location, printable

if TYPE_CHECKING:
    from declaration.release import Release


@dataclass(frozen=True, slots=True)
class Side:
    """A release: its declarations and dataset facts, the paths of its files, and its Table
    Schemas by table name."""

    name: str
    release: Release
    files: tuple[str, ...]
    schemas: Mapping[str, Any]

    @property
    def version(self) -> str:
        assert self.release.dataset is not None  # a side always has its facts
        return self.release.dataset.version

    @property
    def facts(self) -> dict[str, Any]:
        """The dataset facts a bundle states, flattened (``license.id``…): not where its site
        is served, its history or its translations, which only the source and the site
        hold."""
        assert self.release.dataset is not None
        unstated = {"site_url", "changes", "versions", "title_en", "description_fr"}
        return flat(self.release.dataset.model_dump(mode="json", exclude=unstated))


def flat(value: Any, prefix: str = "") -> dict[str, Any]:
    """A value as ``{dotted key: scalar}``: mappings by key, lists of objects with an ``id``
    by that id, other lists whole."""
    if isinstance(value, Mapping):
        found: dict[str, Any] = {}
        for key, item in value.items():
            found |= flat(item, f"{prefix}.{key}" if prefix else str(key))
        return found
    if (
        isinstance(value, (list, tuple))
        and value
        and all(isinstance(v, Mapping) and "id" in v for v in value)
    ):
        found = {}
        for item in value:
            found |= flat({k: v for k, v in item.items() if k != "id"}, f"{prefix}[{item['id']}]")
        return found
    return {prefix: list(value) if isinstance(value, tuple) else value}


def open_side(path: Path) -> Side:
    """The release at ``path``: a source directory (with its ``metadata.toml``), parsed as
    ``build`` parses it and written as ``publish`` would; else a bundle directory, its
    ``datapackage.json`` or its zip, opened with the validator's reader and decided as the
    validator decides (an :class:`InputError` if no declaration can be)."""
    shown = printable(str(path), 1000)
    if path.is_dir() and (path / "metadata.toml").is_file():
        return _source(path, shown)
    from declaration.validate.facts import dataset
    from declaration.validate.inputs import open_package
    from declaration.validate.reference import decide
    from declaration.validate.run import DESCRIPTOR, Run
    from declaration.validate.steps import opened

    package = open_package(path)
    root = path.parent if path.name == DESCRIPTOR and not path.is_dir() else path
    run = Run(package)
    descriptor = opened(package, root)
    decided = decide(run)
    facts = dataset(run, descriptor, decided) if decided is not None else None
    if decided is None or facts is None:
        first = run.problems[0] if run.problems else None
        why = f"{first.file}: {first.message}" if first else "its records cannot be read"
        raise InputError(
            "diff-input",
            f"no release its records agree on ({why}); declaration validate says more",
            Location(shown),
        )
    return Side(
        shown, decided.but(dataset=facts), tuple(sorted(package.files)), _schemas(run.files)
    )


def _source(path: Path, shown: str) -> Side:
    from declaration import registry
    from declaration.source import load_release

    release = load_release(path)
    files = registry.write(release, registry.BUNDLE)
    return Side(shown, release, tuple(sorted(files)), _schemas(files))


def _schemas(files: Mapping[str, bytes]) -> dict[str, Any]:
    """The Table Schemas of the tables a release has, by table name (read within the
    validator's limits)."""
    from declaration import registry
    from declaration.validate.run import load_json

    found = {}
    for out in registry.OUTPUTS:
        if out.table_schema and out.table_schema in files:
            try:
                schema = load_json(out.table_schema, files[out.table_schema])
            except DeclarationError as error:
                raise InputError("diff-input", error.message, error.location) from None
            if isinstance(schema, dict):
                found[out.name] = schema
    return found
