"""``declaration validate``: tampered and hostile inputs are refused with their file and reason."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from declaration.errors import InputError
from declaration.validate import validate
from tests.conftest import ROOT


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A copy of the repository's release files (no source/)."""
    target = tmp_path / "bundle"
    target.mkdir()
    for name in ("data", "schemas"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "datapackage.json", target / "datapackage.json")
    return target


def _codes(path: Path) -> set[tuple[str, str]]:
    return {(p.file, p.code) for p in validate(path).problems}


def test_the_repository_is_valid() -> None:
    report = validate(ROOT)
    assert report.valid, report.problems
    assert len(report.files) == len(
        json.loads((ROOT / "datapackage.json").read_bytes())["resources"]
    )


def test_a_copied_bundle_is_valid(bundle: Path) -> None:
    assert validate(bundle).valid
    assert validate(bundle / "datapackage.json").valid


def _replace(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


def test_one_changed_byte_in_a_data_file_is_caught(bundle: Path) -> None:
    _replace(bundle / "data/declaration.fra.txt", b"partie", b"partiE")
    codes = _codes(bundle)
    assert ("data/declaration.fra.txt", "frictionless-hash-count") in codes
    assert ("data/declaration.fra.txt", "text-mismatch") in codes


def test_a_row_added_to_a_csv_is_caught(bundle: Path) -> None:
    path = bundle / "data/paragraphs.csv"
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join([*lines, lines[-1].replace(b"para_10", b"para_11")]))
    report = validate(bundle)
    codes = {(p.file, p.code) for p in report.problems}
    assert ("data/paragraphs.csv", "frictionless-hash-count") in codes
    assert any(p.file.endswith(".csv") and p.code == "csv-invalid" for p in report.problems), (
        report.problems
    )


def test_an_eid_changed_in_the_akn_only_is_caught(bundle: Path) -> None:
    _replace(bundle / "data/declaration.fra.akn.xml", b'eId="para_4"', b'eId="para_40"')
    codes = _codes(bundle)
    assert ("data/declaration.fra.akn.xml", "frictionless-hash-count") in codes
    assert ("data/declaration.fra.akn.xml", "akn-numbering") in codes


def test_a_text_changed_consistently_in_one_format_disagrees_with_the_others(bundle: Path) -> None:
    """Even with the descriptor's hashes updated, the records must agree with each other."""
    from declaration.formats import jsonld

    doc = json.loads((bundle / jsonld.PATH).read_bytes())
    doc["hasPart"][0]["text"]["@value"] += " !"
    (bundle / jsonld.PATH).write_text(
        json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    descriptor = json.loads((bundle / "datapackage.json").read_bytes())
    import hashlib

    for resource in descriptor["resources"]:
        data = (bundle / resource["path"]).read_bytes()
        resource["bytes"], resource["hash"] = (
            len(data),
            f"sha256:{hashlib.sha256(data).hexdigest()}",
        )
    (bundle / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert _codes(bundle) == {("data/declaration.jsonld", "jsonld-invalid")}


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/etc/passwd", "absolute"),
        ("data/../../secret.csv", ".."),
        ("data/.hidden.csv", "hidden"),
        ("README.md", "outside"),
    ],
)
def test_unsafe_resource_paths_are_refused(bundle: Path, path: str, words: str) -> None:
    descriptor = json.loads((bundle / "datapackage.json").read_bytes())
    descriptor["resources"][0]["path"] = path
    (bundle / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    problems = [p for p in validate(bundle).problems if p.code == "unsafe-path"]
    assert problems and words in problems[0].message
    assert problems[0].pointer == "/resources/0/path"


def test_a_symlinked_resource_is_refused(bundle: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    target = bundle / "data/declaration.fra.txt"
    target.unlink()
    target.symlink_to(outside)
    assert ("datapackage.json", "unsafe-path") in _codes(bundle)


@pytest.mark.parametrize(
    ("content", "code"), [(b"{not json", "descriptor-json"), (b"[1, 2]", "descriptor-json")]
)
def test_a_descriptor_that_is_not_a_json_object_is_unreadable(
    bundle: Path, content: bytes, code: str
) -> None:
    (bundle / "datapackage.json").write_bytes(content)
    with pytest.raises(InputError) as caught:
        validate(bundle)
    assert caught.value.code == code


def test_a_descriptor_breaking_the_profile_is_reported(bundle: Path) -> None:
    descriptor = json.loads((bundle / "datapackage.json").read_bytes())
    descriptor["resources"][0]["hash"] = 42
    (bundle / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    problems = [p for p in validate(bundle).problems if p.code == "descriptor-profile"]
    assert problems and problems[0].pointer == "/resources/0/hash"


def test_xml_with_external_entities_is_refused(bundle: Path) -> None:
    path = bundle / "data/declaration.fra.akn.xml"
    _replace(
        path,
        b"<akomaNtoso",
        b'<!DOCTYPE akomaNtoso [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<akomaNtoso',
    )
    assert ("data/declaration.fra.akn.xml", "xml-doctype") in _codes(bundle)


def test_jsonld_naming_a_remote_context_is_refused(bundle: Path) -> None:
    path = bundle / "data/declaration.jsonld"
    doc = json.loads(path.read_bytes())
    doc["@context"] = "https://schema.org/"
    path.write_text(json.dumps(doc), encoding="utf-8")
    codes = _codes(bundle)
    assert ("data/declaration.jsonld", "jsonld-expansion") in codes


def _zip(tmp_path: Path, entries: Callable[[zipfile.ZipFile], None]) -> Path:
    path = tmp_path / "hostile.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries(archive)
    return path


def _symlink_entry(archive: zipfile.ZipFile) -> None:
    info = zipfile.ZipInfo("bundle/data/link")
    info.external_attr = (0o120777 & 0xFFFF) << 16
    archive.writestr(info, "/etc/passwd")


HOSTILE_ZIPS = {
    "dot-dot": (lambda a: a.writestr("../evil.txt", "x"), "zip-unsafe-entry"),
    "absolute": (lambda a: a.writestr("/tmp/evil.txt", "x"), "zip-unsafe-entry"),
    "hidden": (lambda a: a.writestr("bundle/.git/config", "x"), "zip-unsafe-entry"),
    "symlink": (_symlink_entry, "zip-unsafe-entry"),
    "bomb": (lambda a: a.writestr("bundle/data/zeros.csv", b"0" * 20_000_000), "zip-bomb"),
    "too-many": (
        lambda a: [a.writestr(f"bundle/f{n}.txt", "") for n in range(1_001)],
        "zip-too-many-entries",
    ),
    "no-descriptor": (lambda a: a.writestr("bundle/data/x.csv", "a\n1\n"), "missing-file"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_ZIPS))
def test_hostile_zips_are_refused_before_extraction(tmp_path: Path, case: str) -> None:
    make, code = HOSTILE_ZIPS[case]
    path = _zip(tmp_path, make)
    with pytest.raises(InputError) as caught:
        validate(path)
    assert caught.value.code == code
    assert not (tmp_path / "evil.txt").exists()


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "declaration", "validate", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_cli_exit_codes_and_json_report(bundle: Path) -> None:
    ok = run_cli()
    assert ok.returncode == 0 and "valid" in ok.stdout
    _replace(bundle / "data/declaration.fra.akn.xml", b'eId="para_4"', b'eId="para_40"')
    bad = run_cli(bundle, "--json")
    assert bad.returncode == 1
    report = json.loads(bad.stdout)
    assert report["valid"] is False
    assert {"file": "data/declaration.fra.akn.xml", "code": "akn-numbering"}.items() <= report[
        "problems"
    ][-1].items() or any(p["code"] == "akn-numbering" for p in report["problems"])
    human = run_cli(bundle)
    assert human.returncode == 1
    assert (
        "data/declaration.fra.akn.xml\n  " in human.stdout
        and "error[akn-numbering]" in human.stdout
    )
    (bundle / "datapackage.json").write_text("[]", encoding="utf-8")
    unreadable = run_cli(bundle)
    assert unreadable.returncode == 2 and "error[descriptor-json]" in unreadable.stderr


def test_a_table_schema_breaking_the_official_profile_is_reported(bundle: Path) -> None:
    path = bundle / "schemas" / "paragraphs.schema.json"
    schema = json.loads(path.read_bytes())
    schema["fields"][0]["type"] = "text"
    path.write_text(json.dumps(schema), encoding="utf-8")
    problems = [p for p in validate(bundle).problems if p.code == "table-schema-profile"]
    assert problems and problems[0].file == "schemas/paragraphs.schema.json"
