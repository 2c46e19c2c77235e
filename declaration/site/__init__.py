"""The publication site, ``build/site/``: what people read and what portals harvest.

Written by ``declaration publish`` beside the bundle and its zip, from the same declaration
and the same files: the downloads at the paths they have in the bundle, the zip, and the
DCAT-AP 3.0.1 catalogue (``catalog.ttl``, ``catalog.jsonld``) that describes them; the
dataset page in French (``index.html``) and English (``en/index.html``), and each
declaration at the path of its Work IRI (:mod:`.pages`), and the server rules that answer
their IRIs (:mod:`.server`). With a ``site_url`` and a w3id.org base IRI, :func:`w3id` gives the
rules for the namespace's folder of the w3id.org repository, which send the IRIs there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping

from declaration import archive, ids, registry
from declaration.output import Output
from declaration.release import Release
from declaration.site import catalog, pages, releases, server, text
from declaration.spool import Selected, copy, digest

HIDDEN = frozenset({".htaccess"})  # the server rules: a name that starts with a dot


def downloads(zip_name: str) -> Callable[[str], Output | None]:
    """The output of each file the site offers for download: the bundle's, and the zip."""

    def lookup(path: str) -> Output | None:
        return archive.OUTPUT if path == zip_name else registry.output(path)

    return lookup


def write(
    release: Release,
    bundle: Mapping[str, bytes],
    zip_name: str,
    zips: Mapping[str, bytes],
    store: MutableMapping[str, bytes],
) -> None:
    """Put every file of the site into ``store``, by path: the bundle's files, the zip
    ``zip_name`` of ``zips``, the catalogue that describes them, the pages and the server
    rules (one file at a time: from spool to spool, a file is copied without being held)."""
    for path in sorted(bundle):
        copy(bundle, path, store)
    copy(zips, zip_name, store)
    if release.signer:  # the publisher's key, for ssh-keygen -Y verify -f allowed_signers
        store["allowed_signers"] = f"{release.signer}\n".encode()
    lookup = downloads(zip_name)
    graph = catalog.graph(release, Selected(store, sorted(store)), lookup)
    store[catalog.TURTLE] = catalog.turtle(graph)
    store[catalog.JSONLD] = catalog.jsonld(graph)
    files = Selected(store, sorted(store))
    size, sha256 = digest(zips, zip_name)
    listed = releases.versions(release, zip_name, size, sha256)
    store[pages.RELEASES_FEED] = releases.feed(release, listed)
    store[pages.RELEASES_PAGE] = releases.page("fr", release, listed)
    store[f"en/{pages.RELEASES_PAGE}"] = releases.page("en", release, listed)
    store["index.html"] = pages.dataset_page("fr", release, files, lookup, zip_name)
    store["en/index.html"] = pages.dataset_page("en", release, files, lookup, zip_name)
    for decl in release:
        store[pages.work_path(decl)] = text.declaration_page(release, decl)
    store[".htaccess"] = server.htaccess(release, registry.OUTPUTS)


def w3id(release: Release) -> dict[str, bytes]:
    """The w3id.org rules, by path (``w3id/NAME/.htaccess``), if the dataset names the site's
    address and its base IRI is a w3id.org namespace; else nothing."""
    dataset = release.dataset
    namespace = ids.w3id_namespace(dataset.base_iri) if dataset else None
    if dataset is None or dataset.site_url is None or namespace is None:
        return {}
    rules = server.w3id_htaccess(release, registry.OUTPUTS, dataset.site_url)
    return {f"w3id/{namespace}/.htaccess": rules}
