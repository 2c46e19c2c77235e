"""Citable and depositable: the repository's CITATION.cff and .zenodo.json, in sync with
the dataset facts the bundle's citation is written from, and the bundle's DataCite JSON; no
DOI invented anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from declaration.formats import bundle
from declaration.source import load_release
from tests.conftest import NAME, ROOT, run_cli

BIN = Path(sys.executable).parent


def test_the_repository_deposit_files_are_what_the_facts_give(tmp_path: Path) -> None:
    """``declaration deposit`` writes them; the committed ones are in sync (``make release``)."""
    release = load_release()
    assert (ROOT / "CITATION.cff").read_bytes() == bundle.repository_cff(release)
    assert (ROOT / ".zenodo.json").read_bytes() == bundle.zenodo(release)
    ran = run_cli("deposit", "--out", tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert (tmp_path / "CITATION.cff").read_bytes() == bundle.repository_cff(release)
    assert (tmp_path / ".zenodo.json").read_bytes() == bundle.zenodo(release)


def test_the_repository_citation_prefers_the_bundles_dataset_citation(released: Path) -> None:
    """Its preferred citation holds, field for field, the bundle's CITATION.cff (as a
    reference of type ``data``), and its references are the bundle's."""
    import yaml

    root = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    shipped = yaml.safe_load((released / NAME / "CITATION.cff").read_text(encoding="utf-8"))
    assert root["type"] == "software" and root["license"] == "MIT"
    preferred = root["preferred-citation"]
    assert preferred.pop("type") == "data"
    skipped = ("cff-version", "message", "type", "references")
    assert preferred == {k: v for k, v in shipped.items() if k not in skipped}
    assert root["references"] == shipped["references"]


@pytest.mark.parametrize("where", ["root", "bundle"])
def test_each_citation_is_valid_under_the_citation_file_format_schema(
    released: Path, where: str
) -> None:
    path = ROOT / "CITATION.cff" if where == "root" else released / NAME / "CITATION.cff"
    checked = subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.citation-file-format",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_cffconvert_validates_the_root_citation(tmp_path: Path) -> None:
    """``cffconvert --validate``, in an environment of its own (it pins jsonschema < 4)."""
    if os.environ.get("CI") != "true" and os.environ.get("RUN_NETWORK_TESTS") != "1":
        pytest.skip("installs cffconvert from PyPI: runs in CI, or here with RUN_NETWORK_TESTS=1")
    venv = tmp_path / "cff"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    requirements = ROOT / "tests" / "clients" / "cffconvert.txt"
    pip = [
        str(venv / "bin" / "pip"),
        "install",
        "--quiet",
        "--require-hashes",
        "-r",
        str(requirements),
    ]
    subprocess.run(pip, check=True, capture_output=True)
    for path in (ROOT / "CITATION.cff",):
        ran = subprocess.run(
            [str(venv / "bin" / "cffconvert"), "--validate", "-i", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert ran.returncode == 0, ran.stdout + ran.stderr


def test_zenodo_metadata_describes_a_dataset_and_its_sources() -> None:
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    release = load_release()
    assert release.dataset is not None
    assert zenodo["upload_type"] == "dataset" and zenodo["access_right"] == "open"
    assert zenodo["license"] == release.dataset.license.id
    assert zenodo["version"] == release.dataset.version
    relations = {(r["relation"], r["identifier"]) for r in zenodo["related_identifiers"]}
    assert ("isDerivedFrom", release.first.source.url) in relations
    assert ("isIdenticalTo", f"{release.dataset.base_iri}/dataset") in relations
    assert "not" in zenodo["notes"] and release.first.publisher.name in zenodo["notes"]


def test_datacite_json_has_the_mandatory_properties(released: Path) -> None:
    datacite = json.loads((released / NAME / "datacite.json").read_text(encoding="utf-8"))
    for mandatory in ("titles", "creators", "publisher", "publicationYear", "types"):
        assert datacite[mandatory], mandatory
    assert datacite["types"]["resourceTypeGeneral"] == "Dataset"
    assert datacite["language"] == "fr"
    rights = [r["rights"] for r in datacite["rightsList"]]
    assert "Licence Ouverte / Open Licence version 2.0" in rights
    assert any("reproduced exactly as published" in r for r in rights)


def test_no_doi_is_invented(released: Path) -> None:
    """No DOI exists yet: no field gives one."""
    for path in (ROOT / "CITATION.cff", ROOT / ".zenodo.json", released / NAME / "datacite.json"):
        text = path.read_text(encoding="utf-8").lower()
        assert "doi" not in text.replace("doi.org", "") or '"doi"' not in text, path
        assert "10.5281" not in text and "doi:" not in text and '"doi"' not in text, path
