"""Checks of standard codes: ISO 639-2/T languages, ISO 3166-1 countries, URLs, hashes."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

# Codes of ISO 639-2 that are not individual languages of ISO 639-3 (special and collective).
_SPECIAL_LANGUAGES = frozenset({"mul", "und", "mis", "zxx"})


@cache
def _languages() -> tuple[frozenset[str], dict[str, str]]:
    import pycountry

    terminology = {lang.alpha_3 for lang in pycountry.languages}
    terminology |= {family.alpha_3 for family in pycountry.language_families}
    bibliographic = {
        lang.bibliographic: lang.alpha_3
        for lang in pycountry.languages
        if hasattr(lang, "bibliographic")
    }
    return frozenset(terminology | _SPECIAL_LANGUAGES), bibliographic


def check_language(code: str) -> str:
    """Return ``code`` if it is an ISO 639-2/T three-letter code, else raise ValueError."""
    terminology, bibliographic = _languages()
    if code in bibliographic:
        raise ValueError(
            f"{code!r} is an ISO 639-2/B code; expected the ISO 639-2/T code "
            f"{bibliographic[code]!r}"
        )
    if not re.fullmatch(r"[a-z]{3}", code) or code not in terminology:
        raise ValueError(f"unknown language code {code!r}; expected ISO 639-2/T, such as 'fra'")
    return code


def check_country(code: str) -> str:
    """Return ``code`` if it is a lower-case ISO 3166-1 alpha-2 code, else raise ValueError."""
    import pycountry

    if not re.fullmatch(r"[a-z]{2}", code) or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(
            f"unknown country code {code!r}; expected ISO 3166-1 alpha-2, such as 'fr'"
        )
    return code


def check_http_url(url: str) -> str:
    """Return ``url`` unchanged if it is an absolute http(s) URL, else raise ValueError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        raise ValueError(f"{url!r} is not an http(s) URL")
    return url
