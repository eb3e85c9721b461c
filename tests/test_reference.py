"""docs/inhoud.md is the reference generated from the schemas; it must not drift from them. An English project
gets the same reference in English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import REPO
from wijkgen.cli import main
from wijkgen.load.config import config_from
from wijkgen.schema.framework import vocabulary_of
from wijkgen.schema.reference import reference_markdown
from wijkgen.schema.translate import source_texts


def test_reference_is_up_to_date(update_golden: bool) -> None:
    framework = config_from(None).framework
    text = reference_markdown(framework, vocabulary_of(framework))
    target = REPO / "docs" / "inhoud.md"
    if update_golden:
        target.write_text(text, encoding="utf-8")
    assert target.read_text(encoding="utf-8") == text, "run: bash scripts/test.sh --update-golden"
    for field in ("`kerncijfers[].bron`", "`behoeften[].soort`", "`stappen[].mijlpalen[].datum`", "`kader.stappen`"):
        assert field in text


def test_an_english_project_gets_the_reference_in_english(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    result = runner.invoke(main, ["handleiding", "--naslag"])
    assert result.exit_code == 0 and result.stdout == (REPO / "docs" / "inhoud.md").read_text(encoding="utf-8")
    config = root / "wijkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "taal: en\n", encoding="utf-8")
    result = runner.invoke(main, ["handleiding", "--naslag"])
    assert result.exit_code == 0, result.output
    english = result.stdout
    assert english.startswith("# Reference: every file and field\n")
    assert "| field | kind of value | required | meaning |" in english
    assert "## Neighbourhood collective (collectieven/<naam>.md)" in english
    assert "| `naam` | text | yes | Name of the collective. |" in english  # the key as files hold it
    assert "| `fotos[].alt` | text | yes | What the photo shows" in english  # a text of common.json
    assert "| 1 | `wijkteam` | Neighbourhood team |" in english  # the framework's steps in English too
    # no Dutch schema text is left: every description is the English one
    assert not [text for text in source_texts().values() if f"| {text} |" in english or f"\n{text}\n" in english]
    assert english.count("\n| `") == (REPO / "docs" / "inhoud.md").read_text(encoding="utf-8").count("\n| `")
