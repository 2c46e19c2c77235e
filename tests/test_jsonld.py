"""JSON-LD with the tools linked-data users run: pyld (offline), check-jsonschema, rdflib, pyshacl."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from declaration.errors import InvalidDataError
from declaration.formats import jsonld
from declaration.formats.jsonld import shapes
from declaration.model import Declaration
from tests.conftest import ROOT

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


@pytest.fixture(scope="module")
def doc(decl: Declaration) -> dict:  # type: ignore[type-arg]
    return json.loads(jsonld.write(decl))


def test_expansion_drops_nothing_and_needs_no_network(decl: Declaration, doc: dict) -> None:  # type: ignore[type-arg]
    expanded = jsonld.expand(doc, jsonld.loader(decl))
    assert expanded[0]["@id"] == decl.iri
    assert "@context" in doc and isinstance(doc["@context"], dict)


def test_a_misspelt_property_is_caught_on_expansion(decl: Declaration, doc: dict) -> None:  # type: ignore[type-arg]
    broken = json.loads(json.dumps(doc))
    broken["hasPart"][0]["titel"] = "x"
    with pytest.raises(InvalidDataError) as caught:
        jsonld.expand(broken, jsonld.loader(decl))
    assert caught.value.code == "jsonld-dropped" and "titel" in caught.value.message


def test_the_published_context_is_served_and_nothing_else(decl: Declaration, doc: dict) -> None:  # type: ignore[type-arg]
    from pyld.jsonld import JsonLdError

    by_reference = {**doc, "@context": jsonld.context_url(decl)}
    assert jsonld.expand(by_reference, jsonld.loader(decl)) == jsonld.expand(
        doc, jsonld.loader(decl)
    )
    remote = {**doc, "@context": "https://schema.org/"}
    with pytest.raises(JsonLdError):
        jsonld.expand(remote, jsonld.loader(decl))
    published = json.loads((ROOT / jsonld.CONTEXT_PATH).read_text(encoding="utf-8"))
    assert published["@context"] == doc["@context"]
    assert published["@context"]["@protected"] is True


def test_no_blank_nodes_and_canonical_nquads(decl: Declaration) -> None:
    from pyld import jsonld as pyld

    nquads = jsonld.nquads(decl).decode("utf-8")
    assert "_:" not in nquads
    lines = nquads.splitlines()
    assert lines == sorted(set(lines))  # URDNA2015 without blank nodes: sorted, unique
    again = pyld.normalize(
        json.loads(jsonld.write(decl)),
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": jsonld.loader(decl),
        },
    )
    assert again == nquads


def test_turtle_parses_with_rdflib_and_equals_the_nquads(decl: Declaration) -> None:
    from rdflib import Graph, URIRef
    from rdflib.compare import isomorphic

    turtle = Graph().parse(data=jsonld.turtle(decl).decode("utf-8"), format="turtle")
    quads = Graph().parse(data=jsonld.nquads(decl).decode("utf-8"), format="nt")
    assert isomorphic(turtle, quads)
    eli = "http://data.europa.eu/eli/ontology#"
    parts = set(turtle.objects(URIRef(decl.iri), URIRef(eli + "has_part")))
    assert len(parts) == 13


TRICKY_NTRIPLES = (
    '<https://example.org/s> <http://schema.org/text> "quote \\" backslash \\\\ tab \\t '
    'line\\nbreak \\r é 中文 \\u0001"@fr .\n'
    '<https://example.org/s> <http://schema.org/position> "007"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    '<https://example.org/s> <http://schema.org/position> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    '<https://example.org/s> <http://schema.org/name> "plain" .\n'
    '<https://example.org/s> <http://schema.org/value> "1.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
    "<https://example.org/s> <http://schema.org/about> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> .\n"
    "<https://example.org/s> <http://schema.org/sameAs> <http://schema.org/a.b> .\n"
    "<https://example.org/s> <http://schema.org/isPartOf> _:b0 .\n"
    "_:b0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Thing> .\n"
)


def test_the_turtle_writer_keeps_every_term_of_a_tricky_graph(decl: Declaration) -> None:
    """Escapes, language tags, numbers that are not canonical, a decimal, rdf:type as an
    object, a local name a prefixed name cannot hold and a blank node: read back by rdflib and
    by pyoxigraph as the same graph."""
    import pyoxigraph
    from rdflib import Graph
    from rdflib.compare import isomorphic

    turtle = jsonld.turtle(decl, TRICKY_NTRIPLES.encode("utf-8"))
    expected = Graph().parse(data=TRICKY_NTRIPLES, format="nt")
    assert isomorphic(Graph().parse(data=turtle.decode("utf-8"), format="turtle"), expected)
    read = {str(t) for t in pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE)}
    want = {
        str(t)
        for t in pyoxigraph.parse(TRICKY_NTRIPLES.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    }
    assert len(read) == len(want) == 9
    assert {r for r in read if "_:" not in r} == {w for w in want if "_:" not in w}


def test_a_blank_node_graph_gets_its_rdfc_canonical_form(decl: Declaration, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With a blank node, the N-Quads are RDFC-1.0's: the labels do not depend on the input's."""
    from declaration.formats.jsonld import rdf

    def document(label: str) -> bytes:
        return json.dumps(
            {
                "@id": "https://example.org/s",
                "http://schema.org/about": {"@id": f"_:{label}", "http://schema.org/name": "x"},
            }
        ).encode()

    outputs = set()
    for label in ("first", "other"):
        monkeypatch.setattr(rdf, "write", lambda _decl, label=label: document(label))
        outputs.add(rdf.nquads(decl))
    (only,) = outputs
    assert only.decode().count("_:c14n0") == 2


def test_the_graph_conforms_to_the_shapes(decl: Declaration) -> None:
    ok, report = shapes.conforms(jsonld.turtle(decl), shapes.write(decl.base_iri))
    assert ok, report


@pytest.mark.parametrize(
    "drop",
    [
        "http://schema.org/text",
        "http://schema.org/position",
        "http://data.europa.eu/eli/ontology#is_part_of",
    ],
)
def test_a_graph_missing_a_required_property_does_not_conform(decl: Declaration, drop: str) -> None:
    lines = jsonld.nquads(decl).decode("utf-8").splitlines(keepends=True)
    target = f"{decl.iri}/~para_3> <{drop}>"
    kept = [line for line in lines if target not in line]
    assert len(kept) == len(lines) - 1
    ok, report = shapes.conforms("".join(kept).encode("utf-8"), shapes.write(decl.base_iri))
    assert not ok and "MinCount" in report
    assert drop.rsplit("/", 1)[-1].rsplit("#", 1)[-1] in report


def test_a_second_text_in_the_same_language_does_not_conform(decl: Declaration) -> None:
    extra = f'<{decl.iri}/~para_3> <http://schema.org/text> "autre"@fr .\n'
    ok, report = shapes.conforms(
        jsonld.nquads(decl) + extra.encode("utf-8"), shapes.write(decl.base_iri)
    )
    assert not ok and "uniqueLang" in report.replace("UniqueLang", "uniqueLang")


def _check_jsonschema(document: Path) -> subprocess.CompletedProcess[str]:
    schema = ROOT / jsonld.SCHEMA_PATH
    return subprocess.run(
        [
            CHECK_JSONSCHEMA,
            "--schemafile",
            str(schema),
            "--base-uri",
            schema.as_uri(),
            str(document),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_jsonschema_accepts_the_published_record() -> None:
    result = _check_jsonschema(ROOT / jsonld.PATH)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d.pop("dateDocument"), "'dateDocument' is a required property"),
        (lambda d: d["hasPart"][0].pop("text"), "'text' is a required property"),
        (lambda d: d.update(unknown=1), "Additional properties are not allowed"),
        (lambda d: d.update(dateDocument="6 mai 2024"), "is not a 'date'"),
    ],
    ids=["no-date", "no-text", "unknown-member", "bad-date-format"],
)
def test_check_jsonschema_rejects_a_broken_record(
    tmp_path: Path, doc: dict, change, words: str
) -> None:  # type: ignore[no-untyped-def, type-arg]
    broken = json.loads(json.dumps(doc))
    change(broken)
    path = tmp_path / "broken.jsonld"
    path.write_text(json.dumps(broken), encoding="utf-8")
    result = _check_jsonschema(path)
    assert result.returncode == 1
    assert words in result.stdout + result.stderr, result.stdout


def test_the_reader_refuses_an_unknown_member(doc: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidDataError) as caught:
        jsonld.read(json.dumps({**doc, "extra": 1}).encode("utf-8"))
    assert caught.value.code == "jsonld-shape" and "/extra" in caught.value.message


def test_the_graph_the_shapes_check_is_the_one_rdflib_reads(decl: Declaration) -> None:
    from rdflib import Graph, Literal
    from rdflib.compare import isomorphic

    other = b"""@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:plain "texte" ; ex:french "texte"@fr ; ex:count 4 ; ex:day "2024-05-06"^^xsd:date ;
    ex:node [ ex:in ( "x" "y" ) ] ; ex:named _:b0 .
"""
    for turtle in (jsonld.turtle(decl), shapes.write(decl.base_iri), other):
        read = Graph().parse(data=turtle.decode("utf-8"), format="turtle")
        assert isomorphic(shapes.graph(turtle), read)
    # RDF 1.1: "s"^^xsd:string is the simple literal "s" (rdflib's parser keeps them apart)
    explicit = b'<http://example.org/a> <http://example.org/p> "s"^^<http://www.w3.org/2001/XMLSchema#string> .'
    assert set(shapes.graph(explicit).objects()) == {Literal("s")}


def test_the_blank_nodes_of_two_graphs_stay_apart() -> None:
    turtle = b'_:b0 <http://example.org/p> "1" .\n'
    assert len(shapes.graph(turtle) + shapes.graph(turtle)) == 2
