"""The Hugging Face dataset card: the bundle README with YAML front matter, so that the Hub
shows the dataset's name, licence and language, and ``datasets.load_dataset`` loads each
table (one config per table, from its typed Parquet copy) with the Table Schema's types.

The front matter says only what the release knows: ``pretty_name`` (the dataset's title),
``license`` (its licence's id), ``language`` (the ISO 639-1 codes of its declarations'
languages), ``tags`` (its keywords) and ``configs``; no task category or size is invented.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from declaration.codes import bcp47
from declaration.output import Output
from declaration.release import Release

DEFAULT = "paragraphs"  # the config the Hub shows first: the text, one row per paragraph
FENCE = "---\n"


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def front_matter(release: Release, outputs: Sequence[Output]) -> str:
    """The card's metadata: one config per table, its data files the table's Parquet copy."""
    assert release.dataset is not None  # written only when the dataset facts are known
    dataset = release.dataset
    languages = dict.fromkeys(bcp47(decl.language) for decl in release)
    lines = [
        f"pretty_name: {_quoted(dataset.title)}",
        f"license: {dataset.license.id}",
        "language:",
        *(f"- {code}" for code in languages),
        "tags:",
        *(f"- {_quoted(keyword)}" for keyword in dataset.keywords),
        "configs:",
    ]
    for out in outputs:
        if out.copy_of is not None and out.format == "parquet":
            lines += [
                f"- config_name: {out.copy_of}",
                "  data_files:",
                "  - split: train",
                f"    path: {out.path}",
            ]
            lines += ["  default: true"] if out.copy_of == DEFAULT else []
    return FENCE + "\n".join(lines) + "\n" + FENCE + "\n"


def _body(data: bytes) -> bytes:
    """A card without its front matter."""
    if not data.startswith(FENCE.encode()):
        return data
    end = data.find(b"\n" + FENCE.encode(), len(FENCE) - 1)
    return data if end < 0 else data[end + 1 + len(FENCE) :].removeprefix(b"\n")


def output(readme: Output, outputs: Callable[[], Sequence[Output]]) -> Output:
    """The README as a dataset card: ``readme``'s text after the front matter of the tables
    of ``outputs()``."""
    assert readme.facts is not None

    def write(release: Release, files: Mapping[str, bytes]) -> bytes:
        head = front_matter(release, outputs()).encode("utf-8")
        return head + readme.write(release, files)

    def facts(release: Release, data: bytes) -> dict[str, Any]:
        assert readme.facts is not None
        return readme.facts(release, _body(data))

    return replace(
        readme,
        description="The dataset card: how to load the dataset and check it in CI, with the "
        "Hugging Face metadata (one config per table, from its Parquet copy).",
        write=write,
        facts=facts,
    )
