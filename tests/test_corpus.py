"""A corpus: several declarations in one release, built and validated through the command
line; one set of tables, each declaration's records under its key, a node that lists them;
a departure named in the declaration's own file; located errors for a corpus's source."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from declaration.errors import DeclarationError
from declaration.source import load_release
from tests import synthetic
from tests.conftest import NAME, ROOT, Ran, edition, run_cli

REAL = "fr-2024-05-06-ia-gouvernance-enjeux-globaux"
B = "fr-2024-05-06-ia-synthetique-b"
C = "fr-2024-05-06-ia-synthetique-c"
MEMBERS = [
    ("a-real", 10, None),
    ("b-long", 40, "ia-synthetique-b"),
    ("c-short", 2, "ia-synthetique-c"),
]
PER_DECLARATION = (".jsonld", ".nq", ".ttl", ".fra.akn.xml", ".fra.txt")


def _cli(*args: str, env: dict[str, str] | None = None) -> Ran:
    return run_cli(*args, env=env)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus of the real declaration and two synthetic ones, built by the CLI."""
    root = tmp_path_factory.mktemp("corpus")
    source = synthetic.corpus(root / "source", MEMBERS)
    result = _cli("build", str(source), "--out", str(root / "out"))
    assert result.returncode == 0, result.stderr
    return source, root / "out"


def _tampered(out: Path, file: str, old: str, new: str) -> set[tuple[str, str]]:
    """``file`` of the package ``out`` with ``old`` made ``new``: the (file, code) of each
    problem the CLI validator reports that is no consequence of another."""
    path = out / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = _cli("validate", str(out), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    return {(p["file"], p["code"]) for p in report["problems"] if "cause" not in p}


def _copy(corpus: tuple[Path, Path], tmp_path: Path) -> Path:
    target = tmp_path / "out"
    shutil.copytree(corpus[1], target)
    return target


def test_a_corpus_builds_and_validates_through_the_cli(corpus: tuple[Path, Path]) -> None:
    _, out = corpus
    result = _cli("validate", str(out), "--format", "json")
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["valid"]
    data = {p.name for p in (out / "data").iterdir()}
    for key in (REAL, B, C):
        assert {f"{key}{suffix}" for suffix in PER_DECLARATION} <= data
    assert not any(name.startswith("declaration.") and "sqlite" not in name for name in data)


def test_frictionless_validates_the_corpus_package(corpus: tuple[Path, Path]) -> None:
    _, out = corpus
    result = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "datapackage.json"],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]


def test_one_set_of_tables_holds_every_declaration_in_order(corpus: tuple[Path, Path]) -> None:
    _, out = corpus
    rows = list(csv.DictReader(io.StringIO((out / "data" / "declarations.csv").read_text())))
    assert [r["declaration_id"] for r in rows] == [REAL, B, C]
    assert [int(r["paragraph_count"]) for r in rows] == [13, 43, 5]
    paragraphs = list(csv.DictReader(io.StringIO((out / "data" / "paragraphs.csv").read_text())))
    assert len(paragraphs) == 13 + 43 + 5


def test_the_descriptor_lists_every_file_and_every_source(corpus: tuple[Path, Path]) -> None:
    _, out = corpus
    descriptor = json.loads((out / "datapackage.json").read_text())
    listed = {r["path"] for r in descriptor["resources"]} | {
        r["path"] for r in descriptor.get("typedCopies", [])
    }
    on_disk = {
        str(p.relative_to(out)) for top in ("data", "schemas") for p in (out / top).rglob("*")
    }
    assert listed == {p for p in on_disk if (out / p).is_file()}
    assert len(descriptor["sources"]) == 3
    names = [r["name"] for r in descriptor["resources"]]
    assert len(names) == len(set(names)) and f"{B}-akn" in names


def test_the_real_declarations_records_are_the_single_releases(corpus: tuple[Path, Path]) -> None:
    """In a corpus, the real declaration's files hold the bytes of today's release."""
    _, out = corpus
    for suffix in PER_DECLARATION:
        assert (out / "data" / f"{REAL}{suffix}").read_bytes() == (
            ROOT / "data" / f"declaration{suffix}"
        ).read_bytes(), suffix


def test_the_corpus_node_lists_each_declarations_work(corpus: tuple[Path, Path]) -> None:
    import pyoxigraph

    _, out = corpus
    data = (out / "data" / "corpus.jsonld").read_bytes()
    triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.JSON_LD))
    parts = {t.object.value for t in triples if t.predicate.value == "http://schema.org/hasPart"}
    works = {
        json.loads((out / "data" / f"{key}.jsonld").read_text())["@id"] for key in (REAL, B, C)
    }
    assert parts == works and len(works) == 3


@pytest.mark.parametrize(
    ("file", "old", "new", "code"),
    [
        (f"data/{B}.fra.akn.xml", 'eId="para_4"', 'eId="para_40"', "cross-format"),
        (f"data/{C}.jsonld", "Reconnaissant", "Reconnaissons", "cross-format"),
        (f"data/{B}.ttl", "schema:position 4 ;", "schema:position 44 ;", "derived-mismatch"),
        (f"data/{C}.fra.txt", "Les deux pays", "Les trois pays", "derived-mismatch"),
    ],
)
def test_a_tampered_declaration_is_reported_in_its_own_file(
    corpus: tuple[Path, Path], tmp_path: Path, file: str, old: str, new: str, code: str
) -> None:
    primary = _tampered(_copy(corpus, tmp_path), file, old, new)
    assert (file, code) in primary
    assert {f for f, _ in primary} == {file}


def test_a_changed_cell_of_one_declaration_is_reported_in_the_table(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    out = _copy(corpus, tmp_path)
    path = out / "data" / "paragraphs.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    index = next(i for i, r in enumerate(rows) if r[0] == C and r[1] == "para_2")
    rows[index][rows[0].index("text")] = "Autre chose"
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    result = _cli("validate", str(out), "--format", "json")
    report = json.loads(result.stdout)
    primary = {(p["file"], p.get("row")) for p in report["problems"] if "cause" not in p}
    assert ("data/paragraphs.csv", index + 1) in primary


def test_the_build_is_the_same_whatever_the_number_of_workers(tmp_path: Path) -> None:
    source = synthetic.corpus(tmp_path / "source", MEMBERS)
    trees = []
    for workers in ("1", "2"):
        out = tmp_path / f"out-{workers}"
        result = _cli("build", str(source), "--out", str(out), env={"DECLARATION_WORKERS": workers})
        assert result.returncode == 0, result.stderr
        trees.append(
            {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        )
    assert trees[0] == trees[1]


def test_parse_prints_each_declaration(corpus: tuple[Path, Path]) -> None:
    source, _ = corpus
    result = _cli("parse", str(source))
    assert result.returncode == 0
    heads = [line.split(":")[0] for line in result.stdout.splitlines() if line.startswith("fr-")]
    assert heads == [REAL, B, C]


def _error(source: Path) -> DeclarationError:
    with pytest.raises(DeclarationError) as caught:
        load_release(source)
    return caught.value


def test_two_declarations_with_one_key_are_refused_at_the_second(tmp_path: Path) -> None:
    source = synthetic.corpus(tmp_path / "s", [("a", 10, None), ("b", 3, None)])
    error = _error(source)
    assert error.code == "corpus-duplicate"
    assert error.location.path == str(source / "b" / "metadata.toml")
    line = (source / "b" / "metadata.toml").read_text().splitlines()[error.location.line - 1]
    assert line.startswith("number = ")


def test_a_corpus_without_declarations_is_refused(tmp_path: Path) -> None:
    source = synthetic.corpus(tmp_path / "s", [])
    error = _error(source)
    assert (error.code, error.location.path) == ("corpus-empty", str(source / "metadata.toml"))


def test_a_declarations_bad_metadata_is_located_in_its_own_file(tmp_path: Path) -> None:
    source = synthetic.corpus(tmp_path / "s", MEMBERS)
    meta = source / "b-long" / "metadata.toml"
    meta.write_text(meta.read_text().replace('place = "Paris"', "place = 7"))
    error = _error(source)
    assert error.location.path == str(meta)
    assert meta.read_text().splitlines()[error.location.line - 1].startswith("place = ")


def test_a_declaration_with_dataset_facts_of_its_own_is_refused(tmp_path: Path) -> None:
    source = synthetic.corpus(tmp_path / "s", MEMBERS)
    meta = source / "c-short" / "metadata.toml"
    meta.write_text(
        synthetic.dataset_only((source / "metadata.toml").read_text()) + meta.read_text()
    )
    error = _error(source)
    assert (error.code, error.location.path) == ("metadata-unknown-key", str(meta))


def test_an_entity_of_the_shared_gazetteer_no_declaration_names_is_refused(
    tmp_path: Path,
) -> None:
    source = synthetic.corpus(tmp_path / "s", [("a", 10, None)])
    gazetteer = source / "entities.toml"
    gazetteer.write_text(
        gazetteer.read_text()
        + '\n[[entities]]\nid = "atlantide"\nkind = "concept"\nlabel = "Atlantide"\n'
        'forms = ["Atlantide"]\n'
    )
    error = _error(source)
    assert (error.code, error.location.path) == ("gazetteer-unused", str(gazetteer))


def test_a_corpus_publishes_through_the_cli_and_its_bundle_and_zip_validate(
    tmp_path: Path,
) -> None:
    source = edition("corpus", tmp_path)
    assert source is not None
    result = _cli("publish", str(source), "--out", str(tmp_path / "build"))
    assert result.returncode == 0, result.stderr
    bundle, archive = tmp_path / "build" / NAME, tmp_path / "build" / f"{NAME}.zip"
    result = _cli("validate", str(bundle), str(archive), "--format", "json")
    assert result.returncode == 0, result.stdout
    assert [r["valid"] for r in json.loads(result.stdout)] == [True, True]
    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(frictionless), "validate", str(archive)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    data = {p.name for p in (bundle / "data").iterdir()}
    for key in (REAL, B, C):
        assert {f"{key}{suffix}" for suffix in PER_DECLARATION} <= data


def test_a_corpus_bundle_cites_and_attributes_each_declaration(published_corpus: Path) -> None:
    import yaml

    release = load_release(published_corpus.parent / "source")
    bundle = published_corpus / NAME
    citation = yaml.safe_load((bundle / "CITATION.cff").read_text(encoding="utf-8"))
    assert [(r["title"], r["url"]) for r in citation["references"]] == [
        (decl.title, decl.source.url) for decl in release
    ]
    licence = (bundle / "LICENSE").read_text(encoding="utf-8")
    for decl in release:
        line = f"- {decl.id}: {decl.publisher.name} ({decl.publisher.url}), {decl.source.url}\n"
        assert line in licence, decl.id
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    assert f"a corpus of {len(release)} declarations" in readme
    assert "data/declaration.ttl" not in readme and f"data/{REAL}.ttl" in readme


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("README.md", "a corpus of 3 declarations", "a corpus of 4 declarations"),
        ("LICENSE", f"- {B}: ", f"- {C}: "),
        ("CITATION.cff", 'date-published: "2024-05-06"', 'date-published: "2024-05-07"'),
    ],
)
def test_a_tampered_file_of_a_corpus_bundle_is_reported_in_that_file(
    published_corpus: Path, tmp_path: Path, file: str, old: str, new: str
) -> None:
    bundle = tmp_path / NAME
    shutil.copytree(published_corpus / NAME, bundle)
    assert _tampered(bundle, file, old, new) == {(file, "bundle-mismatch")}


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


HOSTILE = {
    "a member's metadata is a FIFO": (
        lambda s: _fifo(s / "b-long" / "metadata.toml"),
        "b-long/metadata.toml",
    ),
    "a member's metadata is not UTF-8": (
        lambda s: (s / "b-long" / "metadata.toml").write_bytes(b'[declaration]\nplace = "\xff"\n'),
        "b-long/metadata.toml",
    ),
    "a member's metadata nests deep": (
        lambda s: (s / "c-short" / "metadata.toml").write_text("x = " + "[" * 5000 + "]" * 5000),
        "c-short/metadata.toml",
    ),
    "a member's text is missing": (
        lambda s: next((s / "b-long").glob("*.txt")).unlink(),
        "b-long/",
    ),
    "the corpus's dataset facts are wrong": (
        lambda s: (s / "metadata.toml").write_text(
            (s / "metadata.toml").read_text().replace('version = "0.1.0"', 'version = "one"')
        ),
        "metadata.toml",
    ),
    "a member is a link to another": (
        lambda s: (s / "z-link").symlink_to(s / "a-real", target_is_directory=True),
        "z-link",
    ),
}

# Every entry of a corpus is a declaration, a file of the corpus, or an error of its own.
DISCOVERY = {
    "an empty directory": (
        lambda s: (s / "d-empty").mkdir(),
        "d-empty/metadata.toml",
        "corpus-member-metadata",
    ),
    "a misspelled metadata.toml": (
        lambda s: (s / "b-long" / "metadata.toml").rename(s / "b-long" / "metadata.tml"),
        "b-long/metadata.toml",
        "corpus-member-metadata",
    ),
    "a member that is a link": (
        lambda s: (s / "z-link").symlink_to(s / "a-real", target_is_directory=True),
        "z-link",
        "corpus-member-link",
    ),
    "a stray file": (
        lambda s: (s / "notes.txt").write_text("x"),
        "notes.txt",
        "corpus-unknown-entry",
    ),
    "a link to a file": (
        lambda s: (s / "README").symlink_to(s / "metadata.toml"),
        "README",
        "corpus-unknown-entry",
    ),
    "a member's gazetteer redefines a shared entity's forms": (
        lambda s: _redefine_forms(s),
        "c-short/entities.toml",
        "gazetteer-disagrees",
    ),
}


def _redefine_forms(source: Path) -> None:
    shared = (source / "entities.toml").read_text(encoding="utf-8")
    assert 'forms = ["' in shared
    (source / "c-short" / "entities.toml").write_text(
        shared.replace('forms = ["', 'forms = ["autre forme", "', 1), encoding="utf-8"
    )


@pytest.mark.parametrize("case", sorted(DISCOVERY))
def test_no_entry_of_a_corpus_is_silently_skipped(tmp_path: Path, case: str) -> None:
    make, where, code = DISCOVERY[case]
    source = synthetic.corpus(tmp_path / "s", MEMBERS)
    make(source)
    result = _cli("build", str(source), "--out", str(tmp_path / "out"))
    assert result.returncode == 2, (case, result.stderr)
    (line,) = result.stderr.splitlines()
    assert line.startswith(str(source / where)) and f"error[{code}]" in line, (case, line)
    assert not (tmp_path / "out").exists()


def test_a_declaration_beside_declarations_directories_is_refused(tmp_path: Path) -> None:
    """A single declaration's directory that also holds declarations' directories: the
    members are not silently left out."""
    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    shutil.copytree(synthetic.corpus(tmp_path / "s", MEMBERS) / "b-long", source / "b-long")
    result = _cli("build", str(source), "--out", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert "error[corpus-mixed]" in result.stderr and not (tmp_path / "out").exists()


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_corpus_source_is_one_located_line(tmp_path: Path, case: str) -> None:
    make, where = HOSTILE[case]
    source = synthetic.corpus(tmp_path / "s", MEMBERS)
    make(source)
    result = _cli("build", str(source), "--out", str(tmp_path / "out"))
    assert result.returncode == 2, (case, result.stderr)
    (line,) = result.stderr.splitlines()
    assert line.startswith(str(source / where)), (case, line)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_corpus_repository_is_checked_against_its_source(tmp_path: Path) -> None:
    """``validate`` of a repository (source/ beside data/) parses the corpus again: records
    that are not what the source gives are refused."""
    source = synthetic.corpus(tmp_path / "source", MEMBERS)
    assert _cli("build", str(source)).returncode == 0
    assert _cli("validate", str(tmp_path)).returncode == 0
    member = source / "c-short"
    meta, text = synthetic.declaration_metadata(
        3, "ia-synthetique-c", next(member.glob("*.txt")).name
    )
    next(member.glob("*.txt")).write_text(text, encoding="utf-8")
    (member / "metadata.toml").write_text(synthetic.without_dataset(meta), encoding="utf-8")
    result = _cli("validate", str(tmp_path), "--format", "json")
    assert result.returncode == 1
    codes = {p["code"] for p in json.loads(result.stdout)["problems"]}
    assert "source-mismatch" in codes


def _tables(out: Path) -> dict[str, bytes]:
    from declaration.formats import csv as tables

    return {t.path: (out / t.path).read_bytes() for t in tables.TABLES}


def test_the_tables_are_read_back_one_declaration_at_a_time(corpus: tuple[Path, Path]) -> None:
    from declaration.formats import csv as tables

    read = tables.read_each(_tables(corpus[1]))
    first = next(read)  # given before the later rows of any table are built
    assert first.id == REAL
    assert [d.id for d in read] == [B, C]


def test_rows_of_a_declaration_after_a_later_ones_are_refused_on_their_line(
    corpus: tuple[Path, Path],
) -> None:
    from declaration.errors import InvalidDataError
    from declaration.formats import csv as tables

    files = _tables(corpus[1])
    header, *rows = files["data/parties.csv"].decode("utf-8").splitlines(keepends=True)
    later = [r for r in rows if r.startswith(B)]
    moved = [header, *later, *(r for r in rows if r not in later)]
    files["data/parties.csv"] = "".join(moved).encode("utf-8")
    with pytest.raises(InvalidDataError) as raised:
        tables.read_all(files)
    first_real = 2 + len(later)  # the header, then the rows moved before it
    assert raised.value.code == "csv-order"
    assert (raised.value.location.path, raised.value.location.line) == (
        "data/parties.csv",
        first_real,
    )


def test_a_file_that_changes_while_it_is_validated_is_an_error_on_it(
    corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    from declaration.errors import InputError
    from declaration.validate.inputs import open_package

    out = tmp_path / "out"
    shutil.copytree(corpus[1], out)
    package = open_package(out)
    name = f"data/{B}.ttl"
    assert package.files[name] == (out / name).read_bytes()
    with (out / name).open("ab") as handle:
        handle.write(b"# grown\n")
    with pytest.raises(InputError) as raised:
        package.files[name]
    assert raised.value.code == "file-changed"
    assert raised.value.location.path == name


def test_a_corpus_build_holds_one_declarations_files_at_a_time(tmp_path: Path) -> None:
    """The build spools each declaration's files to the staging directory as they are made:
    what it keeps of them in memory is their sizes and hashes."""
    from declaration import registry
    from declaration.atomic import staged

    release = load_release(synthetic.corpus(tmp_path / "source", MEMBERS))
    with staged(tmp_path / "out") as spool:
        written = registry.write(release, store=spool)
        assert written is spool
        assert not any(isinstance(v, bytes) for v in vars(spool).values())
        name = f"data/{C}.nq"
        data = (spool.root / name).read_bytes()
        assert spool.digest(name) == (len(data), hashlib.sha256(data).hexdigest())
    assert (tmp_path / "out" / f"data/{C}.nq").read_bytes() == data


def test_a_zip_is_read_again_entry_by_entry_when_a_check_asks(
    published_corpus: Path, tmp_path: Path
) -> None:
    """The validator reads a zip through once (every check, every digest) and holds none of
    its entries: each is read again, by position, when asked for."""
    import zipfile

    from declaration.errors import InputError
    from declaration.validate.inputs import open_package

    archive = tmp_path / "release.zip"
    with zipfile.ZipFile(published_corpus / f"{NAME}.zip") as original:
        entries = [(info.filename, original.read(info)) for info in original.infolist()]
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as stored:
        for name, data in entries:
            stored.writestr(name, data)
    package = open_package(archive)
    assert not isinstance(package.files, dict)
    held = [
        item
        for value in vars(package.files).values()
        for item in (value.values() if isinstance(value, dict) else [value])
    ]
    assert held and not any(isinstance(item, bytes) for item in held)
    name = f"data/{C}.fra.txt"
    data = dict(entries)[name]
    assert package.files[name] == data
    assert package.files.digest(name) == (len(data), hashlib.sha256(data).hexdigest())  # type: ignore[attr-defined]
    with zipfile.ZipFile(archive) as stored:
        at = archive.read_bytes().index(data, stored.getinfo(name).header_offset)
    with archive.open("r+b") as handle:  # the entry changes on disk after the zip was opened
        handle.seek(at)
        handle.write(b"X")
    with pytest.raises(InputError) as raised:
        package.files[name]
    assert raised.value.code in ("zip-corrupt", "file-changed")
    assert raised.value.location.path == str(archive)
    assert repr(name) in raised.value.message


def test_a_spool_under_a_directory_streams_and_copies_into_its_parent(tmp_path: Path) -> None:
    from declaration.spool import Spool, copy, digest, stream

    root = Spool(tmp_path / "root")
    bundle, site = root.under("bundle"), root.under("site")
    bundle["data/a.txt"] = b"alpha\n"
    stream(root, "bundle.zip", lambda handle: handle.write(b"zipped" * 1000))
    copy(bundle, "data/a.txt", site)
    copy(root, "bundle.zip", site)
    assert sorted(root) == ["bundle.zip", "bundle/data/a.txt", "site/bundle.zip", "site/data/a.txt"]
    assert sorted(site) == ["bundle.zip", "data/a.txt"]
    for store, name in ((root, "bundle.zip"), (site, "bundle.zip"), (site, "data/a.txt")):
        data = (store.root / name).read_bytes()
        assert digest(store, name) == (len(data), hashlib.sha256(data).hexdigest()), name
    assert (tmp_path / "root" / "site" / "data" / "a.txt").read_bytes() == b"alpha\n"
    assert digest(root, "site/bundle.zip") == digest(root, "bundle.zip")


def test_a_corpus_past_its_annotations_is_refused_at_the_first_one_past(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mentions and dates of a corpus are bounded in all, as a declaration's are: the
    error is at the line and column of the first one past the limit, in its own text."""
    from declaration import enrich

    source = synthetic.corpus(tmp_path / "s", MEMBERS)
    decls = list(load_release(source).declarations)
    spans = [
        [s for p in d.paragraphs for s in sorted((*p.mentions, *p.dates), key=lambda s: s.start)]
        for d in decls
    ]
    limit = len(spans[0]) + len(spans[1]) // 2
    monkeypatch.setattr(enrich, "MAX_CORPUS_ANNOTATIONS", limit)
    error = _error(source)
    assert error.code == "too-many-annotations"
    assert f"more than {limit} mentions and dates in the corpus" in error.message
    text_path = Path(error.location.path)
    assert text_path.parent == source / "b-long" and text_path.suffix == ".txt"
    line = text_path.read_text(encoding="utf-8").split("\n")[error.location.line - 1]
    at = line[error.location.column - 1 :]
    assert at.startswith(spans[1][limit - len(spans[0])].surface)
    monkeypatch.setattr(enrich, "MAX_CORPUS_ANNOTATIONS", sum(map(len, spans)))
    assert len(load_release(source)) == len(MEMBERS)


def test_a_corpus_past_its_declarations_is_refused_at_the_first_one_past(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The number of declarations is bounded before any is read: the error names the
    directory of the first one past the limit."""
    from declaration import source as module

    source = synthetic.corpus(tmp_path / "s", MEMBERS)
    monkeypatch.setattr(module, "MAX_DECLARATIONS", 2)
    error = _error(source)
    assert (error.code, error.location.path) == ("corpus-too-large", str(source / "c-short"))
    monkeypatch.setattr(module, "MAX_DECLARATIONS", 3)
    assert len(load_release(source)) == 3


def test_a_corpus_past_its_bytes_of_text_is_refused_at_the_text_that_passes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The published texts of a corpus are bounded in all, before any declaration is read
    (a source of many texts at the limit of one would otherwise be read whole first)."""
    from declaration import source as module

    source = synthetic.corpus(tmp_path / "s", MEMBERS)
    sizes = [next((source / name).glob("*.txt")).stat().st_size for name, _, _ in MEMBERS]
    monkeypatch.setattr(module, "MAX_CORPUS_BYTES", sizes[0] + sizes[1] - 1)
    monkeypatch.setattr(module, "parse", None)  # nothing is parsed before the refusal
    error = _error(source)
    assert error.code == "corpus-too-large" and f"{sizes[0] + sizes[1]} bytes" in error.message
    assert Path(error.location.path).parent == source / "b-long"
    monkeypatch.undo()
    monkeypatch.setattr(module, "MAX_CORPUS_BYTES", sum(sizes))
    assert len(load_release(source)) == len(MEMBERS)


def test_the_largest_corpus_admitted_is_a_package_the_validator_reads() -> None:
    """A corpus of as many declarations as the source admits has fewer files than the
    validator reads: the build never does the work of a release it would then refuse."""
    from declaration import registry
    from declaration.source import MAX_DECLARATIONS
    from declaration.validate.inputs import MAX_ENTRIES

    whole = [out for out in registry.OUTPUTS if not out.per_declaration]
    largest = MAX_DECLARATIONS * len(registry.PER_DECLARATION) + len(whole) + 1  # + signature
    assert largest <= MAX_ENTRIES


def _rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int) -> int:
    """How many times publishing a corpus of ``count`` small declarations rebuilds one
    from its pickle (in one process, so that every rebuild is counted)."""
    from declaration.commands import publish
    from declaration.release import Declarations

    members = [(f"m{i}", 2, f"ia-synthetique-{i}") for i in range(1, count)]
    source = synthetic.corpus(tmp_path / f"s{count}", [("m0", 10, None), *members])
    shutil.copy(ROOT / "CHANGELOG.md", source / "CHANGELOG.md")
    monkeypatch.setenv("DECLARATION_WORKERS", "1")
    calls = 0
    original = Declarations.__getitem__

    def counted(self: Declarations, index: Any) -> Any:
        nonlocal calls
        calls += isinstance(index, int)
        return original(self, index)

    monkeypatch.setattr(Declarations, "__getitem__", counted)
    publish(source, tmp_path / f"out{count}")
    monkeypatch.undo()
    return calls


def test_publishing_a_corpus_rebuilds_each_declaration_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No step of a publication reads every declaration once per file or per declaration:
    each declaration added costs the same number of rebuilds, whatever the corpus's size (a
    step that did, the catalogue's rights statement once per download, made a corpus's
    publication quadratic)."""
    two, four, eight = (_rebuilds(tmp_path, monkeypatch, n) for n in (2, 4, 8))
    assert (eight - four) / 4 <= (four - two) / 2 + 1, (two, four, eight)
