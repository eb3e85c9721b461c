"""The wheel ships the theme, schemas, framework and translations as package data."""

from __future__ import annotations

import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO
from wijkgen import __version__
from wijkgen.cli import main


def test_wheel_contains_theme_and_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hatchling_build = pytest.importorskip("hatchling.build")
    monkeypatch.chdir(REPO)
    name = hatchling_build.build_wheel(str(tmp_path))
    names = set(zipfile.ZipFile(tmp_path / name).namelist())
    for template in sorted(p.name for p in (REPO / "templates").glob("*.html")):
        assert f"wijkgen/theme/{template}" in names
    assert "wijkgen/theme/static/wijkgen.css" in names
    assert "wijkgen/schema/json/collectief.json" in names
    assert "wijkgen/schema/kader.yaml" in names
    assert "wijkgen/schema/i18n/en.yaml" in names  # the English texts of the schemas
    assert {f"wijkgen/i18n/{lang}/{part}.yaml" for lang in ("nl", "en") for part in ("site", "messages")} <= names
    # the guide `wijkgen handleiding` shows, and what it links to
    assert {"wijkgen/docs/handleiding.md", "wijkgen/docs/inhoud.md", "wijkgen/docs/open-data.md"} <= names
    starter = REPO / "wijkgen" / "scaffold" / "starter"
    for path in sorted(p for p in starter.rglob("*") if p.is_file()):  # what `wijkgen init` copies
        assert f"wijkgen/scaffold/starter/{path.relative_to(starter).as_posix()}" in names


def test_the_top_level_keeps_only_the_command_line_the_build_and_package_faces() -> None:
    """A newcomer sees the pipeline in the folder names: at most 8 modules beside the sub-packages."""
    top = sorted(p.name for p in (REPO / "wijkgen").glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert len(top) <= 8, top


def test_the_version_is_written_in_one_place() -> None:
    """pyproject.toml takes the version from wijkgen/__init__.py; the installed metadata and --version agree."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "wijkgen/__init__.py"
    assert metadata.version("wijkgen") == __version__
    assert CliRunner().invoke(main, ["--version"]).output == f"wijkgen, version {__version__}\n"
