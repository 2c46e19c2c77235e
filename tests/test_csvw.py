"""The CSV on the Web metadata: a CSVW processor (python csvw) validates the tables with it,
refuses a cell its datatype refuses, finds the keys of the Table Schemas, and reads
``paragraphs.csv`` as statements about the same paragraph IRIs as the JSON-LD graph."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from declaration.formats import csvw
from declaration.tabular import PARAGRAPHS, TABLES, Table
from tests.conftest import ROOT, offline_env

METADATA = ROOT / csvw.PATH
BIN = Path(sys.executable).parent


def _metadata() -> dict[str, Any]:
    return json.loads(METADATA.read_text(encoding="utf-8"))


def _csvwvalidate(directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "csvwvalidate"), "csv-metadata.json"],
        cwd=directory,
        env=offline_env(),
        capture_output=True,
        text=True,
        check=False,
    )


def test_csvwvalidate_accepts_the_tables_with_their_metadata() -> None:
    result = _csvwvalidate(ROOT / "data")
    assert result.returncode == 0 and result.stdout.strip() == "OK", result.stdout + result.stderr


@pytest.mark.parametrize(
    ("table", "old", "new"),
    [
        ("paragraphs.csv", b",preamble,", b",recital,"),  # not one of the kinds
        ("parties.csv", b",Q142,", b",142,"),  # not a Wikidata id
        ("declarations.csv", b",2024-05-06,", b",2024-05-32,"),  # not a date
    ],
)
def test_csvwvalidate_refuses_a_cell_its_datatype_refuses(
    tmp_path: Path, table: str, old: bytes, new: bytes
) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    content = (data / table).read_bytes()
    assert old in content
    (data / table).write_bytes(content.replace(old, new, 1))
    result = _csvwvalidate(data)
    assert result.stdout.strip() != "OK", result.stdout


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_a_table_has_the_columns_and_keys_of_its_table_schema(table: Table[Any]) -> None:
    (described,) = [t for t in _metadata()["tables"] if t["url"] == table.path.split("/")[-1]]
    schema = json.loads((ROOT / table.schema_path).read_text(encoding="utf-8"))
    columns = described["tableSchema"]["columns"]
    assert [c["name"] for c in columns] == [f["name"] for f in schema["fields"]]
    for column, field in zip(columns, schema["fields"], strict=True):
        assert column["required"] is field.get("constraints", {}).get("required", False)
        assert column["dc:description"] == field["description"]
    assert described["tableSchema"]["primaryKey"] == schema["primaryKey"]
    keys = [
        {
            "fields": k["columnReference"],
            "reference": {
                "resource": k["reference"]["resource"].removesuffix(".csv"),
                "fields": k["reference"]["columnReference"],
            },
        }
        for k in described["tableSchema"].get("foreignKeys", [])
    ]
    assert keys == schema.get("foreignKeys", [])


def test_the_csvw_reading_of_the_paragraphs_agrees_with_the_json_ld_graph() -> None:
    from csvw import CSVW
    from rdflib import Graph, Literal, URIRef

    graph = Graph().parse(ROOT / "data" / "declaration.ttl")
    read = CSVW(str(METADATA)).to_json()
    (table,) = [t for t in read["tables"] if str(t["url"]).endswith(PARAGRAPHS.path.split("/")[-1])]
    columns = {c["name"]: c for c in _paragraph_columns()}
    text_property = URIRef(columns["text"]["propertyUrl"])
    assert columns["text"]["lang"] == "fr"
    checked = 0
    for row in table["row"]:
        (described,) = row["describes"]
        subject = URIRef(described["@id"])
        assert (subject, None, None) in graph, subject
        for name in ("eid", "position", "kind", "text", "start", "end"):
            column = columns[name]
            value = described[column["propertyUrl"].replace("http://schema.org/", "schema:")]
            objects = list(graph.objects(subject, URIRef(column["propertyUrl"])))
            if "valueUrl" in column:
                assert objects == [URIRef(value)], (subject, name)
            else:
                assert [str(o) for o in objects] == [str(value)], (subject, name)
            checked += 1
        (text,) = graph.objects(subject, text_property)
        assert isinstance(text, Literal) and text.language == "fr"
    assert checked == 6 * 13


def _paragraph_columns() -> list[dict[str, Any]]:
    (described,) = [t for t in _metadata()["tables"] if t["url"] == "paragraphs.csv"]
    return list(described["tableSchema"]["columns"])


def test_validate_names_the_metadata_file_and_pointer_of_a_changed_datatype(
    released: Path, tmp_path: Path
) -> None:
    from declaration.validate import validate
    from tests.conftest import NAME

    bundle = tmp_path / NAME
    shutil.copytree(released / NAME, bundle)
    path = bundle / csvw.PATH
    metadata = json.loads(path.read_text(encoding="utf-8"))
    metadata["tables"][2]["tableSchema"]["columns"][2]["datatype"] = "string"  # position
    path.write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    primary = {(p.file, p.code, p.pointer) for p in validate(bundle).problems if p.cause is None}
    assert primary == {(csvw.PATH, "derived-mismatch", "/tables/2/tableSchema/columns/2/datatype")}
