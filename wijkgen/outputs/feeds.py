"""Atom feeds: one for the whole site (``feed.xml``) and one per wijk (``<wijk>/feed.xml``).

Every timestamp comes from the content: an entry is dated by its news item's
``datum`` (midnight UTC, as Atom needs a time), a feed by its newest entry. A
feed without entries would have no honest date, so wijken without news get no
feed. With ``basis_url`` set, links and ids are absolute web addresses; without
it, links are relative to the feed's own address (which Atom allows) and ids
are name-based UUIDs derived from the site title and the page address.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from html import escape

from babel.dates import format_date

from wijkgen import __version__
from wijkgen.i18n.catalogue import locale, text
from wijkgen.model.entities import Event, NewsItem, Site, Wijk
from wijkgen.render.pages import relative_url, url_for

ATOM = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SITE_FEED = "feed.xml"


def feed_url(wijk: Wijk | None = None) -> str:
    """The site-relative address of the site's feed, or of a wijk's feed."""
    return f"{url_for(wijk)}{SITE_FEED}" if wijk is not None else SITE_FEED


def timestamp(day: dt.date) -> str:
    """An Atom date-time for a content date: midnight UTC of that day."""
    return f"{day.isoformat()}T00:00:00Z"


class _Addresses:
    """Turns site-relative addresses into what a feed at ``here`` writes: absolute, or relative to the feed."""

    def __init__(self, site: Site, here: str) -> None:
        self.base = site.config.base_url
        self.title = site.config.title
        self.here = here

    def href(self, url: str) -> str:
        return self.base + url if self.base else relative_url(self.here, url)

    def id(self, url: str) -> str:
        if self.base:
            return self.base + url
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'wijkgen:{self.title}:{url}')}"


def event_sentence(event: Event, language: str) -> str:
    """The event's facts in one line of plain text: when, where and who organises it."""
    when = str(format_date(event.date, format="full", locale=locale(language)))
    if event.end_date and event.end_date != event.date:
        when += " – " + str(format_date(event.end_date, format="full", locale=locale(language)))
    if event.start_time:
        when += ", " + event.start_time.strftime("%H:%M")
        if event.end_time:
            when += "–" + event.end_time.strftime("%H:%M")
    place = event.place + (f", {event.address}" if event.address else "")
    return text("event.sentence", language, {"when": when, "place": place, "organiser": event.organiser})


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def _images_from(html: str, item: NewsItem, page: str) -> str:
    """``html`` with the images of its text pointing at their copies next to the item's page (``page``): in a
    feed, an address relative to the page would be read against the feed's own."""
    for photo in item.body_photos:
        for variant in photo.variants:
            html = re.sub(rf'(?<=["\s]){re.escape(variant.name)}(?=["\s,])', page + variant.name, html)
    return html


def _entry(feed: ET.Element, item: NewsItem, site: Site, to: _Addresses, strings: Mapping[str, str]) -> None:
    wijk = next(w for w in site.wijken if w.slug == item.wijk_slug)
    url = url_for(item)
    entry = ET.SubElement(feed, "entry")
    _text(entry, "title", item.title)
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": to.href(url)})
    _text(entry, "id", to.id(url))
    _text(entry, "published", timestamp(item.date))
    _text(entry, "updated", timestamp(item.date))
    ET.SubElement(entry, "category", {"term": wijk.slug, "label": wijk.name})
    if item.event is not None:
        ET.SubElement(entry, "category", {"term": "evenement", "label": strings["event.label"]})
    if item.summary:
        _text(entry, "summary", item.summary)
    html = _images_from(str(item.body_html), item, to.href(url))
    if item.event is not None:
        facts = event_sentence(item.event, site.config.language)
        html = f"<p><strong>{escape(facts, quote=False)}</strong></p>\n{html}"
    if html.strip():
        _text(entry, "content", html, type="html")


def atom_feed(
    site: Site, items: Sequence[NewsItem], here: str, title: str, page_url: str, strings: Mapping[str, str]
) -> bytes:
    """An Atom document for ``items`` (newest first), written to the site-relative address ``here``."""
    to = _Addresses(site, here)
    attrs = {f"{{{XML_NS}}}lang": site.config.language, "xmlns": ATOM}
    if site.config.base_url:
        attrs[f"{{{XML_NS}}}base"] = site.config.base_url
    feed = ET.Element("feed", attrs)
    _text(feed, "title", title)
    _text(feed, "id", to.id(here))
    _text(feed, "updated", timestamp(max(item.date for item in items)))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": to.href(here)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": to.href(page_url)})
    author = ET.SubElement(feed, "author")
    _text(author, "name", site.config.title)
    _text(feed, "generator", "wijkgen", version=__version__)
    for item in items:
        _entry(feed, item, site, to, strings)
    ET.indent(feed)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def feeds(site: Site, strings: Mapping[str, str]) -> dict[str, bytes]:
    """Every feed of the site by output path: the site's feed and one per wijk with news."""
    out: dict[str, bytes] = {}
    suffix = f" · {site.config.title}"
    if site.news:
        out[SITE_FEED] = atom_feed(site, site.news, SITE_FEED, strings["news.all_title"] + suffix, "nieuws/", strings)
    for wijk in site.wijken:
        if wijk.news:
            here = feed_url(wijk)
            name = text("news.title", site.config.language, {"wijk": wijk.name}) + suffix
            out[here] = atom_feed(site, wijk.news, here, name, f"{url_for(wijk)}nieuws/", strings)
    return out
