"""The bundle's documents for people: ``README.md`` (what the files hold, how to load and
check them), ``CITATION.cff``, ``CHANGELOG.md``, ``LICENSE`` and ``SHA256SUMS``.

The README's file table and its examples are what the outputs say of themselves
(:func:`readme_output` is given them); the citation is one value (:func:`citation`) that
both ``CITATION.cff`` and the site render.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from declaration.formats.bundle.template import KEYWORD_SEPARATOR, fill, template, unfill
from declaration.output import Output
from declaration.spool import digest

if TYPE_CHECKING:
    from declaration.metadata import DatasetMeta
    from declaration.release import Release

__all__ = [
    "KEYWORD_SEPARATOR",
    "OUTPUTS",
    "Citation",
    "citation",
    "examples",
    "parts",
    "readme_output",
    "template",
    "unfill",
]

README, LICENSE, CITATION, CHANGELOG, SUMS = (
    "README.md",
    "LICENSE",
    "CITATION.cff",
    "CHANGELOG.md",
    "SHA256SUMS",
)


def _dataset(release: Release) -> DatasetMeta:
    assert release.dataset is not None  # the registry writes these only when it is known
    return release.dataset


# ------------------------------------------------------------------- the citation


@dataclass(frozen=True, slots=True)
class Citation:
    """How to cite the dataset: its authors, year, title, version and address."""

    authors: str
    year: str
    title: str
    version: str
    url: str

    @property
    def reference(self) -> str:
        return f"{self.authors} ({self.year}). {self.title}. Version {self.version}. {self.url}"

    @property
    def bibtex(self) -> str:
        key = "".join(c if c.isascii() and c.isalnum() else "-" for c in self.authors.lower())
        key = "-".join(filter(None, f"{key}-{self.year}".split("-")))
        return (
            f"@misc{{{key},\n  author = {{{{{self.authors}}}}},\n  title = {{{self.title}}},\n"
            f"  year = {{{self.year}}},\n  version = {{{self.version}}},\n  url = {{{self.url}}}\n}}"
        )


def citation(dataset: DatasetMeta) -> Citation:
    return Citation(
        f"{dataset.name} contributors",
        str(dataset.created.year),
        dataset.title,
        dataset.version,
        dataset.homepage,
    )


def citation_text(dataset: DatasetMeta) -> str:
    return (
        f"{dataset.name} contributors ({dataset.created.year}). *{dataset.title}* "
        f"(version {dataset.version}) [Data set]. {dataset.homepage}"
    )


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def citation_cff(release: Release, _: Mapping[str, bytes]) -> bytes:
    """The citation: the dataset, and among its references each declaration's publication."""
    dataset, quote, cited = _dataset(release), _quote, citation(_dataset(release))
    keywords = "".join(f"  - {quote(k)}\n" for k in dataset.keywords)
    references = "".join(
        "  - type: generic\n"
        f"    title: {quote(decl.title)}\n"
        "    authors:\n"
        f"      - name: {quote(decl.publisher.name)}\n"
        f"    date-published: {quote(decl.date.isoformat())}\n"
        f"    url: {quote(decl.source.url)}\n"
        for decl in release
    )
    return (
        "cff-version: 1.2.0\n"
        "message: If you use this dataset, please cite it as below.\n"
        "type: dataset\n"
        f"title: {quote(cited.title)}\n"
        f"version: {quote(cited.version)}\n"
        f"date-released: {quote(dataset.created.date().isoformat())}\n"
        f"license: {dataset.license.id}\n"
        f"license-url: {quote(dataset.license.url)}\n"
        f"url: {quote(cited.url)}\n"
        f"abstract: {quote(dataset.description)}\n"
        "authors:\n"
        f"  - name: {quote(cited.authors)}\n"
        "keywords:\n"
        f"{keywords}"
        "references:\n"
        f"{references}"
    ).encode()


def _citation_facts(__: Release, data: bytes) -> dict[str, Any]:
    """The dataset facts of a ``CITATION.cff`` as :func:`bundle.citation_cff` writes it."""
    facts: dict[str, Any] = {}
    keys = {
        "title": "title",
        "abstract": "description",
        "license": "license_id",
        "license-url": "license_url",
        "url": "homepage",
    }
    section, keywords = "", []
    for line in data.decode("utf-8", errors="replace").splitlines():
        if not line.startswith(" "):
            section = line.split(":", 1)[0]
            key, _, value = line.partition(": ")
            if key in keys and value:
                facts[keys[key]] = _unquote(value)
        elif section == "keywords" and line.startswith("  - "):
            keywords.append(_unquote(line[4:]))
        elif section == "authors" and line.startswith("  - name: "):
            facts["name"] = _unquote(line[10:]).removesuffix(" contributors")
    if keywords:
        facts["keywords"] = tuple(keywords)
    return facts


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value


def _from_template(text: str, data: bytes) -> dict[str, Any]:
    """The dataset facts of a bundle file written from the template ``text``."""
    values = unfill(text, data.decode("utf-8", errors="replace"))
    if values is None:
        return {}
    facts: dict[str, Any] = {
        key: values[key]
        for key in (
            "title",
            "name",
            "description",
            "license_title",
            "license_id",
            "license_url",
            "code_license",
        )
        if key in values
    }
    if "keywords" in values:
        facts["keywords"] = tuple(values["keywords"].split(KEYWORD_SEPARATOR))
    if "citation" in values:
        facts["homepage"] = values["citation"].rsplit(" ", 1)[-1]
    return facts


# ------------------------------------------------------------------- README and LICENSE


def values(release: Release) -> dict[str, str]:
    """What the templates are filled with: the dataset facts and the declarations'."""
    dataset, decl = _dataset(release), release.first
    return {
        "count": str(len(release)),
        "attributions": "\n".join(
            f"- {d.id}: {d.publisher.name} ({d.publisher.url}), {d.source.url}" for d in release
        ),
        "title": dataset.title,
        "description": dataset.description,
        "keywords": KEYWORD_SEPARATOR.join(dataset.keywords),
        "name": dataset.name,
        "version": dataset.version,
        "source": decl.source.url,
        "publisher": decl.publisher.name,
        "publisher_url": decl.publisher.url,
        "citation": citation_text(dataset),
        "license_title": dataset.license.title,
        "license_id": dataset.license.id,
        "license_url": dataset.license.url,
        "code_license": dataset.code_license,
    }


def _as_written(release: Release, outputs: Sequence[Output], code: str) -> str:
    """An example's code with the paths of one declaration's files those of the release's
    first declaration."""
    for out in outputs:
        if out.per_declaration:
            code = code.replace(out.path, release.path(out.path, release.first.id))
    return code


def _files(release: Release, outputs: Sequence[Output]) -> str:
    """The README's file table: a row per output of the release, as it describes itself."""
    rows = []
    order: tuple[str, ...] = ("data", "schema", "descriptor", "document")
    for out in sorted(outputs, key=lambda o: order.index(o.stage) if o.stage in order else 9):
        if out.stage not in order or not release.has(out):
            continue
        path = release.path(out.path, "<key>") if out.per_declaration else out.path
        rows.append(f"| `{path}` | {out.description} |")
    return "\n".join(rows)


def examples(release: Release, outputs: Sequence[Output]) -> list[tuple[str, str, str]]:
    """How to load the files: each output's examples, in the outputs' order, as (what it
    shows, language, code with the release's paths)."""
    return [
        (example.what, example.language, _as_written(release, outputs, example.code))
        for out in outputs
        for example in out.examples
    ]


def _examples(release: Release, outputs: Sequence[Output]) -> str:
    return "\n".join(
        f"{what}\n\n```{language}\n{code}```\n"
        for what, language, code in examples(release, outputs)
    )


def _signature(release: Release) -> str:
    """How to verify the signature of a signed release (nothing for one not signed)."""
    if not release.signer:
        return ""
    from declaration import signing

    principal, key = signing.parse_line(release.signer)
    return f"""## Verify its signature

The release is signed: `{signing.PATH}` is an OpenSSH signature (`sshsig`, Ed25519, namespace
`{signing.NAMESPACE}`) of `{signing.SIGNED}`, which gives the SHA-256 of every other file.
The key that signed it ({key.fingerprint}), as a line of an `allowed_signers` file:

```text
{release.signer}
```

Trust it only if the same line is published in the project's repository
(`keys/allowed_signers`) or on its site (`allowed_signers`): a copy that travels with the
files proves nothing. Save that line as `allowed_signers`; then, with OpenSSH and coreutils
only:

```sh
{signing.verify_command(principal)}
```

or `declaration validate --trusted-signers allowed_signers .`, which also refuses any file
that departs from what the records derive.

"""


def parts(release: Release, outputs: Sequence[Output]) -> dict[str, str]:
    """What the README template holds that no dataset fact fills."""
    return {
        "files": _files(release, outputs),
        "examples": _examples(release, outputs),
        "signature": _signature(release),
    }


def readme_output(outputs: Callable[[], Sequence[Output]]) -> Output:
    """``README.md``, whose file table and examples are those of ``outputs()`` (every output
    of the release, this one included)."""

    def text(release: Release) -> str:
        return template("bundle-README.md", release.kind, parts(release, outputs()))

    def write(release: Release, _: Mapping[str, bytes]) -> bytes:
        return fill(text(release), values(release)).encode("utf-8")

    def facts(release: Release, data: bytes) -> dict[str, Any]:
        return _from_template(text(release), data)

    return Output(
        README,
        "readme",
        "How to load the dataset and check it in CI.",
        "md",
        "text/markdown",
        "TXT",
        "document",
        write,
        needs_dataset=True,
        facts=facts,
    )


def _license_facts(release: Release, data: bytes) -> dict[str, Any]:
    return _from_template(template("bundle-LICENSE.txt", release.kind), data)


def _license(release: Release, _: Mapping[str, bytes]) -> bytes:
    return fill(template("bundle-LICENSE.txt", release.kind), values(release)).encode("utf-8")


def sha256sums(_: Release, files: Mapping[str, bytes]) -> bytes:
    return "".join(f"{digest(files, path)[1]}  {path}\n" for path in sorted(files)).encode()


def _changelog(release: Release, _: Mapping[str, bytes]) -> bytes:
    return release.changelog


OUTPUTS = (
    Output(
        CITATION,
        "citation",
        "How to cite the dataset (Citation File Format).",
        "cff",
        "text/plain",
        "TXT",
        "document",
        citation_cff,
        needs_dataset=True,
        facts=_citation_facts,
    ),
    Output(
        CHANGELOG,
        "changelog",
        "What changed, release by release.",
        "md",
        "text/markdown",
        "TXT",
        "document",
        _changelog,
        needs_dataset=True,
    ),
    Output(
        LICENSE,
        "license",
        "The licences of the data and of the code.",
        "txt",
        "text/plain",
        "TXT",
        "document",
        _license,
        needs_dataset=True,
        facts=_license_facts,
    ),
)
# written last: the SHA-256 of every file before it
SUMS_OUTPUT = Output(
    SUMS,
    "sha256sums",
    "The SHA-256 of every file of the bundle (`sha256sum -c SHA256SUMS`).",
    "txt",
    "text/plain",
    "TXT",
    "document",
    sha256sums,
    needs_dataset=True,
)
