"""The release bundle and its zip, as bytes (:mod:`declaration.pipeline` checks and writes them).

``build/<name>-<version>/`` holds ``datapackage.json``, ``data/``, ``schemas/``, a README for
data users, ``CITATION.cff``, ``CHANGELOG.md``, ``LICENSE`` and ``SHA256SUMS``; ``build/<name>-<version>.zip``
holds the same. The zip holds the bundle's files at its root, so that frictionless reads it as
a package; it is byte-reproducible: entries sorted, deflated at level 9, one timestamp from
``SOURCE_DATE_EPOCH`` or the metadata, fixed permissions, no extra fields.
"""

from __future__ import annotations

import os
import re
import time
import zipfile
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from declaration.build import release_files
from declaration.errors import InputError, Location
from declaration.formats import akn, jsonld
from declaration.metadata import DatasetMeta
from declaration.output import Corpus, Release, members
from declaration.registry import member_path
from declaration.spool import digest

ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest date a zip can hold
ZIP_EPOCH_MAX = 4354819199  # 2107-12-31T23:59:59Z, the latest


@dataclass(frozen=True, slots=True)
class Published:
    bundle: Path
    zip: Path
    size: int
    sha256: str


def citation_text(dataset: DatasetMeta) -> str:
    return (
        f"{dataset.name} contributors ({dataset.created.year}). *{dataset.title}* "
        f"(version {dataset.version}) [Data set]. {dataset.homepage}"
    )


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def citation_cff(release: Release, dataset: DatasetMeta) -> bytes:
    """The citation: the dataset, and among its references each declaration's publication."""
    quote = _quote
    keywords = "".join(f"  - {quote(k)}\n" for k in dataset.keywords)
    references = "".join(
        "  - type: generic\n"
        f"    title: {quote(decl.title)}\n"
        "    authors:\n"
        f"      - name: {quote(decl.publisher.name)}\n"
        f"    date-published: {quote(decl.date.isoformat())}\n"
        f"    url: {quote(decl.source.url)}\n"
        for decl in members(release)
    )
    return (
        "cff-version: 1.2.0\n"
        "message: If you use this dataset, please cite it as below.\n"
        "type: dataset\n"
        f"title: {quote(dataset.title)}\n"
        f"version: {quote(dataset.version)}\n"
        f"date-released: {quote(dataset.created.date().isoformat())}\n"
        f"license: {dataset.license.id}\n"
        f"license-url: {quote(dataset.license.url)}\n"
        f"url: {quote(dataset.homepage)}\n"
        f"abstract: {quote(dataset.description)}\n"
        "authors:\n"
        f"  - name: {quote(dataset.name + ' contributors')}\n"
        "keywords:\n"
        f"{keywords}"
        "references:\n"
        f"{references}"
    ).encode()


_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
# lines only for one declaration, or only for a corpus
_SECTION = re.compile(r"\{\{#(declaration|corpus)\}\}\n(.*?)\{\{/\1\}\}\n", re.DOTALL)
BLOCKS = frozenset({"attributions"})  # the values of several lines


def template(name: str, corpus: bool = False) -> str:
    """A bundle file's template (``bundle-README.md``, ``bundle-LICENSE.txt``), with the
    sections of a corpus or of one declaration."""
    text = resources.files("declaration").joinpath(f"resources/{name}").read_text(encoding="utf-8")
    kind = "corpus" if corpus else "declaration"
    return _SECTION.sub(lambda match: match[2] if match[1] == kind else "", text)


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``{{key}}`` replaced by its value, in one pass."""
    return _PLACEHOLDER.sub(lambda match: values[match[1]], text)


def unfill(text: str, filled: str) -> dict[str, str] | None:
    """The values that :func:`fill` put into ``text`` to give ``filled``, or None.

    Each value is one line (of several, for the keys of ``BLOCKS``); a key used twice must
    have the same value both times.
    """
    pattern, seen = [], set()
    for index, piece in enumerate(_PLACEHOLDER.split(text)):
        if index % 2 == 0:
            pattern.append(re.escape(piece))
        elif piece in seen:
            pattern.append(f"(?P={piece})")
        else:
            seen.add(piece)
            value = "(?s:.*?)" if piece in BLOCKS else "[^\\n]*?"
            pattern.append(f"(?P<{piece}>{value})")
    match = re.fullmatch("".join(pattern), filled)
    return match.groupdict() if match else None


def _values(release: Release, dataset: DatasetMeta) -> dict[str, str]:
    decls = members(release)
    decl = decls[0]  # the paths of the examples: the first declaration's
    paths = {"jsonld": jsonld.PATH, "turtle": jsonld.TURTLE_PATH, "akn": akn.PATH}
    if isinstance(release, Corpus):
        paths = {key: member_path(path, decl.id) for key, path in paths.items()}
    return paths | {
        "count": str(len(decls)),
        "attributions": "\n".join(
            f"- {d.id}: {d.publisher.name} ({d.publisher.url}), {d.source.url}" for d in decls
        ),
        "title": dataset.title,
        "description": dataset.description,
        "keywords": KEYWORD_SEPARATOR.join(dataset.keywords),
        "name": dataset.name,
        "version": dataset.version,
        "source": decl.source.url,
        "publisher": decl.publisher.name,
        "publisher_url": decl.publisher.url,
        "citation": citation_text(dataset),
        "license_title": dataset.license.title,
        "license_id": dataset.license.id,
        "license_url": dataset.license.url,
        "code_license": dataset.code_license,
    }


KEYWORD_SEPARATOR = " · "


def bundle_readme(release: Release, dataset: DatasetMeta) -> bytes:
    text = template("bundle-README.md", isinstance(release, Corpus))
    return fill(text, _values(release, dataset)).encode("utf-8")


def bundle_license(release: Release, dataset: DatasetMeta) -> bytes:
    text = template("bundle-LICENSE.txt", isinstance(release, Corpus))
    return fill(text, _values(release, dataset)).encode("utf-8")


def sha256sums(files: Mapping[str, bytes]) -> bytes:
    return "".join(f"{digest(files, path)[1]}  {path}\n" for path in sorted(files)).encode()


def bundle_files(
    release: Release,
    dataset: DatasetMeta,
    changelog: bytes,
    written: MutableMapping[str, bytes] | None = None,
    store: MutableMapping[str, bytes] | None = None,
) -> MutableMapping[str, bytes]:
    """Every file of the bundle (``written``, ``store``: as :func:`build.release_files`)."""
    files = release_files(release, dataset, written, store)
    files["README.md"] = bundle_readme(release, dataset)
    files["CITATION.cff"] = citation_cff(release, dataset)
    files["CHANGELOG.md"] = changelog
    files["LICENSE"] = bundle_license(release, dataset)
    files["SHA256SUMS"] = sha256sums(files)
    return dict(sorted(files.items())) if isinstance(files, dict) else files


def epoch(dataset: DatasetMeta) -> int:
    """The one timestamp of the zip: ``SOURCE_DATE_EPOCH`` if set, else the release date.

    A zip entry holds the years 1980 to 2107; an earlier epoch is raised to 1980, a later
    one, or one that is not ASCII digits, is refused.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return max(int(dataset.created.timestamp()), ZIP_EPOCH_MIN)
    if not re.fullmatch(r"[0-9]{1,20}", value, flags=re.ASCII) or int(value) > ZIP_EPOCH_MAX:
        raise InputError(
            "source-date-epoch",
            f"SOURCE_DATE_EPOCH={value[:40]}; expected ASCII digits, seconds since "
            f"1970 up to {ZIP_EPOCH_MAX} (the last second a zip can hold, in 2107)",
            Location("$SOURCE_DATE_EPOCH"),
        )
    return max(int(value), ZIP_EPOCH_MIN)


def write_zip(files: Mapping[str, bytes], timestamp: int, handle: BinaryIO) -> None:
    """The release zip, to ``handle``: ``datapackage.json`` at its root (so that frictionless
    reads the zip as a package), entries sorted, deflated at level 9, one timestamp, fixed
    permissions; one file read at a time."""
    date_time = time.gmtime(timestamp)[:6]
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix
            info.external_attr = (0o100644 & 0xFFFF) << 16
            archive.writestr(info, files[path], compresslevel=9)
