"""What readers get: the example site built once and read back as HTML and SVG, page by page.

Every assertion compares the parsed pages with the model they were built from,
so a picture that stops matching its data fails here.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from tests.conftest import REPO
from wijkgen.build import BuildResult, load_and_assemble
from wijkgen.i18n.catalogue import catalogue
from wijkgen.model.entities import Site, Wijk

NL = catalogue("nl")


class Built:
    """The built example site: pages parsed on demand, links resolved to files."""

    def __init__(self, out: Path, site: Site) -> None:
        self.out = out
        self.site = site

    def page(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.out / path).read_text(encoding="utf-8"), "html.parser")

    def resolve(self, from_path: str, href: str) -> str:
        """The output file a relative link on ``from_path`` leads to."""
        assert "://" not in href and not href.startswith("/"), href
        target = href.split("#", 1)[0]
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), target))
        path = f"{joined}/index.html" if target.endswith("/") or target == "" else joined
        path = path.removeprefix("./")
        assert (self.out / path).is_file(), f"{href} on {from_path} leads nowhere"
        return path

    def pages(self) -> Iterator[str]:
        for p in sorted(self.out.rglob("*.html")):
            yield p.relative_to(self.out).as_posix()


@pytest.fixture(scope="module")
def built(example_build: BuildResult) -> Built:
    return Built(example_build.out, load_and_assemble(REPO, display_base=REPO).site)


def words(node: Tag | None) -> str:
    assert node is not None
    return " ".join(node.get_text(" ").split())


def only(node: Tag | BeautifulSoup, selector: str) -> Tag:
    found = node.select(selector)
    assert len(found) == 1, f"{selector}: {len(found)} found"
    return found[0]


def svg_title(svg: Tag) -> str:
    title = svg.find("title", id=svg["aria-labelledby"])
    assert isinstance(title, Tag)
    return words(title)


def collective_url(wijk: Wijk, slug: str) -> str:
    return f"{wijk.slug}/collectieven/{slug}/index.html"


# -- 1. step progress -----------------------------------------------------------------------


def test_home_page_compares_every_wijk_in_a_matrix_and_a_table(built: Built) -> None:
    home = built.page("index.html")
    svg = only(home, "svg.grafiek-matrix.svg-breed")
    only(home, "svg.grafiek-matrix.svg-smal")  # the same chart drawn for a phone
    assert svg["role"] == "img" and svg_title(svg) == NL["matrix.title"].format(total=5)
    labels = [words(t) for t in svg.find_all("text")]
    marks = [m["class"][1] for m in svg.select("g.teken")]
    expected = [p.status.name.lower() for w in built.site.wijken for p in w.progress]
    assert marks == ["teken-" + s for s in expected]
    for wijk in built.site.wijken:
        assert wijk.name in labels and f"{wijk.steps_done}/5" in labels
        assert wijk.name in words(svg.find("desc"))
    rows = only(home, "table.matrix-tabel").select("tbody tr")
    assert [words(r.th) for r in rows] == [w.name for w in built.site.wijken]
    for row, wijk in zip(rows, built.site.wijken, strict=True):
        assert built.resolve("index.html", row.th.a["href"]) == f"{wijk.slug}/stappen/index.html"
        cells = row.select("td.status-cel")
        assert [words(c) for c in cells] == [NL[f"status.{p.status.value}"] for p in wijk.progress]


def test_wijk_page_says_which_step_it_is_at_and_invites_people_to_it(built: Built) -> None:
    for wijk in built.site.wijken:
        page = built.page(f"{wijk.slug}/index.html")
        current = wijk.current
        assert current is not None
        # at the top, before the story: the step, and what a resident can do now
        counter = words(only(page, ".wijk-overzicht .voortgang-tekst"))
        assert counter.startswith(f"Stap {current.step.number} van 5: {current.step.title}")
        call = only(page, ".wijk-overzicht div.oproep")
        if current.call_to_action:
            assert current.call_to_action.text in words(call)
            assert call.find("a", href=current.call_to_action.url) is not None
        if wijk.needs:
            assert call.find("a", href="#wijk-behoeften") is not None
    assert any(w.current and w.current.call_to_action for w in built.site.wijken)


def test_steps_page_has_a_timeline_with_dates_milestones_and_collectives(built: Built) -> None:
    for wijk in built.site.wijken:
        path = f"{wijk.slug}/stappen/index.html"
        page = built.page(path)
        svg = only(page, "figure.tijdlijn svg.grafiek-tijdlijn.svg-breed")
        only(page, "figure.tijdlijn svg.grafiek-tijdlijn.svg-smal")
        assert svg["role"] == "img"
        assert [g["class"][1] for g in svg.select("g.teken")] == [
            "teken-" + p.status.name.lower() for p in wijk.progress]
        assert len(svg.select("path.mijlpaal")) == sum(len(p.milestones) for p in wijk.progress)
        desc = words(svg.find("desc"))
        for p in wijk.progress:
            step = only(page, f"li#stap-{p.step.id}")
            assert words(step.select_one(".stap-status")) == NL[f"status.{p.status.value}"]
            assert f"Stap {p.step.number}, {p.step.title}" in desc
            dates = {t["datetime"] for t in step.select(".stap-data time")}
            assert dates == {d.isoformat() for d in (p.start, p.end) if d}
            assert [t["datetime"] for t in step.select(".mijlpalen time")] == [m.date.isoformat() for m in p.milestones]
            links = [a for a in step.select("ul.komma-lijst a")]
            assert [built.resolve(path, a["href"]) for a in links] == [
                collective_url(wijk, c.slug) for c in p.collectives]
            assert bool(step.select("div.oproep")) == (p.call_to_action is not None)


# -- 2. plural value ------------------------------------------------------------------------


def test_wijk_value_chart_counts_the_collectives_per_value(built: Built) -> None:
    values = built.site.framework.values
    for wijk in built.site.wijken:
        path = f"{wijk.slug}/index.html"
        page = built.page(path)
        svg = only(page, "svg.grafiek-staven.svg-breed")
        only(page, "svg.grafiek-staven.svg-smal")
        assert svg["role"] == "img" and wijk.name in svg_title(svg)
        counts = [len(wijk.collectives_creating(v)) for v in values]
        assert [words(t) for t in svg.select("text.staaf-getal")] == [str(n) for n in counts]
        widths = [float(r["width"]) for r in svg.select("rect.staaf")]
        assert len(widths) == sum(1 for n in counts if n)
        full = float(svg.select("rect")[0]["width"])  # the pale track behind each bar
        assert max(widths) == pytest.approx(full)
        desc = words(svg.find("desc"))
        for v, n in zip(values, counts, strict=True):
            assert f"{NL['waarde.' + v]}: {n} van de {len(wijk.collectives)} collectieven" in desc
        items = page.select("ul.waarde-lijst li")
        assert [built.resolve(path, li.a["href"]) for li in items] == [f"waarden/{v.replace(' ', '-')}/index.html"
                                                                        for v in values]


def test_collective_and_value_pages_link_both_ways(built: Built) -> None:
    site = built.site
    for value in site.framework.values:
        path = f"waarden/{value.replace(' ', '-')}/index.html"
        page = built.page(path)
        assert words(page.h1) == f"Waarde: {NL['waarde.' + value]}"
        listed = {built.resolve(path, a["href"]) for a in page.select("ul.collectieven h3 a")}
        expected = {collective_url(w, c.slug) for w, cs in site.collectives_creating(value) for c in cs}
        assert listed == expected
    for wijk in site.wijken:
        for c in wijk.collectives:
            path = collective_url(wijk, c.slug)
            links = only(built.page(path), "ul.labels").find_all("a")
            assert [words(a) for a in links] == [NL["waarde." + v] for v in c.values]
            for a in links:
                target = built.resolve(path, a["href"])
                back = {built.resolve(target, x["href"]) for x in built.page(target).select("ul.collectieven h3 a")}
                assert path in back
    overview = built.page("waarden/index.html")
    rows = overview.select("table.waarden-tabel tbody tr")
    assert [words(r.th) for r in rows] == [NL["waarde." + v] for v in site.framework.values]
    for row, value in zip(rows, site.framework.values, strict=True):
        numbers = [int(words(td)) for td in row.find_all("td")]
        per_wijk = [len(w.collectives_creating(value)) for w in site.wijken]
        assert numbers == [*per_wijk, sum(per_wijk)]


# -- 3. needs -------------------------------------------------------------------------------


def test_one_page_per_kind_of_need_with_who_and_how_to_reach_them(built: Built) -> None:
    site = built.site
    overview = built.page("doe-mee/index.html")
    kinds = overview.select("ul.soort-kaarten li h3 a")
    assert [words(a) for a in kinds] == [NL["behoefte." + k] for k in site.framework.needs]
    for kind, a in zip(site.framework.needs, kinds, strict=True):
        path = built.resolve("doe-mee/index.html", a["href"])
        page = built.page(path)
        items = page.select("ul.vragen > li")
        expected = [(w, c, n) for w, ns in site.needs_of_kind(kind) for c, n in ns]
        assert len(items) == len(expected)
        for li, (wijk, c, need) in zip(items, expected, strict=True):
            assert words(li.select_one(".vraag")) == " ".join(need.description.split())
            who = li.select_one(".vraag-wie a")
            assert built.resolve(path, who["href"]) == collective_url(wijk, c.slug)
            reach = [x["href"] for x in li.select(".bereik a")]
            assert reach and all(h.startswith(("mailto:", "tel:", "https://")) for h in reach)
    assert sum(len(ns) for k in site.framework.needs for _, ns in site.needs_of_kind(k)) == sum(
        len(w.needs) for w in site.wijken) > 0


def test_wijk_page_lists_needs_as_a_card_per_collective_with_contact(built: Built) -> None:
    for wijk in built.site.wijken:
        path = f"{wijk.slug}/index.html"
        page = built.page(path)
        cards = page.select("#wijk-behoeften ~ ul.hulpkaarten > li.hulpkaart")
        asking = list(dict.fromkeys(c.slug for c, _ in wijk.needs))
        # each collective once, with all it asks for, by kind, and its contact once
        assert [built.resolve(path, card.select_one(".hulpkaart-naam a")["href"]) for card in cards] == [
            collective_url(wijk, slug) for slug in asking]
        for card, slug in zip(cards, asking, strict=True):
            own = [n for c, n in wijk.needs if c.slug == slug]
            assert [words(dt) for dt in card.select("dt")] == [NL["behoefte." + n.kind] for n in own]
            assert all(built.resolve(path, dt.a["href"]).startswith("doe-mee/") for dt in card.select("dt"))
            assert len(card.select(".hulpkaart-contact .bereik")) == 1


# -- 4. maps --------------------------------------------------------------------------------


def test_wijk_map_marks_every_collective_with_coordinates_and_lists_the_rest(built: Built) -> None:
    unmapped_seen = 0
    for wijk in built.site.wijken:
        assert wijk.boundary is not None and 8 <= len(wijk.boundary.rings[0]) <= 20
        path = f"{wijk.slug}/index.html"
        page = built.page(path)
        svg = only(page, "svg.kaart-svg.svg-breed")
        only(page, "svg.kaart-svg.svg-smal")
        assert "role" not in svg.attrs and svg_title(svg) == f"Kaart van {wijk.name} met de collectieven"
        assert svg.select("path.grens")
        markers = svg.find_all("a")
        assert [built.resolve(path, a["href"]) for a in markers] == [collective_url(wijk, c.slug) for c in wijk.mapped]
        assert [a["aria-label"] for a in markers] == [f"{i}: {c.name}" for i, c in enumerate(wijk.mapped, 1)]
        assert [words(a.find("text")) for a in markers] == [str(i) for i in range(1, len(wijk.mapped) + 1)]
        listed = page.select("ol.kaart-lijst li")
        assert [words(li.a) for li in listed] == [c.name for c in wijk.mapped]
        assert [li["value"] for li in listed] == [str(i) for i in range(1, len(wijk.mapped) + 1)]
        rest = page.select("ul.kaart-lijst-niet li")
        assert [words(li.a) for li in rest] == [c.name for c in wijk.unmapped]
        for li, c in zip(rest, wijk.unmapped, strict=True):
            assert c.location.address in words(li)
        unmapped_seen += len(rest)
        caption = words(only(page, ".kaart-figuur figcaption"))
        assert "geen officiële wijkgrens" in caption
    assert unmapped_seen >= 2  # address-only collectives are listed, not geocoded


def test_collective_page_shows_where_it_is_only_when_it_has_coordinates(built: Built) -> None:
    for wijk in built.site.wijken:
        for c in wijk.collectives:
            page = built.page(collective_url(wijk, c.slug))
            svgs = page.select(".feiten-ligging .kaart-locator-figuur svg")
            if c.location.lat is None:
                assert svgs == []
            else:
                (svg,) = svgs
                assert svg["role"] == "img" and svg_title(svg) == f"Ligging van {c.name} in {wijk.name}"
                assert svg.find("a") is None


# -- 5. anchor institutions -----------------------------------------------------------------


def test_anchor_commitments_with_several_years_get_a_trend_next_to_their_table(built: Built) -> None:
    charted = 0
    for wijk in built.site.wijken:
        page = built.page(f"{wijk.slug}/ankerinstellingen/index.html")
        for anchor in wijk.anchors:
            section = only(page, f"section#instelling-{anchor.slug}")
            items = section.select("li.toezegging")
            assert len(items) == len(anchor.commitments)
            for li, commitment in zip(items, anchor.commitments, strict=True):
                svgs = li.select("figure.trend svg.svg-breed")
                rows = li.select("table.cijfers tbody tr")
                assert [words(r.th) for r in rows] == [str(f.year) for f in commitment.figures]
                if len({f.year for f in commitment.figures}) >= 2:
                    (svg,) = svgs
                    charted += 1
                    assert svg["role"] == "img" and anchor.name in svg_title(svg)
                    assert [words(t) for t in svg.select("text.trend-jaar")] == [words(r.th) for r in rows]
                    table_numbers = [words(r.select_one("td.getal")).split()[0] for r in rows]
                    assert [words(t) for t in svg.select("text.trend-getal")] == table_numbers
                else:
                    assert svgs == []
    assert charted >= 2


# -- 6. key figures -------------------------------------------------------------------------


def test_key_figures_show_year_source_and_the_city_comparison_in_words(built: Built) -> None:
    compared = 0
    for wijk in built.site.wijken:
        page = built.page(f"{wijk.slug}/index.html")
        boxes = page.select(".kerncijfer")
        assert len(boxes) == len(wijk.key_figures)
        for box, figure in zip(boxes, wijk.key_figures, strict=True):
            source = words(box.select_one(".kerncijfer-bron"))
            assert source.startswith(str(figure.year)) and figure.source in source
            city = box.select_one(".kerncijfer-stad")
            if figure.city_value is None:
                assert city is None
                continue
            compared += 1
            if figure.value > figure.city_value:
                kind, word = "hoger", "hoger dan heel"
            elif figure.value < figure.city_value:
                kind, word = "lager", "lager dan heel"
            else:
                kind, word = "gelijk", "gelijk aan heel"
            span = only(city, f"span.vergelijk-{kind}")
            assert only(span, ".pijl")["aria-hidden"] == "true"
            assert f"{word} {wijk.city}" in words(span)
    assert compared >= 3


def test_key_figures_with_earlier_years_show_a_line_the_direction_and_every_number(built: Built) -> None:
    trends = 0
    for wijk in built.site.wijken:
        page = built.page(f"{wijk.slug}/index.html")
        for box, figure in zip(page.select(".kerncijfer"), wijk.key_figures, strict=True):
            trend = box.select_one(".kerncijfer-trend")
            if not figure.earlier:
                assert trend is None
                continue
            trends += 1
            spark = only(trend, "svg.spark")
            assert spark["aria-hidden"] == "true" and spark.find("text") is None  # the words say it
            assert len(spark.select("circle")) == len(figure.series)
            first_year, first = figure.series[0]
            word = "gestegen" if figure.value > first else "gedaald" if figure.value < first else "gelijk gebleven"
            assert words(trend.select_one(".kerncijfer-richting")) == f"{word} sinds {first_year}"
            years = [words(s) for s in trend.select(".kerncijfer-jaar")]
            assert [y.split(":")[0] for y in years] == [str(year) for year, _ in figure.series]
    assert trends >= 6  # every example wijk gives several years for some figures


# -- accessibility and self-containment of every page ---------------------------------------


def test_every_picture_is_named_or_hidden_and_nothing_comes_from_elsewhere(built: Built) -> None:
    pictures = 0
    for path in built.pages():
        page = built.page(path)
        ids = [t["id"] for t in page.find_all(id=True)]
        assert len(ids) == len(set(ids)), f"duplicate ids on {path}"
        for svg in page.find_all("svg"):
            pictures += 1
            if svg.get("aria-hidden") == "true":
                assert svg.find("a") is None
                continue
            assert svg.get("role") == "img" or (svg.get("role") is None and svg.find("a")), path
            assert svg_title(svg), path
            if svg.get("role") == "img":
                assert svg.find("a") is None, f"a link inside an img picture on {path}"
            if svg.get("aria-describedby"):
                assert words(svg.find("desc", id=svg["aria-describedby"]))
        for script in page.find_all("script"):  # data (JSON-LD) or the site's own search enhancement only
            local = script.get("src") and not re.match(r"^(https?:)?//", script["src"])
            assert script.get("type") == "application/ld+json" or local, f"{path}: {script}"
        for tag, attr in (("link", "href"), ("img", "src"), ("image", "href"), ("use", "href")):
            for node in page.find_all(tag):
                if tag == "link" and set(node.get("rel", [])) & {"canonical", "alternate"}:
                    continue  # an address of this page or its feed, not something the browser loads
                assert not re.match(r"^(https?:)?//", node.get(attr, "")), f"{path} loads {node.get(attr)}"
    assert pictures > 50


def test_every_page_has_a_print_stylesheet_that_hides_the_screen_only_parts(built: Built) -> None:
    for path in built.pages():
        links = built.page(path).select('link[rel="stylesheet"][media="print"]')
        assert [built.resolve(path, link["href"]) for link in links] == ["static/print.css"]
    css = re.sub(r"/\*.*?\*/", "", (built.out / "static/print.css").read_text(encoding="utf-8"), flags=re.S)
    assert "@page" in css
    rules = {}
    for selectors, body in re.findall(r"([^{}@]+)\{([^{}]*)\}", css):
        for selector in selectors.split(","):
            rules.setdefault(selector.strip(), []).append(body)

    def declares(selector: str, declaration: str) -> bool:
        return any(declaration in " ".join(b.split()) for b in rules.get(selector, []))

    for hidden in (".menu", ".skiplink", ".als-tabel"):
        assert declares(hidden, "display: none"), hidden
    assert declares("svg", "print-color-adjust: exact")
    assert declares("figure", "break-inside: avoid")
    wijk_page = built.page(f"{built.site.wijken[0].slug}/index.html")
    assert wijk_page.select(".menu") and wijk_page.select("figure")
