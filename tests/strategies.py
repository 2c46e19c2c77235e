"""Hypothesis strategies: well-formed declaration texts, and declarations parsed from them."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from declaration.enrich import enrich
from declaration.gazetteer import load_gazetteer
from declaration.layout import POINT_RE
from declaration.metadata import Metadata
from declaration.model import Declaration
from declaration.parse import parse
from tests.conftest import with_text

NAVIGATION = ["À consulter également", "Voir tous les articles et dossiers"]

# Printable one-line text: letters of any script, both apostrophes, punctuation.
_alphabet = st.characters(
    codec="utf-8",
    exclude_categories=("Cc", "Cs", "Zl", "Zp"),
    exclude_characters="\ufeff\ufffe\uffff",
)
line_text = (
    st.text(_alphabet, min_size=1, max_size=60)
    .map(lambda t: t.strip())
    .filter(lambda t: t != "" and POINT_RE.match(t) is None)
)


@st.composite
def declaration_texts(draw: st.DrawFn) -> tuple[str, list[str], list[str], list[str]]:
    """A published text, with the preamble, point and navigation texts it was built from."""
    preamble = draw(st.lists(line_text, min_size=1, max_size=4))
    points = draw(st.lists(line_text, min_size=1, max_size=12))
    navigation = draw(st.sampled_from([[], NAVIGATION[:1], NAVIGATION]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    blocks = preamble + [f"{n}. {text}" for n, text in enumerate(points, start=1)] + navigation
    text = (newline * 2).join(blocks)
    if draw(st.booleans()):
        text += newline
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text, preamble, points, navigation


def declarations(metadata: Metadata) -> st.SearchStrategy[Declaration]:
    return declaration_texts().map(lambda case: parse(case[0], with_text(metadata, case[0])))


_GAZETTEER_PATH = Path(__file__).resolve().parent.parent / "source" / "entities.toml"
_FORMS = sorted(
    {form for entry in load_gazetteer(_GAZETTEER_PATH).entities for form in entry.forms}
)
_DATES = [
    "1er novembre 2023",
    "du 6 au 7 mai 2024",
    "du 30 avril au 2 mai 2024",
    "juin 2023",
    "en 2025",
    "29 février 2024",
]
_words = st.sampled_from(
    ["la", "et", "de", "l’", "d'", "pays", "Etat", "(", ")", ",", "60ème", "anniversaire", "IA"]
)
rich_text = (
    st.lists(
        st.one_of(st.sampled_from(_FORMS), st.sampled_from(_DATES), _words, line_text),
        min_size=1,
        max_size=12,
    )
    .map(" ".join)
    .filter(lambda t: POINT_RE.match(t) is None)
)


@st.composite
def rich_declaration_texts(draw: st.DrawFn) -> str:
    preamble = draw(st.lists(rich_text, min_size=1, max_size=3))
    points = draw(st.lists(rich_text, min_size=1, max_size=6))
    return "\n\n".join(preamble + [f"{n}. {text}" for n, text in enumerate(points, start=1)])


def enriched_declarations(metadata: Metadata) -> st.SearchStrategy[Declaration]:
    """Declarations with mentions and dates: texts made of the gazetteer's forms, dates and words."""
    gazetteer = load_gazetteer(_GAZETTEER_PATH)
    return rich_declaration_texts().map(
        lambda text: enrich(parse(text, with_text(metadata, text)), gazetteer, require_all=False)
    )
