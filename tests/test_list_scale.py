"""Site-wide lists that scale, and contact addresses that break well.

On a generated project of 2,000 collectives in 100 wijken no page grows with the whole site: overview pages
(home, values, needs, doe-mee, search, open data) list per wijk, in parts of ``LIMITS.per_part`` wijken, and
lead to each wijk's own page; a small site still shows everything inline (the golden and example-site tests
hold that)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitecheck.links import crawl
from tests.sitetools import generator
from wijkgen.build import build
from wijkgen.render.pages import LIMITS
from wijkgen.render.templates import breakable

COLLECTIVES, WIJKEN = 2000, 100
MAX_PAGE = 64 * 1024  # bytes: a wijk page of 20 collectives is about 35 KB; before, doe-mee was 936 KB


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generator()("wijkgen", tmp_path_factory.mktemp("big") / "project", COLLECTIVES, WIJKEN)
    return build(root, out=root / "site").out


def test_no_page_grows_with_the_whole_site(big_site: Path) -> None:
    sizes = {p.relative_to(big_site).as_posix(): p.stat().st_size for p in big_site.rglob("*.html")}
    too_big = {path: size for path, size in sizes.items() if size > MAX_PAGE}
    assert not too_big, f"pages over {MAX_PAGE} bytes: {too_big}"


def test_overviews_list_wijken_in_parts(big_site: Path) -> None:
    parts = -(-WIJKEN // LIMITS.per_part)
    assert parts > 1
    for overview in ("wijken/", "doe-mee/", "doe-mee/vrijwilligers/", "waarden/natuur/"):
        last = big_site / overview / f"pagina-{parts}" / "index.html"
        assert last.is_file(), f"{overview} has no part {parts}"
        assert not (big_site / overview / f"pagina-{parts + 1}").exists()
    home = (big_site / "index.html").read_text(encoding="utf-8")
    assert 'href="wijken/"' in home
    # every wijk is reachable from the list of wijken, each from exactly one part
    listed = []
    for n in range(1, parts + 1):
        page = big_site / "wijken" / ("" if n == 1 else f"pagina-{n}") / "index.html"
        lines = page.read_text(encoding="utf-8").splitlines()
        listed += [line for line in lines if "<li><a href=" in line and 'class="stil"' in line]
    assert len(listed) == WIJKEN


def test_parts_link_up(big_site: Path) -> None:
    result = crawl(big_site)
    assert result.findings == [], result.findings[:5]


def test_addresses_break_only_at_their_seams() -> None:
    assert breakable("info@buurt.example.org") == "info@<wbr>buurt<wbr>.example<wbr>.org"
    assert breakable("www.voorbeeld.nl/doe-mee") == "www<wbr>.voorbeeld<wbr>.nl/<wbr>doe-mee"
    assert breakable("a<b>@c.nl") == "a&lt;b&gt;@<wbr>c<wbr>.nl"  # content stays escaped
