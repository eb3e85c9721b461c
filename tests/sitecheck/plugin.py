"""pytest fixtures and the closing summary of the site checks (imported by tests/conftest.py)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Playwright, sync_playwright

from tests.sitecheck.browser import launch
from tests.sitecheck.findings import TALLY
from tests.sitecheck.server import SiteServer
from tests.sitecheck.tools import REPO
from wijkgen.build import BuildResult, build

ARTIFACTS = REPO / "test-artifacts"


@cache
def build_example() -> BuildResult:
    """The repository's example project, built once per test run into test-artifacts/site (the fixture
    ``example_build`` of the fast tier reads the same build)."""
    return build(REPO, out=ARTIFACTS / "site", display_base=REPO)


@cache
def example_site() -> Path:
    """The site the site checks check: the example project's (:func:`build_example`).

    With SITECHECK_SITE set to a folder, that already built site is checked instead.
    """
    given = os.environ.get("SITECHECK_SITE")
    if given:
        return Path(given).resolve()
    return build_example().out


@cache
def screenshots_dir() -> Path:
    """test-artifacts/screenshots, emptied once per test run."""
    folder = ARTIFACTS / "screenshots"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """Playwright, started once for the whole run (one process can run only one at a time)."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Debian's Chromium through Playwright, with a fresh user-data folder, for the whole run."""
    with launch(playwright_driver, tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


@pytest.fixture(scope="session")
def example_server() -> Iterator[SiteServer]:
    """The example site served on 127.0.0.1 for the whole run."""
    with SiteServer(example_site()) as server:
        yield server


SLOW_MARKERS = ("e2e", "vnu")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser and vnu checks after every other test, keeping each group in its order."""
    items.sort(key=lambda item: any(item.get_closest_marker(m) for m in SLOW_MARKERS))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the counts and times of the site checks, when any ran."""
    lines = TALLY.lines()
    if lines:
        terminalreporter.section("site checks of the example site")
        for line in lines:
            terminalreporter.write_line(line)
