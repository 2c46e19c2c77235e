"""The release bundle and its zip, as bytes (:mod:`declaration.pipeline` checks and writes them).

``build/<name>-<version>/`` holds ``datapackage.json``, ``data/``, ``schemas/``, a README for
data users, ``CITATION.cff``, ``CHANGELOG.md``, ``LICENSE`` and ``SHA256SUMS``; ``build/<name>-<version>.zip``
holds the same. The zip holds the bundle's files at its root, so that frictionless reads it as
a package; it is byte-reproducible: entries sorted, deflated at level 9, one timestamp from
``SOURCE_DATE_EPOCH`` or the metadata, fixed permissions, no extra fields.
"""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from declaration.build import release_files
from declaration.errors import InputError, Location
from declaration.metadata import DatasetMeta
from declaration.model import Declaration
from declaration.spool import digest

ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest date a zip can hold
ZIP_EPOCH_MAX = 4354819199  # 2107-12-31T23:59:59Z, the latest


@dataclass(frozen=True, slots=True)
class Published:
    bundle: Path
    zip: Path
    size: int
    sha256: str


def citation_text(decl: Declaration, dataset: DatasetMeta) -> str:
    return (
        f"{dataset.name} contributors ({dataset.created.year}). *{dataset.title}* "
        f"(version {dataset.version}) [Data set]. {dataset.homepage}"
    )


def citation_cff(decl: Declaration, dataset: DatasetMeta) -> bytes:
    def quote(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    keywords = "".join(f"  - {quote(k)}\n" for k in dataset.keywords)
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
        "  - type: generic\n"
        f"    title: {quote(decl.title)}\n"
        "    authors:\n"
        f"      - name: {quote(decl.publisher.name)}\n"
        f"    date-published: {quote(decl.date.isoformat())}\n"
        f"    url: {quote(decl.source.url)}\n"
    ).encode()


_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def template(name: str) -> str:
    """A bundle file's template (``bundle-README.md``, ``bundle-LICENSE.txt``)."""
    return resources.files("declaration").joinpath(f"resources/{name}").read_text(encoding="utf-8")


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``{{key}}`` replaced by its value, in one pass."""
    return _PLACEHOLDER.sub(lambda match: values[match[1]], text)


def unfill(text: str, filled: str) -> dict[str, str] | None:
    """The values that :func:`fill` put into ``text`` to give ``filled``, or None.

    Each value is one line; a key used twice must have the same value both times.
    """
    pattern, seen = [], set()
    for index, piece in enumerate(_PLACEHOLDER.split(text)):
        if index % 2 == 0:
            pattern.append(re.escape(piece))
        elif piece in seen:
            pattern.append(f"(?P={piece})")
        else:
            seen.add(piece)
            pattern.append(f"(?P<{piece}>[^\\n]*?)")
    match = re.fullmatch("".join(pattern), filled)
    return match.groupdict() if match else None


def _values(decl: Declaration, dataset: DatasetMeta) -> dict[str, str]:
    return {
        "title": dataset.title,
        "description": dataset.description,
        "keywords": KEYWORD_SEPARATOR.join(dataset.keywords),
        "name": dataset.name,
        "version": dataset.version,
        "source": decl.source.url,
        "publisher": decl.publisher.name,
        "publisher_url": decl.publisher.url,
        "citation": citation_text(decl, dataset),
        "license_title": dataset.license.title,
        "license_id": dataset.license.id,
        "license_url": dataset.license.url,
        "code_license": dataset.code_license,
    }


KEYWORD_SEPARATOR = " · "


def bundle_readme(decl: Declaration, dataset: DatasetMeta) -> bytes:
    return fill(template("bundle-README.md"), _values(decl, dataset)).encode("utf-8")


def bundle_license(decl: Declaration, dataset: DatasetMeta) -> bytes:
    return fill(template("bundle-LICENSE.txt"), _values(decl, dataset)).encode("utf-8")


def sha256sums(files: Mapping[str, bytes]) -> bytes:
    return "".join(f"{digest(files, path)[1]}  {path}\n" for path in sorted(files)).encode()


def bundle_files(
    decl: Declaration,
    dataset: DatasetMeta,
    changelog: bytes,
    written: MutableMapping[str, bytes] | None = None,
) -> MutableMapping[str, bytes]:
    files = release_files(decl, dataset, written)
    files["README.md"] = bundle_readme(decl, dataset)
    files["CITATION.cff"] = citation_cff(decl, dataset)
    files["CHANGELOG.md"] = changelog
    files["LICENSE"] = bundle_license(decl, dataset)
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


def zip_bytes(files: Mapping[str, bytes], timestamp: int) -> bytes:
    """The release zip: ``datapackage.json`` at its root (so that frictionless reads the zip as
    a package), entries sorted, deflated at level 9, one timestamp, fixed permissions."""
    out = io.BytesIO()
    date_time = time.gmtime(timestamp)[:6]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path, data in sorted(files.items()):
            info = zipfile.ZipInfo(path, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix
            info.external_attr = (0o100644 & 0xFFFF) << 16
            archive.writestr(info, data, compresslevel=9)
    return out.getvalue()
