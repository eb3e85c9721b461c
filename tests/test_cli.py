"""The command line as a user meets it: exit codes, output folders, determinism, atomic writes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import tree_bytes
from wijkgen.cli import main
from wijkgen.errors import ContentError, Problem, ProjectError
from wijkgen.speed.cache import CACHE_DIR


def test_check_valid_project(project: Callable[..., Path], runner: CliRunner) -> None:
    project()
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Alles in orde: 4 bestanden gecontroleerd, 1 wijk.\n"
    assert not (Path.cwd() / "site").exists()


def test_no_project_is_a_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "geen wijkgen.yaml gevonden" in result.stderr
    assert runner.invoke(main, ["build", str(tmp_path)]).exit_code == 2


def test_unknown_option_is_a_usage_error(runner: CliRunner) -> None:
    assert runner.invoke(main, ["build", "--nope"]).exit_code == 2


def test_build_writes_every_page(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    files = set(tree_bytes(root / "site"))
    assert {
        "index.html",
        "testwijk/index.html",
        "testwijk/stappen/index.html",
        "testwijk/ankerinstellingen/index.html",
        "testwijk/collectieven/buurtkeuken/index.html",
        "static/wijkgen.css",
    } <= files
    assert not any(name.startswith("testwijk/nieuws") for name in files)  # no news: no news pages


def test_build_twice_is_byte_identical(project: Callable[..., Path], runner: CliRunner, tmp_path: Path) -> None:
    root = project("full")
    assert runner.invoke(main, ["build", "--out", str(tmp_path / "a")]).exit_code == 0
    assert runner.invoke(main, ["build", "--out", str(tmp_path / "b")]).exit_code == 0
    first, second = tree_bytes(tmp_path / "a"), tree_bytes(tmp_path / "b")
    assert first == second
    assert len(first) > 10
    assert root.exists()


def test_rebuild_replaces_old_output(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    (root / "site").mkdir()
    (root / "site" / "stale.html").write_text("oud", encoding="utf-8")
    assert runner.invoke(main, ["build"]).exit_code == 0
    assert not (root / "site" / "stale.html").exists()
    assert oct((root / "site").stat().st_mode & 0o777) == oct(0o755)
    # nothing left but the kept staging folder, which holds the replaced site for the next build to bring up to date
    assert [p.name for p in root.iterdir() if p.name.startswith(".") and p.name != CACHE_DIR] == [".site.staging"]
    assert [p.name for p in (root / ".site.staging").iterdir()] == ["stale.html"]


def test_out_option_and_single_wijk(project: Callable[..., Path], runner: CliRunner, tmp_path: Path) -> None:
    project("full")
    out = tmp_path / "uit"
    result = runner.invoke(main, ["build", "--out", str(out), "--wijk", "oostwijk"])
    assert result.exit_code == 0, result.output
    assert (out / "oostwijk" / "index.html").exists()
    assert not (out / "westwijk").exists()
    unknown = runner.invoke(main, ["build", "--out", str(out), "--wijk", "zuidwijk"])
    assert unknown.exit_code == 2
    assert "wijk 'zuidwijk' bestaat niet. Bekende wijken: oostwijk, westwijk." in unknown.stderr


def test_refuses_output_folder_that_would_destroy_the_project(project: Callable[..., Path],
                                                               runner: CliRunner) -> None:
    root = project()
    for out in (".", "..", "content", "content/testwijk/site", "templates"):
        result = runner.invoke(main, ["build", "--out", out])
        assert result.exit_code == 2, out
        assert "mag niet gebruikt worden" in result.stderr
    assert (root / "content" / "testwijk" / "wijk.md").exists()


@pytest.mark.parametrize(
    ("heading", "says"),
    [
        ("{{ collective.naam }}", "naam"),
        ('{{ t("collective.nope") }}', "het sjabloon vraagt om de tekst 'collective.nope', maar die staat niet in de "
         "teksten van wijkgen (wijkgen/i18n/)."),
    ],
    ids=["unknown-attribute", "unknown-text"],
)
def test_template_error_is_located_and_keeps_previous_site(heading: str, says: str, project: Callable[..., Path],
                                                           runner: CliRunner) -> None:
    root = project()
    (root / "templates").mkdir()
    (root / "templates" / "collectief.html").write_text(
        f'{{% extends "base.html" %}}\n{{% block content %}}\n<h1>{heading}</h1>\n{{% endblock %}}\n',
        encoding="utf-8")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("vorige", encoding="utf-8")
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 1
    assert "templates/collectief.html:3:1: fout: fout in sjabloon:" in result.stderr
    assert says in result.stderr
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "vorige"


def test_project_template_overrides_theme(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    (root / "templates" / "static").mkdir(parents=True)
    (root / "templates" / "collectief.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<h1>Eigen: {{ collective.name }}</h1>{% endblock %}\n',
        encoding="utf-8")
    (root / "templates" / "static" / "extra.css").write_text("p{}", encoding="utf-8")
    assert runner.invoke(main, ["build"]).exit_code == 0
    page = (root / "site/testwijk/collectieven/buurtkeuken/index.html").read_text(encoding="utf-8")
    assert "<h1>Eigen: Buurtkeuken</h1>" in page
    assert (root / "site/static/extra.css").exists()
    assert (root / "site/static/wijkgen.css").exists()


def test_english_site_and_messages(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    config = root / "wijkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "taal: en\n", encoding="utf-8")
    assert runner.invoke(main, ["build"]).exit_code == 0
    assert '<html lang="en"' in (root / "site/index.html").read_text(encoding="utf-8")
    (root / "content/testwijk/stappen.yaml").write_text("stappen:\n  - stap: wijkteam\n    status: klaar\n",
                                                         encoding="utf-8")
    result = runner.invoke(main, ["check"])
    assert ("error: 'klaar' is not a valid value for 'status' — did you mean 'afgerond'? Choose from: niet gestart,"
            " bezig, afgerond.") in result.stderr



@pytest.mark.parametrize("line", ["taal: en  # English\n", 'taal: "en"\n', "taal: 'en'\n"])
def test_messages_speak_the_language_the_config_asks_for(line: str, project: Callable[..., Path],
                                                         runner: CliRunner) -> None:
    root = project()
    config = root / "wijkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + line, encoding="utf-8")
    assert runner.invoke(main, ["check"]).stdout == "All good: 4 files checked, 1 wijk.\n"
    build = runner.invoke(main, ["build"])
    assert build.exit_code == 0 and build.stdout.startswith("Done: ")
    assert '<html lang="en"' in (root / "site/index.html").read_text(encoding="utf-8")
    unknown = runner.invoke(main, ["build", "--wijk", "zuidwijk"])
    assert (unknown.exit_code, unknown.stderr) == (
        2, "wijkgen: error: wijk 'zuidwijk' does not exist. Known wijken: testwijk.\n")


def test_messages_read_taal_as_a_build_does(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    config = root / "wijkgen.yaml"
    # "taal: en" inside a text block is text, not the setting: the site and the messages stay Dutch.
    config.write_text("titel: Testsite\nbeschrijving: |\n  Zet voor Engels:\n  taal: en\n", encoding="utf-8")
    assert runner.invoke(main, ["check"]).stdout == "Alles in orde: 4 bestanden gecontroleerd, 1 wijk.\n"
    # A mistake elsewhere in the config is reported in the language it asks for.
    config.write_text("titel: Testsite\ntaal: en\ntitle: Test site\n", encoding="utf-8")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.stderr.startswith("wijkgen.yaml:3:1: error: unknown field 'title'")
    assert result.stderr.endswith("\n1 error, 0 warnings\n")


def test_errors_know_their_exit_code_and_what_to_print() -> None:
    problem = Problem("content/x/wijk.md", 2, 1, "schema.required", {"key": "stad"})
    failed = ContentError([problem], kept=Path("site"))
    assert failed.exit_code == 1
    assert failed.report("en").splitlines() == [
        "content/x/wijk.md:2:1: error: required field 'stad' is missing. Add a line 'stad: ...'.",
        "1 error, 0 warnings",
        "The site was not built; the previous version in site was left untouched.",
    ]
    usage = ProjectError("project.unknown_wijk", slug="z", known="a, b")
    assert usage.exit_code == 2
    assert usage.report("nl") == "wijkgen: fout: wijk 'z' bestaat niet. Bekende wijken: a, b."


def test_schema_refuses_a_broken_config_with_the_content_exit_code(project: Callable[..., Path],
                                                                   runner: CliRunner) -> None:
    root = project()
    (root / "wijkgen.yaml").write_text("titel: Testsite\ntaal: en\nkader:\n  stappen: 3\n", encoding="utf-8")
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 1
    assert result.stderr.startswith("wijkgen.yaml:4:")
    assert result.stderr.endswith("\n1 error, 0 warnings\n")
    assert not (root / "schemas").exists()

