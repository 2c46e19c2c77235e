"""``enrich(declaration, gazetteer) -> declaration``: mentions of the gazetteer's entities and
temporal expressions, with their offsets in each paragraph's text.

Forms are matched exactly (case included) at word boundaries, longest first, never
overlapping, with typographic and straight apostrophes alike. An entry found nowhere is an
error, so that the gazetteer cannot rot; so is a mention that overlaps a date.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from declaration import ids
from declaration.dates import find_dates
from declaration.errors import Location, MetadataError, reason
from declaration.gazetteer import Entry, Located
from declaration.model import Declaration, Mention, Paragraph, TemporalExpression

APOSTROPHES = str.maketrans({"\u2019": "'"})
# mentions and dates a declaration may hold: each takes some kilobytes in every record, and
# at this count a build and a validation stay within 1 GiB (measured: BENCHMARKS.md)
MAX_ANNOTATIONS = 20_000
# and in a corpus, in all: the tables of the whole corpus, their copies and its database
# are written whole, about 1.1 KiB of peak memory an annotation (BENCHMARKS.md)
MAX_CORPUS_ANNOTATIONS = 200_000


def _pattern(form: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(form.translate(APOSTROPHES)) + r"(?!\w)")


def find_mentions(text: str, entries: tuple[Entry, ...]) -> list[Mention]:
    """Every mention of the entries' forms, longest form first, never overlapping."""
    return _mentions(text, mention_spans(text, entries))


def _mentions(text: str, spans: list[tuple[int, int, str]]) -> list[Mention]:
    return [
        Mention(entity=entity, start=start, end=end, surface=text[start:end])
        for start, end, entity in spans
    ]


def mention_spans(text: str, entries: tuple[Entry, ...]) -> list[tuple[int, int, str]]:
    """Where each mention of the entries' forms is (start, end, entity id), in order,
    longest form first, never overlapping.

    Linear in the text for a given gazetteer: each form is one regex scan, and a match is
    checked against and marked in a map of the characters already taken.
    """
    folded = text.translate(APOSTROPHES)  # same length: offsets stay those of ``text``
    forms = sorted(
        ((form, entry) for entry in entries for form in entry.forms), key=lambda item: -len(item[0])
    )
    taken = bytearray(len(text))
    found: list[tuple[int, int, str]] = []
    for form, entry in forms:
        for match in _pattern(form).finditer(folded):
            start, end = match.span()
            if taken.find(1, start, end) >= 0:
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append((start, end, entry.id))
    return sorted(found)


def check_against(decl: Declaration, gazetteer: Located) -> None:
    """Each party or person of the gazetteer is one of the declaration's, with the same name
    and Wikidata id; no other entry takes the id of a party, person, the publisher or one the
    Akoma Ntoso record reserves."""
    agents = {p.id: ("party", p.name, p.wikidata) for p in decl.parties}
    agents |= {
        p.head_of_state.id: ("person", p.head_of_state.name, p.head_of_state.wikidata)
        for p in decl.parties
    }
    taken = {*agents, decl.publisher.id, *ids.RESERVED_IDS}
    for index, entry in enumerate(gazetteer.entities):
        if entry.kind not in ("party", "person"):
            if entry.id in taken:
                raise MetadataError(
                    "gazetteer-id-clash",
                    f"{entry.id!r} is the id of a party, a person, the publisher or an Akoma "
                    "Ntoso reference; expected an id of its own",
                    gazetteer.location(index),
                )
            continue
        expected = agents.get(entry.id)
        if expected is None or expected[0] != entry.kind:
            raise MetadataError(
                "gazetteer-disagrees",
                f"{entry.id!r} is no {entry.kind} of metadata.toml; expected the id of one of its "
                f"{'parties' if entry.kind == 'party' else 'heads of state'}",
                gazetteer.location(index),
            )
        for key, value, wanted in (
            ("label", entry.label, expected[1]),
            ("wikidata", entry.wikidata, expected[2]),
        ):
            if value != wanted:
                raise MetadataError(
                    "gazetteer-disagrees",
                    f"{entry.id}: {key} {value!r}, but metadata.toml says {wanted!r}",
                    gazetteer.location(index, key if value is not None else "id"),
                )


def _too_many(
    decl: Declaration, index: int, start: int, text_path: str, corpus: bool = False
) -> MetadataError:
    """The error of the annotation that passes the limit (a declaration's, or with
    ``corpus`` a corpus's), at its line and column in the published text (one line a
    paragraph, one blank line between)."""
    paragraph = decl.paragraphs[index]
    before = len(paragraph.label) + 1 if paragraph.label else 0
    limit, whole = (
        (MAX_CORPUS_ANNOTATIONS, "corpus") if corpus else (MAX_ANNOTATIONS, "declaration")
    )
    return MetadataError(
        "too-many-annotations",
        f"more than {limit} mentions and dates in the {whole} (this one is past the limit); "
        "expected at most that many, which a build and a validation hold in bounded memory",
        Location(text_path, 2 * index + 1, before + start + 1),
    )


def count_in_corpus(decl: Declaration, before: int, text_path: str) -> int:
    """The mentions and dates of a corpus's declarations so far, ``before`` those of
    ``decl``, with them; past ``MAX_CORPUS_ANNOTATIONS``, the error of the first one past."""
    count = before
    for index, paragraph in enumerate(decl.paragraphs):
        starts = sorted(span.start for span in (*paragraph.mentions, *paragraph.dates))
        if count + len(starts) > MAX_CORPUS_ANNOTATIONS:
            start = starts[MAX_CORPUS_ANNOTATIONS - count]
            raise _too_many(decl, index, start, text_path, corpus=True)
        count += len(starts)
    return count


def enrich(
    decl: Declaration, gazetteer: Located, require_all: bool = True, text_path: str = ""
) -> Declaration:
    """The declaration with its mentions and dates (``text_path``: the published text, where
    an error of the text is located)."""
    check_against(decl, gazetteer)
    paragraphs, count = [], 0
    for index, paragraph in enumerate(decl.paragraphs):
        found = find_dates(paragraph.text)
        if count + len(found) > MAX_ANNOTATIONS:
            raise _too_many(decl, index, found[MAX_ANNOTATIONS - count].start, text_path)
        spans = mention_spans(paragraph.text, gazetteer.entities)
        count += len(found) + len(spans)
        if count > MAX_ANNOTATIONS:
            raise _too_many(decl, index, spans[-(count - MAX_ANNOTATIONS)][0], text_path)
        mentions = _mentions(paragraph.text, spans)
        dates = [
            TemporalExpression(
                start=f.start, end=f.end, surface=f.surface, value=f.value, kind=f.kind
            )
            for f in found
        ]
        clash = _first_overlap(mentions, dates)
        if clash is not None:
            mention, date = clash
            index = next(i for i, e in enumerate(gazetteer.entities) if e.id == mention.entity)
            raise MetadataError(
                "gazetteer-overlap",
                f"{mention.entity}: {mention.surface!r} overlaps the date {date.surface!r} in "
                f"{paragraph.eid}; expected forms that leave dates out",
                gazetteer.location(index),
            )
        paragraphs.append(_with(paragraph, mentions, dates))
    used = {m.entity for p in paragraphs for m in p.mentions}
    if require_all:
        check_used(gazetteer, used, "the text")
    entities = tuple(
        sorted((e.entity() for e in gazetteer.entities if e.id in used), key=lambda e: e.id)
    )
    try:
        return Declaration.model_validate(
            {**decl.model_dump(), "paragraphs": paragraphs, "entities": entities}
        )
    except ValidationError as exc:  # a rule of the model that no earlier check caught
        raise MetadataError("model-invalid", reason(exc), Location(gazetteer.path)) from None


def check_used(gazetteer: Located, used: set[str], where: str) -> None:
    """Every entity of ``gazetteer`` is among ``used`` (mentioned in ``where``)."""
    for index, entry in enumerate(gazetteer.entities):
        if entry.id not in used:
            raise MetadataError(
                "gazetteer-unused",
                f"{entry.id}: none of its forms {list(entry.forms)} is in {where}",
                gazetteer.location(index),
            )


def _first_overlap(
    mentions: list[Mention], dates: list[TemporalExpression]
) -> tuple[Mention, TemporalExpression] | None:
    """The first mention that overlaps a date; both lists are sorted and free of overlaps
    within themselves, so one merge finds it."""
    i = j = 0
    while i < len(mentions) and j < len(dates):
        mention, date = mentions[i], dates[j]
        if mention.start < date.end and date.start < mention.end:
            return mention, date
        if mention.end <= date.start:
            i += 1
        else:
            j += 1
    return None


def _with(
    paragraph: Paragraph, mentions: list[Mention], dates: list[TemporalExpression]
) -> Paragraph:
    return Paragraph.model_validate(
        {**paragraph.model_dump(), "mentions": mentions, "dates": dates}
    )
