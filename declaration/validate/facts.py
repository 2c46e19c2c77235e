"""The dataset facts no record carries (name, title, description, keywords, licence…): in a
repository, the source's; in a package, field by field what most of the descriptor and the
documents that state them (the outputs with ``facts``: ``CITATION.cff``, the README, the
LICENSE) say (ties: the descriptor)."""

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

    from declaration import registry
    from declaration.metadata import DatasetMeta

    if run.package.source is not None:
        from declaration.source import load_dataset

        try:
            return load_dataset(run.package.source)
        except DeclarationError as error:
            run.error(error)
            return None
    sources = [_from_descriptor(run, descriptor)]
    for out in registry.OUTPUTS:  # the documents that state dataset facts
        if out.facts is not None and out.path in run.files:
            sources.append(out.facts(release, run.files[out.path]))
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
