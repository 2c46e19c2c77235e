"""How to cite the dataset, and the metadata repositories take when it is deposited: one
:class:`Citation`, from the dataset facts, rendered as the bundle's ``CITATION.cff``, the
repository's ``CITATION.cff`` (the code, with the dataset as its preferred citation),
Zenodo's ``.zenodo.json`` and DataCite's JSON. No DOI is invented: none is given until one
exists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from declaration.output import dumps

if TYPE_CHECKING:
    from declaration.metadata import DatasetMeta
    from declaration.release import Release


def dataset_of(release: Release) -> DatasetMeta:
    assert release.dataset is not None  # the registry writes these only when it is known
    return release.dataset


@dataclass(frozen=True, slots=True)
class Citation:
    """How to cite the dataset: its authors, year, title, version and address."""

    authors: str
    year: str
    title: str
    version: str
    url: str

    @property
    def reference(self) -> str:
        return f"{self.authors} ({self.year}). {self.title}. Version {self.version}. {self.url}"

    @property
    def bibtex(self) -> str:
        key = "".join(c if c.isascii() and c.isalnum() else "-" for c in self.authors.lower())
        key = "-".join(filter(None, f"{key}-{self.year}".split("-")))
        return (
            f"@misc{{{key},\n  author = {{{{{self.authors}}}}},\n  title = {{{self.title}}},\n"
            f"  year = {{{self.year}}},\n  version = {{{self.version}}},\n  url = {{{self.url}}}\n}}"
        )


def citation(dataset: DatasetMeta) -> Citation:
    return Citation(
        f"{dataset.name} contributors",
        str(dataset.created.year),
        dataset.title,
        dataset.version,
        dataset.homepage,
    )


def citation_text(dataset: DatasetMeta) -> str:
    return (
        f"{dataset.name} contributors ({dataset.created.year}). *{dataset.title}* "
        f"(version {dataset.version}) [Data set]. {dataset.homepage}"
    )


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _references(release: Release) -> str:
    """Each declaration's publication, as CFF ``references``."""
    quote = _quote
    return "references:\n" + "".join(
        "  - type: generic\n"
        f"    title: {quote(decl.title)}\n"
        "    authors:\n"
        f"      - name: {quote(decl.publisher.name)}\n"
        f"    date-published: {quote(decl.date.isoformat())}\n"
        f"    url: {quote(decl.source.url)}\n"
        for decl in release
    )


def _dataset_fields(release: Release) -> str:
    """The dataset's title, version, date, licence, address, abstract, authors and keywords,
    as CFF fields (the bundle's citation, and the repository's preferred one)."""
    dataset, quote, cited = dataset_of(release), _quote, citation(dataset_of(release))
    keywords = "".join(f"  - {quote(k)}\n" for k in dataset.keywords)
    return (
        f"title: {quote(cited.title)}\n"
        f"version: {quote(cited.version)}\n"
        f"date-released: {quote(dataset.created.date().isoformat())}\n"
        f"license: {dataset.license.id}\n"
        f"license-url: {quote(dataset.license.url)}\n"
        f"url: {quote(cited.url)}\n"
        f"abstract: {quote(dataset.description)}\n"
        "authors:\n"
        f"  - name: {quote(cited.authors)}\n"
        "keywords:\n"
        f"{keywords}"
    )


def citation_cff(release: Release, _: Mapping[str, bytes]) -> bytes:
    """The bundle's citation: the dataset, and among its references each declaration's
    publication."""
    return (
        "cff-version: 1.2.0\n"
        "message: If you use this dataset, please cite it as below.\n"
        "type: dataset\n"
        f"{_dataset_fields(release)}"
        f"{_references(release)}"
    ).encode()


def repository_cff(release: Release) -> bytes:
    """The repository's citation (GitHub's "Cite this repository", Zenodo's GitHub
    integration): the code that builds the dataset, under its licence, with the dataset as
    the preferred citation (the fields of the bundle's ``CITATION.cff``, as a reference of
    type ``data``) and the declarations' publications as references."""
    dataset, quote = dataset_of(release), _quote
    preferred = "".join(f"  {line}\n" for line in _dataset_fields(release).splitlines())
    return (
        "cff-version: 1.2.0\n"
        "message: If you use this dataset, please cite it as below.\n"
        "type: software\n"
        f"title: {quote(f'{dataset.name}: the code that builds the dataset')}\n"
        f"version: {quote(dataset.version)}\n"
        f"license: {dataset.code_license}\n"
        f"url: {quote(dataset.homepage)}\n"
        "authors:\n"
        f"  - name: {quote(f'{dataset.name} contributors')}\n"
        "preferred-citation:\n"
        "  type: data\n"
        f"{preferred}"
        f"{_references(release)}"
    ).encode()


def rights(release: Release) -> str:
    """What the licence covers, and what it does not: the declarations' texts."""
    dataset = dataset_of(release)
    publishers = sorted({decl.publisher.name for decl in release})
    return (
        f"The declarations' texts are official documents of their publishers "
        f"({'; '.join(publishers)}), reproduced exactly as published: neither this edition "
        f"nor their publishers license them under {dataset.license.title}, which covers what "
        "the edition adds (the segmentation, identifiers, annotations, metadata and schemas). "
        f"The code is under the {dataset.code_license} licence."
    )


def zenodo(release: Release) -> bytes:
    """Zenodo's deposit metadata (``.zenodo.json``), which its GitHub integration takes for
    a release of the repository: a dataset, its creators, licence, keywords, version and
    the identifiers it relates to (the publications it is derived from, its w3id.org IRI)."""
    from declaration import ids

    dataset = dataset_of(release)
    related = [
        {
            "identifier": decl.source.url,
            "relation": "isDerivedFrom",
            "resource_type": "publication-other",
            "scheme": "url",
        }
        for decl in release
    ]
    related.append(
        {
            "identifier": ids.dataset_iri(dataset.base_iri),
            "relation": "isIdenticalTo",
            "resource_type": "dataset",
            "scheme": "url",
        }
    )
    return dumps(
        {
            "upload_type": "dataset",
            "title": dataset.title,
            "description": dataset.description,
            "notes": rights(release),
            "creators": [{"name": f"{dataset.name} contributors"}],
            "license": dataset.license.id,
            "access_right": "open",
            "keywords": list(dataset.keywords),
            "version": dataset.version,
            "publication_date": dataset.created.date().isoformat(),
            "language": release.first.language,
            "related_identifiers": related,
        }
    )


def datacite(release: Release, _: Mapping[str, bytes]) -> bytes:
    """The dataset in DataCite's metadata schema (4.5 properties, as JSON), for the
    repositories that take it; with no DOI until one exists."""
    from declaration import ids
    from declaration.codes import bcp47

    dataset = dataset_of(release)
    days = sorted(decl.date for decl in release)
    covered = days[0].isoformat() if days[0] == days[-1] else f"{days[0]}/{days[-1]}"
    return dumps(
        {
            "schemaVersion": "http://datacite.org/schema/kernel-4",
            "types": {
                "resourceTypeGeneral": "Dataset",
                "resourceType": "Annotated edition of official texts",
            },
            "titles": [{"title": dataset.title}],
            "creators": [{"name": f"{dataset.name} contributors", "nameType": "Organizational"}],
            "publisher": {"name": f"{dataset.name} contributors"},
            "publicationYear": str(dataset.created.year),
            "version": dataset.version,
            "language": bcp47(release.first.language),
            "subjects": [{"subject": keyword} for keyword in dataset.keywords],
            "dates": [
                {"date": dataset.created.date().isoformat(), "dateType": "Issued"},
                {
                    "date": covered,
                    "dateType": "Other",
                    "dateInformation": "the dates of the declarations",
                },
            ],
            "alternateIdentifiers": [
                {
                    "alternateIdentifier": ids.dataset_iri(dataset.base_iri),
                    "alternateIdentifierType": "URL",
                }
            ],
            "relatedIdentifiers": [
                {
                    "relatedIdentifier": decl.source.url,
                    "relatedIdentifierType": "URL",
                    "relationType": "IsDerivedFrom",
                }
                for decl in release
            ],
            "rightsList": [
                {
                    "rights": dataset.license.title,
                    "rightsUri": dataset.license.url,
                    "rightsIdentifier": dataset.license.id,
                    "rightsIdentifierScheme": "SPDX",
                },
                {"rights": rights(release)},
            ],
            "descriptions": [{"description": dataset.description, "descriptionType": "Abstract"}],
            "url": dataset.homepage,
        }
    )


def citation_facts(__: Release, data: bytes) -> dict[str, Any]:
    """The dataset facts of a ``CITATION.cff`` as :func:`bundle.citation_cff` writes it."""
    facts: dict[str, Any] = {}
    keys = {
        "title": "title",
        "abstract": "description",
        "license": "license_id",
        "license-url": "license_url",
        "url": "homepage",
    }
    section, keywords = "", []
    for line in data.decode("utf-8", errors="replace").splitlines():
        if not line.startswith(" "):
            section = line.split(":", 1)[0]
            key, _, value = line.partition(": ")
            if key in keys and value:
                facts[keys[key]] = _unquote(value)
        elif section == "keywords" and line.startswith("  - "):
            keywords.append(_unquote(line[4:]))
        elif section == "authors" and line.startswith("  - name: "):
            facts["name"] = _unquote(line[10:]).removesuffix(" contributors")
    if keywords:
        facts["keywords"] = tuple(keywords)
    return facts


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value
