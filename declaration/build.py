"""The build: every record and schema of the release, from one Declaration."""

from __future__ import annotations

from pathlib import Path

from declaration import package, schemas
from declaration.bundle import write_tree
from declaration.errors import InvalidDataError, Location
from declaration.formats import akn, csv, jsonld, text
from declaration.metadata import DatasetMeta
from declaration.model import Declaration
from declaration.parse import parse
from declaration.source import default_source_dir, enrich_from, load_source


def records(decl: Declaration) -> dict[str, bytes]:
    """``data/``: the same declaration in every format."""
    files = dict(csv.write(decl))
    files[jsonld.PATH] = jsonld.write(decl)
    canonical = jsonld.nquads(decl)  # computed once: the Turtle derives from it
    files[jsonld.TURTLE_PATH] = jsonld.turtle(decl, canonical)
    files[jsonld.NQUADS_PATH] = canonical
    files[akn.PATH] = akn.write(decl)
    files[text.PATH] = text.write(decl)
    return files


def release_files(decl: Declaration, dataset: DatasetMeta) -> dict[str, bytes]:
    """Everything the build writes, by path relative to the output directory."""
    files = records(decl)
    files.update(schemas.write(decl))
    files[package.PATH] = package.write(decl, dataset, files)
    return dict(sorted(files.items()))


def load_all(source_dir: Path | str | None = None) -> tuple[Declaration, DatasetMeta]:
    metadata, raw, path = load_source(source_dir)
    return enrich_from(parse(raw, metadata, path), source_dir), metadata.dataset


def checked(files: dict[str, bytes], root: Path) -> dict[str, bytes]:
    """``files`` if the validator accepts them as written under ``root``; else the first
    problem, as an error: the build never writes what ``declaration validate`` refuses."""
    from declaration.validate import validate_files

    report = validate_files(files, root)
    if not report.valid:
        first = report.problems[0]
        where = f" ({first.where})" if first.where else ""
        raise InvalidDataError(
            "invalid-release",
            f"{len(report.problems)} problems, the release is not written; first: "
            f"[{first.code}]{where} {first.message}",
            Location(str(root / first.file)),
        )
    return files


def build(source_dir: Path | str | None = None, out: Path | str | None = None) -> list[Path]:
    """Parse the source, generate every file in memory, check them, then write them at once."""
    source = Path(source_dir) if source_dir is not None else default_source_dir()
    target = Path(out) if out is not None else source.resolve().parent
    return write_tree(target, checked(release_files(*load_all(source)), target))
