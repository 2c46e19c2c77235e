"""The site's IRIs resolve by content negotiation on a real Apache httpd (Debian's apache2,
started on a loopback port with the site's own ``.htaccess``, stopped after): the Work, the
Expression and a paragraph answer ``303 See Other`` with the page or the file of the type
asked for, and each file is served with its media type."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from declaration.commands import publish
from declaration.model import Declaration
from tests.conftest import ROOT, free_port

APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")
BASE = "https://w3id.org/fr-cn-ai-2024"


def _require_apache() -> None:
    if not APACHE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must install apache2 (.ci/run)")
        pytest.skip("apache2 is not installed here (Debian: apache2); .ci/run installs it")


@contextmanager
def _apache(roots: dict[int, Path]) -> Iterator[None]:
    """A real Apache httpd answering on each loopback port from its document root (with
    its ``.htaccess`` files), stopped after."""
    work = Path(tempfile.mkdtemp(prefix="httpd-"))
    for root in roots.values():  # readable by the server's user, from its parent down
        for path in [root.parent, root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    modules = ("mpm_event", "authz_core", "dir", "mime", "rewrite", "headers")
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    hosts = "".join(
        f"Listen 127.0.0.1:{port}\n<VirtualHost 127.0.0.1:{port}>\n"
        f'  DocumentRoot "{root}"\n  <Directory "{root}">\n    AllowOverride All\n'
        "    Require all granted\n  </Directory>\n</VirtualHost>\n"
        for port, root in roots.items()
    )
    config = work / "httpd.conf"
    config.write_text(
        "".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so\n" for m in modules)
        + f"ServerName 127.0.0.1\n{user}"
        + f"PidFile {work}/httpd.pid\nErrorLog {work}/error.log\n"
        + f"TypesConfig /etc/mime.types\n{hosts}",
        encoding="utf-8",
    )
    process = subprocess.Popen([str(APACHE), "-f", str(config), "-DFOREGROUND"])
    try:
        for port in roots:
            for _ in range(100):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def _serve(site: Path) -> Iterator[int]:
    """A copy of ``site`` (readable by the server's user) on a real Apache httpd: its port."""
    _require_apache()
    root = Path(tempfile.mkdtemp(prefix="site-"))
    shutil.copytree(site, root / "site")
    port = free_port()
    try:
        with _apache({port: root / "site"}):
            yield port
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    _require_apache()
    out = tmp_path_factory.mktemp("publish")
    publish(None, out)
    yield from _serve(out / "site")


def _get(port: int, path: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept": accept})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


KINDS = {
    "text/turtle": ("/data/declaration.ttl", "text/turtle"),
    "application/ld+json": ("/data/declaration.jsonld", "application/ld+json"),
    "application/n-quads": ("/data/declaration.nq", "application/n-quads"),
    "application/akn+xml": ("/data/declaration.fra.akn.xml", "application/akn+xml"),
    "application/xml": ("/data/declaration.fra.akn.xml", "application/akn+xml"),
}


def _iris(decl: Declaration) -> dict[str, str]:
    return {
        "work": decl.iri,
        "expression": decl.iri + "/" + decl.expression_uri.rsplit("/", 1)[1],
        "paragraph": decl.paragraph_iri(decl.paragraphs[8]),
    }


@pytest.mark.parametrize("accept", sorted(KINDS))
@pytest.mark.parametrize("which", ["work", "expression", "paragraph"])
def test_an_iri_gives_the_file_of_the_type_asked_for(
    server: int, decl: Declaration, which: str, accept: str
) -> None:
    path = _iris(decl)[which].removeprefix(BASE)
    status, headers, _ = _get(server, path, accept)
    target, media = KINDS[accept]
    assert status == 303, (path, accept, status)
    assert headers["location"].endswith(target), headers["location"]
    assert "Accept" in headers.get("vary", ""), headers
    status, headers, body = _get(server, target, accept)
    assert status == 200 and headers["content-type"].split(";")[0] == media
    assert body


@pytest.mark.parametrize("which", ["work", "expression", "paragraph"])
def test_a_browser_gets_the_page_and_a_paragraph_its_anchor(
    server: int, decl: Declaration, which: str
) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    path = _iris(decl)[which].removeprefix(BASE)
    status, headers, _ = _get(server, path, accept)
    assert status == 303
    page = decl.work_uri + "/"
    anchor = f"#{decl.paragraphs[8].eid}" if which == "paragraph" else ""
    assert headers["location"].endswith(page + anchor), headers["location"]
    status, headers, body = _get(server, page, accept)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert f'id="{decl.paragraphs[8].eid}"'.encode() in body


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("text/turtle", "/catalog.ttl"),
        ("application/ld+json", "/catalog.jsonld"),
        ("text/html", "/"),
    ],
)
def test_the_dataset_and_catalogue_iris_give_the_catalogue_or_the_page(
    server: int, accept: str, target: str
) -> None:
    for path in ("/dataset", "/catalog"):
        status, headers, _ = _get(server, path, accept)
        assert status == 303 and headers["location"].endswith(target), (path, headers)


@pytest.fixture(scope="module")
def w3id(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str]]:
    """Two hosts on loopback: one plays w3id.org, with the namespace's folder holding the
    rules that publish wrote for it, the other serves the site at ``site_url``."""
    _require_apache()
    w3id_port, site_port = free_port(), free_port()
    while site_port == w3id_port:
        site_port = free_port()
    site_url = f"http://127.0.0.1:{site_port}"
    work = tmp_path_factory.mktemp("w3id")
    source = work / "source"
    shutil.copytree(ROOT / "source", source)
    shutil.copy(ROOT / "CHANGELOG.md", work / "CHANGELOG.md")
    toml = (source / "metadata.toml").read_text(encoding="utf-8")
    toml = toml.replace("\n[dataset.license]", f'site_url = "{site_url}"\n\n[dataset.license]', 1)
    (source / "metadata.toml").write_text(toml, encoding="utf-8")
    publish(source, work / "build")
    root = Path(tempfile.mkdtemp(prefix="w3id-"))
    try:
        shutil.copytree(work / "build" / "site", root / "site")
        shutil.copytree(work / "build" / "w3id", root / "w3id")
        with _apache({w3id_port: root / "w3id", site_port: root / "site"}):
            yield w3id_port, site_url
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _follow(port: int, path: str, accept: str) -> tuple[str, int, dict[str, str], bytes]:
    """Request ``path`` on the w3id host and follow its one redirect to the site."""
    status, headers, _ = _get(port, path, accept)
    assert status in (302, 303), (path, accept, status)
    location = headers["location"]
    host, _, rest = location.removeprefix("http://").partition("/")
    connection = http.client.HTTPConnection(host, timeout=10)
    try:
        connection.request("GET", "/" + rest.split("#", 1)[0], headers={"Accept": accept})
        response = connection.getresponse()
        answer = {k.lower(): v for k, v in response.getheaders()}
        return location, response.status, answer, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("accept", sorted(KINDS))
@pytest.mark.parametrize("which", ["work", "expression", "paragraph"])
def test_a_w3id_iri_is_sent_to_the_file_of_the_type_asked_for_on_the_site(
    w3id: tuple[int, str], decl: Declaration, which: str, accept: str
) -> None:
    port, site_url = w3id
    path = "/fr-cn-ai-2024" + _iris(decl)[which].removeprefix(BASE)
    location, status, headers, body = _follow(port, path, accept)
    target, media = KINDS[accept]
    assert location == site_url + target
    assert status == 200 and headers["content-type"].split(";")[0] == media and body


@pytest.mark.parametrize("which", ["work", "expression", "paragraph"])
def test_a_w3id_iri_sends_a_browser_to_the_page_and_a_paragraph_to_its_anchor(
    w3id: tuple[int, str], decl: Declaration, which: str
) -> None:
    port, site_url = w3id
    path = "/fr-cn-ai-2024" + _iris(decl)[which].removeprefix(BASE)
    location, status, headers, body = _follow(port, path, "text/html")
    anchor = f"#{decl.paragraphs[8].eid}" if which == "paragraph" else ""
    assert location == f"{site_url}{decl.work_uri}/{anchor}"
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert f'id="{decl.paragraphs[8].eid}"'.encode() in body


@pytest.mark.parametrize(
    ("path", "accept", "target"),
    [
        ("/fr-cn-ai-2024/dataset", "text/turtle", "/catalog.ttl"),
        ("/fr-cn-ai-2024/catalog", "application/ld+json", "/catalog.jsonld"),
        ("/fr-cn-ai-2024/dataset", "text/html", "/"),
        ("/fr-cn-ai-2024/data/paragraphs.csv", "*/*", "/data/paragraphs.csv"),
        ("/fr-cn-ai-2024/", "text/html", "/"),
    ],
)
def test_the_w3id_namespace_sends_every_other_path_to_the_same_path_on_the_site(
    w3id: tuple[int, str], path: str, accept: str, target: str
) -> None:
    port, site_url = w3id
    location, status, _, body = _follow(port, path, accept)
    assert location == site_url + target and status == 200 and body


@pytest.fixture(scope="module")
def corpus_server(published_corpus: Path) -> Iterator[int]:
    """The site of a published corpus, on a real Apache httpd."""
    _require_apache()
    yield from _serve(published_corpus / "site")


@pytest.mark.parametrize("accept", [*sorted(KINDS), "text/html"])
def test_each_declaration_of_a_corpus_answers_with_its_own_files(
    corpus_server: int, published_corpus: Path, accept: str
) -> None:
    from declaration.release import member_path
    from declaration.source import load_release

    release = load_release(published_corpus.parent / "source")
    for decl in release:
        last = decl.paragraphs[-1]
        iris = {
            "work": decl.iri,
            "expression": decl.iri + "/" + decl.expression_uri.rsplit("/", 1)[1],
            "paragraph": decl.paragraph_iri(last),
        }
        for which, iri in iris.items():
            status, headers, _ = _get(corpus_server, iri.removeprefix(BASE), accept)
            if accept == "text/html":
                anchor = f"#{last.eid}" if which == "paragraph" else ""
                target, media = f"{decl.work_uri}/{anchor}", "text/html"
            else:
                path, media = KINDS[accept]
                target = "/" + member_path(path.lstrip("/"), decl.id)
            assert status == 303, (decl.id, which, accept, status)
            assert headers["location"].endswith(target), (decl.id, headers["location"])
            status, headers, body = _get(corpus_server, target.split("#")[0], accept)
            assert status == 200 and headers["content-type"].split(";")[0] == media, target
            assert body


def test_the_w3id_rules_of_a_corpus_send_each_declaration_to_its_own_files(
    tmp_path: Path,
) -> None:
    """A corpus published with a ``site_url``: the w3id.org host sends each declaration's
    IRIs to that declaration's files on the site."""
    from declaration.release import member_path
    from declaration.source import load_release
    from tests.conftest import edition

    _require_apache()
    w3id_port, site_port = free_port(), free_port()
    while site_port == w3id_port:
        site_port = free_port()
    site_url = f"http://127.0.0.1:{site_port}"
    source = edition("corpus", tmp_path)
    assert source is not None
    toml = (source / "metadata.toml").read_text(encoding="utf-8")
    toml = toml.replace("\n[dataset.license]", f'site_url = "{site_url}"\n\n[dataset.license]', 1)
    (source / "metadata.toml").write_text(toml, encoding="utf-8")
    publish(source, tmp_path / "build")
    release = load_release(source)
    root = Path(tempfile.mkdtemp(prefix="w3id-corpus-"))
    try:
        shutil.copytree(tmp_path / "build" / "site", root / "site")
        shutil.copytree(tmp_path / "build" / "w3id", root / "w3id")
        with _apache({w3id_port: root / "w3id", site_port: root / "site"}):
            for decl in release:
                path = "/fr-cn-ai-2024" + decl.paragraph_iri(decl.paragraphs[-1]).removeprefix(BASE)
                for accept, (target, media) in KINDS.items():
                    location, status, headers, body = _follow(w3id_port, path, accept)
                    assert location == f"{site_url}/{member_path(target.lstrip('/'), decl.id)}"
                    assert status == 200 and headers["content-type"].split(";")[0] == media
                    assert body
                location, status, _, body = _follow(w3id_port, path, "text/html")
                assert location == f"{site_url}{decl.work_uri}/#{decl.paragraphs[-1].eid}"
                assert status == 200 and f'id="{decl.paragraphs[-1].eid}"'.encode() in body
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_a_site_url_with_every_character_it_may_hold_is_sent_to_literally() -> None:
    """The w3id.org rules copy the site's address into Apache's rewrite rules: every
    character an address may hold there (``$``, ``%`` and ``\\`` are refused when the
    metadata is read) reaches the client as written, the configuration parsing as Apache
    parses it."""
    from declaration import registry
    from declaration.release import Release
    from declaration.site import server
    from declaration.source import load_release

    _require_apache()
    site_url = "http://127.0.0.1:9/a~b!c&d'e(f)g*h+i,j;k=l@m:n"
    release: Release = load_release()
    root = Path(tempfile.mkdtemp(prefix="w3id-"))  # a folder the server's user may read
    namespace = root / "w3id" / "fr-cn-ai-2024"
    namespace.mkdir(parents=True)
    (namespace / ".htaccess").write_bytes(server.w3id_htaccess(release, registry.OUTPUTS, site_url))
    port = free_port()
    try:
        with _apache({port: root / "w3id"}):
            path = "/fr-cn-ai-2024" + release.first.iri.removeprefix(BASE)
            status, headers, _ = _get(port, path, "text/turtle")
            assert status == 303 and headers["location"] == f"{site_url}/data/declaration.ttl"
            status, headers, _ = _get(port, "/fr-cn-ai-2024/data/x.csv", "*/*")
            assert status == 302 and headers["location"] == f"{site_url}/data/x.csv"
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def w3id_server() -> Iterator[tuple[int, Path]]:
    """One Apache httpd serving a w3id.org namespace folder whose ``.htaccess`` a test
    rewrites between requests (Apache reads it again at each request)."""
    _require_apache()
    root = Path(tempfile.mkdtemp(prefix="w3id-"))
    namespace = root / "w3id" / "fr-cn-ai-2024"
    namespace.mkdir(parents=True)
    (namespace / ".htaccess").write_text("", encoding="utf-8")
    port = free_port()
    try:
        with _apache({port: root / "w3id"}):
            yield port, namespace
    finally:
        shutil.rmtree(root, ignore_errors=True)


# every character RFC 3986 lets a path segment hold, as written (the others are refused)
SEGMENT = st.text(alphabet="abcXYZ019-._~!$&'()*+,;=:@%\\", min_size=1, max_size=12)


@given(segments=st.lists(SEGMENT, min_size=1, max_size=3))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_site_url_the_metadata_admit_is_sent_to_literally(
    w3id_server: tuple[int, Path], segments: list[str]
) -> None:
    """Hostile site addresses: each one the metadata refuse is a located error; each one
    they admit is copied into the w3id.org rules so that Apache, parsing them as it does,
    sends every IRI to that address exactly."""
    from declaration import registry
    from declaration.errors import MetadataError
    from declaration.metadata import load_metadata
    from declaration.release import Release
    from declaration.site import server
    from declaration.source import default_source_dir, load_release

    site_url = "http://127.0.0.1:9/" + "/".join(segments)
    release: Release = load_release()
    text = (default_source_dir() / "metadata.toml").read_text(encoding="utf-8")
    quoted = site_url.replace("\\", "\\\\")
    text = text.replace("\n[dataset.license]", f'\nsite_url = "{quoted}"\n[dataset.license]', 1)
    try:
        load_metadata(text, "metadata.toml")
    except MetadataError as error:
        assert error.code in ("metadata-url", "metadata-invalid"), error
        return  # refused, located, where the metadata are read
    event("admitted")
    port, namespace = w3id_server
    (namespace / ".htaccess").write_bytes(server.w3id_htaccess(release, registry.OUTPUTS, site_url))
    path = "/fr-cn-ai-2024" + release.first.iri.removeprefix(BASE)
    status, headers, _ = _get(port, path, "text/turtle")
    assert status == 303 and headers["location"] == f"{site_url}/data/declaration.ttl"
    status, headers, _ = _get(port, "/fr-cn-ai-2024/data/x.csv", "*/*")
    assert status == 302 and headers["location"] == f"{site_url}/data/x.csv"
