"""GeoJSON boundaries, the projection and point-in-polygon, without files or network."""

from __future__ import annotations

import math

import pytest

from wijkgen.model import geo
from wijkgen.model.geo import BoundaryError, boundary_from_geojson, contains, fit, mercator, nice_distance

SQUARE = [[4.95, 52.31], [4.96, 52.31], [4.96, 52.32], [4.95, 52.32], [4.95, 52.31]]


@pytest.mark.parametrize(
    "data",
    [
        {"type": "Polygon", "coordinates": [SQUARE]},
        {"type": "Feature", "properties": {"bron": "schets"}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}},
        {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [4.95, 52.31]}},
            {"type": "Feature", "properties": {"bron": "schets"}, "geometry": {"type": "MultiPolygon",
                                                                              "coordinates": [[SQUARE]]}},
        ]},
    ],
    ids=["polygon", "feature", "collection-with-point"],
)
def test_polygons_are_found_however_they_are_wrapped(data: object) -> None:
    boundary = boundary_from_geojson(data)
    assert len(boundary.rings) == 1
    assert boundary.rings[0] == ((4.95, 52.31), (4.96, 52.31), (4.96, 52.32), (4.95, 52.32))  # closing point dropped
    if data.get("type") != "Polygon":  # type: ignore[attr-defined]
        assert boundary.source == "schets"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"type": "Point", "coordinates": [4.95, 52.31]}, "content.boundary_shape"),
        ({"type": "Polygon", "coordinates": [[[4.95, 52.31], [4.96, 52.31]]]}, "content.boundary_ring"),
        ({"type": "Polygon", "coordinates": [[["4.95", 52.31], [4.96, 52.31], [4.96, 52.32]]]},
         "content.boundary_position"),
        ({"type": "Polygon", "coordinates": [[[452.3, 4.9], [452.4, 4.9], [452.4, 5.0]]]}, "content.boundary_range"),
        ([1, 2, 3], "content.boundary_shape"),
        ({"type": "FeatureCollection", "features": []}, "content.boundary_shape"),
    ],
    ids=["point", "two-points", "text-number", "out-of-range", "list", "empty"],
)
def test_unusable_geojson_names_the_message(data: object, code: str) -> None:
    with pytest.raises(BoundaryError) as err:
        boundary_from_geojson(data)
    assert err.value.code == code


def test_contains_uses_even_odd_so_holes_are_outside() -> None:
    outer = ((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))
    hole = ((4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0))
    assert contains([outer], (1.0, 1.0))
    assert not contains([outer], (11.0, 1.0))
    assert contains([outer, hole], (2.0, 5.0))
    assert not contains([outer, hole], (5.0, 5.0))


def test_projection_keeps_north_up_shapes_true_and_fits_the_width() -> None:
    ring = [(4.95, 52.31), (4.96, 52.31), (4.96, 52.32), (4.95, 52.32)]
    project = fit(ring, 600, 20, max_aspect=3)
    xs, ys = zip(*(project(p) for p in ring), strict=True)
    assert min(xs) == pytest.approx(20) and max(xs) == pytest.approx(580)
    assert project((4.955, 52.32))[1] < project((4.955, 52.31))[1]  # north is up
    # 0.01° of longitude is cos(52.3°) times as long on the ground as 0.01° of latitude.
    width = max(xs) - min(xs)
    height = max(ys) - min(ys)
    assert width / height == pytest.approx(math.cos(math.radians(52.315)), rel=0.01)
    assert project.height == pytest.approx(height + 40)
    # 1 km on the ground east-west, measured with the drawing's own scale.
    east = (4.95 + 1000 / (111_320 * math.cos(math.radians(52.315))), 52.315)
    assert project(east)[0] - project((4.95, 52.315))[0] == pytest.approx(1000 * project.units_per_metre(), rel=0.01)


def test_a_tall_area_is_limited_in_height_and_centred() -> None:
    ring = [(4.95, 52.31), (4.96, 52.31), (4.96, 52.32), (4.95, 52.32)]
    project = fit(ring, 600, 20)  # 680 m wide, 1110 m tall
    assert project.height == pytest.approx(560 * 1.25 + 40)
    xs = [project(p)[0] for p in ring]
    assert min(xs) - 20 == pytest.approx(580 - max(xs))


def test_a_single_point_is_not_drawn_at_street_corner_scale() -> None:
    project = fit([(4.95, 52.31)], 400, 20, min_span_m=400)
    assert project((4.95, 52.31)) == pytest.approx((200, project.height / 2))
    assert 360 / project.units_per_metre() == pytest.approx(400, rel=0.01)


def test_mercator_is_zero_at_the_origin_and_clamped_at_the_poles() -> None:
    assert mercator((0.0, 0.0)) == pytest.approx((0.0, 0.0), abs=1e-6)
    assert mercator((0.0, 90.0)) == mercator((0.0, 86.0))
    assert math.isfinite(mercator((0.0, -90.0))[1])


@pytest.mark.parametrize(("limit", "expected"), [(0.5, 1), (7, 5), (199, 100), (200, 200), (480, 200), (999, 500)])
def test_scale_bar_distances_are_round(limit: float, expected: int) -> None:
    assert nice_distance(limit) == expected


# -- context layers -------------------------------------------------------------------------------

def test_context_layers_keep_what_their_kind_draws_and_skip_points() -> None:
    water = geo.layer_from_geojson({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"bron": "eigen schets"},
         "geometry": {"type": "Polygon", "coordinates": [[[4.9, 52.3], [4.91, 52.3], [4.91, 52.31], [4.9, 52.3]]]}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[4.9, 52.3], [4.92, 52.31]]}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [4.9, 52.3]}},
    ]}, "water")
    assert (len(water.areas), len(water.lines), water.source) == (1, 1, "eigen schets")
    assert water.areas[0] == ((4.9, 52.3), (4.91, 52.3), (4.91, 52.31))  # the closing point is dropped
    streets = geo.layer_from_geojson({"type": "MultiLineString", "coordinates": [[[4.9, 52.3], [4.91, 52.3]],
                                                                                [[4.9, 52.31], [4.91, 52.31]]]},
                                     "straten")
    assert len(streets.lines) == 2 and streets.areas == () and streets.source == ""


@pytest.mark.parametrize(("kind", "data", "code", "path"), [
    ("straten", {"type": "Polygon", "coordinates": [[[4.9, 52.3], [4.91, 52.3], [4.91, 52.31]]]},
     "content.layer_shape_straten", ()),
    ("groen", {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[4.9, 52.3], [4.91, 52.3]]}},
     "content.layer_shape_groen", ("geometry",)),
    ("water", {"type": "LineString", "coordinates": [[4.9, 52.3]]}, "content.layer_line", ("coordinates",)),
    ("water", {"type": "LineString", "coordinates": [[4.9, 52.3], ["4.9", 52.3]]}, "content.boundary_position",
     ("coordinates", 1)),
    ("groen", {"type": "FeatureCollection", "features": []}, "content.layer_empty", ()),
    ("water", {"type": "Point", "coordinates": [4.9, 52.3]}, "content.layer_empty", ()),
], ids=["area-in-streets", "line-in-green", "one-point-line", "text-coordinate", "empty", "only-points"])
def test_bad_context_layers_are_named_at_their_place(kind: str, data: object, code: str,
                                                    path: tuple[object, ...]) -> None:
    with pytest.raises(geo.BoundaryError) as caught:
        geo.layer_from_geojson(data, kind)
    assert (caught.value.code, caught.value.path) == (code, path)
