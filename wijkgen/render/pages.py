"""The plan stage: which pages exist, their addresses and templates. Pure."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from wijkgen.model.entities import Collective, NewsItem, Site, Wijk
from wijkgen.model.slug import topic_slugs
from wijkgen.schema.framework import Framework

VALUES_URL = "waarden/"
NEEDS_URL = "doe-mee/"
WIJKEN_URL = "wijken/"


@dataclass(frozen=True)
class ListLimits:
    """How far a site-wide list (needs, values, wijken) may grow before it is split per wijk and into parts."""

    inline: int = 100  # entries a site-wide page shows in full; beyond it, one line per wijk
    per_part: int = 50  # wijken per page of such a list; more wijken make more pages (pagina-2/, ...)


LIMITS = ListLimits()


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
    part: int = 0  # of a site-wide list split into parts: its number (1, 2, ...); 0 when shown whole
    parts: int = 0  # how many parts that list has

    @property
    def first(self) -> int:
        """Index of the first wijk this part of a list shows (0 for a list shown whole)."""
        return max(self.part - 1, 0) * LIMITS.per_part

    @property
    def stop(self) -> int | None:
        """Index after the last wijk this part shows (None: to the end)."""
        return self.part * LIMITS.per_part if self.part else None

    def part_url(self, number: int) -> str:
        """The address of part ``number`` of the list this page belongs to."""
        base = self.url.removesuffix(f"pagina-{self.part}/") if self.part > 1 else self.url
        return base if number == 1 else f"{base}pagina-{number}/"

    @cached_property
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
    title = site.config.title
    pages = [Page(kind="index", url="", title=title, template="index.html")]
    if len(site.wijken) > LIMITS.per_part:
        pages += in_parts(Page("wijken", WIJKEN_URL, title, "wijken.html"), len(site.wijken))
    pages.append(Page("waarden", VALUES_URL, title, "waarden.html"))
    for value in site.framework.values:
        groups = site.collectives_by_value.get(value, ())
        page = Page("waarde", value_url(site.framework, value), value, "waarde.html", topic=value)
        pages += _whole_or_parts(page, groups, sum(len(group) for _, group in groups))
    with_needs = [w for w in site.wijken if w.needs]
    pages += _whole_or_parts(Page("doe-mee", NEEDS_URL, title, "doe-mee.html"), with_needs,
                             sum(len(w.needs) for w in with_needs))
    for kind in site.framework.needs:
        asking = site.needs_by_kind.get(kind, ())
        page = Page("behoefte", need_url(site.framework, kind), kind, "behoefte.html", topic=kind)
        pages += _whole_or_parts(page, asking, sum(len(needs) for _, needs in asking))
    for wijk in site.wijken:
        pages.extend((each_wijk or wijk_pages)(wijk))
    pages.extend(site_pages(site))
    return pages


def in_parts(page: Page, wijken: int) -> list[Page]:
    """``page`` as a list in parts of :data:`LIMITS`.per_part wijken each (at least one part)."""
    parts = max(1, -(-wijken // LIMITS.per_part))
    first = dataclasses.replace(page, part=1, parts=parts)
    return [first] + [dataclasses.replace(first, url=first.part_url(n), part=n) for n in range(2, parts + 1)]


def _whole_or_parts(page: Page, wijken: Sequence[object], entries: int) -> list[Page]:
    """``page`` whole when its list is short (at most :data:`LIMITS`.inline entries), else one line per wijk
    in parts, so that no page grows with the whole country."""
    return [page] if entries <= LIMITS.inline else in_parts(page, len(wijken))


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
