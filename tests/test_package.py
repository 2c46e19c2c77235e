"""datapackage.json against the official Data Package 2.0 profile and the real frictionless CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from tests.conftest import ROOT

PROFILES = ROOT.parent / "shared" / "reference" / "profiles"


def official(name: str) -> dict:  # type: ignore[type-arg]
    """The reference copy of an official profile, kept beside the clone (CI always has it)."""
    path = PROFILES / name
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must have ../shared beside the clone")
        pytest.skip(f"no reference profiles at {PROFILES} (a clone outside the workspace)")
    return json.loads(path.read_text(encoding="utf-8"))


FRICTIONLESS = Path(sys.executable).parent / "frictionless"


@pytest.fixture(scope="module")
def descriptor() -> dict:  # type: ignore[type-arg]
    return json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))


def test_the_shipped_profile_is_the_official_one() -> None:
    shipped = json.loads(
        resources.files("dplib").joinpath("profiles/2.0/datapackage.json").read_bytes()
    )
    profile = official("datapackage-2.0.json")
    assert shipped == profile


def test_the_descriptor_validates_against_the_official_profile(descriptor: dict) -> None:  # type: ignore[type-arg]
    profile = official("datapackage-2.0.json")
    errors = [
        e.message
        for e in Draft7Validator(
            profile, format_checker=Draft7Validator.FORMAT_CHECKER
        ).iter_errors(descriptor)
    ]
    assert errors == []


def test_the_descriptor_lists_every_file_with_its_size_and_hash(descriptor: dict) -> None:  # type: ignore[type-arg]
    import hashlib

    listed = {r["path"]: r for r in descriptor["resources"] + descriptor["typedCopies"]}
    on_disk = {
        p.relative_to(ROOT).as_posix()
        for top in ("data", "schemas")
        for p in (ROOT / top).rglob("*")
        if p.is_file()
    }
    assert set(listed) == on_disk
    for path, resource in listed.items():
        data = (ROOT / path).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"
        assert {"name", "format", "mediatype", "description"} <= set(resource)
        assert ("encoding" in resource) is not path.endswith((".parquet", ".sqlite"))
    tables = [r for r in descriptor["resources"] if r.get("type") == "table"]
    assert sorted(r["name"] for r in tables) == [
        "dates",
        "declarations",
        "entities",
        "mentions",
        "paragraphs",
        "parties",
        "topics",
    ]
    assert all((ROOT / r["schema"]).is_file() for r in tables)
    assert (
        listed["data/declaration.jsonld"]["jsonSchema"]
        == "schemas/declaration.jsonld.jsonschema.json"
    )
    assert listed["data/declaration.fra.akn.xml"]["xmlSchema"] == "schemas/akn/akomantoso30.xsd"


def test_the_descriptor_has_the_release_metadata(descriptor: dict) -> None:  # type: ignore[type-arg]
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["name"] == "declaration-france-chine-ia-2024"
    assert descriptor["licenses"][0]["name"] == "etalab-2.0"
    assert descriptor["sources"][0]["path"].startswith("https://www.elysee.fr/")
    assert descriptor["created"] == "2026-11-28T00:00:00Z"


def test_frictionless_validate_passes_on_the_repository() -> None:
    result = subprocess.run(
        [FRICTIONLESS, "validate", "datapackage.json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]


def test_frictionless_validate_fails_on_a_changed_byte(tmp_path: Path) -> None:
    import shutil

    for name in ("data", "schemas", "datapackage.json"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    path = tmp_path / "data" / "paragraphs.csv"
    path.write_bytes(path.read_bytes().replace(b"partie", b"partiE", 1))
    result = subprocess.run(
        [FRICTIONLESS, "validate", "--json", "datapackage.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert {e["type"] for t in report["tasks"] for e in t["errors"]} == {"hash-count"}


@pytest.mark.parametrize(
    "table", ["declarations", "parties", "paragraphs", "entities", "mentions", "dates", "topics"]
)
def test_each_table_schema_validates_against_the_official_profile(table: str) -> None:
    profile = official("tableschema-2.0.json")
    schema = json.loads((ROOT / "schemas" / f"{table}.schema.json").read_text(encoding="utf-8"))
    errors = [e.message for e in Draft7Validator(profile).iter_errors(schema)]
    assert errors == []


def test_the_jsonld_schema_is_a_valid_2020_12_schema() -> None:
    result = subprocess.run(
        [
            Path(sys.executable).parent / "check-jsonschema",
            "--check-metaschema",
            "schemas/declaration.jsonld.jsonschema.json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
