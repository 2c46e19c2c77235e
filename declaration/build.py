"""The build: every record and schema of the release, from one Declaration."""

from __future__ import annotations

from pathlib import Path

from declaration import schemas
from declaration.bundle import write_tree
from declaration.formats import akn, csv, jsonld, text
from declaration.model import Declaration
from declaration.source import default_source_dir, load


def records(decl: Declaration) -> dict[str, bytes]:
    """``data/``: the same declaration in every format."""
    files = dict(csv.write(decl))
    files[jsonld.PATH] = jsonld.write(decl)
    files[jsonld.TURTLE_PATH] = jsonld.turtle(decl)
    files[jsonld.NQUADS_PATH] = jsonld.nquads(decl)
    files[akn.PATH] = akn.write(decl)
    files[text.PATH] = text.write(decl)
    return files


def release_files(decl: Declaration) -> dict[str, bytes]:
    """Everything the build writes, by path relative to the output directory."""
    files = records(decl)
    files.update(schemas.write(decl))
    return dict(sorted(files.items()))


def build(source_dir: Path | str | None = None, out: Path | str | None = None) -> list[Path]:
    """Parse the source, generate every file in memory, then write them all at once."""
    source = Path(source_dir) if source_dir is not None else default_source_dir()
    target = Path(out) if out is not None else source.resolve().parent
    files = release_files(load(source))
    return write_tree(target, files)
