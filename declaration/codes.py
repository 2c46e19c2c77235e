"""Checks of standard codes: ISO 639-2/T languages, ISO 3166-1 countries, URLs, hashes."""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path

# Codes of ISO 639-2 that are not individual languages of ISO 639-3 (special and collective).
_SPECIAL_LANGUAGES = frozenset({"mul", "und", "mis", "zxx"})


@cache
def _database(name: str) -> list[dict[str, str]]:
    """An ISO table of pycountry's (pinned), read from its JSON file without importing
    pycountry, whose objects for 8,000 languages cost a CI job's start-up more."""
    spec = importlib.util.find_spec("pycountry")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations)), "databases", f"{name}.json")
    table = json.loads(path.read_bytes())
    return list(next(iter(table.values())))


@cache
def _languages() -> tuple[frozenset[str], dict[str, str], dict[str, str]]:
    """ISO 639-2/T codes, the ISO 639-2/B codes that differ (to their /T code), and the ISO
    639-1 code of each language that has one."""
    languages = _database("iso639-3")
    terminology = {lang["alpha_3"] for lang in languages}
    terminology |= {family["alpha_3"] for family in _database("iso639-5")}
    bibliographic = {
        lang["bibliographic"]: lang["alpha_3"] for lang in languages if "bibliographic" in lang
    }
    two = {lang["alpha_3"]: lang["alpha_2"] for lang in languages if "alpha_2" in lang}
    return frozenset(terminology | _SPECIAL_LANGUAGES), bibliographic, two


@cache
def _countries() -> dict[str, str]:
    """ISO 3166-1: each alpha-2 code (lower-case) to its alpha-3 code (upper-case)."""
    return {c["alpha_2"].lower(): c["alpha_3"] for c in _database("iso3166-1")}


def check_language(code: str) -> str:
    """Return ``code`` if it is an ISO 639-2/T three-letter code, else raise ValueError."""
    terminology, bibliographic, _ = _languages()
    if code in bibliographic:
        raise ValueError(
            f"{code!r} is an ISO 639-2/B code; expected the ISO 639-2/T code "
            f"{bibliographic[code]!r}"
        )
    if not re.fullmatch(r"[a-z]{3}", code) or code not in terminology:
        raise ValueError(f"unknown language code {code!r}; expected ISO 639-2/T, such as 'fra'")
    return code


def bcp47(language: str) -> str:
    """The BCP 47 tag of an ISO 639-2/T code: its ISO 639-1 code where there is one."""
    return _languages()[2].get(language, language)


def check_country(code: str) -> str:
    """Return ``code`` if it is a lower-case ISO 3166-1 alpha-2 code, else raise ValueError."""
    if not re.fullmatch(r"[a-z]{2}", code) or code not in _countries():
        raise ValueError(
            f"unknown country code {code!r}; expected ISO 3166-1 alpha-2, such as 'fr'"
        )
    return code


def alpha3(country: str) -> str:
    """The ISO 3166-1 alpha-3 code of a lower-case alpha-2 code; ValueError if unknown."""
    found = _countries().get(country)
    if found is None:
        raise ValueError(f"unknown country code {country!r}")
    return found


def alpha2(code: str) -> str:
    """The lower-case ISO 3166-1 alpha-2 code of an alpha-3 code; ValueError if unknown."""
    found = next((two for two, three in _countries().items() if three == code), None)
    if found is None:
        raise ValueError(f"unknown country code {code!r}")
    return found


# RFC 3986, ASCII only (an IRI's other characters are percent-encoded): what N-Triples, Turtle,
# XML attributes, JSON Schema's "uri" format and every RDF parser accept alike.
_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|%[0-9A-Fa-f]{{2}})"
_HOST = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}]|%[0-9A-Fa-f]{{2}})+"
_HTTP_URL_RE = re.compile(
    rf"https?://{_HOST}(?::[0-9]{{1,5}})?(?P<path>(?:/{_PCHAR}*)*)"
    rf"(?P<query>\?(?:{_PCHAR}|[/?])*)?(?P<fragment>#(?:{_PCHAR}|[/?])*)?"
)
HTTP_URL_PATTERN = _HTTP_URL_RE.pattern
# A base IRI: every IRI of the release is it followed by "/…", so no query, fragment or final "/".
BASE_IRI_PATTERN = rf"https?://{_HOST}(?::[0-9]{{1,5}})?(?:/{_PCHAR}+)*"


def check_http_url(url: str) -> str:
    """Return ``url`` if it is an absolute http(s) URI (RFC 3986, lower-case scheme, ASCII)."""
    if not _HTTP_URL_RE.fullmatch(url):
        raise ValueError(
            f"{url!r} is not an http(s) URL; expected 'http://' or 'https://', a host, and only "
            "the characters RFC 3986 allows (percent-encode the others)"
        )
    return url


def check_base_iri(url: str) -> str:
    """Return ``url`` if it can prefix every IRI of the release: an http(s) URL without query,
    fragment or final slash."""
    check_http_url(url)
    if not re.fullmatch(BASE_IRI_PATTERN, url):
        raise ValueError(
            f"{url!r} cannot be a base IRI; expected an http(s) URL without a query, a fragment, "
            "an empty path segment or a final '/'"
        )
    return url


# What a one-line text may not hold: controls (C0, DEL, C1; a tab or a line break included),
# and what XML 1.0 cannot carry (surrogates, U+FFFE, U+FFFF), nor a stray BOM.
_NOT_TEXT_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")


def check_text(text: str) -> str:
    """Return ``text`` if it is one line of printable characters that every format can carry."""
    bad = _NOT_TEXT_RE.search(text)
    if bad:
        raise ValueError(
            f"character U+{ord(bad.group()):04X} at position {bad.start() + 1} is a control "
            "character, a line break or a non-character; expected one line of printable text"
        )
    return text
