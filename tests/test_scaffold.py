"""Starting a project and adding wijken and collectives, as an author would from the command line."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.ci_files import GITHUB_WORKFLOW, GITLAB_CI, github_steps, gitlab_steps, load_yaml, run_steps
from tests.conftest import REPO
from wijkgen import __version__
from wijkgen.cli import main
from wijkgen.i18n.messages import message
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.scaffold.editor import content_kind, modeline
from wijkgen.schema.framework import framework_from, vocabulary_of
from wijkgen.schema.schemas import build_schemas

KNOWN_ACTIONS = {
    "actions/checkout",
    "actions/setup-python",
    "actions/configure-pages",
    "actions/cache",
    "actions/upload-artifact",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
}
REQUIREMENT = f"wijkgen=={__version__}"


@pytest.fixture
def fresh(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "mijn-wijken"
    result = runner.invoke(main, ["init", str(target), "--wijkgen-bron", REQUIREMENT])
    assert result.exit_code == 0, result.output
    assert "serve" in result.stdout and f"De CI-bestanden installeren {REQUIREMENT}." in result.stdout
    monkeypatch.chdir(target)
    return target


def test_init_then_build_works(fresh: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["build"], env={"WIJKGEN_BASIS_URL": None})
    assert result.exit_code == 0, result.output
    # No content warnings; only that the site has no address yet (CI gives it; on a computer nobody does).
    assert result.stderr == f"wijkgen: waarschuwing: {message('build.no_base_url', 'nl', {})}\n"
    page = (fresh / "site/voorbeeldwijk/collectieven/buurtmoestuin-de-groene-hoek/index.html").read_text("utf-8")
    assert "<h1>Buurtmoestuin De Groene Hoek</h1>" in page
    assert (fresh / "site/voorbeeldwijk/stappen/index.html").exists()
    readme = (fresh / "README.md").read_text(encoding="utf-8")
    assert "wijkgen serve" in readme and "wijkgen new collectief" in readme


def test_init_never_overwrites(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "bestaand"
    (target / "content").mkdir(parents=True)
    (target / "README.md").write_text("mijn eigen tekst", encoding="utf-8")
    result = runner.invoke(main, ["init", str(target), "--wijkgen-bron", REQUIREMENT])
    assert result.exit_code == 2
    assert "schrijft nooit over bestaande bestanden heen" in result.stderr and "README.md" in result.stderr
    assert (target / "README.md").read_text(encoding="utf-8") == "mijn eigen tekst"
    assert sorted(p.name for p in target.iterdir()) == ["README.md", "content"]  # nothing else was written
    git = tmp_path / "leeg-met-git"
    (git / ".git").mkdir(parents=True)
    # a freshly cloned empty repository is fine
    assert runner.invoke(main, ["init", str(git), "--wijkgen-bron", REQUIREMENT]).exit_code == 0


def test_ci_files_are_valid_and_say_what_the_platforms_need(fresh: Path) -> None:
    github, gitlab = load_yaml(fresh / GITHUB_WORKFLOW), load_yaml(fresh / GITLAB_CI)
    assert set(github["on"]) == {"pull_request", "push", "workflow_dispatch"}
    assert github["on"]["push"]["branches"] == ["main"]
    assert github["env"]["WIJKGEN"] == gitlab["variables"]["WIJKGEN"] == REQUIREMENT
    check = github["jobs"]["controleren"]
    assert check["permissions"] == {"contents": "read", "pages": "read"}  # configure-pages reads the Pages site
    steps = {step.get("id") or step.get("name") or step["uses"]: step for step in check["steps"]}
    for step in check["steps"]:
        if "uses" in step:
            name, _, version = step["uses"].partition("@")
            assert name in KNOWN_ACTIONS and re.fullmatch(r"v\d+", version), step["uses"]
    assert steps["pages"]["uses"].startswith("actions/configure-pages@")
    assert steps["Site bouwen"]["env"] == {"WIJKGEN_BASIS_URL": "${{ steps.pages.outputs.base_url }}"}
    assert steps["Site bouwen"]["run"] == 'wijkgen build --samenvatting "$GITHUB_STEP_SUMMARY"'
    assert steps["Inhoud controleren"]["run"] == "wijkgen check --format github"
    cache = steps["Geheugen van wijkgen terugzetten"]
    assert cache["uses"].startswith("actions/cache@") and cache["with"]["path"] == ".wijkgen-cache"
    assert cache["with"]["key"].startswith("wijkgen-${{ runner.os }}-${{ env.WIJKGEN }}-")
    order = list(steps)  # the cache is back before the check, which uses it too
    assert order.index("Geheugen van wijkgen terugzetten") < order.index("Inhoud controleren")
    artifact = steps["Gebouwde site bewaren om te bekijken"]
    assert artifact["if"] == "github.event_name == 'pull_request'" and artifact["with"]["path"] == "site"
    assert steps["Site klaarzetten voor GitHub Pages"]["with"]["path"] == "site"
    assert github["jobs"]["publiceren"]["needs"] == "controleren"

    assert gitlab["default"]["before_script"] == ['python -m pip install "$WIJKGEN"']
    assert gitlab["default"]["cache"] == {"key": {"prefix": "wijkgen", "files": [GITLAB_CI]},
                                          "paths": [".wijkgen-cache/"]}
    review = gitlab["controleren"]
    assert review["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert review["script"] == ["wijkgen check --format codequality > gl-code-quality-report.json",
                                'wijkgen build --basis-url "$CI_PAGES_URL"']
    assert review["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}
    assert review["artifacts"]["when"] == "always" and review["artifacts"]["paths"] == ["site/"]
    assert gitlab["pages"]["script"][-1] == 'wijkgen build --out public --basis-url "$CI_PAGES_URL"'
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]


def test_ci_steps_run_as_written(fresh: Path, tmp_path: Path) -> None:
    """Every shell step of both CI files, run in bash as the runners do (the install step is left to the slow test
    of the wheel: here the wijkgen of this checkout stands in for it)."""
    summary = tmp_path / "step-summary.md"
    here = [Path(sys.executable).parent]
    run_steps(github_steps(fresh, "controleren", summary), fresh, here, skip="python -m pip install")
    assert "| Webadres | https://voorbeeld.github.io/mijnwijk/ |" in summary.read_text(encoding="utf-8")
    assert '<base href="/mijnwijk/">' in (fresh / "site/404.html").read_text(encoding="utf-8")
    for job in ("controleren", "pages"):
        run_steps(gitlab_steps(fresh, job), fresh, here, skip="python -m pip install")
    assert json.loads((fresh / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []
    assert (fresh / "public/sitemap.xml").is_file()


def test_init_from_an_editable_install_asks_what_ci_should_install(tmp_path: Path, runner: CliRunner) -> None:
    """The tests run from an editable install of this checkout: CI cannot install that, so init says what to pass."""
    target = tmp_path / "nieuw"
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (
        "wijkgen: fout: wijkgen weet niet wat CI moet installeren: deze wijkgen is als bewerkbare kopie "
        f"geïnstalleerd uit {REPO}, en die map kan CI niet bereiken. Zeg het met --wijkgen-bron, bijvoorbeeld "
        f'--wijkgen-bron "wijkgen=={__version__}" (een uitgebrachte versie) of --wijkgen-bron '
        '"git+https://github.com/EIGENAAR/wijkgen@COMMIT" (een commit in een Git-repository die CI kan bereiken).\n')
    assert not target.exists()
    bad = runner.invoke(main, ["init", str(target), "--wijkgen-bron", 'wijkgen"; rm -rf ~'])
    assert bad.exit_code == 2 and "kan niet in de CI-bestanden" in bad.stderr and not target.exists()


def test_generated_files_point_editors_at_the_schemas(fresh: Path) -> None:
    settings = json.loads((fresh / ".vscode/settings.json").read_text(encoding="utf-8"))
    for schema_path in settings["yaml.schemas"]:
        assert (fresh / schema_path).is_file()
    assert json.loads((fresh / ".vscode/extensions.json").read_text(encoding="utf-8")) == {
        "recommendations": ["redhat.vscode-yaml"]}
    checked = 0
    for path in sorted(fresh.rglob("*")):
        rel = path.relative_to(fresh).as_posix()
        kind = content_kind(rel)
        if kind is None:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        line = lines[1] if path.suffix == ".md" else lines[0]
        assert line == modeline(rel, kind), rel
        target = (path.parent / line.split("$schema=", 1)[1]).resolve()
        assert target == (fresh / "schemas" / f"{kind}.schema.json").resolve() and target.is_file()
        checked += 1
    assert checked == 4  # wijkgen.yaml, wijk.md, stappen.yaml, the collective


def test_new_collective_skeleton(fresh: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["new", "collectief", "voorbeeldwijk", "Café de Ĳsbreker"])
    assert result.exit_code == 0, result.output
    rel = "content/voorbeeldwijk/collectieven/cafe-de-ijsbreker.md"
    assert f"Geschreven: {rel}" in result.stdout
    text = (fresh / rel).read_text(encoding="utf-8")
    assert text.startswith(f"---\n{modeline(rel, 'collectief')}\n")
    assert "\nnaam: Café de Ĳsbreker\n" in text
    schema = build_schemas(vocabulary_of(framework_from(None)))["collectief"]
    for key, description in _fields(schema):
        assert re.search(rf"^(# )?\s*(- )?{key}:", text, re.MULTILINE), key
        assert description.split(",")[0] in text, key  # every field explained, with its own description
    # Required fields are left for the author; check says where, and nothing else is wrong.
    check = runner.invoke(main, ["check"])
    assert check.exit_code == 1
    assert check.stderr.splitlines() == [
        f"{rel}:15:1: fout: veld 'soort' is leeg, maar moet ingevuld zijn. Schrijf achter 'soort:' een van deze"
        " woorden: bewonersgroep, coöperatie, stichting, vereniging, sociale onderneming, informeel netwerk,"
        " buurtinitiatief.",
        f"{rel}:24:4: fout: de 1e waarde in 'waarden' is leeg. Vul een waarde in of haal de regel weg.",
        "2 fouten, 0 waarschuwingen",
    ]
    again = runner.invoke(main, ["new", "collectief", "voorbeeldwijk", "Cafe de IJsbreker"])
    assert again.exit_code == 2 and "bestaat al; wijkgen overschrijft nooit een bestand" in again.stderr


def test_skeleton_uncommented_is_the_schema_itself(fresh: Path, runner: CliRunner) -> None:
    """Removing every `# ` in front of a field gives a file whose only problems are the empty values."""
    assert runner.invoke(main, ["new", "collectief", "voorbeeldwijk", "Alles"]).exit_code == 0
    assert runner.invoke(main, ["new", "wijk", "Alles Wijk"]).exit_code == 0
    for rel in ("content/voorbeeldwijk/collectieven/alles.md", "content/alles-wijk/wijk.md"):
        path = fresh / rel
        opened = [re.sub(r"^# (?=\s*(- )?[a-z_]+:|\s+-$)", "", line) for line in path.read_text("utf-8").splitlines()]
        path.write_text("\n".join(opened) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["check", "--format", "json"])
    codes = {p["code"] for p in json.loads(result.stdout)["problems"]}
    assert codes == {"schema.empty", "schema.empty_required", "schema.empty_required_choice"}


def test_new_wijk(fresh: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["new", "wijk", "De Nieuwe Wijk"])
    assert result.exit_code == 0, result.output
    steps = (fresh / "content/de-nieuwe-wijk/stappen.yaml").read_text(encoding="utf-8")
    assert steps.startswith(modeline("content/de-nieuwe-wijk/stappen.yaml", "stappen") + "\n")
    for step in framework_from(None).steps:
        assert f"  - stap: {step.id}\n    status: niet gestart\n" in steps
    check = runner.invoke(main, ["check"])
    assert [line.split(": fout: ")[1] for line in check.stderr.splitlines()[:-1]] == [
        "veld 'stad' is leeg, maar moet ingevuld zijn. Schrijf de waarde achter 'stad:' op dezelfde regel.",
        "veld 'samenvatting' is leeg, maar moet ingevuld zijn. Schrijf de waarde achter 'samenvatting:' op"
        " dezelfde regel.",
    ]
    profile = fresh / "content/de-nieuwe-wijk/wijk.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace("\nstad:\n", "\nstad: Utrecht\n")
                       .replace("\nsamenvatting:\n", "\nsamenvatting: Een nieuwe wijk.\n"), encoding="utf-8")
    assert runner.invoke(main, ["build"]).exit_code == 0
    assert (fresh / "site/de-nieuwe-wijk/stappen/index.html").exists()
    assert "    # samenvatting: Wat er in deze stap is gebeurd.\n" in steps


def test_new_wijk_explains_itself_in_the_projects_language(fresh: Path, runner: CliRunner) -> None:
    config = fresh / "wijkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("taal: nl", "taal: en"), encoding="utf-8")
    result = runner.invoke(main, ["new", "wijk", "Oost"])
    assert result.stdout.startswith("Written: content/oost/wijk.md\n")
    steps = (fresh / "content/oost/stappen.yaml").read_text(encoding="utf-8")
    assert "    # samenvatting: What happened in this step.\n    # collectieven:\n    #   - name-of-a-collective\n" in (
        steps)
    assert "    status: niet gestart\n" in steps  # field names and values stay those of the schema


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "wijk", "Voorbeeldwijk"], "content/voorbeeldwijk/wijk.md bestaat al"),
        (["new", "wijk", "!!!"], "van de naam '!!!' kan geen webadres gemaakt worden"),
        (["new", "wijk", "Static"], "de naam 'static' is gereserveerd"),
        (["new", "collectief", "zuidwijk", "Club"], "wijk 'zuidwijk' bestaat niet. Bekende wijken: voorbeeldwijk."),
    ],
    ids=["exists", "no-slug", "reserved", "unknown-wijk"],
)
def test_new_refuses_with_a_usage_error(args: list[str], message: str, fresh: Path, runner: CliRunner) -> None:
    before = sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*"))
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*")) == before


def test_new_outside_a_project_is_a_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["new", "wijk", "Ergens", "--project", str(tmp_path)])
    assert result.exit_code == 2 and "geen wijkgen.yaml gevonden" in result.stderr


def _fields(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """Every field name in a schema with its description, nested ones included."""
    nav = SchemaNavigator(schema)
    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        resolved = nav.resolve(node) or {}
        for key, sub in resolved.get("properties", {}).items():
            sub_resolved = nav.resolve(sub) or {}
            found.append((key, str(sub.get("description") or sub_resolved.get("description", ""))))
            walk(sub_resolved)
            walk(sub_resolved.get("items"))

    walk(schema)
    return found
