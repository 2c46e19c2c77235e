"""metadata.toml: every bad value is a located, typed error."""

from __future__ import annotations

import re

import pytest

from declaration.errors import InputError, MetadataError
from declaration.source import load

# (edit of the TOML text, code, where: the text the error points at in the edited file)
BAD_METADATA = {
    "not-toml": (
        lambda t: t.replace('place = "Paris"', 'place = "Paris'),
        "metadata-toml",
        "\nlanguage = ",
    ),
    "missing-title": (
        lambda t: t.replace('title = "Déclaration conjointe entre', 'titre = "'),
        "metadata-missing",
        "[declaration]",
    ),
    "unknown-key": (
        lambda t: t.replace('place = "Paris"', 'place = "Paris"\nlieu = "Paris"'),
        "metadata-unknown-key",
        "lieu =",
    ),
    "missing-place": (
        lambda t: t.replace('place = "Paris"\n', ""),
        "metadata-missing",
        "[declaration]",
    ),
    "missing-table": (
        lambda t: t.replace("[publisher]", "[editeur]"),
        "metadata-missing",
        "# Curated",
    ),
    "bad-date": (
        lambda t: t.replace("date = 2024-05-06", 'date = "2024-13-06"'),
        "metadata-date",
        'date = "2024-13-06"',
    ),
    "unknown-language": (
        lambda t: t.replace('language = "fra"', 'language = "frx"'),
        "metadata-language",
        "language =",
    ),
    "bibliographic-language": (
        lambda t: t.replace('language = "fra"', 'language = "fre"'),
        "metadata-language",
        "language =",
    ),
    "two-letter-language": (
        lambda t: t.replace('language = "fra"', 'language = "fr"'),
        "metadata-language",
        "language =",
    ),
    "ftp-url": (
        lambda t: t.replace(
            'url = "https://www.elysee.fr/emmanuel', 'url = "ftp://www.elysee.fr/emmanuel'
        ),
        "metadata-url",
        'url = "ftp:',
    ),
    "not-a-url": (
        lambda t: t.replace('url = "https://www.elysee.fr/"', 'url = "www.elysee.fr"'),
        "metadata-url",
        'url = "www.',
    ),
    "bad-wikidata": (
        lambda t: t.replace('wikidata = "Q148"', 'wikidata = "148"'),
        "metadata-invalid",
        'wikidata = "148"',
    ),
    "bad-hash-shape": (
        lambda t: t.replace('sha256 = "a791', 'sha256 = "z791'),
        "metadata-invalid",
        "sha256 =",
    ),
    "site-url-with-a-query": (
        lambda t: t.replace(
            "\n[dataset.license]", '\nsite_url = "https://example.org/?a"\n[dataset.license]'
        ),
        "metadata-url",
        "site_url =",
    ),
    "site-url-inside-the-base-iri": (
        lambda t: t.replace(
            "\n[dataset.license]",
            '\nsite_url = "https://w3id.org/fr-cn-ai-2024/site"\n[dataset.license]',
        ),
        "metadata-url",
        "site_url =",
    ),
    "site-url-without-a-w3id-base-iri": (
        lambda t: t.replace(
            'base_iri = "https://w3id.org/fr-cn-ai-2024"', 'base_iri = "https://example.org/ai"'
        ).replace("\n[dataset.license]", '\nsite_url = "https://example.net"\n[dataset.license]'),
        "metadata-url",
        "site_url =",
    ),
    # strict values: a TOML boolean and dates, never a string or a number coerced
    **{
        f"legally-binding-{name}": (
            lambda t, value=value: t.replace(
                "legally_binding = false", f"legally_binding = {value}"
            ),
            "metadata-invalid",
            "legally_binding =",
        )
        for name, value in (("string", '"false"'), ("zero", "0"), ("one", "1"), ("list", "[]"))
    },
    "date-as-a-string": (
        lambda t: t.replace("date = 2024-05-06", 'date = "2024-05-06"'),
        "metadata-date",
        'date = "2024-05-06"',
    ),
    "created-as-a-string": (
        lambda t: re.sub(r"^created = (\S+)$", r'created = "\1"', t, flags=re.M),
        "metadata-date",
        "created =",
    ),
    # names a file system holds: the bundle's folder and zip, each declaration's files
    "a-name-too-long-for-a-file": (
        lambda t: t.replace('name = "declaration-france-chine-ia-2024"', f'name = "{"a" * 201}"'),
        "metadata-invalid",
        "name =",
    ),
    "a-number-too-long-for-a-file": (
        lambda t: t.replace('number = "ia-gouvernance-enjeux-globaux"', f'number = "{"n" * 201}"'),
        "metadata-invalid",
        "number =",
    ),
    # what Apache's rewrite rules would read as a back-reference or an escape
    **{
        f"site-url-with-{name}": (
            lambda t, char=char: t.replace(
                "\n[dataset.license]",
                f'\nsite_url = "https://example.org/a{char}1"\n[dataset.license]',
            ),
            "metadata-url",
            "site_url =",
        )
        for name, char in (("a-dollar", "$"), ("a-percent", "%"), ("a-backslash", "\\\\"))
    },
    "hash-mismatch": (
        lambda t: t.replace('sha256 = "a791', 'sha256 = "b791'),
        "source-hash",
        "sha256 =",
    ),
}


def position_of(text: str, anchor: str) -> tuple[int, int]:
    """1-based line and column of the first character of ``anchor`` (a leading newline: the line's end)."""
    offset = text.index(anchor)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.mark.parametrize("case", sorted(BAD_METADATA))
def test_bad_metadata_gives_a_located_typed_error(source_copy, case) -> None:
    edit, code, anchor = BAD_METADATA[case]
    directory = source_copy(metadata=edit)
    line, column = position_of((directory / "metadata.toml").read_text(encoding="utf-8"), anchor)
    with pytest.raises(MetadataError) as caught:
        load(directory)
    error = caught.value
    assert error.location.path == str(directory / "metadata.toml")
    assert (error.code, error.location.line, error.location.column) == (code, line, column), (
        error.render()
    )


def test_metadata_that_is_not_utf8_is_refused(source_copy) -> None:
    directory = source_copy()
    (directory / "metadata.toml").write_bytes(b'[dataset]\nname = "\xff"\n')
    with pytest.raises(MetadataError) as caught:
        load(directory)
    assert (caught.value.code, caught.value.location.line) == ("metadata-encoding", 2)


def test_a_missing_source_file_is_named(source_copy) -> None:
    directory = source_copy(metadata=lambda t: t.replace('file = "elysee-', 'file = "absent-'))
    with pytest.raises(InputError) as caught:
        load(directory)
    assert caught.value.code == "missing-file"
    assert caught.value.location.path.endswith(
        "absent-2024-05-06-declaration-conjointe-france-chine-ia.txt"
    )


def test_the_embedded_metadata_records_the_verified_facts() -> None:
    decl = load()
    assert decl.date.isoformat() == "2024-05-06"
    assert (decl.place, decl.language, decl.legally_binding) == ("Paris", "fra", False)
    assert [(p.id, p.wikidata, p.head_of_state.wikidata) for p in decl.parties] == [
        ("republique-francaise", "Q142", "Q3052772"),
        ("republique-populaire-de-chine", "Q148", "Q15031"),
    ]
    assert (
        decl.work_uri
        == "/akn/fr/statement/jointDeclaration/2024-05-06/ia-gouvernance-enjeux-globaux"
    )
    assert decl.expression_uri.endswith("/fra@2024-05-06")
