"""Every identifier of the release, and nothing else: FRBR URIs, eIds, IRIs, keys.

Akoma Ntoso naming convention (AKN-NC v1.0, sections 4 and 5):

* Work           ``/akn/{country}/{docType}/{subtype}/{date}/{number}``
* Expression     ``{work}/{lang}@{date}``
* Manifestation  ``{expression}.{ext}``; FRBRthis adds ``/!main`` before the extension.

Linked-data IRIs are the base IRI (which never ends in ``/``: the metadata refuses it)
followed by the FRBR URI; a paragraph is
``{work IRI}/~{eId}``, language-independent, so a translation aligns on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOC_TYPE = "statement"
# eIds the Akoma Ntoso record gives to its own references (TLC and roles): no party, person,
# publisher or entity may take one, since every eId of a document is unique.
PROJECT = "project"
ORIGINAL = "original"
ROLES = ("party", "publisher", "markup")
RESERVED_IDS = frozenset({PROJECT, ORIGINAL, *ROLES})


WORK_URI_RE = re.compile(
    r"""
    ^/akn
    /(?P<country>[a-z]{2})                  # ISO 3166-1 alpha-2 of the publishing source
    /(?P<doctype>statement)                 # the AKN document type (root's child element)
    /(?P<subtype>[a-z][A-Za-z0-9]*)         # FRBRsubtype, also the statement's @name
    /(?P<date>\d{4}-\d{2}-\d{2})            # the Work's FRBRdate
    /(?P<number>[a-z0-9]+(?:-[a-z0-9]+)*)   # FRBRnumber: a slug
    $""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class WorkUri:
    """The parts of an Akoma Ntoso Work FRBR URI."""

    country: str
    subtype: str
    date: str
    number: str

    @classmethod
    def parse(cls, uri: str) -> WorkUri:
        match = WORK_URI_RE.match(uri)
        if match is None:
            raise ValueError(f"not an Akoma Ntoso statement Work URI: {uri!r}")
        return cls(match["country"], match["subtype"], match["date"], match["number"])

    def __str__(self) -> str:
        return f"/akn/{self.country}/{DOC_TYPE}/{self.subtype}/{self.date}/{self.number}"


def work_uri(country: str, subtype: str, date: str, number: str) -> str:
    uri = str(WorkUri(country, subtype, date, number))
    WorkUri.parse(uri)  # refuses parts that do not make a valid URI
    return uri


def expression_uri(work: str, language: str, date: str) -> str:
    return f"{work}/{language}@{date}"


def manifestation_uri(expression: str, extension: str = "xml") -> str:
    return f"{expression}.{extension}"


def this_uri(uri: str, extension: str | None = None) -> str:
    """FRBRthis: the URI of the main component (``/!main``), with the extension for a manifestation."""
    return f"{uri}/!main" + (f".{extension}" if extension else "")


def declaration_key(country: str, date: str, number: str) -> str:
    """The key of a declaration in the tables: unique in a corpus, readable, stable."""
    return f"{country}-{date}-{number}"


def paragraph_eid(kind: str, ordinal: int) -> str:
    """``preamble__p_N`` for the preamble's Nth paragraph, ``para_N`` for point N."""
    if kind == "preamble":
        return f"preamble__p_{ordinal}"
    if kind == "point":
        return f"para_{ordinal}"
    raise ValueError(f"unknown paragraph kind {kind!r}")


def content_eid(paragraph: str) -> str:
    """The eId of the ``p`` inside a numbered paragraph's ``content``."""
    return f"{paragraph}__p_1"


def iri(base: str, frbr_uri: str) -> str:
    return base + frbr_uri


def paragraph_iri(work_iri: str, eid: str) -> str:
    return f"{work_iri}/~{eid}"


def entity_iri(base: str, kind: str, slug: str) -> str:
    """A project IRI for something that has no Wikidata identifier."""
    return f"{base}/id/{kind}/{slug}"


def wikidata_iri(qid: str) -> str:
    return f"http://www.wikidata.org/entity/{qid}"


def schema_id(base: str, version: str, name: str) -> str:
    """The versioned absolute ``$id`` of a published schema."""
    return f"{base}/schemas/{version}/{name}"


def vocabulary_iri(base: str) -> str:
    """The namespace of the project's own RDF terms (prefix ``fcai``)."""
    return f"{base}/vocab#"


def akn_proprietary_namespace(base: str) -> str:
    """The XML namespace of the project's elements in Akoma Ntoso ``meta/proprietary``."""
    return f"{base}/ns/akn-proprietary"


def dataset_iri(base: str) -> str:
    return f"{base}/dataset"


def corpus_iri(base: str) -> str:
    """The node of a corpus that lists its declarations."""
    return f"{base}/corpus"


W3ID_RE = re.compile(r"https://w3id\.org/(?P<name>[a-z0-9][a-z0-9._-]*(?:/[a-z0-9._-]+)*)")


def w3id_namespace(base: str) -> str | None:
    """The w3id.org namespace of a base IRI (``https://w3id.org/NAME`` gives ``NAME``: the
    folder of the w3id.org repository that holds its rules), or None if it is not one."""
    match = W3ID_RE.fullmatch(base)
    return match.group("name") if match else None


def source_iri(expression_iri: str) -> str:
    """The captured source text (an ELI Format embodying the Expression)."""
    return f"{expression_iri}/source"


def span_iri(paragraph: str, layer: str, start: int, end: int) -> str:
    """A mention (``layer="mentions"``) or a date (``"dates"``) of a paragraph, by its offsets."""
    return f"{paragraph}/{layer}/{start}-{end}"


def checksum_iri(source: str) -> str:
    return f"{source}/sha256"


def excluded_iri(source: str, position: int) -> str:
    """A span of the captured source that is not part of the declaration."""
    return f"{source}/excluded/{position}"
