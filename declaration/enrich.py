"""``enrich(declaration, gazetteer) -> declaration``: mentions of the gazetteer's entities and
temporal expressions, with their offsets in each paragraph's text.

Forms are matched exactly (case included) at word boundaries, longest first, never
overlapping, with typographic and straight apostrophes alike. An entry found nowhere is an
error, so that the gazetteer cannot rot; so is a mention that overlaps a date.
"""

from __future__ import annotations

import re

from declaration.dates import find_dates
from declaration.errors import MetadataError
from declaration.gazetteer import Entry, Located
from declaration.model import Declaration, Mention, Paragraph, TemporalExpression

APOSTROPHES = str.maketrans({"\u2019": "'"})


def _pattern(form: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(form.translate(APOSTROPHES)) + r"(?!\w)")


def find_mentions(text: str, entries: tuple[Entry, ...]) -> list[Mention]:
    folded = text.translate(APOSTROPHES)  # same length: offsets stay those of ``text``
    forms = sorted(
        ((form, entry) for entry in entries for form in entry.forms), key=lambda item: -len(item[0])
    )
    taken: list[Mention] = []
    for form, entry in forms:
        for match in _pattern(form).finditer(folded):
            start, end = match.span()
            if any(start < m.end and m.start < end for m in taken):
                continue
            taken.append(Mention(entity=entry.id, start=start, end=end, surface=text[start:end]))
    return sorted(taken, key=lambda m: m.start)


def enrich(decl: Declaration, gazetteer: Located, require_all: bool = True) -> Declaration:
    paragraphs = []
    for paragraph in decl.paragraphs:
        mentions = find_mentions(paragraph.text, gazetteer.entities)
        dates = [
            TemporalExpression(
                start=f.start, end=f.end, surface=f.surface, value=f.value, kind=f.kind
            )
            for f in find_dates(paragraph.text)
        ]
        for mention in mentions:
            for date in dates:
                if mention.start < date.end and date.start < mention.end:
                    index = next(
                        i for i, e in enumerate(gazetteer.entities) if e.id == mention.entity
                    )
                    raise MetadataError(
                        "gazetteer-overlap",
                        f"{mention.entity}: {mention.surface!r} overlaps the date {date.surface!r} in {paragraph.eid}; "
                        "expected forms that leave dates out",
                        gazetteer.location(index),
                    )
        paragraphs.append(_with(paragraph, mentions, dates))
    used = {m.entity for p in paragraphs for m in p.mentions}
    if require_all:
        for index, entry in enumerate(gazetteer.entities):
            if entry.id not in used:
                raise MetadataError(
                    "gazetteer-unused",
                    f"{entry.id}: none of its forms {list(entry.forms)} is in the text",
                    gazetteer.location(index),
                )
    entities = tuple(
        sorted((e.entity() for e in gazetteer.entities if e.id in used), key=lambda e: e.id)
    )
    return Declaration.model_validate(
        {**decl.model_dump(), "paragraphs": paragraphs, "entities": entities}
    )


def _with(
    paragraph: Paragraph, mentions: list[Mention], dates: list[TemporalExpression]
) -> Paragraph:
    return Paragraph.model_validate(
        {**paragraph.model_dump(), "mentions": mentions, "dates": dates}
    )
