"""The example site in a real browser: every page type at desktop and phone width, navigation, search.

Every page of every type is opened from a local server; any console error, failed request or
request to another host fails the test, and so does any WCAG 2.1 A/AA violation axe-core finds.
The first page of each type is kept as a screenshot in test-artifacts/screenshots.
"""

from __future__ import annotations

import html
import re

import pytest
from playwright.sync_api import BrowserContext, Page, Route

from tests.sitecheck.browser import VIEWPORTS, Watch, check_overlap, check_reflow, open_page, run_axe, site_path
from tests.sitecheck.findings import TALLY, Finding, report
from tests.sitecheck.plugin import example_site, screenshots_dir
from tests.sitecheck.server import SiteServer
from tests.sitecheck.site import SitePage, discover, group_by_type, missing_reason

pytestmark = [pytest.mark.sitecheck, pytest.mark.e2e]

PAGES = discover(example_site())
GROUPS = group_by_type(PAGES)
BY_PATH = {p.path: p for p in PAGES}


def _type_of(path: str) -> str:
    return next((name for name, pages in GROUPS.items() if any(p.path == path for p in pages)), "")


def _tally(watch: Watch, axe: list[Finding]) -> None:
    TALLY.add("browser: requests made", watch.requests)
    TALLY.add("browser: requests to other hosts", len(watch.external))
    for kind in ("console-error", "script-error", "failed-request", "http-error"):
        TALLY.add(f"browser: {kind}s", sum(f.kind == kind for f in watch.findings))
    TALLY.add("axe: violations", len(axe))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("page_type", list(GROUPS))
def test_every_page_of_type(page_type: str, viewport: str, browser: BrowserContext,
                            example_server: SiteServer) -> None:
    pages = GROUPS[page_type]
    if not pages:
        pytest.skip(missing_reason(page_type))
    tab = browser.new_page()
    tab.set_viewport_size(VIEWPORTS[viewport])
    watch = Watch(tab, example_server.origin)
    problems: list[Finding] = []
    with TALLY.timed("browser and axe"):
        for number, page in enumerate(pages):
            status = open_page(tab, example_server.url(page.url))
            if status != 200:
                problems.append(Finding("browser", page.path, "page-status", f"HTTP {status}"))
            axe = run_axe(tab, example_server.origin)
            problems += axe + check_reflow(tab, example_server.origin) + check_overlap(tab, example_server.origin)
            watch.settle()
            _tally(watch, axe)
            TALLY.add(f"page visits ({viewport})")
            if number == 0:
                tab.screenshot(path=screenshots_dir() / f"{page_type}-{viewport}.png", full_page=True)
        tab.close()
    problems += watch.findings
    assert not problems, f"{len(problems)} problem(s) on {page_type} pages at {viewport} width:\n{report(problems)}"


def _links_in(tab: Page, origin: str, scope: str) -> list[tuple[int, str]]:
    """The links inside ``scope`` as (index, site path of the target)."""
    # getAttribute, not .href: a link inside an SVG picture has an SVGAnimatedString there
    script = "links => links.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"
    hrefs: list[str] = tab.eval_on_selector_all(f"{scope} a[href]", script)
    return [(i, site_path(h, origin)) for i, h in enumerate(hrefs)]


def _click_link_to(tab: Page, origin: str, scope: str, page_type: str) -> str:
    """Click the first link inside ``scope`` to a page of ``page_type``; the path it leads to."""
    for index, path in _links_in(tab, origin, scope):
        if _type_of(path) == page_type:
            with tab.expect_navigation():
                tab.locator(f"{scope} a[href]").nth(index).click()
            tab.wait_for_load_state("networkidle")
            assert site_path(tab.url, origin) == path
            return path
    raise AssertionError(f"no link to a {page_type} page in {scope} of {site_path(tab.url, origin)}")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_navigate_home_to_collective_and_back(viewport: str, browser: BrowserContext,
                                              example_server: SiteServer) -> None:
    origin = example_server.origin
    tab = browser.new_page()
    tab.set_viewport_size(VIEWPORTS[viewport])
    watch = Watch(tab, origin)
    open_page(tab, example_server.url("/"))
    wijk = _click_link_to(tab, origin, "main", "wijk")
    collective = _click_link_to(tab, origin, "main", "collectief")
    h1 = tab.locator("h1").inner_text()
    assert h1 and h1 in tab.title()
    # Back with the browser's own button, then forward again.
    tab.go_back(wait_until="load")
    assert site_path(tab.url, origin) == wijk
    tab.go_back(wait_until="load")
    assert site_path(tab.url, origin) == "index.html"
    tab.go_forward(wait_until="load")
    tab.go_forward(wait_until="load")
    assert site_path(tab.url, origin) == collective
    # Back with the site's own navigation: the menu leads to the wijk, the header to the home page.
    assert _click_link_to(tab, origin, "header", "wijk") == wijk
    assert _click_link_to(tab, origin, "header", "overzicht") == "index.html"
    tab.close()
    assert not watch.findings, report(watch.findings)


# Where a search box may be: a plain search field, a search landmark, or Pagefind's interface.
_SEARCH_INPUT = ("input[type=search], [role=search] input:not([type=hidden]), search input:not([type=hidden]), "
                 "input.pagefind-ui__search-input, pagefind-input input")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_search_finds_a_collective_and_follows_the_result(viewport: str, browser: BrowserContext,
                                                          example_server: SiteServer) -> None:
    origin = example_server.origin
    search_pages = GROUPS["zoeken"]
    indexed = (example_site() / "pagefind").is_dir()
    start = search_pages[0] if search_pages else BY_PATH["index.html"]
    tab = browser.new_page()
    tab.set_viewport_size(VIEWPORTS[viewport])
    watch = Watch(tab, origin)
    open_page(tab, example_server.url(start.url))
    tab.wait_for_load_state("networkidle")  # let the search script load its index before we leave the page
    box = tab.locator(_SEARCH_INPUT).filter(visible=True).first
    if not search_pages and not indexed and box.count() == 0:
        tab.close()
        pytest.skip("the built site has no search yet: no search page, no pagefind/ index and no search box on "
                    "the home page (issue 4 adds it)")
    box.wait_for(state="visible")
    target: SitePage = GROUPS["collectief"][0]
    tab.goto(example_server.url(target.url))
    name = tab.locator("h1").inner_text().strip()
    open_page(tab, example_server.url(start.url))
    tab.wait_for_load_state("networkidle")  # the search script swaps the plain form for Pagefind's box
    # Links already on the page before searching are marked, so they cannot pass for results.
    tab.eval_on_selector_all("a", "links => links.forEach(a => a.setAttribute('data-before-search', ''))")
    box = tab.locator(_SEARCH_INPUT).filter(visible=True).first
    box.fill(name)
    box.press("Enter")
    # The result: a new link to the collective's page, on this page or on a results page.
    slug = target.url.rstrip("/").rsplit("/", 1)[-1]
    result = tab.locator(f"a[href*='{slug}']:not([data-before-search])").filter(
        has_text=re.compile(re.escape(name), re.IGNORECASE)).first
    result.wait_for(state="visible")
    with tab.expect_navigation():
        result.click()
    tab.wait_for_load_state("networkidle")
    assert site_path(tab.url, origin) == target.path
    assert tab.locator("h1").inner_text().strip() == name
    tab.close()
    assert not watch.findings, report(watch.findings)


def test_what_a_reader_typed_before_the_search_loaded_is_searched(browser: BrowserContext,
                                                                   example_server: SiteServer) -> None:
    """The plain form shows until Pagefind's box replaces it; words typed into it in between are searched."""
    search_pages = GROUPS["zoeken"]
    if not search_pages:
        pytest.skip("the built site has no search page")
    tab = browser.new_page()
    held: list[Route] = []
    tab.route("**/pagefind-ui.js", lambda route: held.append(route))  # hold the search box back
    open_page(tab, example_server.url(search_pages[0].url))
    target: SitePage = GROUPS["collectief"][0]
    slug = target.url.rstrip("/").rsplit("/", 1)[-1]
    heading = re.search(r"<h1>(.*?)</h1>", (example_site() / target.path).read_text(encoding="utf-8"), re.S)
    assert heading is not None
    tab.locator("#zoek-q").fill(html.unescape(heading.group(1)).strip())
    for _ in range(2400):  # the script asks for the box only after reading the shard list
        if held:
            break
        tab.wait_for_timeout(50)
    assert held, "the search page never asked for pagefind-ui.js"
    held[0].continue_()
    tab.locator(f"#zoekresultaten a[href*='{slug}']").first.wait_for(state="visible")
    assert tab.locator("[data-zoeken-formulier]").is_hidden()
    tab.close()
