"""The site checkers catch each kind of mistake: small static sites in tests/fixtures/sites, one per kind.

``ok`` is a correct little site; every other folder holds files laid over ``ok`` that break one
thing, and ``expected-<checker>.txt`` with exactly what that checker must report (no file: nothing).
Refresh the expected files with ``--update-golden`` and review the diff.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from tests.conftest import FIXTURES
from tests.sitecheck.browser import VIEWPORTS, Watch, check_overlap, check_reflow, open_page, run_axe
from tests.sitecheck.findings import Finding, report
from tests.sitecheck.links import crawl
from tests.sitecheck.server import SiteServer
from tests.sitecheck.site import discover
from tests.sitecheck.vnu import check_html

SITES = FIXTURES / "sites"
CASES = sorted(p.name for p in SITES.iterdir() if p.is_dir())
BROKEN_CASES = [c for c in CASES if c != "ok"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every case as a complete site: ``ok`` with the case's files laid over it."""
    base = tmp_path_factory.mktemp("sites")
    built = {}
    for case in CASES:
        shutil.copytree(SITES / "ok", base / case)
        shutil.copytree(SITES / case, base / case, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected-*"))
        built[case] = base / case
    return built


def _matches_expected(case: str, checker: str, findings: list[Finding], update_golden: bool) -> None:
    expected_file = SITES / case / f"expected-{checker}.txt"
    found = report(findings)
    if update_golden:
        if found:
            expected_file.write_text(found, encoding="utf-8")
        else:
            expected_file.unlink(missing_ok=True)
    expected = expected_file.read_text(encoding="utf-8") if expected_file.exists() else ""
    assert found == expected


def test_every_broken_case_expects_a_finding() -> None:
    assert "ok" in CASES and not list((SITES / "ok").glob("expected-*"))
    for case in BROKEN_CASES:
        assert any(f.read_text(encoding="utf-8") for f in (SITES / case).glob("expected-*.txt")), case


@pytest.mark.parametrize("case", CASES)
def test_links(case: str, sites: dict[str, Path], update_golden: bool) -> None:
    _matches_expected(case, "links", crawl(sites[case]).findings, update_golden)


@cache
def _vnu_findings(root: Path) -> dict[str, list[Finding]]:
    """vnu over every case at once (one Java start), split by case."""
    files = sorted(root.rglob("*.html"))
    by_case: dict[str, list[Finding]] = {}
    for finding in check_html(files, root):
        case, _, page = finding.page.partition("/")
        by_case.setdefault(case, []).append(Finding(finding.checker, page, finding.kind, finding.detail))
    return by_case


@pytest.mark.vnu
@pytest.mark.parametrize("case", CASES)
def test_vnu(case: str, sites: dict[str, Path], update_golden: bool) -> None:
    _matches_expected(case, "vnu", _vnu_findings(sites[case].parent).get(case, []), update_golden)


@pytest.mark.e2e
@pytest.mark.parametrize("case", CASES)
def test_browser_and_axe(case: str, sites: dict[str, Path], browser: BrowserContext, update_golden: bool) -> None:
    findings: list[Finding] = []
    with SiteServer(sites[case]) as server:
        for size in VIEWPORTS.values():
            tab = browser.new_page()
            tab.set_viewport_size(size)
            watch = Watch(tab, server.origin)
            for page in discover(sites[case]):
                open_page(tab, server.url(page.url))
                findings += run_axe(tab, server.origin) + check_reflow(tab, server.origin)
                findings += check_overlap(tab, server.origin)
                watch.settle()
            tab.close()
            findings += watch.findings
    _matches_expected(case, "browser", findings, update_golden)


def test_crawl_reads_srcset_css_svg_and_paths_above_the_root(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a">folder without slash</a> <a href="https://wijk.example/a/#x">own absolute address</a>'
        '<img src="b.png" srcset="b.png 1x, groot.png 2x" alt=""><svg><a xlink:href="a/ontbreekt/">x</a></svg>'
        '<p style="background: url(\'achter.png\')"></p><link rel="stylesheet" href="s.css">', encoding="utf-8")
    (tmp_path / "b.png").write_bytes(b"")
    (tmp_path / "s.css").write_text('@import "weg.css"; p { background: url(b.png) }', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<p id="x"><a href="../../boven.html">up</a></p>', encoding="utf-8")
    result = crawl(tmp_path, base_url="https://wijk.example/")
    assert report(result.findings) == (
        "links: a/index.html: outside-site: <a> ../../boven.html\n"
        "links: index.html: broken-image: <img> groot.png: no file groot.png\n"
        "links: index.html: broken-image: <p> achter.png: no file achter.png\n"
        "links: index.html: broken-link: <a> a/ontbreekt/: no file a/ontbreekt/index.html\n"
        "links: s.css: broken-resource: <css> weg.css: no file weg.css\n"
    )
    assert (result.pages, result.reached, result.external_links) == (2, 2, 0)
