"""The releases of the dataset, as the site offers them: a page in each language
(``releases.html``, ``en/releases.html``) and an Atom feed (``releases.atom``, RFC 4287),
one entry per version, newest first, each with its date, what changed and its download.

The earlier releases are those ``metadata.toml`` lists (``[[dataset.versions]]``); the
current one is this publish's, with its zip. Nothing is read from the clock: the feed's
``updated`` is the current release's date."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from declaration.release import Release

from declaration.site.pages import RELEASES_FEED as FEED
from declaration.site.pages import RELEASES_PAGE as PAGE

ATOM = "http://www.w3.org/2005/Atom"
FIRST = {"fr": "Première publication.", "en": "The first release."}
LABELS = {
    "fr": {
        "title": "Versions",
        "intro": "Chaque version du jeu de données, de la plus récente à la plus ancienne ; "
        "le fil Atom les annonce.",
        "head": ("version", "date", "changements", "téléchargement", "SHA-256 du zip"),
        "feed": "Fil Atom des versions",
        "home": ("Jeu de données", "index.html"),
        "none": "(plus proposé ici)",
    },
    "en": {
        "title": "Versions",
        "intro": "Every version of the dataset, newest first; the Atom feed announces them.",
        "head": ("version", "date", "changes", "download", "SHA-256 of the zip"),
        "feed": "Atom feed of the versions",
        "home": ("The dataset", "index.html"),
        "none": "(no longer offered here)",
    },
}


@dataclass(frozen=True, slots=True)
class Version:
    """A release as the feed and the page list it."""

    version: str
    created: str  # RFC 3339
    changes: str | None
    sha256: str
    url: str | None  # its zip, if offered
    size: int | None = None


def versions(release: Release, zip_name: str, size: int, sha256: str) -> list[Version]:
    """Every release, newest first: this one (its zip on the site), then the earlier ones."""
    assert release.dataset is not None
    dataset = release.dataset
    base = _address(release)
    found = [
        Version(
            dataset.version,
            _rfc3339(dataset.created),
            dataset.changes,
            sha256,
            f"{base}/{zip_name}",
            size,
        )
    ]
    for past in reversed(dataset.versions):
        found.append(
            Version(past.version, _rfc3339(past.created), past.changes, past.sha256, past.url)
        )
    return found


def _address(release: Release) -> str:
    """Where the site is read: its own address if the metadata give it, else the homepage."""
    assert release.dataset is not None
    return (release.dataset.site_url or release.dataset.homepage).rstrip("/")


def _rfc3339(moment: object) -> str:
    from datetime import UTC, datetime

    assert isinstance(moment, datetime)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _said(version: Version, lang: str, last: bool) -> str:
    return version.changes or (FIRST[lang] if last else "")


def feed(release: Release, listed: list[Version]) -> bytes:
    """The Atom feed: one entry per version, its id the version's dataset IRI."""
    from xml.etree import ElementTree as ET

    from declaration import ids
    from declaration.formats.bundle import rights

    assert release.dataset is not None
    dataset = release.dataset
    base = _address(release)
    ET.register_namespace("", ATOM)

    def sub(
        parent: ET.Element, name: str, text: str | None = None, **attributes: str
    ) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        node.text = text
        return node

    top = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    sub(top, "id", ids.dataset_iri(dataset.base_iri))
    sub(top, "title", dataset.title)
    sub(top, "updated", listed[0].created)
    author = sub(top, "author")
    sub(author, "name", f"{dataset.name} contributors")
    sub(author, "uri", dataset.homepage)
    sub(top, "link", rel="self", type="application/atom+xml", href=f"{base}/{FEED}")
    sub(top, "link", rel="alternate", type="text/html", href=f"{base}/{PAGE}")
    sub(top, "rights", rights(release))
    for index, version in enumerate(listed):
        entry = sub(top, "entry")
        sub(entry, "id", f"{ids.dataset_iri(dataset.base_iri)}/{version.version}")
        sub(entry, "title", f"{dataset.name} {version.version}")
        sub(entry, "published", version.created)
        sub(entry, "updated", version.created)
        sub(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=f"{base}/{PAGE}#v{version.version}",
        )
        if version.url:
            attributes = {"rel": "enclosure", "type": "application/zip", "href": version.url}
            if version.size is not None:
                attributes["length"] = str(version.size)
            sub(entry, "link", **attributes)
        summary = _said(version, "en", index == len(listed) - 1)
        sub(entry, "summary", f"{summary} SHA-256 of the zip: {version.sha256}".strip())
    ET.indent(top)
    text: bytes = ET.tostring(top, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + text + b"\n"


def page(lang: str, release: Release, listed: list[Version]) -> bytes:
    """The releases page in ``lang``: a row per version, its anchor ``v<version>``."""
    from declaration.site.pages import LABELS as PAGE_LABELS
    from declaration.site.pages import html_page

    assert release.dataset is not None
    labels = LABELS[lang]
    home, home_href = labels["home"]
    other, other_href = PAGE_LABELS[lang]["other"]
    other_href = other_href.replace("index.html", PAGE)
    feed_href = FEED if lang == "fr" else f"../{FEED}"
    head = "".join(f"<th>{h}</th>" for h in labels["head"])
    rows = []
    for index, version in enumerate(listed):
        link = (
            f'<a href="{escape(version.url)}">{escape(version.url.rsplit("/", 1)[-1])}</a>'
            if version.url
            else labels["none"]
        )
        said = escape(_said(version, lang, index == len(listed) - 1))
        rows.append(
            f'<tr id="v{escape(version.version)}"><td>{escape(version.version)}</td>'
            f'<td><time datetime="{version.created}">{version.created[:10]}</time></td>'
            f"<td>{said}</td><td>{link}</td><td><code>{version.sha256}</code></td></tr>"
        )
    body = (
        f'<nav><a href="{home_href}">{home}</a><a href="{other_href}" '
        f'hreflang="{"en" if lang == "fr" else "fr"}">{other}</a></nav>\n'
        f"<h1>{labels['title']}</h1>\n<p>{labels['intro']} "
        f'<a href="{feed_href}" type="application/atom+xml">{labels["feed"]}</a></p>\n'
        f'<table tabindex="0">\n<tr>{head}</tr>\n' + "\n".join(rows) + "\n</table>"
    )
    alternate = f'<link rel="alternate" type="application/atom+xml" href="{feed_href}" title="{labels["feed"]}">\n'
    return html_page(lang, f"{labels['title']}: {release.dataset.title}", body, alternate)
