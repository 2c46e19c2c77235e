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

from collections.abc import Mapping, MutableMapping

from declaration import ids, registry
from declaration.metadata import DatasetMeta
from declaration.output import Release, members
from declaration.site import catalog, pages, server
from declaration.spool import Selected, copy

HIDDEN = frozenset({".htaccess"})  # the server rules: a name that starts with a dot

# what the bundle adds to the registry's outputs, for the catalogue's descriptions
BUNDLE_FILES = {
    "datapackage.json": "Data Package 2.0 descriptor: every file with its size, SHA-256 and schema.",
    "README.md": "How to load the dataset and check it in CI.",
    "CITATION.cff": "How to cite the dataset (Citation File Format).",
    "CHANGELOG.md": "What changed, release by release.",
    "LICENSE": "The licences of the data and of the code.",
    "SHA256SUMS": "The SHA-256 of every file of the bundle.",
}


def write(
    release: Release,
    dataset: DatasetMeta,
    bundle: Mapping[str, bytes],
    zip_name: str,
    zips: Mapping[str, bytes],
    store: MutableMapping[str, bytes],
) -> None:
    """Put every file of the site into ``store``, by path: the bundle's files, the zip
    ``zip_name`` of ``zips``, the catalogue that describes them, the pages and the server
    rules (one file at a time: from spool to spool, a file is copied without being held)."""
    descriptions = dict(BUNDLE_FILES)
    for path in bundle:
        out = registry.output(path)
        if out is not None:
            descriptions[path] = out.description
    descriptions[zip_name] = "The whole release in one zip, datapackage.json at its root."
    for path in sorted(bundle):
        copy(bundle, path, store)
    copy(zips, zip_name, store)
    graph = catalog.graph(release, dataset, Selected(store, sorted(store)), descriptions)
    store["catalog.ttl"] = catalog.turtle(graph)
    store["catalog.jsonld"] = catalog.jsonld(graph)
    downloads = Selected(store, sorted(store))
    store["index.html"] = pages.dataset_page("fr", release, dataset, downloads)
    store["en/index.html"] = pages.dataset_page("en", release, dataset, downloads)
    for decl in members(release):
        work = pages.work_path(decl)
        store[work] = pages.declaration_page(decl, "../" * work.count("/") + "index.html")
    store[".htaccess"] = server.htaccess(release)


def w3id(release: Release, dataset: DatasetMeta) -> dict[str, bytes]:
    """The w3id.org rules, by path (``w3id/NAME/.htaccess``), if the dataset names the site's
    address and its base IRI is a w3id.org namespace; else nothing."""
    namespace = ids.w3id_namespace(dataset.base_iri)
    if dataset.site_url is None or namespace is None:
        return {}
    return {f"w3id/{namespace}/.htaccess": server.w3id_htaccess(release, dataset.site_url)}
