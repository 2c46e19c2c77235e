"""Read a source directory: ``metadata.toml`` and the published text it names; or a corpus.

A source directory holds one declaration (``metadata.toml`` with the dataset facts and the
declaration's, the text it names, ``entities.toml``), or a corpus: a ``metadata.toml`` with
the dataset facts only, and one sub-directory per declaration (its ``metadata.toml`` without
the dataset facts, its text, and its ``entities.toml`` or, without one, the corpus's
``entities.toml``, shared). The declarations of a corpus come in the order of their
directories' names; each key (``Declaration.id``) is the corpus's once."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from declaration.errors import DeclarationError, InputError, Location, MetadataError
from declaration.files import read_regular
from declaration.metadata import (
    DatasetMeta,
    Metadata,
    decode_toml,
    is_corpus,
    load_corpus_metadata,
    load_metadata,
    locate_key,
)
from declaration.model import Declaration
from declaration.parse import MAX_BYTES, parse
from declaration.release import Declarations, Release

if TYPE_CHECKING:
    from declaration.gazetteer import Located

METADATA = "metadata.toml"


def default_source_dir() -> Path:
    """The embedded default: the repository's ``source/`` (the 6 May 2024 declaration)."""
    return Path(__file__).resolve().parent.parent / "source"


def _read(path: Path, display: str) -> bytes:
    """An input file: a regular file (a symlink to one is followed) of at most MAX_BYTES."""
    return read_regular(path, MAX_BYTES, display, follow=True)


def _directory(source_dir: Path | str | None) -> Path:
    directory = Path(source_dir) if source_dir is not None else default_source_dir()
    if not directory.is_dir():
        raise InputError(
            "missing-file", "not a directory; expected a source directory", Location(str(directory))
        )
    return directory


def metadata_text(directory: Path) -> tuple[str, str]:
    """The text of a source directory's ``metadata.toml``, and its path as errors show it."""
    meta_path = directory / METADATA
    return decode_toml(_read(meta_path, str(meta_path)), str(meta_path)), str(meta_path)


def load_source(
    source_dir: Path | str | None = None, dataset: DatasetMeta | None = None
) -> tuple[Metadata, bytes, str]:
    """The metadata, and the raw published text with the path it was read from (``dataset``:
    the facts of the corpus the directory is a declaration of)."""
    directory = _directory(source_dir)
    meta_text, path = metadata_text(directory)
    meta_path = Path(path)
    metadata = load_metadata(meta_text, path, dataset)
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


def load_dataset(source_dir: Path | str | None = None) -> DatasetMeta:
    """The dataset facts of a source directory (one declaration's, or a corpus's)."""
    directory = _directory(source_dir)
    text, path = metadata_text(directory)
    if is_corpus(text, path):
        return load_corpus_metadata(text, path)
    return load_metadata(text, path).dataset


# what a corpus directory may hold besides its declarations' directories
CORPUS_FILES = frozenset({METADATA, "entities.toml", "CHANGELOG.md"})
# the declarations a corpus may hold: each has 5 files of its own (the package within the
# validator's 10,000), and keeps some hundreds of kilobytes of the corpus's tables,
# descriptor and catalogue in memory while they are written (BENCHMARKS.md)
MAX_DECLARATIONS = 1_000
# and the bytes of their published texts, in all: every paragraph is in the corpus's tables,
# their copies and its database, written whole (BENCHMARKS.md)
MAX_CORPUS_BYTES = 20_000_000


def declaration_dirs(source_dir: Path | str | None = None) -> list[Path] | None:
    """The declarations' directories of a corpus, in order; None for one declaration.

    Every entry of a corpus is a declaration's directory (with its ``metadata.toml``), the
    corpus's ``metadata.toml``, its shared ``entities.toml`` or its ``CHANGELOG.md``; any
    other is an error, never skipped (hidden entries, such as ``.git``, aside). A
    declaration's directory that holds declarations' directories is an error too.
    """
    directory = _directory(source_dir)
    meta_text, path = metadata_text(directory)
    corpus = is_corpus(meta_text, path)
    found: list[Path] = []
    for entry in sorted(directory.iterdir()):
        if entry.name.startswith("."):
            continue
        member = entry.is_dir() and not entry.is_symlink()
        if not corpus:
            if member and os.path.lexists(entry / METADATA):
                raise MetadataError(
                    "corpus-mixed",
                    f"{entry.name}/ is a declaration's directory, beside this declaration's "
                    f"own {METADATA}; expected one declaration, or a corpus's {METADATA} "
                    "([dataset] only) above its declarations",
                    Location(path),
                )
            continue
        if entry.is_dir():  # a directory, or a link to one (refused)
            if len(found) == MAX_DECLARATIONS:
                raise MetadataError(
                    "corpus-too-large",
                    f"the declaration past the {MAX_DECLARATIONS} a corpus may hold; expected "
                    "at most that many, which a build and a validation hold in bounded memory",
                    Location(str(entry)),
                )
            found.append(_member_dir(entry))
        elif entry.name not in CORPUS_FILES:
            raise MetadataError(
                "corpus-unknown-entry",
                f"{entry.name} is not a declaration's directory nor a file of a corpus; "
                f"expected only {', '.join(sorted(CORPUS_FILES))} and declarations' directories",
                Location(str(entry)),
            )
    if not corpus:
        return None
    if not found:
        raise MetadataError(
            "corpus-empty",
            "a corpus's metadata.toml (no [declaration]) and no sub-directory with a "
            "metadata.toml; expected one per declaration",
            Location(path),
        )
    return found


def _member_dir(entry: Path) -> Path:
    """A declaration's directory of a corpus: a real directory, with its ``metadata.toml``."""
    if entry.is_symlink():
        raise MetadataError(
            "corpus-member-link",
            "a link; expected a declaration's directory itself (a link could lead outside "
            "the corpus)",
            Location(str(entry)),
        )
    if not os.path.lexists(entry / METADATA):
        raise MetadataError(
            "corpus-member-metadata",
            f"a directory of the corpus without {METADATA}; expected each declaration's "
            f"directory to hold its {METADATA}",
            Location(str(entry / METADATA)),
        )
    return entry


def load_release(source_dir: Path | str | None = None, jobs: int | None = None) -> Release:
    """What a source directory releases: its declaration, or a corpus's declarations, and
    the dataset facts.

    The declarations of a corpus are parsed and enriched in worker processes
    (:mod:`declaration.parallel`), and come back in their directories' order.
    """
    from functools import partial

    from declaration import parallel
    from declaration.enrich import check_used, count_in_corpus
    from declaration.gazetteer import ENTITIES, load_gazetteer

    directory = _directory(source_dir)
    dirs = declaration_dirs(directory)
    if dirs is None:
        return Release.of(*load_all(directory))
    _check_text_bytes(dirs)
    meta_text, path = metadata_text(directory)
    dataset = load_corpus_metadata(meta_text, path)
    shared = directory / ENTITIES
    loaded = parallel.run(
        [partial(_load_member, d, dataset, shared) for d in dirs], jobs, "declarations read"
    )
    decls = Declarations(pickled=[pickled for pickled, _ in loaded])
    seen: dict[str, Path] = {}
    annotations = 0
    for member, decl, (_, text_path) in zip(dirs, decls, loaded, strict=True):
        annotations = count_in_corpus(decl, annotations, text_path)
        if decl.id in seen:
            text, where = metadata_text(member)
            raise MetadataError(
                "corpus-duplicate",
                f"the declaration {decl.id!r} is also {seen[decl.id] / METADATA}; expected "
                "each declaration of a corpus once (its country, date and number)",
                Location(where, *locate_key(text, ("declaration", "number"))),
            )
        seen[decl.id] = member
    _check_entities(decls, dirs, shared)
    if shared.exists():
        used = {e.id for decl in decls for e in decl.entities}
        check_used(load_gazetteer(shared), used, "any declaration")
    return Release.corpus(decls, dataset)


def _check_text_bytes(dirs: list[Path]) -> None:
    """Before any declaration is read: the published texts of a corpus hold at most
    ``MAX_CORPUS_BYTES`` in all (the error is at the text that passes it). A metadata that
    does not name its text is left to the reading, which locates its error."""
    import tomllib

    total = 0
    for member in dirs:
        try:
            name = tomllib.loads(metadata_text(member)[0])["source"]["file"]
            if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9._-]+", name):
                continue  # not a file of the directory: the reading says so
            size = (member / name).stat().st_size
        except (DeclarationError, ValueError, RecursionError, KeyError, TypeError, OSError):
            continue
        total += size
        if total > MAX_CORPUS_BYTES:
            raise MetadataError(
                "corpus-too-large",
                f"the corpus's published texts reach {total} bytes with this one; expected "
                f"at most {MAX_CORPUS_BYTES} in all, which a build and a validation hold in "
                "bounded memory",
                Location(str(member / name)),
            )


def _load_member(member: Path, dataset: DatasetMeta, shared: Path) -> tuple[bytes, str]:
    """One declaration of a corpus, pickled as :class:`Declarations` keeps it, and the
    path of its published text."""
    from declaration.enrich import enrich
    from declaration.gazetteer import ENTITIES, load_gazetteer

    metadata, raw, path = load_source(member, dataset)
    own = member / ENTITIES
    gazetteer = load_gazetteer(own if own.exists() or not shared.exists() else shared)
    if own.exists() and shared.exists():
        _agrees_with_shared(gazetteer, load_gazetteer(shared))
    decl = enrich(parse(raw, metadata, path), gazetteer, require_all=own.exists(), text_path=path)
    return Declarations.pickle(decl), path


def _agrees_with_shared(own: Located, shared: Located) -> None:
    """A declaration's own gazetteer describes an entity of the shared one as it does: the
    same label, kind, Wikidata id and forms."""
    entries = {entry.id: entry for entry in shared.entities}
    for index, entry in enumerate(own.entities):
        other = entries.get(entry.id)
        if other is not None and other != entry:
            raise MetadataError(
                "gazetteer-disagrees",
                f"{entry.id} is not the entity {shared.path} describes (its label, kind, "
                "Wikidata id or forms); expected one description of an entity in a corpus",
                own.location(index),
            )


def _check_entities(decls: Declarations, dirs: list[Path], shared: Path) -> None:
    """An entity is one thing in the whole corpus: the same label, kind and Wikidata id."""
    from declaration.gazetteer import ENTITIES

    seen: dict[str, tuple[object, Path]] = {}
    for decl, member in zip(decls, dirs, strict=True):
        for entity in decl.entities:
            first = seen.setdefault(entity.id, (entity, member))
            if first[0] != entity:
                raise MetadataError(
                    "gazetteer-disagrees",
                    f"{entity.id} is not the entity {first[1] / ENTITIES} describes; expected "
                    "one description of an entity in a corpus",
                    Location(str(member / ENTITIES if (member / ENTITIES).exists() else shared)),
                )


def load_all(source_dir: Path | str | None = None) -> tuple[Declaration, DatasetMeta]:
    """The one load sequence: the declaration of a source directory (default: the embedded
    one), parsed and enriched, and the dataset facts of its metadata."""
    metadata, raw, path = load_source(source_dir)
    return enrich_from(parse(raw, metadata, path), source_dir, path), metadata.dataset


def load(source_dir: Path | str | None = None) -> Declaration:
    """Parse and enrich the declaration of a source directory (default: the embedded one)."""
    return load_all(source_dir)[0]


def enrich_from(
    decl: Declaration, source_dir: Path | str | None = None, text_path: str = ""
) -> Declaration:
    """The declaration with the mentions of the directory's gazetteer and its dates
    (``text_path``: the published text it was parsed from, where its errors are located)."""
    from declaration.enrich import enrich
    from declaration.gazetteer import ENTITIES, load_gazetteer

    directory = Path(source_dir) if source_dir is not None else default_source_dir()
    return enrich(decl, load_gazetteer(directory / ENTITIES), text_path=text_path)
