"""The bundle's documents for people: ``README.md`` (what the files hold, how to load and
check them), ``CITATION.cff``, ``CHANGELOG.md``, ``LICENSE`` and ``SHA256SUMS``.

The README's file table and its examples are what the outputs say of themselves
(:func:`readme_output` is given them); the citation is one value (:func:`citation`) that
both ``CITATION.cff`` and the site render.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from declaration.formats.bundle.citation import (
    Citation,
    citation,
    citation_cff,
    citation_facts,
    citation_text,
    datacite,
    dataset_of,
    repository_cff,
    rights,
    zenodo,
)
from declaration.formats.bundle.template import KEYWORD_SEPARATOR, fill, template, unfill
from declaration.output import Example, Output
from declaration.spool import digest

if TYPE_CHECKING:
    from declaration.release import Release

__all__ = [
    "KEYWORD_SEPARATOR",
    "OUTPUTS",
    "Citation",
    "citation",
    "datacite",
    "examples",
    "parts",
    "readme_output",
    "repository_cff",
    "rights",
    "template",
    "unfill",
    "zenodo",
]

README, LICENSE, CITATION, CHANGELOG, SUMS, DATACITE = (
    "README.md",
    "LICENSE",
    "CITATION.cff",
    "CHANGELOG.md",
    "SHA256SUMS",
    "datacite.json",
)


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
    dataset, decl = dataset_of(release), release.first
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


def examples(release: Release, outputs: Sequence[Output]) -> list[tuple[Example, str]]:
    """How to load the files: each output's examples, in the outputs' order, each with its
    code as the release's paths make it."""
    return [
        (example, _as_written(release, outputs, example.code))
        for out in outputs
        for example in out.examples
    ]


def _examples(release: Release, outputs: Sequence[Output]) -> str:
    return "\n".join(
        f"{example.what}\n\n```{example.language}\n{code}```\n"
        for example, code in examples(release, outputs)
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
        # the facts only: the parts are read as any text (the README written again from the
        # reference is compared whole), which spares writing them and a large pattern
        return _from_template(template("bundle-README.md", release.kind), data)

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
        DATACITE,
        "datacite",
        "The dataset's metadata in DataCite's schema (4.5 properties, as JSON), for the "
        "repositories that take it; no DOI until one is registered.",
        "json",
        "application/vnd.datacite.datacite+json",
        "JSON",
        "document",
        datacite,
        needs_dataset=True,
    ),
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
        facts=citation_facts,
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
