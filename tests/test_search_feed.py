"""What the build gives Pagefind of a page (``search.feed``): only what Pagefind reads, and the same index.

The example project's pages, and a few pages that use Pagefind's meta, filter and sort attributes inside and
outside the indexed region, are indexed twice with a real Pagefind service: given whole (as before) and cut
by ``search.feed``. The two indexes must be the same bytes, and a real browser must get the same answers
from them (titles, excerpts, meta, filters, sort, sub-results) for a set of queries.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.test_search import browser as browser_fixture  # noqa: F401 (the fixture "browser")
from tests.test_search import serving, watched_page
from wijkgen.build import BuildResult
from wijkgen.outputs import search
from wijkgen.render.pages import plan_pages
from wijkgen.speed.build import fast_load_and_assemble

PAGE = """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>Proef {n} · Site</title>{head}
</head>
<body class="proef">
<header><p class="sitetitel">Site</p>{header}<nav><a href="../">Alle wijken</a></nav></header>
<{main} id="inhoud" data-pagefind-body data-pagefind-filter="soort:proef" data-pagefind-sort="volgorde:{n}">
<h1>Proefpagina {n}</h1>
<p data-pagefind-meta="samenvatting">Een zeldzaamheidje over buurtmoestuin {n}.</p>
<img src="/plaatje-{n}.png" alt="Plaatje {n}">
<h2 id="deel-{n}">Oogst van de buurtmoestuin</h2>
<p>Kleur: <span data-pagefind-filter="kleur">{kleur}</span>. Bewoners koken samen.</p>
<section data-pagefind-ignore><p>Niet doorzocht: geheimwoordje.</p></section>
</{main_end}>
<footer><p>Gemaakt met wijkgen.</p>{footer}</footer>
</body>
</html>
"""
# Pages that use what Pagefind reads: inside the region (cut), and outside it (given whole).
PROBES = {
    "proef/1/index.html": {"kleur": "groen"},
    "proef/2/index.html": {"kleur": "rood", "main": "MAIN", "main_end": "Main"},  # upper case tag names
    "proef/3/index.html": {"kleur": "groen", "head": '\n<meta data-pagefind-meta="beeld[content]" content="/b.png">'},
    "proef/4/index.html": {"kleur": "blauw", "header": "<h1>Kop buiten de inhoud</h1>"},
    "proef/5/index.html": {"kleur": "rood", "footer": '<img src="/voet.png" alt="Voet">'},
    "proef/6/index.html": {"kleur": "geel", "footer": '<p data-pagefind-filter="kleur">paars</p>'},
}
QUERIES = ["taalcafé", "buurt", "moestuin", "zonnemarkt", "vrijwilligers", "energie", "oostwijk", "wijkfonds",
           "zeldzaamheidje", "buurtmoestuin", "oogst", "geheimwoordje", "kop", "koken samen", "xyzzyplugh"]


def probe(rel: str) -> bytes:
    """One of :data:`PROBES` as HTML."""
    fields = {"head": "", "header": "", "footer": "", "main": "main", "main_end": "main", **PROBES[rel]}
    return PAGE.format(n=rel.split("/")[1], **fields).encode("utf-8")


def test_feed_keeps_only_what_pagefind_reads() -> None:
    cut = search.feed(probe("proef/1/index.html"))
    assert cut.startswith(b'<html lang="nl"><head><title>Proef 1 \xc2\xb7 Site</title></head><body class="proef">')
    assert cut.endswith(b"</main></body></html>")
    assert b"<header" not in cut and b"<footer" not in cut and b"Alle wijken" not in cut
    assert b"geheimwoordje" in cut  # what the region ignores stays: Pagefind reads its meta and filters
    assert search.feed(probe("proef/2/index.html")).endswith(b"</Main></body></html>")
    for rel in ("proef/3/index.html", "proef/4/index.html", "proef/5/index.html", "proef/6/index.html"):
        assert search.feed(probe(rel)) == probe(rel), rel  # read outside the region: given whole
    whole = b"<html><body><main data-pagefind-body>a</main><main data-pagefind-body>b</main></body></html>"
    nested = b"<html><body><main data-pagefind-body>a<main>b</main>c</main></body></html>"
    unclosed = b"<html><body><main data-pagefind-body>a</body></html>"
    for page in (whole, nested, unclosed, b"<html><body><p>no region</p></body></html>"):
        assert search.feed(page) == page


def _index(pages: list[tuple[str, str]], read: Callable[[str], bytes], out: Path | None = None
           ) -> dict[str, dict[str, bytes]]:
    """The index of ``pages`` given whole ("heel") and cut ("gesneden"), each written below ``out`` if given."""
    shard = search.Shard(search.OUTPUT_SUBDIR, tuple(sorted(pages)))
    made: dict[str, dict[str, bytes]] = {}
    for name, cut in (("heel", False), ("gesneden", True)):
        with search.Indexer("nl", cut=cut) as indexer:
            made[name] = dict(indexer.index(shard, read))
        for rel, data in made[name].items() if out else ():
            target = out / name / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return made


@pytest.fixture(scope="module")
def example(example_build: BuildResult) -> tuple[list[tuple[str, str]], Callable[[str], bytes]]:
    """The example project's planned pages and their HTML."""
    pages = [(p.url, p.output_path) for p in plan_pages(fast_load_and_assemble(REPO).site)
             if p.output_path.endswith(".html")]

    def read(rel: str) -> bytes:
        return probe(rel) if rel in PROBES else example_build.out.joinpath(*rel.split("/")).read_bytes()

    return pages, read


def test_cut_pages_give_the_same_index(example: tuple[list[tuple[str, str]], Callable[[str], bytes]]) -> None:
    made = _index(*example)
    whole, cut = made["heel"], made["gesneden"]
    assert "pagefind/pagefind-entry.json" in whole and len(whole) > 20
    assert whole.keys() == cut.keys()
    assert [rel for rel in whole if whole[rel] != cut[rel]] == []
    entry = json.loads(whole["pagefind/pagefind-entry.json"])
    assert entry["languages"]["nl"]["page_count"] == len(example[0]) - 2  # not the search page, not 404


ANSWERS = """async ([root, queries]) => {
    const answers = {};
    for (const name of ["heel", "gesneden"]) {
        const pagefind = await import(root + name + "/pagefind/pagefind.js?" + name);
        await pagefind.options({ baseUrl: "/", excerptLength: 30 });
        const filters = await pagefind.filters();
        const found = [];
        for (const query of queries) {
            for (const options of [{}, { filters: { kleur: "groen" } }, { sort: { volgorde: "desc" } }]) {
                const search = await pagefind.search(query, options);
                const data = await Promise.all(search.results.map((r) => r.data()));
                found.push([query, JSON.stringify(options), search.unfilteredResultCount, search.filters,
                            data.map((d) => [d.url, d.meta, d.excerpt, d.filters, d.word_count,
                                             d.sub_results.map((s) => [s.url, s.title, s.excerpt])])]);
            }
        }
        answers[name] = { filters, found };
    }
    return answers;
}"""


@pytest.mark.e2e
def test_browser_gets_the_same_answers(example: tuple[list[tuple[str, str]], Callable[[str], bytes]],
                                       browser: Any, tmp_path: Path) -> None:
    """With the probes too. Their index is not byte for byte the same twice, whole or cut: Pagefind 1.5.2
    lists two or more filter names in its meta file in the order of a hash map."""
    out = tmp_path / "site"
    pages, read = example
    _index([*pages, *((rel.removesuffix("index.html"), rel) for rel in PROBES)], read, out)
    (out / "index.html").write_text('<!DOCTYPE html><title>proef</title><link rel="icon" href="data:,">',
                                     encoding="utf-8")
    with serving(out, tmp_path / "docroot") as base:
        page, errors, elsewhere = watched_page(browser, base)
        page.goto(base + "index.html")
        answers = page.evaluate(ANSWERS, [base, QUERIES])
        page.close()
    whole, cut = answers["heel"], answers["gesneden"]
    assert whole["filters"]["kleur"] == {"groen": 2, "rood": 2, "blauw": 1, "geel": 1, "paars": 1}
    by_query = {(q, o): results for q, o, _, _, results in whole["found"]}
    assert [r[0] for r in by_query[("buurtmoestuin", '{"sort":{"volgorde":"desc"}}')]] == [
        f"/proef/{n}/" for n in range(6, 0, -1)]
    assert {r[1]["title"] for r in by_query[("zeldzaamheidje", "{}")]} == {
        "Proefpagina 1", "Proefpagina 2", "Proefpagina 3", "Kop buiten de inhoud", "Proefpagina 5",
        "Proefpagina 6"}
    assert by_query[("geheimwoordje", "{}")] == [] and by_query[("taalcafé", "{}")]
    assert cut == whole
    assert errors == [] and elsewhere == []
