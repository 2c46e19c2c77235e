"""The columns of the seven tables: a typed row model per table, each column with its type,
description, constraints and where its value comes from (see :mod:`.rows`). A new column
is one annotated attribute of its table's row model: every tabular format follows."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from pydantic import Field

from declaration import ids, patterns
from declaration.model import Declaration, EntityKind, Kind, ValueKind
from declaration.patterns import anchored
from declaration.tabular.rows import Context, Derived, From, Row

Decls = Sequence[Declaration]


def _field(description: str, pattern: str | None = None, **constraints: Any) -> Any:
    return Field(
        description=description, pattern=anchored(pattern) if pattern else None, **constraints
    )


_KEY = "Key of the declaration: ISO 3166-1 country of the publishing source, date, FRBR number."
DeclarationKey = Annotated[
    str, _field(_KEY, patterns.KEY), Derived(lambda c: c.decl.id, identifier=True)
]
Eid = Annotated[
    str,
    _field("eId of the paragraph.", patterns.EID),
    Derived(lambda c: c.paragraph.eid, identifier=True),
]
Start = Annotated[
    int,
    _field(
        "Offset of the span's first character in the paragraph's text (code points, from 0).", ge=0
    ),
    From("start"),
]
End = Annotated[
    int,
    _field("Offset just past the span's last character in the paragraph's text.", ge=1),
    From("end"),
]
Surface = Annotated[
    str, _field("The span's text, exactly as published.", min_length=1), From("surface")
]


def _iri(get: Callable[[Context], str]) -> Derived:
    return Derived(get, format="uri", identifier=True)


class DeclarationRow(Row):
    declaration_id: Annotated[
        str, _field(_KEY, patterns.KEY), Derived(lambda c: c.decl.id, unique=True, identifier=True)
    ]
    work_uri: Annotated[
        str,
        _field("Akoma Ntoso FRBR Work URI.", patterns.WORK_URI),
        Derived(lambda c: c.decl.work_uri, identifier=True),
    ]
    expression_uri: Annotated[
        str,
        _field(
            "Akoma Ntoso FRBR Expression URI of this language version.", patterns.EXPRESSION_URI
        ),
        Derived(lambda c: c.decl.expression_uri, identifier=True),
    ]
    iri: Annotated[
        str,
        _field("IRI of the declaration (the Work) in the linked data."),
        _iri(lambda c: c.decl.iri),
    ]
    title: Annotated[str, _field("Title as published, in the language of the text."), From("title")]
    date: Annotated[datetime.date, _field("Date of the declaration (ISO 8601)."), From("date")]
    place: Annotated[str, _field("Place where the declaration was made."), From("place")]
    country: Annotated[
        str,
        _field(
            "ISO 3166-1 alpha-2 code of the publishing source (the FRBR country).", patterns.COUNTRY
        ),
        From("country"),
    ]
    subtype: Annotated[
        str,
        _field("Akoma Ntoso document subtype (the statement's name).", patterns.SUBTYPE),
        From("subtype"),
    ]
    frbr_number: Annotated[
        str,
        _field(
            "FRBR number of the Work: a slug naming the declaration among those of its date.",
            patterns.SLUG,
        ),
        From("number"),
    ]
    language: Annotated[
        str,
        _field("ISO 639-2/T code of the language of the text.", patterns.LANGUAGE),
        From("language"),
    ]
    legally_binding: Annotated[
        bool, _field("Whether the text is legally binding."), From("legally_binding")
    ]
    publisher_id: Annotated[str, _field("Key of the publisher."), From("publisher.id")]
    publisher_name: Annotated[str, _field("Name of the publisher."), From("publisher.name")]
    publisher_url: Annotated[
        str, _field("Web site of the publisher."), From("publisher.url", format="uri")
    ]
    source_url: Annotated[
        str, _field("Address of the published text."), From("source.url", format="uri")
    ]
    source_sha256: Annotated[
        str,
        _field("SHA-256 (hex) of the published text as captured, in UTF-8.", patterns.SHA256),
        From("source.sha256"),
    ]
    source_bom: Annotated[
        bool, _field("Whether the captured text starts with a UTF-8 BOM."), From("source.bom")
    ]
    source_newline: Annotated[
        patterns.Newline, _field("Line endings of the captured text."), From("source.newline")
    ]
    source_final_newline: Annotated[
        bool,
        _field("Whether the captured text ends with a line ending."),
        From("source.final_newline"),
    ]
    source_excluded: Annotated[
        list[str],
        _field(
            "Lines of the captured page that are not part of the declaration (its navigation), in order, as a JSON array."
        ),
        Derived(lambda c: [e.text for e in c.decl.excluded]),
    ]
    paragraph_count: Annotated[
        int,
        _field("Number of paragraphs (preamble and points).", ge=1),
        Derived(lambda c: len(c.decl.paragraphs)),
    ]
    release_version: Annotated[
        str,
        _field(
            "Version of the dataset release that holds this record (semantic versioning).",
            patterns.SEMVER,
        ),
        From("release.version"),
    ]
    release_date: Annotated[datetime.date, _field("Date of that release."), From("release.date")]


class PartyRow(Row):
    declaration_id: DeclarationKey
    party_id: Annotated[str, _field("Key of the party.", patterns.SLUG), From("id")]
    position: Annotated[
        int,
        _field("Order of the party in the declaration's metadata.", ge=1),
        Derived(lambda c: c.decl.parties.index(c.item) + 1),
    ]
    name: Annotated[str, _field("Name of the party, in the language of the text."), From("name")]
    country: Annotated[
        str, _field("ISO 3166-1 alpha-2 code of the state.", patterns.COUNTRY), From("country")
    ]
    wikidata_id: Annotated[
        str | None, _field("Wikidata item of the state.", patterns.QID), From("wikidata")
    ]
    iri: Annotated[
        str,
        _field("IRI of the party in the linked data."),
        _iri(lambda c: ids.entity_iri(c.decl.base_iri, "party", c.item.id)),
    ]
    head_of_state_id: Annotated[
        str, _field("Key of the head of state.", patterns.SLUG), From("head_of_state.id")
    ]
    head_of_state_name: Annotated[
        str, _field("Name of the head of state."), From("head_of_state.name")
    ]
    head_of_state_title: Annotated[
        str,
        _field("Office of the head of state, in the language of the text."),
        From("head_of_state.title"),
    ]
    head_of_state_wikidata_id: Annotated[
        str | None,
        _field("Wikidata item of the head of state.", patterns.QID),
        From("head_of_state.wikidata"),
    ]
    head_of_state_iri: Annotated[
        str,
        _field("IRI of the head of state in the linked data."),
        _iri(lambda c: ids.entity_iri(c.decl.base_iri, "person", c.item.head_of_state.id)),
    ]


class ParagraphRow(Row):
    declaration_id: DeclarationKey
    eid: Annotated[
        str,
        _field(
            "Akoma Ntoso eId of the paragraph (preamble__p_N or para_N), the same in every format.",
            patterns.EID,
        ),
        From("eid"),
    ]
    position: Annotated[
        int, _field("Order of the paragraph in the declaration, from 1.", ge=1), From("position")
    ]
    kind: Annotated[Kind, _field("preamble or point."), From("kind")]
    number: Annotated[
        int | None, _field("Number of a point (empty for the preamble).", ge=1), From("number")
    ]
    label: Annotated[
        str | None,
        _field(
            "Label of a point as published, such as '1.' (empty for the preamble).", patterns.LABEL
        ),
        From("label"),
    ]
    text: Annotated[
        str,
        _field("Text of the paragraph exactly as published, without the label.", min_length=1),
        From("text"),
    ]
    start: Annotated[
        int,
        _field(
            "Offset of the text's first character in the source (Unicode code points, from 0).",
            ge=0,
        ),
        From("start"),
    ]
    end: Annotated[
        int, _field("Offset just past the text's last character in the source.", ge=1), From("end")
    ]
    iri: Annotated[
        str,
        _field("IRI of the paragraph in the linked data."),
        _iri(lambda c: c.decl.paragraph_iri(c.item)),
    ]


class EntityRow(Row):
    entity_id: Annotated[str, _field("Key of the entity.", patterns.SLUG), From("id", unique=True)]
    kind: Annotated[EntityKind, _field("What the entity is."), From("kind")]
    label: Annotated[str, _field("French label of the entity."), From("label")]
    wikidata_id: Annotated[
        str | None,
        _field("Wikidata item, where verified (empty otherwise).", patterns.QID),
        From("wikidata"),
    ]
    iri: Annotated[
        str,
        _field("IRI of the entity in the linked data."),
        _iri(lambda c: ids.entity_iri(c.decl.base_iri, c.item.kind, c.item.id)),
    ]


class MentionRow(Row):
    declaration_id: DeclarationKey
    eid: Eid
    entity_id: Annotated[str, _field("The entity mentioned.", patterns.SLUG), From("entity")]
    start: Start
    end: End
    surface: Surface


class DateRow(Row):
    declaration_id: DeclarationKey
    eid: Eid
    start: Start
    end: End
    surface: Surface
    value: Annotated[
        str,
        _field(
            "ISO 8601 value: a date, a year-month, a year, or an interval start/end.",
            patterns.ISO_VALUE,
        ),
        From("value"),
    ]
    value_kind: Annotated[ValueKind, _field("What the value is."), From("kind")]


class TopicRow(Row):
    declaration_id: DeclarationKey
    eid: Eid
    entity_id: Annotated[str, _field("The concept.", patterns.SLUG), From("id")]
    label: Annotated[str, _field("French label of the concept."), From("label")]
    mention_count: Annotated[
        int,
        _field("How many times the paragraph mentions it.", ge=1),
        Derived(lambda c: sum(m.entity == c.item.id for m in c.paragraph.mentions)),
    ]
