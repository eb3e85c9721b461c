"""A wijk map as inline SVG: context layers, the boundary and numbered markers, drawn at build time. Pure.

No tile server and no request to any other host: the picture is made from the
wijk's GeoJSON boundary, its optional context layers (water, green, streets:
:class:`wijkgen.model.geo.ContextLayer`) and the collectives' coordinates, with the
projection in :mod:`wijkgen.model.geo`. Markers carry numbers that match the text
list next to the map, so the map is never the only way to find a collective;
on the wide drawing they also carry their names where those fit without
covering each other (:func:`place_labels`).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from wijkgen.model.geo import ContextLayer, LonLat, Projection, Ring, fit, nice_distance
from wijkgen.render.svg import AREA, AREA_EDGE, INK, WHITE, WIDE, Layout, el, num, root, text_width, to_markup

MARKER_R = 14.0
LOCATOR_WIDTH = 180.0

# Context layer colours: quiet, so the boundary and the markers stay in front.
WATER = "#b9d7ea"
WATER_LINE = "#8dbbd8"
GREEN = "#cfe5c1"
STREET = "#ffffff"
STREET_EDGE = "#aaa495"
VEIL = "#ffffff"


@dataclass(frozen=True)
class Marker:
    """A place on the map: its number (None for a single unnumbered pin), what a screen reader hears, link,
    position, and the short name written beside it on a wide map ("" for none)."""

    number: int | None
    label: str
    href: str
    point: LonLat
    name: str = ""


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# Where a label may stand around its marker, in the order they are tried: right, left, above, below, corners.
_PLACES = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))


def place_labels(anchors: Sequence[tuple[float, float]], sizes: Sequence[tuple[float, float]], radius: float,
                 bounds: Box, obstacles: Sequence[Box] = ()) -> list[Box | None]:
    """A box for each label next to its anchor, or None where none of eight places is free.

    Deterministic and greedy, in the order given: each label takes the first
    place around its marker that stays inside ``bounds`` and covers no marker,
    no ``obstacle`` and no label placed before it.
    """
    taken: list[Box] = [(x - radius, y - radius, x + radius, y + radius) for x, y in anchors] + list(obstacles)
    placed: list[Box | None] = []
    for (x, y), (w, h) in zip(anchors, sizes, strict=True):
        found: Box | None = None
        for dx, dy in _PLACES:
            left = x + radius + 4 if dx > 0 else x - radius - 4 - w if dx < 0 else x - w / 2
            top = y - h / 2 if dy == 0 else y - radius - 2 - h if dy < 0 else y + radius + 2
            box = (left, top, left + w, top + h)
            inside = bounds[0] <= box[0] and box[2] <= bounds[2] and bounds[1] <= box[1] and box[3] <= bounds[3]
            if inside and not any(_overlaps(box, other) for other in taken):
                found = box
                break
        placed.append(found)
        if found is not None:
            taken.append(found)
    return placed


def scale_bar_length(per_metre: float, inner_width: float) -> tuple[int, float]:
    """A round distance for the scale bar (at most 30% of the map's inner width) and its length in units."""
    metres = nice_distance(inner_width * 0.3 / per_metre)
    return metres, metres * per_metre


def _spread(positions: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """Move markers that would overlap a little apart, in a fixed order, so every number stays readable."""
    placed: list[tuple[float, float]] = []
    for x, y in positions:
        cx, cy, k = x, y, 0
        while any(math.hypot(cx - px, cy - py) < gap for px, py in placed) and k < 24:
            angle = math.radians(60 * k + 30)
            reach = gap * (1 + k // 6)
            cx, cy = x + reach * math.cos(angle), y + reach * math.sin(angle)
            k += 1
        placed.append((cx, cy))
    return placed


def _path(parts: Sequence[Sequence[LonLat]], project: Projection, closed: bool) -> str:
    """The SVG path of rings or lines; points closer than a unit to the previous one are left out."""
    out: list[str] = []
    slack = 40.0
    for part in parts:
        points: list[tuple[float, float]] = []
        for p in part:
            x, y = project(p)
            if not points or abs(x - points[-1][0]) + abs(y - points[-1][1]) >= 1.0:
                points.append((x, y))
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if len(points) < 2 or max(xs) < -slack or min(xs) > project.width + slack or max(ys) < -slack \
                or min(ys) > project.height + slack:
            continue  # wholly outside the drawing
        out.append("M" + "L".join(f"{num(x)} {num(y)}" for x, y in points) + ("Z" if closed else ""))
    return "".join(out)


def _layers(svg: ET.Element, layers: Sequence[ContextLayer], project: Projection) -> None:
    group = el("g", {"class": "kaartlagen", "aria-hidden": "true"})
    for layer in layers:
        areas = _path(layer.areas, project, closed=True)
        lines = _path(layer.lines, project, closed=False)
        if layer.kind == "straten":
            for colour, stroke in ((STREET_EDGE, 7), (STREET, 4.5)):
                group.append(el("path", {"d": lines, "fill": "none", "stroke": colour, "stroke-width": stroke,
                                         "stroke-linecap": "round", "stroke-linejoin": "round",
                                         "class": f"laag-{layer.kind}"}))
            continue
        fill = WATER if layer.kind == "water" else GREEN
        if areas:
            group.append(el("path", {"d": areas, "fill": fill, "fill-rule": "evenodd", "class": f"laag-{layer.kind}"}))
        if lines:
            group.append(el("path", {"d": lines, "fill": "none", "stroke": WATER_LINE, "stroke-width": 3,
                                     "stroke-linecap": "round", "class": f"laag-{layer.kind}"}))
    svg.append(group)


def wijk_map(
    rings: Sequence[Ring],
    markers: Sequence[Marker],
    ident: str,
    title: str,
    desc: str,
    scale_text: Callable[[int], str],
    layout: Layout = WIDE,
    layers: Sequence[ContextLayer] = (),
) -> Markup:
    """The context layers, the boundary (when there is one), the markers on top, a scale bar and a north arrow.

    The drawing fits the boundary and the markers; the layers fill what is
    around them and are cut off at the edge. With layers, the land outside the
    boundary is veiled, so the wijk stands out. With linked markers the drawing
    keeps the implicit role of an SVG document and each link has a name;
    without links it is an ``img`` described by its title and text.
    """
    points = [p for ring in rings for p in ring] + [m.point for m in markers]
    if not points:
        return Markup("")
    width, font = layout.width, layout.font
    margin = 30.0 if layout is WIDE else 24.0
    project = fit(points, width, margin, max_aspect=0.75 if layout is WIDE else 1.25)
    height = project.height
    linked = any(m.href for m in markers)
    svg = root(width, height, ident, title, desc, role="" if linked else "img",
               css_class=f"kaart-svg svg-{layout.name}")
    svg.append(el("rect", {"width": width, "height": height, "fill": "#f3f2ec" if layers else "#f6f7f3"}))
    if layers:
        _layers(svg, layers, project)
    if rings:
        d = _path(rings, project, closed=True)
        if layers:
            frame = f"M0 0H{num(width)}V{num(height)}H0Z"
            svg.append(el("path", {"d": frame + d, "fill": VEIL, "fill-opacity": 0.45, "fill-rule": "evenodd",
                                   "aria-hidden": "true"}))
        svg.append(el("path", {"d": d, "fill": "none" if layers else AREA, "stroke": AREA_EDGE, "stroke-width": 3,
                               "stroke-linejoin": "round", "fill-rule": "evenodd", "class": "grens"}))
    arrow_box = _north_arrow(svg, width - margin, margin, font)
    scale_box = _scale_bar(svg, project.units_per_metre(), width, height, margin, font, scale_text)
    spread = _spread([project(m.point) for m in markers], 2 * MARKER_R + 3)
    if layout is WIDE:
        _labels(svg, markers, spread, font, (4.0, 4.0, width - 4, height - 4), [arrow_box, scale_box])
    for marker, (x, y) in zip(markers, spread, strict=True):
        svg.append(_marker(marker, x, y, font))
    return to_markup(svg)


def _labels(svg: ET.Element, markers: Sequence[Marker], spread: Sequence[tuple[float, float]], font: float,
            bounds: Box, obstacles: Sequence[Box]) -> None:
    named = [(m, p) for m, p in zip(markers, spread, strict=True) if m.name]
    sizes = [(text_width(m.name, font, bold=True) * 0.92, font + 4) for m, _ in named]
    boxes = place_labels([p for _, p in named], sizes, MARKER_R, bounds, obstacles)
    group = el("g", {"class": "kaart-namen", "aria-hidden": "true"})
    for (marker, _), box in zip(named, boxes, strict=True):
        if box is not None:
            group.append(el("text", {"x": box[0], "y": box[3] - 4, "font-size": font, "font-weight": "600",
                                     "fill": INK, "stroke": WHITE, "stroke-width": 4, "paint-order": "stroke",
                                     "stroke-linejoin": "round"}, marker.name))
    svg.append(group)


def _marker(marker: Marker, x: float, y: float, font: float) -> ET.Element:
    shape = el("g", {"class": "markering"})
    if marker.number is None:
        shape.append(el("circle", {"cx": x, "cy": y, "r": MARKER_R, "fill": AREA_EDGE, "stroke": WHITE,
                                   "stroke-width": 3}))
        shape.append(el("circle", {"cx": x, "cy": y, "r": 4.5, "fill": WHITE}))
    else:
        shape.append(el("circle", {"cx": x, "cy": y, "r": MARKER_R, "fill": AREA_EDGE, "stroke": WHITE,
                                   "stroke-width": 2.5}))
        shape.append(el("text", {"x": x, "y": y + font / 3, "text-anchor": "middle", "font-size": font,
                                 "font-weight": "700", "fill": WHITE}, str(marker.number)))
    if not marker.href:
        return shape
    link = el("a", {"href": marker.href, "aria-label": marker.label, "class": "kaart-link"})
    link.append(el("title", text=marker.label))
    link.append(shape)
    return link


def _north_arrow(svg: ET.Element, x: float, y: float, font: float) -> Box:
    arrow = f"M{num(x)} {num(y - 12)}L{num(x + 6)} {num(y + 4)}L{num(x)} {num(y)}L{num(x - 6)} {num(y + 4)}Z"
    svg.append(el("path", {"d": arrow, "fill": INK, "aria-hidden": "true"}))
    svg.append(el("text", {"x": x, "y": y + 6 + font, "text-anchor": "middle", "font-size": font,
                           "font-weight": "700", "fill": INK, "aria-hidden": "true", "stroke": WHITE,
                           "stroke-width": 3, "paint-order": "stroke"}, "N"))
    return (x - 12, y - 14, x + 12, y + 10 + font)


def _scale_bar(svg: ET.Element, per_metre: float, width: float, height: float, margin: float, font: float,
               scale_text: Callable[[int], str]) -> Box:
    metres, length = scale_bar_length(per_metre, width - 2 * margin)
    x0, y0 = 10.0, height - 10
    text = scale_text(metres)
    backing = (x0 - 4, y0 - font - 2, x0 + length + 10 + text_width(text, font), y0 + 5)
    svg.append(el("rect", {"x": backing[0], "y": backing[1], "width": backing[2] - backing[0],
                           "height": backing[3] - backing[1], "fill": WHITE, "fill-opacity": 0.8, "rx": 3}))
    bar = f"M{num(x0)} {num(y0 - 6)}V{num(y0)}H{num(x0 + length)}V{num(y0 - 6)}"
    svg.append(el("path", {"d": bar, "fill": "none", "stroke": INK, "stroke-width": 2, "class": "schaal"}))
    svg.append(el("text", {"x": x0 + length + 6, "y": y0, "font-size": font, "fill": INK}, text))
    return backing


def locator(rings: Sequence[Ring], point: LonLat, ident: str, title: str) -> Markup:
    """A small map without words: the wijk outline and one pin, to show where a place lies in its wijk."""
    if not rings:
        return Markup("")
    width, margin = LOCATOR_WIDTH, 12.0
    project = fit([p for ring in rings for p in ring] + [point], width, margin)
    svg = root(width, project.height, ident, title, role="img", css_class="kaart-svg kaart-locator")
    svg.append(el("path", {"d": _path(rings, project, closed=True), "fill": AREA, "stroke": AREA_EDGE,
                           "stroke-width": 2, "stroke-linejoin": "round", "fill-rule": "evenodd", "class": "grens"}))
    x, y = project(point)
    svg.append(el("circle", {"cx": x, "cy": y, "r": 9, "fill": AREA_EDGE, "stroke": WHITE, "stroke-width": 3}))
    svg.append(el("circle", {"cx": x, "cy": y, "r": 3, "fill": WHITE}))
    return to_markup(svg)
