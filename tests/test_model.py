"""The assembled model: values carried from YAML into typed objects, cross-references, the framework as data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from wijkgen.build import load_and_assemble
from wijkgen.cli import main
from wijkgen.model.entities import Status


def test_full_fixture_model(project: Callable[..., Path]) -> None:
    result = load_and_assemble(project("full"))
    # The story holds a <script> on purpose: it is removed, and the author is told.
    [removed] = result.problems
    assert (removed.file, removed.line, removed.code) == ("content/oostwijk/collectieven/energiecooperatie.md", 34,
                                                          "warn.html_removed")
    assert removed.args == {"items": "<script>"}
    oost, west = result.site.wijken
    assert (oost.slug, oost.municipality_code, oost.wijk_code) == ("oostwijk", "0363", "WK036394")
    assert [c.slug for c in oost.collectives] == ["energiecooperatie", "taalcafe"]
    energie = oost.collectives[0]
    assert energie.values == ("geld", "natuur", "samenwerking")
    assert energie.location.lat == 52.315
    assert [n.kind for n in energie.needs] == ["kennis", "ruimte"]
    assert "<script>" not in energie.body_html
    assert '<h2 id="kop-geschiedenis">Geschiedenis</h2>' in energie.body_html
    assert [p.status for p in oost.progress] == [Status.DONE, Status.DONE, Status.IN_PROGRESS,
                                                 Status.NOT_STARTED, Status.NOT_STARTED]
    assert oost.steps_done == 2
    assert oost.current is not None and oost.current.step.id == "droom-en-plan"
    assert oost.progress[0].collectives == oost.collectives
    assert oost.progress[0].milestones[0].date == dt.date(2020, 3, 1)
    assert oost.progress[2].call_to_action is not None
    anchor = oost.anchors[0]
    assert [f.year for f in anchor.commitments[0].figures] == [2021, 2022]
    assert [n.slug for n in oost.news] == ["2021-04-02-zonnemarkt", "2021-03-01-droomsessie"]
    assert oost.news[1].collectives[0].slug == "taalcafe"
    event = oost.news[0].event
    assert event is not None and (event.date, event.end_date) == (dt.date(2021, 5, 8), dt.date(2021, 5, 9))
    assert (event.start_time, event.end_time) == (dt.time(10, 0), dt.time(16, 30))
    assert oost.events == (oost.news[0],)
    assert [v.name for v in energie.photos[0].variants] == ["zonnepanelen-480.jpg", "zonnepanelen-800.jpg"]
    assert len(oost.needs) == 2
    assert west.steps_done == 0 and west.current is not None and west.current.step.number == 1
    assert result.site.config.base_url == "https://wijken.example.org/"


def test_framework_is_data_and_can_be_replaced(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    config = root / "wijkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + """kader:
  stappen:
    - id: inkoop
      titel: Progressieve inkoop
    - id: eigendom
      titel: Plurale eigendom
  waarden: [geld, gezondheid, sociale netwerken]
""", encoding="utf-8")
    (root / "content/testwijk/stappen.yaml").write_text(
        "stappen:\n  - stap: inkoop\n    status: bezig\n  - stap: wijkteam\n    status: bezig\n", encoding="utf-8")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert "stappen.yaml:4:11: fout: 'wijkteam' is geen geldige waarde voor 'stap'. Kies uit: inkoop, eigendom." in (
        result.stderr)
    (root / "content/testwijk/stappen.yaml").write_text("stappen:\n  - stap: inkoop\n    status: bezig\n",
                                                         encoding="utf-8")
    site = load_and_assemble(root).site
    assert [p.step.title for p in site.wijken[0].progress] == ["Progressieve inkoop", "Plurale eigendom"]
    assert runner.invoke(main, ["build"]).exit_code == 0
    steps_page = (root / "site/testwijk/stappen/index.html").read_text(encoding="utf-8")
    assert "Plurale eigendom" in steps_page and "Breng de wijk in kaart" not in steps_page


def test_missing_profile_and_boundary(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project("full")
    (root / "content/westwijk/wijk.md").unlink()
    (root / "content/oostwijk/grens.geojson").write_text("{niet json", encoding="utf-8")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert "content/oostwijk/grens.geojson:1:2: fout: 'grens.geojson' is geen leesbare GeoJSON" in result.stderr
    assert "content/westwijk:1:1: fout: de map content/westwijk heeft geen wijk.md." in result.stderr
