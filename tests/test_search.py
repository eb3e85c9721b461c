"""Search: Pagefind's index is built into the site, is deterministic, and answers queries in a real browser.

The browser tests serve the built site from a folder two levels below the
server root on 127.0.0.1 and drive Debian's Chromium (/usr/bin/chromium) with
Playwright: the search must work from any folder and load nothing from
another host.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pagefind_bin  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Playwright

from tests.conftest import FIXTURES, REPO, tree_bytes
from tests.sitecheck.browser import CHROMIUM_ARGS
from tests.sitecheck.tools import chromium
from tests.sitetools import html, html_pages, resolve
from wijkgen.build import BuildResult, build
from wijkgen.cli import main

FOLDER = "een/map"  # the site is served from here, not from the server root
TIMEOUT_MS = 120_000  # for every wait of Playwright's: long enough to matter only when something hangs


@pytest.fixture(scope="module")
def site(full_site: Path) -> Path:
    return full_site  # built once for the whole run


def test_index_covers_every_content_page(site: Path) -> None:
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = [rel for rel in html_pages(site) if html(site / rel).find("main", attrs={"data-pagefind-body": True})]
    assert entry["languages"]["nl"]["page_count"] == len(indexed)
    assert "zoeken/index.html" not in indexed and "404.html" not in indexed
    assert len(indexed) == len(html_pages(site)) - 2
    for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-worker.js", "wasm.nl.pagefind"):
        assert (site / "pagefind" / name).is_file(), name
    assert list((site / "pagefind/fragment").iterdir())


def test_search_page_loads_everything_by_relative_path(site: Path) -> None:
    page = html(site / "zoeken/index.html")
    [script] = page.find_all("script", src=True)
    assert not script["src"].startswith(("/", "http"))
    assert resolve(site, "zoeken/index.html", script["src"]) == (site / "static/zoeken.js").resolve()
    code = (site / "static/zoeken.js").read_text(encoding="utf-8")
    assert 'new URL("../", script.src)' in code and "http" not in code.replace("https://", "")
    # Without JavaScript the page still leads everywhere: a list of every page.
    listed = {resolve(site, "zoeken/index.html", a["href"]) for a in page.select(".alle-paginas a")}
    expected = {(site / rel).resolve() for rel in html_pages(site) if rel not in ("404.html", "zoeken/index.html")}
    assert listed == expected


def test_index_is_byte_identical_across_builds(example_build: BuildResult, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "en")  # ignored: only wijkgen's flags count
    build(REPO, out=tmp_path / "b", display_base=REPO)
    first, second = tree_bytes(example_build.out), tree_bytes(tmp_path / "b")
    assert {k for k in first if k.startswith("pagefind/")} == {k for k in second if k.startswith("pagefind/")}
    assert first == second
    assert "pagefind/wasm.nl.pagefind" in first


def test_failed_index_keeps_the_previous_site(tmp_path: Path, runner: CliRunner,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    # A broken Pagefind installation: its binary ends at once, saying why.
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'pagefind: kapot' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: broken)
    (root / "site").mkdir()
    (root / "site/index.html").write_text("vorige", encoding="utf-8")
    monkeypatch.chdir(root)
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1, result.output
    assert ("site/pagefind:1:1: fout: de zoekfunctie (Pagefind) kon niet gemaakt worden: pagefind: kapot"
            in result.stderr)
    assert "Traceback" not in result.output
    assert (root / "site/index.html").read_text(encoding="utf-8") == "vorige"
    assert [p.name for p in tmp_path.rglob(".site*")] == []


def test_build_without_search(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    monkeypatch.chdir(root)
    result = runner.invoke(main, ["build", "--zonder-zoeken"])
    assert result.exit_code == 0, result.output
    assert not (root / "site/pagefind").exists() and (root / "site/zoeken/index.html").is_file()
    with (root / "wijkgen.yaml").open("a", encoding="utf-8") as stream:
        stream.write("zoeken: nee\n")
    assert runner.invoke(main, ["build"]).exit_code == 0
    assert not (root / "site/pagefind").exists()


# --- In a real browser -------------------------------------------------------------------------------


@contextlib.contextmanager
def serving(site: Path, docroot: Path) -> Iterator[str]:
    """``site`` copied to ``docroot/een/map/`` and served on 127.0.0.1; yields the site's address."""
    shutil.copytree(site, docroot / FOLDER)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(docroot)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{FOLDER}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def served(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served on 127.0.0.1 under /een/map/; yields the site's address."""
    with serving(site, tmp_path_factory.mktemp("docroot")) as address:
        yield address


@pytest.fixture(scope="module")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """A Chromium of its own (the session's shares one context, but these tests need new ones)."""
    launched = playwright_driver.chromium.launch(executable_path=str(chromium()), args=CHROMIUM_ARGS)
    try:
        yield launched
    finally:
        launched.close()


def watched_page(browser: Any, base: str, **options: Any) -> tuple[Any, list[str], list[str]]:
    """A new page that records console errors and every request to somewhere other than the site."""
    page = browser.new_page(**options)
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    elsewhere: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("request", lambda req: None if req.url.startswith(base) else elsewhere.append(req.url))
    page.on("requestfailed", lambda req: errors.append(f"failed: {req.url}"))
    return page, errors, elsewhere


@pytest.mark.e2e
def test_search_ui_finds_a_page_from_any_folder(browser: Any, served: str) -> None:
    page, errors, elsewhere = watched_page(browser, served, viewport={"width": 1280, "height": 800})
    page.goto(served + "oostwijk/")
    page.fill("header form[role=search] input[name=q]", "zonnemarkt")
    page.press("header form[role=search] input[name=q]", "Enter")
    page.wait_for_url("**/zoeken/?q=zonnemarkt")
    first = page.locator(".pagefind-ui__result-link").first
    first.wait_for()
    assert first.inner_text() == "Zonnemarkt op het plein"
    assert first.get_attribute("href") == f"/{FOLDER}/oostwijk/nieuws/2021-04-02-zonnemarkt/"
    assert page.locator("form[data-zoeken-formulier]").is_hidden()
    first.click()
    page.wait_for_url(served + "oostwijk/nieuws/2021-04-02-zonnemarkt/")
    assert page.locator("h1").inner_text() == "Zonnemarkt op het plein"
    assert errors == [] and elsewhere == []
    page.close()


@pytest.mark.e2e
def test_pagefind_api_answers_queries(browser: Any, served: str) -> None:
    page, errors, elsewhere = watched_page(browser, served)
    page.goto(served + "zoeken/")
    found = page.evaluate(
        """async (root) => {
            const pagefind = await import(root + "pagefind/pagefind.js");
            await pagefind.options({ baseUrl: new URL(root).pathname });
            const search = await pagefind.search("taalcafé");
            const data = await Promise.all(search.results.map((r) => r.data()));
            return data.map((d) => [d.url, d.meta.title]);
        }""",
        served,
    )
    assert [f"/{FOLDER}/oostwijk/collectieven/taalcafe/", "Taalcafé"] in found
    assert all(url.startswith(f"/{FOLDER}/") for url, _ in found)
    nothing = page.evaluate(
        """async (root) => (await (await import(root + "pagefind/pagefind.js")).search("xyzzyplugh")).results.length""",
        served,
    )
    assert nothing == 0
    assert errors == [] and elsewhere == []
    page.close()


@pytest.mark.e2e
def test_search_page_without_javascript(browser: Any, served: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(served + "zoeken/?q=moestuin")
    assert page.locator("form[data-zoeken-formulier]").is_visible()
    assert page.locator("#zoekresultaten").is_hidden()
    assert page.locator(".alle-paginas a", has_text="Moestuin").count() >= 1
    page.fill("form[data-zoeken-formulier] input[name=q]", "buurt")
    page.press("form[data-zoeken-formulier] input[name=q]", "Enter")
    page.wait_for_url(served + "zoeken/?q=buurt")
    context.close()
