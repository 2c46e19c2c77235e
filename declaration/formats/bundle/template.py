"""The templates of the bundle's documents for people (``bundle-README.md``,
``bundle-LICENSE.txt``): filled from the release, and read back (:func:`unfill`) by the
validator, which decides the dataset facts from them."""

from __future__ import annotations

import re
from importlib import resources

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
# lines only for one declaration, or only for a corpus
_SECTION = re.compile(r"\{\{#(declaration|corpus)\}\}\n(.*?)\{\{/\1\}\}\n", re.DOTALL)
BLOCKS = frozenset({"attributions", "files", "examples", "signature"})  # values of several lines
KEYWORD_SEPARATOR = " · "


def template(name: str, kind: str, parts: dict[str, str] | None = None) -> str:
    """A bundle file's template, with the sections of ``kind`` (``declaration`` or
    ``corpus``) and the ``parts`` that no dataset fact fills (the file table, the examples:
    what the outputs say) put in."""
    text = resources.files("declaration").joinpath(f"resources/{name}").read_text(encoding="utf-8")
    text = _SECTION.sub(lambda match: match[2] if match[1] == kind else "", text)
    if parts:
        text = _PLACEHOLDER.sub(lambda match: parts.get(match[1], match[0]), text)
    return text


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
