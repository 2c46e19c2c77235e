"""From the published text to a Declaration: ``parse(text, metadata) -> Declaration``.

The published text is a sequence of one-line blocks separated by one blank line:
preamble paragraphs, then points ``N. text`` numbered from 1, then optionally the
publishing page's navigation lines (listed in the metadata), which are kept as
excluded spans. Anything else is a :class:`SourceTextError` with its line and column.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError

from declaration import ids
from declaration.errors import SourceTextError, byte_location, location_of, reason
from declaration.layout import POINT_RE, label
from declaration.layout import block as block_text
from declaration.metadata import Metadata
from declaration.model import Declaration, Excluded, Paragraph, Source

MAX_BYTES = 5_000_000
# C0 and C1 controls other than the line feed and carriage return, a BOM past the start,
# and the non-characters that XML 1.0 forbids (so that every text can be written as AKN).
CONTROL_RE = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]|\r(?!\n)")


_Fail = Callable[[str, str, int], SourceTextError]


@dataclass(frozen=True, slots=True)
class _Block:
    start: int  # offset of the block's first character
    line: str


def decode(raw: bytes, path: str) -> str:
    """UTF-8 text of ``raw``; a BOM is kept as U+FEFF so offsets count it."""
    _check_size(len(raw), path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceTextError(
            "not-utf8",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; expected UTF-8 text",
            byte_location(raw, exc.start, path),
        ) from None


def _check_size(size: int, path: str) -> None:
    if size > MAX_BYTES:
        raise SourceTextError(
            "too-large",
            f"the file has {size} bytes; expected at most {MAX_BYTES}",
            location_of("", 0, path),
        )


def source_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse(text: str | bytes, metadata: Metadata, path: str = "<text>") -> Declaration:
    """Read the published text of a declaration; every character is accounted for."""
    if isinstance(text, bytes):
        text = decode(text, path)
    else:
        _check_size(len(text.encode("utf-8", "surrogatepass")), path)

    def fail(code: str, message: str, offset: int) -> SourceTextError:
        return SourceTextError(code, message, location_of(text, offset, path))

    bom = text.startswith("\ufeff")
    begin = 1 if bom else 0
    if not text[begin:].strip():
        raise fail("empty", "the file is empty or blank; expected the text of a declaration", 0)
    newline = _newline(text, begin, fail)
    blocks, final_newline = _blocks(text, begin, newline, fail)
    paragraphs, excluded = _paragraphs(blocks, metadata, fail)

    digest = source_sha256(text)
    if digest != metadata.source.sha256:
        raise fail(
            "source-hash",
            f"the text has SHA-256 {digest}; the metadata records {metadata.source.sha256}",
            0,
        )
    meta = metadata.declaration
    try:
        return Declaration(
            base_iri=metadata.dataset.base_iri,
            release=metadata.release,
            country=meta.country,
            subtype=meta.subtype,
            number=meta.number,
            title=meta.title,
            date=meta.date,
            place=meta.place,
            language=meta.language,
            legally_binding=meta.legally_binding,
            parties=metadata.parties,
            publisher=metadata.publisher,
            source=Source(
                url=metadata.source.url,
                sha256=digest,
                bom=bom,
                newline="CRLF" if newline == "\r\n" else "LF",
                final_newline=final_newline,
            ),
            paragraphs=tuple(paragraphs),
            excluded=tuple(excluded),
        )
    except ValidationError as exc:  # a rule of the model that no earlier check caught
        raise SourceTextError("model-invalid", reason(exc), location_of(text, 0, path)) from None


def _newline(text: str, begin: int, fail: _Fail) -> str:
    """The text's line ending, after checking it has no control character and no mix."""
    control = CONTROL_RE.search(text, begin)
    if control:
        char = control.group()
        raise fail(
            "control-character",
            f"character U+{ord(char[0]):04X} (a control or non-character); expected printable text and line breaks",
            control.start(),
        )
    newline = "\r\n" if "\r\n" in text else "\n"
    if newline == "\r\n":
        bare = re.search(r"(?<!\r)\n", text)
        if bare:
            raise fail(
                "mixed-newlines",
                "a bare LF in a CRLF file; expected CRLF line endings",
                bare.start(),
            )
    return newline


def _blocks(text: str, begin: int, newline: str, fail: _Fail) -> tuple[list[_Block], bool]:
    """The one-line blocks, checking that exactly one blank line separates them."""
    body = text[begin:]
    lines = body.split(newline)
    final_newline = len(lines) > 1 and lines[-1] == ""
    if final_newline:
        lines.pop()
    blocks: list[_Block] = []
    offset = begin
    for index, line in enumerate(lines):
        if line and not line.strip():
            raise fail("blank-line", "a line of spaces; expected an empty line or text", offset)
        if index % 2 == 0 and not line:
            where = "at the start of the file" if index == 0 else "between paragraphs"
            raise fail(
                "blank-line", f"an extra blank line {where}; expected one blank line", offset
            )
        if index % 2 == 1 and line:
            raise fail(
                "line-break", "a paragraph continues on a new line; expected a blank line", offset
            )
        if line:
            blocks.append(_Block(offset, line))
        offset += len(line) + len(newline)
    if len(lines) % 2 == 0:
        raise fail(
            "blank-line",
            "a blank line at the end of the file; expected text",
            offset - len(newline),
        )
    return blocks, final_newline


def _paragraphs(
    blocks: list[_Block], metadata: Metadata, fail: _Fail
) -> tuple[list[Paragraph], list[Excluded]]:
    numbers = [_point_number(block) for block in blocks]
    if numbers[0] is not None:
        raise fail(
            "no-preamble",
            "the text starts with a numbered point; expected a preamble",
            blocks[0].start,
        )
    if all(number is None for number in numbers):
        raise fail(
            "no-point",
            "no numbered point; expected points numbered '1. ', '2. ', …",
            blocks[-1].start + len(blocks[-1].line),
        )
    navigation = set(metadata.source.navigation)
    paragraphs: list[Paragraph] = []
    excluded: list[Excluded] = []
    expected = 1
    for index, (block, number) in enumerate(zip(blocks, numbers, strict=True)):
        if excluded or (expected > 1 and number is None):
            excluded.append(_excluded(block, navigation, expected, fail))
        elif number is None:
            paragraphs.append(_preamble(block, len(paragraphs) + 1))
        else:
            # only on the way to an error: whether the expected point comes later
            later = number > expected and expected in numbers[index + 1 :]
            _check_number(number, expected, later, block, fail)
            paragraphs.append(_point(block, number, len(paragraphs) + 1, fail))
            expected += 1
    return paragraphs, excluded


def _excluded(block: _Block, navigation: set[str], expected: int, fail: _Fail) -> Excluded:
    if block.line not in navigation:
        raise fail(
            "trailing-text",
            f"unrecognised text after point {expected - 1}; expected a numbered point "
            f"'{expected}. ' or the page's navigation lines",
            block.start,
        )
    return Excluded(text=block.line, start=block.start, end=block.start + len(block.line))


def _preamble(block: _Block, position: int) -> Paragraph:
    return Paragraph(
        eid=ids.paragraph_eid("preamble", position),
        kind="preamble",
        position=position,
        text=block.line,
        start=block.start,
        end=block.start + len(block.line),
    )


def _check_number(number: int, expected: int, later: bool, block: _Block, fail: _Fail) -> None:
    """Points are numbered 1, 2, 3… in order; ``later``: whether ``expected`` comes after."""
    if number == 0:
        raise fail("point-zero", "a point numbered 0; expected points numbered from 1", block.start)
    if number < expected:
        raise fail(
            "point-repeated",
            f"point {number} appears twice; expected point {expected}",
            block.start,
        )
    if number > expected and later:
        raise fail(
            "point-out-of-order",
            f"point {number} comes before point {expected}; expected point {expected}",
            block.start,
        )
    if number > expected:
        raise fail(
            "point-missing", f"point {expected} is missing; found point {number}", block.start
        )


def _point(block: _Block, number: int, position: int, fail: _Fail) -> Paragraph:
    name = label(number)
    text_start = block.start + len(block_text(name, ""))
    text = block.line[text_start - block.start :]
    if not text.strip():
        raise fail(
            "empty-point",
            f"point {number} has no text; expected text after '{name} '",
            text_start,
        )
    return Paragraph(
        eid=ids.paragraph_eid("point", number),
        kind="point",
        position=position,
        number=number,
        label=name,
        text=text,
        start=text_start,
        end=text_start + len(text),
    )


def _point_number(block: _Block) -> int | None:
    match = POINT_RE.match(block.line)
    return int(match[1]) if match else None
