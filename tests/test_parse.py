"""The parser on the published text, its variants (CRLF, BOM) and every kind of bad text."""

from __future__ import annotations

import pytest

from declaration.errors import SourceTextError
from declaration.parse import MAX_BYTES, parse
from declaration.source import load
from tests.conftest import with_text

EXPECTED_EIDS = [f"preamble__p_{n}" for n in (1, 2, 3)] + [f"para_{n}" for n in range(1, 11)]


def test_published_text_gives_three_preamble_paragraphs_and_ten_points(published: str) -> None:
    decl = load()
    assert [p.eid for p in decl.paragraphs] == EXPECTED_EIDS
    assert [p.kind for p in decl.paragraphs] == ["preamble"] * 3 + ["point"] * 10
    assert [p.position for p in decl.paragraphs] == list(range(1, 14))
    assert [p.number for p in decl.points] == list(range(1, 11))
    assert [p.label for p in decl.points] == [f"{n}." for n in range(1, 11)]


def test_paragraph_texts_are_the_published_blocks_exactly(published: str) -> None:
    decl = load()
    blocks = published.split("\n\n")
    assert [p.text for p in decl.preamble] == blocks[:3]
    assert [f"{p.label} {p.text}" for p in decl.points] == blocks[3:13]
    for paragraph in decl.paragraphs:
        assert published[paragraph.start : paragraph.end] == paragraph.text


def test_offsets_of_the_published_text() -> None:
    decl = load()
    spans = [(p.start, p.end) for p in decl.paragraphs]
    assert spans[0] == (0, 516)
    assert spans[3] == (1287, 1684)  # after "\n\n1. "
    assert spans[-1] == (5873, 6226)  # after "\n\n10. "
    assert [(e.text, e.start, e.end) for e in decl.excluded] == [
        ("À consulter également", 6228, 6249),
        ("Voir tous les articles et dossiers", 6251, 6285),
    ]


def test_quirks_of_the_publication_are_kept(published: str) -> None:
    decl = load()
    texts = {p.eid: p.text for p in decl.paragraphs}
    assert "tirer pleinement partie" in texts["para_3"]
    assert "participer Sommet" in texts["para_6"]
    assert texts["preamble__p_1"].startswith("A l’invitation")
    assert texts["preamble__p_3"].startswith("A cette fin")
    joined = "".join(texts.values())
    assert (joined.count("\u2019"), joined.count("'")) == (51, 15)


def test_every_character_is_accounted_for(published: str) -> None:
    decl = load()
    assert decl.rebuild() == published
    assert decl.source.sha256 == "a791a9dcd9dab966510f0e9cdee7642264ca88131e4e5b726672b13c0f7ac138"
    assert (decl.source.bom, decl.source.newline, decl.source.final_newline) == (False, "LF", False)


@pytest.mark.parametrize(
    ("variant", "bom", "newline", "final"),
    [
        (lambda t: t.replace("\n", "\r\n"), False, "CRLF", False),
        (lambda t: "\ufeff" + t, True, "LF", False),
        (lambda t: "\ufeff" + t.replace("\n", "\r\n") + "\r\n", True, "CRLF", True),
        (lambda t: t + "\n", False, "LF", True),
    ],
    ids=["crlf", "bom", "bom-crlf-final-newline", "final-newline"],
)
def test_crlf_and_bom_are_accepted_and_recorded(
    published, metadata, variant, bom, newline, final
) -> None:
    text = variant(published)
    decl = parse(text.encode("utf-8"), with_text(metadata, text))
    assert (decl.source.bom, decl.source.newline, decl.source.final_newline) == (
        bom,
        newline,
        final,
    )
    assert [p.text for p in decl.paragraphs] == [p.text for p in load().paragraphs]
    for paragraph in decl.paragraphs:
        assert text[paragraph.start : paragraph.end] == paragraph.text
    assert decl.rebuild() == text


def _replace_block(published: str, index: int, new: str) -> str:
    blocks = published.split("\n\n")
    blocks[index] = new
    return "\n\n".join(blocks)


def _drop_block(published: str, index: int) -> str:
    blocks = published.split("\n\n")
    del blocks[index]
    return "\n\n".join(blocks)


# (what the text becomes, the error code, its line and column)
BAD_TEXTS = {
    "empty": (lambda t: "", "empty", 1, 1),
    "blank": (lambda t: " \n\n  \n", "empty", 1, 1),
    "nul": (lambda t: t.replace("Convaincus", "Conv\x00aincus"), "control-character", 3, 5),
    "tab": (
        lambda t: t.replace("1. Reconnaissant", "1. Recon\tnaissant"),
        "control-character",
        7,
        9,
    ),
    "lone-cr": (lambda t: t.replace("\n\n2. ", "\r2. ", 1), "control-character", 7, 401),
    "mixed-newlines": (lambda t: t.replace("\n", "\r\n", 2), "mixed-newlines", 3, 521),
    "no-point": (lambda t: "\n\n".join(t.split("\n\n")[:3]), "no-point", 5, 243),
    "no-preamble": (lambda t: "\n\n".join(t.split("\n\n")[3:]), "no-preamble", 1, 1),
    "point-missing": (lambda t: _drop_block(t, 5), "point-missing", 11, 1),
    "point-repeated": (lambda t: _replace_block(t, 5, "2. Encore."), "point-repeated", 11, 1),
    "point-out-of-order": (
        lambda t: "\n\n".join(
            [*t.split("\n\n")[:4], t.split("\n\n")[5], t.split("\n\n")[4], *t.split("\n\n")[6:]]
        ),
        "point-out-of-order",
        9,
        1,
    ),
    "point-zero": (lambda t: _replace_block(t, 3, "0. Zéro."), "point-zero", 7, 1),
    "first-point-not-one": (lambda t: _drop_block(t, 3), "point-missing", 7, 1),
    "trailing-text": (lambda t: t + "\n\nFait à Paris.", "trailing-text", 31, 1),
    "text-between-points": (
        lambda t: _replace_block(t, 6, "Un paragraphe sans numéro."),
        "trailing-text",
        13,
        1,
    ),
    "point-after-navigation": (lambda t: t + "\n\n11. Un point.", "trailing-text", 31, 1),
    "empty-point": (lambda t: _replace_block(t, 4, "2.  "), "empty-point", 9, 4),
    "extra-blank-line": (lambda t: t.replace("\n\n1. ", "\n\n\n1. "), "blank-line", 7, 1),
    "leading-blank-line": (lambda t: "\n\n" + t, "blank-line", 1, 1),
    "spaces-line": (lambda t: t.replace("\n\n1. ", "\n \n1. "), "blank-line", 6, 1),
    "line-break": (
        lambda t: t.replace(" Convaincus", "\nConvaincus").replace(
            "\n\nConvaincus", "\nConvaincus"
        ),
        "line-break",
        2,
        1,
    ),
    "trailing-blank-line": (lambda t: t + "\n\n", "blank-line", 30, 1),
    "bom-inside": (
        lambda t: t.replace("Convaincus", "\ufeffConvaincus"),
        "control-character",
        3,
        1,
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_TEXTS))
def test_bad_text_gives_a_located_typed_error(published, metadata, case) -> None:
    make, code, line, column = BAD_TEXTS[case]
    text = make(published)
    with pytest.raises(SourceTextError) as caught:
        parse(text.encode("utf-8"), with_text(metadata, text), "t.txt")
    error = caught.value
    assert (error.code, error.location.line, error.location.column) == (code, line, column), (
        error.render()
    )
    assert error.exit_code == 2
    assert "\n" not in error.render()


def test_not_utf8_is_located_at_the_bad_byte(published, metadata) -> None:
    raw = published.encode("utf-8").replace(b"Convaincus", b"Conv\xe9aincus")
    with pytest.raises(SourceTextError) as caught:
        parse(raw, with_text(metadata, raw), "t.txt")
    assert (caught.value.code, caught.value.location.line, caught.value.location.column) == (
        "not-utf8",
        3,
        5,
    )


def test_a_file_over_the_size_limit_is_refused(metadata) -> None:
    raw = b"A" * (MAX_BYTES + 1)
    with pytest.raises(SourceTextError) as caught:
        parse(raw, metadata, "big.txt")
    assert caught.value.code == "too-large"


def test_text_whose_hash_differs_from_the_metadata_is_refused(published, metadata) -> None:
    text = published.replace("partie", "parti")
    with pytest.raises(SourceTextError) as caught:
        parse(text, metadata, "t.txt")
    assert caught.value.code == "source-hash"
