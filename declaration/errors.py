"""One hierarchy of typed errors, each with a stable code and a location.

Errors are raised by the library and rendered once, by the CLI, as
``PATH:LINE:COL: error[CODE]: message``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """Where an error is: a file, and a 1-based line and column (code points) in it."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{printable(self.path, 1000)}:{self.line}:{self.column}"


class DeclarationError(Exception):
    """Base of every error the library raises on purpose.

    ``code`` is stable (tests and users match on it); ``message`` is for people.
    """

    exit_code = 1

    def __init__(self, code: str, message: str, location: Location) -> None:
        super().__init__(f"{location}: error[{code}]: {message}")
        self.code = code
        self.message = message
        self.location = location

    def __reduce__(self) -> tuple[type[DeclarationError], tuple[str, str, Location]]:
        """Pickled with its code, message and location (from a worker process)."""
        return (type(self), (self.code, self.message, self.location))

    def render(self) -> str:
        """The one-line form the CLI prints."""
        return (
            f"{self.location}: error[{self.code}]: {printable(self.message, 1000, backslash=False)}"
        )


class InputError(DeclarationError):
    """The input cannot be read as a declaration: bad text, bad metadata, bad usage."""

    exit_code = 2


class SourceTextError(InputError):
    """The published text does not have the shape of a declaration."""


class MetadataError(InputError):
    """``metadata.toml`` is not valid."""


class InvalidDataError(DeclarationError):
    """A record or a bundle breaks one of its contracts."""

    exit_code = 1


def printable(text: str, limit: int = 200, *, backslash: bool = True) -> str:
    """``text`` safe to print on one line: control and format characters escaped, cut at ``limit``."""
    out = []
    for char in text[:limit]:
        if (char == "\\" and backslash) or unicodedata.category(char) in (
            "Cc",
            "Cf",
            "Zl",
            "Zp",
            "Cs",
            "Co",
            "Cn",
        ):
            out.append(char.encode("unicode_escape").decode("ascii") if char != "\\" else "\\\\")
        else:
            out.append(char)
    return "".join(out) + ("…" if len(text) > limit else "")


def byte_location(raw: bytes, offset: int, path: str) -> Location:
    """The line and column (code points) of a byte ``offset``, such as that of an invalid
    UTF-8 byte in ``raw``."""
    prefix = raw[:offset]
    column = len(prefix[prefix.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return Location(path, prefix.count(b"\n") + 1, column)


def location_of(text: str, offset: int, path: str) -> Location:
    """The line and column of a code-point ``offset`` in ``text`` (a BOM is not a column)."""
    line = text.count("\n", 0, offset) + 1
    line_start = text.rfind("\n", 0, offset) + 1
    column = offset - line_start + 1
    if line == 1 and text.startswith("\ufeff") and offset > 0:
        column -= 1
    return Location(path, line, column)


def reason(exc: Exception) -> str:
    """One line saying why ``exc`` was raised; for a pydantic error, its first problem and where."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        message = str(first["msg"]).removeprefix("Value error, ")
        return f"{where}: {message}" if where else message
    return str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
