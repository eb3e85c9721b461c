"""Geography without tiles: GeoJSON boundaries to rings, a Web-Mercator projection, point-in-polygon. Pure.

Coordinates are (longitude, latitude) pairs in WGS84, as GeoJSON writes them.
Nothing here reads files or makes requests; the loader hands in parsed JSON.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from wijkgen.parse.limits import MAX_NESTING

LonLat = tuple[float, float]
Ring = tuple[LonLat, ...]
Place = tuple[str | int, ...]  # keys and item numbers leading to a value in the document

# Web Mercator is undefined at the poles; clamp like web maps do.
_MAX_LAT = 85.05112878
_EARTH_RADIUS_M = 6_378_137.0


class BoundaryError(ValueError):
    """A GeoJSON document that holds no usable polygon: ``code`` names the message, ``path`` the place in it."""

    def __init__(self, code: str, path: Place = (), **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.path = path
        self.args_ = args


@dataclass(frozen=True)
class Boundary:
    """A wijk boundary: every ring of its polygons (outer rings and holes), and where it came from."""

    rings: tuple[Ring, ...]
    source: str = ""


def _position(value: Any, path: Place) -> LonLat:
    if not isinstance(value, list | tuple) or len(value) < 2:
        raise BoundaryError("content.boundary_position", path)
    lon, lat = value[0], value[1]
    if isinstance(lon, bool) or isinstance(lat, bool) or not isinstance(lon, int | float) or not isinstance(
        lat, int | float
    ):
        raise BoundaryError("content.boundary_position", path)
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise BoundaryError("content.boundary_range", path)
    return float(lon), float(lat)


def _polygon(coordinates: Any, path: Place) -> list[Ring]:
    if not isinstance(coordinates, list) or not coordinates:
        raise BoundaryError("content.boundary_shape", path)
    rings: list[Ring] = []
    for i, raw_ring in enumerate(coordinates):
        if not isinstance(raw_ring, list):
            raise BoundaryError("content.boundary_shape", (*path, i))
        ring = tuple(_position(p, (*path, i, j)) for j, p in enumerate(raw_ring))
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring = ring[:-1]
        if len(ring) < 3:
            raise BoundaryError("content.boundary_ring", (*path, i), count=len(ring))
        rings.append(ring)
    return rings


def _geometries(data: Any, path: Place = ()) -> Iterable[tuple[Any, Place]]:
    """Every geometry in a GeoJSON object, whatever wraps it, with its place in the document."""
    if not isinstance(data, dict):
        raise BoundaryError("content.boundary_shape", path)
    if len(path) > MAX_NESTING:
        raise BoundaryError("file.too_deep", path, limit=MAX_NESTING)
    kind = data.get("type")
    members = {"FeatureCollection": "features", "GeometryCollection": "geometries"}.get(str(kind))
    if members is not None:
        parts = data.get(members)
        if not isinstance(parts, list):
            raise BoundaryError("content.boundary_shape", path)
        for i, part in enumerate(parts):
            yield from _geometries(part, (*path, members, i))
    elif kind == "Feature":
        yield from _geometries(data.get("geometry"), (*path, "geometry"))
    else:
        yield data, path


def _source(data: Any, depth: int = 0) -> str:
    """The ``bron`` (or ``source``) property of the first feature that has one."""
    if not isinstance(data, dict) or depth > MAX_NESTING:
        return ""
    props = data.get("properties")
    if isinstance(props, dict):
        for key in ("bron", "source"):
            if isinstance(props.get(key), str) and props[key].strip():
                return str(props[key]).strip()
    for feature in data.get("features") or ():
        found = _source(feature, depth + 1)
        if found:
            return found
    return ""


def boundary_from_geojson(data: Any) -> Boundary:
    """The polygons in a parsed GeoJSON document; raises :class:`BoundaryError` when it holds none.

    Accepts a Polygon or MultiPolygon, bare or inside a Feature, FeatureCollection
    or GeometryCollection. Points and lines are ignored, but at least one polygon
    must be there. The error names the place of the first thing that is wrong.
    """
    rings: list[Ring] = []
    first: Place | None = None
    for geometry, path in _geometries(data):
        first = path if first is None else first
        kind = geometry.get("type")
        if kind == "Polygon":
            rings.extend(_polygon(geometry.get("coordinates"), (*path, "coordinates")))
        elif kind == "MultiPolygon":
            polygons = geometry.get("coordinates")
            if not isinstance(polygons, list):
                raise BoundaryError("content.boundary_shape", (*path, "coordinates"))
            for i, polygon in enumerate(polygons):
                rings.extend(_polygon(polygon, (*path, "coordinates", i)))
    if not rings:
        raise BoundaryError("content.boundary_shape", first or ())
    return Boundary(rings=tuple(rings), source=_source(data))


# Context layers: what each may hold. Water is areas (lakes, canals drawn as areas) and lines (ditches,
# narrow canals); green is areas; streets are lines.
# In drawing order: green beneath water (a pond in a park), streets on top.
LAYER_KINDS: dict[str, tuple[bool, bool]] = {"groen": (True, False), "water": (True, True), "straten": (False, True)}

Line = tuple[LonLat, ...]


@dataclass(frozen=True)
class ContextLayer:
    """A map layer drawn beneath the wijk boundary: water, green or streets, as areas and lines."""

    kind: str
    areas: tuple[Ring, ...] = ()
    lines: tuple[Line, ...] = ()
    source: str = ""  # the ``bron`` property of its first feature that has one; "" for OpenStreetMap


def _line(coordinates: Any, path: Place) -> Line:
    if not isinstance(coordinates, list):
        raise BoundaryError("content.layer_line", path, count=0)
    line = tuple(_position(p, (*path, j)) for j, p in enumerate(coordinates))
    if len(line) < 2:
        raise BoundaryError("content.layer_line", path, count=len(line))
    return line


def layer_from_geojson(data: Any, kind: str) -> ContextLayer:
    """The areas and lines of a context layer (``kind`` one of :data:`LAYER_KINDS`); raises :class:`BoundaryError`.

    Points are skipped (a context layer draws no single places; the collectives are the markers).
    A geometry the layer cannot draw (a line in ``groen``, an area in ``straten``) is an error at its
    place, and so is a file without anything to draw.
    """
    want_areas, want_lines = LAYER_KINDS[kind]
    areas: list[Ring] = []
    lines: list[Line] = []
    first: Place | None = None
    for geometry, path in _geometries(data):
        first = path if first is None else first
        shape = geometry.get("type")
        coordinates = geometry.get("coordinates")
        where = (*path, "coordinates")
        if shape in ("Point", "MultiPoint"):
            continue
        if want_areas and shape == "Polygon":
            areas.extend(_polygon(coordinates, where))
        elif want_areas and shape == "MultiPolygon" and isinstance(coordinates, list):
            for i, polygon in enumerate(coordinates):
                areas.extend(_polygon(polygon, (*where, i)))
        elif want_lines and shape == "LineString":
            lines.append(_line(coordinates, where))
        elif want_lines and shape == "MultiLineString" and isinstance(coordinates, list):
            lines.extend(_line(part, (*where, i)) for i, part in enumerate(coordinates))
        else:
            raise BoundaryError(f"content.layer_shape_{kind}", path, found=str(shape))
    if not areas and not lines:
        raise BoundaryError("content.layer_empty", first or ())
    return ContextLayer(kind=kind, areas=tuple(areas), lines=tuple(lines), source=_source(data))


def contains(rings: Sequence[Ring], point: LonLat) -> bool:
    """True when ``point`` lies inside the area of ``rings`` (even-odd rule, so holes are left out)."""
    x, y = point
    inside = False
    for ring in rings:
        n = len(ring)
        for i in range(n):
            x1, y1 = ring[i]
            x2, y2 = ring[(i + 1) % n]
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def mercator(point: LonLat) -> tuple[float, float]:
    """Web-Mercator metres of a (lon, lat) point; y grows to the north."""
    lon, lat = point
    lat = max(-_MAX_LAT, min(_MAX_LAT, lat))
    x = _EARTH_RADIUS_M * math.radians(lon)
    y = _EARTH_RADIUS_M * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return x, y


@dataclass(frozen=True)
class Projection:
    """Maps (lon, lat) onto a drawing of ``width`` × ``height`` units, north up, with a margin."""

    min_x: float
    max_y: float
    scale: float  # drawing units per Mercator metre
    width: float
    height: float
    margin: float
    ground_scale: float  # true metres per Mercator metre at the centre (cos of the latitude)

    def __call__(self, point: LonLat) -> tuple[float, float]:
        """The drawing position of ``point``: x to the right, y down."""
        x, y = mercator(point)
        return (self.margin + (x - self.min_x) * self.scale, self.margin + (self.max_y - y) * self.scale)

    def units_per_metre(self) -> float:
        """Drawing units for one metre on the ground, at the centre of the drawing."""
        return self.scale / self.ground_scale


def fit(points: Sequence[LonLat], width: float, margin: float, min_span_m: float = 400.0,
        max_aspect: float = 1.25) -> Projection:
    """A projection that fits ``points`` into a drawing ``width`` wide; the height follows the shape.

    A very small area (one collective) is widened to ``min_span_m`` metres so
    it is not drawn at street-corner scale; the height is at most
    ``max_aspect`` times the width, and the shape stays centred.
    """
    if not points:
        raise ValueError("nothing to fit")
    projected = [mercator(p) for p in points]
    xs = [p[0] for p in projected]
    ys = [p[1] for p in projected]
    centre_lat = (min(p[1] for p in points) + max(p[1] for p in points)) / 2
    ground = math.cos(math.radians(centre_lat))
    min_span = min_span_m / ground  # Mercator metres for min_span_m on the ground
    span_x = max(max(xs) - min(xs), min_span)
    span_y = max(max(ys) - min(ys), min_span)
    inner = width - 2 * margin
    scale = inner / span_x
    if span_y * scale > inner * max_aspect:
        scale = inner * max_aspect / span_y
        span_x = inner / scale
    height = span_y * scale + 2 * margin
    centre_x = (min(xs) + max(xs)) / 2
    centre_y = (min(ys) + max(ys)) / 2
    return Projection(
        min_x=centre_x - span_x / 2,
        max_y=centre_y + span_y / 2,
        scale=scale,
        width=width,
        height=height,
        margin=margin,
        ground_scale=ground,
    )


def nice_distance(max_metres: float) -> int:
    """The longest round distance (1, 2 or 5 × a power of ten) of at most ``max_metres``, for a scale bar."""
    if max_metres < 1:
        return 1
    power = 10 ** math.floor(math.log10(max_metres))
    for step in (5, 2, 1):
        if step * power <= max_metres:
            return int(step * power)
    return int(power)
