"""A crawler over the files of a built site: broken links, anchors, images and unreachable pages.

It starts at ``index.html`` and follows every link to an HTML page of the site, the way a reader
clicking around would, reading the files directly (no server). Every address in the HTML (links,
images, stylesheets, scripts, ``srcset``, inline styles) and in the CSS files (``url()``,
``@import``) must point at a file of the site, and a ``#fragment`` at an ``id`` on the target page.
Loaded resources (stylesheets, images, scripts, fonts) must be local; links to other sites are
allowed and counted. Every HTML page except ``404.html`` must be reachable from the home page.
"""

from __future__ import annotations

import posixpath
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.sitecheck.findings import Finding

# Attributes whose value is an address the browser loads as part of the page (not a link to click).
_RESOURCE_ATTRS = {
    ("img", "src"), ("script", "src"), ("source", "src"), ("video", "src"), ("video", "poster"),
    ("audio", "src"), ("track", "src"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
    ("input", "src"), ("image", "href"), ("image", "xlink:href"), ("use", "href"), ("use", "xlink:href"),
}
_SRCSET_TAGS = {"img", "source"}
_LINK_RELS_LOADED = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon",
                     "shortcut", "mask-icon", "prefetch"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
_IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico")
NOT_FETCHED = ("mailto:", "tel:", "data:", "javascript:", "sms:", "geo:")
_LOCAL = "site.invalid"  # stands for the site's own host while resolving addresses


@dataclass(frozen=True)
class Reference:
    """One address found in a file: where, and whether the browser loads it or a reader follows it."""

    value: str
    loaded: bool  # True for stylesheets, images, scripts; False for links
    tag: str


@dataclass
class ParsedPage:
    """The addresses and fragment targets of one HTML file."""

    references: list[Reference] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    base: str = ""  # the href of <base>, which relative addresses resolve against ("" without one)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = ParsedPage()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        refs = self.page.references
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "base" and not self.page.base:
            self.page.base = values.get("href", "")
        for attr in ("href", "xlink:href"):  # links in HTML, and in inline SVG (a map's markers)
            if tag in ("a", "area") and attr in values:
                refs.append(Reference(values[attr], False, tag))
        if tag == "link" and "href" in values:
            rels = set(values.get("rel", "").lower().split())
            refs.append(Reference(values["href"], bool(rels & _LINK_RELS_LOADED), tag))
        for (t, attr) in _RESOURCE_ATTRS:
            if t == tag and attr in values:
                refs.append(Reference(values[attr], True, tag))
        if tag in _SRCSET_TAGS and "srcset" in values:
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    refs.append(Reference(candidate.split()[0], True, tag))
        if "style" in values:
            refs.extend(Reference(url, True, tag) for url in css_urls(values["style"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.page.references.extend(Reference(url, True, "style") for url in css_urls(data))


def css_urls(css: str) -> list[str]:
    """The addresses in a piece of CSS: ``url(...)`` and ``@import "..."``."""
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(css) if (m.group(2) or m.group(4))]


def parse_html(text: str) -> ParsedPage:
    """The references and ids of an HTML document."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


@dataclass
class CrawlResult:
    """What a crawl found, and how much it looked at."""

    findings: list[Finding] = field(default_factory=list)
    pages: int = 0  # HTML pages in the site
    reached: int = 0  # of those, reached from the home page
    references: int = 0  # addresses checked
    external_links: int = 0  # links to other sites (allowed)


@dataclass(frozen=True)
class _Target:
    path: str  # file path in the site ("" when outside it)
    fragment: str
    local: bool  # on this site


def _resolve(base_path: str, value: str, base_url: str) -> _Target | None:
    """Where ``value``, found in the file ``base_path``, points; None when it is not fetched at all."""
    value = value.strip()
    if not value or value.lower().startswith(NOT_FETCHED):
        return None
    if base_url and value.startswith(base_url):  # an absolute address of this site (canonical, feeds)
        value = "/" + value[len(base_url):]
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return _Target(value, parts.fragment, local=False)
    fragment = unquote(parts.fragment)
    if not parts.path:
        return _Target(base_path, fragment, local=True)
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(base_path), path)
    normal = posixpath.normpath(joined)
    if normal == ".." or normal.startswith("../"):
        return _Target("", fragment, local=True)
    if path.endswith("/") or normal == ".":
        normal = posixpath.join(normal, "index.html") if normal != "." else "index.html"
    return _Target(normal, fragment, local=True)


def crawl(root: Path, base_url: str = "") -> CrawlResult:
    """Crawl the site in ``root`` from its home page; ``base_url`` is the site's own absolute address."""
    result = CrawlResult()
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    html = sorted(f for f in files if f.endswith(".html"))
    result.pages = len(html)
    parsed: dict[str, ParsedPage] = {}
    seen: set[str] = set()  # pages reached from the home page
    css_checked: set[str] = set()
    queue: deque[str] = deque()

    def page(path: str) -> ParsedPage:
        if path not in parsed:
            parsed[path] = parse_html((root / path).read_text(encoding="utf-8"))
        return parsed[path]

    def target_file(target: _Target) -> str | None:
        if target.path in files:
            return target.path
        if posixpath.join(target.path, "index.html") in files:  # a folder without its trailing slash
            return posixpath.join(target.path, "index.html")
        return None

    def check(source: str, ref: Reference, follow: deque[str] | None) -> None:
        target = _resolve(source, ref.value, base_url)
        if target is None:
            return
        result.references += 1
        if not target.local:
            if ref.loaded:
                result.findings.append(Finding("links", source, "external-resource", f"<{ref.tag}> loads {ref.value}"))
            else:
                result.external_links += 1
            return
        if not target.path:
            result.findings.append(Finding("links", source, "outside-site", f"<{ref.tag}> {ref.value}"))
            return
        found = target_file(target)
        if found is None:
            kind = "broken-image" if ref.tag in ("img", "source") or ref.value.lower().endswith(
                _IMAGE_EXTENSIONS) else ("broken-resource" if ref.loaded else "broken-link")
            result.findings.append(Finding("links", source, kind, f"<{ref.tag}> {ref.value}: no file {target.path}"))
            return
        if found.endswith(".html"):
            if target.fragment and target.fragment != "top" and target.fragment not in page(found).ids:
                result.findings.append(
                    Finding("links", source, "broken-anchor", f"<{ref.tag}> {ref.value}: no id '{target.fragment}' "
                            f"in {found}"))
            if follow is not None and not ref.loaded and found not in seen:
                seen.add(found)
                follow.append(found)
        elif found.endswith(".css") and found not in css_checked:
            css_checked.add(found)
            css = (root / found).read_text(encoding="utf-8")
            for url in css_urls(css):
                check(found, Reference(url, True, "css"), None)

    if "index.html" not in files:
        result.findings.append(Finding("links", "index.html", "no-home-page", "the site has no index.html"))
    else:
        seen.add("index.html")
        queue.append("index.html")
    while queue:
        source = queue.popleft()
        for ref in page(source).references:
            check(source, ref, queue)
    # Pages no link leads to are still checked, so that their links are not left out.
    for path in html:
        if path not in seen:
            for ref in page(path).references:
                check(path, ref, None)
            if path != "404.html":
                result.findings.append(Finding("links", path, "unreachable", "no link from the home page leads here"))
    result.reached = len(seen)
    return result
