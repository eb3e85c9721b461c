"""The example site's layout as readers get it, measured in Chromium at 390 px (phone) and 1280 px (desktop).

- A wijk page answers the first questions on the first screen: its step status, the call to action
  and the first key figure start within 900 px of the top on a desktop and 1,200 px on a phone.
- The doe-mee overview is shorter than 2,500 px on a desktop.
- The phone header is short: the content starts within 200 px.
- No element sticks out sideways on any page, at either width.
- Each wijk profile prints on at most three A4 pages (Chromium's own PDF, read with pypdf); no page but
  the last is less than half full, and no heading ends a page without lines of its own after it.
- Every page type is kept as a screenshot at both widths in test-artifacts/screenshots/layout/.
"""

from __future__ import annotations

import io

import pypdf
import pytest
from playwright.sync_api import BrowserContext, Page, ViewportSize

from tests.sitecheck.browser import check_reflow, open_page
from tests.sitecheck.findings import report
from tests.sitecheck.plugin import example_site, screenshots_dir
from tests.sitecheck.server import SiteServer
from tests.sitecheck.site import discover, group_by_type

pytestmark = [pytest.mark.e2e]

WIDTHS: dict[str, ViewportSize] = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
FIRST_SCREEN = {"phone": 1200, "desktop": 900}  # px from the top of the page
DOE_MEE_DESKTOP = 2500
PHONE_HEADER = 200
PRINT_PAGES = 3
HALF = 0.5  # of a page's height: text must reach below it on every page but the last
HEADING_PT = 11  # printed headings are 11.5 pt and more, text and card titles less (print.css)
AFTER_HEADING = 3  # lines of text at least that follow a page's last heading on the same page

PAGES = discover(example_site())
GROUPS = group_by_type(PAGES)
WIJK_PAGES = GROUPS["wijk"]

_TOP = ("selector => { const e = document.querySelector(selector); "
        "return e ? e.getBoundingClientRect().top + window.scrollY : null; }")


def _tab(browser: BrowserContext, width: str) -> Page:
    tab = browser.new_page()
    tab.set_viewport_size(WIDTHS[width])
    return tab


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("wijk", [p.url for p in WIJK_PAGES])
def test_wijk_page_answers_first_questions_on_the_first_screen(wijk: str, width: str, browser: BrowserContext,
                                                               example_server: SiteServer) -> None:
    tab = _tab(browser, width)
    open_page(tab, example_server.url(wijk))
    limit = FIRST_SCREEN[width]
    places = {what: tab.evaluate(_TOP, selector) for what, selector in (
        ("step status", ".wijk-overzicht .voortgang-tekst .status, .wijk-overzicht .voortgang-tekst"),
        ("call to action", ".wijk-overzicht .oproep"),
        ("first key figure", ".wijk-overzicht .kerncijfer"),
    )}
    tab.close()
    missing = [what for what, top in places.items() if top is None]
    assert not missing, f"{wijk}: not on the page: {', '.join(missing)}"
    late = {what: round(top) for what, top in places.items() if top > limit}
    assert not late, f"{wijk} at {width} width: below the first {limit} px: {late}"


def test_doe_mee_overview_is_short_on_a_desktop(browser: BrowserContext, example_server: SiteServer) -> None:
    tab = _tab(browser, "desktop")
    open_page(tab, example_server.url("/doe-mee/"))
    height = tab.evaluate("document.documentElement.scrollHeight")
    # each collective once, with its contact once
    names = tab.eval_on_selector_all(".hulpkaart-naam", "hs => hs.map(h => h.textContent.trim())")
    tab.close()
    assert height < DOE_MEE_DESKTOP, f"doe-mee is {height} px long on a desktop"
    assert names and len(names) == len(set(names)), f"a collective twice: {names}"


@pytest.mark.parametrize("page_type", ["overzicht", "wijk", "collectief", "behoeften"])
def test_phone_header_is_short(page_type: str, browser: BrowserContext, example_server: SiteServer) -> None:
    tab = _tab(browser, "phone")
    open_page(tab, example_server.url(GROUPS[page_type][0].url))
    bottom = tab.evaluate("document.querySelector('header.kop').getBoundingClientRect().bottom")
    tab.close()
    assert bottom <= PHONE_HEADER, f"the header of a {page_type} page is {bottom} px tall on a phone"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_page_overflows_sideways(width: str, browser: BrowserContext, example_server: SiteServer) -> None:
    tab = _tab(browser, width)
    problems = []
    for page in PAGES:
        open_page(tab, example_server.url(page.url))
        problems += check_reflow(tab, example_server.origin)
    tab.close()
    assert not problems, report(problems)


def _lines(page: pypdf.PageObject) -> list[tuple[float, float]]:
    """The text on ``page`` as (height above the page's foot, type size), both in points."""
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            found.append((tm[5] * cm[3] + cm[5], size * tm[3] * cm[3]))

    page.extract_text(visitor_text=visit)
    return found


def _fill(page: pypdf.PageObject) -> float:
    """How far down ``page`` its text reaches, as a share of the page's height (0 when it has none)."""
    lines = _lines(page)
    height = float(page.mediabox.height)
    return (height - min(y for y, _ in lines)) / height if lines else 0.0


def _lines_after_last_heading(page: pypdf.PageObject) -> int | None:
    """How many lines of text follow the lowest heading on ``page`` (None when it has no heading)."""
    lines = _lines(page)
    headings = [y for y, size in lines if size >= HEADING_PT]
    if not headings:
        return None
    return len({round(y) for y, _ in lines if y < min(headings) - 1})


@pytest.mark.parametrize("wijk", [p.url for p in WIJK_PAGES])
def test_wijk_profile_prints_on_three_full_pages(wijk: str, browser: BrowserContext,
                                                  example_server: SiteServer) -> None:
    tab = _tab(browser, "desktop")
    open_page(tab, example_server.url(wijk))
    tab.emulate_media(media="print")
    pdf = pypdf.PdfReader(io.BytesIO(tab.pdf(format="A4")))
    tab.close()
    assert 1 <= len(pdf.pages) <= PRINT_PAGES, f"{wijk} prints on {len(pdf.pages)} A4 pages"
    fill = [round(_fill(page), 2) for page in pdf.pages]
    assert all(f >= HALF for f in fill[:-1]), f"{wijk}: a page less than half full before the last: {fill}"
    after = [_lines_after_last_heading(page) for page in pdf.pages]
    assert all(n is None or n >= AFTER_HEADING for n in after), (
        f"{wijk}: a heading with fewer than {AFTER_HEADING} lines after it at the foot of a page: {after}")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_screenshots_of_every_page_type(width: str, browser: BrowserContext, example_server: SiteServer) -> None:
    folder = screenshots_dir() / "layout"
    folder.mkdir(exist_ok=True)
    tab = _tab(browser, width)
    written = []
    for page_type, pages in GROUPS.items():
        if pages:
            open_page(tab, example_server.url(pages[0].url))
            path = folder / f"{page_type}-{width}.png"
            tab.screenshot(path=path, full_page=True)
            written.append(path)
    tab.close()
    assert written and all(p.stat().st_size > 0 for p in written)
