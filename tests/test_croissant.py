"""The Croissant metadata: ``mlcroissant validate`` reports no error and no warning, every
record set loads offline and its records are the rows of the CSV table, and every file it
lists has the SHA-256 it states."""

from __future__ import annotations

import datetime
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from declaration.formats import croissant
from declaration.tabular import TABLES, Table
from tests.conftest import ROOT, offline_env, typed_csv_rows

METADATA = ROOT / croissant.PATH
BIN = Path(sys.executable).parent


def _metadata() -> dict[str, Any]:
    return json.loads(METADATA.read_text(encoding="utf-8"))


def test_mlcroissant_validates_it_with_no_error_and_no_warning() -> None:
    result = subprocess.run(
        [str(BIN / "mlcroissant"), "validate", "--jsonld", str(METADATA)],
        env=offline_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "ERROR" not in output.upper().replace("NO ERROR", ""), output


def _plain(value: Any) -> Any:
    """A record's value as the CSV reader types it."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    return value


# mlcroissant 1.1.1 calls APIs that rdflib 7 and pandas 3 deprecate
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.reset_index")
@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_a_record_set_loads_offline_and_equals_the_csv_rows(table: Table[Any]) -> None:
    import mlcroissant as mlc

    dataset = mlc.Dataset(jsonld=str(METADATA))
    records = [
        {key.split("/", 1)[1]: _plain(value) for key, value in record.items()}
        for record in dataset.records(record_set=table.name)
    ]
    assert records == typed_csv_rows(table)
    assert all(
        isinstance(r[c.name], datetime.date)
        for r in records
        for c in table.columns
        if c.type == "date"
    )


def test_every_file_it_lists_has_the_sha256_it_states() -> None:
    files = _metadata()["distribution"]
    assert {f["contentUrl"] for f in files} >= {t.path.split("/")[-1] for t in TABLES}
    for entry in files:
        data = (METADATA.parent / entry["contentUrl"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), entry["contentUrl"]
        assert entry["contentSize"] == f"{len(data)} B"


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_a_record_set_has_the_keys_and_references_of_its_table_schema(table: Table[Any]) -> None:
    (record_set,) = [r for r in _metadata()["recordSet"] if r["@id"] == table.name]
    schema = json.loads((ROOT / table.schema_path).read_text(encoding="utf-8"))
    assert [k["@id"] for k in record_set["key"]] == [
        f"{table.name}/{k}" for k in schema["primaryKey"]
    ]
    references = {
        f["name"]: f["references"]["field"]["@id"] for f in record_set["field"] if "references" in f
    }
    expected = {  # a compound key has no form in Croissant 1.0
        key["fields"][0]: f"{key['reference']['resource']}/{key['reference']['fields'][0]}"
        for key in schema.get("foreignKeys", [])
        if len(key["fields"]) == 1
    }
    assert references == expected


def test_validate_names_the_croissant_file_and_pointer_of_a_changed_field(
    released: Path, tmp_path: Path
) -> None:
    import shutil

    from declaration.validate import validate
    from tests.conftest import NAME

    bundle = tmp_path / NAME
    shutil.copytree(released / NAME, bundle)
    path = bundle / croissant.PATH
    metadata = json.loads(path.read_text(encoding="utf-8"))
    metadata["recordSet"][2]["field"][4]["dataType"] = "sc:Float"  # paragraphs.number
    path.write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    primary = {(p.file, p.code, p.pointer) for p in validate(bundle).problems if p.cause is None}
    assert primary == {(croissant.PATH, "derived-mismatch", "/recordSet/2/field/4/dataType")}
