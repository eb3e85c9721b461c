"""A built site served under a sub-path, as GitHub and GitLab serve a project site, and a crawl of it over HTTP.

:class:`SubPathServer` serves a site folder at ``/mijnwijk/`` (say) on 127.0.0.1: a folder gets its
``index.html`` (and a redirect to add the final slash), a missing address under the sub-path gets the
site's ``404.html`` with status 404 at whatever depth, and anything outside the sub-path gets a bare 404,
so a link that leaves the sub-path is found broken. :func:`crawl_over_http` follows every link from the
home page the way a browser resolves it (``<base href>`` included), checks that every address answers
and stays under the sub-path, and does the same for the 404 page as it is served at a missing deep address.
"""

from __future__ import annotations

import mimetypes
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

from tests.sitecheck.findings import Finding
from tests.sitecheck.links import NOT_FETCHED, css_urls, parse_html
from tests.sitecheck.server import SiteServer


class _SubPathHandler(BaseHTTPRequestHandler):
    root: Path
    prefix: str

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.prefix):
            self._send(404, "text/plain", b"outside the site's sub-path\n", body)
            return
        target = (self.root / path[len(self.prefix):]).resolve()
        if target != self.root and self.root not in target.parents:
            self._send(404, "text/plain", b"outside the site\n", body)
            return
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            target = target / "index.html"
        if target.is_file():
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            self._send(200, kind, target.read_bytes(), body)
        else:
            self._send(404, "text/html", (self.root / "404.html").read_bytes(), body)

    def _send(self, status: int, kind: str, data: bytes, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing."""


class SubPathServer(SiteServer):
    """Serves the site in ``root`` at ``prefix`` on 127.0.0.1 while the ``with`` block runs."""

    def __init__(self, root: Path, prefix: str) -> None:
        super().__init__(root, type("Handler", (_SubPathHandler,), {"root": root.resolve(), "prefix": prefix}))


@dataclass
class HttpCrawl:
    """What a crawl over HTTP found, and how much it looked at."""

    findings: list[Finding] = field(default_factory=list)
    pages: int = 0  # HTML pages reached (the 404 page at the missing address included)
    addresses: int = 0  # addresses of the site checked
    external_links: int = 0  # links to other sites (allowed)
    sitemap_entries: int = 0


def _fetch(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body of a GET (redirects followed), with 404s as answers rather than errors."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.headers.get_content_type(), answer.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get_content_type(), err.read()


def crawl_over_http(origin: str, prefix: str, site_url: str, missing: str) -> HttpCrawl:
    """Crawl the site served at ``origin + prefix`` from its home page, then the 404 page as served at the
    missing address ``missing`` (a path), then every address of sitemap.xml. ``site_url`` is the site's own
    absolute address (its basis_url), which stands for ``origin + prefix``."""
    result = HttpCrawl()
    home = origin + prefix
    answers: dict[str, tuple[int, str, bytes]] = {}

    def get(url: str) -> tuple[int, str, bytes]:
        if url not in answers:
            answers[url] = _fetch(url)
        return answers[url]

    site_origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))

    def check(source: str, address: str, loaded: bool, follow: deque[str] | None) -> None:
        if not address.strip() or address.strip().lower().startswith(NOT_FETCHED):
            return
        if address.startswith(site_url):  # the site's own absolute address stands for the served one
            address = home + address[len(site_url):]
        elif address.startswith(site_origin + "/"):
            result.findings.append(Finding("subpath", source, "leaves-sub-path", address))
            return
        url = urldefrag(address)[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != origin:
            if loaded:
                result.findings.append(Finding("subpath", source, "external-resource", address))
            else:
                result.external_links += 1
            return
        result.addresses += 1
        if not parts.path.startswith(prefix):
            result.findings.append(Finding("subpath", source, "leaves-sub-path", f"{address} -> {parts.path}"))
            return
        status, kind, body = get(url)
        if status != 200:
            result.findings.append(Finding("subpath", source, "broken", f"{address} -> {parts.path}: {status}"))
        elif kind == "text/css":
            for inner in css_urls(body.decode("utf-8")):
                check(url, urljoin(url, inner), True, None)
        elif kind == "text/html" and follow is not None and not loaded and url not in seen:
            seen.add(url)
            follow.append(url)

    def page(url: str, body: bytes, follow: deque[str] | None) -> None:
        result.pages += 1
        parsed = parse_html(body.decode("utf-8"))
        base = urljoin(url, parsed.base) if parsed.base else url
        for ref in parsed.references:
            check(url, urljoin(base, ref.value), ref.loaded, follow)

    seen = {home}
    queue: deque[str] = deque([home])
    while queue:
        url = queue.popleft()
        status, _, body = get(url)
        if status != 200:
            result.findings.append(Finding("subpath", url, "broken", f"{status}"))
            continue
        page(url, body, queue)

    status, kind, body = _fetch(origin + missing)
    if status != 404 or kind != "text/html":
        result.findings.append(Finding("subpath", missing, "no-404-page", f"{status} {kind}"))
    else:
        page(origin + missing, body, None)

    status, _, body = get(home + "sitemap.xml")
    if status != 200:
        result.findings.append(Finding("subpath", "sitemap.xml", "broken", str(status)))
    else:
        for loc in ElementTree.fromstring(body).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
            result.sitemap_entries += 1
            if not (loc.text or "").startswith(site_url):
                result.findings.append(Finding("subpath", "sitemap.xml", "not-this-site", loc.text or ""))
            check("sitemap.xml", loc.text or "", False, None)
    return result
