"""``declaration publish``: a reproducible, verifiable, atomic release; its README runs as written."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from declaration.commands import publish
from declaration.errors import InvalidDataError
from declaration.validate import validate
from tests.conftest import NAME

BIN = Path(sys.executable).parent


def _publish_in_subprocess(out: Path, seed: str, epoch: str | None = None) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    result = subprocess.run(
        [sys.executable, "-m", "declaration", "publish", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return re.search(r"sha256:\s+([0-9a-f]{64})", result.stdout)[1]  # type: ignore[index]


def test_two_publishes_give_a_byte_identical_zip(tmp_path: Path) -> None:
    first = _publish_in_subprocess(tmp_path / "a", "1")
    second = _publish_in_subprocess(tmp_path / "b", "2")
    assert first == second
    assert hashlib.sha256((tmp_path / "a" / f"{NAME}.zip").read_bytes()).hexdigest() == first


def test_source_date_epoch_sets_every_timestamp(tmp_path: Path) -> None:
    _publish_in_subprocess(tmp_path, "0", epoch="1714953600")  # 2024-05-06T00:00:00Z
    with zipfile.ZipFile(tmp_path / f"{NAME}.zip") as archive:
        infos = archive.infolist()
    assert {info.date_time for info in infos} == {(2024, 5, 6, 0, 0, 0)}
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert all(i.extra == b"" for i in infos)


def test_the_zip_holds_the_bundle(released: Path) -> None:
    with zipfile.ZipFile(released / f"{NAME}.zip") as archive:
        names = set(archive.namelist())
    on_disk = {
        p.relative_to(released / NAME).as_posix()
        for p in (released / NAME).rglob("*")
        if p.is_file()
    }
    assert names == on_disk
    assert {"datapackage.json", "README.md", "CITATION.cff", "CHANGELOG.md", "SHA256SUMS"} <= names


def test_validate_accepts_the_zip_and_the_bundle(released: Path) -> None:
    assert validate(released / f"{NAME}.zip").valid
    assert validate(released / NAME).valid


def test_sha256sums_checks_out(released: Path) -> None:
    result = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"],
        cwd=released / NAME,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    listed = (released / NAME / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert (
        result.stdout.count(": OK")
        == len(listed)
        == sum(1 for p in (released / NAME).rglob("*") if p.is_file()) - 1
    )


def test_frictionless_validate_passes_on_the_unzipped_bundle(
    tmp_path: Path, released: Path
) -> None:
    with zipfile.ZipFile(released / f"{NAME}.zip") as archive:
        archive.extractall(tmp_path)
    result = subprocess.run(
        [BIN / "frictionless", "validate", "datapackage.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]


def test_citation_cff_is_valid(released: Path) -> None:
    result = subprocess.run(
        [
            BIN / "check-jsonschema",
            "--builtin-schema",
            "vendor.citation-file-format",
            "CITATION.cff",
        ],
        cwd=released / NAME,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = (released / NAME / "CITATION.cff").read_text(encoding="utf-8")
    assert "type: dataset" in text and "license: etalab-2.0" in text


def test_a_changed_readme_is_named(tmp_path: Path, released: Path) -> None:

    bundle = tmp_path / NAME
    shutil.copytree(released / NAME, bundle)
    (bundle / "README.md").write_text("changed\n", encoding="utf-8")
    problems = {(p.file, p.code, p.cause) for p in validate(bundle).problems}
    assert problems == {("README.md", "bundle-mismatch", None)}


def test_an_invalid_bundle_is_never_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(None, tmp_path)
    before = hashlib.sha256((tmp_path / f"{NAME}.zip").read_bytes()).hexdigest()
    from types import SimpleNamespace

    from declaration import commands, registry
    from declaration.formats import akn

    def tampered(*args, **kwargs):  # type: ignore[no-untyped-def]
        """publish's writer goes wrong; the validator's own is left alone."""
        files = registry.write(*args, **kwargs)
        files[akn.PATH] = files[akn.PATH].replace(b'eId="para_4"', b'eId="para_40"')
        return files

    writer = SimpleNamespace(write=tampered, BUILD=registry.BUILD, BUNDLE=registry.BUNDLE)
    monkeypatch.setattr(commands, "registry", writer)
    with pytest.raises(InvalidDataError) as caught:
        publish(None, tmp_path)
    assert caught.value.code == "invalid-release"
    assert caught.value.location.path == str(tmp_path / NAME / akn.PATH)
    assert hashlib.sha256((tmp_path / f"{NAME}.zip").read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [NAME, f"{NAME}.zip", "site"]
    assert validate(tmp_path / NAME).valid


def test_frictionless_reads_the_zip_as_a_package(released: Path) -> None:
    """``datapackage.json`` at the zip's root: frictionless checks every resource and reads
    every table of the zip itself, not a README it happens to find."""
    import json

    from frictionless import Package

    archive = released / f"{NAME}.zip"
    result = subprocess.run(
        [BIN / "frictionless", "validate", "--json", archive.name],
        cwd=released,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    descriptor = json.loads((released / NAME / "datapackage.json").read_bytes())
    checked = {task["place"] for task in report["tasks"]}
    assert checked == {r["path"] for r in descriptor["resources"]}
    package = Package(str(archive))
    tables = [r for r in descriptor["resources"] if r.get("type") == "table"]
    for table in tables:
        rows = package.get_table_resource(table["name"]).read_rows()
        assert rows, table["name"]


def test_the_zip_is_deflated(released: Path) -> None:
    with zipfile.ZipFile(released / f"{NAME}.zip") as archive:
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        assert "datapackage.json" in archive.namelist()
