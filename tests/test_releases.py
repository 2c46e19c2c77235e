"""The history of the dataset: earlier releases listed in metadata.toml, a version IRI each in
the catalogue, a releases page in each language and an Atom feed, newest first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from declaration.commands import publish
from declaration.errors import DeclarationError
from declaration.source import load_release

PAST = """
[[dataset.versions]]
version = "0.0.1"
created = 2026-09-01T00:00:00Z
sha256 = "{a}"
changes = "Trial release: the tables only."

[[dataset.versions]]
version = "0.0.2"
created = 2026-10-01T00:00:00Z
sha256 = "{b}"
changes = "Corrections of two mentions."
url = "https://example.org/archive/declaration-france-chine-ia-2024-0.0.2.zip"
""".format(a="a" * 64, b="b" * 64)


def _with_history(meta: str) -> str:
    """The metadata with two earlier releases and what changed since the last of them."""
    head, rest = meta.split("\n[dataset.license]", 1)
    head += '\nchanges = "The semantic layer: mentions, dates and topics."\n'
    return head + PAST + "\n[dataset.license]" + rest


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from declaration.source import default_source_dir

    root = tmp_path_factory.mktemp("history")
    source = root / "source"
    shutil.copytree(default_source_dir(), source)
    meta = source / "metadata.toml"
    meta.write_text(_with_history(meta.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy(default_source_dir().parent / "CHANGELOG.md", source / "CHANGELOG.md")
    publish(source, root / "out")
    return root / "out" / "site"


def test_the_feed_is_atom_with_an_entry_per_version_newest_first(site: Path) -> None:
    import feedparser
    from lxml import etree

    data = (site / "releases.atom").read_bytes()
    root = etree.fromstring(data)  # well-formed XML
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    versions = [entry.title.rsplit(" ", 1)[1] for entry in parsed.entries]
    assert versions == ["0.1.0", "0.0.2", "0.0.1"]
    current, middle, first = parsed.entries
    assert current.id == "https://w3id.org/fr-cn-ai-2024/dataset/0.1.0"
    assert current.updated == "2026-11-28T00:00:00Z"
    assert current.summary.startswith("The semantic layer")
    (enclosure,) = current.enclosures
    assert enclosure.href.endswith("/declaration-france-chine-ia-2024-0.1.0.zip")
    zip_path = next(site.parent.glob("*.zip"))
    assert int(enclosure.length) == zip_path.stat().st_size
    assert middle.enclosures[0].href.startswith("https://example.org/archive/")
    assert first.enclosures == [] and "a" * 64 in first.summary
    assert parsed.feed.updated == "2026-11-28T00:00:00Z"
    for entry in parsed.entries:
        assert entry.published == entry.updated


def test_the_catalogue_gives_each_version_its_iri_and_chains_them(site: Path) -> None:
    from rdflib import Graph, Namespace, URIRef

    dcat = Namespace("http://www.w3.org/ns/dcat#")
    adms = Namespace("http://www.w3.org/ns/adms#")
    graph = Graph().parse(site / "catalog.ttl")
    dataset = URIRef("https://w3id.org/fr-cn-ai-2024/dataset")
    versions = {str(v) for v in graph.objects(dataset, dcat.hasVersion)}
    assert versions == {f"{dataset}/{v}" for v in ("0.0.1", "0.0.2", "0.1.0")}
    assert graph.value(URIRef(f"{dataset}/0.1.0"), dcat.previousVersion) == URIRef(
        f"{dataset}/0.0.2"
    )
    assert graph.value(URIRef(f"{dataset}/0.0.1"), dcat.previousVersion) is None
    assert graph.value(dataset, dcat.previousVersion) == URIRef(f"{dataset}/0.0.2")
    assert str(graph.value(URIRef(f"{dataset}/0.0.2"), adms.versionNotes)).startswith("Corrections")
    assert str(graph.value(URIRef(f"{dataset}/0.0.2"), dcat.version)) == "0.0.2"


def test_the_catalogue_with_versions_has_no_violation_of_the_dcat_ap_shapes(site: Path) -> None:
    from tests.test_site import _results

    assert _results(site, "dcat-ap-SHACL.ttl") == []


def test_the_releases_pages_list_every_version_with_its_anchor(site: Path) -> None:
    import html5lib

    for page, words in (("releases.html", "changements"), ("en/releases.html", "changes")):
        text = (site / page).read_text(encoding="utf-8")
        html5lib.HTMLParser(strict=True).parse(text)
        for version in ("0.1.0", "0.0.2", "0.0.1"):
            assert f'id="v{version}"' in text
        assert words in text
        assert 'type="application/atom+xml"' in text
    assert 'href="releases.html"' in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda m: m.replace('version = "0.0.2"', 'version = "0.2.0"'), "does not follow"),
        (lambda m: m.replace('version = "0.0.1"', 'version = "0.0.3"'), "does not follow"),
        (lambda m: m.replace('sha256 = "' + "a" * 64, 'sha256 = "' + "z" * 64), "sha256"),
    ],
)
def test_earlier_releases_must_come_oldest_first_before_this_one(
    source_copy: Callable[..., Path], edit: Callable[[str], str], expected: str
) -> None:
    source = source_copy(metadata=lambda m: edit(_with_history(m)))
    with pytest.raises(DeclarationError) as raised:
        load_release(source)
    assert raised.value.code == "metadata-invalid"
    assert expected in raised.value.message
    assert raised.value.location.path.endswith("metadata.toml")


def test_the_history_is_not_a_difference_between_a_source_and_its_bundle(
    site: Path,
) -> None:
    from declaration.diff import compare, open_side

    source = site.parent.parent / "source"
    bundle = next(p for p in site.parent.iterdir() if p.is_dir() and p.name != "site")
    assert compare(open_side(source), open_side(bundle)).identical
