"""The SVG drawing modules on their own: well-formed, accessible, and saying what the data says."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import xml.etree.ElementTree as ET

import pytest

from wijkgen.render import charts, maps, svg

NS = {"s": svg.SVG_NS}


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def assert_named(node: ET.Element, title: str) -> None:
    """The root is a picture whose aria-labelledby points at its own <title> with this text."""
    assert node.tag == f"{{{svg.SVG_NS}}}svg"
    ids = {el.get("id"): el for el in node.iter() if el.get("id")}
    label = ids[node.get("aria-labelledby")]
    assert label.tag == f"{{{svg.SVG_NS}}}title" and label.text == title
    if node.get("aria-describedby"):
        assert ids[node.get("aria-describedby")].tag == f"{{{svg.SVG_NS}}}desc"


def test_matrix_has_one_status_shape_per_cell() -> None:
    rows = [charts.MatrixRow("Oost", ("done", "in_progress", "not_started"), "1/3"),
            charts.MatrixRow("West", ("not_started",) * 3, "0/3")]
    node = parse(charts.progress_matrix(rows, ["1", "2", "3"], "m", "Voortgang", "Oost: 1 van 3."))
    assert_named(node, "Voortgang")
    assert node.get("role") == "img"
    marks = [g.get("class") for g in node.iter(f"{{{svg.SVG_NS}}}g")]
    assert marks == ["teken teken-done", "teken teken-in_progress", "teken teken-not_started",
                     *["teken teken-not_started"] * 3]
    texts = [t.text for t in node.iter(f"{{{svg.SVG_NS}}}text")]
    assert texts[:3] == ["1", "2", "3"] and "Oost" in texts and "0/3" in texts


def test_status_shapes_differ_in_form_not_only_in_colour() -> None:
    shapes = {}
    for status in charts.STATUSES:
        g = charts.status_mark(status, 10, 10, 8)
        shapes[status] = sorted((child.tag, tuple(sorted(k for k in child.attrib if k != "fill"))) for child in g)
    assert len({tuple(s) for s in shapes.values()}) == 3
    icon = parse(charts.status_icon("done"))
    assert icon.get("aria-hidden") == "true"


def test_bars_are_proportional_and_carry_their_numbers() -> None:
    bars = [charts.Bar("Geld", 2, "2"), charts.Bar("Natuur", 4, "4"), charts.Bar("Gelijkheid", 0, "0")]
    node = parse(charts.bar_chart(bars, "b", "Waarden", "Geld: 2; Natuur: 4; Gelijkheid: 0.", bar_width=200))
    assert_named(node, "Waarden")
    widths = [float(r.get("width", "0")) for r in node.iter(f"{{{svg.SVG_NS}}}rect") if r.get("class") == "staaf"]
    assert widths == [100, 200]  # the zero bar draws nothing, but its number is written
    numbers = [t.text for t in node.iter(f"{{{svg.SVG_NS}}}text") if t.get("class") == "staaf-getal"]
    assert numbers == ["2", "4", "0"]


def test_trend_points_rise_with_the_figures_and_are_labelled() -> None:
    points = [charts.TrendPoint(2022, 14, "14"), charts.TrendPoint(2020, 3, "3"), charts.TrendPoint(2021, 5, "5")]
    node = parse(charts.trend_chart(points, "t", "Lokaal inkopen", "2020: 3; 2021: 5; 2022: 14."))
    assert_named(node, "Lokaal inkopen")
    circles = [(float(c.get("cx", "0")), float(c.get("cy", "0"))) for c in node.iter(f"{{{svg.SVG_NS}}}circle")]
    assert [x for x, _ in circles] == sorted(x for x, _ in circles)  # in year order
    assert circles[0][1] > circles[1][1] > circles[2][1]  # higher figure, higher on the page
    assert [t.text for t in node.iter(f"{{{svg.SVG_NS}}}text") if t.get("class") == "trend-jaar"] == [
        "2020", "2021", "2022"]
    assert [t.text for t in node.iter(f"{{{svg.SVG_NS}}}text") if t.get("class") == "trend-getal"] == ["3", "5", "14"]


def test_timeline_draws_bars_arrows_and_milestones() -> None:
    rows = [
        charts.TimelineRow("1. Team — afgerond", "done", dt.date(2020, 2, 1), dt.date(2020, 6, 1),
                           (dt.date(2020, 3, 1),)),
        charts.TimelineRow("2. Kaart — bezig", "in_progress", dt.date(2020, 7, 1), None,
                           (dt.date(2021, 1, 5), dt.date(2021, 3, 1))),
        charts.TimelineRow("3. Plan — niet gestart", "not_started", note="nog geen datums"),
    ]
    node = parse(charts.timeline(rows, "tl", "Tijdlijn", "Stap 1 …"))
    assert_named(node, "Tijdlijn")
    milestones = [p for p in node.iter(f"{{{svg.SVG_NS}}}path") if p.get("class") == "mijlpaal"]
    assert len(milestones) == 3
    striped = [r for r in node.iter(f"{{{svg.SVG_NS}}}rect") if r.get("fill") == "url(#tl-streep)"]
    assert len(striped) == 1
    assert node.find(".//s:pattern[@id='tl-streep']", NS) is not None
    texts = [t.text for t in node.iter(f"{{{svg.SVG_NS}}}text")]
    assert {"2020", "2021", "nog geen datums", "3. Plan — niet gestart"} <= set(texts)
    assert charts.timeline([rows[2]], "x", "Tijdlijn", "") == ""


def test_map_markers_are_named_links_and_never_hide_each_other() -> None:
    ring = ((4.95, 52.31), (4.96, 52.31), (4.96, 52.32), (4.95, 52.32))
    markers = [maps.Marker(i, f"{i}: Collectief {i}", f"c{i}/", (4.955, 52.315)) for i in (1, 2, 3)]
    node = parse(maps.wijk_map([ring], markers, "k", "Kaart", "3 punten.", lambda m: f"{m} m"))
    assert_named(node, "Kaart")
    assert node.get("role") is None  # links inside: not an img, whose inside is hidden
    links = node.findall(".//s:a", NS)
    assert [a.get("href") for a in links] == ["c1/", "c2/", "c3/"]
    assert [a.get("aria-label") for a in links] == ["1: Collectief 1", "2: Collectief 2", "3: Collectief 3"]
    assert [a.find("s:title", NS).text for a in links] == ["1: Collectief 1", "2: Collectief 2", "3: Collectief 3"]
    centres = [(float(a.find(".//s:circle", NS).get("cx")), float(a.find(".//s:circle", NS).get("cy")))
               for a in links]
    for (x1, y1), (x2, y2) in itertools.combinations(centres, 2):
        assert math.hypot(x1 - x2, y1 - y2) >= 2 * maps.MARKER_R
    width, height = (float(v) for v in node.get("viewBox", "").split()[2:])
    assert all(0 <= x <= width and 0 <= y <= height for x, y in centres)
    scale = [t.text for t in node.iter(f"{{{svg.SVG_NS}}}text")]
    assert any(t and t.endswith(" m") for t in scale)


def test_map_without_links_is_an_image() -> None:
    ring = ((4.95, 52.31), (4.96, 52.31), (4.96, 52.32))
    node = parse(maps.wijk_map([ring], [maps.Marker(None, "Keuken", "", (4.955, 52.312))], "k", "Ligging", "",
                               lambda m: f"{m} m"))
    assert node.get("role") == "img" and node.find(".//s:a", NS) is None
    assert maps.wijk_map([], [], "k", "Leeg", "", str) == ""


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("colour", [svg.DONE, svg.BUSY, svg.OPEN, svg.AREA_EDGE, svg.INK, svg.MUTED])
def test_picture_colours_stand_out_from_white(colour: str) -> None:
    assert _contrast(colour, svg.WHITE) >= 3.0  # WCAG 1.4.11, non-text contrast
    assert _contrast(colour, "#f6f7f3") >= 3.0  # the map's paper


@pytest.mark.parametrize("colour", [svg.INK, svg.MUTED])
def test_text_colours_are_readable(colour: str) -> None:
    assert _contrast(colour, svg.WHITE) >= 4.5
    assert _contrast(colour, svg.AREA) >= 4.5  # labels drawn over the wijk area


def test_marker_numbers_are_readable_on_the_marker() -> None:
    assert _contrast(svg.WHITE, svg.AREA_EDGE) >= 4.5
