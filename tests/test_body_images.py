"""Images in Markdown texts follow the rules of photos, and the site shows them: copies next to the page."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner
from markupsafe import Markup

from tests.conftest import BROKEN
from tests.sitecheck.links import crawl
from wijkgen.cli import main
from wijkgen.model.images import PagePhotos, place_images

ATOM = "{http://www.w3.org/2005/Atom}"
PHOTO = BROKEN / "photo-without-alt" / "content" / "testwijk" / "collectieven" / "keuken.jpg"


def test_images_in_texts_are_shown_from_copies_next_to_their_page(project: Callable[..., Path],
                                                                  runner: CliRunner) -> None:
    root = project()
    wijk = root / "content" / "testwijk"
    shutil.copy(PHOTO, wijk / "plein.jpg")
    shutil.copy(PHOTO, wijk / "collectieven" / "keuken.jpg")
    with (wijk / "wijk.md").open("a", encoding="utf-8") as f:
        f.write("\n![Het plein met de markt](plein.jpg)\n")
    with (wijk / "collectieven" / "buurtkeuken.md").open("a", encoding="utf-8") as f:
        f.write('\n![De keuken op dinsdag](keuken.jpg "Dinsdag")\n\n<img src="keuken.jpg" alt="">\n')
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.stderr
    site = root / "site"
    crawled = crawl(site)
    assert crawled.findings == []
    shown = []
    for page in ("testwijk/index.html", "testwijk/collectieven/buurtkeuken/index.html"):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        for img in soup.find_all("img"):
            folder = (site / page).parent
            assert (folder / img["src"]).is_file(), img
            assert all((folder / part.split()[0]).is_file() for part in img["srcset"].split(", "))
            shown.append((img["src"], img["alt"], img.get("title")))
    assert shown == [("plein-64.jpg", "Het plein met de markt", None),  # the photo is 64 pixels wide
                     ("keuken-64.jpg", "De keuken op dinsdag", "Dinsdag"), ("keuken-64.jpg", "", None)]


def test_an_image_the_sanitiser_emptied_leaves_nothing_behind() -> None:
    html = Markup('<p>Kookles <img alt="Kookles"> op dinsdag</p>')
    placed, problems = place_images(html, "Kookles <img src=javascript:x alt=Kookles>", 1, "f.md", None,
                                    PagePhotos(()))
    assert (str(placed), problems) == ("<p>Kookles  op dinsdag</p>", [])


def test_an_image_without_its_file_leaves_nothing_behind() -> None:
    placed, problems = place_images(Markup('<p><img src="x"></p>'), "<img src=x>", 3, "f.md", None, PagePhotos(()))
    assert str(placed) == "<p></p>"
    assert [(p.line, p.column, p.code) for p in problems] == [(3, 10, "content.image_alt"),
                                                              (3, 10, "content.missing_photo")]


def test_a_feed_points_the_images_of_a_news_text_at_their_copies(project: Callable[..., Path],
                                                                 runner: CliRunner) -> None:
    root = project()
    news = root / "content" / "testwijk" / "nieuws"
    news.mkdir()
    shutil.copy(PHOTO, news / "markt.jpg")
    (news / "2024-05-01-markt.md").write_text(
        "---\ntitel: Markt\ndatum: 2024-05-01\n---\n![De markt op het plein](markt.jpg)\n", encoding="utf-8")
    assert runner.invoke(main, ["build"]).exit_code == 0
    site = root / "site"
    for feed in (site / "feed.xml", site / "testwijk" / "feed.xml"):
        content = ET.parse(feed).getroot().find(f"{ATOM}entry/{ATOM}content")
        assert content is not None
        img = BeautifulSoup(content.text or "", "html.parser").find("img")
        assert img is not None and img["alt"] == "De markt op het plein"
        assert (feed.parent / img["src"]).resolve() == (site / "testwijk/nieuws/2024-05-01-markt/markt-64.jpg")
        assert (feed.parent / img["srcset"].split()[0]).is_file()
