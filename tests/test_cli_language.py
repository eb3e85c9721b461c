"""The command line speaks the project's language: help, usage errors, unknown commands, and where the project is."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from wijkgen.cli import main

COMMANDS = ("build", "check", "init", "new", "schema", "serve")


def _english(root: Path) -> None:
    config = root / "wijkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "taal: en\n", encoding="utf-8")


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"]], ids=["alone", "--help", "-h"])
def test_wijkgen_alone_prints_the_help_in_dutch_and_exits_0(project: Callable[..., Path], runner: CliRunner,
                                                             args: list[str]) -> None:
    project()
    result = runner.invoke(main, args)
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == "Gebruik: wijkgen [OPTIES] OPDRACHT [ARGUMENTEN]..."
    assert "Opdrachten:" in lines and "Opties:" in lines
    assert all(any(line.startswith(f"  {name} ") for line in lines) for name in COMMANDS)
    assert "..." not in result.stdout.replace("[ARGUMENTEN]...", "")  # no description cut off
    assert lines[-1] == "Meer over een opdracht: wijkgen OPDRACHT --help"


def test_an_english_project_gets_english_help(project: Callable[..., Path], runner: CliRunner) -> None:
    _english(project())
    result = runner.invoke(main, [])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Usage: wijkgen [OPTIONS] COMMAND [ARGUMENTS]..."
    assert result.stdout.splitlines()[-1] == "More about a command: wijkgen COMMAND --help"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_unknown_command_suggests_the_nearest(project: Callable[..., Path], runner: CliRunner,
                                                 language: str) -> None:
    root = project()
    if language == "en":
        _english(root)
    result = runner.invoke(main, ["bouw"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == {
        "nl": "wijkgen: fout: onbekende opdracht 'bouw' — bedoelde je 'build'? De opdrachten zijn: build, check,"
              " handleiding, init, new, schema, serve. Uitleg: wijkgen --help.\n",
        "en": "wijkgen: error: unknown command 'bouw' — did you mean 'build'? The commands are: build, check,"
              " handleiding, init, new, schema, serve. Help: wijkgen --help.\n",
    }[language]
    typo = runner.invoke(main, ["chekc"]).stderr
    assert {"nl": "bedoelde je 'check'?", "en": "did you mean 'check'?"}[language] in typo


def test_usage_errors_of_click_are_said_in_dutch(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    (root / "some-file.txt").write_text("x", encoding="utf-8")
    cases = {
        ("build", "some-file.txt"): "PROJECT moet een map zijn, maar 'some-file.txt' is een bestand. Uitleg: wijkgen"
                                    " build --help.",
        ("build", "--stirct"): "onbekende optie --stirct — bedoelde je '--strict'? Uitleg: wijkgen build --help.",
        ("new", "wijk"): "NAME ontbreekt. Uitleg: wijkgen new wijk --help.",
    }
    for args, says in cases.items():
        result = runner.invoke(main, list(args))
        assert (result.exit_code, result.stderr) == (2, f"wijkgen: fout: {says}\n"), args


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_subfolder_finds_the_project_above_and_says_so(project: Callable[..., Path], runner: CliRunner,
                                                         monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    root = project()
    if language == "en":
        _english(root)
    monkeypatch.chdir(root / "content" / "testwijk")
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert result.stderr == {
        "nl": "wijkgen gebruikt het project in ../.. (../../wijkgen.yaml).\n",
        "en": "wijkgen uses the project in ../.. (../../wijkgen.yaml).\n",
    }[language]
    assert result.stdout.startswith({"nl": "Alles in orde: ", "en": "All good: "}[language])
    assert not (root / "content" / "testwijk" / "site").exists()


def test_the_search_for_a_project_stops_below_a_ceiling_folder(project: Callable[..., Path], runner: CliRunner,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = project()
    inner = root / "content" / "testwijk"
    monkeypatch.chdir(inner)
    monkeypatch.setenv("WIJKGEN_CEILING_DIRECTORIES", f"relative{os.pathsep}{root / 'content'}")
    stopped = runner.invoke(main, ["check"])
    assert stopped.exit_code == 2
    assert f"geen wijkgen.yaml gevonden in {inner.resolve()} of een map daarboven" in stopped.stderr
    monkeypatch.setenv("WIJKGEN_CEILING_DIRECTORIES", str(root.parent))
    assert runner.invoke(main, ["check"]).exit_code == 0
    monkeypatch.setenv("WIJKGEN_CEILING_DIRECTORIES", str(inner))
    monkeypatch.chdir(root / "content")
    assert runner.invoke(main, ["check"]).exit_code == 0


def test_without_a_project_the_message_names_the_command_typed(tmp_path: Path, runner: CliRunner,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    here = tmp_path.resolve()
    check = runner.invoke(main, ["check"])
    assert (check.exit_code, check.stderr) == (2, (
        f"wijkgen: fout: geen wijkgen.yaml gevonden in {here} of een map daarboven. Start wijkgen in de map van"
        " een project (of een map daarin), of geef de map op: wijkgen check PAD.\n"))
    named = runner.invoke(main, ["schema", str(tmp_path)])
    assert named.stderr == (
        f"wijkgen: fout: geen wijkgen.yaml gevonden in {here}. Start wijkgen in de map van een project (of een map"
        " daarin), of geef de map op: wijkgen schema PAD.\n")
    new = runner.invoke(main, ["new", "wijk", "Noord"])
    assert new.stderr.endswith("geef de map op: wijkgen new wijk --project PAD.\n")


# Every command and group, as typed after ``wijkgen``.
EVERY_COMMAND = (["build"], ["check"], ["serve"], ["init"], ["schema"], ["handleiding"], ["new"], ["new", "wijk"],
                 ["new", "collectief"])
# What Click itself would print: none of it may reach a Dutch reader.
CLICK_ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "[default:", "DIRECTORY", "TEXT", "PATH",
                 "INTEGER")


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("command", EVERY_COMMAND, ids=" ".join)
def test_every_command_explains_itself_in_the_project_language(project: Callable[..., Path], runner: CliRunner,
                                                                command: list[str], language: str) -> None:
    """``wijkgen <command> --help`` (and ``wijkgen new`` alone): usage, what it does and every option, in the
    project's language, on the standard output, exit 0, each option with its own explanation."""
    from wijkgen.i18n.catalogue import text

    root = project()
    if language == "en":
        _english(root)
    result = runner.invoke(main, [*command, "--help"])
    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{text('cli.usage', language)} wijkgen {' '.join(command)} "
                               f"{text('cli.options_metavar', language)}")
    description = text(f"cli.command.{'.'.join(command)}", language)
    assert " ".join(description.split()[:4]) in " ".join(result.stdout.split())
    assert f"{text('cli.options', language)}:" in lines and text("cli.help", language) in result.stdout
    if language == "nl":
        assert [word for word in CLICK_ENGLISH if word in result.stdout] == []
    else:
        assert text("cli.help", "nl") not in result.stdout
    if command == ["new"]:
        alone = runner.invoke(main, command)
        assert (alone.exit_code, alone.stdout) == (0, result.stdout)
