"""Wijk maps in a built site: context layers and their attribution, and no map where nothing gives a place."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner

from wijkgen.cli import main
from wijkgen.i18n.catalogue import text

SQUARE = [[4.95, 52.31], [4.96, 52.31], [4.96, 52.32], [4.95, 52.32], [4.95, 52.31]]
STREET = {"type": "LineString", "coordinates": [[4.94, 52.315], [4.97, 52.315]]}
PARK = {"type": "Polygon", "coordinates": [[[4.951, 52.311], [4.955, 52.311], [4.955, 52.314], [4.951, 52.311]]]}


def _located(root: Path, boundary: bool) -> Path:
    """The minimal project with coordinates for its collective, and a boundary when asked."""
    wijk = root / "content" / "testwijk"
    keuken = wijk / "collectieven" / "buurtkeuken.md"
    keuken.write_text(keuken.read_text(encoding="utf-8").replace(
        "opgericht: 2016\n", "opgericht: 2016\nlocatie:\n  breedtegraad: 52.315\n  lengtegraad: 4.955\n"),
        encoding="utf-8")
    if boundary:
        (wijk / "grens.geojson").write_text(json.dumps({"type": "Polygon", "coordinates": [SQUARE]}),
                                            encoding="utf-8")
        profile = wijk / "wijk.md"
        profile.write_text(profile.read_text(encoding="utf-8").replace(
            "samenvatting:", "grens: grens.geojson\nsamenvatting:", 1), encoding="utf-8")
    return wijk


def _build(runner: CliRunner, root: Path) -> BeautifulSoup:
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output + result.stderr
    return BeautifulSoup((root / "site" / "testwijk" / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_layers_from_openstreetmap_are_drawn_and_attributed(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    wijk = _located(root, boundary=True)
    (wijk / "kaart").mkdir()
    (wijk / "kaart" / "straten.geojson").write_text(json.dumps(STREET), encoding="utf-8")
    (wijk / "kaart" / "groen.geojson").write_text(json.dumps(
        {"type": "Feature", "properties": {"bron": "eigen schets"}, "geometry": PARK}), encoding="utf-8")
    page = _build(runner, root)
    for svg in page.select("svg.kaart-svg"):  # the phone and the desktop drawing
        classes = [c for el in svg.select("[class]") for c in el["class"]]
        assert classes.index("laag-groen") < classes.index("laag-straten") < classes.index("grens")
    caption = page.select_one(".kaart-figuur figcaption")
    assert caption is not None
    text = " ".join(caption.get_text(" ").split())
    assert "Op de kaart: groen, hoofdstraten." in text
    assert "Kaartlagen: eigen schets." in text  # the green layer names its own source
    assert "© OpenStreetMap-bijdragers" in text  # the streets name none: OpenStreetMap, as the guide makes them
    link = caption.select_one(".kaart-bron a")
    assert link is not None and link["href"] == "https://www.openstreetmap.org/copyright"


def test_without_boundary_or_layers_a_single_dot_gets_no_map(project: Callable[..., Path],
                                                             runner: CliRunner) -> None:
    root = project()
    _located(root, boundary=False)
    page = _build(runner, root)
    assert page.select("svg.kaart-svg") == [] and page.select("#wijk-kaart") == []
    collective = BeautifulSoup((root / "site" / "testwijk" / "collectieven" / "buurtkeuken" / "index.html")
                               .read_text(encoding="utf-8"), "html.parser")
    assert collective.select(".kaart-locator") == []


def test_layers_give_a_wijk_without_boundary_its_place(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    wijk = _located(root, boundary=False)
    (wijk / "kaart").mkdir()
    (wijk / "kaart" / "straten.geojson").write_text(json.dumps(STREET), encoding="utf-8")
    page = _build(runner, root)
    svgs = page.select("svg.kaart-svg")
    assert len(svgs) == 2 and all(s.select("path.laag-straten") and not s.select("path.grens") for s in svgs)


def test_a_collective_shows_a_small_locator_beside_its_facts(project: Callable[..., Path],
                                                            runner: CliRunner) -> None:
    root = project()
    _located(root, boundary=True)
    _build(runner, root)
    page = BeautifulSoup((root / "site" / "testwijk" / "collectieven" / "buurtkeuken" / "index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    box = page.select_one(".feiten-ligging")
    assert box is not None and box.select_one("dl.feiten") is not None
    locator = box.select_one("svg.kaart-locator")
    assert locator is not None and locator["role"] == "img" and locator.select("path.grens")
    assert locator.find("text") is None


def test_a_map_with_one_point_says_so_in_the_singular(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    _located(root, boundary=True)  # the minimal project has one collective: one numbered point
    page = _build(runner, root)
    descriptions = {" ".join(d.get_text().split()) for d in page.select("svg.kaart-svg desc")}
    assert descriptions == {"1 genummerd punt; elk nummer staat ook in de lijst onder de kaart."}
    settings = root / "wijkgen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "taal: en\n", encoding="utf-8")
    page = _build(runner, root)
    descriptions = {" ".join(d.get_text().split()) for d in page.select("svg.kaart-svg desc")}
    assert descriptions == {"1 numbered point; each number is also in the list below the map."}
    assert text("map.desc", "nl", {"count": 3}).startswith("3 genummerde punten;")
    assert text("map.desc", "en", {"count": 1234}).startswith("1,234 numbered points;")
