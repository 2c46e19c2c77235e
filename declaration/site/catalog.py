"""The DCAT-AP 3.0.1 catalogue of the release, for the portals that harvest one.

One ``dcat:Catalog``, the ``dcat:Dataset``, and one ``dcat:Distribution`` per file of the
bundle and for the zip, each with its download URL on the site, its EU file type and IANA
media type, its size and SHA-256 (``spdx:Checksum``) and its licence. Controlled values come
from the EU vocabularies (file types, languages, countries, data themes, availability), each
stated with the scheme it belongs to, so that the DCAT-AP shapes of those vocabularies can
check them offline. No blank node: every node has an IRI under the base IRI, so that the
Turtle is the same from build to build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from declaration import ids
from declaration.output import Output
from declaration.release import Release
from declaration.spool import digest

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
ADMS = "http://purl.org/adms/"
# the catalogue's files, and the media types each answers the dataset's IRIs for (its own
# first, as it is served)
TURTLE, JSONLD = "catalog.ttl", "catalog.jsonld"
FILES = {TURTLE: ("text/turtle",), JSONLD: ("application/ld+json", "application/json")}
THEMES = {"INTR": "International issues", "TECH": "Science and technology"}


def catalog_iri(base: str) -> str:
    return f"{base}/catalog"


def distribution_iri(base: str, path: str) -> str:
    return f"{ids.dataset_iri(base)}/distribution/{path}"


@dataclass
class _Writer:
    """The graph being written, and the namespaces and nodes its parts share."""

    g: Graph
    ns: dict[str, Any]
    base: str

    def add(self, s: Any, p: Any, o: Any) -> None:
        self.g.add((s, p, o))

    def stated(self, iri: str, scheme: str, label: str, *classes: Any) -> URIRef:
        """A concept of a controlled vocabulary, with its scheme and label (what the shapes
        check)."""
        from rdflib import Literal, URIRef

        rdf, skos = self.ns["rdf"], self.ns["skos"]
        node = URIRef(iri)
        for kind in (skos.Concept, *classes):
            self.add(node, rdf.type, kind)
        self.add(node, skos.inScheme, URIRef(scheme))
        self.add(node, skos.prefLabel, Literal(label, lang="en"))
        return node

    def concept(self, scheme: str, code: str, label: str, *classes: Any) -> URIRef:
        """A concept of an EU vocabulary (a NAL of the Publications Office)."""
        return self.stated(f"{EU}{scheme}/{code}", f"{EU}{scheme}", label, *classes)

    def language(self, code: str) -> URIRef:
        import pycountry

        found = pycountry.languages.get(alpha_3=code.lower())
        if found is None:  # the model admits only ISO 639-2/T codes
            raise ValueError(f"unknown language {code!r}")
        kind = self.ns["dct"].LinguisticSystem
        return self.concept("language", code.upper(), str(found.name), kind)

    def country(self, alpha2: str) -> URIRef:
        import pycountry

        found = pycountry.countries.get(alpha_2=alpha2)
        if found is None:  # the model admits only ISO 3166-1 codes
            raise ValueError(f"unknown country {alpha2!r}")
        return self.concept("country", str(found.alpha_3), str(found.name), self.ns["dct"].Location)


def _start(base: str) -> _Writer:
    from rdflib import Graph, Namespace
    from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

    ns = {
        "dcat": DCAT,
        "dct": DCTERMS,
        "foaf": FOAF,
        "skos": SKOS,
        "spdx": Namespace("http://spdx.org/rdf/terms#"),
        "vcard": Namespace("http://www.w3.org/2006/vcard/ns#"),
        "dcatap": Namespace("http://data.europa.eu/r5r/"),
        "adms": Namespace("http://www.w3.org/ns/adms#"),
    }
    g = Graph()
    for prefix, namespace in ns.items():
        g.bind(prefix, namespace)
    return _Writer(g, ns | {"rdf": RDF, "rdfs": RDFS, "xsd": XSD}, base)


def graph(
    release: Release, files: Mapping[str, bytes], lookup: Callable[[str], Output | None]
) -> Graph:
    """The catalogue as an RDF graph: ``files`` are the site's downloads, by path (their
    sizes and hashes: :func:`~declaration.spool.digest`), each described by its output
    (``lookup``). A corpus is one dataset: its period runs from the first declaration's
    date to the last's, and it names each declaration's source."""
    assert release.dataset is not None  # the site is written from a release with its facts
    w = _start(release.dataset.base_iri)
    _agents(w, release)
    _catalog(w, release)
    _dataset(w, release)
    _versions(w, release)
    for path in sorted(files):
        out = lookup(path)
        if out is not None:
            _distribution(w, release, path, out, files)
    return w.g


def _agents(w: _Writer, release: Release) -> None:
    """The publisher, the licence and the contact point."""
    from rdflib import Literal, URIRef

    assert release.dataset is not None
    dataset, base, ns = release.dataset, w.base, w.ns
    rdf, foaf, dct, vcard = ns["rdf"], ns["foaf"], ns["dct"], ns["vcard"]
    publisher, homepage = URIRef(f"{base}/id/publisher/project"), URIRef(dataset.homepage)
    contact, licence = URIRef(f"{base}/id/contact"), URIRef(dataset.license.url)
    w.add(publisher, rdf.type, foaf.Agent)
    w.add(publisher, foaf.name, Literal(f"{dataset.name} contributors"))
    w.add(publisher, foaf.homepage, homepage)
    kind = w.stated(
        f"{ADMS}publishertype/NonProfitOrganisation",
        f"{ADMS}publishertype/1.0",
        "Non-Profit Organisation",
    )
    w.add(publisher, dct.type, kind)
    w.add(licence, rdf.type, dct.LicenseDocument)
    w.add(licence, dct.title, Literal(dataset.license.title))
    attribution = w.stated(
        f"{ADMS}licencetype/Attribution", f"{ADMS}licencetype/1.0", "Attribution"
    )
    w.add(licence, dct.type, attribution)
    w.add(homepage, rdf.type, foaf.Document)
    w.add(contact, rdf.type, vcard.Kind)
    w.add(contact, rdf.type, vcard.Organization)
    w.add(contact, vcard.fn, Literal(f"{dataset.name} contributors"))
    w.add(contact, vcard.hasURL, homepage)


def _catalog(w: _Writer, release: Release) -> None:
    from rdflib import Literal, URIRef

    assert release.dataset is not None
    dataset, ns = release.dataset, w.ns
    rdf, dct, dcat, foaf, skos = ns["rdf"], ns["dct"], ns["dcat"], ns["foaf"], ns["skos"]
    catalog, themes = URIRef(catalog_iri(w.base)), URIRef(f"{EU}data-theme")
    issued = Literal(release.first.release.date.isoformat(), datatype=ns["xsd"].date)
    w.add(catalog, rdf.type, dcat.Catalog)
    w.add(catalog, dct.title, Literal(dataset.title, lang="fr"))
    w.add(catalog, dct.description, Literal(dataset.description, lang="en"))
    w.add(catalog, dct.publisher, URIRef(f"{w.base}/id/publisher/project"))
    w.add(catalog, dct.license, URIRef(dataset.license.url))
    w.add(catalog, dct.issued, issued)
    w.add(catalog, dct.modified, issued)
    w.add(catalog, dct.language, w.language("eng"))
    w.add(catalog, foaf.homepage, URIRef(dataset.homepage))
    w.add(catalog, dcat.themeTaxonomy, themes)
    w.add(themes, rdf.type, skos.ConceptScheme)
    w.add(themes, dct.title, Literal("Data theme", lang="en"))
    w.add(catalog, dcat.dataset, URIRef(ids.dataset_iri(w.base)))
    for decl in release:
        for party in decl.parties:
            w.add(catalog, dct.spatial, w.country(party.country))


def _dataset(w: _Writer, release: Release) -> None:
    from rdflib import URIRef

    w.add(URIRef(ids.dataset_iri(w.base)), w.ns["rdf"].type, w.ns["dcat"].Dataset)
    _describe(w, release, URIRef(ids.dataset_iri(w.base)))


def _describe(w: _Writer, release: Release, ds: URIRef, title: str | None = None) -> None:
    """What the dataset, and each version of it, says of itself: titles, description,
    publisher, contact, dates, period, languages, places, themes and keywords."""
    from rdflib import Literal, URIRef

    assert release.dataset is not None
    dataset, ns = release.dataset, w.ns
    rdf, dct, dcat, xsd = ns["rdf"], ns["dct"], ns["dcat"], ns["xsd"]
    issued = Literal(release.first.release.date.isoformat(), datatype=xsd.date)
    period = URIRef(f"{ids.dataset_iri(w.base)}#period")
    w.add(period, rdf.type, dct.PeriodOfTime)
    days = sorted(decl.date for decl in release)
    w.add(period, dcat.startDate, Literal(days[0].isoformat(), datatype=xsd.date))
    w.add(period, dcat.endDate, Literal(days[-1].isoformat(), datatype=xsd.date))
    w.add(ds, dct.title, Literal(title or dataset.title, lang="fr"))
    if len(release) == 1 and title is None:  # the declaration's own title too
        w.add(ds, dct.title, Literal(release.first.title, lang="fr"))
    w.add(ds, dct.description, Literal(dataset.description, lang="en"))
    if title is None and dataset.title_en:
        w.add(ds, dct.title, Literal(dataset.title_en, lang="en"))
    if dataset.description_fr:
        w.add(ds, dct.description, Literal(dataset.description_fr, lang="fr"))
    w.add(ds, dct.identifier, Literal(str(ds)))
    w.add(ds, dct.publisher, URIRef(f"{w.base}/id/publisher/project"))
    w.add(ds, dcat.contactPoint, URIRef(f"{w.base}/id/contact"))
    if title is None:
        w.add(ds, dct.issued, issued)
        w.add(ds, dct.modified, issued)
        w.add(ds, URIRef(f"{dcat}version"), Literal(dataset.version))  # DCAT 3, not in rdflib's
    w.add(ds, dcat.landingPage, URIRef(dataset.homepage))
    w.add(ds, dct.temporal, period)
    for decl in release:
        w.add(ds, dct.relation, URIRef(decl.source.url))  # the published text
        w.add(ds, dct.language, w.language(decl.language))
        for party in decl.parties:
            w.add(ds, dct.spatial, w.country(party.country))
    for theme, label in THEMES.items():
        w.add(ds, dcat.theme, w.concept("data-theme", theme, label))
    for keyword in dataset.keywords:
        w.add(ds, dcat.keyword, Literal(keyword))


def _versions(w: _Writer, release: Release) -> None:
    """Each release its own dataset IRI (``…/dataset/<version>``), a version of the dataset
    (``dcat:hasVersion``), with its version, notes, date and the version before it; the
    current one has the site's downloads, an earlier one its zip if it is still offered.
    The dataset itself is the current release."""
    from rdflib import Literal, URIRef

    from declaration import archive

    assert release.dataset is not None
    dataset, ns = release.dataset, w.ns
    rdf, dct, dcat, xsd, adms = ns["rdf"], ns["dct"], ns["dcat"], ns["xsd"], ns["adms"]
    ds = URIRef(ids.dataset_iri(w.base))
    notes = dataset.changes or (None if dataset.versions else _FIRST)
    listed: list[tuple[str, Any, str | None]] = [
        (past.version, past.created, past.changes) for past in dataset.versions
    ]
    listed.append((dataset.version, dataset.created, notes))
    before = None
    for version, created, changes in listed:
        node = URIRef(f"{ids.dataset_iri(w.base)}/{version}")
        w.add(ds, URIRef(f"{dcat}hasVersion"), node)
        w.add(node, URIRef(f"{dcat}isVersionOf"), ds)
        w.add(node, rdf.type, dcat.Dataset)
        _describe(w, release, node, f"{dataset.title} ({version})")
        w.add(node, URIRef(f"{dcat}version"), Literal(version))
        if changes:
            w.add(node, adms.versionNotes, Literal(changes, lang="en"))
        w.add(node, dct.issued, Literal(created.date().isoformat(), datatype=xsd.date))
        if before is not None:
            w.add(node, URIRef(f"{dcat}previousVersion"), before)
        before = node
    for past in dataset.versions:
        if past.url is not None:
            node = URIRef(f"{ids.dataset_iri(w.base)}/{past.version}")
            zipped = URIRef(f"{node}#zip")
            w.add(node, dcat.distribution, zipped)
            _download(w, release, zipped, past.url, archive.OUTPUT, past.sha256)
    if notes:
        w.add(ds, adms.versionNotes, Literal(notes, lang="en"))
    if dataset.versions:
        previous = URIRef(f"{ids.dataset_iri(w.base)}/{dataset.versions[-1].version}")
        w.add(ds, URIRef(f"{dcat}previousVersion"), previous)


_FIRST = "The first release."


def _distribution(
    w: _Writer, release: Release, path: str, out: Output, files: Mapping[str, bytes]
) -> None:
    """One download of the site, of the dataset and of its current version."""
    from rdflib import URIRef

    assert release.dataset is not None
    size, sha256_hex = digest(files, path)
    node = URIRef(distribution_iri(w.base, path))
    dcat = w.ns["dcat"]
    w.add(URIRef(ids.dataset_iri(w.base)), dcat.distribution, node)
    current = URIRef(f"{ids.dataset_iri(w.base)}/{release.dataset.version}")
    w.add(current, dcat.distribution, node)
    _download(w, release, node, f"{w.base}/{path}", out, sha256_hex, size)


def _download(
    w: _Writer,
    release: Release,
    node: URIRef,
    url: str,
    out: Output,
    sha256_hex: str,
    size: int | None = None,
) -> None:
    """A distribution: its address, type, size, SHA-256, licence and rights, as its output
    says."""
    from rdflib import Literal, URIRef

    assert release.dataset is not None
    ns = w.ns
    rdf, dct, dcat, spdx, xsd = ns["rdf"], ns["dct"], ns["dcat"], ns["spdx"], ns["xsd"]
    checksum = URIRef(f"{node}-sha256" if "#" in str(node) else f"{node}#sha256")
    # DCAT-AP 3.0.1 checks the algorithm's IRI against https://spdx.org/rdf/terms (not the
    # http namespace of the SPDX terms themselves), and its class
    sha256 = URIRef("https://spdx.org/rdf/terms#checksumAlgorithm_sha256")
    w.add(sha256, rdf.type, spdx.ChecksumAlgorithm)
    w.add(node, rdf.type, dcat.Distribution)
    w.add(node, dct.title, Literal(url.rsplit("/", 1)[-1]))
    w.add(node, dcat.accessURL, URIRef(release.dataset.homepage))
    w.add(node, dcat.downloadURL, URIRef(url))
    kind = w.concept("file-type", out.file_type, out.file_type, dct.MediaTypeOrExtent)
    w.add(node, dct.format, kind)
    media = URIRef(IANA + out.mediatype)
    w.add(media, rdf.type, dct.MediaType)
    w.add(node, dcat.mediaType, media)
    w.add(node, dct.description, Literal(out.description, lang="en"))
    if size is not None:
        w.add(node, dcat.byteSize, Literal(size, datatype=xsd.nonNegativeInteger))
    w.add(node, dct.license, URIRef(release.dataset.license.url))
    w.add(node, dct.rights, _rights(w, release))
    w.add(node, ns["dcatap"].availability, w.concept("planned-availability", "STABLE", "stable"))
    w.add(node, spdx.checksum, checksum)
    w.add(checksum, rdf.type, spdx.Checksum)
    w.add(checksum, spdx.algorithm, sha256)
    w.add(checksum, spdx.checksumValue, Literal(sha256_hex, datatype=xsd.hexBinary))


def _rights(w: _Writer, release: Release) -> URIRef:
    """The statement of what the licence covers, and what it does not (the texts): made
    once a graph (it reads every declaration), however many distributions refer to it."""
    from rdflib import Literal, URIRef

    from declaration.formats.bundle import rights

    node = URIRef(f"{w.base}/id/rights")
    if (node, w.ns["rdf"].type, w.ns["dct"].RightsStatement) in w.g:
        return node
    w.add(node, w.ns["rdf"].type, w.ns["dct"].RightsStatement)
    w.add(node, w.ns["rdfs"].label, Literal(rights(release), lang="en"))
    return node


def turtle(graph: Graph) -> bytes:
    return graph.serialize(format="turtle").encode("utf-8")


def jsonld(graph: Graph) -> bytes:
    """The same graph as JSON-LD: one node per subject, in IRI order, keys sorted."""
    import json

    document = json.loads(graph.serialize(format="json-ld"))
    nodes = sorted(document, key=lambda node: str(node.get("@id", "")))
    for node in nodes:
        for key, values in node.items():
            if isinstance(values, list):
                node[key] = sorted(values, key=lambda v: json.dumps(v, sort_keys=True))
    return (json.dumps(nodes, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
