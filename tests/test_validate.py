"""``declaration validate``: every edit caught and named, hostile packages refused cleanly,
nothing reached outside the package."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from declaration.errors import InputError
from declaration.validate import validate
from tests.conftest import NAME, ROOT
from tests.mutations import apply, mutations, redescribe, verdict


@pytest.fixture
def bundle(tmp_path: Path, released: Path) -> Path:
    target = tmp_path / NAME
    shutil.copytree(released / NAME, target)
    return target


def _primary(path: Path) -> set[tuple[str, str]]:
    return {(p.file, p.code) for p in validate(path).problems if p.cause is None}


def test_the_repository_is_valid() -> None:
    report = validate(ROOT)
    assert report.valid, report.problems
    descriptor = json.loads((ROOT / "datapackage.json").read_bytes())
    resources = descriptor["resources"] + descriptor["typedCopies"]
    assert set(report.files) == {r["path"] for r in resources} | {"datapackage.json"}


def test_a_bundle_its_zip_and_its_descriptor_are_valid(released: Path) -> None:
    assert validate(released / NAME).valid
    assert validate(released / f"{NAME}.zip").valid
    assert validate(released / NAME / "datapackage.json").valid


def test_every_kind_of_single_edit_is_caught_and_named(released: Path, tmp_path: Path) -> None:
    """A sample of the mutation campaign (``scripts/mutations.py`` runs all of it)."""
    cases = mutations(released / NAME)
    assert len(cases) > 400
    sample = cases[:: max(1, len(cases) // 45)]
    wrong = []
    for index, mutation in enumerate(sample):
        report = validate(apply(released / NAME, tmp_path / str(index), mutation))
        if verdict(report, mutation) != (True, True):
            wrong.append(
                (mutation.name, sorted({(p.file, p.code, p.cause) for p in report.problems}))
            )
    assert wrong == []


def _edit_csv(bundle: Path, name: str, row: int, field: str, value: str) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO((bundle / name).read_text(encoding="utf-8"), newline="")))
    rows[row - 1][rows[0].index(field)] = value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    (bundle / name).write_text(out.getvalue(), encoding="utf-8")
    redescribe(bundle)


@pytest.mark.parametrize(
    ("table", "row", "field", "value"),
    [
        ("data/paragraphs.csv", 7, "text", "Les deux pays"),
        ("data/paragraphs.csv", 3, "iri", "https://example.org/elsewhere"),
        ("data/declarations.csv", 2, "paragraph_count", "14"),
        (
            "data/declarations.csv",
            2,
            "expression_uri",
            "/akn/fr/statement/x/2024-05-06/y/fra@2024-05-06",
        ),
        ("data/parties.csv", 2, "wikidata_id", "Q149"),
        ("data/entities.csv", 2, "iri", "https://example.org/entity"),
        ("data/dates.csv", 2, "value", "2024-05-07/2024-05-08"),
        ("data/mentions.csv", 3, "start", "55"),
    ],
)
def test_a_changed_cell_is_reported_at_its_row_and_field(
    bundle: Path, table: str, row: int, field: str, value: str
) -> None:
    _edit_csv(bundle, table, row, field, value)
    primary = [p for p in validate(bundle).problems if p.cause is None]
    assert {(p.file, p.code, p.row, p.field) for p in primary} == {
        (table, "cross-format", row, field)
    }


def test_an_extra_entity_is_reported_in_entities_csv(bundle: Path) -> None:
    path = bundle / "data/entities.csv"
    path.write_bytes(
        path.read_bytes() + b"zzz,concept,zzz,,https://w3id.org/fr-cn-ai-2024/id/concept/zzz\n"
    )
    redescribe(bundle)
    assert _primary(bundle) == {("data/entities.csv", "cross-format")}


@pytest.mark.parametrize(
    ("old", "new", "xpath"),
    [
        (
            b'<preamble xml:lang="fr"',
            b'<preamble xml:lang="de"',
            "/akn:akomaNtoso/akn:statement/akn:preamble",
        ),
        (
            b'<eventRef eId="lifecycle__eventRef_1" date="2024-05-06"',
            b'<eventRef eId="lifecycle__eventRef_1" date="2024-05-07"',
            "/akn:akomaNtoso/akn:statement/akn:meta/akn:lifecycle/akn:eventRef",
        ),
        (
            b'<publication date="2024-05-06"',
            b'<publication date="2024-05-05"',
            "/akn:akomaNtoso/akn:statement/akn:meta/akn:publication",
        ),
    ],
)
def test_an_akn_edit_is_reported_at_its_line_and_element(
    bundle: Path, old: bytes, new: bytes, xpath: str
) -> None:
    path = bundle / "data/declaration.fra.akn.xml"
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    redescribe(bundle)
    primary = [p for p in validate(bundle).problems if p.cause is None]
    assert {p.file for p in primary} == {"data/declaration.fra.akn.xml"}
    line = data[: data.index(old)].count(b"\n") + 1
    assert any(p.line == line and p.xpath == xpath for p in primary), primary


def test_a_jsonld_edit_is_reported_at_its_pointer(bundle: Path) -> None:
    path = bundle / "data/declaration.jsonld"
    doc = json.loads(path.read_bytes())
    doc["hasPart"][0]["annotations"][1]["entity"] = "https://example.org/x"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    redescribe(bundle)
    primary = [p for p in validate(bundle).problems if p.cause is None]
    assert ("data/declaration.jsonld", "cross-format", "/hasPart/0/annotations/1/entity") in {
        (p.file, p.code, p.pointer) for p in primary
    }
    assert {p.file for p in primary} == {"data/declaration.jsonld"}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("schemas/declaration.jsonld.jsonschema.json", b"{}\n"),
        ("schemas/declaration.shapes.ttl", b"@prefix sh: <http://www.w3.org/ns/shacl#> .\n"),
        ("schemas/paragraphs.schema.json", b'{"fields": [{"name": "declaration_id"}]}\n'),
        (
            "schemas/akn/akomantoso30.xsd",
            b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>\n',
        ),
    ],
)
def test_a_weakened_schema_is_rejected_as_such(bundle: Path, name: str, content: bytes) -> None:
    (bundle / name).write_bytes(content)
    redescribe(bundle)
    assert _primary(bundle) == {(name, "contract-changed")}


@pytest.mark.parametrize(
    "edit",
    ["licenses/0/name", "name", "version", "sources/0/path", "resources/3/encoding"],
)
def test_a_changed_descriptor_field_is_reported_at_its_pointer(bundle: Path, edit: str) -> None:
    descriptor = json.loads((bundle / "datapackage.json").read_bytes())
    parent = descriptor
    parts = [int(p) if p.isdigit() else p for p in edit.split("/")]
    for part in parts[:-1]:
        parent = parent[part]
    parent[parts[-1]] += "x"
    (bundle / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    redescribe(bundle)
    primary = [p for p in validate(bundle).problems if p.cause is None]
    assert {(p.file, p.code) for p in primary} == {("datapackage.json", "descriptor-mismatch")}
    assert f"/{edit}" in {p.pointer for p in primary}


def test_removing_sha256sums_or_a_format_is_rejected(bundle: Path) -> None:
    (bundle / "SHA256SUMS").unlink()
    assert ("SHA256SUMS", "missing-file") in _primary(bundle)
    (bundle / "data/declaration.fra.akn.xml").unlink()
    assert ("data/declaration.fra.akn.xml", "missing-file") in _primary(bundle)


# ---------------------------------------------------------------- hostile packages


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "declaration", "validate", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )


def _clean(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (1, 2), result.stdout + result.stderr
    if result.returncode == 2:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stdout == ""


def test_cli_exit_codes_text_and_json_reports(bundle: Path) -> None:
    assert run_cli().returncode == 0
    _edit_csv(bundle, "data/paragraphs.csv", 5, "text", "x")
    as_json = run_cli(bundle, "--json")
    assert as_json.returncode == 1
    problems = json.loads(as_json.stdout)["problems"]
    assert {
        "file": "data/paragraphs.csv",
        "code": "cross-format",
        "row": 5,
        "field": "text",
    }.items() <= problems[0].items() or any(
        p.get("row") == 5 and p["file"] == "data/paragraphs.csv" for p in problems
    )
    human = run_cli(bundle)
    assert human.returncode == 1
    assert "data/paragraphs.csv\n  row 5, field text; line 5, column " in human.stdout
    assert "error[cross-format]: departs from the declaration that" in human.stdout
    (bundle / "datapackage.json").write_text("[]", encoding="utf-8")
    unreadable = run_cli(bundle)
    assert unreadable.returncode == 2 and "error[descriptor-json]" in unreadable.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_special_files_are_refused_without_hanging(bundle: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    _clean(run_cli(fifo))
    _clean(run_cli("/dev/zero"))
    (bundle / "data/declaration.fra.txt").unlink()
    os.mkfifo(bundle / "data/declaration.fra.txt")
    result = run_cli(bundle)
    _clean(result)
    assert "special-file" in result.stdout


def test_symlinks_are_refused_and_never_read(bundle: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET\n", encoding="utf-8")
    (bundle / "SHA256SUMS").unlink()
    (bundle / "SHA256SUMS").symlink_to(secret)
    outside = tmp_path / "outside"
    shutil.copytree(bundle / "data", outside)
    shutil.rmtree(bundle / "data")
    (bundle / "data").symlink_to(outside)
    report = validate(bundle)
    assert ("SHA256SUMS", "unsafe-path") in {(p.file, p.code) for p in report.problems}
    assert ("data", "unsafe-path") in {(p.file, p.code) for p in report.problems}
    assert "SECRET" not in json.dumps(report.to_dict())


def _zip_of(
    bundle: Path,
    path: Path,
    extra: list[tuple[zipfile.ZipInfo | str, bytes]] = (),
    method: int = zipfile.ZIP_DEFLATED,
) -> Path:  # type: ignore[assignment]
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in extra:
            archive.writestr(name, data)
        for file in sorted(bundle.rglob("*")):
            if file.is_file():
                archive.writestr(file.relative_to(bundle).as_posix(), file.read_bytes())
    return path


def _corrupt(path: Path, find: bytes, replace: bytes) -> Path:
    data = path.read_bytes()
    index = data.index(find)
    path.write_bytes(data[:index] + replace + data[index + len(find) :])
    return path


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_hostile_zips_are_refused_cleanly(bundle: Path, tmp_path: Path) -> None:
    forged = (bundle / "data/paragraphs.csv").read_bytes().replace(b"Les", b"LES")
    cases = {
        "duplicate": _zip_of(bundle, tmp_path / "dup.zip", [("data/paragraphs.csv", forged)]),
        "newline": _zip_of(
            bundle, tmp_path / "nl.zip", [("data/x\n: valid (24 files checked)", b"")]
        ),
        "deep": _zip_of(bundle, tmp_path / "deep.zip", [("a/" * 1000 + "x", b"")]),
        "dot-dot": _zip_of(bundle, tmp_path / "dd.zip", [("../evil.txt", b"x")]),
        "bomb": _zip_of(bundle, tmp_path / "bomb.zip", [("data/zeros.csv", b"0" * 20_000_000)]),
    }
    stored = _zip_of(bundle, tmp_path / "crc.zip", method=zipfile.ZIP_STORED)
    cases["bad-crc"] = _corrupt(stored, b"Convaincus", b"CONVAINCUS")
    deflated = _zip_of(bundle, tmp_path / "deflate.zip")
    data = bytearray(deflated.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 64] = b"\xff" * 64
    cases["corrupt-deflate"] = tmp_path / "deflate2.zip"
    cases["corrupt-deflate"].write_bytes(bytes(data))
    method = _zip_of(bundle, tmp_path / "method.zip", method=zipfile.ZIP_STORED)
    raw = bytearray(method.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (start := raw.find(signature, start)) >= 0:
            raw[start + offset : start + offset + 2] = (9).to_bytes(2, "little")  # deflate64
            start += 4
    cases["deflate64"] = tmp_path / "d64.zip"
    cases["deflate64"].write_bytes(bytes(raw))
    for case, path in cases.items():
        with pytest.raises(InputError) as caught:
            validate(path)
        assert caught.value.code.startswith("zip-"), case
        assert "\n" not in caught.value.render(), case
    assert not (tmp_path / "evil.txt").exists()
    _clean(run_cli(cases["newline"]))


@pytest.mark.parametrize(
    "name",
    ["datapackage.json", "data/declaration.jsonld", "schemas/declaration.jsonld.jsonschema.json"],
)
def test_json_nested_100000_deep_is_refused(bundle: Path, name: str) -> None:
    (bundle / name).write_bytes(b"[" * 100_000 + b"]" * 100_000)
    result = run_cli(bundle)
    _clean(result)


@pytest.mark.parametrize(
    "name",
    [
        "data/declaration.fra.txt",
        "data/paragraphs.csv",
        "data/declaration.jsonld",
        "data/declaration.fra.akn.xml",
        "data/declaration.ttl",
        "schemas/context.jsonld",
        "SHA256SUMS",
        "README.md",
    ],
)
def test_a_file_that_is_not_utf8_is_named(bundle: Path, name: str) -> None:
    (bundle / name).write_bytes(b"\xff\xfe" + (bundle / name).read_bytes()[2:])
    redescribe_safe = name not in ("SHA256SUMS",)
    if redescribe_safe:
        descriptor = json.loads((bundle / "datapackage.json").read_bytes())
        for resource in descriptor["resources"]:
            data = (bundle / resource["path"]).read_bytes()
            resource["bytes"], resource["hash"] = (
                len(data),
                f"sha256:{hashlib.sha256(data).hexdigest()}",
            )
        (bundle / "datapackage.json").write_text(
            json.dumps(descriptor, indent=2) + "\n", encoding="utf-8"
        )
    result = run_cli(bundle, "--json")
    _clean(result)
    problems = json.loads(result.stdout)["problems"]
    assert name in {p["file"] for p in problems if "cause" not in p}


# ---------------------------------------------------------------- nothing reached outside


@pytest.fixture
def recording_server(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A TCP server on a loopback port that records every connection made to it.

    The suite's no-network guard is lifted for this test, so that a request the validator
    made would really reach the server, and be seen."""
    import socketserver
    import threading

    monkeypatch.undo()
    seen: list[bytes] = []

    class Record(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.settimeout(2)
            try:
                seen.append(self.request.recv(4096))
            except OSError:
                seen.append(b"")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Record)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def _descriptor_edit(bundle: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = bundle / "datapackage.json"
    descriptor = json.loads(path.read_bytes())
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")


HOSTILE = {
    "path list with a URL": lambda b, url: _descriptor_edit(
        b, lambda d: d["resources"][0].__setitem__("path", [f"{url}/a.csv", "data/dates.csv"])
    ),
    "resource schema URL": lambda b, url: _descriptor_edit(
        b, lambda d: d["resources"][0].__setitem__("schema", f"{url}/schema.json")
    ),
    "dialect URL": lambda b, url: _descriptor_edit(
        b, lambda d: d["resources"][0].__setitem__("dialect", f"{url}/dialect.json")
    ),
    "profile URL": lambda b, url: _descriptor_edit(
        b, lambda d: d.__setitem__("$schema", f"{url}/p.json")
    ),
    "remote $ref in a JSON Schema": lambda b, url: (
        b / "schemas/declaration.jsonld.jsonschema.json"
    ).write_text(json.dumps({"$ref": f"{url}/s.json"}), encoding="utf-8"),
    "remote JSON-LD context": lambda b, url: (b / "data/declaration.jsonld").write_text(
        json.dumps({"@context": f"{url}/context.jsonld", "@id": "x"}), encoding="utf-8"
    ),
    "XML external entity": lambda b, url: (b / "data/declaration.fra.akn.xml").write_bytes(
        f'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY e SYSTEM "{url}/e">]>\n<a>&e;</a>\n'.encode()
    ),
    "SPARQL SERVICE in the shapes": lambda b, url: (
        b / "schemas/declaration.shapes.ttl"
    ).write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<#s> a sh:NodeShape ; sh:targetNode <#x> ; sh:sparql [ sh:select "
        f'"SELECT $this WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}" ] .\n',
        encoding="utf-8",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_no_hostile_bundle_makes_the_validator_reach_out(
    bundle: Path,
    recording_server,
    case: str,  # type: ignore[no-untyped-def]
) -> None:
    url, seen = recording_server
    HOSTILE[case](bundle, url)
    redescribe_paths = case not in ("path list with a URL",)
    if redescribe_paths:
        redescribe(bundle)
    report = validate(bundle)
    assert not report.valid
    assert seen == []


# ---------------------------------------------------------------- any mutation: a clean outcome


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_mutated_bundle_gives_a_clean_outcome(released: Path, data: st.DataObject) -> None:
    """Random bytes overwritten, inserted or cut in any file (re-described or not): the
    validator reports problems or refuses the input, and never raises anything else."""
    import tempfile

    files = sorted(
        p.relative_to(released / NAME).as_posix()
        for p in (released / NAME).rglob("*")
        if p.is_file()
    )
    name = data.draw(st.sampled_from(files))
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / NAME
        shutil.copytree(released / NAME, target)
        content = (target / name).read_bytes()
        at = data.draw(st.integers(0, len(content)))
        cut = data.draw(st.integers(0, 16))
        insert = data.draw(
            st.binary(max_size=16)
            | st.sampled_from([b"\x00", b"\xff", b"\n", b'"', b"<", b"[" * 500, b"\r\n"])
        )
        (target / name).write_bytes(content[:at] + insert + content[at + cut :])
        redescribed = data.draw(st.booleans())
        if redescribed:
            # a broken descriptor or SHA256SUMS cannot be re-described: leave it so
            with contextlib.suppress(ValueError, KeyError, IndexError, TypeError, UnicodeError):
                redescribe(target)
        try:
            report = validate(target)
        except InputError:
            return
        if (target / name).read_bytes() != content and not (
            redescribed and name == "CHANGELOG.md"  # free text, owned by itself
        ):
            assert not report.valid


def test_a_descriptor_that_drops_resources_is_one_problem_naming_them(bundle: Path) -> None:
    """Resources are compared by their paths: dropping some is one problem that lists
    them, not a cascade of every resource after them."""
    path = bundle / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    dropped = ["data/dates.csv", "data/declaration.jsonld", "data/mentions.csv"]
    descriptor["resources"] = [r for r in descriptor["resources"] if r["path"] not in dropped]
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    redescribe(bundle)
    problems = [p for p in validate(bundle).problems if p.file == "datapackage.json"]
    assert [(p.code, p.pointer) for p in problems] == [("descriptor-mismatch", "/resources")]
    assert all(name in problems[0].message for name in dropped)


def test_files_dropped_with_their_descriptions_are_each_named(bundle: Path) -> None:
    """When the records that remain cannot decide a declaration (the JSON-LD, the Akoma
    Ntoso and most tables removed, and the descriptor rewritten without them), every file
    the release lacks is named, not only the absence of a record."""
    kept = {"data/declarations.csv", "data/paragraphs.csv"}
    descriptor = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    for resource in [*descriptor["resources"], *descriptor.pop("typedCopies")]:
        if resource["path"].startswith("data/") and resource["path"] not in kept:
            (bundle / resource["path"]).unlink()
    descriptor["resources"] = [
        r for r in descriptor["resources"] if r["path"] in kept or r["path"].startswith("schemas/")
    ]
    (bundle / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    redescribe(bundle)
    missing = {p.file for p in validate(bundle).problems if p.code == "missing-file"}
    assert {
        "data/mentions.csv",
        "data/declaration.jsonld",
        "data/declaration.fra.akn.xml",
    } <= missing
    assert "data/dates.parquet" in missing and not missing & kept


def test_shacl_batches_are_bounded_by_count_and_by_bytes() -> None:
    """Graphs are checked in batches of at most SHACL_BATCH files and SHACL_BYTES of Turtle,
    in order, a larger graph alone: the memory of one pyshacl run is that of its batch."""
    from declaration.validate.steps import SHACL_BATCH, SHACL_BYTES, _batches

    small = [f"g{i}" for i in range(SHACL_BATCH * 2 + 1)]
    batches = _batches(small, [1_000] * len(small))
    assert [len(b) for b in batches] == [SHACL_BATCH, SHACL_BATCH, 1]
    assert [name for batch in batches for name in batch] == small
    sizes = [SHACL_BYTES // 3, SHACL_BYTES * 5, 10, SHACL_BYTES // 2, SHACL_BYTES // 2, 1]
    names = [f"g{i}" for i in range(len(sizes))]
    assert _batches(names, sizes) == [["g0"], ["g1"], ["g2", "g3"], ["g4", "g5"]]
