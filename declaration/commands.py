"""The two commands that write: ``build`` (the records, schemas and descriptor) and
``publish`` (the bundle, its zip and the site). Each writes everything into a staging
directory as it is made, has the validator check it, and only then puts it all in place at
once (:mod:`declaration.atomic`).

The top of the library: it uses the writers, the validator and the atomic writer, which
know nothing of it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from declaration import archive, registry, signing, site
from declaration.atomic import settle, staged
from declaration.errors import InputError, InvalidDataError, Location
from declaration.files import read_regular
from declaration.parse import MAX_BYTES
from declaration.release import Release
from declaration.source import default_source_dir, load_release
from declaration.spool import stream

if TYPE_CHECKING:
    from declaration.signing import Allowed


def checked(
    files: Mapping[str, bytes], root: Path, release: Release, trusted: list[Allowed] | None = None
) -> Mapping[str, bytes]:
    """``files`` (written from ``release``) if the validator accepts them as written under
    ``root`` (signed by one of ``trusted``, if given); else the first problem, as an error:
    the build never writes what ``declaration validate`` refuses, and never a file over its
    limits."""
    from declaration.validate import validate_files

    report = validate_files(files, root, release, trusted)
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


def build(
    source_dir: Path | str | None = None,
    out: Path | str | None = None,
    previous: Path | None = None,
) -> list[Path]:
    """Parse the source, generate every file, check them, then put them in place at once.
    With ``previous`` (a release), the source's version must be at least what the changes
    since it call for (:func:`versioned`)."""
    source = Path(source_dir) if source_dir is not None else default_source_dir()
    target = Path(out) if out is not None else source.resolve().parent
    settle(target)  # an interrupted run's swap, undone or finished before anything else
    release = load_release(source)
    if previous is not None:
        versioned(source, previous)
    with staged(target) as spool:  # written as made: one declaration's files in memory at once
        checked(registry.write(release, registry.BUILD, store=spool), target, release)
    return [target / name for name in sorted(spool)]


DEPOSIT = frozenset({".zenodo.json"})  # the deposit files whose names start with a dot


def deposit(source_dir: Path | str | None = None, out: Path | str | None = None) -> list[Path]:
    """Write the repository's deposit metadata at its root, from the source's dataset facts:
    ``CITATION.cff`` (the code, with the dataset as its preferred citation) and
    ``.zenodo.json`` (what Zenodo's GitHub integration deposits a release with)."""
    from declaration.atomic import write_tree
    from declaration.formats import bundle

    source = Path(source_dir) if source_dir is not None else default_source_dir()
    target = Path(out) if out is not None else source.resolve().parent
    settle(target)
    release = load_release(source)
    files = {"CITATION.cff": bundle.repository_cff(release), ".zenodo.json": bundle.zenodo(release)}
    return write_tree(target, files, DEPOSIT)


def versioned(source: Path, previous: Path) -> None:
    """Refuse a source whose version is lower than the changes since ``previous`` call for
    (a ``version-too-low`` error at the version in ``metadata.toml``)."""
    from declaration.diff import at_least, compare, open_side, required_version
    from declaration.metadata import locate_key
    from declaration.source import metadata_text

    found = compare(open_side(previous), open_side(source))
    need = required_version(found.old_version, found.level)
    if found.level is not None and not at_least(found.new_version, need):
        text, path = metadata_text(source)
        first = next(c for c in found.changes if c.level == found.level)
        raise InputError(
            "version-too-low",
            f"version {found.new_version}; the changes since {found.old_version} are {found.level} "
            f"(first: {first.what} {first.key} {first.how}): expected at least {need}",
            Location(path, *locate_key(text, ("dataset", "version"))),
        )


def _changelog(source: Path) -> Path:
    """The release's changelog: the source directory's own ``CHANGELOG.md``, else that of the
    directory above it (a repository's, beside its ``source/``)."""
    own = source / "CHANGELOG.md"
    return own if os.path.lexists(own) else source.resolve().parent / "CHANGELOG.md"


def publish(
    source_dir: Path | str | None = None, out: Path | str = "build", key: Path | None = None
) -> archive.Published:
    """Build, validate, then put the bundle, its zip, the site and, if the dataset names the
    site's address, the w3id.org rules in place (all or nothing). Every file goes to the
    staging directory as it is made, the zip and the site's copies are written from there:
    what is held at once is one declaration's files. With ``key``, ``SHA256SUMS`` is signed
    (:mod:`declaration.signing`) and the README, the zip and the site carry the signature
    and how to verify it."""
    source = Path(source_dir) if source_dir is not None else default_source_dir()
    settle(Path(out))  # an interrupted run's swap, undone or finished before anything else
    signer = signing.load_signer(key) if key is not None else None
    release = load_release(source)
    changelog_path = _changelog(source)
    changelog = read_regular(changelog_path, MAX_BYTES, str(changelog_path), follow=True)
    release = release.but(changelog=changelog)
    dataset = release.dataset
    assert dataset is not None  # a source always states its dataset's facts
    trusted = None
    if signer is not None:
        release = release.but(signer=signer.allowed_line(dataset.name))
        trusted = signing.allowed_signers(release.signer.encode(), "--sign")
    target = Path(out)
    zip_name = archive.name(dataset)
    name = zip_name.removesuffix(".zip")
    with staged(target, hidden=site.HIDDEN) as spool:
        bundle = spool.under(name)
        files = registry.write(release, registry.BUNDLE, store=bundle)
        if signer is not None:
            files[signing.PATH] = signing.sign(files[signing.SIGNED], signer)
        checked(files, target / name, release, trusted)
        timestamp = archive.epoch(dataset)
        stream(spool, zip_name, lambda handle: archive.write_zip(bundle, timestamp, handle))
        site.write(release, bundle, zip_name, spool, spool.under("site"))
        for path, data in site.w3id(release).items():
            spool[path] = data
    size, sha256 = spool.digest(zip_name)
    return archive.Published(target / name, target / zip_name, size, sha256)
