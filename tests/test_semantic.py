"""The semantic layer: gazetteer, mentions, dates, and the three questions users ask of it
(in SQL over the CSVs, in SPARQL over the Turtle, and in the Akoma Ntoso markup)."""

from __future__ import annotations

from pathlib import Path

import pytest

from declaration.enrich import find_mentions
from declaration.errors import MetadataError
from declaration.gazetteer import Entry
from declaration.model import Declaration
from declaration.source import load
from tests.conftest import ROOT

BLETCHLEY = "declaration-de-bletchley-2023-11-01"


def test_every_gazetteer_entry_is_found_and_only_verified_wikidata_ids_are_given(
    decl: Declaration,
) -> None:
    assert len(decl.entities) == 31
    kinds = {e.kind for e in decl.entities}
    assert kinds == {"party", "person", "organization", "instrument", "event", "concept"}
    with_wikidata = {e.id: e.wikidata for e in decl.entities if e.wikidata}
    assert with_wikidata == {
        "republique-francaise": "Q142",
        "republique-populaire-de-chine": "Q148",
        "emmanuel-macron": "Q3052772",
        "xi-jinping": "Q15031",
        "nations-unies": "Q1065",
        "unesco": "Q7809",
        "charte-des-nations-unies": "Q171328",
        "objectifs-de-developpement-durable": "Q7649586",
    }


def test_mentions_are_exact_spans_of_the_published_text(decl: Declaration) -> None:
    for paragraph in decl.paragraphs:
        for span in (*paragraph.mentions, *paragraph.dates):
            assert paragraph.text[span.start : span.end] == span.surface
    para_6 = next(p for p in decl.paragraphs if p.eid == "para_6")
    assert [(m.entity, m.surface) for m in para_6.mentions if m.entity == BLETCHLEY] == [
        (BLETCHLEY, "déclaration de Bletchley Park")
    ]
    assert [(d.surface, d.value, d.kind) for d in para_6.dates] == [
        ("1er novembre 2023", "2023-11-01", "date"),
        ("en 2025", "2025", "year"),
        ("en 2024", "2024", "year"),
    ]


def _entry(*forms: str) -> Entry:
    return Entry(id="x", kind="concept", label="x", forms=forms)


def test_matching_is_longest_first_exact_case_at_word_boundaries_with_both_apostrophes() -> None:
    text = "la diversité culturelle et linguistique, l’éthique, l'éthique, Travail, travailleur, travail."
    found = find_mentions(
        text,
        (
            _entry(
                "diversité culturelle",
                "diversité culturelle et linguistique",
                "l'éthique",
                "travail",
            ),
        ),
    )
    assert [m.surface for m in found] == [
        "diversité culturelle et linguistique",
        "l’éthique",
        "l'éthique",
        "travail",
    ]
    assert all(text[m.start : m.end] == m.surface for m in found)


def _gazetteer_edit(source_copy, edit):  # type: ignore[no-untyped-def]
    directory = source_copy()
    path = directory / "entities.toml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return directory


def test_an_entry_found_nowhere_is_an_error_located_in_the_gazetteer(source_copy) -> None:
    directory = _gazetteer_edit(
        source_copy, lambda t: t.replace('forms = ["UNESCO"]', 'forms = ["U.N.E.S.C.O."]')
    )
    with pytest.raises(MetadataError) as caught:
        load(directory)
    error = caught.value
    assert error.code == "gazetteer-unused" and "unesco" in error.message
    text = (directory / "entities.toml").read_text(encoding="utf-8")
    assert text.splitlines()[error.location.line - 1] == 'id = "unesco"'


def test_a_form_that_swallows_a_date_is_an_error(source_copy) -> None:
    directory = _gazetteer_edit(
        source_copy,
        lambda t: t.replace(
            'forms = ["déclaration de Bletchley Park"]',
            'forms = ["déclaration de Bletchley Park du 1er novembre 2023"]',
        ),
    )
    with pytest.raises(MetadataError) as caught:
        load(directory)
    assert caught.value.code == "gazetteer-overlap"


def test_a_gazetteer_entry_with_a_bad_kind_is_located(source_copy) -> None:
    directory = _gazetteer_edit(
        source_copy, lambda t: t.replace('kind = "event"', 'kind = "meeting"', 1)
    )
    with pytest.raises(MetadataError) as caught:
        load(directory)
    assert caught.value.code == "metadata-invalid" and "kind" in caught.value.message
    assert caught.value.location.path.endswith("entities.toml")


def test_duckdb_finds_the_paragraphs_citing_the_bletchley_declaration_with_their_dates() -> None:
    import duckdb

    data = ROOT / "data"
    rows = duckdb.sql(
        f"""
        SELECT p.eid, p.number, list(DISTINCT d.value ORDER BY d.value) AS dates
        FROM '{data / "mentions.csv"}' m
        JOIN '{data / "entities.csv"}' e USING (entity_id)
        JOIN '{data / "paragraphs.csv"}' p USING (declaration_id, eid)
        LEFT JOIN '{data / "dates.csv"}' d USING (declaration_id, eid)
        WHERE e.label LIKE 'Déclaration de Bletchley%' AND e.kind = 'instrument'
        GROUP BY p.eid, p.number
        """
    ).fetchall()
    assert rows == [("para_6", 6, ["2023-11-01", "2024", "2025"])]


def test_sparql_over_the_turtle_gives_the_same_answer() -> None:
    from rdflib import Graph

    graph = Graph().parse(ROOT / "data" / "declaration.ttl")
    query = """
    PREFIX eli: <http://data.europa.eu/eli/ontology#>
    PREFIX schema: <http://schema.org/>
    PREFIX fcai: <https://w3id.org/fr-cn-ai-2024/vocab#>
    PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
    SELECT ?number ?date WHERE {
      ?instrument a schema:CreativeWork ; schema:name ?name .
      FILTER(STRSTARTS(STR(?name), "Déclaration de Bletchley"))
      ?paragraph eli:cites ?instrument ; eli:number ?number ;
                 fcai:temporalExpression [ fcai:value ?date ] .
      FILTER(DATATYPE(?date) = xsd:date)
    }
    """
    rows = [(str(n), str(d)) for n, d in graph.query(query)]
    assert rows == [("6", "2023-11-01")]
    work_cites = graph.query(
        "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT (COUNT(?i) AS ?n) WHERE { ?w a eli:LegalResource ; eli:cites ?i }"
    )
    assert [int(row[0]) for row in work_cites] == [5]


def test_the_akn_marks_up_the_bletchley_date_in_point_6() -> None:
    from lxml import etree

    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    root = etree.parse(str(ROOT / "data" / "declaration.fra.akn.xml")).getroot()
    p = root.xpath("//a:paragraph[@eId='para_6']/a:content/a:p", namespaces=ns)[0]
    ref = p.xpath(f"a:ref[@href='#{BLETCHLEY}']", namespaces=ns)[0]
    date = ref.getnext()
    assert (date.tag, date.get("date"), date.text) == (
        f"{{{ns['a']}}}date",
        "2023-11-01",
        "1er novembre 2023",
    )
    assert ref.tail == " du "
    tlc = root.xpath(f"//a:references/a:TLCReference[@eId='{BLETCHLEY}']", namespaces=ns)[0]
    assert tlc.get("href").endswith(f"/id/instrument/{BLETCHLEY}") and tlc.get("showAs")


def test_topics_are_derived_from_the_concept_mentions(decl: Declaration) -> None:
    import csv as stdlib_csv

    with (ROOT / "data" / "topics.csv").open(encoding="utf-8", newline="") as f:
        rows = [
            (r["eid"], r["entity_id"], int(r["mention_count"])) for r in stdlib_csv.DictReader(f)
        ]
    concepts = {e.id for e in decl.entities if e.kind == "concept"}
    expected = []
    for p in decl.paragraphs:
        ids = [m.entity for m in p.mentions if m.entity in concepts]
        expected += [(p.eid, c, ids.count(c)) for c in dict.fromkeys(ids)]
    assert rows == expected
    assert ("para_10", "travail-et-emploi", 3) in rows


def test_a_mention_moved_in_one_format_breaks_cross_format_agreement(tmp_path: Path) -> None:
    import shutil

    from declaration.validate import validate

    for name in ("data", "schemas", "datapackage.json"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    path = tmp_path / "data" / "declaration.fra.akn.xml"
    data = path.read_bytes()
    moved = data.replace(
        b'la <ref href="#declaration-de-bletchley-2023-11-01">d',
        b'la d<ref href="#declaration-de-bletchley-2023-11-01">',
        1,
    )
    assert moved != data
    path.write_bytes(moved)
    codes = {(p.file, p.code) for p in validate(tmp_path).problems}
    assert ("data/declaration.fra.akn.xml", "akn-invalid") in codes or (
        "data/declaration.fra.akn.xml",
        "cross-format",
    ) in codes
