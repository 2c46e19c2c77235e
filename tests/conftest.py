from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from declaration.metadata import Metadata
from declaration.source import default_source_dir, load_source

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "source"
NAME = "declaration-france-chine-ia-2024-0.1.0"  # the release bundle of the embedded source
SOURCE_FILE = "elysee-2024-05-06-declaration-conjointe-france-chine-ia.txt"


# Property tests: no timing deadline (a cold start on a slow CI machine is no bug), and in CI
# a fixed derandomised run, so that a red build is reproducible.
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/ from the code"
    )


@pytest.fixture(scope="session")
def metadata() -> Metadata:
    return load_source()[0]


@pytest.fixture(scope="session")
def published() -> str:
    return (SOURCE_DIR / SOURCE_FILE).read_bytes().decode("utf-8")


def with_text(metadata: Metadata, text: str | bytes) -> Metadata:
    """The metadata, recording the SHA-256 of ``text``."""
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    source = metadata.source.model_copy(update={"sha256": hashlib.sha256(raw).hexdigest()})
    return metadata.model_copy(update={"source": source})


@pytest.fixture
def source_copy(tmp_path: Path) -> Callable[..., Path]:
    """A copy of the source directory, with the text and metadata optionally changed.

    ``text`` replaces the published text (and its hash in the metadata, unless ``rehash``
    is false); ``metadata`` is a function applied to the TOML text.
    """

    def make(
        text: str | bytes | None = None,
        metadata: Callable[[str], str] | None = None,
        rehash: bool = True,
    ) -> Path:
        target = tmp_path / "source"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(default_source_dir(), target)
        toml = (target / "metadata.toml").read_text(encoding="utf-8")
        if text is not None:
            raw = text if isinstance(text, bytes) else text.encode("utf-8")
            (target / SOURCE_FILE).write_bytes(raw)
            if rehash:
                old = hashlib.sha256((SOURCE_DIR / SOURCE_FILE).read_bytes()).hexdigest()
                toml = toml.replace(old, hashlib.sha256(raw).hexdigest())
        if metadata is not None:
            toml = metadata(toml)
        (target / "metadata.toml").write_text(toml, encoding="utf-8")
        return target

    return make


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing may reach the network: a connection to anything but a server the test started
    on the loopback interface fails the test."""
    import socket

    connect, create_connection = socket.socket.connect, socket.create_connection
    loopback = ("127.0.0.1", "::1", "localhost")

    def guarded_connect(self: socket.socket, address: object) -> None:
        if self.family == socket.AF_UNIX or (isinstance(address, tuple) and address[0] in loopback):
            return connect(self, address)
        raise AssertionError(f"network access attempted: {address!r}")

    def guarded_create(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        if address[0] in loopback:
            return create_connection(address, *args, **kwargs)  # type: ignore[arg-type]
        raise AssertionError(f"network access attempted: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "create_connection", guarded_create)


@pytest.fixture(scope="session")
def decl():  # type: ignore[no-untyped-def]
    from declaration.source import load

    return load()


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, bytes], None]:
    """Compare bytes with ``tests/golden/<name>``; ``pytest --update-golden`` rewrites the file."""
    update = request.config.getoption("--update-golden")

    def check(name: str, actual: bytes) -> None:
        path = ROOT / "tests" / "golden" / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual)
        assert path.is_file(), f"no golden file {path}: run pytest --update-golden"
        assert actual == path.read_bytes(), (
            f"{name} differs from its golden file (pytest --update-golden to accept)"
        )

    return check


@pytest.fixture(scope="session")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release published from the embedded source: the bundle and its zip."""
    from declaration.commands import publish

    out = tmp_path_factory.mktemp("release")
    publish(None, out)
    return out


# A corpus of the real declaration and two synthetic ones: (directory, points, number)
CORPUS = [
    ("a-real", 10, None),
    ("b-long", 40, "ia-synthetique-b"),
    ("c-short", 2, "ia-synthetique-c"),
]


def edition(kind: str, directory: Path) -> Path | None:
    """The source of an edition the tests publish: ``None`` for the embedded declaration,
    or (``kind`` "corpus") the corpus of ``CORPUS`` under ``directory``, with the project's
    CHANGELOG in it."""
    if kind == "declaration":
        return None
    from tests import synthetic

    source = synthetic.corpus(directory / "source", CORPUS)
    shutil.copy(ROOT / "CHANGELOG.md", source / "CHANGELOG.md")
    return source


@pytest.fixture(scope="session")
def published_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus of ``CORPUS``, published: its bundle, zip and site."""
    from declaration.commands import publish

    root = tmp_path_factory.mktemp("corpus-publish")
    publish(edition("corpus", root), root / "build")
    return root / "build"


def offline_env() -> dict[str, str]:
    """The environment for a tool run in a subprocess, with every HTTP(S) request sent to a
    closed loopback port: a tool that reaches for the network fails instead."""
    import os

    closed = "http://127.0.0.1:9"
    proxies = {k: closed for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")}
    return {**os.environ, **proxies, "no_proxy": "", "NO_PROXY": ""}


def typed_csv_rows(table: Any) -> list[dict[str, Any]]:
    """The rows of a published CSV table, each cell decoded by its column's type."""
    import csv
    import io

    text = (ROOT / table.path).read_text(encoding="utf-8")
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    columns = {c.name: c for c in table.columns}
    return [
        {name: columns[name].decode(cell) for name, cell in zip(header, row, strict=True)}
        for row in rows
    ]


def require(ok: bool, what: str) -> None:
    """Skip, saying why, when ``what`` is not installed here; under ``CI=true`` (where
    ``.ci/run`` installs it) fail instead."""
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must install {what} (.ci/run)")
        pytest.skip(f"{what} is not installed here; .ci/run installs it")


def free_port() -> int:
    """A loopback port no one listens on, for a server a test starts."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Ran:
    """What a command of the CLI gave: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path, env: dict[str, str] | None = None, cwd: Path = ROOT) -> Ran:
    """Run ``declaration ARGS`` in this process, as the console script does (:func:`main`:
    one-line errors, exit codes), with ``env`` added to the environment and ``cwd`` as the
    working directory for its length. The end-to-end tests that need a process of its own
    (the console script, ``os._exit`` flushing, signals, hangs) run it as one."""
    import contextlib
    import io

    from declaration.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved, here = dict(os.environ), Path.cwd()
    os.environ.update(env or {})
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main([str(arg) for arg in args])
                code = 0
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else int(exit.code is not None)
    finally:
        os.chdir(here)
        os.environ.clear()
        os.environ.update(saved)
    return Ran(code, out.getvalue(), err.getvalue())
