"""The plan stage: which pages exist, their addresses and templates. Pure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from wijkgen.model.entities import Collective, NewsItem, Site, Wijk
from wijkgen.model.slug import topic_slugs
from wijkgen.schema.framework import Framework

VALUES_URL = "waarden/"
NEEDS_URL = "doe-mee/"


@dataclass(frozen=True)
class Page:
    """One page to render: its kind, address, template and the objects it shows."""

    kind: str
    url: str
    title: str
    template: str
    wijk: Wijk | None = None
    collective: Collective | None = None
    item: NewsItem | None = None
    topic: str = ""

    @property
    def output_path(self) -> str:
        """Where the page is written, relative to the output folder (a ``.html`` address is the file itself)."""
        return self.url if self.url.endswith(".html") else f"{self.url}index.html"


@dataclass(frozen=True)
class PagePlan:
    """Every page of the site, for templates that list them (the search page's list of all pages)."""

    pages: tuple[Page, ...]

    @cached_property
    def by_wijk(self) -> dict[str, tuple[Page, ...]]:
        """The pages about each wijk, by the wijk's slug, in plan order."""
        found: dict[str, list[Page]] = {}
        for page in self.pages:
            if page.wijk is not None:
                found.setdefault(page.wijk.slug, []).append(page)
        return {slug: tuple(pages) for slug, pages in found.items()}

    @cached_property
    def site_wide(self) -> tuple[Page, ...]:
        """The pages about no wijk in particular (home, values, needs, search...), in plan order."""
        return tuple(page for page in self.pages if page.wijk is None)


def url_for(target: Wijk | Collective | NewsItem | str) -> str:
    """The site-relative address of a model object's page (a string is already an address)."""
    if isinstance(target, Wijk):
        return f"{target.slug}/"
    if isinstance(target, Collective):
        return f"{target.wijk_slug}/collectieven/{target.slug}/"
    if isinstance(target, NewsItem):
        return f"{target.wijk_slug}/nieuws/{target.slug}/"
    return target


def value_url(framework: Framework, value: str) -> str:
    """The address of the page listing every collective that creates ``value``."""
    return f"{VALUES_URL}{topic_slugs(framework.values)[value]}/"


def need_url(framework: Framework, kind: str) -> str:
    """The address of the page listing every need of one kind, across wijken."""
    return f"{NEEDS_URL}{topic_slugs(framework.needs)[kind]}/"


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url``, both site-relative; works from any folder."""
    depth = from_url.count("/")
    prefix = "../" * depth
    return prefix + to_url if (prefix + to_url) else "./"


def plan_pages(site: Site, each_wijk: Callable[[Wijk], tuple[Page, ...]] | None = None) -> list[Page]:
    """Every page of the site, home first, then each wijk's pages in a stable order. ``each_wijk`` plans
    a wijk's own pages (the live preview keeps those of a wijk that is the same object as before)."""
    pages = [Page(kind="index", url="", title=site.config.title, template="index.html")]
    pages.append(Page("waarden", VALUES_URL, site.config.title, "waarden.html"))
    for value in site.framework.values:
        pages.append(Page("waarde", value_url(site.framework, value), value, "waarde.html", topic=value))
    pages.append(Page("doe-mee", NEEDS_URL, site.config.title, "doe-mee.html"))
    for kind in site.framework.needs:
        pages.append(Page("behoefte", need_url(site.framework, kind), kind, "behoefte.html", topic=kind))
    for wijk in site.wijken:
        pages.extend((each_wijk or wijk_pages)(wijk))
    pages.extend(site_pages(site))
    return pages


def wijk_pages(wijk: Wijk) -> tuple[Page, ...]:
    """A wijk's own pages: its overview, steps, anchors, collectives and news."""
    base = url_for(wijk)
    pages = [
        Page("wijk", base, wijk.name, "wijk.html", wijk=wijk),
        Page("stappen", f"{base}stappen/", wijk.name, "stappen.html", wijk=wijk),
        Page("ankerinstellingen", f"{base}ankerinstellingen/", wijk.name, "ankerinstellingen.html", wijk=wijk),
    ]
    for collective in wijk.collectives:
        url = url_for(collective)
        pages.append(Page("collectief", url, collective.name, "collectief.html", wijk=wijk, collective=collective))
    if wijk.news:
        pages.append(Page("nieuws", f"{base}nieuws/", wijk.name, "nieuws.html", wijk=wijk))
        for item in wijk.news:
            pages.append(Page("nieuwsbericht", url_for(item), item.title, "nieuwsbericht.html", wijk=wijk, item=item))
    return tuple(pages)


# Pages about the whole site, after the wijken; the 404 page is served by the web server at any depth.
NOT_FOUND_URL = "404.html"


def site_pages(site: Site) -> list[Page]:
    """The site-wide pages: all news, the agenda, open data, search and the page for a missing address."""
    pages: list[Page] = []
    if site.news:
        pages.append(Page("nieuws-alle", "nieuws/", site.config.title, "nieuws-alle.html"))
    if site.events:
        pages.append(Page("agenda", "agenda/", site.config.title, "agenda.html"))
    pages.append(Page("data", "data/", site.config.title, "data.html"))
    pages.append(Page("zoeken", "zoeken/", site.config.title, "zoeken.html"))
    pages.append(Page("404", NOT_FOUND_URL, site.config.title, "404.html"))
    return pages
