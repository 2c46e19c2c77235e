"""The constrained strings of the release, each defined once, for every schema dialect.

Each pattern is written so that it means the same in every dialect the release publishes:
Table Schema and XSD match it whole, pydantic, JSON Schema (ECMAScript) and SHACL (XPath)
take it anchored (:func:`anchored`). So: explicit character classes only (no ``.``, which
the dialects read differently), no top-level alternation (a group around it), no
dialect-specific syntax (no ``(?:``, ``\\d``, lookaround). ``tests/test_schema_clients.py``
checks every published pattern in every dialect.
"""

from __future__ import annotations

from typing import Literal, get_args

SLUG = "[a-z0-9]+(-[a-z0-9]+)*"
QID = "Q[1-9][0-9]*"
WIKIDATA_IRI = r"http://www\.wikidata\.org/entity/" + QID
EID = "(preamble__p|para)_[1-9][0-9]*"
NUMBER = "[1-9][0-9]*"
LABEL = NUMBER + r"\."
SEMVER = r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?"
SHA256 = "[0-9a-f]{64}"
COUNTRY = "[a-z]{2}"
LANGUAGE = "[a-z]{3}"
SUBTYPE = "[a-z][A-Za-z0-9]*"
DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
# the ISO 8601 value of a temporal expression: a year, a month, a day or an interval of days
ISO_VALUE = "[0-9]{4}(-[0-9]{2}(-[0-9]{2}(/[0-9]{4}-[0-9]{2}-[0-9]{2})?)?)?"
KEY = f"{COUNTRY}-{DATE}-{SLUG}"  # a declaration in the tables
WORK_URI = f"/akn/{COUNTRY}/statement/{SUBTYPE}/{DATE}/{SLUG}"
EXPRESSION_URI = f"{WORK_URI}/{LANGUAGE}@{DATE}"

# The enumerations, for every format and schema.
ParagraphKind = Literal["preamble", "point"]
EntityKind = Literal["party", "person", "organization", "instrument", "event", "concept"]
ValueKind = Literal["date", "yearmonth", "year", "interval"]  # of a temporal expression
Newline = Literal["LF", "CRLF"]
VALUE_KINDS: tuple[str, ...] = get_args(ValueKind)


def anchored(pattern: str) -> str:
    """The pattern for dialects that search (pydantic, JSON Schema, SHACL): ``^…$``."""
    return f"^{pattern}$"


def unanchored(pattern: str) -> str:
    """The pattern of :func:`anchored` again, for dialects that match whole (Table Schema)."""
    if not (pattern.startswith("^") and pattern.endswith("$")):
        raise ValueError(f"{pattern!r} is not anchored")
    return pattern[1:-1]
