"""Every record and schema of the release, generated in memory from one Declaration."""

from __future__ import annotations

from pathlib import Path

from declaration import package, registry
from declaration.metadata import DatasetMeta
from declaration.model import Declaration
from declaration.parse import parse
from declaration.source import enrich_from, load_source


def release_files(decl: Declaration, dataset: DatasetMeta) -> dict[str, bytes]:
    """Everything the build writes, by path relative to the output directory."""
    files = registry.write(decl)
    files[package.PATH] = package.write(decl, dataset, files)
    return dict(sorted(files.items()))


def load_all(source_dir: Path | str | None = None) -> tuple[Declaration, DatasetMeta]:
    metadata, raw, path = load_source(source_dir)
    return enrich_from(parse(raw, metadata, path), source_dir), metadata.dataset
