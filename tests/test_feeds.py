"""Atom feeds: they parse as Atom, list the right items newest first, and take every date from the content."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.sitetools import html, resolve
from wijkgen.build import build
from wijkgen.outputs.feeds import ATOM, timestamp

A = f"{{{ATOM}}}"
BASE = "https://wijken.example.org/"


@pytest.fixture(scope="module")
def site(full_site: Path) -> Path:
    return full_site  # built once for the whole run


def parse(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{A}feed"
    return root


def check_atom(feed: ET.Element) -> None:
    """What RFC 4287 requires of a feed and of each entry: id, title, updated; links; an author somewhere."""
    for element in (feed, *feed.findall(f"{A}entry")):
        assert element.findtext(f"{A}id"), element
        assert element.findtext(f"{A}title"), element
        updated = element.findtext(f"{A}updated")
        assert updated is not None
        dt.datetime.fromisoformat(updated.replace("Z", "+00:00"))
    assert feed.find(f"{A}author/{A}name") is not None
    assert feed.find(f"{A}link[@rel='self']") is not None
    ids = [e.findtext(f"{A}id") for e in feed.findall(f"{A}entry")]
    assert len(ids) == len(set(ids))


def test_site_feed_lists_all_news_newest_first(site: Path) -> None:
    feed = parse(site / "feed.xml")
    check_atom(feed)
    entries = feed.findall(f"{A}entry")
    titles = [e.findtext(f"{A}title") for e in entries]
    assert titles == ["Zonnemarkt op het plein", "Droomsessie op het plein"]
    assert feed.findtext(f"{A}updated") == "2021-04-02T00:00:00Z"  # the newest item's date, not the clock
    assert [e.findtext(f"{A}published") for e in entries] == [timestamp(dt.date(2021, 4, 2)),
                                                              timestamp(dt.date(2021, 3, 1))]
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl"


def test_feed_links_point_at_the_pages(site: Path) -> None:
    for name in ("feed.xml", "oostwijk/feed.xml"):
        feed = parse(site / name)
        assert feed.find(f"{A}link[@rel='self']").get("href") == BASE + name  # type: ignore[union-attr]
        for entry in feed.findall(f"{A}entry"):
            href = entry.find(f"{A}link[@rel='alternate']").get("href")  # type: ignore[union-attr]
            assert href is not None and href.startswith(BASE)
            assert entry.findtext(f"{A}id") == href
            assert (site / href.removeprefix(BASE) / "index.html").is_file()


def test_event_entry_says_when_where_and_who(site: Path) -> None:
    feed = parse(site / "oostwijk/feed.xml")
    entry = feed.findall(f"{A}entry")[0]
    assert {c.get("term") for c in entry.findall(f"{A}category")} == {"oostwijk", "evenement"}
    # The summary holds "<script>" as text: it stays text, escaped by the XML writer.
    assert entry.findtext(f"{A}summary") == (
        "Twee dagen markt over zonnepanelen, met een <script> in de samenvatting & een ampersand.")
    content = entry.find(f"{A}content")
    assert content is not None and content.get("type") == "html"
    text = content.text or ""
    assert "zaterdag 8 mei 2021 – zondag 9 mei 2021, 10:00–16:30" in text
    assert "Het plein, Pleinweg 1, 1000 AA Teststad" in text
    assert "georganiseerd door Energiecoöperatie Oost" in text
    assert "<strong>zonnemarkt</strong>" in text


def test_wijk_without_news_has_no_feed(site: Path) -> None:
    assert (site / "oostwijk/feed.xml").is_file()
    assert not (site / "westwijk/feed.xml").exists()
    assert not (site / "westwijk/nieuws").exists()


def test_pages_announce_their_feeds(site: Path) -> None:
    page = html(site / "oostwijk/index.html")
    feeds = [link.get("href") for link in page.find_all("link", rel="alternate", type="application/atom+xml")]
    assert [resolve(site, "oostwijk/index.html", str(f)) for f in feeds] == [
        (site / "feed.xml").resolve(), (site / "oostwijk/feed.xml").resolve()]


def test_without_base_url_links_are_relative_and_ids_stable(tmp_path: Path) -> None:
    root = tmp_path / "full"
    shutil.copytree(FIXTURES / "full", root)
    config = root / "wijkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"basis_url: {BASE}\n", ""), encoding="utf-8")
    build(root, display_base=root)
    site = root / "site"
    feed = parse(site / "oostwijk/feed.xml")
    check_atom(feed)
    assert feed.find(f"{A}link[@rel='self']").get("href") == "../oostwijk/feed.xml"  # type: ignore[union-attr]
    first = feed.find(f"{A}entry")
    assert first is not None
    href = first.find(f"{A}link[@rel='alternate']").get("href")  # type: ignore[union-attr]
    assert href == "../oostwijk/nieuws/2021-04-02-zonnemarkt/"
    assert resolve(site, "oostwijk/feed.xml", href).is_file()
    assert (first.findtext(f"{A}id") or "").startswith("urn:uuid:")
    before = (site / "oostwijk/feed.xml").read_bytes()
    build(root, display_base=root)
    assert (site / "oostwijk/feed.xml").read_bytes() == before
