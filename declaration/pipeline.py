"""The two commands that write: ``build`` (the records, schemas and descriptor) and
``publish`` (the bundle and its zip). Each generates everything (``build`` into a staging
directory as it is written, ``publish`` in memory), has the validator check it, and only
then puts it all in place at once (:mod:`declaration.bundle`).

The top of the library: it uses the writers, the validator and the atomic writer, which
know nothing of it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from declaration import site
from declaration.build import release_files
from declaration.bundle import staged, write_tree
from declaration.errors import InvalidDataError, Location
from declaration.files import read_regular
from declaration.model import Declaration
from declaration.output import Corpus
from declaration.parse import MAX_BYTES
from declaration.release import Published, bundle_files, epoch, zip_bytes
from declaration.source import default_source_dir, load_release


def checked(
    files: Mapping[str, bytes], root: Path, decl: Declaration | Corpus | None = None
) -> Mapping[str, bytes]:
    """``files`` (written from ``decl``) if the validator accepts them as written under
    ``root``; else the first problem, as an error: the build never writes what
    ``declaration validate`` refuses, and never a file over its limits."""
    from declaration.validate import validate_files

    report = validate_files(files, root, decl)
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
    release, dataset = load_release(source)
    with staged(target) as spool:  # written as made: one declaration's files in memory at once
        checked(release_files(release, dataset, store=spool), target, release)
    return [target / name for name in sorted(spool)]


def _changelog(source: Path) -> Path:
    """The release's changelog: the source directory's own ``CHANGELOG.md``, else that of the
    directory above it (a repository's, beside its ``source/``)."""
    own = source / "CHANGELOG.md"
    return own if os.path.lexists(own) else source.resolve().parent / "CHANGELOG.md"


def publish(source_dir: Path | str | None = None, out: Path | str = "build") -> Published:
    """Build, validate, then put the bundle, its zip, the site and, if the dataset names the
    site's address, the w3id.org rules in place (all or nothing)."""
    source = Path(source_dir) if source_dir is not None else default_source_dir()
    release, dataset = load_release(source)
    changelog_path = _changelog(source)
    changelog = read_regular(changelog_path, MAX_BYTES, str(changelog_path), follow=True)
    target = Path(out)
    name = f"{dataset.name}-{dataset.version}"
    timestamp = epoch(dataset)
    files = checked(bundle_files(release, dataset, changelog), target / name, release)
    archive = zip_bytes(files, timestamp)
    written = {f"{name}/{path}": data for path, data in files.items()}
    pages = site.files(release, dataset, files, f"{name}.zip", archive)
    written |= {f"site/{path}": data for path, data in pages.items()}
    written |= site.w3id(release, dataset)
    write_tree(target, written | {f"{name}.zip": archive}, hidden=site.HIDDEN)
    bundle, zip_path = target / name, target / f"{name}.zip"
    return Published(bundle, zip_path, len(archive), hashlib.sha256(archive).hexdigest())
