"""The dataset facts no record carries (name, title, description, keywords, licence…): in a
repository, the source's; in a package, field by field what most of the descriptor,
``CITATION.cff``, the README and the LICENSE say (ties: the descriptor)."""

from __future__ import annotations

import contextlib
from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from declaration.errors import DeclarationError, reason
from declaration.validate.run import DESCRIPTOR, Run

if TYPE_CHECKING:
    from declaration.metadata import DatasetMeta
    from declaration.release import Release


def _from_descriptor(run: Run, descriptor: dict[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for key in ("name", "title", "description", "homepage"):
        if isinstance(descriptor.get(key), str):
            facts[key] = descriptor[key]
    keywords = descriptor.get("keywords")
    if isinstance(keywords, list) and all(isinstance(k, str) for k in keywords):
        facts["keywords"] = tuple(keywords)
    licenses = descriptor.get("licenses")
    if isinstance(licenses, list) and licenses and isinstance(licenses[0], dict):
        for key, fact in (
            ("name", "license_id"),
            ("title", "license_title"),
            ("path", "license_url"),
        ):
            if isinstance(licenses[0].get(key), str):
                facts[fact] = licenses[0][key]
    if isinstance(descriptor.get("created"), str):
        facts["created"] = descriptor["created"]
    return facts


def _from_citation(data: bytes) -> dict[str, Any]:
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


def _from_template(name: str, data: bytes, release: Release) -> dict[str, Any]:
    """The dataset facts of a bundle file written from a template (README, LICENSE) for
    ``release``."""
    from declaration import registry
    from declaration.formats.bundle import KEYWORD_SEPARATOR, parts, template, unfill

    text = template(name, release.kind, parts(release, registry.OUTPUTS))
    values = unfill(text, data.decode("utf-8", errors="replace"))
    if values is None:
        return {}
    facts: dict[str, Any] = {
        key: values[key]
        for key in (
            "title",
            "name",
            "description",
            "license_title",
            "license_id",
            "license_url",
            "code_license",
        )
        if key in values
    }
    if "keywords" in values:
        facts["keywords"] = tuple(values["keywords"].split(KEYWORD_SEPARATOR))
    if "citation" in values:
        facts["homepage"] = values["citation"].rsplit(" ", 1)[-1]
    return facts


def _voted(sources: list[dict[str, Any]]) -> dict[str, Any]:
    """Field by field, what most ``sources`` say (ties: the first source's, the descriptor)."""
    facts: dict[str, Any] = {}
    keys = ("name", "title", "description", "keywords", "homepage", "code_license")
    for key in (*keys, "license_id", "license_title", "license_url"):
        votes = Counter(s[key] for s in sources if key in s)
        if votes:
            best = max(votes.values())
            winners = [v for v, n in votes.items() if n == best]
            facts[key] = sources[0][key] if sources[0].get(key) in winners else winners[0]
    return facts


def _created(release: Release, stated: str) -> datetime:
    """When the release was made: the descriptor's time if it is on the release's date."""
    day = release.first.release.date
    created = datetime(day.year, day.month, day.day, tzinfo=UTC)
    if stated.startswith(day.isoformat()):
        with contextlib.suppress(ValueError):
            created = datetime.strptime(stated, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return created


def dataset(run: Run, descriptor: dict[str, Any], release: Release) -> DatasetMeta | None:
    """The dataset facts: the source's in a repository; else, field by field, what most of
    the descriptor, ``CITATION.cff``, the README and the LICENSE say (ties: the descriptor)."""
    from pydantic import ValidationError

    from declaration.metadata import DatasetMeta

    if run.package.source is not None:
        from declaration.source import load_dataset

        try:
            return load_dataset(run.package.source)
        except DeclarationError as error:
            run.error(error)
            return None
    sources = [_from_descriptor(run, descriptor)]
    if "CITATION.cff" in run.files:
        sources.append(_from_citation(run.files["CITATION.cff"]))
    for name, template in (("README.md", "bundle-README.md"), ("LICENSE", "bundle-LICENSE.txt")):
        if name in run.files:
            sources.append(_from_template(template, run.files[name], release))
    facts = _voted(sources)
    try:
        return DatasetMeta.model_validate(
            {
                "name": facts.get("name"),
                "title": facts.get("title"),
                "description": facts.get("description"),
                "version": release.first.release.version,
                "created": _created(release, sources[0].get("created", "")),
                "keywords": facts.get("keywords", ()),
                "license": {
                    "id": facts.get("license_id"),
                    "title": facts.get("license_title"),
                    "url": facts.get("license_url"),
                },
                "base_iri": release.first.base_iri,
                "homepage": facts.get("homepage"),
                **({"code_license": facts["code_license"]} if "code_license" in facts else {}),
            }
        )
    except ValidationError as exc:
        run.add(DESCRIPTOR, "descriptor-invalid", f"its dataset facts are not valid: {reason(exc)}")
        return None
