"""The example site has no broken internal link, anchor or image, and every page is reachable from home."""

from __future__ import annotations

import pytest

from tests.sitecheck.findings import TALLY, report
from tests.sitecheck.links import crawl
from tests.sitecheck.plugin import example_site
from tests.sitecheck.tools import REPO
from wijkgen.build import load_and_assemble


@pytest.mark.sitecheck
def test_crawl_from_home_finds_no_broken_link() -> None:
    base_url = load_and_assemble(REPO, display_base=REPO).site.config.base_url
    with TALLY.timed("links"):
        result = crawl(example_site(), base_url)
    TALLY.add("links: HTML pages in the site", result.pages)
    TALLY.add("links: pages reached from home", result.reached)
    TALLY.add("links: addresses checked", result.references)
    TALLY.add("links: links to other sites (allowed)", result.external_links)
    TALLY.add("links: broken links, anchors, images or unreachable pages", len(result.findings))
    assert not result.findings, f"{len(result.findings)} problem(s):\n{report(result.findings)}"
    assert result.pages > 30 and result.reached == result.pages - (example_site() / "404.html").is_file()
