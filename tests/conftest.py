"""Shared fixtures: copies of fixture projects in tmp_path, a CliRunner, and the golden-refresh flag."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from tests.sitecheck.plugin import (  # noqa: F401
    browser,
    build_example,
    example_server,
    playwright_driver,
    pytest_collection_modifyitems,
    pytest_terminal_summary,
)
from wijkgen.build import BuildResult

# Nothing in Hypothesis that measures time: no limit per example (its default is 200 ms), no health check that
# finds generating data too slow; a busy machine must not fail a test. (A test's own suppress_health_check list
# replaces this one, so such lists name too_slow again.)
settings.register_profile("wijkgen", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("wijkgen")

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "broken"
REPO = Path(__file__).parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite golden files and expected messages from the current output.")


@pytest.fixture(autouse=True)
def _no_project_above_the_tests(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """wijkgen looks for a project from the current folder upwards; a stray wijkgen.yaml in /tmp (or wherever the
    test folders lie) must not become every test's project, so the search stops below pytest's base folder."""
    monkeypatch.setenv("WIJKGEN_CEILING_DIRECTORIES", str(tmp_path_factory.getbasetemp().resolve()))


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Copy a fixture project (optionally with a broken case laid over it) and chdir into it."""

    def make(name: str = "minimal", broken: str | None = None) -> Path:
        target = tmp_path / (broken or name)
        shutil.copytree(FIXTURES / name, target)
        if broken:
            shutil.copytree(BROKEN / broken, target, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("expected.txt"))
        monkeypatch.chdir(target)
        return target

    return make


@pytest.fixture(scope="session")
def example_build() -> BuildResult:
    """The repository's example project, built once per test run (into test-artifacts/site): read, never change."""
    return build_example()


@pytest.fixture(scope="session")
def full_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full fixture project, built once per test run: its site folder, to read and never to change."""
    from tests.sitetools import build_copy  # it imports this module

    return build_copy("full", tmp_path_factory.mktemp("full-site"))


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` by relative POSIX path, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def tree_folders(root: Path) -> list[str]:
    """Every folder below ``root`` by relative POSIX path (``tree_bytes`` sees only files)."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())
