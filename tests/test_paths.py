"""No file path in content leads outside the project: not with ``..``, not absolute, not through a symbolic link.

The ``..`` and absolute cases are broken-content fixtures (path-*); symbolic links cannot live in a
fixture folder, so these tests make real ones in tmp_path, pointing at a file with a secret outside
the project, and check that the secret is never read into any message or page.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from tests.conftest import BROKEN
from wijkgen.cli import main
from wijkgen.parse.paths import bare_name, is_file_name, leads_out
from wijkgen.speed.sources import source_digest

SECRET = "geheim-wachtwoord-7c1f"
WIJK = Path("content/testwijk")
COLLECTIVE = WIJK / "collectieven" / "buurtkeuken.md"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the project with files nobody may publish: a text, a photo and a boundary."""
    folder = tmp_path / "buiten"
    folder.mkdir()
    (folder / "geheim.md").write_text(f"---\nnaam: {SECRET}\nsoort: stichting\nwaarden: [geld]\n---\n{SECRET}\n",
                                      encoding="utf-8")
    Image.new("RGB", (40, 30), (200, 0, 0)).save(folder / "foto.jpg")
    square = "[[4.95, 52.31], [4.96, 52.31], [4.96, 52.32], [4.95, 52.31]]"
    (folder / "grens.geojson").write_text(f'{{"type": "Polygon", "coordinates": [{square}], "x": "{SECRET}"}}',
                                          encoding="utf-8")
    (folder / "wijkgen.yaml").write_text(f"titel: {SECRET}\n", encoding="utf-8")
    return folder


def _check(runner: CliRunner) -> tuple[int, str]:
    result = runner.invoke(main, ["check"])
    assert "Traceback" not in result.output
    assert SECRET not in result.output
    return result.exit_code, result.stderr


def _add_photo(root: Path, name: str) -> None:
    path = root / COLLECTIVE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("behoeften:\n", f"fotos:\n  - bestand: {name}\n    alt: Een rode foto.\nbehoeften:\n"),
                    encoding="utf-8")


def _add_boundary(root: Path) -> None:
    path = root / WIJK / "wijk.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("stadsdeel: Oost\n", "stadsdeel: Oost\ngrens: grens.geojson\n"), encoding="utf-8")


def test_a_photo_linked_from_outside_is_an_error_at_the_field(
    project: Callable[..., Path], runner: CliRunner, outside: Path
) -> None:
    root = project()
    (root / COLLECTIVE.parent / "keuken.jpg").symlink_to(outside / "foto.jpg")
    _add_photo(root, "keuken.jpg")
    assert _check(runner) == (1, (
        f"{COLLECTIVE.as_posix()}:14:14: fout: 'keuken.jpg' is een snelkoppeling (symlink) naar {outside}/foto.jpg, "
        "buiten de projectmap. wijkgen leest niets buiten het project, zodat geen bijdrage bestanden van de computer "
        "die de site bouwt kan publiceren. Zet hier een echte kopie neer, of laat de snelkoppeling naar een plek in "
        "het project wijzen.\n1 fout, 0 waarschuwingen\n"
    ))


def test_a_boundary_linked_from_outside_is_an_error_at_the_field(
    project: Callable[..., Path], runner: CliRunner, outside: Path
) -> None:
    root = project()
    (root / WIJK / "grens.geojson").symlink_to(outside / "grens.geojson")
    _add_boundary(root)
    code, stderr = _check(runner)
    assert code == 1
    assert stderr.startswith(f"content/testwijk/wijk.md:5:8: fout: 'grens.geojson' is een snelkoppeling (symlink) "
                             f"naar {outside}/grens.geojson, buiten de projectmap.")


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("content/testwijk/collectieven/geheim.md", "geheim.md"),  # a content file
        ("content/testwijk/collectieven", "."),  # the folder of the collectives
        ("content/buitenwijk", "."),  # a whole wijk
        ("content/testwijk/stappen.yaml", "geheim.md"),
    ],
    ids=["file", "collectives-folder", "wijk-folder", "steps-file"],
)
def test_content_linked_from_outside_is_reported_where_the_link_is_and_never_read(
    project: Callable[..., Path], runner: CliRunner, outside: Path, link: str, target: str
) -> None:
    root = project()
    path = root / link
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.symlink_to((outside / target).resolve())
    code, stderr = _check(runner)
    assert code == 1
    expected = f"{link}:1:1: fout: '{path.name}' is een snelkoppeling (symlink) naar {(outside / target).resolve()}"
    assert expected in stderr
    build = runner.invoke(main, ["build"])
    assert build.exit_code == 1 and SECRET not in build.output
    assert not (root / "site").exists()


def test_a_content_folder_linked_from_outside_is_not_read(
    project: Callable[..., Path], runner: CliRunner, tmp_path: Path
) -> None:
    root = project()
    elsewhere = tmp_path / "elders"
    shutil.move(root / "content", elsewhere)
    (elsewhere / "testwijk" / "collectieven" / "buurtkeuken.md").write_text(SECRET, encoding="utf-8")
    (root / "content").symlink_to(elsewhere)
    code, stderr = _check(runner)
    assert (code, stderr.splitlines()) == (1, [
        f"content:1:1: fout: 'content' is een snelkoppeling (symlink) naar {elsewhere}, buiten de projectmap. "
        "wijkgen leest niets buiten het project, zodat geen bijdrage bestanden van de computer die de site bouwt "
        "kan publiceren. Zet hier een echte kopie neer, of laat de snelkoppeling naar een plek in het project wijzen.",
        "1 fout, 0 waarschuwingen",
    ])


def test_a_config_file_linked_from_outside_is_not_read(
    project: Callable[..., Path], runner: CliRunner, outside: Path
) -> None:
    root = project()
    (root / "wijkgen.yaml").unlink()
    (root / "wijkgen.yaml").symlink_to(outside / "wijkgen.yaml")
    code, stderr = _check(runner)
    assert code == 1
    assert stderr.startswith(f"wijkgen.yaml:1:1: fout: 'wijkgen.yaml' is een snelkoppeling (symlink) naar "
                             f"{outside}/wijkgen.yaml, buiten de projectmap.")


def test_links_that_stay_inside_the_project_keep_working(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    shared = root / "gedeeld"
    shared.mkdir()
    Image.new("RGB", (40, 30), (0, 0, 200)).save(shared / "foto.jpg")
    (root / COLLECTIVE.parent / "keuken.jpg").symlink_to(Path("../../../gedeeld/foto.jpg"))
    _add_photo(root, "keuken.jpg")
    moved = shared / "buurtkeuken.md"
    (root / COLLECTIVE).rename(moved)
    (root / COLLECTIVE).symlink_to(moved)
    assert _check(runner) == (0, "")
    assert runner.invoke(main, ["build"]).exit_code == 0
    assert (root / "site/testwijk/collectieven/buurtkeuken/index.html").is_file()
    assert list((root / "site/testwijk/collectieven/buurtkeuken").glob("keuken-*.jpg"))


def test_a_loop_of_links_is_reported_not_followed(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    folder = root / COLLECTIVE.parent
    (folder / "a.md").symlink_to("b.md")
    (folder / "b.md").symlink_to("a.md")
    code, stderr = _check(runner)
    assert code == 1
    assert stderr.splitlines() == [
        "content/testwijk/collectieven/a.md:1:1: fout: 'a.md' is een snelkoppeling (symlink) die in een kringetje "
        "naar zichzelf leidt (via b.md). Haal hem weg en zet er het echte bestand neer.",
        "content/testwijk/collectieven/b.md:1:1: fout: 'b.md' is een snelkoppeling (symlink) die in een kringetje "
        "naar zichzelf leidt (via a.md). Haal hem weg en zet er het echte bestand neer.",
        "2 fouten, 0 waarschuwingen",
    ]


@pytest.mark.parametrize(
    ("name", "ok"),
    [("grens.geojson", True), ("Café de Ĳsbreker.jpg", True), ("..", False), ("../x.jpg", False),
     ("/etc/passwd", False), ("C:\\foto.jpg", False), ("C:foto.jpg", False), ("map/foto.jpg", False), ("", False)],
)
def test_only_bare_file_names_count_as_file_names(name: str, ok: bool) -> None:
    assert is_file_name(name) is ok


def test_the_suggested_name_is_the_last_part_of_the_path() -> None:
    assert bare_name("../../kaart/grens.geojson") == "grens.geojson"
    assert bare_name("C:\\Users\\buurt\\keuken.jpg") == "keuken.jpg"


def test_escape_sees_through_dot_dot_and_links(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    assert leads_out(root, root / "content" / "nog-niet-aanwezig.md") is None
    outside = leads_out(root, root / "content" / ".." / ".." / "elders")
    assert outside == ("path.symlink_outside", str(tmp_path / "elders"))
    (root / "content" / "link").symlink_to(tmp_path)
    assert leads_out(root, root / "content" / "link" / "x") == ("path.symlink_outside", str(tmp_path / "x"))


def test_path_fixtures_are_in_the_catalogue() -> None:
    """The ``..``, absolute and Windows paths are broken-content fixtures with their exact messages."""
    for case in ("path-parent-boundary", "path-absolute-boundary", "path-parent-photo", "path-windows-photo"):
        assert "is geen bestandsnaam maar een pad" in (BROKEN / case / "expected.txt").read_text(encoding="utf-8")


def test_the_build_digest_does_not_read_through_links_leading_outside(
    project: Callable[..., Path], outside: Path
) -> None:
    root = project()
    (root / WIJK / "collectieven" / "geheim.md").symlink_to(outside / "geheim.md")
    before = source_digest(root)
    (outside / "geheim.md").write_text("iets anders", encoding="utf-8")
    assert source_digest(root) == before
