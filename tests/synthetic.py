"""Synthetic declarations made of the real one's paragraphs, for the corpus tests and the
benchmark (``scripts/benchmark.py``): the three preamble paragraphs, then ``points`` points
that repeat the ten real ones in turn (renumbered), the same navigation lines, the same
parties and gazetteer; a declaration of its own by its ``number`` (its key and IRIs)."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from declaration.source import default_source_dir


def _replace(text: str, key: str, value: str) -> str:
    """``key = …`` of a TOML text given a new (string) value, once."""
    pattern = re.compile(rf"^{key} = .*$", re.M)
    assert pattern.search(text), key
    return pattern.sub(lambda _: f"{key} = {value}", text, count=1)


def text_of(points: int, newline: str = "\n") -> str:
    """The published text with ``points`` points made of the real ones in turn."""
    real = (default_source_dir() / _source_file()).read_text(encoding="utf-8")
    blocks = real.split("\n\n")
    preamble = blocks[:3]
    bodies = [re.sub(r"^[0-9]+\. ", "", b) for b in blocks[3:13]]
    navigation = blocks[13:]
    made = [f"{n}. {bodies[(n - 1) % len(bodies)]}" for n in range(1, points + 1)]
    return (newline * 2).join([*preamble, *made, *navigation])


def _source_file() -> str:
    meta = (default_source_dir() / "metadata.toml").read_text(encoding="utf-8")
    found = re.search(r'^file = "(.*)"$', meta, re.M)
    assert found
    return found[1]


def declaration_metadata(points: int, number: str | None, text_name: str) -> tuple[str, str]:
    """The metadata (with or without ``[dataset]``) and text of a synthetic declaration."""
    text = text_of(points)
    meta = (default_source_dir() / "metadata.toml").read_text(encoding="utf-8")
    meta = _replace(meta, "file", f'"{text_name}"')
    meta = _replace(meta, "sha256", f'"{hashlib.sha256(text.encode("utf-8")).hexdigest()}"')
    if number is not None:
        meta = _replace(meta, "number", f'"{number}"')
    return meta, text


def source(directory: Path, points: int = 10, number: str | None = None) -> Path:
    """A source directory of one declaration (today's layout) with ``points`` points."""
    shutil.copytree(default_source_dir(), directory)
    name = _source_file()
    meta, text = declaration_metadata(points, number, name)
    (directory / name).write_text(text, encoding="utf-8")
    (directory / "metadata.toml").write_text(meta, encoding="utf-8")
    return directory


def without_dataset(meta: str) -> str:
    """A declaration's metadata without the ``[dataset]`` tables (given at the corpus level)."""
    return re.sub(r"^\[dataset(\.[a-z]+)?\]\n(?:(?!\[).*\n)*", "", meta, flags=re.M)


def dataset_only(meta: str) -> str:
    """The ``[dataset]`` tables of a metadata text."""
    found = re.findall(r"^\[dataset(?:\.[a-z]+)?\]\n(?:(?!\[).*\n)*", meta, flags=re.M)
    return "".join(found)


def corpus(directory: Path, members: list[tuple[str, int, str | None]]) -> Path:
    """A corpus source: the dataset facts at the top with the shared gazetteer, and for each
    ``(directory name, points, number)`` a declaration (``number`` None: the real one's)."""
    directory.mkdir(parents=True)
    real = (default_source_dir() / "metadata.toml").read_text(encoding="utf-8")
    (directory / "metadata.toml").write_text(dataset_only(real), encoding="utf-8")
    shutil.copy(default_source_dir() / "entities.toml", directory / "entities.toml")
    name = _source_file()
    for sub, points, number in members:
        member = directory / sub
        member.mkdir()
        meta, text = declaration_metadata(points, number, name)
        (member / name).write_text(text, encoding="utf-8")
        (member / "metadata.toml").write_text(without_dataset(meta), encoding="utf-8")
    return directory
