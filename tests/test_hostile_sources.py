"""No source crashes or stalls the build: every broken source, metadata or gazetteer is one
located line with its code and exit 2; whatever the build accepts, the validator accepts."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from declaration import registry
from declaration.errors import DeclarationError
from declaration.source import default_source_dir, load_all, load_release
from declaration.validate import validate_files
from tests.conftest import ROOT, SOURCE_FILE

Edit = Callable[[str], str]


def _sub(old: str, new: str) -> Edit:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


BASE = 'base_iri = "https://w3id.org/fr-cn-ai-2024"'
TITLE = 'title = "Déclaration conjointe entre'
LABEL = 'label = "Organisation des Nations unies"'
UN_ID = 'id = "nations-unies"'

# (file edited, edit, expected code, file named by the error)
CASES: dict[str, tuple[str, Edit, str, str]] = {
    "array nested 3000 deep": (
        "metadata.toml",
        _sub("keywords = [", "keywords = " + "[" * 3000 + "]" * 3000 + ", ["),
        "metadata-toml",
        "metadata.toml",
    ),
    "inline table nested 3000 deep": (
        "entities.toml",
        lambda t: t + "\nx = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n",
        "metadata-toml",
        "entities.toml",
    ),
    "URL with an escaped newline": (
        "metadata.toml",
        _sub('url = "https://www.elysee.fr/"', 'url = "https://www.elysee.fr/\\n"'),
        "metadata-url",
        "metadata.toml",
    ),
    "URL with a tab": (
        "metadata.toml",
        _sub('url = "https://www.elysee.fr/"', 'url = "https://www.ely\\tsee.fr/"'),
        "metadata-url",
        "metadata.toml",
    ),
    "URL with an upper-case scheme": (
        "metadata.toml",
        _sub('url = "https://www.elysee.fr/"', 'url = "HTTPS://www.elysee.fr/"'),
        "metadata-url",
        "metadata.toml",
    ),
    "a party's Wikidata id that the gazetteer does not give": (
        "metadata.toml",
        _sub('"Q142"', '"Q' + "9" * 40 + '"'),
        "gazetteer-disagrees",
        "entities.toml",
    ),
    "a party named otherwise than in the gazetteer": (
        "metadata.toml",
        _sub('name = "République française"', 'name = "République Française"'),
        "gazetteer-disagrees",
        "entities.toml",
    ),
    "a head of state whose id the gazetteer does not know": (
        "metadata.toml",
        _sub('id = "emmanuel-macron"', 'id = "e-macron"'),
        "gazetteer-disagrees",
        "entities.toml",
    ),
    **{
        f"base IRI with {char!r}": (
            "metadata.toml",
            _sub(BASE, f'base_iri = "https://w3id.org/fr{char}cn"'),
            "metadata-url",
            "metadata.toml",
        )
        for char in ("<", ">", '\\"', "{", "|", "é", "\\u0000", " ", "\\\\")
    },
    "base IRI with a trailing slash": (
        "metadata.toml",
        _sub(BASE, 'base_iri = "https://w3id.org/fr-cn-ai-2024/"'),
        "metadata-url",
        "metadata.toml",
    ),
    "base IRI with a query and a fragment": (
        "metadata.toml",
        _sub(BASE, 'base_iri = "https://w3id.org/fr?q=1#f"'),
        "metadata-url",
        "metadata.toml",
    ),
    **{
        f"title with U+{ord(char):04X}": (
            "metadata.toml",
            _sub(TITLE, f'title = "\\u{ord(char):04X}Déclaration conjointe entre'),
            "metadata-invalid",
            "metadata.toml",
        )
        for char in ("\x00", "\x07", "\r", "\n", "\ufffe", "\x85")
    },
    "place with NUL": (
        "metadata.toml",
        _sub('place = "Paris"', 'place = "Pa\\u0000ris"'),
        "metadata-invalid",
        "metadata.toml",
    ),
    "gazetteer label with NUL": (
        "entities.toml",
        _sub(LABEL, 'label = "Organisation\\u0000"'),
        "metadata-invalid",
        "entities.toml",
    ),
    **{
        f"entity id {name!r}": (
            "entities.toml",
            _sub(UN_ID, f'id = "{name}"'),
            "gazetteer-id-clash",
            "entities.toml",
        )
        for name in ("project", "original", "party", "publisher", "markup")
    },
    "entity with the publisher's id": (
        "entities.toml",
        _sub(UN_ID, 'id = "presidence-de-la-republique"'),
        "gazetteer-id-clash",
        "entities.toml",
    ),
    "a party listed twice": (
        "metadata.toml",
        lambda t: t.replace(
            "[publisher]", re.findall(r"\[\[parties\]\].*?(?=\[\[)", t, re.S)[0] + "[publisher]"
        ),
        "metadata-duplicate-id",
        "metadata.toml",
    ),
    "a party with a reserved id": (
        "metadata.toml",
        _sub('id = "republique-francaise"', 'id = "project"'),
        "metadata-duplicate-id",
        "metadata.toml",
    ),
    "a release date a zip cannot hold": (
        "metadata.toml",
        _sub("created = 2026-11-28T00:00:00Z", "created = 2200-01-01T00:00:00Z"),
        "metadata-date",
        "metadata.toml",
    ),
    "a release date without a time zone": (
        "metadata.toml",
        _sub("created = 2026-11-28T00:00:00Z", "created = 2026-11-28T00:00:00"),
        "metadata-date",
        "metadata.toml",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_source_is_one_located_line(source_copy, case: str) -> None:
    file, edit, code, named = CASES[case]
    directory = source_copy()
    path = directory / file
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DeclarationError) as caught:
        registry.write(load_release(directory))
    error = caught.value
    assert (error.code, Path(error.location.path).name) == (code, named)
    assert error.location.line >= 1 and "\n" not in error.render()
    assert error.exit_code == 2


@pytest.mark.parametrize(
    ("file", "data", "code"),
    [
        ("entities.toml", "utf-16", "metadata-encoding"),
        ("entities.toml", "latin-1", "metadata-encoding"),
        ("metadata.toml", "utf-16", "metadata-encoding"),
        ("metadata.toml", "utf-8-sig", "metadata-encoding"),
    ],
)
def test_a_toml_file_in_another_encoding_is_located(source_copy, file, data, code) -> None:
    directory = source_copy()
    path = directory / file
    path.write_bytes(path.read_text(encoding="utf-8").encode(data, "replace"))
    with pytest.raises(DeclarationError) as caught:
        load_all(directory)
    assert (caught.value.code, caught.value.location.path) == (code, str(path))


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "fifo", "directory"])
@pytest.mark.parametrize("file", [SOURCE_FILE, "metadata.toml", "entities.toml"])
def test_a_special_file_is_refused_before_a_byte_is_read(source_copy, special, file) -> None:
    directory = source_copy()
    path = directory / file
    path.unlink()
    if special == "fifo":
        os.mkfifo(path)  # nobody writes: reading it would hang
    elif special == "directory":
        path.mkdir()
    else:
        if not Path(special).exists():
            pytest.skip(f"{special} is absent on this machine")
        path.symlink_to(special)
    with pytest.raises(DeclarationError) as caught:
        load_all(directory)
    assert (caught.value.code, caught.value.location.path) == ("special-file", str(path))


def test_a_file_over_the_limit_is_refused_without_reading_it_all(source_copy) -> None:
    directory = source_copy()
    path = directory / "entities.toml"
    with path.open("ab") as handle:
        handle.truncate(50_000_000_000)  # sparse: 50 GB that read whole would exhaust memory
    with pytest.raises(DeclarationError) as caught:
        load_all(directory)
    assert caught.value.code == "too-large"


@pytest.mark.parametrize(
    "value", ["7258118400", "9" * 40, "¹700000000", "١٧٠٠٠٠٠٠٠٠", "-5", " 1", ""]
)
def test_a_source_date_epoch_a_zip_cannot_hold_is_one_line(tmp_path: Path, value: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "declaration", "publish", "--out", str(tmp_path)],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "SOURCE_DATE_EPOCH": value},
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.decode().startswith("$SOURCE_DATE_EPOCH:1:1: error[source-date-epoch]")
    assert result.stderr.count(b"\n") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [["build", "--out", "FILE"], ["build", "--bogus"], ["publish", "--out"], ["nonsense"]],
)
def test_usage_errors_are_one_line_in_the_error_format(tmp_path: Path, argv: list[str]) -> None:
    (tmp_path / "FILE").write_text("a file, not a directory\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "declaration", *argv],
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 2
    line = result.stderr.decode()
    assert line.count("\n") == 1 and "Traceback" not in line
    assert re.match(r"^[^:]+:\d+:\d+: error\[(usage|not-a-directory)\]: ", line)


# ---------------------------------------------------------------- mutated sources

HOSTILE = [
    "\x00",
    "\x07",
    "\r",
    "\n",
    "\ufffe",
    "\ufeff",
    "\u2028",
    "\\",
    '"',
    "'",
    "[",
    "]",
    "{",
    "}",
    "=",
    "#",
    "<",
    "&",
    " ",
    "é",
    "𝕏",
    "Q0",
    "1.",
    "\n\n1. ",
    "\n\n",
    "2024-05-06",
    "http://",
]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, int, int, str]:
    file = draw(st.sampled_from([SOURCE_FILE, "metadata.toml", "entities.toml"]))
    size = len((default_source_dir() / file).read_text(encoding="utf-8"))
    start = draw(st.integers(0, size))
    end = draw(st.integers(start, min(size, start + 40)))
    insert = draw(
        st.one_of(
            st.sampled_from(HOSTILE),
            st.text(min_size=0, max_size=6),
            st.just(""),
        )
    )
    return file, start, end, insert


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(mutation=mutations())
def test_a_mutated_source_gives_a_clean_outcome(tmp_path_factory, mutation) -> None:
    """Either one located error with its code, or a release the validator accepts."""
    file, start, end, insert = mutation
    directory = tmp_path_factory.mktemp("mutated") / "source"
    import shutil

    shutil.copytree(default_source_dir(), directory)
    path = directory / file
    text = path.read_text(encoding="utf-8")
    changed = text[:start] + insert + text[end:]
    path.write_bytes(changed.encode("utf-8", "surrogatepass"))
    if file == SOURCE_FILE:  # past the hash check, to reach the parser and the formats
        meta = directory / "metadata.toml"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        meta.write_text(
            re.sub(r'sha256 = "[0-9a-f]{64}"', f'sha256 = "{digest}"', meta.read_text("utf-8")),
            encoding="utf-8",
        )
    try:
        files = registry.write(load_release(directory))
    except DeclarationError as error:
        line = error.render()
        assert "\n" not in line and re.match(r"^.+:\d+:\d+: error\[[a-z0-9-]+\]: ", line)
        assert error.code not in ("model-invalid", "invalid-release"), line
        return
    report = validate_files(files, directory.parent)
    assert report.valid, report.problems[:3]


@pytest.mark.parametrize(
    ("what", "words"),
    [("dates", "le 7 avril 2023"), ("mentions", "la Chine"), ("both", "la Chine le 7 avril 2023")],
)
def test_more_annotations_than_memory_allows_are_one_located_error(
    source_copy, what: str, words: str
) -> None:
    """A text under the size limit that names more dates or entities than a declaration may
    hold is refused at the one that passes the limit, before any record is written."""
    from declaration.enrich import MAX_ANNOTATIONS

    published = (ROOT / "source" / SOURCE_FILE).read_text(encoding="utf-8")
    lines = published.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    lines[index] += " " + " ".join([words] * (MAX_ANNOTATIONS // len(words.split(" la ")) + 1))
    directory = source_copy(text="\n".join(lines))
    with pytest.raises(DeclarationError) as raised:
        load_all(directory)
    error = raised.value
    assert error.code == "too-many-annotations", (what, error)
    assert error.location.path == str(directory / SOURCE_FILE)
    assert error.location.line == index + 1
    line = lines[index]
    assert line[error.location.column - 1 :].startswith(("7 avril", "Chine")), line[:50]
