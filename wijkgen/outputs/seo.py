"""Being found: canonical addresses, Open Graph tags, JSON-LD, sitemap.xml and robots.txt.

Absolute addresses need ``basis_url``. Without it wijkgen writes no canonical
link, no ``og:url``/``og:image`` and no sitemap.xml (a sitemap must list
absolute addresses); robots.txt is still written, without a Sitemap line, and
JSON-LD leaves out ``url`` and ``image``. The 404 page then assumes the site is
served from the root of its host.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup

from wijkgen.i18n.catalogue import locale
from wijkgen.model.entities import Collective, Event, NewsItem, Photo, Site, Wijk
from wijkgen.render.pages import NOT_FOUND_URL, Page, url_for

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SCHEMA_ORG = "https://schema.org"
# Kinds of collective that are businesses rather than non-profits; every other kind is an NGO.
_BUSINESS_KINDS = frozenset({"coöperatie", "sociale onderneming"})


def absolute(site: Site, url: str) -> str:
    """The absolute address of a site-relative ``url``, or "" when the site has no ``basis_url``."""
    return site.config.base_url + url if site.config.base_url else ""


def base_path(site: Site) -> str:
    """The path the site is served under (from ``basis_url``; "/" without it), ending in a slash."""
    path = urlsplit(site.config.base_url).path if site.config.base_url else "/"
    return path if path.endswith("/") else path + "/"


def canonical(site: Site, page: Page) -> str:
    """The canonical address of ``page``; "" when there is none (no ``basis_url``, or the 404 page)."""
    return "" if page.url == NOT_FOUND_URL else absolute(site, page.url)


def indexed_pages(pages: Sequence[Page]) -> list[Page]:
    """The pages a sitemap lists: every page except the one for missing addresses."""
    return [p for p in pages if p.url != NOT_FOUND_URL]


def sitemap(site: Site, pages: Sequence[Page]) -> bytes | None:
    """sitemap.xml listing every page by absolute address, in page order; None without ``basis_url``."""
    if not site.config.base_url:
        return None
    base_url = site.config.base_url
    urls = [page.url for page in indexed_pages(pages)]
    # Written line by line (ElementTree's indent takes seconds at tens of thousands of pages); the text of
    # each address is escaped by the standard library, so the file is the same as ElementTree would write.
    entries = "".join(f"  <url>\n    <loc>{xml_escape(base_url + url)}</loc>\n  </url>\n" for url in urls)
    head = f"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"{SITEMAP_NS}\">\n"
    return (head + entries + "</urlset>\n").encode("utf-8")


def robots(site: Site) -> bytes:
    """robots.txt: everything may be crawled; names the sitemap when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if site.config.base_url:
        lines.append(f"Sitemap: {absolute(site, 'sitemap.xml')}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _photo_url(site: Site, owner: Collective | NewsItem, photo: Photo) -> str:
    return absolute(site, url_for(owner) + photo.largest.name)


def open_graph(site: Site, page: Page, title: str, description: str) -> list[tuple[str, str]]:
    """Open Graph properties of ``page`` (with its title and description) as (property, content) pairs."""
    item = page.item
    if page.kind == "wijk" and page.wijk is not None:
        title = f"{page.wijk.name}, {page.wijk.city}"
    tags = [
        ("og:type", "article" if item is not None else "website"),
        ("og:title", title),
        ("og:site_name", site.config.title),
        ("og:locale", locale(site.config.language)),
    ]
    if description:
        tags.append(("og:description", description))
    url = canonical(site, page)
    if url:
        tags.append(("og:url", url))
    owner: Collective | NewsItem | None = page.collective or item
    if owner is not None and owner.photos and site.config.base_url:
        photo = owner.photos[0]
        tags += [
            ("og:image", _photo_url(site, owner, photo)),
            ("og:image:width", str(photo.largest.width)),
            ("og:image:height", str(photo.largest.height)),
            ("og:image:alt", photo.alt),
        ]
    if item is not None:
        tags.append(("article:published_time", item.date.isoformat()))
    return tags


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values, so the JSON-LD says only what the content says."""
    return {k: v for k, v in data.items() if v not in ("", None, [], {})}


def _place(wijk: Wijk) -> dict[str, Any]:
    return _clean({
        "@type": "Place",
        "name": wijk.name,
        "containedInPlace": {"@type": "City", "name": wijk.city},
    })


def _codes(wijk: Wijk) -> list[dict[str, str]]:
    """The wijk's CBS codes as schema.org identifiers, to join its data with CBS "Kerncijfers wijken en buurten"."""
    codes = (("CBS gemeentecode", wijk.municipality_code), ("CBS wijkcode", wijk.wijk_code))
    return [{"@type": "PropertyValue", "propertyID": name, "value": code} for name, code in codes if code]


def _when(day: dt.date, time: dt.time | None) -> str:
    return f"{day.isoformat()}T{time.strftime('%H:%M')}" if time else day.isoformat()


def _event(site: Site, item: NewsItem, event: Event, wijk: Wijk) -> dict[str, Any]:
    end = None
    if event.end_date or event.end_time:
        end = _when(event.last_date, event.end_time)
    return _clean({
        "@type": "Event",
        "name": item.title,
        "description": item.summary,
        "startDate": _when(event.date, event.start_time),
        "endDate": end,
        "eventAttendanceMode": f"{SCHEMA_ORG}/OfflineEventAttendanceMode",
        "location": _clean({
            "@type": "Place",
            "name": event.place,
            "address": event.address,
            "containedInPlace": _place(wijk),
        }),
        "organizer": {"@type": "Organization", "name": event.organiser},
        "url": absolute(site, url_for(item)),
        "image": [_photo_url(site, item, p) for p in item.photos] if site.config.base_url else [],
    })


def _collective(site: Site, c: Collective, wijk: Wijk) -> dict[str, Any]:
    loc = c.location
    same_as = [u for u in (c.contact.website, *(link.url for link in c.links)) if u.startswith("http")]
    return _clean({
        "@type": "Organization" if c.kind in _BUSINESS_KINDS else "NGO",
        "name": c.name,
        "description": c.summary,
        "url": absolute(site, url_for(c)),
        "foundingDate": str(c.founded) if c.founded else None,
        "address": loc.address,
        "geo": {"@type": "GeoCoordinates", "latitude": loc.lat, "longitude": loc.lon} if loc.lat is not None else None,
        "email": c.contact.email,
        "telephone": c.contact.phone,
        "sameAs": list(dict.fromkeys(same_as)),
        "location": _place(wijk),
        "image": [_photo_url(site, c, p) for p in c.photos] if site.config.base_url else [],
    })


def structured_data(site: Site, page: Page) -> dict[str, Any] | None:
    """The schema.org description of what ``page`` is about, or None for pages about nothing in particular."""
    data: dict[str, Any] | None = None
    wijk = page.wijk
    if page.kind == "index":
        data = _clean({"@type": "WebSite", "name": site.config.title, "inLanguage": site.config.language,
                       "url": absolute(site, "")})
    elif page.kind == "wijk" and wijk is not None:
        data = {**_place(wijk), **_clean({"description": wijk.summary, "url": absolute(site, page.url),
                                          "identifier": _codes(wijk)})}
    elif page.kind == "collectief" and page.collective is not None and wijk is not None:
        data = _collective(site, page.collective, wijk)
    elif page.kind == "nieuwsbericht" and page.item is not None and wijk is not None:
        item = page.item
        if item.event is not None:
            data = _event(site, item, item.event, wijk)
        else:
            data = _clean({
                "@type": "NewsArticle",
                "headline": item.title,
                "description": item.summary,
                "datePublished": item.date.isoformat(),
                "url": absolute(site, page.url),
                "contentLocation": _place(wijk),
                "image": [_photo_url(site, item, p) for p in item.photos] if site.config.base_url else [],
            })
    if data is None:
        return None
    return {"@context": SCHEMA_ORG, **data}


def json_ld(site: Site, page: Page) -> Markup:
    """The JSON-LD of ``page`` as text that is safe inside a <script> element ("" when there is none)."""
    data = structured_data(site, page)
    if data is None:
        return Markup("")
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # "</script>" or "<!--" in content must not end the script element early.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
