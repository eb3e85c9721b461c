"""With ``taal: en`` every interface string is English: the example project built in English, read back."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from tests.conftest import REPO
from wijkgen.build import build
from wijkgen.cli import main
from wijkgen.schema.framework import default_framework_data


def _site_strings(language: str) -> dict[str, str]:
    """The texts of the site (not the messages for authors) in one language's catalogue."""
    data: dict[str, str] = yaml.safe_load((REPO / "wijkgen/i18n" / language / "site.yaml").read_text(encoding="utf-8"))
    return data


NL = _site_strings("nl")
EN = _site_strings("en")

# Dutch words of the interface that must never reach an English reader; checked in the parts of a
# page that only the theme writes (menus, headings of tables, legends, captions, pictures).
KNOWN_DUTCH = ("Stap", "stappen", "Terug", "Kerncijfers", "Ankerinstellingen", "Doe mee", "Waarde", "bron",
               "Gezocht", "Kaart", "Tijdlijn", "Afgerond", "Bezig", "Niet gestart", "voorbeeldcijfer", "Mijlpalen",
               "Wijkteam", "Veranker", "Bekijk", "Ligging", "hoger dan", "lager dan", "Alle wijken", "van de")
INTERFACE_ONLY = ("nav", "footer", ".legenda", "th[scope=col]", "caption", "summary", ".stapteller", ".oproep-kop",
                  ".oproep-link", ".kaart-meta", "svg title", "svg desc", ".skiplink", ".voorbeeld-melding",
                  ".vergelijk", ".kerncijfer-bron", ".stap-status", "h1", "h2")


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("english")
    shutil.copytree(REPO / "content", root / "content")
    config = (REPO / "wijkgen.yaml").read_text(encoding="utf-8")
    assert "taal: nl" in config
    (root / "wijkgen.yaml").write_text(config.replace("taal: nl", "taal: en"), encoding="utf-8")
    build(root, out=root / "site", display_base=root)
    return root


def _content_text(root: Path) -> str:
    files = [root / "wijkgen.yaml", *sorted((root / "content").rglob("*"))]
    texts = (p.read_text(encoding="utf-8") for p in files if p.is_file() and p.suffix in (".md", ".yaml", ".geojson"))
    return " ".join(" ".join(text.split()) for text in texts).casefold()


def _dutch_fragments(content: str) -> list[str]:
    """Pieces of Dutch interface strings (between placeholders) that no English string and no content has."""
    english = " ".join(EN.values()).casefold()
    framework = " ".join(f"{s['titel']} {s.get('beschrijving', '')}" for s in default_framework_data()["stappen"])
    fragments = set()
    for key, text in NL.items():
        if EN[key] == text:
            continue
        for piece in re.split(r"\{[a-z_]+\}", text):
            piece = piece.strip(" .,:;—-()\"'")
            if len(piece) >= 6 and piece.casefold() not in content and piece.casefold() not in english:
                fragments.add(piece)
    fragments.update(w for w in framework.split(". ") if len(w) > 12)
    return sorted(fragments)


def _text_of(page: BeautifulSoup) -> str:
    parts = [page.get_text(" ")]
    for node in page.find_all(True):
        parts.extend(str(node.get(a, "")) for a in ("aria-label", "title", "alt", "content"))
    return " ".join(" ".join(parts).split())


def test_english_build_has_no_dutch_interface_text(english_site: Path) -> None:
    content = _content_text(english_site)
    fragments = _dutch_fragments(content)
    assert len(fragments) > 100  # the check has teeth
    pages = sorted((english_site / "site").rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert page.html is not None and page.html["lang"] == "en"
        text = _text_of(page)
        leaked = [f for f in fragments if f in text]
        assert leaked == [], f"{path.relative_to(english_site)}: {leaked}"
        interface = " ".join(" ".join(n.get_text(" ").split()) for sel in INTERFACE_ONLY for n in page.select(sel)
                             if not n.find_parent(class_="verhaal"))
        interface += " " + " ".join(str(n["aria-label"]) for n in page.find_all(attrs={"aria-label": True}))
        for word in KNOWN_DUTCH:
            for match in re.finditer(rf"\b{re.escape(word)}\b", interface):
                context = interface[max(0, match.start() - 40):match.end() + 40]
                # content (names, units, sources) may be Dutch; the theme's own words may not
                assert word.casefold() in content, f"{path.relative_to(english_site)}: '{word}' in …{context}…"
                assert not re.search(rf"\b{re.escape(word)}\b", _theme_words(page)), (
                    f"{path.relative_to(english_site)}: '{word}' in …{context}…")


def _theme_words(page: BeautifulSoup) -> str:
    """Text the theme writes around content: interface-only regions with content-derived names removed."""
    pieces = []
    for sel in ("nav .menu-home", "nav .menu-site", "nav .menu-wijk ul", "footer", ".legenda", "summary",
                ".skiplink", ".voorbeeld-melding", ".oproep-link", "th[scope=col]"):
        for node in page.select(sel):
            pieces.append(" ".join(node.get_text(" ").split()))
    return " ".join(pieces)


def test_english_build_shows_english_steps_dates_and_pictures(english_site: Path) -> None:
    site = english_site / "site"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    steps = [" ".join(li.strong.get_text().split()) for li in home.select("ol.kader-stappen li")]
    assert steps == [EN[f"framework.{s['id']}.title"] for s in default_framework_data()["stappen"]]
    matrix_title = home.select_one("svg.grafiek-matrix title")
    assert matrix_title is not None and matrix_title.get_text() == "Progress of the neighbourhoods through the 5 steps"
    wijk = BeautifulSoup((site / "venserpolder/stappen/index.html").read_text(encoding="utf-8"), "html.parser")
    assert " ".join(wijk.select_one(".stapteller strong").get_text().split()) == (
        "Step 4 of 5: Connect anchor institutions")
    assert wijk.select_one("li#stap-wijkteam .stap-data time").get_text() == "10 February 2020"
    profile = BeautifulSoup((site / "venserpolder/index.html").read_text(encoding="utf-8"), "html.parser")
    assert profile.select_one("svg.kaart-svg title").get_text() == "Map of Venserpolder with its collectives"
    assert "higher than all of Amsterdam" in profile.select_one(".vergelijk-hoger").get_text()


# Strings that are rightly the same in both languages: numbers, punctuation and a few shared words.
SAME_IN_BOTH = {"figure.year", "contact.website", "wijk.contact", "matrix.note", "map.marker", "map.scale",
                "timeline.row", "trend.desc_item", "opendata.title", "opendata.wijk_heading", "opendata.col.website",
                "kaartlaag.water", "map.osm_licence"}


def test_translation_files_have_the_same_keys_and_english_is_translated() -> None:
    assert set(NL) == set(EN)
    assert {k for k in NL if NL[k] == EN[k]} == SAME_IN_BOTH
    for key in NL:
        assert set(re.findall(r"\{[a-z_]+\}", NL[key])) == set(re.findall(r"\{[a-z_]+\}", EN[key])), key


def test_dutch_step_texts_match_the_framework_data() -> None:
    for step in default_framework_data()["stappen"]:
        assert NL[f"framework.{step['id']}.title"] == step["titel"]
        assert NL[f"framework.{step['id']}.description"] == step["beschrijving"]


def test_english_project_hears_of_an_ambiguous_number_and_a_synonym_in_english(
        project: Callable[..., Path], runner: CliRunner) -> None:
    root = project(broken="number-thousands-dot")
    config = root / "wijkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "taal: en\n", encoding="utf-8")
    steps = root / "content" / "testwijk" / "stappen.yaml"
    steps.write_text(steps.read_text(encoding="utf-8").replace("status: afgerond", "status: Done", 1), encoding="utf-8")
    result = runner.invoke(main, ["check"])
    assert (result.exit_code, result.stderr.splitlines()) == (1, [
        "content/testwijk/stappen.yaml:3:13: error: 'Done' is not a valid value for 'status' — did you mean"
        " 'afgerond'? Choose from: niet gestart, bezig, afgerond.",
        "content/testwijk/wijk.md:7:13: error: field 'waarde': is 11.800 the number 11800 or 11.8? That cannot"
        " be told here. Write 11800 if you mean the whole number (with no point or comma between the"
        " thousands), or 11.8 if you mean a number with decimals.",
        "2 errors, 0 warnings",
    ])


def test_english_search_page_lists_values_needs_and_overviews_in_english(english_site: Path) -> None:
    """The list of every page on the search page (the way in without JavaScript) names the value and need
    pages in the site's language and the two overview pages by what they are, not by the site's title."""
    page = BeautifulSoup((english_site / "site/zoeken/index.html").read_text(encoding="utf-8"), "html.parser")
    listed = {a["href"].strip("./").removesuffix("index.html").rstrip("/"): " ".join(a.get_text(" ").split())
              for a in page.select(".alle-paginas a")}
    framework = default_framework_data()
    assert listed["waarden"] == EN["values.title"] and listed["doe-mee"] == EN["needs.title"]
    for group, names, folder, title, key in (("waarde", framework["waarden"], "waarden/", "value.title", "value"),
                                             ("behoefte", framework["behoeften"], "doe-mee/", "need.title", "kind")):
        for name in names:
            label = EN[f"{group}.{name}"]  # every value and need has an English name
            assert label != name, name
            found = [text for href, text in listed.items() if href.startswith(folder) and text.endswith(label)]
            assert found == [EN[title].format(**{key: label})], name
            assert not any(re.search(rf"\b{re.escape(name)}\b", text) for text in listed.values()), name
