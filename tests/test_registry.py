"""Every output of the release is registered once, with what the descriptor says of it, and
what it links to is itself an output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from declaration import registry
from declaration.descriptor import PATH
from declaration.release import Declarations, Release, member_path
from declaration.source import load_all, load_release


def test_each_output_has_its_own_path_and_name() -> None:
    paths = [output.path for output in registry.OUTPUTS]
    names = [output.name for output in registry.OUTPUTS]
    assert len(set(paths)) == len(paths) and len(set(names)) == len(names)


def test_links_and_table_schemas_name_registered_outputs() -> None:
    for output in registry.OUTPUTS:
        targets = [*output.links.values(), *([output.table_schema] if output.table_schema else [])]
        for target in targets:
            assert target in registry.BY_PATH, (output.path, target)


def test_the_build_writes_exactly_the_registered_outputs_of_its_stages() -> None:
    files = registry.write(load_release())
    built = {o.path for o in registry.OUTPUTS if o.stage in registry.BUILD and not o.corpus_only}
    assert set(files) == built and PATH in files


def test_a_corpus_has_each_declarations_files_under_its_key_and_the_others_once() -> None:
    decl, dataset = load_all()
    files = registry.write(Release.corpus(Declarations([decl]), dataset))
    per = {member_path(o.path, decl.id) for o in registry.PER_DECLARATION}
    once = {o.path for o in registry.OUTPUTS if not o.per_declaration and o.stage in registry.BUILD}
    assert set(files) == per | once
    for path in per:
        found = registry.find(path)
        assert found is not None and found[1] == decl.id
        assert found[0].resource_name(found[1]).startswith(decl.id)


class _WrittenSoFar(dict):  # type: ignore[type-arg]
    """The files written before ``reader``: asking for a later one fails."""

    def __init__(self, written: dict[str, bytes], reader: str) -> None:
        super().__init__(written)
        self.reader = reader

    def __getitem__(self, key: str) -> bytes:
        assert key in self, f"{self.reader} reads {key}, which is written after it"
        return bytes(super().__getitem__(key))


def test_an_output_reads_only_what_was_written_before_it(decl) -> None:  # type: ignore[no-untyped-def]
    _, dataset = load_all()
    release = Release.of(decl, dataset)
    written: dict[str, bytes] = {}
    for output in registry.OUTPUTS:
        if output.corpus_only:
            continue
        so_far = _WrittenSoFar(written, output.path)
        written[output.path] = output.write(decl if output.per_declaration else release, so_far)


def _files_of(release: Release, stages: frozenset[str]) -> list[tuple[registry.Output, str]]:
    """Every file the release has of the outputs of ``stages``, with its output."""
    found = []
    for out in registry.OUTPUTS:
        if out.stage in stages and release.has(out):
            keys = release.ids if out.per_declaration else ("",)
            found += [(out, release.path(out.path, key) if key else out.path) for key in keys]
    return found


@pytest.mark.parametrize("kind", ["declaration", "corpus"])
def test_every_output_is_in_every_loop(
    kind: str, released: Path, published_corpus: Path, tmp_path: Path
) -> None:
    """Each output of a published release is in the README's file table, the descriptor, the
    DCAT catalogue, the site's downloads and schema.org data, the server's media types and
    (a record) its content negotiation, and the validator compares it."""
    from declaration.validate import validate

    root = released if kind == "declaration" else published_corpus
    source = None if kind == "declaration" else published_corpus.parent / "source"
    release = load_release(source)
    bundle = next(p for p in root.iterdir() if p.is_dir() and p.name not in ("site", "w3id"))
    readme = (bundle / "README.md").read_text(encoding="utf-8")
    described = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"] for r in described["resources"] + described.get("typedCopies", [])}
    catalog = (root / "site" / "catalog.ttl").read_text(encoding="utf-8")
    page = (root / "site" / "index.html").read_text(encoding="utf-8")
    rules = (root / "site" / ".htaccess").read_text(encoding="utf-8")
    compared = {name for name, contract in validate(bundle).checked if contract == "agreement"}
    for out, path in _files_of(release, registry.BUNDLE):
        shown = release.path(out.path, "<key>") if out.per_declaration else out.path
        assert f"| `{shown}` | {out.description} |" in readme, path
        if out.stage in ("data", "schema"):
            assert path in listed, path
        assert f"/distribution/{path}>" in catalog, path
        assert f'<a href="{path}">{path}</a></td><td>{out.mediatype}</td>' in page, path
        assert (
            f'"contentUrl": "{release.dataset.base_iri}/{path}",\n  "encodingFormat": "{out.mediatype}"'
            in page.replace("\n   ", "\n  ")
        ), path
        typed = f"AddType {out.mediatype} .{out.path.rsplit('.', 1)[-1]}" in rules
        assert typed or f"ForceType {out.mediatype}" in rules, path
        if out.accept is not None:
            assert f"RewriteCond %{{HTTP_ACCEPT}} {out.accept}\nRewriteRule" in rules, path
            assert f" /{path} [R=303" in rules, path
        if out.name != "sha256sums":  # compared line by line (``checksums``)
            assert path in compared, path
