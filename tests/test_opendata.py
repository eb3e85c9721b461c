"""Open data: CSV and JSON per wijk and for the whole site, with the documented columns, linked from the site."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.sitetools import html, resolve
from wijkgen.i18n.catalogue import catalogue
from wijkgen.outputs.opendata import DATASETS, reference_markdown

BASE = "https://wijken.example.org/"


@pytest.fixture(scope="module")
def site(full_site: Path) -> Path:
    return full_site  # built once for the whole run


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    text = raw.decode("utf-8")
    header = next(csv.reader(io.StringIO(text)))
    return header, list(csv.DictReader(io.StringIO(text)))


def documented_columns() -> dict[str, list[str]]:
    """The columns per table as docs/open-data.md lists them."""
    doc = (REPO / "docs" / "open-data.md").read_text(encoding="utf-8")
    tables: dict[str, list[str]] = {}
    for section in doc.split("\n## ")[1:]:
        name, _, body = section.partition("\n")
        columns = re.findall(r"^\| `([a-z_]+)` \|", body, flags=re.MULTILINE)
        if columns:
            tables[name.strip()] = columns
    return tables


def test_docs_are_generated_from_the_code(update_golden: bool) -> None:
    text = reference_markdown(catalogue("nl"))
    target = REPO / "docs" / "open-data.md"
    if update_golden:
        target.write_text(text, encoding="utf-8")
    assert target.read_text(encoding="utf-8") == text, "run: bash scripts/test.sh --update-golden"


def test_csv_opens_with_the_documented_columns(site: Path) -> None:
    documented = documented_columns()
    assert sorted(documented) == sorted(d.name for d in DATASETS)
    for dataset in DATASETS:
        for folder in ("data", "oostwijk/data", "westwijk/data"):
            header, _ = read_csv(site / folder / f"{dataset.name}.csv")
            assert header == documented[dataset.name], (folder, dataset.name)


def test_collectives_table(site: Path) -> None:
    _, rows = read_csv(site / "data/collectieven.csv")
    assert [(r["wijk"], r["slug"]) for r in rows] == [
        ("oostwijk", "energiecooperatie"), ("oostwijk", "taalcafe"), ("westwijk", "moestuin")]
    coop = rows[0]
    assert coop["naam"] == "Energiecoöperatie Oost"
    assert coop["waarden"] == "geld; natuur; samenwerking"
    assert (coop["breedtegraad"], coop["lengtegraad"], coop["opgericht"]) == ("52.315", "4.955", "2018")
    assert coop["behoeften"] == "kennis; ruimte"
    assert coop["pagina"] == BASE + "oostwijk/collectieven/energiecooperatie/"
    _, west = read_csv(site / "westwijk/data/collectieven.csv")
    assert [r["slug"] for r in west] == ["moestuin"]


def test_steps_table_has_every_step_of_every_wijk(site: Path) -> None:
    _, rows = read_csv(site / "data/stappen.csv")
    assert len(rows) == 10  # 5 steps × 2 wijken, also steps not started
    first = rows[0]
    assert (first["wijk"], first["nummer"], first["stap"]) == ("oostwijk", "1", "wijkteam")
    statuses = {r["status"] for r in rows}
    assert statuses <= {"niet gestart", "bezig", "afgerond"}
    assert "niet gestart" in statuses


def test_anchors_and_needs_tables(site: Path) -> None:
    _, anchors = read_csv(site / "oostwijk/data/ankerinstellingen.csv")
    # One row per yearly figure, sorted by year; a commitment without figures keeps one row with empty figures.
    assert [(r["toezegging"], r["sinds"], r["jaar"], r["waarde"], r["voorbeeld"]) for r in anchors] == [
        ("lokaal inkopen", "2021", "2021", "12", "ja"),
        ("lokaal inkopen", "2021", "2022", "18", "ja"),
        ("ruimte", "", "", "", ""),
    ]
    assert anchors[0]["toelichting"] == "Deel van het onderhoudsbudget."
    assert read_csv(site / "westwijk/data/ankerinstellingen.csv")[1] == []
    _, needs = read_csv(site / "data/behoeften.csv")
    assert ("energiecooperatie", "kennis", "Iemand die verstand heeft van subsidies.") in [
        (r["collectief"], r["behoefte"], r["omschrijving"]) for r in needs]
    assert all(r["pagina"].startswith(BASE) for r in needs)


def test_json_has_the_same_rows_with_types(site: Path) -> None:
    for dataset in DATASETS:
        document = json.loads((site / f"data/{dataset.name}.json").read_text(encoding="utf-8"))
        assert document["dataset"] == dataset.name
        assert document["kolommen"] == list(dataset.columns)
        assert document["wijk"] is None and document["voorbeeldinhoud"] is True
        _, rows = read_csv(site / f"data/{dataset.name}.csv")
        assert len(document["rijen"]) == len(rows)
        for row in document["rijen"]:
            assert list(row) == list(dataset.columns)
    collectives = json.loads((site / "oostwijk/data/collectieven.json").read_text(encoding="utf-8"))
    coop = collectives["rijen"][0]
    assert coop["waarden"] == ["geld", "natuur", "samenwerking"]
    assert coop["breedtegraad"] == 52.315 and coop["opgericht"] == 2018
    cafe = collectives["rijen"][1]
    assert (cafe["slug"], cafe["opgericht"], cafe["breedtegraad"], cafe["activiteiten"]) == ("taalcafe", None, None, [])
    anchors = json.loads((site / "oostwijk/data/ankerinstellingen.json").read_text(encoding="utf-8"))["rijen"]
    assert (anchors[0]["waarde"], anchors[0]["voorbeeld"], anchors[2]["jaar"]) == (12, True, None)


def test_site_tables_are_the_wijk_tables_together(site: Path) -> None:
    for dataset in DATASETS:
        _, everything = read_csv(site / f"data/{dataset.name}.csv")
        _, east = read_csv(site / f"oostwijk/data/{dataset.name}.csv")
        _, west = read_csv(site / f"westwijk/data/{dataset.name}.csv")
        assert everything == east + west


def test_data_is_linked_from_the_site(site: Path) -> None:
    data_page = html(site / "data/index.html")
    targets = {resolve(site, "data/index.html", a["href"]) for a in data_page.select("main a")}
    files = {p.resolve() for p in site.rglob("*") if p.suffix in (".csv", ".json") and "pagefind" not in p.parts}
    assert files <= targets
    assert len(files) == len(DATASETS) * 2 * 3
    columns = [th.get_text() for th in data_page.select("table.kolommen tbody th")]
    assert columns == [c for d in DATASETS for c in d.columns]
    wijk = html(site / "oostwijk/index.html")
    wijk_targets = {resolve(site, "oostwijk/index.html", a["href"]) for a in wijk.select(".open-data a")}
    assert {(site / f"oostwijk/data/{d.name}.{f}").resolve() for d in DATASETS for f in ("csv", "json")} <= wijk_targets
    footer = html(site / "index.html").select("footer a")
    assert (site / "data/index.html").resolve() in {resolve(site, "index.html", a["href"]) for a in footer}


def test_the_memo_of_serve_gives_the_same_files_as_making_them_anew(tmp_path: Path) -> None:
    """With ``serve``'s memo a wijk whose rows did not change gives the very same file objects (so they are
    not hashed or written again), a changed row gives new files for its wijk, and every file equals the one
    made without a memo. The whole site's files likewise: the very same bytes while no wijk's rows changed."""
    import shutil

    from tests.conftest import FIXTURES
    from wijkgen.build import load_and_assemble
    from wijkgen.live.memo import DataMemo, LiveAssembly, WholeMemo
    from wijkgen.outputs.opendata import open_data

    root = tmp_path / "full"
    shutil.copytree(FIXTURES / "full", root)
    memo, whole, checking = DataMemo(), WholeMemo(), LiveAssembly(root)

    def made() -> dict[str, bytes]:
        return dict(open_data(checking.load_and_assemble().site, memo.wijk_data, whole.whole))

    def fresh() -> dict[str, bytes]:
        return dict(open_data(load_and_assemble(root).site))

    first = made()
    story = root / "content/oostwijk/collectieven/taalcafe.md"
    story.write_text(story.read_text(encoding="utf-8").replace("Samen Nederlands", "Samen Fries"), encoding="utf-8")
    after_story = made()
    assert after_story == fresh()
    own = [rel for rel in first if not rel.startswith("data/")]  # each wijk's files (the whole site's are joined)
    assert all(after_story[rel] is first[rel] for rel in own)  # the story is in no table
    assert all(after_story[rel] is first[rel] for rel in first if rel.startswith("data/"))

    story.write_text(story.read_text(encoding="utf-8").replace("naam: Taalcafé", "naam: Taalhuis"), encoding="utf-8")
    after_name = made()
    assert after_name == fresh()
    changed = {rel for rel in own if after_name[rel] is not after_story[rel]}
    assert "oostwijk/data/collectieven.csv" in changed
    assert not any(rel.startswith("westwijk/") for rel in changed)
    assert b"Taalhuis" in after_name["data/collectieven.csv"]
    assert b"Taalhuis" in after_name["data/collectieven.json"]
    assert after_name["data/stappen.csv"] is after_story["data/stappen.csv"]


def test_cbs_codes_go_with_every_row_the_page_and_its_json_ld(site: Path) -> None:
    """gemeentecode and wijkcode, checked when read, reach the outputs: the data can be joined with CBS figures."""
    codes = {"oostwijk": ("0363", "WK036394"), "westwijk": ("", "")}
    for dataset in DATASETS:
        assert dataset.columns[-2:] == ("gemeentecode", "wijkcode")
        header, rows = read_csv(site / "data" / f"{dataset.name}.csv")
        assert header[-2:] == ["gemeentecode", "wijkcode"]
        assert rows and all((r["gemeentecode"], r["wijkcode"]) == codes[r["wijk"]] for r in rows)
        data = json.loads((site / "data" / f"{dataset.name}.json").read_text(encoding="utf-8"))
        assert all(r["gemeentecode"] == codes[r["wijk"]][0] for r in data["rijen"])
    page = html(site / "oostwijk" / "index.html")
    line = page.find("p", class_="kerncijfers-codes")
    assert line is not None and line.get_text().endswith(": gemeentecode 0363, wijkcode WK036394.")
    script = page.find("script", attrs={"type": "application/ld+json"})
    assert script is not None
    assert json.loads(script.get_text())["identifier"] == [
        {"@type": "PropertyValue", "propertyID": "CBS gemeentecode", "value": "0363"},
        {"@type": "PropertyValue", "propertyID": "CBS wijkcode", "value": "WK036394"},
    ]
    west = html(site / "westwijk" / "index.html")
    assert west.find("p", class_="kerncijfers-codes") is None
