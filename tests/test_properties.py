"""Property tests: generated declarations parse to what they were built from; any text
either parses or raises a typed error, never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from declaration.errors import SourceTextError
from declaration.parse import parse
from tests.conftest import with_text
from tests.strategies import NAVIGATION, declaration_texts


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(declaration_texts())
def test_a_well_formed_text_parses_to_the_paragraphs_it_was_built_from(metadata, case) -> None:
    text, preamble, points, navigation = case
    decl = parse(text.encode("utf-8"), with_text(metadata, text))
    assert [p.text for p in decl.preamble] == [t for t in preamble]
    assert [p.text for p in decl.points] == points
    assert [p.number for p in decl.points] == list(range(1, len(points) + 1))
    assert [e.text for e in decl.excluded] == navigation
    assert decl.rebuild() == text
    for paragraph in decl.paragraphs:
        assert text[paragraph.start : paragraph.end] == paragraph.text


_pieces = [
    "1. ",
    "2. ",
    "0. ",
    "\n",
    "\r",
    "\r\n",
    " ",
    "a",
    "é",
    "\x00",
    "\ufeff",
    "’",
    *NAVIGATION,
]
_noise = st.lists(st.sampled_from(_pieces), max_size=40).map("".join)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(_noise, st.text(max_size=80), st.binary(max_size=80)))
def test_any_text_parses_or_raises_the_typed_error(metadata, text) -> None:
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    try:
        decl = parse(raw, with_text(metadata, raw))
    except SourceTextError as error:
        assert error.location.line >= 1 and error.location.column >= 1
        assert "\n" not in error.render()
    else:
        assert decl.rebuild().encode("utf-8") == raw
