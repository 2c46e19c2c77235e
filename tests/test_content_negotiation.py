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
from pathlib import Path

import pytest

from declaration.model import Declaration
from declaration.pipeline import publish
from tests.conftest import free_port

APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")
BASE = "https://w3id.org/fr-cn-ai-2024"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    if not APACHE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must install apache2 (.ci/run)")
        pytest.skip("apache2 is not installed here (Debian: apache2); .ci/run installs it")
    out = tmp_path_factory.mktemp("publish")
    publish(None, out)
    root = Path(tempfile.mkdtemp(prefix="site-"))  # readable by the server's user
    site = root / "site"
    shutil.copytree(out / "site", site)
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    port = free_port()
    modules = ("mpm_event", "authz_core", "dir", "mime", "rewrite", "headers")
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    config = root / "httpd.conf"
    config.write_text(
        "".join(f"LoadModule {m}_module {MODULES}/mod_{m}.so\n" for m in modules)
        + f"Listen 127.0.0.1:{port}\nServerName 127.0.0.1\n{user}"
        + f"PidFile {root}/httpd.pid\nErrorLog {root}/error.log\n"
        + "TypesConfig /etc/mime.types\n"
        + f'DocumentRoot "{site}"\n<Directory "{site}">\n  AllowOverride All\n'
        + "  Require all granted\n</Directory>\n",
        encoding="utf-8",
    )
    process = subprocess.Popen([str(APACHE), "-f", str(config), "-DFOREGROUND"])
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


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
