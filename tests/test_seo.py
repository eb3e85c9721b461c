"""Found by people and machines: sitemap.xml, robots.txt, canonical links, Open Graph, JSON-LD and the 404 page."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.sitetools import build_copy, html, html_pages, page_address, resolve
from wijkgen.outputs.seo import SITEMAP_NS

BASE = "https://wijken.example.org/"


@pytest.fixture(scope="module")
def site(full_site: Path) -> Path:
    return full_site  # built once for the whole run


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture: no basis_url."""
    return build_copy("minimal", tmp_path_factory.mktemp("seo-bare"))


def json_ld(site: Path, rel: str) -> list[dict[str, Any]]:
    scripts = html(site / rel).find_all("script", type="application/ld+json")
    return [json.loads(s.string) for s in scripts]


def test_sitemap_lists_every_page(site: Path) -> None:
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    locs = [loc.text for loc in root.iter(f"{{{SITEMAP_NS}}}loc")]
    pages = [BASE + page_address(rel) for rel in html_pages(site) if rel != "404.html"]
    assert sorted(locs) == sorted(pages)  # type: ignore[type-var]
    assert len(locs) == len(set(locs)) > 15


def test_robots_names_the_sitemap(site: Path) -> None:
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines == ["User-agent: *", "Allow: /", f"Sitemap: {BASE}sitemap.xml"]


def test_every_page_has_its_canonical_address_and_open_graph(site: Path) -> None:
    for rel in html_pages(site):
        page = html(site / rel)
        canonical = page.find_all("link", rel="canonical")
        og = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
        assert og["og:site_name"] == "Volledige testsite", rel
        assert og["og:locale"] == "nl_NL"
        assert og["og:title"]
        if rel == "404.html":
            assert canonical == [] and "og:url" not in og
            continue
        assert [c["href"] for c in canonical] == [BASE + page_address(rel)], rel
        assert og["og:url"] == BASE + page_address(rel)


def test_open_graph_image_is_the_first_photo(site: Path) -> None:
    page = html(site / "oostwijk/collectieven/energiecooperatie/index.html")
    og = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
    assert og["og:image"] == BASE + "oostwijk/collectieven/energiecooperatie/zonnepanelen-800.jpg"
    assert (og["og:image:width"], og["og:image:height"]) == ("800", "1200")
    assert og["og:image:alt"].startswith("Zonnepanelen")
    assert og["og:description"] == "Zonnepanelen op daken van de buurt."


def test_json_ld_of_a_wijk_is_a_place_in_its_city(site: Path) -> None:
    [data] = json_ld(site, "oostwijk/index.html")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Place"
    assert data["name"] == "Oostwijk"
    assert data["containedInPlace"] == {"@type": "City", "name": "Teststad"}
    assert data["url"] == BASE + "oostwijk/"


def test_json_ld_of_collectives(site: Path) -> None:
    [coop] = json_ld(site, "oostwijk/collectieven/energiecooperatie/index.html")
    assert coop["@type"] == "Organization"  # a co-operative is a business
    assert coop["name"] == "Energiecoöperatie Oost"
    assert coop["geo"] == {"@type": "GeoCoordinates", "latitude": 52.315, "longitude": 4.955}
    assert coop["location"]["containedInPlace"]["name"] == "Teststad"
    assert coop["image"] == [BASE + "oostwijk/collectieven/energiecooperatie/zonnepanelen-800.jpg"]
    assert "https://zon.example.org/jaarverslag" in coop["sameAs"]
    [cafe] = json_ld(site, "oostwijk/collectieven/taalcafe/index.html")
    assert cafe["@type"] == "NGO"


def test_json_ld_of_an_event_and_a_news_article(site: Path) -> None:
    [event] = json_ld(site, "oostwijk/nieuws/2021-04-02-zonnemarkt/index.html")
    assert event["@type"] == "Event"
    assert (event["startDate"], event["endDate"]) == ("2021-05-08T10:00", "2021-05-09T16:30")
    assert event["location"]["@type"] == "Place"
    assert event["location"]["address"] == "Pleinweg 1, 1000 AA Teststad"
    assert event["location"]["containedInPlace"]["name"] == "Oostwijk"
    assert event["organizer"] == {"@type": "Organization", "name": "Energiecoöperatie Oost"}
    assert "<script>" in event["description"]  # content text, parsed back from the escaped JSON
    raw = (site / "oostwijk/nieuws/2021-04-02-zonnemarkt/index.html").read_text(encoding="utf-8")
    # the JSON-LD and static/agenda.js: the text cannot end the script element
    assert raw.count("<script") == raw.count("</script>") == 2
    [article] = json_ld(site, "oostwijk/nieuws/2021-03-01-droomsessie/index.html")
    assert article["@type"] == "NewsArticle"
    assert article["datePublished"] == "2021-03-01"
    [website] = json_ld(site, "index.html")
    assert website["@type"] == "WebSite"


def test_404_page_is_friendly_in_both_languages(site: Path) -> None:
    page = html(site / "404.html")
    assert page.find("base")["href"] == "/"  # links work at any depth
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("h1").get_text() == "Pagina niet gevonden"
    english = page.find("section", lang="en")
    assert english is not None and english.find("h2").get_text() == "Page not found"
    hrefs = {a["href"] for a in page.select("main a")}
    assert {"./", "zoeken/"} <= hrefs
    assert page.find("main").get("data-pagefind-body") is None  # not in the search index


def test_without_base_url_nothing_absolute(bare: Path) -> None:
    assert not (bare / "sitemap.xml").exists()
    assert (bare / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    for rel in html_pages(bare):
        page = html(bare / rel)
        assert page.find("link", rel="canonical") is None
        og = {m["property"] for m in page.find_all("meta", property=True)}
        assert "og:url" not in og and "og:image" not in og
        for data in json_ld(bare, rel):
            assert "url" not in data
    assert html(bare / "404.html").find("base")["href"] == "/"


def test_base_url_with_a_path(tmp_path: Path) -> None:
    site = build_copy("minimal", tmp_path, "basis_url: https://example.org/wijken\n")
    assert html(site / "404.html").find("base")["href"] == "/wijken/"
    assert html(site / "index.html").find("link", rel="canonical")["href"] == "https://example.org/wijken/"
    locs = [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().iter(f"{{{SITEMAP_NS}}}loc")]
    assert "https://example.org/wijken/testwijk/" in locs


def test_header_search_form_works_without_javascript(site: Path) -> None:
    for rel in html_pages(site):
        form = html(site / rel).find("form", role="search")
        assert form is not None, rel
        assert form["method"] == "get"
        assert form.find("input", attrs={"name": "q"}) is not None
        if rel != "404.html":
            assert resolve(site, rel, form["action"]) == (site / "zoeken/index.html").resolve(), rel
