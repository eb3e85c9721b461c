"""Events: a news item with an `evenement:` block shows when, where and who, and lands in the agenda."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.sitetools import html, resolve
from wijkgen.build import load_and_assemble

EVENT = "oostwijk/nieuws/2021-04-02-zonnemarkt"


@pytest.fixture(scope="module")
def site(full_site: Path) -> Path:
    return full_site  # built once for the whole run


def facts(block: object) -> dict[str, str]:
    dl = block.find("dl")  # type: ignore[attr-defined]
    return {dt_.get_text(): dt_.find_next_sibling("dd").get_text(" ", strip=True) for dt_ in dl.find_all("dt")}


def test_event_page_shows_when_where_who(site: Path) -> None:
    page = html(site / EVENT / "index.html")
    block = page.find("section", class_="evenement")
    assert facts(block) == {
        "Wanneer": "8 mei 2021, 10:00 tot 9 mei 2021 , 16:30",
        "Waar": "Het plein Pleinweg 1, 1000 AA Teststad",
        "Organisatie": "Energiecoöperatie Oost",
    }
    times = [t["datetime"] for t in block.find_all("time")]
    assert times == ["2021-05-08T10:00", "2021-05-09", "2021-05-09T16:30"]


def test_agenda_lists_events_and_is_linked(site: Path) -> None:
    agenda = html(site / "agenda/index.html")
    items = agenda.select("li.agenda-item")
    assert [li.find("h2").get_text() for li in items] == ["Zonnemarkt op het plein"]
    link = items[0].find("h2").find("a")["href"]
    assert resolve(site, "agenda/index.html", link) == (site / EVENT / "index.html").resolve()
    footer_links = {resolve(site, "index.html", a["href"]) for a in html(site / "index.html").select("footer a")}
    assert (site / "agenda/index.html").resolve() in footer_links
    wijk = html(site / "oostwijk/index.html")
    assert [h.get_text() for h in wijk.select("li.agenda-item h3")] == ["Zonnemarkt op het plein"]


def test_news_lists_mark_events(site: Path) -> None:
    for rel in ("oostwijk/nieuws/index.html", "nieuws/index.html"):
        items = html(site / rel).select("li.nieuws-item")
        marked = [li.find("h2").get_text() for li in items if li.find(class_="evenement-label")]
        assert marked == ["Zonnemarkt op het plein"], rel
    everything = html(site / "nieuws/index.html").select("li.nieuws-item h2")
    assert [h.get_text() for h in everything] == ["Zonnemarkt op het plein", "Droomsessie op het plein"]


def test_example_site_has_events_in_every_wijk() -> None:
    site = load_and_assemble(REPO, display_base=REPO).site
    assert {n.wijk_slug for n in site.events} == {w.slug for w in site.wijken}
    dates = [n.event.date for n in site.events if n.event]
    assert dates == sorted(dates, reverse=True)
    multi_day = [n.event for n in site.events if n.event and n.event.end_date]
    assert multi_day and multi_day[0].last_date > multi_day[0].date
    assert all(n.event and n.event.start_time and n.event.start_time >= dt.time(9) for n in site.events)
