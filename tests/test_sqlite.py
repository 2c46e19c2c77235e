"""The SQLite database: STRICT tables with the keys and NOT NULL of the Table Schemas, the
CSV rows cell for cell, a full-text search that ignores accents, views, clean integrity and
foreign-key checks, a real Datasette serving it, and a validator that compares it by content."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from declaration.formats import sqlite
from declaration.model import Declaration
from declaration.tabular import TABLES, Table
from declaration.validate import validate
from tests.conftest import NAME, ROOT, free_port, typed_csv_rows

DATABASE = ROOT / sqlite.PATH


@pytest.fixture
def db() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{DATABASE}?mode=ro", uri=True)
    yield connection
    connection.close()


def test_integrity_and_foreign_key_checks_are_clean(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_a_table_has_the_keys_and_not_null_of_its_table_schema(
    db: sqlite3.Connection, table: Table[Any]
) -> None:
    schema = json.loads((ROOT / table.schema_path).read_text(encoding="utf-8"))
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table.name,)).fetchone()
    assert sql.endswith("STRICT")
    info = {row[1]: row for row in db.execute(f'PRAGMA table_info("{table.name}")')}
    assert list(info) == [f["name"] for f in schema["fields"]]
    for field in schema["fields"]:
        required = field.get("constraints", {}).get("required", False)
        assert bool(info[field["name"]][3]) is required, field["name"]  # notnull
    keys = sorted((row[5], row[1]) for row in info.values() if row[5])
    assert [name for _, name in keys] == schema["primaryKey"]
    found: dict[int, dict[str, Any]] = {}
    for row in db.execute(f'PRAGMA foreign_key_list("{table.name}")'):
        key = found.setdefault(
            row[0], {"fields": [], "reference": {"resource": row[2], "fields": []}}
        )
        key["fields"].append(row[3])
        key["reference"]["fields"].append(row[4])
    assert sorted(found.values(), key=json.dumps) == sorted(
        schema.get("foreignKeys", []), key=json.dumps
    )


def _csv_rows(table: Table[Any]) -> list[tuple[Any, ...]]:
    """The CSV rows as SQLite holds them: booleans 0/1, dates ISO text, arrays JSON text."""

    def stored(value: Any) -> Any:
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, list):
            return json.dumps(value, ensure_ascii=False)
        return value.isoformat() if hasattr(value, "isoformat") else value

    return [tuple(stored(v) for v in row.values()) for row in typed_csv_rows(table)]


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_a_table_holds_the_csv_rows_cell_for_cell(
    db: sqlite3.Connection, table: Table[Any]
) -> None:
    assert db.execute(f'SELECT * FROM "{table.name}" ORDER BY rowid').fetchall() == _csv_rows(table)


def test_full_text_search_finds_french_words_without_their_accents(db: sqlite3.Connection) -> None:
    found = db.execute(
        "SELECT p.eid, p.text FROM paragraphs_fts JOIN paragraphs AS p ON p.rowid = paragraphs_fts.rowid "
        "WHERE paragraphs_fts MATCH 'securite' ORDER BY p.position"
    ).fetchall()
    assert found and all("sécurité" in text.lower() for _, text in found)
    assert db.execute(
        "SELECT count(*) FROM paragraphs_fts WHERE paragraphs_fts MATCH 'sécurité'"
    ).fetchone() == (len(found),)


def test_the_views_join_what_a_reader_looks_up(db: sqlite3.Connection) -> None:
    rows = db.execute(
        "SELECT surface, label, kind FROM mentions_with_entities WHERE entity_id = 'xi-jinping'"
    ).fetchall()
    assert rows and all(r[1:] == ("Xi Jinping", "person") for r in rows)
    (count,) = db.execute("SELECT count(*) FROM dates_with_paragraphs").fetchone()
    assert count == db.execute("SELECT count(*) FROM dates").fetchone()[0]


def test_two_writes_are_byte_identical(decl: Declaration) -> None:
    assert sqlite.write(decl) == sqlite.write(decl) == DATABASE.read_bytes()


def test_the_datasette_metadata_describes_every_table_and_column() -> None:
    metadata = json.loads((ROOT / sqlite.METADATA_PATH).read_text(encoding="utf-8"))
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert metadata["title"] == descriptor["title"]
    assert metadata["license_url"] == descriptor["licenses"][0]["path"]
    tables = metadata["databases"]["declaration"]["tables"]
    for table in TABLES:
        schema = json.loads((ROOT / table.schema_path).read_text(encoding="utf-8"))
        assert tables[table.name]["columns"] == {
            f["name"]: f["description"] for f in schema["fields"]
        }


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def test_datasette_serves_the_database_with_search_and_labels(tmp_path: Path) -> None:
    port = free_port()
    datasette = Path(sys.executable).parent / "datasette"
    log = (tmp_path / "datasette.log").open("wb")
    server = subprocess.Popen(
        [
            str(datasette),
            "serve",
            "-i",
            str(DATABASE),
            "--metadata",
            str(ROOT / sqlite.METADATA_PATH),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}/declaration"
    try:
        for _ in range(100):
            try:
                _get(f"{base}.json")
                break
            except OSError:
                time.sleep(0.1)
        rows = _get(f"{base}/paragraphs.json?_search=securite&_shape=array")
        assert rows and all("sécurité" in row["text"].lower() for row in rows)
        (mention,) = _get(
            f"{base}/mentions.json?_labels=on&_shape=array&entity_id=xi-jinping&_size=1"
        )
        assert mention["entity_id"] == {"value": "xi-jinping", "label": "Xi Jinping"}
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _bundle(released: Path, tmp_path: Path) -> Path:
    bundle = tmp_path / NAME
    shutil.copytree(released / NAME, bundle)
    return bundle


def _primary(bundle: Path) -> set[tuple[str, str, int | None, str | None]]:
    return {(p.file, p.code, p.row, p.field) for p in validate(bundle).problems if p.cause is None}


def test_validate_names_the_table_row_and_column_of_a_changed_sqlite_cell(
    released: Path, tmp_path: Path
) -> None:
    bundle = _bundle(released, tmp_path)
    path = bundle / sqlite.PATH
    connection = sqlite3.connect(path)
    connection.execute("UPDATE paragraphs SET label = '5.' WHERE eid = 'para_4'")
    connection.commit()
    connection.close()
    assert _primary(bundle) == {(sqlite.PATH, "derived-mismatch", 7, "paragraphs.label")}


def test_validate_refuses_a_database_whose_foreign_keys_are_broken(
    released: Path, tmp_path: Path
) -> None:
    bundle = _bundle(released, tmp_path)
    connection = sqlite3.connect(bundle / sqlite.PATH)
    connection.execute("UPDATE mentions SET entity_id = 'nobody' WHERE rowid = 1")
    connection.commit()
    connection.close()
    problems = [p for p in validate(bundle).problems if p.file == sqlite.PATH]
    assert problems and "foreign_key_check" in problems[0].message


def test_validate_refuses_bytes_that_are_not_a_database(released: Path, tmp_path: Path) -> None:
    bundle = _bundle(released, tmp_path)
    (bundle / sqlite.PATH).write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    problems = [p for p in validate(bundle).problems if p.file == sqlite.PATH]
    assert problems and "not a SQLite database" in problems[0].message


def test_a_database_another_sqlite_would_write_differently_is_still_valid(
    released: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The validator's SQLite may lay the same content out in other bytes: the published
    file is compared by content, and its own hash stays the one the descriptor lists."""
    original = sqlite.write

    def other_layout(decl: Declaration | tuple[Declaration, ...]) -> bytes:
        connection = sqlite3.connect(":memory:")
        connection.deserialize(original(decl))
        connection.execute("PRAGMA page_size = 8192")
        connection.execute("VACUUM")
        data = connection.serialize()
        connection.close()
        return data

    monkeypatch.setattr(sqlite, "write", other_layout)
    assert validate(released / NAME).valid
