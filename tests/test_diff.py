"""``declaration diff``: what changed between two releases, record by record, the version
change it calls for, and ``build --previous`` refusing a version too low for it."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from declaration.commands import build, publish
from declaration.diff import at_least, compare, open_side, required_version
from declaration.diff.render import markdown
from declaration.errors import InputError
from declaration.source import default_source_dir
from tests.conftest import NAME, SOURCE_FILE, run_cli

DECLARATION = "fr-2024-05-06-ia-gouvernance-enjeux-globaux"


def _changed_text() -> str:
    """The published text with one word of point 3 corrected and point 10 removed."""
    text = (default_source_dir() / SOURCE_FILE).read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if not b.startswith("10. ")]
    changed = "\n\n".join(blocks)
    assert "tirer pleinement partie" in changed
    return changed.replace("tirer pleinement partie", "tirer pleinement parti", 1)


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two published releases: the real one, and one whose source differs in one paragraph's
    text, one entity's Wikidata id and a removed paragraph (with the one entity only it
    names), and whose bundle's paragraphs Table Schema has one more field."""
    import hashlib

    root = tmp_path_factory.mktemp("versions")
    publish(None, root / "old")
    source = root / "source"
    shutil.copytree(default_source_dir(), source)
    text = _changed_text().encode("utf-8")
    old_hash = hashlib.sha256((default_source_dir() / SOURCE_FILE).read_bytes()).hexdigest()
    (source / SOURCE_FILE).write_bytes(text)
    meta = (source / "metadata.toml").read_text(encoding="utf-8")
    meta = meta.replace(old_hash, hashlib.sha256(text).hexdigest())
    meta = meta.replace('version = "0.1.0"', 'version = "1.0.0"')
    (source / "metadata.toml").write_text(meta, encoding="utf-8")
    entities = (source / "entities.toml").read_text(encoding="utf-8").replace('"Q7809"', '"Q7808"')
    # the one entity only point 10 names goes with it (the build refuses an unused entity)
    only_in_10 = '[[entities]]\nid = "travail-et-emploi"\nkind = "concept"\nlabel = "travail et emploi"\nforms = ["travail", "emploi"]\n\n'
    assert only_in_10 in entities
    (source / "entities.toml").write_text(entities.replace(only_in_10, ""), encoding="utf-8")
    shutil.copy(default_source_dir().parent / "CHANGELOG.md", source / "CHANGELOG.md")
    publish(source, root / "new")
    new = next(p for p in (root / "new").iterdir() if p.is_dir() and p.name != "site")
    schema_path = new / "schemas" / "paragraphs.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["fields"].append({"name": "note", "type": "string"})
    schema_path.write_text(
        json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return root / "old" / NAME, new


def test_a_release_compared_with_itself_is_the_same_content(released: Path) -> None:
    bundle = released / NAME
    for other in (bundle, released / f"{NAME}.zip", default_source_dir()):
        found = compare(open_side(bundle), open_side(other))
        assert found.identical and found.changes == (), found.changes
    assert run_cli("diff", bundle, released / f"{NAME}.zip").returncode == 0
    assert markdown(found) == "## 0.1.0\n\nNo change of content since 0.1.0.\n"


def test_the_diff_names_exactly_what_changed_and_the_version_it_calls_for(versions) -> None:
    old, new = versions
    found = compare(open_side(old), open_side(new))
    keys = {
        (c.what, c.key, c.how) for c in found.changes if c.what != "mention" and c.what != "date"
    }
    assert ("paragraph", f"{DECLARATION}#para_3", "changed") in keys
    assert ("paragraph", f"{DECLARATION}#para_10", "removed") in keys
    assert ("entity", "unesco", "changed") in keys
    assert ("entity", "travail-et-emploi", "removed") in keys
    assert ("field", "paragraphs.note", "added") in keys
    assert ("dataset", "version", "changed") in keys
    text = next(c for c in found.changes if c.key == f"{DECLARATION}#para_3")
    # the one character removed, with its context
    assert text.detail == "text: …e tirer pleinement parti[-e-]{++} des opportunités offert…"
    wikidata = next(c for c in found.changes if c.key == "unesco")
    assert wikidata.detail == "wikidata: Q7809 → Q7808" and wikidata.level == "patch"
    # nothing else: the other paragraphs, entities and schemas are unchanged; the source's
    # hash is that of the new text
    others = {k for k in keys if k[0] in ("paragraph", "entity", "field", "table", "declaration")}
    assert others == {
        ("paragraph", f"{DECLARATION}#para_3", "changed"),
        ("paragraph", f"{DECLARATION}#para_10", "removed"),
        ("entity", "unesco", "changed"),
        ("entity", "travail-et-emploi", "removed"),
        ("field", "paragraphs.note", "added"),
        ("declaration", DECLARATION, "changed"),
    }
    (source,) = [c for c in found.changes if c.what == "declaration"]
    assert source.detail.startswith("source.sha256: a791a9dc")
    # the mentions and dates of the removed point are removed; those after the corrected
    # word in point 3 moved, and are changes, not removals
    removed = [c for c in found.changes if c.how == "removed" and c.what in ("mention", "date")]
    assert removed and all("#para_10@" in c.key for c in removed)
    moved = [c for c in found.changes if c.what == "mention" and c.how == "changed"]
    assert moved and all("#para_3@" in c.key and "moved to" in c.detail for c in moved)
    assert found.level == "major"  # a removed paragraph
    assert required_version("0.1.0", found.level) == "1.0.0"


def test_diff_prints_text_json_and_markdown_with_exit_codes(versions, tmp_path) -> None:
    old, new = versions
    ran = run_cli("diff", old, new)
    assert ran.returncode == 1
    assert "a major change (a version of at least 1.0.0 from 0.1.0)" in ran.stdout.splitlines()[0]
    as_json = json.loads(run_cli("diff", "--format", "json", old, new).stdout)
    assert as_json["level"] == "major" and not as_json["identical"]
    md = run_cli("diff", "--format", "markdown", old, new).stdout
    assert md.startswith("## 1.0.0\n\nA **major** change since 0.1.0.\n")
    assert "### Removed" in md and "### Added" in md and "### Changed" in md
    assert f"- paragraph `{DECLARATION}#para_10`" in md
    assert run_cli("diff", old, tmp_path / "missing").returncode == 2


def test_zip_timestamps_are_not_differences(released: Path, tmp_path: Path) -> None:
    """The same files in a zip written at another time: the same release."""
    source = released / f"{NAME}.zip"
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(source) as read, zipfile.ZipFile(other, "w") as write:
        for info in read.infolist():
            info.date_time = (2030, 1, 2, 3, 4, 6)
            write.writestr(info, read.read(info))
    assert source.read_bytes() != other.read_bytes()
    assert compare(open_side(source), open_side(other)).identical


def test_an_unreadable_side_is_one_located_error(released: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "b"
    shutil.copytree(released / NAME, bundle)
    for name in ("declaration.jsonld", "declaration.fra.akn.xml", "paragraphs.csv"):
        (bundle / "data" / name).write_bytes(b"broken")
    with pytest.raises(InputError) as raised:
        open_side(bundle)
    assert raised.value.code == "diff-input"
    ran = run_cli("diff", bundle, released / NAME)
    assert ran.returncode == 2 and ran.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("old", "new", "level", "ok"),
    [
        ("0.1.0", "0.1.1", "patch", True),
        ("0.1.0", "0.1.0", "patch", False),
        ("0.1.0", "0.2.0", "minor", True),
        ("0.1.5", "0.1.9", "minor", False),
        ("0.9.0", "1.0.0", "major", True),
        ("1.2.3", "1.9.0", "major", False),
        ("1.2.3", "2.0.0-rc.1", "major", False),
        ("1.2.3", "1.2.3", None, True),
    ],
)
def test_the_version_a_change_calls_for(old: str, new: str, level, ok: bool) -> None:
    assert at_least(new, required_version(old, level)) is ok


def test_build_refuses_a_version_lower_than_the_changes_call_for(
    released: Path, source_copy: Callable[..., Path], tmp_path: Path
) -> None:
    """A corrected word is a patch: the same version is refused, the next patch accepted."""
    old = released / NAME
    text = (default_source_dir() / SOURCE_FILE).read_text(encoding="utf-8")
    text = text.replace("tirer pleinement partie", "tirer pleinement parti", 1)
    same = source_copy(text=text)
    with pytest.raises(InputError) as raised:
        build(same, tmp_path / "out", old)
    assert raised.value.code == "version-too-low"
    assert "the changes since 0.1.0 are patch" in raised.value.message
    assert "expected at least 0.1.1" in raised.value.message
    assert raised.value.location.path.endswith("metadata.toml")
    lines = (same / "metadata.toml").read_text(encoding="utf-8").splitlines()
    assert raised.value.location.line == lines.index('version = "0.1.0"') + 1  # its line
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    ran = run_cli("build", same, "--out", tmp_path / "out", "--previous", old)
    assert ran.returncode == 2 and "error[version-too-low]" in ran.stderr
    patched = source_copy(
        text=text, metadata=lambda m: m.replace('version = "0.1.0"', 'version = "0.1.1"')
    )
    assert build(patched, tmp_path / "out", old)
