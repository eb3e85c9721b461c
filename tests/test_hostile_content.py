"""Hostile content cannot attack readers: attacks in every content field, a real build, every output inspected.

tests/contentgen.py writes a project with every field of every schema filled
(tests/hostile.py puts an attack in each text field, web address, e-mail
address, vocabulary name and Markdown body). The site is built for real, then
every HTML page is parsed as a browser parses it (html5lib) and searched for
scripts, event handlers, dangerous URLs and elements that load or run
anything, beyond the theme's own; the JSON-LD, the Atom feeds, the sitemap and
the open data are parsed too. The browser tests load every page and the search
results in Chromium and fail on any dialog an attack would open.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from playwright.sync_api import BrowserContext

from tests.contentgen import COLLECTIVE, WIJK, write_project
from tests.hostile import (
    FORMULA_STARTS,
    HOSTILE_BASE_URL,
    INERT_AS_HTML,
    MARKDOWN_VECTORS,
    NUMBER_LIKE,
    TEXT_PAYLOADS,
    HostileFiller,
    dangerous_url,
    findings,
    json_ld_ok,
    parse,
)
from tests.sitecheck.browser import Watch, open_page
from tests.sitecheck.server import SiteServer
from tests.sitetools import html_pages, page_address, resolve
from wijkgen.build import build
from wijkgen.cli import main
from wijkgen.errors import Severity
from wijkgen.model.markup import MarkdownRenderer
from wijkgen.parse.documents import CONTROL_CHARACTER

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    """The generated hostile project, built; returns its site folder and the data of each content file."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    files = write_project(root, HostileFiller())
    result = build(root, display_base=root)
    assert {p.code for p in result.problems} == {"warn.html_removed"}
    assert all(p.severity is Severity.WARNING for p in result.problems)
    return root / "site", files


def _theme(site: Path, rel: str) -> Callable[[Tag], bool]:
    """Which of the forbidden elements on page ``rel`` are the theme's own, by their exact form."""

    def own(tag: Tag) -> bool:
        name, attrs = tag.name, tag.attrs
        if name == "script":
            if "src" in attrs:
                own_scripts = {site / "static" / name for name in ("zoeken.js", "agenda.js", "overslaan.js")}
                return set(attrs) <= {"src", "defer"} and resolve(site, rel, attrs["src"]) in own_scripts
            return json_ld_ok(tag)
        if name == "meta":
            return "http-equiv" not in attrs
        if name == "link":
            rel_attr = " ".join(attrs.get("rel", []))
            href = str(attrs.get("href", ""))
            if rel_attr == "icon":
                return href == "data:,"
            return rel_attr in ("stylesheet", "canonical", "alternate") and not dangerous_url(href)
        if name == "base":
            return rel == "404.html" and set(attrs) == {"href"}
        if name == "form":
            return attrs.get("role") == "search" and attrs.get("method") == "get" and \
                str(attrs.get("action")) in ("./", resolve_text(rel, "zoeken/"))
        if name == "input":
            return attrs.get("type") == "search" and attrs.get("name") == "q"
        if name == "button":
            return attrs.get("type") == "submit" and tag.find_parent("form") is not None
        if name == "noscript":
            return rel == "zoeken/index.html"
        return False

    return own


def resolve_text(rel: str, target: str) -> str:
    """The relative link from page ``rel`` to the site-relative ``target``, as the theme writes it."""
    return "../" * page_address(rel).count("/") + target


def test_no_page_holds_anything_executable_from_content(hostile: tuple[Path, Any]) -> None:
    site, _ = hostile
    pages = html_pages(site)
    assert len(pages) >= 15
    for rel in pages:
        soup = parse((site / rel).read_text(encoding="utf-8"))
        assert findings(soup, _theme(site, rel)) == [], rel
        scripts = soup.find_all("script")
        assert all(s.get("type") == "application/ld+json" or s.get("src") for s in scripts), rel


def test_inspector_sees_every_attack_in_raw_html() -> None:
    """The inspector is not blind: each attack, unsanitised, is found; only those aimed elsewhere are not."""
    for payload in TEXT_PAYLOADS:
        assert bool(findings(parse(payload))) == (payload not in INERT_AS_HTML), payload
    assert len(INERT_AS_HTML) == 9


def test_hostile_text_is_shown_as_text(hostile: tuple[Path, dict[str, dict[str, Any]]]) -> None:
    """Escaping keeps every character: the reader sees exactly what the author wrote, as text."""
    site, files = hostile
    collective = files[f"content/{WIJK}/collectieven/{COLLECTIVE}.md"]
    page = parse((site / WIJK / "collectieven" / COLLECTIVE / "index.html").read_text(encoding="utf-8"))
    assert page.h1 is not None and page.h1.get_text() == collective["naam"]
    assert page.title is not None and page.title.get_text().startswith(collective["naam"])
    description = page.find("meta", attrs={"name": "description"})
    assert isinstance(description, Tag) and description["content"] == collective["samenvatting"].strip()
    og = {m["property"]: m["content"] for m in page.find_all("meta", attrs={"property": True})}
    assert og["og:site_name"] == files["wijkgen.yaml"]["titel"]
    assert og["og:image:alt"] == collective["fotos"][0]["alt"]
    assert og["og:url"].startswith(HOSTILE_BASE_URL)
    photo = page.find("img", attrs={"alt": collective["fotos"][0]["alt"]})
    assert isinstance(photo, Tag)
    for url in (collective["contact"]["website"], collective["links"][0]["url"]):
        assert page.find("a", href=url) is not None, url
    email = collective["contact"]["email"]
    link = page.find("a", href=f"mailto:{email}")  # its text carries <wbr> break points, the characters stay
    assert isinstance(link, Tag) and link.get_text() == email


def test_json_ld_holds_the_text_and_cannot_be_closed_early(hostile: tuple[Path, dict[str, dict[str, Any]]]) -> None:
    site, files = hostile
    collective = files[f"content/{WIJK}/collectieven/{COLLECTIVE}.md"]
    seen = 0
    for rel in html_pages(site):
        text = (site / rel).read_text(encoding="utf-8")
        for script in parse(text).find_all("script", attrs={"type": "application/ld+json"}):
            body = script.string or ""
            assert "</" not in body and "<!--" not in body and "<" not in body, rel
            data = json.loads(body)
            seen += 1
            if data.get("@type") == "NGO":
                assert data["name"] == collective["naam"]
                assert data["email"] == collective["contact"]["email"]
                website = collective["contact"]["website"]
                assert website in data["sameAs"] or not website.startswith("http")
    assert seen >= 4


def test_feeds_are_well_formed_and_their_html_is_safe(hostile: tuple[Path, dict[str, dict[str, Any]]]) -> None:
    site, files = hostile
    titles = {files[f"content/{WIJK}/nieuws/{n}.md"]["titel"] for n in ("2021-03-01-evenement", "2021-03-01-bericht")}
    for feed in (site / "feed.xml", site / WIJK / "feed.xml"):
        root = ET.parse(feed).getroot()
        entries = root.findall(f"{ATOM}entry")
        assert {e.findtext(f"{ATOM}title") for e in entries} == titles
        for entry in entries:
            content = entry.find(f"{ATOM}content")
            assert content is not None and content.get("type") == "html"
            assert findings(parse(content.text or "")) == [], feed
            for link in entry.iter(f"{ATOM}link"):
                assert not dangerous_url(link.get("href", ""))


def test_sitemap_lists_escaped_absolute_addresses(hostile: tuple[Path, Any]) -> None:
    site, _ = hostile
    locs = [e.text or "" for e in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith(HOSTILE_BASE_URL) for loc in locs)
    assert (site / "robots.txt").read_text(encoding="utf-8").splitlines()[0] == "User-agent: *"


def test_open_data_cells_cannot_start_a_formula(hostile: tuple[Path, Any]) -> None:
    """CSV cells that a spreadsheet would run get a leading ' (see docs/open-data.md); JSON keeps the text."""
    site, _ = hostile
    tables = sorted(site.rglob("*.csv"))
    assert len(tables) == 8
    neutralised = 0
    for table in tables:
        rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"), newline="")))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS) or NUMBER_LIKE.match(cell), (table, cell)
                neutralised += cell.startswith(("'=", "'+", "'-", "'@"))
    assert neutralised > 0
    data = json.loads((site / "data/collectieven.json").read_text(encoding="utf-8"))
    names = [row["naam"] for row in data["rijen"]]
    assert names and all(not n.startswith("'") for n in names)


def test_control_characters_are_refused(tmp_path: Path) -> None:
    """A vector that hides a control character before a scheme never reaches a page: the build stops."""
    vector = next(v for v in MARKDOWN_VECTORS if CONTROL_CHARACTER.search(v))
    root = tmp_path / "p"
    write_project(root, HostileFiller())
    story = next((root / "content").glob("*/collectieven/*.md"))
    story.write_text(story.read_text(encoding="utf-8") + "\n" + vector + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert "onzichtbaar stuurteken (U+0001)" in result.output


@pytest.mark.parametrize("vector", MARKDOWN_VECTORS, ids=[f"md-{i + 1}" for i in range(len(MARKDOWN_VECTORS))])
def test_each_markdown_vector_is_made_harmless(vector: str) -> None:
    rendered = MarkdownRenderer().render(vector)
    assert findings(parse(str(rendered.html))) == []
    assert rendered.remote_images == ()


@pytest.mark.parametrize("vector", TEXT_PAYLOADS, ids=[f"xss-{i + 1}" for i in range(len(TEXT_PAYLOADS))])
def test_each_html_vector_is_made_harmless(vector: str) -> None:
    rendered = MarkdownRenderer().render(vector)
    assert findings(parse(str(rendered.html))) == []


REMOTE = ("https://aanval.example/x.png", "HTTPS://aanval.example/x.png", "https:aanval.example/x.png",
          "//aanval.example/x.png", "/\\aanval.example/x.png", " //aanval.example/x.png",
          "&#104;ttps://aanval.example/x.png", "ht&#x09;tps://aanval.example/x.png")


@pytest.mark.parametrize("src", REMOTE, ids=range(len(REMOTE)))
def test_remote_images_in_any_spelling_are_refused(src: str) -> None:
    """An image from another host would tell it who reads the page: an error, however it is written."""
    rendered = MarkdownRenderer().render(f'Tekst\n\n<img src="{src}" alt="x">')
    assert len(rendered.remote_images) == 1
    assert "aanval" not in str(rendered.html)


DANGEROUS_URLS = ("javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>", "vbscript:msgbox(1)",
                  "//aanval.example/", "java\tscript:alert(1)", "https:/aanval.example")
URL_FIELDS = (("content/testwijk/wijk.md", "  website: {url}\n", "contact:\n  email: a@b.nl\n"),
              ("content/testwijk/collectieven/buurtkeuken.md", "  - titel: Site\n    url: {url}\n", "links:\n"))


@pytest.mark.parametrize("url", DANGEROUS_URLS, ids=range(len(DANGEROUS_URLS)))
@pytest.mark.parametrize(("file", "line", "block"), URL_FIELDS, ids=("contact.website", "links.url"))
def test_dangerous_urls_in_fields_are_refused(project: Callable[..., Path], runner: CliRunner, url: str, file: str,
                                              line: str, block: str) -> None:
    root = project()
    path = root / file
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("---\n")
    front, sep2, body = rest.partition("---\n")
    front += block + line.format(url=json.dumps(url))
    path.write_text(head + sep + front + sep2 + body, encoding="utf-8")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1, result.output
    assert "heeft niet de goede vorm" in result.stderr and "https://" in result.stderr
    assert "Traceback" not in result.output


# --- In a real browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_server(hostile: tuple[Path, Any]) -> Iterator[SiteServer]:
    with SiteServer(hostile[0]) as server:
        yield server


def _dialogs(page: Any) -> list[str]:
    opened: list[str] = []

    def record(dialog: Any) -> None:
        opened.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", record)
    return opened


# What a reader might do on a page, so that any event handler that slipped through would run.
_PROVOKE = """() => {
  for (const el of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'focusin', 'animationstart', 'toggle']) {
      el.dispatchEvent(new Event(type, {bubbles: false}));
    }
    if (el.tagName === 'DETAILS') el.open = !el.open;
  }
}"""
# Resolves once what the provoking queued has run: toggle events are tasks, animation events come with a frame.
_AFTER_EVENTS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))))"


@pytest.mark.e2e
def test_no_attack_runs_in_a_browser(browser: BrowserContext, hostile_server: SiteServer,
                                     hostile: tuple[Path, Any]) -> None:
    """Every page in Chromium: no attack opens a dialog, no script fails, nothing loads from another host."""
    site, _ = hostile
    page = browser.new_page()
    opened = _dialogs(page)
    page.set_content('<p onmouseover="alert(&quot;control&quot;)">z</p>')
    page.evaluate(_PROVOKE)
    page.evaluate(_AFTER_EVENTS)
    assert opened == ["alert: control"]  # the recorder and the provoking do work
    opened.clear()
    watch = Watch(page, hostile_server.origin)
    try:
        for rel in html_pages(site):
            address = "/" + page_address(rel)
            open_page(page, hostile_server.url(address))
            page.evaluate(_PROVOKE)
            page.evaluate(_AFTER_EVENTS)
            watch.settle()
        assert opened == []
        assert watch.external == []
        assert [f for f in watch.findings if f.kind in ("script-error", "external-request")] == []
    finally:
        page.close()


@pytest.mark.e2e
def test_search_results_show_attacks_as_text(browser: BrowserContext, hostile_server: SiteServer) -> None:
    """Pagefind's own interface shows titles and excerpts of pages full of attacks without running any."""
    page = browser.new_page()
    opened = _dialogs(page)
    watch = Watch(page, hostile_server.origin)
    try:
        for query in ("onerror", "script alert", "javascript"):
            open_page(page, hostile_server.url(f"/zoeken/?q={query}"))
            # Pagefind shows a placeholder per result until the result's data has loaded.
            page.wait_for_function("""() => document.querySelector('#zoekresultaten .pagefind-ui__result')
                                       && !document.querySelector('#zoekresultaten .pagefind-ui__loading')""")
            results = page.locator("#zoekresultaten .pagefind-ui__results")
            html = results.inner_html()
            soup = BeautifulSoup(html, "html5lib")
            assert findings(soup) == [], query
            assert soup.find("mark") is not None  # Pagefind's own highlighting is the only markup it adds
            assert soup.find("img") is None and soup.find("svg") is None
            assert "onerror" in results.inner_text() or query != "onerror"
        assert opened == []
        assert watch.external == []
    finally:
        page.close()
