"""Every output of the release is registered once, with what the descriptor says of it, and
what it links to is itself an output."""

from __future__ import annotations

from declaration import registry
from declaration.build import load_all, release_files
from declaration.output import Corpus
from declaration.package import PATH


def test_each_output_has_its_own_path_and_name() -> None:
    paths = [output.path for output in registry.OUTPUTS]
    names = [output.name for output in registry.OUTPUTS]
    assert len(set(paths)) == len(paths) and len(set(names)) == len(names)


def test_links_and_table_schemas_name_registered_outputs() -> None:
    for output in registry.OUTPUTS:
        targets = [*output.links.values(), *([output.table_schema] if output.table_schema else [])]
        for target in targets:
            assert target in registry.BY_PATH, (output.path, target)


def test_the_build_writes_exactly_the_registered_outputs_and_the_descriptor() -> None:
    files = release_files(*load_all())
    corpus_only = {o.path for o in registry.OUTPUTS if o.corpus_only}
    assert set(files) == {*registry.BY_PATH, PATH} - corpus_only


def test_a_corpus_has_each_declarations_files_under_its_key_and_the_others_once() -> None:
    decl, dataset = load_all()
    files = release_files(Corpus([decl]), dataset)
    per = {registry.member_path(o.path, decl.id) for o in registry.PER_DECLARATION}
    once = {o.path for o in registry.OUTPUTS if not o.per_declaration}
    assert set(files) == per | once | {PATH}
    for path in per:
        found = registry.output(path)
        assert found is not None and found.path == path and found.name.startswith(decl.id)


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
    written: dict[str, bytes] = {}
    for output in registry.OUTPUTS:
        if output.corpus_only:
            continue
        so_far = _WrittenSoFar(written, output.path)
        if output.write is not None:
            written[output.path] = output.write(decl, so_far)
        else:
            assert output.write_with_dataset is not None, output.path
            written[output.path] = output.write_with_dataset(decl, dataset, so_far)
