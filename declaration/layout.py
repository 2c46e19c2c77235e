"""The layout of a published declaration, defined once.

An optional BOM; the blocks (the preamble's paragraphs, the points, then the page's
excluded lines) separated by one blank line; a point's label ``N.`` and one space before
its text; an optional final line ending. The model rebuilds the source with
:func:`pieces`, the parser reads labels with :data:`POINT_RE`, the text writer writes
:func:`block`, and readers of formats that keep no offsets place every block with
:func:`lay_out`. Offsets are in code points; the BOM counts as one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from declaration import ids

BOM = "\ufeff"
# The label of a point at the start of its line in the published text: "N. " (N up to 9999).
POINT_RE = re.compile(r"(0|[1-9][0-9]{0,3})\. ")


def label(number: int) -> str:
    return f"{number}."


def block(label: str | None, text: str) -> str:
    """A block as its line of the source: the label and one space, then the text."""
    return f"{label} {text}" if label is not None else text


def separator(newline: str) -> str:
    """Between two blocks: one blank line."""
    return newline * 2


def pieces(
    bom: bool, newline: str, final_newline: bool, blocks: Sequence[tuple[str | None, str]]
) -> list[tuple[int | None, str]]:
    """The source as pieces: ``(i, text)`` is the text of ``blocks[i]`` (a label and a text);
    ``(None, text)`` is layout (BOM, label, separator, final line ending)."""
    out: list[tuple[int | None, str]] = [(None, BOM)] if bom else []
    for index, (name, text) in enumerate(blocks):
        if index:
            out.append((None, separator(newline)))
        if name is not None:
            out.append((None, name + " "))
        out.append((index, text))
    if final_newline:
        out.append((None, newline))
    return out


def lay_out(
    bom: bool, newline: str, blocks: Sequence[tuple[str, str]], excluded: Sequence[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The fields of the paragraphs (eIds, numbers, labels, offsets) and of the excluded
    spans, from their kinds and texts alone."""
    offset = len(BOM) if bom else 0
    paragraphs: list[dict[str, Any]] = []
    counts = {"preamble": 0, "point": 0}
    for position, (kind, text) in enumerate(blocks, start=1):
        counts[kind] += 1
        number = counts[kind] if kind == "point" else None
        name = label(number) if number is not None else None
        offset += len(block(name, "")) if name is not None else 0
        paragraphs.append(
            {
                "eid": ids.paragraph_eid(kind, counts[kind]),
                "kind": kind,
                "position": position,
                "number": number,
                "label": name,
                "text": text,
                "start": offset,
                "end": offset + len(text),
            }
        )
        offset += len(text) + len(separator(newline))
    last = paragraphs[-1]["end"] if paragraphs else offset
    return paragraphs, place_excluded(newline, last, excluded)


def place_excluded(newline: str, after: int, texts: Sequence[str]) -> list[dict[str, Any]]:
    """The fields of the excluded spans following the last paragraph, which ends at ``after``."""
    spans = []
    offset = after
    for text in texts:
        offset += len(separator(newline))
        spans.append({"text": text, "start": offset, "end": offset + len(text)})
        offset += len(text)
    return spans
