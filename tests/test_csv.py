"""CSV tables with the loaders users run: pandas, DuckDB, frictionless; and their Table Schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from declaration.errors import InvalidDataError
from declaration.formats import csv
from declaration.model import Declaration
from tests.conftest import ROOT


def test_tables_are_utf8_lf_without_bom(decl: Declaration) -> None:
    for path, data in csv.write(decl).items():
        assert not data.startswith(b"\xef\xbb\xbf"), path
        assert b"\r" not in data, path
        data.decode("utf-8")


def test_pandas_reads_the_tables_with_their_types() -> None:
    import pandas as pd

    paragraphs = pd.read_csv(
        ROOT / csv.PARAGRAPHS.path, dtype={"number": "Int64"}, keep_default_na=False, na_values=[""]
    )
    declarations = pd.read_csv(ROOT / csv.DECLARATIONS.path, parse_dates=["date"])
    joined = paragraphs.merge(declarations, on="declaration_id", validate="many_to_one")
    assert len(joined) == 13
    assert list(joined["kind"].value_counts().sort_index()) == [10, 3]
    assert joined["date"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2024-05-06"]
    assert paragraphs["number"].dropna().tolist() == list(range(1, 11))


def test_duckdb_joins_the_tables_on_the_key() -> None:
    import duckdb

    con = duckdb.connect()
    rows = con.execute(
        f"""
        SELECT d.declaration_id, p.eid, p.number, length(p.text) = p."end" - p.start AS span_ok
        FROM read_csv('{ROOT / csv.PARAGRAPHS.path}', header = true) p
        JOIN read_csv('{ROOT / csv.DECLARATIONS.path}', header = true) d USING (declaration_id)
        ORDER BY p.position
        """
    ).fetchall()
    assert len(rows) == 13
    assert all(row[3] for row in rows)
    assert [row[1] for row in rows][:4] == [
        "preamble__p_1",
        "preamble__p_2",
        "preamble__p_3",
        "para_1",
    ]
    parties = con.execute(
        f"SELECT head_of_state_wikidata_id FROM read_csv('{ROOT / csv.PARTIES.path}', header = true) ORDER BY position"
    ).fetchall()
    assert parties == [("Q3052772",), ("Q15031",)]


def _validate(directory: Path) -> list[list[object]]:
    """frictionless on the three tables as a package (so that foreign keys are checked)."""
    from frictionless import Package, Resource, Schema

    resources = [
        Resource(
            name=table.name,
            path=table.path,
            schema=Schema.from_descriptor(
                json.loads((ROOT / table.schema_path).read_text(encoding="utf-8"))
            ),
        )
        for table in csv.TABLES
    ]
    report = Package(resources=resources, basepath=str(directory)).validate()
    return report.flatten(["rowNumber", "fieldName", "type"])


def test_frictionless_validates_the_tables_against_their_schemas() -> None:
    assert _validate(ROOT) == []


def _validate_rows(tmp_path: Path, table: csv.Table, data: bytes) -> list[list[object]]:
    from declaration.source import load

    for path, content in csv.write(load()).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(content)
    (tmp_path / table.path).write_bytes(data)
    return _validate(tmp_path)


def test_a_paragraph_without_text_breaks_the_table_schema(
    tmp_path: Path, decl: Declaration
) -> None:
    data = csv.write(decl)[csv.PARAGRAPHS.path].decode("utf-8").splitlines(keepends=True)
    cells = next(iter(__import__("csv").reader([data[5]])))
    cells[6] = ""
    import csv as stdlib_csv
    import io

    out = io.StringIO()
    stdlib_csv.writer(out, lineterminator="\n").writerow(cells)
    data[5] = out.getvalue()
    assert _validate_rows(tmp_path, csv.PARAGRAPHS, "".join(data).encode()) == [
        [6, "text", "constraint-error"]
    ]


def test_a_bad_kind_and_a_duplicate_key_break_the_table_schema(
    tmp_path: Path, decl: Declaration
) -> None:
    lines = csv.write(decl)[csv.PARAGRAPHS.path].decode("utf-8").splitlines(keepends=True)
    lines.append(lines[1].replace(",preamble,", ",recital,"))
    errors = _validate_rows(tmp_path, csv.PARAGRAPHS, "".join(lines).encode())
    assert [15, "kind", "constraint-error"] in errors
    assert any(e[0] == 15 and e[2] == "primary-key" for e in errors), errors


def test_a_paragraph_of_an_unknown_declaration_breaks_the_foreign_key(
    tmp_path: Path, decl: Declaration
) -> None:
    data = csv.write(decl)[csv.PARAGRAPHS.path].replace(
        b"\nfr-2024-05-06-ia", b"\nfr-2024-05-07-ia", 1
    )
    errors = _validate_rows(tmp_path, csv.PARAGRAPHS, data)
    assert errors[0] == [2, None, "foreign-key"]
    # the mentions of that paragraph now point at a paragraph that is gone
    assert {e[2] for e in errors} == {"foreign-key"} and len(errors) > 1


def test_the_reader_names_the_table_and_row_of_a_bad_cell(decl: Declaration) -> None:
    files = dict(csv.write(decl))
    files[csv.PARAGRAPHS.path] = files[csv.PARAGRAPHS.path].replace(
        b",point,3,3.,", b",point,x,3.,", 1
    )
    with pytest.raises(InvalidDataError) as caught:
        csv.read(files)
    assert (caught.value.code, caught.value.location.path, caught.value.location.line) == (
        "csv-invalid",
        csv.PARAGRAPHS.path,
        7,
    )


def test_table_schemas_declare_keys(decl: Declaration) -> None:
    for table in csv.TABLES:
        schema = table.table_schema()
        assert schema["primaryKey"]
        assert all(f.get("description") for f in schema["fields"])
    fk = csv.PARAGRAPHS.table_schema()["foreignKeys"]
    assert fk == [
        {
            "fields": ["declaration_id"],
            "reference": {"resource": "declarations", "fields": ["declaration_id"]},
        }
    ]


def test_a_corpus_of_declarations_fits_the_same_tables(
    tmp_path: Path, decl: Declaration, metadata
) -> None:  # type: ignore[no-untyped-def]
    """Tables are keyed by declaration: a second declaration needs no schema change."""
    from declaration.parse import parse
    from tests.conftest import with_text

    text = (
        "Un préambule, le 7 avril 2023, en France.\n\n1. Un point.\n\n2. Un autre point, en 2025."
    )
    other_meta = with_text(metadata, text)
    other_meta = other_meta.model_copy(
        update={
            "declaration": other_meta.declaration.model_copy(update={"number": "autre-declaration"})
        }
    )
    from declaration.enrich import enrich
    from declaration.gazetteer import load_gazetteer

    other = enrich(
        parse(text, other_meta),
        load_gazetteer(ROOT / "source" / "entities.toml"),
        require_all=False,
    )
    files = csv.write((decl, other))
    for path, data in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    assert _validate(tmp_path) == []
    assert csv.read_all(files) == (decl, other)
    assert [e.id for e in other.entities] == ["republique-francaise"]
