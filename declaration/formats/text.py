"""The plain text of the declaration alone: paragraphs separated by a blank line, points
with their labels, a final newline; the page's navigation is left out."""

from __future__ import annotations

from pydantic import ValidationError

from declaration import layout
from declaration.errors import InvalidDataError, Location, reason
from declaration.layout import POINT_RE
from declaration.model import Declaration, Paragraph
from declaration.output import Output

PATH = "data/declaration.fra.txt"


def write(decl: Declaration) -> bytes:
    blocks = [layout.block(p.label, p.text) for p in decl.paragraphs]
    return (layout.separator("\n").join(blocks) + "\n").encode("utf-8")


def read(data: bytes, like: Declaration, path: str = PATH) -> Declaration:
    """The declaration ``like``, with the paragraphs read from the text ``data``.

    The plain text holds only the paragraphs; the rest comes from ``like``. The result
    must still rebuild the source whose hash ``like`` records.
    """
    text = data.decode("utf-8")
    if not text.endswith("\n"):
        raise InvalidDataError("text-layout", "no final newline", Location(path))
    blocks: list[tuple[str, str]] = []
    for block in text[:-1].split(layout.separator("\n")):
        match = POINT_RE.match(block)
        blocks.append(("point", block[match.end() :]) if match else ("preamble", block))
    try:
        source = like.source
        fields, excluded = layout.lay_out(
            source.bom, source.newline_chars, blocks, [e.text for e in like.excluded]
        )
        if len(fields) != len(like.paragraphs):
            raise InvalidDataError(
                "text-mismatch",
                f"{len(fields)} paragraphs, expected {len(like.paragraphs)}",
                Location(path),
            )
        # the plain text carries no markup: the mentions and dates are those of ``like``
        paragraphs = tuple(
            Paragraph.model_validate(p | {"mentions": q.mentions, "dates": q.dates})
            for p, q in zip(fields, like.paragraphs, strict=True)
        )
        return Declaration.model_validate(
            {**like.model_dump(), "paragraphs": paragraphs, "excluded": excluded}
        )
    except ValidationError as exc:
        raise InvalidDataError("text-mismatch", reason(exc), Location(path)) from None


OUTPUTS = (
    Output(
        PATH,
        "declaration-text",
        "The plain text of the declaration: its paragraphs as published, points with their "
        "labels (an official document of its publisher, reproduced exactly: not under the "
        "edition's licence, see LICENSE).",
        "txt",
        "text/plain",
        "TXT",
        "data",
        lambda decl, _: write(decl),
        per_declaration=True,
    ),
)
