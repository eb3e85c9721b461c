"""A wijk map as inline SVG: the boundary and numbered markers, drawn at build time without tiles. Pure.

No tile server and no request to any other host: the picture is made from the
wijk's GeoJSON boundary and the collectives' coordinates with the projection
in :mod:`wijkgen.model.geo`. Markers carry numbers that match the text list next to
the map, so the map is never the only way to find a collective.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from wijkgen.model.geo import LonLat, Ring, fit, nice_distance
from wijkgen.render.svg import AREA, AREA_EDGE, INK, WHITE, el, num, root, to_markup

MARKER_R = 14.0


@dataclass(frozen=True)
class Marker:
    """A place on the map: its number (None for a single unnumbered pin), name, link and position."""

    number: int | None
    label: str
    href: str
    point: LonLat


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


def wijk_map(
    rings: Sequence[Ring],
    markers: Sequence[Marker],
    ident: str,
    title: str,
    desc: str,
    scale_text: Callable[[int], str],
    width: float = 480.0,
) -> Markup:
    """The boundary (when there is one) with the markers on top, a scale bar and a north arrow.

    With linked markers the drawing keeps the implicit role of an SVG document
    and each link has a name; without links it is an ``img`` described by its
    title and text.
    """
    points = [p for ring in rings for p in ring] + [m.point for m in markers]
    if not points:
        return Markup("")
    margin = 28.0
    project = fit(points, width, margin)
    linked = any(m.href for m in markers)
    svg = root(width, project.height, ident, title, desc, role="" if linked else "img", css_class="kaart-svg")
    svg.append(el("rect", {"width": width, "height": project.height, "fill": "#f6f7f3"}))
    if rings:
        d = "".join(
            "M" + "L".join(f"{num(x)} {num(y)}" for x, y in (project(p) for p in ring)) + "Z" for ring in rings
        )
        svg.append(el("path", {"d": d, "fill": AREA, "stroke": AREA_EDGE, "stroke-width": 2.5,
                               "stroke-linejoin": "round", "fill-rule": "evenodd", "class": "grens"}))
    _north_arrow(svg, width - margin, margin)
    _scale_bar(svg, project.units_per_metre(), width, project.height, margin, scale_text)
    spread = _spread([project(m.point) for m in markers], 2 * MARKER_R + 3)
    for marker, (x, y) in zip(markers, spread, strict=True):
        svg.append(_marker(marker, x, y))
    return to_markup(svg)


def _marker(marker: Marker, x: float, y: float) -> ET.Element:
    shape = el("g", {"class": "markering"})
    if marker.number is None:
        shape.append(el("circle", {"cx": x, "cy": y, "r": MARKER_R, "fill": AREA_EDGE, "stroke": WHITE,
                                   "stroke-width": 3}))
        shape.append(el("circle", {"cx": x, "cy": y, "r": 4.5, "fill": WHITE}))
    else:
        shape.append(el("circle", {"cx": x, "cy": y, "r": MARKER_R, "fill": AREA_EDGE, "stroke": WHITE,
                                   "stroke-width": 2.5}))
        shape.append(el("text", {"x": x, "y": y + 5, "text-anchor": "middle", "font-size": 14,
                                 "font-weight": "700", "fill": WHITE}, str(marker.number)))
    if not marker.href:
        return shape
    link = el("a", {"href": marker.href, "aria-label": marker.label, "class": "kaart-link"})
    link.append(el("title", text=marker.label))
    link.append(shape)
    return link


def _north_arrow(svg: ET.Element, x: float, y: float) -> None:
    arrow = f"M{num(x)} {num(y - 12)}L{num(x + 6)} {num(y + 4)}L{num(x)} {num(y)}L{num(x - 6)} {num(y + 4)}Z"
    svg.append(el("path", {"d": arrow, "fill": INK, "aria-hidden": "true"}))
    svg.append(el("text", {"x": x, "y": y + 20, "text-anchor": "middle", "font-size": 13,
                           "font-weight": "700", "fill": INK, "aria-hidden": "true"}, "N"))


def _scale_bar(svg: ET.Element, per_metre: float, width: float, height: float, margin: float,
               scale_text: Callable[[int], str]) -> None:
    metres = nice_distance((width - 2 * margin) * 0.3 / per_metre)
    length = metres * per_metre
    x0, y0 = margin - 14, height - 10
    bar = f"M{num(x0)} {num(y0 - 6)}V{num(y0)}H{num(x0 + length)}V{num(y0 - 6)}"
    svg.append(el("path", {"d": bar, "fill": "none", "stroke": INK, "stroke-width": 2,
                           "class": "schaal"}))
    svg.append(el("text", {"x": x0 + length + 6, "y": y0, "font-size": 13, "fill": INK},
                  scale_text(metres)))
