"""The publication site written by ``declaration publish``, of the declaration and of a
corpus: its DCAT-AP 3.0.1 catalogue conforms to the official shapes, describes every download
with its size and SHA-256, reads the same in Turtle and JSON-LD, and two publishes give the
same site byte for byte; a corpus's pages list each declaration, each at its Work IRI."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from declaration.commands import publish
from declaration.model import Declaration
from declaration.site import pages
from declaration.tabular import TABLES
from tests.conftest import CORPUS, NAME, ROOT, edition

DCAT_AP = ROOT.parent / "shared" / "reference" / "dcat-ap-3.0.1"
# What the official shapes still warn of, and why no catalogue of this dataset can avoid it:
# the countries a dataset is about (dct:spatial, EU country NAL) have no bounding box nor
# centroid we could state as verified; the publisher, the project, is no EU corporate body.
KNOWN_WARNINGS = {
    (
        "http://www.w3.org/ns/dcat#bbox",
        "http://publications.europa.eu/resource/authority/country/FRA",
    ),
    (
        "http://www.w3.org/ns/dcat#bbox",
        "http://publications.europa.eu/resource/authority/country/CHN",
    ),
    (
        "http://www.w3.org/ns/dcat#centroid",
        "http://publications.europa.eu/resource/authority/country/FRA",
    ),
    (
        "http://www.w3.org/ns/dcat#centroid",
        "http://publications.europa.eu/resource/authority/country/CHN",
    ),
    ("http://purl.org/dc/terms/publisher", "https://w3id.org/fr-cn-ai-2024/catalog"),
    ("http://purl.org/dc/terms/publisher", "https://w3id.org/fr-cn-ai-2024/dataset"),
    ("http://purl.org/dc/terms/publisher", "https://w3id.org/fr-cn-ai-2024/dataset/0.1.0"),
}


@pytest.fixture(scope="module", params=["declaration", "corpus"])
def source(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    return edition(request.param, tmp_path_factory.mktemp(request.param))


@pytest.fixture(scope="module")
def site(source: Path | None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("publish")
    publish(source, out)
    return out / "site"


def _shapes(*names: str) -> Any:
    from rdflib import Graph

    if not DCAT_AP.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{DCAT_AP} is missing: CI must have ../shared beside the clone")
        pytest.skip(f"no DCAT-AP shapes at {DCAT_AP} (a clone outside the workspace)")
    shapes = Graph()
    for name in names:
        shapes.parse(DCAT_AP / name)
    return shapes


def _results(site: Path, *names: str) -> list[tuple[str, str, str]]:
    from pyshacl import validate
    from rdflib import Graph
    from rdflib.namespace import SH

    data = Graph().parse(site / "catalog.ttl")
    _, report, _ = validate(data, shacl_graph=_shapes(*names), inference="none")
    return sorted(
        (
            str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[1],
            str(report.value(r, SH.resultPath)),
            str(report.value(r, SH.focusNode)),
        )
        for r in report.subjects(SH.resultSeverity, None)
        if (None, SH.detail, r) not in report
    )


def test_the_catalogue_has_no_violation_of_the_dcat_ap_shapes(site: Path) -> None:
    assert _results(site, "dcat-ap-SHACL.ttl") == []


def test_the_catalogue_has_no_violation_of_the_vocabulary_shapes_and_only_known_warnings(
    site: Path,
) -> None:
    results = _results(site, "shapes_recommended.ttl") + _results(
        site, "mdr-vocabularies.shape.ttl"
    )
    assert [r for r in results if r[0] == "Violation"] == []
    assert {(path, focus) for _, path, focus in results} == KNOWN_WARNINGS


def test_the_catalogue_describes_every_download_with_its_size_and_sha256(site: Path) -> None:
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCAT

    graph = Graph().parse(site / "catalog.ttl")
    spdx = "http://spdx.org/rdf/terms#"
    downloads = {
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file()
        and not p.name.startswith("catalog.")
        and p.suffix != ".html"
        and p.name not in (".htaccess", "releases.atom")  # the site's own, not downloads
    }
    described = {}
    for distribution in graph.subjects(DCAT.downloadURL, None):
        url = str(graph.value(distribution, DCAT.downloadURL))
        path = url.removeprefix("https://w3id.org/fr-cn-ai-2024/")
        checksum = graph.value(distribution, URIRef(f"{spdx}checksum"))
        described[path] = (
            int(graph.value(distribution, DCAT.byteSize)),
            str(graph.value(checksum, URIRef(f"{spdx}checksumValue"))),
        )
    assert set(described) == downloads
    for path, (size, digest) in described.items():
        data = (site / path).read_bytes()
        assert (size, digest) == (len(data), hashlib.sha256(data).hexdigest()), path


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")  # rdflib's own parser
def test_the_catalogue_reads_the_same_in_turtle_and_json_ld(site: Path) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    turtle = Graph().parse(site / "catalog.ttl")
    jsonld = Graph().parse(site / "catalog.jsonld", format="json-ld")
    assert len(turtle) > 500 and isomorphic(turtle, jsonld)


def test_two_publishes_give_the_same_site_byte_for_byte(
    site: Path, source: Path | None, tmp_path: Path
) -> None:
    publish(source, tmp_path)
    again = tmp_path / "site"
    ours = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    theirs = {
        p.relative_to(again).as_posix(): p.read_bytes() for p in again.rglob("*") if p.is_file()
    }
    assert ours == theirs


def _html(path: Path) -> Any:
    from lxml import html

    return html.fromstring(path.read_bytes())


def test_the_declaration_page_shows_each_paragraph_character_for_character(
    site: Path, decl: Declaration
) -> None:
    page = _html(site / pages.work_path(decl))
    assert page.get("lang") == "fr"
    for paragraph in decl.paragraphs:
        (section,) = page.xpath(f'//section[@id="{paragraph.eid}"]')
        (text,) = section.xpath('.//span[@class="text"]')
        assert text.text_content() == paragraph.text, paragraph.eid
        assert section.xpath(f'.//a[@href="#{paragraph.eid}"]'), paragraph.eid
        assert decl.paragraph_iri(paragraph) in section.text_content()
        label = section.xpath('.//span[@class="num"]')
        assert [n.text for n in label] == ([paragraph.label] if paragraph.label else [])


def test_dates_are_time_elements_and_mentions_link_to_their_entity(
    site: Path, decl: Declaration
) -> None:
    page = _html(site / pages.work_path(decl))
    expected = []
    for paragraph in decl.paragraphs:
        for date in paragraph.dates:
            days = date.days
            expected += [date.value] if days is None else [days[0][2], days[1][2]]
    assert [t.get("datetime") for t in page.xpath('//span[@class="text"]//time')] == expected
    links = page.xpath('//a[@class="mention"]/@href')
    verified = {e.wikidata for e in decl.entities if e.wikidata}
    assert links and {h.rsplit("/", 1)[1] for h in links} <= verified
    cited = {e.label for e in decl.entities if e.kind == "instrument"}
    assert {c.getparent().get("title") for c in page.xpath("//cite")} == cited


@pytest.mark.parametrize("page", ["index.html", "en/index.html"])
def test_every_link_of_a_page_resolves_and_nothing_comes_from_another_host(
    site: Path, decl: Declaration, page: str
) -> None:
    from urllib.parse import urldefrag

    pages_ = [page, pages.work_path(decl)]
    for name in pages_:
        document = _html(site / name)
        assert not document.xpath("//script[@src] | //img | //iframe"), name
        # what a page loads comes from nowhere else; an alternate is a link to follow
        loaded = document.xpath("//link[not(@rel='alternate')]/@href")
        assert all(h.startswith("data:") for h in loaded), name
        for href in document.xpath("//link[@rel='alternate']/@href"):
            assert ((site / name).parent / href).resolve().is_file(), (name, href)
        assert "url(" not in "".join(document.xpath("//style/text()")), name
        for href in document.xpath("//a/@href"):
            if href.startswith(("https://", "http://")):
                continue  # a link to follow, not a resource the page loads
            target, anchor = urldefrag(href)
            path = (site / name).parent / target if target else site / name
            assert path.resolve().is_file(), (name, href)
            if anchor:
                assert _html(path).xpath(f'//*[@id="{anchor}"]'), (name, href)
    assert (site / page).stat().st_size < 250_000


def test_the_dataset_pages_embed_a_schema_org_dataset_with_every_download(site: Path) -> None:
    for name, lang in (("index.html", "fr"), ("en/index.html", "en")):
        document = _html(site / name)
        assert document.get("lang") == lang
        (script,) = document.xpath('//script[@type="application/ld+json"]/text()')
        dataset = json.loads(script)
        assert dataset["@type"] == "Dataset" and dataset["license"].startswith("https://")
        downloads = {
            d["contentUrl"].rsplit("/fr-cn-ai-2024/", 1)[1]: d for d in dataset["distribution"]
        }
        for path, entry in downloads.items():
            data = (site / path).read_bytes()
            assert entry["sha256"] == hashlib.sha256(data).hexdigest(), path
            assert entry["contentSize"] == f"{len(data)} B"
        assert "datapackage.json" in downloads and any(p.endswith(".zip") for p in downloads)


def test_the_dataset_page_has_the_citation_dictionary_and_snippets(site: Path) -> None:
    document = _html(site / "index.html")
    text = document.text_content()
    assert "@misc{" in text and "Version 0.1.0" in text
    fields = sum(len(t.columns) for t in TABLES)
    dictionary = "//details[starts-with(@id, 'dictionary-')]//tr[td]"
    assert len(document.xpath(dictionary)) == fields
    readme = (site / "README.md").read_text(encoding="utf-8")
    snippets = document.xpath("//details[not(@id) and summary != 'BibTeX']/pre/code/text()")
    assert snippets
    for code in snippets:
        assert code in readme


def test_extruct_finds_the_schema_org_dataset_of_each_dataset_page(site: Path) -> None:
    import extruct

    for name in ("index.html", "en/index.html"):
        found = extruct.extract(
            (site / name).read_text(encoding="utf-8"),
            base_url="https://w3id.org/fr-cn-ai-2024/",
            syntaxes=["json-ld"],
            uniform=True,
        )
        (dataset,) = [item for item in found["json-ld"] if item.get("@type") == "Dataset"]
        for key in ("name", "description", "license", "creator", "publisher", "version"):
            assert dataset.get(key), (name, key)
        assert dataset["identifier"] == "https://w3id.org/fr-cn-ai-2024/dataset"
        assert dataset["citation"].startswith("declaration-france-chine-ia-2024 contributors (")
        assert dataset["dateModified"] == "2026-11-28"
        page_lang = "fr" if name == "index.html" else "en"
        assert dataset["mainEntityOfPage"]["inLanguage"] == page_lang
        based = dataset["isBasedOn"]  # a list for a corpus
        based = based if isinstance(based, list) else [based]
        assert all(s.startswith("https://www.elysee.fr/") for s in based), based
        assert all(d["@type"] == "DataDownload" and d["sha256"] for d in dataset["distribution"])


def test_the_dataset_page_offers_the_zip_first_and_links_each_format_to_its_dictionary(
    site: Path,
) -> None:
    """Under the title: the zip with its size and SHA-256, the command that checks it, and
    a row per format linking to its files and its part of the data dictionary."""
    import hashlib

    for name in ("index.html", "en/index.html"):
        document = _html(site / name)
        headings = document.xpath("//h1 | //h2")
        assert headings[1].get("id") == "download", name
        zip_path = next(site.glob("*.zip"))
        digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()
        first = headings[1].xpath("following-sibling::*")
        assert zip_path.name in first[0].text_content() and digest in first[0].text_content()
        assert f'echo "{digest}  {zip_path.name}" | sha256sum -c' in first[2].text_content()
        links = document.xpath("//table[.//th[.='dictionary' or .='dictionnaire']]//a/@href")
        anchors = [h[1:] for h in links if h.startswith("#dictionary-")]
        assert {f"dictionary-{t.name}" for t in TABLES} <= set(anchors), name
        for anchor in anchors:
            assert document.xpath(f'//*[@id="{anchor}"]'), anchor


def test_extruct_finds_the_declarations_own_metadata_and_its_representations(
    site: Path, decl: Declaration
) -> None:
    """The declaration's page: schema.org ``Legislation`` (its Work IRI, date, language, the
    dataset it is part of, its publisher and parties), and a ``rel="alternate"`` link to each
    representation, each a file of the site of the type it says."""
    import extruct

    page = site / pages.work_path(decl)
    found = extruct.extract(
        page.read_text(encoding="utf-8"), base_url=decl.iri, syntaxes=["json-ld"], uniform=True
    )
    (item,) = found["json-ld"]
    assert item["@type"] == "Legislation" and item["@id"] == decl.iri
    assert item["legislationIdentifier"] == decl.iri
    assert item["datePublished"] == decl.date.isoformat() and item["inLanguage"] == "fr"
    assert item["isPartOf"]["@id"] == "https://w3id.org/fr-cn-ai-2024/dataset"
    assert item["publisher"]["name"] == decl.publisher.name
    assert {p["name"] for p in item["legislationPassedBy"]} == {p.name for p in decl.parties}
    links = _html(page).xpath("//link[@rel='alternate']")
    kinds = {link.get("type") for link in links}
    assert {"text/turtle", "application/ld+json", "application/n-quads"} <= kinds
    assert any("akn" in kind or kind.endswith("xml") for kind in kinds), kinds
    for link in links:
        assert (page.parent / link.get("href")).resolve().is_file(), link.get("href")
    assert {e["contentUrl"].rsplit("/", 1)[1] for e in item["encoding"]} == {
        link.get("href").rsplit("/", 1)[1] for link in links
    }


def test_the_declaration_page_draws_its_dates_and_indexes_its_entities(
    site: Path, decl: Declaration
) -> None:
    """The timeline: an inline SVG with a title, a mark per date linked to its paragraph,
    and the same dates as a list; the index: every entity mentioned, how often, where."""
    page = _html(site / pages.work_path(decl))
    (svg,) = page.xpath("//*[local-name()='svg']")
    assert svg.get("aria-labelledby") and svg.xpath("./*[local-name()='title']")
    dated = [(p.eid, d) for p in decl.paragraphs for d in p.dates]
    marks = svg.xpath(".//*[local-name()='a']")
    items = page.xpath("//figure/ol/li/a")
    assert len(marks) == len(items) == len(dated)
    assert {a.get("href") for a in items} == {f"#{eid}" for eid, _ in dated}
    counts = {}
    for paragraph in decl.paragraphs:
        for mention in paragraph.mentions:
            counts[mention.entity] = counts.get(mention.entity, 0) + 1
    rows = page.xpath("//table[.//th[text()='mentions']]//tr[td]")
    assert len(rows) == len(counts)
    assert sum(int(row.xpath("./td[3]/text()")[0]) for row in rows) == sum(counts.values())


def test_a_corpus_has_a_page_for_each_declaration_that_its_dataset_page_lists(
    published_corpus: Path,
) -> None:
    from declaration.source import load_release

    release = load_release(published_corpus.parent / "source")
    site = published_corpus / "site"
    assert len(release) == len(CORPUS)
    for name in ("index.html", "en/index.html"):
        document = _html(site / name)
        prefix = "" if name == "index.html" else "../"
        listed = document.xpath("//h2[2]/following-sibling::table[1]//tr/td[1]/a/@href")
        assert listed == [prefix + pages.work_path(decl) for decl in release], name
        (script,) = document.xpath('//script[@type="application/ld+json"]/text()')
        assert json.loads(script)["isBasedOn"] == [decl.source.url for decl in release]
    for decl in release:
        page = _html(site / pages.work_path(decl))
        sections = page.xpath('//section[@class="paragraph"]/@id')
        assert sections == [paragraph.eid for paragraph in decl.paragraphs], decl.id


HOSTILE = (
    st.text(
        alphabet=st.sampled_from(
            ["<", ">", "&", "/", "!", "-", '"', "'", "\u2028", "\u2029", "s", " "]
        ),
        min_size=1,
        max_size=40,
    )
    .map(lambda t: f"x{t}")
    .filter(lambda t: t.strip() == t)
)
SCRIPT_TAGS = ["<!--<script>", "</script>", "<!--", "-->", "</SCRIPT >", "]]>", "\u2028"]


@pytest.fixture(scope="module")
def page_inputs(released: Path) -> tuple[Any, dict[str, bytes]]:
    """The release of the embedded source, its bundle's files and its zip, read once."""
    from declaration.source import load_release

    bundle = released / NAME
    files = {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }
    files["release.zip"] = (released / f"{NAME}.zip").read_bytes()
    return load_release(), files


@given(
    title=st.one_of(HOSTILE, st.sampled_from([f"x{t}" for t in SCRIPT_TAGS])),
    description=HOSTILE,
    keyword=HOSTILE,
)
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_metadata_text_can_break_the_page_or_its_json_ld(
    page_inputs: tuple[Any, dict[str, bytes]], title: str, description: str, keyword: str
) -> None:
    """Whatever the dataset's title, description and keywords hold, the dataset page parses
    as an HTML5 parser parses it (the title in its element, the body not swallowed) and its
    embedded JSON-LD reads back as the schema.org data written."""
    import html5lib

    from declaration.site import downloads
    from declaration.spool import Selected

    release, files = page_inputs
    assert release.dataset is not None
    dataset = release.dataset.model_copy(
        update={"title": title, "description": description, "keywords": (keyword,)}
    )
    release = release.but(dataset=dataset)
    lookup = downloads("release.zip")
    shown = Selected(files, sorted(files))
    page = pages.dataset_page("fr", release, shown, lookup, "release.zip").decode()

    # as a browser parses it (WHATWG tokenizer: script data, comments, escapes)
    tree = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    assert "".join(tree.find("head/title").itertext()) == title
    assert "".join(tree.find("body/main/h1").itertext()) == title
    (script,) = tree.findall("head/script")
    expected = pages.schema_org(release, dataset, Selected(files, sorted(files)), lookup)
    assert json.loads(script.text) == json.loads(json.dumps(expected))
    assert len(tree.findall("body/main/h2")) >= 5  # the body is the page's, not swallowed


def _ui_strings(lang: str) -> set[str]:
    """Every sentence the pages generate in ``lang``: the tables of UI strings, and what
    the outputs' examples show."""
    from declaration import registry
    from declaration.site import releases

    found: set[str] = {
        (example.fr if lang == "fr" else example.what).strip()
        for out in registry.OUTPUTS
        for example in out.examples
    }
    for table in (pages.LABELS[lang], releases.LABELS[lang]):
        for value in table.values():
            for text in value if isinstance(value, tuple) else (value,):
                if "{" not in text and "<" not in text and not text.endswith(".html"):
                    found.add(text.strip())
    return found


@pytest.mark.parametrize(
    ("page", "lang"),
    [
        ("index.html", "fr"),
        ("en/index.html", "en"),
        ("releases.html", "fr"),
        ("en/releases.html", "en"),
    ],
)
def test_each_page_speaks_its_own_language(
    site: Path, source: Path | None, page: str, lang: str
) -> None:
    """No text of the page, outside an element marked with the other language, is a UI
    string of the other language only; and the dataset's title and description are those
    of the page's language."""
    other = "en" if lang == "fr" else "fr"
    foreign = _ui_strings(other) - _ui_strings(lang)
    assert foreign  # the tables differ
    document = _html(site / page)
    assert document.get("lang") == lang
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "code", "pre"):
            continue
        marked = next((a.get("lang") for a in element.iterancestors() if a.get("lang")), lang)
        marked = element.get("lang") or marked
        if marked == other:
            continue
        for text in (element.text, element.tail if element.getparent() is not None else None):
            if text and text.strip():
                said = text.strip()
                found += [f for f in foreign if said == f or (len(f) > 12 and f in said)]
    assert not found, (page, found)
    from declaration.source import load_release

    release = load_release(source)
    assert release.dataset is not None
    if page.endswith("index.html"):
        title = release.dataset.title if lang == "fr" else release.dataset.title_en
        h1 = document.xpath("//h1")[0]
        assert h1.text_content() == title and h1.get("lang") in (None, lang)
        expected = release.dataset.description_fr if lang == "fr" else release.dataset.description
        assert any(p.text_content() == expected for p in document.xpath("//p")), page
