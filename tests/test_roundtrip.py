"""Every format reads back to the Declaration it was written from, on the real declaration
and on generated ones; the texts are the published paragraphs in every format."""

from __future__ import annotations

import json

from hypothesis import given, settings

from declaration.formats import akn, csv, jsonld, text
from declaration.model import Declaration
from declaration.source import load_source
from tests.strategies import declarations, enriched_declarations

READERS = {
    "csv": lambda d: csv.read(csv.write(d)),
    "jsonld": lambda d: jsonld.read(jsonld.write(d)),
    "akn": lambda d: akn.read(akn.write(d)),
    "text": lambda d: text.read(text.write(d), d),
}


def test_every_format_reads_back_the_real_declaration(decl: Declaration) -> None:
    for name, roundtrip in READERS.items():
        assert roundtrip(decl) == decl, name


@settings(max_examples=100, deadline=None)
@given(declarations(load_source()[0]))
def test_every_format_reads_back_generated_declarations(generated: Declaration) -> None:
    for name, roundtrip in READERS.items():
        assert roundtrip(generated) == generated, name


@settings(max_examples=100, deadline=None)
@given(enriched_declarations(load_source()[0]))
def test_every_format_reads_back_generated_mentions_and_dates(generated: Declaration) -> None:
    for name, roundtrip in READERS.items():
        assert roundtrip(generated) == generated, name


def test_texts_are_identical_in_every_format(decl: Declaration, published: str) -> None:
    expected = [published[p.start : p.end] for p in decl.paragraphs]
    rows = csv.write(decl)[csv.PARAGRAPHS.path].decode("utf-8")
    import csv as stdlib_csv
    import io

    assert [r["text"] for r in stdlib_csv.DictReader(io.StringIO(rows))] == expected
    doc = json.loads(jsonld.write(decl))
    assert [n["text"]["@value"] for n in doc["hasPart"]] == expected
    from lxml import etree

    root = etree.fromstring(akn.write(decl))
    ns = {"a": akn.AKN_NS}
    paths = "//a:preamble/a:p | //a:mainBody/a:paragraph/a:content/a:p"
    assert ["".join(p.itertext()) for p in root.xpath(paths, namespaces=ns)] == expected
    lines = text.write(decl).decode("utf-8").removesuffix("\n").split("\n\n")
    assert lines == [
        (f"{p.label} " if p.label else "") + t
        for p, t in zip(decl.paragraphs, expected, strict=True)
    ]
