"""Write a set of generated files into a directory, all or nothing.

Everything is written into a temporary directory beside the target first; only then is
each top-level entry (``data/``, ``schemas/``, ``datapackage.json``) swapped in by a
rename. An error before the swap leaves the previous output untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath


def write_tree(out: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (relative POSIX paths to bytes) under ``out``; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        for name, data in sorted(files.items()):
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts:
                raise ValueError(f"unsafe path in a bundle: {name}")
            target = staging.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            os.chmod(target, 0o644)
        tops = sorted({PurePosixPath(name).parts[0] for name in files})
        for top in tops:
            new, current = staging / top, out / top
            if new.is_dir() and current.is_dir():
                retired = staging / f".retired-{top}"
                current.rename(retired)
                new.rename(current)
            else:
                os.replace(new, current)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / name for name in sorted(files)]
