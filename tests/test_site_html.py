"""Every HTML file of the example site is valid according to the Nu HTML Checker (vnu)."""

from __future__ import annotations

import pytest

from tests.sitecheck.findings import TALLY, report
from tests.sitecheck.plugin import example_site
from tests.sitecheck.vnu import check_html


@pytest.mark.sitecheck
@pytest.mark.vnu
def test_every_html_file_is_valid() -> None:
    site = example_site()
    files = sorted(site.rglob("*.html"))
    with TALLY.timed("vnu"):
        findings = check_html(files, site)
    TALLY.add("vnu: HTML files checked", len(files))
    TALLY.add("vnu: errors", len(findings))
    assert not findings, f"{len(findings)} vnu error(s):\n{report(findings)}"
