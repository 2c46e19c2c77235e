"""Semantic versions (semver.org 2.0.0): the lowest version a change calls for, and their
precedence."""

from __future__ import annotations

import re
from typing import Literal

Level = Literal["patch", "minor", "major"]

_SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?")


def _parts(version: str) -> tuple[int, int, int, bool]:
    match = _SEMVER.fullmatch(version)
    if match is None:
        raise ValueError(version)
    return int(match[1]), int(match[2]), int(match[3]), match[4] is None


def required_version(old: str, level: Level | None) -> str:
    """The lowest version a release that makes a change of ``level`` from version ``old``
    may have (``old`` itself for no change)."""
    major, minor, patch, _ = _parts(old)
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    if level == "patch":
        return f"{major}.{minor}.{patch + 1}"
    return old


def at_least(version: str, required: str) -> bool:
    """Whether ``version`` is ``required`` or later (semantic versioning's precedence; a
    pre-release comes before its release)."""
    a, b = _parts(version), _parts(required)
    return a[:3] > b[:3] or (a[:3] == b[:3] and a[3] >= b[3])
