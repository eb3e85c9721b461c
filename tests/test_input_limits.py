"""Input that is too large, too deep or saved the Windows way: refused with its bound, or simply working.

Most bad input is a broken-content fixture with its exact message (tests/fixtures/broken); the cases
here need files too large to keep in the repository, or compare whole builds.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from tests.conftest import FIXTURES, tree_bytes
from wijkgen.build import build
from wijkgen.cli import main
from wijkgen.parse.documents import json_mark
from wijkgen.parse.limits import MAX_GEOJSON_BYTES, MAX_NESTING, MAX_PHOTO_BYTES, MAX_TEXT_BYTES, too_deep_line
from wijkgen.speed.sources import source_digest

WIJK = Path("content/testwijk")
COLLECTIVE = WIJK / "collectieven" / "buurtkeuken.md"


def _name_boundary(root: Path) -> None:
    profile = root / WIJK / "wijk.md"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("stadsdeel: Oost\n", "stadsdeel: Oost\ngrens: grens.geojson\n"), encoding="utf-8")


def _check(runner: CliRunner) -> tuple[int, list[str]]:
    result = runner.invoke(main, ["check"])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr.splitlines()


# -- sizes ------------------------------------------------------------------------------------------


def test_a_text_file_over_the_bound_is_refused_with_its_size_and_the_bound(
    project: Callable[..., Path], runner: CliRunner
) -> None:
    root = project()
    story = "Een heel lang verhaal. " * (MAX_TEXT_BYTES // 23 + 1000)
    (root / WIJK / "collectieven" / "groot.md").write_text(
        f"---\nnaam: Groot\nsoort: stichting\nwaarden: [geld]\n---\n{story}", encoding="utf-8"
    )
    assert _check(runner) == (1, [
        "content/testwijk/collectieven/groot.md:1:1: fout: dit bestand is 1,1 MB groot; wijkgen leest bestanden van "
        "dit soort tot 1 MB. Maak het kleiner: verdeel een lang verhaal over meer bestanden, haal ingeplakte "
        "gegevens eruit, of vereenvoudig een wijkgrens (minder punten) in je kaartprogramma.",
        "1 fout, 0 waarschuwingen",
    ])


def test_a_file_just_under_the_bound_is_read(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    head = "---\nnaam: Groot\nsoort: stichting\nwaarden: [geld]\ncontact: {email: a@example.org}\n---\n"
    (root / WIJK / "collectieven" / "groot.md").write_text(head + "x" * (MAX_TEXT_BYTES - len(head)),
                                                            encoding="utf-8")
    assert (root / WIJK / "collectieven" / "groot.md").stat().st_size == MAX_TEXT_BYTES
    assert _check(runner) == (0, [])


def test_a_boundary_over_its_bound_is_refused(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    _name_boundary(root)
    points = ", ".join("[4.95, 52.31]" for _ in range(MAX_GEOJSON_BYTES // 15 + 2000))
    (root / WIJK / "grens.geojson").write_text(f'{{"type": "Polygon", "coordinates": [[{points}]]}}',
                                               encoding="utf-8")
    code, lines = _check(runner)
    assert code == 1
    assert lines[0] == (
        "content/testwijk/grens.geojson:1:1: fout: dit bestand is 5,1 MB groot; wijkgen leest bestanden van dit "
        "soort tot 5 MB. Maak het kleiner: verdeel een lang verhaal over meer bestanden, haal ingeplakte gegevens "
        "eruit, of vereenvoudig een wijkgrens (minder punten) in je kaartprogramma."
    )


def _add_photo(root: Path, name: str) -> None:
    path = root / COLLECTIVE
    text = path.read_text(encoding="utf-8")
    photo = f"fotos:\n  - bestand: {name}\n    alt: Een grote foto.\n"
    path.write_text(text.replace("behoeften:\n", photo + "behoeften:\n"), encoding="utf-8")


def test_a_photo_file_over_the_bound_is_refused_before_it_is_opened(
    project: Callable[..., Path], runner: CliRunner
) -> None:
    root = project()
    with (root / COLLECTIVE.parent / "groot.jpg").open("wb") as photo:
        photo.truncate(MAX_PHOTO_BYTES + 5 * 1024 * 1024)  # sparse: large on paper, nothing written
    _add_photo(root, "groot.jpg")
    assert _check(runner) == (1, [
        "content/testwijk/collectieven/buurtkeuken.md:14:14: fout: de foto 'groot.jpg' is 35 MB groot; wijkgen "
        "neemt foto's tot 30 MB. Verklein hem (de site toont foto's nooit breder dan 1600 pixels; 3000 pixels breed "
        "is ruim genoeg) en sla hem opnieuw op als JPEG.",
        "1 fout, 0 waarschuwingen",
    ])


@pytest.mark.parametrize(("size", "megapixels"), [((8000, 8000), 64), ((20000, 10000), 200)],
                         ids=["over-wijkgen-bound", "over-pillow-bound"])
def test_a_small_file_of_a_huge_image_is_refused_without_decoding_it(
    project: Callable[..., Path], runner: CliRunner, size: tuple[int, int], megapixels: int
) -> None:
    root = project()
    Image.new("1", size).save(root / COLLECTIVE.parent / "bom.png")  # a few kB: one colour compresses to nothing
    _add_photo(root, "bom.png")
    code, lines = _check(runner)
    assert code == 1
    assert lines[0] == (
        f"content/testwijk/collectieven/buurtkeuken.md:14:14: fout: de foto 'bom.png' heeft {megapixels} megapixel; "
        "wijkgen neemt foto's tot 60 megapixel. Verklein hem (de site toont foto's nooit breder dan 1600 pixels; "
        "3000 pixels breed is ruim genoeg) en sla hem opnieuw op."
    )


# -- nesting ----------------------------------------------------------------------------------------


def test_geojson_nested_beyond_what_json_can_read_is_refused(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    _name_boundary(root)
    (root / WIJK / "grens.geojson").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, lines = _check(runner)
    assert code == 1
    assert lines[0].startswith("content/testwijk/grens.geojson:1:1: fout: hier staan lijsten en blokken meer dan 32 "
                               "niveaus diep in elkaar.")


def test_nested_geometry_collections_are_refused_at_the_bound() -> None:
    from wijkgen.model.geo import BoundaryError, boundary_from_geojson

    data: dict[str, object] = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1]]]}
    for _ in range(MAX_NESTING):
        data = {"type": "GeometryCollection", "geometries": [data]}
    with pytest.raises(BoundaryError) as err:
        boundary_from_geojson(data)
    assert err.value.code == "file.too_deep"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("".join("    " * i + "- punt\n" for i in range(MAX_NESTING + 1)), 0),
        ("".join("    " * i + "- punt\n" for i in range(MAX_NESTING + 2)), MAX_NESTING + 2),
        ("tekst\n" + ">" * (MAX_NESTING + 1) + " citaat\n", 2),
        ("> " * MAX_NESTING + "citaat\n", 0),
        ("<div>" * MAX_NESTING + "x" + "</div>" * MAX_NESTING, 0),
        ("a\n\n" + "<span>\n" * (MAX_NESTING + 1), MAX_NESTING + 3),
        ("<p>" * 500 + "<br>" * 500 + "<img src=x.jpg/>" * 500, 0),  # elements that do not nest
        ("\t" * (MAX_NESTING + 1) + "code", 1),
    ],
    ids=["list-at-bound", "list-over", "quotes-over", "quotes-at-bound", "html-at-bound", "html-over", "flat-html",
         "tabs-over"],
)
def test_markdown_nesting_is_measured_like_the_parsers_build_it(text: str, line: int) -> None:
    assert too_deep_line(text) == line


# -- Windows line endings and byte-order marks ---------------------------------------------------------


def _windows(root: Path) -> None:
    """Save every text file of a project as Windows Notepad does: a byte-order mark and CRLF line endings."""
    for path in root.rglob("*"):
        if path.suffix in (".md", ".yaml", ".geojson"):
            text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
            path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def test_bom_and_crlf_files_build_exactly_the_same_site(tmp_path: Path) -> None:
    plain, windows = tmp_path / "plain", tmp_path / "windows"
    shutil.copytree(FIXTURES / "full", plain)
    shutil.copytree(FIXTURES / "full", windows)
    _windows(windows)
    assert (windows / "wijkgen.yaml").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (windows / "content/oostwijk/grens.geojson").read_bytes()
    first = build(plain, display_base=plain)
    second = build(windows, display_base=windows)
    assert (first.pages, first.problems) == (second.pages, second.problems)
    assert tree_bytes(plain / "site") == tree_bytes(windows / "site")


def test_a_lone_carriage_return_ends_a_line_too(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    path = root / WIJK / "stappen.yaml"
    text = path.read_text(encoding="utf-8").replace("status: bezig", "status: klaar")
    path.write_bytes(text.replace("\n", "\r").encode("utf-8"))  # classic Mac OS
    code, lines = _check(runner)
    assert code == 1
    assert lines[0].startswith("content/testwijk/stappen.yaml:9:13: fout: 'klaar' is geen geldige waarde")


# -- file names -------------------------------------------------------------------------------------


def test_a_file_name_with_spaces_and_accents_works_and_gets_a_plain_address(
    project: Callable[..., Path], runner: CliRunner
) -> None:
    root = project()
    source = (root / COLLECTIVE).read_text(encoding="utf-8")
    (root / COLLECTIVE.parent / "Café de Ĳsbreker.md").write_text(
        source.replace("naam: Buurtkeuken", "naam: Café de Ĳsbreker"), encoding="utf-8"
    )
    steps = root / WIJK / "stappen.yaml"
    steps.write_text(steps.read_text(encoding="utf-8").replace("[buurtkeuken]", "[buurtkeuken, cafe-de-ijsbreker]"),
                     encoding="utf-8")
    assert _check(runner) == (0, [])
    assert runner.invoke(main, ["build"]).exit_code == 0
    page = root / "site/testwijk/collectieven/cafe-de-ijsbreker/index.html"
    assert "Café de Ĳsbreker" in page.read_text(encoding="utf-8")


# -- the JSON locator -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "mark"),
    [
        ((), (1, 1)),
        (("type",), (2, 11)),
        (("features", 1), (5, 5)),
        (("features", 1, "geometry", "coordinates", 0, 2), (6, 71)),
        (("features", 7), (3, 15)),  # not there: its parent
        (("nope", 1), (1, 1)),
    ],
)
def test_json_mark_finds_the_place_of_a_value(path: tuple[str | int, ...], mark: tuple[int, int]) -> None:
    text = (
        '{\n  "type": "FeatureCollection",\n  "features": [\n    {"type": "Feature", "geometry": null},\n'
        '    {"type": "Feature", "properties": {"a": [1, {"b": "}"}]},\n'
        '     "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1]]]}}\n  ]\n}\n'
    )
    assert json_mark(text, path) == mark


def test_the_build_digest_never_reads_a_file_over_the_largest_bound(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    huge = root / WIJK / "collectieven" / "enorm.md"
    with huge.open("wb") as file:
        file.truncate(MAX_PHOTO_BYTES + 1)
    stat = huge.stat()
    before = source_digest(root)
    with huge.open("r+b") as file:  # other bytes, same size and change time: only reading could tell
        file.seek(1000)
        file.write(b"x")
    os.utime(huge, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert source_digest(root) == before
