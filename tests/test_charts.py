"""The SVG drawing modules on their own: well-formed, accessible, and saying what the data says."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest

from wijkgen.model import geo
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
    texts = ["".join(t.itertext()) for t in node.iter(f"{{{svg.SVG_NS}}}text")]
    assert texts[:3] == ["1", "2", "3"] and "Oost" in texts and "0/3" in texts


STEPS = [charts.MatrixColumn("1", "Wijkteam"), charts.MatrixColumn("2", "Breng de wijk in kaart"),
         charts.MatrixColumn("3", "Droom en plan"), charts.MatrixColumn("4", "Verbind ankerinstellingen"),
         charts.MatrixColumn("5", "Veranker")]
ROWS = [charts.MatrixRow("Wildemanbuurt", ("done", "done", "in_progress", "not_started", "not_started"), "2/5"),
        charts.MatrixRow("De Banne", ("done", "in_progress", *["not_started"] * 3), "1/5")]


@pytest.mark.parametrize("layout", [svg.NARROW, svg.WIDE], ids=lambda layout: layout.name)
def test_matrix_columns_carry_step_names_at_each_width(layout: svg.Layout) -> None:
    node = parse(charts.progress_matrix(ROWS, STEPS, "m", "Voortgang", "", layout=layout))
    width = float(node.get("viewBox", "").split()[2])
    assert width <= layout.width  # never wider than the column it is drawn for, so it is never shrunk there
    heads = ["".join(t.itertext()) for t in node.iter(f"{{{svg.SVG_NS}}}text") if t.get("class") == "matrix-kolom"]
    assert len(heads) == 5 and "Wijkteam" in heads[0] and "Veranker" in heads[4]
    assert any(h.endswith("…") for h in heads)  # "Verbind ankerinstellingen" does not fit in full
    sizes = {float(t.get("font-size", "0")) for t in node.iter(f"{{{svg.SVG_NS}}}text")}
    assert min(sizes) >= 14


def test_matrix_leaves_room_between_a_long_wijk_name_and_the_first_step() -> None:
    node = parse(charts.progress_matrix(ROWS, STEPS, "m", "Voortgang", "", layout=svg.NARROW))
    label = next(t for t in node.iter(f"{{{svg.SVG_NS}}}text") if t.text == "Wildemanbuurt")
    first = next(node.iter(f"{{{svg.SVG_NS}}}circle"))
    name_ends = float(label.get("x", "0")) + svg.text_width("Wildemanbuurt", svg.NARROW.font, bold=True)
    assert float(first.get("cx", "0")) - float(first.get("r", "0")) - name_ends >= 8


def test_bars_stack_their_labels_on_a_phone() -> None:
    bars = [charts.Bar("Werkgelegenheid", 2, "2"), charts.Bar("Lokaal ondernemerschap", 4, "4")]
    narrow = parse(charts.bar_chart(bars, "b", "Waarden", "", layout=svg.NARROW))
    wide = parse(charts.bar_chart(bars, "b", "Waarden", "", layout=svg.WIDE))
    assert float(narrow.get("viewBox", "").split()[2]) <= svg.NARROW.width
    first_bar = next(float(r.get("x", "0")) for r in narrow.iter(f"{{{svg.SVG_NS}}}rect"))
    assert first_bar == 0  # the label stands above the bar, which gets the whole width
    assert next(float(r.get("x", "0")) for r in wide.iter(f"{{{svg.SVG_NS}}}rect")) > 100


def test_both_widths_give_two_drawings_with_their_own_ids() -> None:
    markup = svg.at_both_widths(lambda layout: charts.progress_matrix(ROWS, STEPS, f"m-{layout.name}", "V", "",
                                                                      layout=layout))
    assert markup.count("<svg") == 2
    assert 'id="m-smal-titel"' in markup and 'id="m-breed-titel"' in markup
    assert "svg-smal" in markup and "svg-breed" in markup


def test_shorten_and_wrap() -> None:
    assert svg.shorten("Droom en plan", 20) == "Droom en plan"
    assert svg.shorten("Verbind ankerinstellingen", 12) == "Verbind…"
    assert svg.shorten("Ankerinstellingen", 8) == "Ankerin…"
    assert svg.wrap("Breng de wijk in kaart", 9, lines=3) == ["Breng de", "wijk in", "kaart"]
    assert svg.wrap("Breng de wijk in kaart", 9, lines=2) == ["Breng de", "wijk in…"]


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
    texts = ["".join(t.itertext()) for t in node.iter(f"{{{svg.SVG_NS}}}text")]
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


# -- maps: labels, scale bar, layers, locator ---------------------------------------------------

def test_labels_take_the_first_free_place_and_never_cover_each_other_or_a_marker() -> None:
    anchors = [(100.0, 100.0), (100.0, 135.0), (300.0, 300.0), (330.0, 300.0)]
    sizes = [(80.0, 20.0)] * 4
    boxes = maps.place_labels(anchors, sizes, 14, (0, 0, 400, 400))
    assert boxes[:2] == [(118, 90, 198, 110), (118, 125, 198, 145)]  # right of the marker: the first place tried
    assert boxes[2] == (202, 290, 282, 310)  # the right is taken by the next marker: left
    assert boxes[3] == (290, 264, 370, 284)  # no room on the right, the left covers a marker: above
    markers = [(x - 14, y - 14, x + 14, y + 14) for x, y in anchors]
    placed = [b for b in boxes if b is not None]
    for a, b in itertools.combinations(placed + markers, 2):
        if (a in placed) or (b in placed):
            assert not maps._overlaps(a, b)
    assert all(b[0] >= 0 and b[2] <= 400 and b[1] >= 0 and b[3] <= 400 for b in placed)
    # the same input places the labels the same way
    assert maps.place_labels(anchors, sizes, 14, (0, 0, 400, 400)) == boxes


def test_a_label_with_no_free_place_is_left_out() -> None:
    anchors = [(50.0, 50.0)]
    assert maps.place_labels(anchors, [(300.0, 20.0)], 14, (0, 0, 100, 100)) == [None]
    blocked = maps.place_labels(anchors, [(20.0, 10.0)], 14, (0, 0, 100, 100), obstacles=[(0, 0, 100, 100)])
    assert blocked == [None]


@pytest.mark.parametrize("per_metre", [0.05, 0.37, 1.0, 2.5])
def test_scale_bar_is_a_round_distance_drawn_at_the_projections_scale(per_metre: float) -> None:
    metres, length = maps.scale_bar_length(per_metre, 600)
    assert length == pytest.approx(metres * per_metre)
    assert length <= 0.3 * 600 and length > 0.3 * 600 / 2.5  # the longest 1-2-5 distance that fits
    assert int(str(metres)[0]) in (1, 2, 5) and set(str(metres)[1:]) <= {"0"}


def test_map_scale_bar_matches_the_ground() -> None:
    ring = ((4.94, 52.31), (4.97, 52.31), (4.97, 52.315), (4.94, 52.315))
    node = parse(maps.wijk_map([ring], [], "k", "Kaart", "", lambda m: f"{m} m"))
    bar = node.find(".//s:path[@class='schaal']", NS)
    assert bar is not None
    xs = [float(v) for v in re.findall(r"[MH](-?[\d.]+)", bar.get("d", ""))]
    drawn = xs[1] - xs[0]
    width = float(node.get("viewBox", "").split()[2])
    # 0.03 degree of longitude at 52.3125 degrees north is about 2 km; the ring spans the inner width
    per_metre = (width - 60) / (0.03 * 111_319.5 * math.cos(math.radians(52.3125)))
    label = next(t.text for t in node.iter(f"{{{svg.SVG_NS}}}text") if t.text and t.text.endswith(" m"))
    assert drawn == pytest.approx(int(label.split()[0]) * per_metre, rel=0.02)


def test_context_layers_are_drawn_beneath_the_boundary_and_the_markers() -> None:
    ring = ((4.95, 52.31), (4.96, 52.31), (4.96, 52.32), (4.95, 52.32))
    layers = [geo.ContextLayer("groen", areas=(((4.951, 52.311), (4.955, 52.311), (4.955, 52.315)),)),
              geo.ContextLayer("straten", lines=(((4.94, 52.315), (4.97, 52.315)),)),
              geo.ContextLayer("water", lines=(((10.0, 10.0), (10.1, 10.1)),))]  # far away: left out
    node = parse(maps.wijk_map([ring], [maps.Marker(1, "1: Keuken", "k/", (4.955, 52.315), "Keuken")], "k",
                               "Kaart", "", lambda m: f"{m} m", layers=layers))
    order = [el.get("class") for el in node.iter() if el.get("class")]
    assert order.index("laag-groen") < order.index("laag-straten") < order.index("grens") < order.index("kaart-link")
    assert "laag-water" not in order
    names = node.find(".//s:g[@class='kaart-namen']", NS)
    assert names is not None and names.get("aria-hidden") == "true" and names[0].text == "Keuken"


def test_narrow_map_has_no_name_labels_and_fits_a_phone() -> None:
    ring = ((4.95, 52.31), (4.96, 52.31), (4.96, 52.32), (4.95, 52.32))
    node = parse(maps.wijk_map([ring], [maps.Marker(1, "1: Keuken", "k/", (4.955, 52.315), "Keuken")], "k",
                               "Kaart", "", lambda m: f"{m} m", layout=svg.NARROW))
    assert float(node.get("viewBox", "").split()[2]) <= svg.NARROW.width
    assert node.find(".//s:g[@class='kaart-namen']", NS) is None
    assert min(float(t.get("font-size", "0")) for t in node.iter(f"{{{svg.SVG_NS}}}text")) >= 14


def test_locator_is_a_small_wordless_picture_and_needs_an_outline() -> None:
    ring = ((4.95, 52.31), (4.96, 52.31), (4.96, 52.32))
    node = parse(maps.locator([ring], (4.955, 52.312), "l", "Ligging van Keuken"))
    assert_named(node, "Ligging van Keuken")
    assert node.get("role") == "img" and float(node.get("width", "0")) <= 200
    assert not list(node.iter(f"{{{svg.SVG_NS}}}text"))
    assert maps.locator([], (4.955, 52.312), "l", "Ligging") == ""


def test_sparkline_is_a_wordless_line_that_rises_with_the_figures() -> None:
    node = parse(charts.sparkline([3.0, 5.0, 4.0]))
    assert node.get("aria-hidden") == "true" and not list(node.iter(f"{{{svg.SVG_NS}}}text"))
    ys = [float(c.get("cy", "0")) for c in node.iter(f"{{{svg.SVG_NS}}}circle")]
    assert ys[1] < ys[2] < ys[0]  # 5 highest on the page, 3 lowest
    assert charts.sparkline([3.0]) == ""
