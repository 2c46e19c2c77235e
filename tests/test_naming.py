"""Which file the validator names when the evidence is thin: a descriptor that drops
resources while a record is edited, and a consistent forgery of every record that only the
checksums betray."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from declaration.validate import validate
from declaration.validate.formats import render
from tests.conftest import NAME, ROOT
from tests.mutations import redescribe

SOURCE_TEXT = "elysee-2024-05-06-declaration-conjointe-france-chine-ia.txt"


@pytest.fixture
def bundle(tmp_path: Path, released: Path) -> Path:
    target = tmp_path / NAME
    shutil.copytree(released / NAME, target)
    return target


# (the file edited, the bytes replaced, by what): a record of each kind
EDITS = [
    ("data/paragraphs.csv", b"coop", b"COOP"),
    ("data/declaration.jsonld", b"Q7809", b"Q7808"),
    ("data/declaration.fra.akn.xml", b"coop", b"COOP"),
    ("data/entities.jsonl", b"Q7809", b"Q7808"),
]


@pytest.mark.parametrize(("edited", "old", "new"), EDITS, ids=[e[0] for e in EDITS])
def test_an_edited_record_is_named_whatever_resources_the_descriptor_drops(
    bundle: Path, edited: str, old: bytes, new: bytes
) -> None:
    """The descriptor keeps one table of the data (not the edited file), its typed copies
    gone, every file re-hashed: the edited file is named as departing, and the resources
    dropped are one problem that lists them."""
    path = bundle / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    kept = "data/declarations.csv"
    dropped = [r["path"] for r in descriptor["resources"] if r["path"].startswith("data/")]
    dropped.remove(kept)
    descriptor["resources"] = [r for r in descriptor["resources"] if r["path"] not in dropped]
    del descriptor["typedCopies"]
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", "utf-8")
    target = bundle / edited
    data = target.read_bytes().replace(old, new, 1)
    assert data != target.read_bytes()
    target.write_bytes(data)
    redescribe(bundle)
    problems = validate(bundle).problems
    named = {p.file for p in problems if p.cause is None}
    assert edited in named
    listing = [p for p in problems if p.pointer == "/resources"]
    assert len(listing) == 1 and all(name in listing[0].message for name in dropped)


def _forged(tmp_path: Path) -> Path:
    """A release built from a source with one word changed (its metadata's SHA-256 made
    to match): every record and derived file consistent with each other."""
    from declaration.commands import publish

    source = tmp_path / "forged" / "source"
    shutil.copytree(ROOT / "source", source)
    shutil.copy(ROOT / "CHANGELOG.md", source.parent / "CHANGELOG.md")
    text = (source / SOURCE_TEXT).read_bytes().replace(b"approfondir", b"abandonner", 1)
    (source / SOURCE_TEXT).write_bytes(text)
    metadata = source / "metadata.toml"
    digest = hashlib.sha256(text).hexdigest()
    metadata.write_text(
        re.sub(r'sha256 = "[0-9a-f]{64}"', f'sha256 = "{digest}"', metadata.read_text("utf-8")),
        "utf-8",
    )
    publish(source, tmp_path / "forged" / "out")
    return tmp_path / "forged" / "out" / NAME


@pytest.fixture(scope="module")
def forged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _forged(tmp_path_factory.mktemp("forgery"))


@pytest.mark.parametrize("kept", ["both", "descriptor", "SHA256SUMS"])
def test_a_consistent_forgery_is_named_in_each_file_the_checksums_betray(
    tmp_path: Path, released: Path, forged: Path, kept: str
) -> None:
    """Every record of a forged release agrees with the others: when the genuine descriptor
    and SHA256SUMS are both kept, they are two records of the files made apart, and each file
    whose SHA-256 both contradict is named, saying plainly that only the checksums betray it
    (their own problems are its consequences); when only one of them is kept, the other
    agrees with the files, and the one kept is what departs."""
    target = tmp_path / NAME
    shutil.copytree(forged, target)
    genuine = released / NAME
    for name in ("datapackage.json", "SHA256SUMS"):
        if kept in ("both", name.replace("datapackage.json", "descriptor")):
            shutil.copy(genuine / name, target / name)
    report = validate(target)
    assert not report.valid
    changed = sorted(
        str(p.relative_to(target))
        for p in target.rglob("*")
        if p.is_file()
        and p.name not in ("datapackage.json", "SHA256SUMS")
        and p.read_bytes() != (genuine / p.relative_to(target)).read_bytes()
    )
    listed = {
        r["path"] for r in json.loads((genuine / "datapackage.json").read_bytes())["resources"]
    }
    betrayed = {p.file for p in report.problems if p.code == "checksum-only"}
    if kept == "both":
        assert betrayed == {name for name in changed if name.startswith("data/")}
        assert betrayed >= {n for n in changed if n in listed}
        primary = {(p.file, p.code) for p in report.problems if p.cause is None}
        assert {file for file, _ in primary} - betrayed <= {"datapackage.json", "README.md"}
        assert "only the checksums betray" in render([report], "text")
    else:
        assert not betrayed
        wrong = "datapackage.json" if kept == "descriptor" else "SHA256SUMS"
        assert wrong in {p.file for p in report.problems if p.cause is None}
