"""The release zip: ``build/<name>-<version>.zip`` holds the bundle's files at its root, so
that frictionless reads it as a package; it is byte-reproducible: entries sorted, deflated
at level 9, one timestamp from ``SOURCE_DATE_EPOCH`` or the metadata, fixed permissions, no
extra fields."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from declaration.errors import InputError, Location
from declaration.metadata import DatasetMeta
from declaration.output import Output

ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest date a zip can hold
ZIP_EPOCH_MAX = 4354819199  # 2107-12-31T23:59:59Z, the latest


def name(dataset: DatasetMeta) -> str:
    """The zip's name (and that of the bundle directory, without ``.zip``)."""
    return f"{dataset.name}-{dataset.version}.zip"


OUTPUT = Output(  # written by ``publish`` beside the bundle, from it
    "<name>-<version>.zip",
    "archive",
    "The whole release in one zip, datapackage.json at its root.",
    "zip",
    "application/zip",
    "ZIP",
    "archive",
    lambda release, files: _zipped(release.dataset, files),
    encoding=None,
)


@dataclass(frozen=True, slots=True)
class Published:
    bundle: Path
    zip: Path
    size: int
    sha256: str


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


def _zipped(dataset: DatasetMeta, files: Mapping[str, bytes]) -> bytes:
    """The zip of ``files``, in memory (``publish`` streams it instead: :func:`write_zip`)."""
    buffer = io.BytesIO()
    write_zip(files, epoch(dataset), buffer)
    return buffer.getvalue()


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
