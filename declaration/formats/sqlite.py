"""SQLite: the tables of :mod:`declaration.tabular` in one database, for SQL and Datasette.

Built in memory with the standard library's sqlite3, in the form sqlite-utils gives a
database (the same statements), then serialised: every table is ``STRICT``, with its
primary key, its foreign keys (compound ones too), ``NOT NULL`` where the Table Schema
requires a value and a unique index for each unique key; booleans are 0/1, dates ISO 8601
text, an ``array`` cell its JSON text. ``paragraphs_fts`` indexes the paragraphs' texts
(FTS5, ``unicode61`` without diacritics: ``securite`` finds ``sécurité``), and two views
join what a reader looks up together. Beside it, the Datasette metadata: titles, licence,
source, and each table's and column's description from the Table Schemas.

The bytes of a SQLite file depend on the SQLite library that wrote it, so the validator
compares databases by content (:func:`differences`), never by bytes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from declaration.metadata import DatasetMeta
from declaration.model import Declaration
from declaration.output import Example, Output, dumps
from declaration.release import Release
from declaration.tabular import ENTITIES, MENTIONS, PARAGRAPHS, TABLES, Table

PATH = "data/declaration.sqlite"
METADATA_PATH = "data/declaration.sqlite.metadata.json"
DATABASE = "declaration"  # the name Datasette gives data/declaration.sqlite
FTS = "paragraphs_fts"
TOKENIZER = "unicode61 remove_diacritics 2"
VIEWS = {
    "mentions_with_entities": f"""
SELECT m.declaration_id, m.eid, m.start, m."end", m.surface, e.entity_id, e.kind, e.label, e.wikidata_id
FROM {MENTIONS.name} AS m JOIN {ENTITIES.name} AS e USING (entity_id)
ORDER BY m.declaration_id, m.eid, m.start""",
    "dates_with_paragraphs": f"""
SELECT d.declaration_id, d.eid, p.position, p.kind, p.number, d.surface, d.value, d.value_kind, p.text
FROM dates AS d JOIN {PARAGRAPHS.name} AS p USING (declaration_id, eid)
ORDER BY d.declaration_id, p.position, d.start""",
}
_TYPES = {
    "string": "TEXT",
    "integer": "INTEGER",
    "boolean": "INTEGER",
    "date": "TEXT",
    "array": "TEXT",
}


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(names: Iterable[str]) -> str:
    return ", ".join(_quote(name) for name in names)


def _statements(table: Table[Any]) -> Iterator[str]:
    """The table's ``CREATE TABLE`` and unique indexes, in the form sqlite-utils writes them."""
    single = table.primary_key[0] if len(table.primary_key) == 1 else None
    references = {
        key["fields"][0]: key["reference"] for key in table.foreign_keys if len(key["fields"]) == 1
    }
    lines = []
    for column in table.columns:
        line = f"   {_quote(column.name)} {_TYPES[column.type]}"
        if column.name == single:
            line += " PRIMARY KEY"
        if column.required:
            line += " NOT NULL"
        if column.name in references:
            target = references[column.name]
            line += f" REFERENCES {_quote(target['resource'])}({_quote(target['fields'][0])})"
        lines.append(line)
    for key in table.foreign_keys:
        if len(key["fields"]) > 1:
            target = key["reference"]
            lines.append(
                f"   FOREIGN KEY ({_columns(key['fields'])}) "
                f"REFERENCES {_quote(target['resource'])}({_columns(target['fields'])})"
            )
    if single is None:
        lines.append(f"   PRIMARY KEY ({_columns(table.primary_key)})")
    yield f"CREATE TABLE {_quote(table.name)} (\n" + ",\n".join(lines) + "\n) STRICT"
    uniques = [*table.unique_keys, *([c.name] for c in table.columns if c.source.unique)]
    for unique in uniques:
        index = _quote(f"idx_{table.name}_{'_'.join(unique)}")
        yield f"CREATE UNIQUE INDEX {index}\n    ON {_quote(table.name)} ({_columns(unique)})"


Decls = Declaration | Sequence[Declaration]


def write(decl: Decls) -> bytes:
    """The database of a declaration or of declarations in order."""
    connection = _database(decl)
    try:
        return connection.serialize()
    finally:
        connection.close()


def _database(decl: Decls) -> sqlite3.Connection:
    """The database of a declaration or of declarations in order, in memory."""
    decls = (decl,) if isinstance(decl, Declaration) else decl
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("BEGIN")
        for table in TABLES:
            for statement in _statements(table):
                connection.execute(statement)
            insert = (
                f"INSERT INTO {_quote(table.name)} ({_columns(c.name for c in table.columns)}) "
                f"VALUES ({', '.join('?' for _ in table.columns)})"
            )
            connection.executemany(
                insert,
                (
                    [_value(getattr(row, c.name)) for c in table.columns]
                    for row in table.rows(decls)
                ),
            )
        fts, source = _quote(FTS), _quote(PARAGRAPHS.name)
        connection.execute(
            f'CREATE VIRTUAL TABLE {fts} USING FTS5 (\n    "text",\n'
            f"    tokenize='{TOKENIZER}',\n    content={source}\n)"
        )
        connection.execute(f'INSERT INTO {fts} (rowid, "text") SELECT rowid, "text" FROM {source}')
        for name, sql in VIEWS.items():
            connection.execute(f"CREATE VIEW {_quote(name)} AS {sql.strip()}")
        connection.execute("COMMIT")
        connection.execute("VACUUM")
    except BaseException:
        connection.close()
        raise
    return connection


def metadata(release: Release, dataset: DatasetMeta) -> dict[str, Any]:
    """Datasette's metadata for the database: descriptions, licence, source, search, labels."""
    tables: dict[str, Any] = {}
    for table in TABLES:
        tables[table.name] = {
            "title": table.title,
            "description": table.description,
            "columns": {c.name: c.description for c in table.columns},
        }
    tables[PARAGRAPHS.name] |= {"fts_table": FTS, "fts_pk": "rowid", "searchmode": "raw"}
    tables[ENTITIES.name]["label_column"] = "label"
    return {
        "title": dataset.title,
        "description": dataset.description,
        "license": dataset.license.id,
        "license_url": dataset.license.url,
        **_source(release, dataset),
        "databases": {DATABASE: {"tables": tables}},
    }


def _source(release: Release, dataset: DatasetMeta) -> dict[str, str]:
    """Datasette's one source: the declaration's publication, or, for several, the dataset."""
    if len(release) > 1:
        publishers = dict.fromkeys(decl.publisher.name for decl in release)
        return {"source": "; ".join(publishers), "source_url": dataset.homepage}
    decl = release.first
    return {"source": decl.publisher.name, "source_url": decl.source.url}


def _write_metadata(release: Release, _: Mapping[str, bytes]) -> bytes:
    assert release.dataset is not None  # written only when the dataset facts are known
    return dumps(metadata(release, release.dataset))


SQLITE3 = Example(
    "SQLite (full-text search ignores accents: `securite` finds `sécurité`):",
    "SQLite (la recherche plein texte ignore les accents : `securite` trouve `sécurité`) :",
    "python",
    """import sqlite3

db = sqlite3.connect("data/declaration.sqlite")
for eid, text in db.execute(
    "SELECT p.eid, p.text FROM paragraphs_fts JOIN paragraphs AS p ON p.rowid = paragraphs_fts.rowid"
    " WHERE paragraphs_fts MATCH 'securite' ORDER BY p.position"
):
    print(eid, text[:60])
print(db.execute("SELECT label, kind FROM mentions_with_entities LIMIT 3").fetchall())
""",
)
DATASETTE = Example(
    "Datasette (`--get` answers one request and exits; leave it out to browse on a local port):",
    "Datasette (`--get` répond à une requête puis s’arrête ; sans lui, on parcourt le jeu sur un port local) :",
    "sh",
    """datasette serve -i data/declaration.sqlite --metadata data/declaration.sqlite.metadata.json \\
  --get '/declaration/paragraphs.json?_search=securite&_shape=array&_col=eid'
""",
)

OUTPUTS = (
    Output(
        PATH,
        "declaration-sqlite",
        "The seven tables in one SQLite database (STRICT tables, primary and foreign keys, "
        "full-text search of the paragraphs without accents, views), for SQL and Datasette.",
        "sqlite",
        "application/vnd.sqlite3",
        "SQLITE",
        "data",
        lambda release, _: write(release.declarations),
        encoding=None,
        agrees=lambda release, found: agrees(release.declarations, found),
        differences=lambda actual, expected: differences(actual, expected),
        examples=(SQLITE3,),
    ),
    Output(
        METADATA_PATH,
        "declaration-sqlite-metadata",
        "Datasette metadata of declaration.sqlite: titles, licence, source, and the "
        "description of every table and column.",
        "json",
        "application/json",
        "JSON",
        "data",
        _write_metadata,
        needs_dataset=True,
        examples=(DATASETTE,),
    ),
)


# ------------------------------------------------------------------- reading, comparing


def open_database(data: bytes) -> sqlite3.Connection:
    """An in-memory copy of untrusted database bytes, read with care: no function named by
    its schema runs (``trusted_schema``), cells are checked, and any query stops after about
    50 million steps."""
    connection = sqlite3.connect(":memory:")
    connection.deserialize(data)
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.execute("PRAGMA cell_size_check = ON")
    steps = [0]

    def guard() -> int:
        steps[0] += 1
        return 1 if steps[0] > 50_000 else 0  # called every 1,000 steps

    connection.set_progress_handler(guard, 1000)
    return connection


def _schema(connection: sqlite3.Connection) -> list[Any]:
    """The SQL of the schema."""
    return connection.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()


def _tables(schema: list[Any]) -> list[str]:
    """The tables whose rows are compared (the index of the full-text search is checked
    against its table instead)."""
    return [
        name
        for kind, name, _, _ in schema
        if kind == "table" and not name.startswith(("sqlite_", FTS))
    ]


def _rows(connection: sqlite3.Connection, name: str) -> sqlite3.Cursor:
    """The rows of a table, in order, read as they are asked for."""
    quoted = '"' + name.replace('"', '""') + '"'
    return connection.execute(f"SELECT * FROM {quoted} ORDER BY rowid")


def agrees(decl: Decls, found: bytes) -> bool:
    """Whether ``found`` holds the database :func:`write` writes for ``decl``, by content,
    compared a row at a time with the database built in memory (never serialised); never
    raises: a database that does not agree is written again and compared by
    :func:`differences`."""
    expected = _database(decl)
    try:
        return not _departures(open_database(found), expected)
    except (sqlite3.DatabaseError, MemoryError):
        return False
    finally:
        expected.close()


def _checks(connection: sqlite3.Connection) -> list[str]:
    """What SQLite itself finds wrong: the file, the foreign keys, the full-text index."""
    problems = []
    integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems.append(f"integrity_check: {'; '.join(map(str, integrity[:3]))}")
    broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        problems.append(f"foreign_key_check: row {rowid} of {table} points at no row of {parent}")
    try:
        connection.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        problems.append(f"{FTS}: {exc}")
    return problems


def differences(actual: bytes, expected: bytes) -> list[tuple[dict[str, Any], str]]:
    """Where a database departs from the expected one, by content (not by bytes): the first
    difference of its schema, or the table, row and column of the first departing cell."""
    want = open_database(expected)
    try:
        connection = open_database(actual)
        return _departures(connection, want)
    except (sqlite3.DatabaseError, MemoryError) as exc:
        return [({}, f"not a SQLite database this validator reads: {exc}")]


def _departures(
    connection: sqlite3.Connection, want: sqlite3.Connection
) -> list[tuple[dict[str, Any], str]]:
    problems = _checks(connection)
    if problems:
        return [({}, problem) for problem in problems]
    schema, want_schema = _schema(connection), _schema(want)
    if schema != want_schema:
        for got, wanted in zip([*schema, None], [*want_schema, None], strict=False):
            if got != wanted:
                name = (wanted or got or ("", "?"))[1]
                return [({"field": name}, f"the schema of {name} is not the expected one")]
    for name in _tables(want_schema):
        quoted = '"' + name.replace('"', '""') + '"'
        count, wanted_count = (
            db.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0] for db in (connection, want)
        )
        if count != wanted_count:
            return [({"field": name}, f"{count} rows in {name}; expected {wanted_count}")]
        pairs = zip(_rows(connection, name), _rows(want, name), strict=True)
        for index, (a, b) in enumerate(pairs, start=1):
            if a != b:
                columns = [d[1] for d in connection.execute(f'PRAGMA table_info("{name}")')]
                column = next(c for c, x, y in zip(columns, a, b, strict=False) if x != y)
                cell = a[columns.index(column)]
                return [
                    (
                        {"row": index, "field": f"{name}.{column}"},
                        f"{cell!r}; expected {b[columns.index(column)]!r}",
                    )
                ]
    return []
