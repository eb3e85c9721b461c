"""Events: a news item with an `evenement:` block shows when, where and who, and lands in the agenda."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO
from tests.sitetools import html, resolve
from wijkgen.build import load_and_assemble
from wijkgen.cli import main
from wijkgen.load.builddate import build_date

EVENT = "oostwijk/nieuws/2021-04-02-zonnemarkt"


@pytest.fixture(scope="module")
def site(full_site: Path) -> Path:
    return full_site  # built once for the whole run


def facts(block: object) -> dict[str, str]:
    dl = block.find("dl")  # type: ignore[attr-defined]
    for mark in dl.select(".visueel-verborgen"):  # punctuation for the search index's excerpts only
        assert mark.get_text() in (":", ".")
        mark.decompose()
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
    assert [li.find("h3").find("a").get_text() for li in items] == ["Zonnemarkt op het plein"]
    link = items[0].find("h3").find("a")["href"]
    assert resolve(site, "agenda/index.html", link) == (site / EVENT / "index.html").resolve()
    footer_links = {resolve(site, "index.html", a["href"]) for a in html(site / "index.html").select("footer a")}
    assert (site / "agenda/index.html").resolve() in footer_links
    wijk = html(site / "oostwijk/index.html")
    assert [h.get_text() for h in wijk.select("li.agenda-item h4 a")] == ["Zonnemarkt op het plein"]


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


# -- upcoming and past: the build's date, then the reader's ------------------------------------

def _epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()))


def _agenda(root: Path) -> tuple[list[str], list[str], bool]:
    page = html(root / "site" / "agenda" / "index.html")
    upcoming = [li.find("a").get_text() for li in page.select("ul.agenda-komend li")]
    past = [li.find("a").get_text() for li in page.select("ul.agenda-afgelopen li")]
    marked = [m for m in page.select(".label-afgelopen") if not m.has_attr("hidden")]
    assert len(marked) == len(past) and all(m.get_text() == "afgelopen" for m in marked)
    assert page.select_one("script[src$='static/agenda.js']") is not None
    return upcoming, past, page.select_one(".agenda-geen-komend").has_attr("hidden")


@pytest.mark.parametrize(("today", "upcoming", "past"), [
    (dt.date(2021, 5, 9), ["Zonnemarkt op het plein"], []),  # its last day: still on
    (dt.date(2021, 5, 10), [], ["Zonnemarkt op het plein"]),
], ids=["last-day", "day-after"])
def test_agenda_is_split_on_the_build_date(project: Callable[..., Path], runner: CliRunner,
                                           monkeypatch: pytest.MonkeyPatch, today: dt.date,
                                           upcoming: list[str], past: list[str]) -> None:
    root = project("full")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(today))
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert _agenda(root) == (upcoming, past, bool(upcoming))
    event = html(root / "site" / EVENT / "index.html").select_one("section.evenement .label-afgelopen")
    assert event is not None and event.has_attr("hidden") == (not past)


def test_build_date_comes_from_source_date_epoch_then_the_last_commit(tmp_path: Path) -> None:
    assert build_date(tmp_path, {"SOURCE_DATE_EPOCH": _epoch(dt.date(2024, 2, 29))}) == dt.date(2024, 2, 29)
    assert build_date(tmp_path, {}) is None  # no Git checkout, no variable: no date, and never the clock
    assert build_date(tmp_path, {"SOURCE_DATE_EPOCH": "gisteren"}) is None
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    stamp = {"GIT_COMMITTER_DATE": "2023-03-14T10:00:00+00:00", "GIT_AUTHOR_DATE": "2023-03-14T10:00:00+00:00"}
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "wijkgen.yaml").write_text("titel: Test\n", encoding="utf-8")
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "start"], cwd=tmp_path, check=True, env={**os.environ, **stamp})
    assert build_date(tmp_path, {}) == dt.date(2023, 3, 14)
    assert build_date(tmp_path, {"SOURCE_DATE_EPOCH": _epoch(dt.date(2025, 1, 1))}) == dt.date(2025, 1, 1)
