"""Pages in a real browser: Playwright driving Debian's Chromium, watched for errors, checked with axe-core.

Chromium starts headless with a fresh profile and without any background traffic of its own. A
:class:`Watch` on a page records console errors, uncaught script errors, failed requests, HTTP
errors and every request to a host other than the local server (those are blocked before they
leave the machine, so a check never reaches the internet).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    Route,
    ViewportSize,
    WebSocket,
)
from playwright.sync_api import Error as PlaywrightError

from tests.sitecheck.findings import Finding
from tests.sitecheck.tools import chromium, node_module

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
VIEWPORTS: dict[str, ViewportSize] = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 812}}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 120_000  # for every wait of Playwright's: long enough to matter only when something hangs

_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const out = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > width + 0.5);
  const deepest = out.filter(e => !out.some(o => o !== e && e.contains(o)));
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                    + [...e.classList].map(c => '.' + c).join('');
  return [document.documentElement.scrollWidth, width, deepest.slice(0, 3).map(name).join(', ')];
}"""
_OVERLAP = """() => {
  const controls = [...document.querySelectorAll('header a, header input, header button, header select')]
    .map(e => [e, e.getBoundingClientRect()]).filter(([, r]) => r.width > 0 && r.height > 0);
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                    + (e.textContent.trim() ? ' "' + e.textContent.trim().slice(0, 30) + '"' : '');
  const found = [];
  for (let i = 0; i < controls.length; i++) {
    for (let j = i + 1; j < controls.length; j++) {
      const [a, p] = controls[i], [b, q] = controls[j];
      if (a.contains(b) || b.contains(a)) continue;
      const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (w > 2 && h > 2) found.push(name(a) + ' and ' + name(b));
    }
  }
  return found;
}"""
_AXE_RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help,
                                      nodes: v.nodes.map(n => n.target.join(' '))})))"""


@contextmanager
def launch(playwright: Playwright, profile: Path) -> Iterator[BrowserContext]:
    """Chromium, headless, with the fresh user-data folder ``profile``; closed when the block ends."""
    context = playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(chromium()), headless=True, args=CHROMIUM_ARGS,
        viewport=VIEWPORTS["desktop"], locale="nl-NL", timezone_id="Europe/Amsterdam",
        service_workers="block",
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


def site_path(url: str, origin: str) -> str:
    """The file path in the site that a local address shows, e.g. ".../de-banne/" -> "de-banne/index.html"."""
    if not url.startswith(origin + "/"):
        return url
    path = url[len(origin) + 1:].split("#", 1)[0].split("?", 1)[0]
    return path + "index.html" if path == "" or path.endswith("/") else path


class Watch:
    """Records what goes wrong on ``page`` while it is used; blocks every request to another host."""

    def __init__(self, page: Page, origin: str) -> None:
        self.page = page
        self.origin = origin
        self.findings: list[Finding] = []
        self.external: list[str] = []
        self.requests = 0
        self.pending: set[Request] = set()
        # Main-frame navigations started so far: a request cut off because the page is being left is no fault.
        self.navigations = 0
        self.started_at: dict[Request, int] = {}
        page.on("console", self._console)
        page.on("pageerror", self._page_error)
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("requestfinished", self._finished)
        page.on("response", self._response)
        page.on("websocket", self._websocket)
        page.route(self._is_external, self._block)

    def _where(self) -> str:
        return site_path(self.page.url, self.origin)

    def _add(self, kind: str, detail: str) -> None:
        self.findings.append(Finding("browser", self._where(), kind, detail))

    def _is_external(self, url: str) -> bool:
        return not (url.startswith(self.origin + "/") or url.startswith(("data:", "blob:", "about:")))

    def _block(self, route: Route) -> None:
        url = route.request.url
        self.external.append(url)
        self._add("external-request", f"{route.request.resource_type} {url}")
        route.abort("blockedbyclient")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self._add("console-error", message.text + (f" ({site_path(where, self.origin)})" if where else ""))

    def _page_error(self, error: PlaywrightError) -> None:
        self._add("script-error", f"{error.name}: {error.message}")

    def _request(self, request: Request) -> None:
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self.navigations += 1
        self.started_at[request] = self.navigations
        self.requests += 1
        self.pending.add(request)

    def _finished(self, request: Request) -> None:
        self.pending.discard(request)

    def _failed(self, request: Request) -> None:
        self.pending.discard(request)
        started = self.started_at.pop(request, None)
        left_page = started is None or started != self.navigations
        if left_page and request.failure == "net::ERR_ABORTED":
            return
        if request.url not in self.external:
            self._add("failed-request", f"{request.resource_type} {site_path(request.url, self.origin)}: "
                                        f"{request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self._add("http-error", f"{response.status} {response.request.resource_type} "
                                    f"{site_path(response.url, self.origin)}")

    def _websocket(self, socket: WebSocket) -> None:
        if self._is_external(socket.url.replace("ws://", "http://", 1)):
            self.external.append(socket.url)
            self._add("external-request", f"websocket {socket.url}")


    def settle(self, seconds: float = TIMEOUT_MS / 1000) -> None:
        """Wait until no request of the page is still under way; one that never ends is a finding."""
        deadline = time.monotonic() + seconds
        while self.pending and time.monotonic() < deadline:
            self.page.wait_for_timeout(25)
        for request in sorted(self.pending, key=lambda r: r.url):
            self._add("pending-request", f"{request.resource_type} {site_path(request.url, self.origin)} "
                                         f"still loading after {seconds:g} s")
        self.pending.clear()


def open_page(page: Page, url: str) -> int:
    """Go to ``url`` and wait for its load event; the HTTP status."""
    response = page.goto(url, wait_until="load")
    return response.status if response is not None else 0


def check_reflow(page: Page, origin: str) -> list[Finding]:
    """A finding when the open page is wider than the window, so a reader has to scroll sideways."""
    wide: list[Any] | None = page.evaluate(_OVERFLOW)
    if wide is None:
        return []
    return [Finding("browser", site_path(page.url, origin), "horizontal-scroll",
                    f"{wide[0]}px wide in a {wide[1]}px window; sticking out: {wide[2]}")]


def check_overlap(page: Page, origin: str) -> list[Finding]:
    """A finding for every two links or form controls in the page header that cover each other."""
    pairs: list[str] = page.evaluate(_OVERLAP)
    return [Finding("browser", site_path(page.url, origin), "overlapping-controls", pair) for pair in pairs]


def run_axe(page: Page, origin: str) -> list[Finding]:
    """axe-core's WCAG 2.1 A and AA violations on the open page, one finding per element."""
    page.add_script_tag(path=node_module("axe-core/axe.min.js"))
    violations: list[dict[str, Any]] = page.evaluate(_AXE_RUN, WCAG_TAGS)
    where = site_path(page.url, origin)
    return [Finding("axe", where, v["id"], f"{v['impact']}: {node}: {v['help']}")
            for v in violations for node in v["nodes"]]
