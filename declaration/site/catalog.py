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

from collections.abc import Mapping
from typing import TYPE_CHECKING

from declaration import ids
from declaration.metadata import DatasetMeta
from declaration.output import Corpus, Release, members, shared
from declaration.spool import digest

if TYPE_CHECKING:
    from rdflib import Graph

EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
# the EU file type of each file, by its extension
FILE_TYPES = {
    "csv": "CSV",
    "parquet": "PARQUET",
    "sqlite": "SQLITE",
    "jsonld": "JSON_LD",
    "json": "JSON",
    "ttl": "RDF_TURTLE",
    "nq": "RDF_N_QUADS",
    "xml": "XML",
    "xsd": "XML",
    "txt": "TXT",
    "md": "TXT",
    "cff": "TXT",
    "zip": "ZIP",
}
MEDIA_TYPES = {
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "sqlite": "application/vnd.sqlite3",
    "jsonld": "application/ld+json",
    "json": "application/json",
    "ttl": "text/turtle",
    "nq": "application/n-quads",
    "xml": "application/xml",
    "xsd": "application/xml",
    "txt": "text/plain",
    "md": "text/markdown",
    "cff": "text/plain",
    "zip": "application/zip",
}
THEMES = {"INTR": "International issues", "TECH": "Science and technology"}


def catalog_iri(base: str) -> str:
    return f"{base}/catalog"


def distribution_iri(base: str, path: str) -> str:
    return f"{ids.dataset_iri(base)}/distribution/{path}"


def graph(
    release: Release,
    dataset: DatasetMeta,
    files: Mapping[str, bytes],
    descriptions: Mapping[str, str],
) -> Graph:
    """The catalogue as an RDF graph: ``files`` are the site's downloads, by path (their
    sizes and hashes: :func:`~declaration.spool.digest`), and ``descriptions`` say what each
    holds. A corpus is one dataset: its period runs from the
    first declaration's date to the last's, and it names each declaration's source."""
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

    adms, spdx, vcard = (
        Namespace("http://www.w3.org/ns/adms#"),
        Namespace("http://spdx.org/rdf/terms#"),
        Namespace("http://www.w3.org/2006/vcard/ns#"),
    )
    dcatap = Namespace("http://data.europa.eu/r5r/")
    base = dataset.base_iri
    g = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("skos", SKOS),
        ("spdx", spdx),
        ("vcard", vcard),
        ("dcatap", dcatap),
        ("adms", adms),
    ):
        g.bind(prefix, namespace)

    def stated(iri: str, scheme: str, label: str, *classes: URIRef) -> URIRef:
        """A concept of a controlled vocabulary, with its scheme and label (what the shapes
        check)."""
        node = URIRef(iri)
        for kind in (SKOS.Concept, *classes):
            g.add((node, RDF.type, kind))
        g.add((node, SKOS.inScheme, URIRef(scheme)))
        g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
        return node

    def concept(scheme: str, code: str, label: str, *classes: URIRef) -> URIRef:
        """A concept of an EU vocabulary (a NAL of the Publications Office)."""
        return stated(f"{EU}{scheme}/{code}", f"{EU}{scheme}", label, *classes)

    def language(code: str) -> URIRef:
        found = pycountry.languages.get(alpha_3=code.lower())
        if found is None:  # the model admits only ISO 639-2/T codes
            raise ValueError(f"unknown language {code!r}")
        return concept("language", code.upper(), str(found.name), DCTERMS.LinguisticSystem)

    def country(alpha2: str) -> URIRef:
        found = pycountry.countries.get(alpha_2=alpha2)
        if found is None:  # the model admits only ISO 3166-1 codes
            raise ValueError(f"unknown country {alpha2!r}")
        return concept("country", str(found.alpha_3), str(found.name), DCTERMS.Location)

    catalog, ds = URIRef(catalog_iri(base)), URIRef(ids.dataset_iri(base))
    publisher = URIRef(f"{base}/id/publisher/project")
    licence = URIRef(dataset.license.url)
    contact = URIRef(f"{base}/id/contact")
    decls = members(release)
    issued = Literal(shared(release).release.date.isoformat(), datatype=XSD.date)
    homepage = URIRef(dataset.homepage)

    import pycountry

    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(f"{dataset.name} contributors")))
    g.add((publisher, FOAF.homepage, homepage))
    adms_vocabulary = "http://purl.org/adms/"
    g.add(
        (
            publisher,
            DCTERMS.type,
            stated(
                f"{adms_vocabulary}publishertype/NonProfitOrganisation",
                f"{adms_vocabulary}publishertype/1.0",
                "Non-Profit Organisation",
            ),
        )
    )
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((licence, DCTERMS.title, Literal(dataset.license.title)))
    attribution = stated(
        f"{adms_vocabulary}licencetype/Attribution",
        f"{adms_vocabulary}licencetype/1.0",
        "Attribution",
    )
    g.add((licence, DCTERMS.type, attribution))
    g.add((homepage, RDF.type, FOAF.Document))
    g.add((contact, RDF.type, vcard.Kind))
    g.add((contact, RDF.type, vcard.Organization))
    g.add((contact, vcard.fn, Literal(f"{dataset.name} contributors")))
    g.add((contact, vcard.hasURL, homepage))

    g.add((catalog, RDF.type, DCAT.Catalog))
    g.add((catalog, DCTERMS.title, Literal(dataset.title, lang="fr")))
    g.add((catalog, DCTERMS.description, Literal(dataset.description, lang="en")))
    g.add((catalog, DCTERMS.publisher, publisher))
    g.add((catalog, DCTERMS.license, licence))
    g.add((catalog, DCTERMS.issued, issued))
    g.add((catalog, DCTERMS.modified, issued))
    g.add((catalog, DCTERMS.language, language("eng")))
    g.add((catalog, FOAF.homepage, homepage))
    g.add((catalog, DCAT.themeTaxonomy, URIRef(f"{EU}data-theme")))
    g.add((URIRef(f"{EU}data-theme"), RDF.type, SKOS.ConceptScheme))
    g.add((URIRef(f"{EU}data-theme"), DCTERMS.title, Literal("Data theme", lang="en")))
    g.add((catalog, DCAT.dataset, ds))

    period = URIRef(f"{ids.dataset_iri(base)}#period")
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    days = sorted(decl.date for decl in decls)
    g.add((period, DCAT.startDate, Literal(days[0].isoformat(), datatype=XSD.date)))
    g.add((period, DCAT.endDate, Literal(days[-1].isoformat(), datatype=XSD.date)))

    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(dataset.title, lang="fr")))
    if not isinstance(release, Corpus):
        g.add((ds, DCTERMS.title, Literal(shared(release).title, lang="fr")))
    g.add((ds, DCTERMS.description, Literal(dataset.description, lang="en")))
    g.add((ds, DCTERMS.identifier, Literal(ids.dataset_iri(base))))
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((ds, DCAT.contactPoint, contact))
    g.add((ds, DCTERMS.issued, issued))
    g.add((ds, DCTERMS.modified, issued))
    g.add((ds, URIRef(f"{DCAT}version"), Literal(dataset.version)))  # DCAT 3, not in rdflib's
    g.add((ds, DCAT.landingPage, homepage))
    g.add((ds, DCTERMS.temporal, period))
    for decl in decls:
        g.add((ds, DCTERMS.relation, URIRef(decl.source.url)))  # the published text
        g.add((ds, DCTERMS.language, language(decl.language)))
        for party in decl.parties:
            g.add((ds, DCTERMS.spatial, country(party.country)))
            g.add((catalog, DCTERMS.spatial, country(party.country)))
    for theme, label in THEMES.items():
        g.add((ds, DCAT.theme, concept("data-theme", theme, label)))
    for keyword in dataset.keywords:
        g.add((ds, DCAT.keyword, Literal(keyword)))

    available = concept("planned-availability", "STABLE", "stable")
    # DCAT-AP 3.0.1 checks the algorithm's IRI against https://spdx.org/rdf/terms (not the
    # http namespace of the SPDX terms themselves), and its class
    sha256 = URIRef("https://spdx.org/rdf/terms#checksumAlgorithm_sha256")
    g.add((sha256, RDF.type, spdx.ChecksumAlgorithm))
    for path in sorted(files):
        size, sha256_hex = digest(files, path)
        extension = path.rsplit(".", 1)[-1] if "." in path else "txt"
        node = URIRef(distribution_iri(base, path))
        checksum = URIRef(f"{node}#sha256")
        g.add((ds, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((node, DCTERMS.title, Literal(path.rsplit("/", 1)[-1])))
        g.add((node, DCAT.accessURL, homepage))
        g.add((node, DCAT.downloadURL, URIRef(f"{base}/{path}")))
        file_type = FILE_TYPES.get(extension, "TXT")
        kind = concept("file-type", file_type, file_type, DCTERMS.MediaTypeOrExtent)
        g.add((node, DCTERMS.format, kind))
        media = URIRef(IANA + MEDIA_TYPES.get(extension, "text/plain"))
        g.add((media, RDF.type, DCTERMS.MediaType))
        g.add((node, DCAT.mediaType, media))
        g.add((node, DCTERMS.description, Literal(descriptions.get(path, path), lang="en")))
        g.add((node, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
        g.add((node, DCTERMS.license, licence))
        g.add((node, dcatap.availability, available))
        g.add((node, spdx.checksum, checksum))
        g.add((checksum, RDF.type, spdx.Checksum))
        g.add((checksum, spdx.algorithm, sha256))
        g.add((checksum, spdx.checksumValue, Literal(sha256_hex, datatype=XSD.hexBinary)))
    return g


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
