"""The layout is defined once: the offsets that readers compute with ``lay_out`` are where
``pieces`` (the model's rebuild of the source) puts each text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from declaration import layout

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), min_size=1)


@given(
    bom=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
    final=st.booleans(),
    preamble=st.lists(TEXT, min_size=1, max_size=3),
    points=st.lists(TEXT, min_size=1, max_size=4),
    excluded=st.lists(TEXT, max_size=2),
)
def test_lay_out_places_every_block_where_pieces_writes_it(
    bom: bool,
    newline: str,
    final: bool,
    preamble: list[str],
    points: list[str],
    excluded: list[str],
) -> None:
    blocks = [("preamble", t) for t in preamble] + [("point", t) for t in points]
    paragraphs, spans = layout.lay_out(bom, newline, blocks, excluded)
    placed = [*paragraphs, *spans]
    source = "".join(
        text
        for _, text in layout.pieces(
            bom, newline, final, [(p.get("label"), p["text"]) for p in placed]
        )
    )
    for fields in placed:
        assert source[fields["start"] : fields["end"]] == fields["text"]
    assert [p["label"] for p in paragraphs if p["kind"] == "point"] == [
        f"{n}." for n in range(1, len(points) + 1)
    ]
    assert source.startswith(layout.BOM) == bom
    assert source.endswith(newline) == final


def test_a_block_is_its_label_one_space_and_its_text() -> None:
    assert layout.block("3.", "Texte") == "3. Texte"
    assert layout.block(None, "Texte") == "Texte"
    assert layout.POINT_RE.match(layout.block(layout.label(12), "x"))
