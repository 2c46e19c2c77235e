"""Read a source directory: ``metadata.toml`` and the published text it names."""

from __future__ import annotations

import hashlib
from pathlib import Path

from declaration.errors import InputError, Location, MetadataError
from declaration.files import read_regular
from declaration.metadata import DatasetMeta, Metadata, decode_toml, load_metadata, locate_key
from declaration.model import Declaration
from declaration.parse import MAX_BYTES, parse

METADATA = "metadata.toml"


def default_source_dir() -> Path:
    """The embedded default: the repository's ``source/`` (the 6 May 2024 declaration)."""
    return Path(__file__).resolve().parent.parent / "source"


def _read(path: Path, display: str) -> bytes:
    """An input file: a regular file (a symlink to one is followed) of at most MAX_BYTES."""
    return read_regular(path, MAX_BYTES, display, follow=True)


def load_source(source_dir: Path | str | None = None) -> tuple[Metadata, bytes, str]:
    """The metadata, and the raw published text with the path it was read from."""
    directory = Path(source_dir) if source_dir is not None else default_source_dir()
    if not directory.is_dir():
        raise InputError(
            "missing-file", "not a directory; expected a source directory", Location(str(directory))
        )
    meta_path = directory / METADATA
    meta_text = decode_toml(_read(meta_path, str(meta_path)), str(meta_path))
    metadata = load_metadata(meta_text, str(meta_path))
    text_path = directory / metadata.source.file
    raw = _read(text_path, str(text_path))
    digest = hashlib.sha256(raw).hexdigest()
    if digest != metadata.source.sha256:
        raise MetadataError(
            "source-hash",
            f"source.sha256 is {metadata.source.sha256}, but {metadata.source.file} has SHA-256 {digest}",
            Location(str(meta_path), *locate_key(meta_text, ("source", "sha256"))),
        )
    return metadata, raw, str(text_path)


def load_all(source_dir: Path | str | None = None) -> tuple[Declaration, DatasetMeta]:
    """The one load sequence: the declaration of a source directory (default: the embedded
    one), parsed and enriched, and the dataset facts of its metadata."""
    metadata, raw, path = load_source(source_dir)
    return enrich_from(parse(raw, metadata, path), source_dir), metadata.dataset


def load(source_dir: Path | str | None = None) -> Declaration:
    """Parse and enrich the declaration of a source directory (default: the embedded one)."""
    return load_all(source_dir)[0]


def enrich_from(decl: Declaration, source_dir: Path | str | None = None) -> Declaration:
    """The declaration with the mentions of the directory's gazetteer and its dates."""
    from declaration.enrich import enrich
    from declaration.gazetteer import ENTITIES, load_gazetteer

    directory = Path(source_dir) if source_dir is not None else default_source_dir()
    return enrich(decl, load_gazetteer(directory / ENTITIES))
