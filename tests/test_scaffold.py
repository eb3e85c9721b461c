"""Starting a project and adding wijken and collectives, as an author would from the command line."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from wijkgen.cli import main
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.scaffold.editor import content_kind, modeline
from wijkgen.scaffold.skeletons import pip_requirement
from wijkgen.schema.framework import framework_from, vocabulary_of
from wijkgen.schema.schemas import build_schemas

KNOWN_ACTIONS = {
    "actions/checkout",
    "actions/setup-python",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
}


@pytest.fixture
def fresh(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "mijn-wijken"
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert "wijkgen serve" in result.stdout
    monkeypatch.chdir(target)
    return target


def test_init_then_build_works(fresh: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no warnings either
    page = (fresh / "site/voorbeeldwijk/collectieven/buurtmoestuin-de-groene-hoek/index.html").read_text("utf-8")
    assert "<h1>Buurtmoestuin De Groene Hoek</h1>" in page
    assert (fresh / "site/voorbeeldwijk/stappen/index.html").exists()
    readme = (fresh / "README.md").read_text(encoding="utf-8")
    assert "wijkgen serve" in readme and "wijkgen new collectief" in readme


def test_init_never_overwrites(tmp_path: Path, runner: CliRunner) -> None:
    target = tmp_path / "bestaand"
    (target / "content").mkdir(parents=True)
    (target / "README.md").write_text("mijn eigen tekst", encoding="utf-8")
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 2
    assert "schrijft nooit over bestaande bestanden heen" in result.stderr and "README.md" in result.stderr
    assert (target / "README.md").read_text(encoding="utf-8") == "mijn eigen tekst"
    assert sorted(p.name for p in target.iterdir()) == ["README.md", "content"]  # nothing else was written
    git = tmp_path / "leeg-met-git"
    (git / ".git").mkdir(parents=True)
    assert runner.invoke(main, ["init", str(git)]).exit_code == 0  # a freshly cloned empty repository is fine


def _run_lines(fresh: Path) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    github = yaml.safe_load((fresh / ".github/workflows/wijkgen.yml").read_text(encoding="utf-8"))
    gitlab = yaml.safe_load((fresh / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    lines = []
    for job in github["jobs"].values():
        for step in job["steps"]:
            if "run" in step:
                lines += [line for line in step["run"].splitlines() if line.strip()]
            else:
                name, _, version = step["uses"].partition("@")
                assert name in KNOWN_ACTIONS and re.fullmatch(r"v\d+", version), step["uses"]
    for job in gitlab.values():
        if isinstance(job, dict) and "script" in job:
            lines += job["script"]
    return lines, github, gitlab


def test_ci_files_are_valid_and_call_commands_that_exist(fresh: Path, runner: CliRunner) -> None:
    lines, github, gitlab = _run_lines(fresh)
    triggers = github.get("on", github.get(True))  # PyYAML reads the key `on` as true (YAML 1.1)
    assert set(triggers) == {"pull_request", "push", "workflow_dispatch"}
    assert triggers["push"]["branches"] == ["main"]
    assert github["env"]["WIJKGEN"] == gitlab["variables"]["WIJKGEN"] == pip_requirement()
    assert re.fullmatch(r"wijkgen~=\d+\.\d+\.0", pip_requirement())
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert any(rule["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"' for rule in gitlab["controleren"]["rules"])
    upload = [s for s in github["jobs"]["controleren"]["steps"] if s.get("uses", "").startswith("actions/upload-pages")]
    assert upload[0]["with"]["path"] == "site"
    assert github["jobs"]["publiceren"]["needs"] == "controleren"

    commands = [shlex.split(line) for line in lines]
    assert {tuple(c) for c in commands if c[0] == "python"} == {("python", "-m", "pip", "install", "$WIJKGEN")}
    wijkgen_runs = [c[1:] for c in commands if c[0] == "wijkgen"]
    assert {tuple(args[:1]) for args in wijkgen_runs} == {("check",), ("build",)}
    assert all(c[0] in ("python", "wijkgen") for c in commands)
    for args in wijkgen_runs:  # every step, as CI would run it, in the new project
        result = runner.invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
    assert (fresh / "public" / "index.html").exists()


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
