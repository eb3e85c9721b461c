"""The browser editor (/beheer/) in Debian's Chromium, against a real `wijkgen serve` on a copy of the example
project: the forms Decap CMS makes from the generated configuration, saved through wijkgen's local backend.

With WIJKGEN_SCREENSHOTS=1 the tests also write the screenshots of the guide (docs/img/beheer-*.png).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_beheer import REPO, changed_lines, serve_copy
from tests.test_serve import TIMEOUT, Server
from wijkgen.load.config import Beheer
from wijkgen.load.project import load_project
from wijkgen.outputs.beheer import config_text, editor_config, hosted_backend, local_backend

pytestmark = pytest.mark.e2e
playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
SHOTS = REPO / "docs" / "img"
NEW = "content/venserpolder/collectieven/buurtmoestuin-de-kas.md"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serve_copy(tmp_path_factory, "beheer-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed")
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


@dataclasses.dataclass
class Editor:
    """A browser page signed in to the local editor, which notes every host it asked something of."""

    page: Any
    base: str
    hosts: set[str]
    errors: list[str]

    def open(self, route: str) -> None:
        self.page.goto(f"{self.base}/beheer/#{route}")

    def shot(self, name: str) -> None:
        if os.environ.get("WIJKGEN_SCREENSHOTS"):
            SHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SHOTS / f"beheer-{name}.png"))

    def choose(self, label: Any, *values: str) -> None:
        """Pick values in a select (react-select): type each and take it with Enter."""
        for value in values:
            label.fill(value)
            self.page.keyboard.press("Enter")

    def publish(self) -> None:
        self.page.get_by_role("button", name="Publiceer").click()
        self.page.get_by_role("menuitem", name="Publiceer nu").click()


@pytest.fixture
def editor(served: Server, browser: Any) -> Iterator[Editor]:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page.set_default_timeout(TIMEOUT * 1000)
    found = Editor(page, served.base, set(), [])
    page.on("request", lambda request: found.hosts.add(request.url.split("/")[2]))
    page.on("pageerror", lambda error: found.errors.append(str(error)))
    page.goto(f"{served.base}/beheer/")
    found.shot("inloggen")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Wijkprofielen").first.wait_for()
    yield found
    page.close()


def until(condition: Callable[[], bool], what: str) -> None:
    """Wait for ``condition`` (a saved file, a rebuilt page); the bound only matters when something hangs."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        err.close()
        return int(err.code)


def page_text(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode("utf-8"))


def test_the_generated_config_loads_without_error_and_only_from_this_host(editor: Editor, served: Server) -> None:
    editor.open("/collections/collectief-venserpolder")
    editor.page.get_by_text("Buurtkeuken De Vensterbank").wait_for()
    editor.shot("collecties")
    body = editor.page.inner_text("body")
    assert "Configuratiefout" not in body and "Config Errors" not in body
    for label in ("Wijkprofielen", "Voortgang in de stappen", "Collectieven · Venserpolder",
                  "Ankerinstellingen · De Banne", "Nieuws · Wildemanbuurt"):
        assert label in body
    assert editor.hosts == {served.base.split("/")[2]}
    assert editor.errors == []


def test_create_a_collective_through_the_form(editor: Editor, served: Server) -> None:
    page = editor.page
    editor.open("/collections/collectief-venserpolder/new")
    page.get_by_label("Naam", exact=True).fill("Buurtmoestuin De Kas")
    editor.choose(page.get_by_label("Soort", exact=True), "stichting")
    editor.choose(page.get_by_label("Waarden", exact=True), "natuur", "gezondheid")
    page.get_by_role("button", name="Voeg behoeften toe").click()
    editor.choose(page.get_by_label("Soort", exact=True).nth(1), "vrijwilligers")
    page.get_by_label("Omschrijving", exact=True).fill("Buren die op zaterdag willen wieden en oogsten.")
    editor.shot("nieuw-collectief")
    editor.publish()
    saved = served.root / NEW
    until(saved.exists, f"{NEW} was not written")
    text = saved.read_text(encoding="utf-8")
    assert "naam: Buurtmoestuin De Kas\nsoort: stichting\nwaarden:\n  - natuur\n  - gezondheid\n" in text
    assert "  - soort: vrijwilligers\n    omschrijving: Buren die op zaterdag willen wieden en oogsten.\n" in text
    check = subprocess.run([sys.executable, "-m", "wijkgen", "check", str(served.root)], capture_output=True,
                           text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    page_url = f"{served.base}/venserpolder/collectieven/buurtmoestuin-de-kas/"
    until(lambda: status_of(page_url) == 200, "the preview did not show the new collective")
    assert "Buurtmoestuin De Kas" in page_text(page_url)


def test_a_photo_with_alt_text_lands_beside_the_collective(editor: Editor, served: Server, tmp_path: Path) -> None:
    saved = served.root / NEW
    until(saved.exists, "the collective of the previous test is missing")
    photo = tmp_path / "kas.jpg"
    shutil.copy(served.root / "content/venserpolder/collectieven/buurtkeuken.jpg", photo)
    page = editor.page
    editor.open("/collections/collectief-venserpolder/entries/buurtmoestuin-de-kas")
    page.get_by_role("button", name="Voeg fotos toe").click()
    page.get_by_role("button", name="Kies een afbeelding").click()
    page.locator('input[type="file"]').set_input_files(str(photo))
    page.get_by_role("button", name="Gebruik selectie").click()
    page.get_by_label("Alt", exact=True).fill("Buren aan een lange tafel vol groente uit de kas.")
    editor.shot("foto")
    editor.publish()
    until(lambda: (saved.parent / "kas.jpg").exists() and "kas.jpg" in saved.read_text(encoding="utf-8"),
          "the photo was not saved beside the collective")
    assert (saved.parent / "kas.jpg").read_bytes() == photo.read_bytes()
    assert "alt: Buren aan een lange tafel vol groente uit de kas." in saved.read_text(encoding="utf-8")
    page_url = f"{served.base}/venserpolder/collectieven/buurtmoestuin-de-kas/"
    until(lambda: "Buren aan een lange tafel" in page_text(page_url), "the page does not show the photo")
    assert 'alt="Buren aan een lange tafel vol groente uit de kas."' in page_text(page_url)


def test_change_one_step_status_changes_one_line(editor: Editor, served: Server) -> None:
    rel = served.root / "content/wildemanbuurt/stappen.yaml"
    before = rel.read_text(encoding="utf-8")
    page = editor.page
    editor.open("/collections/stappen/entries/wildemanbuurt")
    editor.choose(page.get_by_label("Status", exact=True).nth(2), "afgerond")
    editor.shot("stap")
    editor.publish()
    until(lambda: rel.read_text(encoding="utf-8") != before, "stappen.yaml was not saved")
    assert changed_lines(before, rel.read_text(encoding="utf-8")) == ["-    status: bezig",
                                                                      "+    status: afgerond"]


def test_a_collective_without_a_name_is_refused_in_dutch(editor: Editor, served: Server) -> None:
    page = editor.page
    before = sorted(p.name for p in (served.root / "content/venserpolder/collectieven").iterdir())
    editor.open("/collections/collectief-venserpolder/new")
    editor.choose(page.get_by_label("Soort", exact=True), "stichting")
    editor.choose(page.get_by_label("Waarden", exact=True), "natuur")
    page.get_by_role("button", name="Publiceer").click()
    page.get_by_role("menuitem", name="Publiceer nu").click()
    page.get_by_text("sommige verplichte velden zijn niet ingevuld").first.wait_for()
    editor.shot("verplicht")
    body = page.inner_text("body")
    assert "Oeps, sommige verplichte velden zijn niet ingevuld." in body
    assert "naam is vereist." in body.lower()  # beside the field itself (shown in capitals)
    assert sorted(p.name for p in (served.root / "content/venserpolder/collectieven").iterdir()) == before


def test_a_field_added_to_a_schema_appears_in_the_editor(editor: Editor, served: Server) -> None:
    project, _ = load_project(served.root)
    schemas = json.loads(json.dumps(project.schemas))
    schemas["collectief"]["properties"]["leden"] = {
        "type": "integer", "minimum": 0, "description": "Hoeveel leden het collectief heeft."}
    changed = config_text(editor_config(dataclasses.replace(project, schemas=schemas), local_backend()))
    page = editor.page
    page.route("**/beheer/config.yml", lambda route: route.fulfill(
        status=200, body=changed, headers={"Content-Type": "text/yaml; charset=utf-8"}))
    page.goto(f"{served.base}/beheer/#/collections/collectief-venserpolder/new")
    page.reload()  # the page is open already: only a reload reads the configuration again
    page.get_by_text("Hoeveel leden het collectief heeft.").wait_for()
    assert page.get_by_label("Leden (optioneel)").count() + page.get_by_label("Leden", exact=True).count() >= 1


@pytest.mark.parametrize(("platform", "button"), [("gitlab", "Inloggen met GitLab"), ("github", "Inloggen met GitHub")])
def test_the_hosted_config_loads_and_asks_nothing_of_another_host_before_sign_in(
        browser: Any, served: Server, platform: str, button: str) -> None:
    """The configuration a build writes with `beheer:` loads in Decap without a configuration error; until the
    author clicks the sign-in button, the page asks nothing of any host but the site's."""
    project, _ = load_project(served.root)
    settings = Beheer(platform, "wijkteam/wijkprofiel", "main", True, app_id="abc123" if platform == "gitlab" else "")
    project = dataclasses.replace(project, config=dataclasses.replace(project.config, beheer=settings))
    hosted = config_text(editor_config(project, hosted_backend(settings, "nl")))
    page = browser.new_page(locale="nl-NL")
    page.set_default_timeout(TIMEOUT * 1000)
    hosts: set[str] = set()
    errors: list[str] = []
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/beheer/config.yml", lambda route: route.fulfill(
        status=200, body=hosted, headers={"Content-Type": "text/yaml; charset=utf-8"}))
    try:
        page.goto(f"{served.base}/beheer/")
        page.get_by_role("button", name=button).wait_for()
        assert "Configuratiefout" not in page.inner_text("body")
        assert hosts == {served.base.split("/")[2]} and errors == []
    finally:
        page.close()
