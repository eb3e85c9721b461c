"""The example site's pictures, agendas, search and 404 page in a real browser (Chromium via Playwright).

Inline SVG text scales with its drawing, so its size on screen is measured, not read from the markup:
the computed font size times the scale of the text's transformation to the screen. The reader's date
is set with Playwright's clock, so the agenda is split as it would be on that day.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.conftest import REPO
from tests.sitecheck.browser import Watch, open_page
from tests.sitecheck.plugin import example_site
from tests.sitecheck.server import SiteServer
from tests.sitecheck.site import discover
from wijkgen.build import load_and_assemble

pytestmark = [pytest.mark.e2e]

PAGES = discover(example_site())
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SMALLEST_PX = 14.0

# Every <text> that is rendered (not inside a display:none drawing), with its size on screen in CSS px.
_TEXT_SIZES = """() => [...document.querySelectorAll('svg text')]
  .filter(t => t.getClientRects().length > 0)
  .map(t => {
    const m = t.getScreenCTM();
    const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
    return [parseFloat(getComputedStyle(t).fontSize) * scale, t.textContent.trim()];
  })"""


@pytest.fixture
def tab(browser: BrowserContext) -> Iterator[Page]:
    page = browser.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_no_svg_text_renders_below_14_px(width: str, tab: Page, example_server: SiteServer) -> None:
    tab.set_viewport_size(PHONE if width == "phone" else DESKTOP)
    small: list[str] = []
    measured = 0
    for page in PAGES:
        assert open_page(tab, example_server.url(page.url)) == 200
        sizes: list[list[Any]] = tab.evaluate(_TEXT_SIZES)
        measured += len(sizes)
        small += [f"{page.path}: {text!r} at {size:.1f}px" for size, text in sizes if size < SMALLEST_PX - 0.05]
    assert measured > 100  # the charts and maps were there to measure
    assert not small, "\n".join(small)


def test_each_picture_shows_one_drawing_per_width(tab: Page, example_server: SiteServer) -> None:
    for viewport, shown in ((PHONE, "svg-smal"), (DESKTOP, "svg-breed")):
        tab.set_viewport_size(viewport)
        open_page(tab, example_server.url("/wildemanbuurt/"))
        visible = tab.evaluate("""() => [...document.querySelectorAll('svg.svg-smal, svg.svg-breed')]
          .filter(s => s.getClientRects().length > 0).map(s => s.classList.contains('svg-smal') ? 'svg-smal'
          : 'svg-breed')""")
        assert visible and set(visible) == {shown}
        widths = tab.evaluate(f"""() => [...document.querySelectorAll('svg.{shown}')]
          .filter(s => s.getClientRects().length > 0).map(s => s.getBoundingClientRect().width)""")
        assert all(w <= viewport["width"] for w in widths)


# -- events ------------------------------------------------------------------------------------------------


def _agenda(tab: Page) -> dict[str, Any]:
    result: dict[str, Any] = tab.evaluate("""() => {
      const titles = sel => [...document.querySelectorAll(sel + ' li h3 a')].map(a => a.textContent.trim());
      const shownMarks = sel => [...document.querySelectorAll(sel + ' .label-afgelopen')]
        .filter(m => !m.hidden && m.getClientRects().length > 0).length;
      return {
        upcoming: titles('.agenda-komend'), past: titles('.agenda-afgelopen'),
        upcomingMarks: shownMarks('.agenda-komend'), pastMarks: shownMarks('.agenda-afgelopen'),
        noneUpcoming: !document.querySelector('.agenda-geen-komend').hidden,
        pastShown: !document.querySelector('.agenda-afgelopen-deel').hidden,
      };
    }""")
    return result


def _events() -> list[tuple[dt.date, dt.date, str]]:
    site = load_and_assemble(REPO, display_base=REPO).site
    return [(n.event.date, n.event.last_date, n.title) for n in site.events if n.event]


@pytest.mark.parametrize("offset", [-1, 0, 1], ids=["day-before-the-last", "its-last-day", "day-after"])
def test_agenda_is_split_on_the_readers_date(offset: int, browser: BrowserContext,
                                             example_server: SiteServer) -> None:
    events = _events()
    middle = sorted(events)[len(events) // 2]  # an event with others before and after it
    today = middle[1] + dt.timedelta(days=offset)
    tab = browser.new_page()
    try:
        tab.clock.set_fixed_time(dt.datetime(today.year, today.month, today.day, 12, 0))
        watch = Watch(tab, example_server.origin)
        open_page(tab, example_server.url("/agenda/"))
        tab.wait_for_function("() => document.readyState === 'complete'")
        agenda = _agenda(tab)
        upcoming = [title for start, last, title in sorted(events) if last >= today]
        past = [title for start, last, title in sorted(events, reverse=True) if last < today]
        assert agenda["upcoming"] == upcoming  # soonest first
        assert agenda["past"] == past  # latest first
        assert (agenda["upcomingMarks"], agenda["pastMarks"]) == (0, len(past))  # "afgelopen" on each past one
        assert agenda["noneUpcoming"] == (not upcoming) and agenda["pastShown"] == bool(past)
        watch.settle()
        assert not watch.findings and not watch.external
    finally:
        tab.close()


def test_agenda_after_every_event_says_nothing_is_coming(browser: BrowserContext, example_server: SiteServer) -> None:
    last = max(last for _, last, _ in _events())
    tab = browser.new_page()
    try:
        tab.clock.set_fixed_time(dt.datetime(last.year + 1, 1, 1, 9, 0))
        open_page(tab, example_server.url("/agenda/"))
        agenda = _agenda(tab)
        assert agenda["upcoming"] == [] and agenda["noneUpcoming"] and len(agenda["past"]) == len(_events())
        marked = tab.evaluate("""() => { const m = document.querySelector('.agenda-afgelopen .label-afgelopen');
          return [m.textContent.trim(), getComputedStyle(m).display]; }""")
        assert marked == ["afgelopen", "inline-block"]
    finally:
        tab.close()


# -- search ------------------------------------------------------------------------------------------------


def test_search_speaks_dutch_and_looks_like_the_site(tab: Page, example_server: SiteServer) -> None:
    tab.set_viewport_size(PHONE)
    open_page(tab, example_server.url("/"))
    assert tab.get_attribute("#zoekvak-q", "placeholder") == "Zoek op de site"
    open_page(tab, example_server.url("/zoeken/?q=buurtkeuken"))
    tab.wait_for_selector(".pagefind-ui__result-link")
    field = tab.locator(".pagefind-ui__search-input")
    assert field.get_attribute("placeholder") == "Zoek een collectief, straat of onderwerp"
    clear = tab.locator(".pagefind-ui__search-clear")
    assert clear.inner_text().strip() == "Wissen"
    box = clear.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 60  # a real button, not a tiny word
    link = tab.locator(".pagefind-ui__result-link").first
    style = link.evaluate("a => [getComputedStyle(a).color, getComputedStyle(a).textDecorationLine]")
    assert style == ["rgb(11, 99, 65)", "underline"]  # the site's link colour, underlined
    excerpt = tab.locator(".pagefind-ui__result-excerpt").first.inner_text()
    assert "Soort: " in excerpt and ". Wijk: " in excerpt  # facts read as sentences, not run together
    field.focus()
    ring = field.evaluate("e => [getComputedStyle(e).outlineWidth, getComputedStyle(e).borderTopWidth]")
    assert ring == ["3px", "1px"]
    assert "Reset" not in tab.locator("#zoekresultaten").inner_text()


# -- 404 -----------------------------------------------------------------------------------------------------


class _NotFoundHandler(SimpleHTTPRequestHandler):
    """Serves 404.html for any missing address, as GitHub and GitLab Pages do."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (example_site() / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_skip_link_on_the_404_page_stays_on_the_page(tab: Page) -> None:
    handler = functools.partial(_NotFoundHandler, directory=str(example_site()))
    with SiteServer(example_site(), handler) as server:
        missing = server.url("/de-banne/bestaat-niet/")
        assert open_page(tab, missing) == 404
        skip = tab.locator(".skiplink")
        skip.focus()
        tab.keyboard.press("Enter")
        tab.wait_for_function("() => document.activeElement && document.activeElement.id === 'inhoud'")
        assert tab.url == missing  # still the address the reader asked for
        target = tab.evaluate("() => new URL(document.querySelector('.skiplink').href).pathname")
        assert target == "/404.html"  # without JavaScript: this page, never the home page
        top = tab.evaluate("() => document.getElementById('inhoud').getBoundingClientRect().top")
        assert math.isfinite(top) and top <= 1
