"""``source/metadata.toml``: the curated facts about the declaration and the dataset.

Every problem is a :class:`MetadataError` located at the line and column of the
offending key in the TOML file.
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime
from itertools import pairwise
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    Field,
    Strict,
    StrictBool,
    ValidationError,
    model_validator,
)

from declaration.errors import Location, MetadataError, byte_location
from declaration.ids import w3id_namespace
from declaration.model import (
    BaseIri,
    Country,
    Edition,
    HttpUrl,
    Language,
    Model,
    Party,
    Publisher,
    SemVer,
    Sha256,
    Slug,
    Subtype,
    Text,
    agent_id_problems,
)
from declaration.semver import at_least

ZIP_YEARS = (1980, 2107)  # the years an MS-DOS timestamp in a zip entry can hold


class License(Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9.+-]+$", description="SPDX identifier")]
    title: Text
    url: HttpUrl


def _zip_range(moment: datetime) -> datetime:
    """The release date becomes the timestamp of the zip's entries: 1980 to 2107."""
    if not ZIP_YEARS[0] <= moment.astimezone(UTC).year <= ZIP_YEARS[1]:
        raise ValueError(
            f"{moment.isoformat()} is outside the years a zip can hold; "
            f"expected {ZIP_YEARS[0]} to {ZIP_YEARS[1]}"
        )
    return moment


class PastVersion(Model):
    """An earlier release of the dataset: its version, when it was released, the SHA-256 of
    its zip, what changed in it (``declaration diff`` says), and where its zip is, if it is
    still offered."""

    version: Annotated[SemVer, Field(max_length=50)]
    created: Annotated[AwareDatetime, Strict(), AfterValidator(_zip_range)]
    sha256: Sha256
    changes: Text
    url: HttpUrl | None = None


class DatasetMeta(Model):
    """The release: name, version, licence, base IRI; ``created`` is never read from the clock."""

    # at most 200 and 50 characters: the bundle's folder and zip, ``<name>-<version>.zip``,
    # are names a file system holds (255 bytes)
    name: Annotated[Slug, Field(max_length=200)]
    title: Text  # in French, as the declaration is
    description: Text  # in English
    # the title in English and the description in French: each page of the site in one
    # language, the catalogue in both
    title_en: Text | None = None
    description_fr: Text | None = None
    version: Annotated[SemVer, Field(max_length=50)]
    created: Annotated[AwareDatetime, Strict(), AfterValidator(_zip_range)]
    keywords: tuple[Text, ...] = ()
    license: License
    code_license: Annotated[str, Field(pattern=r"^[A-Za-z0-9.+-]+$")] = "MIT"  # the project's
    base_iri: BaseIri
    homepage: HttpUrl
    # where build/site/ is served; with a w3id.org base IRI, publish writes the w3id rules
    # that send the base IRI's namespace there
    site_url: BaseIri | None = None
    # what changed since the version before (``declaration diff``), and the earlier
    # releases, oldest first: the catalogue's versions, the releases page and its feed
    changes: Text | None = None
    versions: tuple[PastVersion, ...] = ()

    @model_validator(mode="after")
    def _versions_in_order(self) -> DatasetMeta:
        order = [*(past.version for past in self.versions), self.version]
        for before, after in pairwise(order):
            if at_least(before, after):
                raise ValueError(
                    f"version {after} does not follow {before}: list the earlier releases "
                    "oldest first, each before the version of this release"
                )
        return self


class DeclarationMeta(Model):
    country: Country
    subtype: Subtype
    number: Annotated[Slug, Field(max_length=200)]  # in file names: data/<key>.fra.akn.xml
    title: Text
    date: Annotated[date, Strict()]  # a TOML date, not a string that looks like one
    place: Text
    language: Language
    legally_binding: StrictBool  # a TOML boolean: "false" or 0 is refused, not coerced


class SourceMeta(Model):
    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]+$")]
    url: HttpUrl
    sha256: Sha256
    navigation: tuple[Text, ...] = ()


class DeclarationFile(Model):
    """The ``metadata.toml`` of one declaration of a corpus: its facts, without the dataset's
    (given once, at the corpus level)."""

    declaration: DeclarationMeta
    parties: Annotated[tuple[Party, ...], Field(min_length=1)]
    publisher: Publisher
    source: SourceMeta


class CorpusFile(Model):
    """The ``metadata.toml`` at the top of a corpus: the dataset facts only."""

    dataset: DatasetMeta


class Metadata(DeclarationFile):
    dataset: DatasetMeta

    @property
    def release(self) -> Edition:
        return Edition(version=self.dataset.version, date=self.dataset.created.date())


M = TypeVar("M", bound=Model)

_CODES = {
    "missing": "metadata-missing",
    "extra_forbidden": "metadata-unknown-key",
}


def is_corpus(text: str, path: str) -> bool:
    """Whether a ``metadata.toml`` is a corpus's (the dataset facts, no declaration's)."""
    _check_nesting(text, path)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False  # reported, located, when it is read as a declaration's
    return "declaration" not in raw and "dataset" in raw


def load_metadata(text: str, path: str, dataset: DatasetMeta | None = None) -> Metadata:
    """Parse and validate the TOML text of ``metadata.toml``: a declaration with the dataset
    facts, or, with ``dataset`` (a corpus's), a declaration of the corpus without them."""
    if dataset is None:
        metadata = load_toml_model(text, path, Metadata)
    else:
        facts = load_toml_model(text, path, DeclarationFile)
        metadata = Metadata.model_validate({**facts.model_dump(), "dataset": dataset.model_dump()})
    for where, message in agent_id_problems(metadata.parties, metadata.publisher):
        raise MetadataError(
            "metadata-duplicate-id", message, Location(path, *locate_key(text, where))
        )
    if dataset is None:
        _check_site(metadata.dataset, text, path)
    return metadata


def load_corpus_metadata(text: str, path: str) -> DatasetMeta:
    """The dataset facts of a corpus's ``metadata.toml``."""
    dataset = load_toml_model(text, path, CorpusFile).dataset
    _check_site(dataset, text, path)
    return dataset


def _check_site(dataset: DatasetMeta, text: str, path: str) -> None:
    site, base = dataset.site_url, dataset.base_iri
    special = next((c for c in "$%\\" if site is not None and c in site), None)
    if special is not None:  # the w3id.org rules give the site's address to Apache
        raise MetadataError(
            "metadata-url",
            f"site_url {site!r} holds {special!r}, which Apache's rewrite rules read as a "
            "back-reference or an escape; expected an address without '$', '%' or '\\'",
            Location(path, *locate_key(text, ("dataset", "site_url"))),
        )
    if site is not None and (w3id_namespace(base) is None or f"{site}/".startswith(f"{base}/")):
        raise MetadataError(
            "metadata-url",
            f"site_url {site!r} cannot serve the base IRI {base!r}; expected a w3id.org base "
            "IRI (https://w3id.org/NAME) and a site outside it",
            Location(path, *locate_key(text, ("dataset", "site_url"))),
        )


def decode_toml(raw: bytes, path: str) -> str:
    """The text of a TOML file, which must be UTF-8 (TOML 1.0); a BOM is refused."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MetadataError(
            "metadata-encoding",
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; expected a UTF-8 TOML file",
            byte_location(raw, exc.start, path),
        ) from None
    if text.startswith("\ufeff"):
        raise MetadataError(
            "metadata-encoding", "a byte-order mark; expected UTF-8 without BOM", Location(path)
        )
    return text


MAX_NESTING = 32
MAX_TOML_BYTES = 5_000_000


def _check_nesting(text: str, path: str) -> None:
    """Refuse arrays and inline tables nested deeper than MAX_NESTING (one linear scan)."""
    depth, index, line, line_start = 0, 0, 1, 0
    quote: str | None = None
    size = len(text)
    while index < size:
        char = text[index]
        if char == "\n":
            line, line_start = line + 1, index + 1
        elif quote is not None:
            if char == "\\" and quote in ('"', '"""'):
                index += 1
            elif text.startswith(quote, index):
                index += len(quote) - 1
                quote = None
        elif char == "#":
            end = text.find("\n", index)
            index = (end if end >= 0 else size) - 1
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, index) else char
            index += len(quote) - 1
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise MetadataError(
                    "metadata-toml",
                    f"arrays or inline tables nested deeper than {MAX_NESTING} levels",
                    Location(path, line, index - line_start + 1),
                )
        elif char in "]}":
            depth = max(depth - 1, 0)
        index += 1


def load_toml_model(text: str, path: str, model: type[M]) -> M:
    """Parse TOML text and validate it as ``model``; errors are located at the offending key."""
    _check_nesting(text, path)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, column = _toml_error_position(exc)
        message = re.sub(r"\s*\(at .*\)$", "", str(exc))
        raise MetadataError(
            "metadata-toml", f"not valid TOML: {message}", Location(path, line, column)
        ) from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        loc = tuple(error["loc"])
        code = _code_for(error, loc)
        where = ".".join(str(part) for part in loc)
        if error["type"] == "missing":
            message = f"missing required key {where!r}"
        else:
            reason = str(error["msg"]).removeprefix("Value error, ")
            message = f"{where}: {reason}"
        raise MetadataError(code, message, Location(path, *locate_key(text, loc))) from None


def _code_for(error: Any, loc: tuple[Any, ...]) -> str:
    if error["type"] in _CODES:
        return str(_CODES[error["type"]])
    field = str(loc[-1]) if loc else ""
    if field in ("date", "created"):
        return "metadata-date"
    if field == "language":
        return "metadata-language"
    if field in ("url", "homepage", "base_iri", "site_url"):
        return "metadata-url"
    return "metadata-invalid"


def _toml_error_position(exc: tomllib.TOMLDecodeError) -> tuple[int, int]:
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    if line is None:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        if match:
            line, column = int(match[1]), int(match[2])
        elif "(at end of document)" in str(exc):
            return (str(exc).count("\n") + 1, 1)
    return (line or 1, column or 1)


_HEADER_RE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(#.*)?$")
_KEY_RE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def locate_key(text: str, loc: tuple[Any, ...]) -> tuple[int, int]:
    """Line and column of the key that a pydantic ``loc`` names, or of its nearest table.

    Understands what ``metadata.toml`` uses: ``[table]``, ``[[array]]`` and
    ``[array.sub]`` headers and ``key = value`` lines.
    """
    table: list[str] = []
    counts: dict[str, int] = {}
    best = (1, 1)
    target = [str(part) for part in loc]
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER_RE.match(line)
        if header:
            name = header[2].replace(" ", "")
            parts = name.split(".")
            if header[1] == "[[":
                counts[name] = counts.get(name, -1) + 1
                table = [*parts[:-1], parts[-1], str(counts[name])]
            else:
                # a sub-table of the latest element of an array of tables
                root = parts[0]
                table = [root, str(counts[root]), *parts[1:]] if root in counts else parts
            if target[: len(table)] == table:
                best = (number, line.index("[") + 1)
            continue
        key = _KEY_RE.match(line)
        if key and target[: len(table) + 1] == [*table, key[1]]:
            return (number, line.index(key[1]) + 1)
    return best
