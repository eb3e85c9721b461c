"""The search index in shards: whole wijken per shard, the same bytes on any file system, only changed shards
indexed again, and a browser that finds a collective of every shard through the merged search.

The generated project (``benchmarks/generate.py``: 8 wijken of 5 collectives) is built with a shard size
of 32 pages, so its index has four shards; a real site's shards hold about 3,000 pages.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, tree_bytes
from tests.sitetools import generator
from tests.test_search import browser as browser_fixture  # noqa: F401 (the fixture "browser")
from tests.test_search import serving
from wijkgen.build import build
from wijkgen.outputs import search
from wijkgen.render.pages import plan_pages
from wijkgen.speed.build import fast_build, fast_load_and_assemble

SHARD_PAGES = 32
TMPFS = Path("/dev/shm")
TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generator()("wijkgen", tmp_path_factory.mktemp("gen") / "project", 40, 8)


def shard_folders(site: Path) -> list[str]:
    listed = json.loads((site / search.SHARDS_FILE).read_text(encoding="utf-8"))["delen"]
    return ["pagefind", *(f"pagefind/{folder.rstrip('/')}" for folder in listed)]


def test_shards_hold_whole_wijken_and_a_small_site_has_one(generated: Path) -> None:
    pages = plan_pages(fast_load_and_assemble(generated).site)
    shards = search.plan_shards(pages, SHARD_PAGES)
    assert len(shards) > 2
    assert [s.folder for s in shards] == ["pagefind", *(f"pagefind/deel-{n}" for n in range(2, len(shards) + 1))]
    wijk_of = {p.url: (p.wijk.slug if p.wijk else "") for p in pages}
    seen: list[set[str]] = [{wijk_of[url] for url, _ in s.pages} for s in shards]
    assert "" in seen[0] and len(seen[0]) == 2  # the site-wide pages are in the first shard, with a wijk
    for n, wijken in enumerate(seen):  # no wijk is split over two shards
        assert all(wijken.isdisjoint(other) for other in seen[n + 1:])
    html_pages = [p for p in pages if p.output_path.endswith(".html")]
    assert sorted(u for s in shards for u, _ in s.pages) == sorted(p.url for p in html_pages)
    assert len(search.plan_shards(pages)) == 1  # the default: a few thousand pages per shard


def test_a_big_site_has_bigger_shards_not_more(generated: Path) -> None:
    """Past about MAX_SHARDS shards the shards grow by whole steps of the shard size, so that a reader's first
    search loads a bounded number of them, and a page more or less does not move every shard's bounds."""
    pages = plan_pages(fast_load_and_assemble(generated).site)
    urls = sorted(p.url for p in pages if p.output_path.endswith(".html"))
    assert len(search.plan_shards(pages, 8, max_shards=100)) > 6
    shards = search.plan_shards(pages, 8, max_shards=3)
    assert len(shards) <= 4 and min(len(s.pages) for s in shards[:-1]) > 8
    assert sorted(u for s in shards for u, _ in s.pages) == urls
    steps = -(-len(urls) // (8 * 3))  # the limit is that many shard sizes
    assert max(len(s.pages) for s in shards) <= 8 * steps
    fewer = [p for p in pages if p.url != next(q.url for q in pages if q.kind == "collectief")]
    assert [s.pages[0] for s in search.plan_shards(fewer, 8, max_shards=3)] == [s.pages[0] for s in shards]


def _project_on(base: Path, source: Path) -> Path:
    root = base / "project"
    for name in ("content", "templates", "wijkgen.yaml"):
        if (source / name).is_dir():
            shutil.copytree(source / name, root / name)
        elif (source / name).is_file():
            root.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, root / name)
    return root


@pytest.mark.skipif(not TMPFS.is_dir(), reason="needs a tmpfs at /dev/shm")
@pytest.mark.parametrize("shard_pages", [search.SHARD_PAGES, 20], ids=["one-shard", "shards"])
def test_same_bytes_on_tmpfs_and_on_disk(tmp_path: Path, shard_pages: int) -> None:
    """The example project copied onto a tmpfs and onto the disk builds to the same bytes, index included."""
    on_disk = _project_on(tmp_path / "disk", REPO)
    with_tmpfs = Path(tempfile.mkdtemp(prefix="wijkgen-test-", dir=TMPFS))
    try:
        in_memory = _project_on(with_tmpfs, REPO)
        build(on_disk, display_base=on_disk, shard_pages=shard_pages)
        fast_build(in_memory, display_base=in_memory, shard_pages=shard_pages, use_cache=False)
        disk, memory = tree_bytes(on_disk / "site"), tree_bytes(in_memory / "site")
    finally:
        shutil.rmtree(with_tmpfs, ignore_errors=True)
    assert "pagefind/pagefind-entry.json" in disk
    assert (shard_pages == 20) == any(rel.startswith("pagefind/deel-2/") for rel in disk)
    assert disk.keys() == memory.keys()
    assert [rel for rel in disk if disk[rel] != memory[rel]] == []


@pytest.fixture
def sharded(generated: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(generated, root)
    fast_build(root, shard_pages=SHARD_PAGES)
    return root


def _inodes(site: Path, folder: str) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino
            for p in (site / folder).iterdir() if p.is_file() and p.name != "wijkgen-delen.json"}


def _clean(root: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    out = tmp_path / f"clean-{name}"
    build(root, out=out, shard_pages=SHARD_PAGES)
    return tree_bytes(out)


def test_an_edit_indexes_only_its_shard_again(sharded: Path, tmp_path: Path) -> None:
    site = sharded / "site"
    folders = shard_folders(site)
    before = {folder: _inodes(site, folder) for folder in folders}
    wijk = sorted(p.name for p in (sharded / "content").iterdir() if p.is_dir())[-1]  # in the last shard
    story = sorted((sharded / "content" / wijk / "collectieven").glob("*.md"))[0]
    story.write_text(story.read_text(encoding="utf-8") + "\nHet woord zeldzaamheidje staat nu hier.\n",
                     encoding="utf-8")
    fast_build(sharded, shard_pages=SHARD_PAGES)
    assert tree_bytes(site) == _clean(sharded, tmp_path, "edit")
    after = {folder: _inodes(site, folder) for folder in folders}
    assert after[folders[-1]] != before[folders[-1]]  # its shard is indexed again
    for folder in folders[:-1]:  # the others are carried over, file for file
        assert after[folder] == before[folder], folder


# --- In a real browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served_shards(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The generated project built with several shards, served on 127.0.0.1 under /een/map/."""
    root = tmp_path_factory.mktemp("sharded") / "project"
    shutil.copytree(generated, root)
    fast_build(root, shard_pages=SHARD_PAGES)
    with serving(root / "site", tmp_path_factory.mktemp("docroot")) as address:
        yield address, root


@pytest.mark.e2e
def test_search_page_finds_a_collective_of_every_shard(served_shards: tuple[str, Path], browser: Any) -> None:
    base, root = served_shards
    pages = plan_pages(fast_load_and_assemble(root).site)
    shards = search.plan_shards(pages, SHARD_PAGES)
    assert len(shards) > 2
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    elsewhere: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: None if req.url.startswith(base) else elsewhere.append(req.url))
    by_url = {p.url: p for p in pages}
    for shard in shards:
        url = next(u for u, _ in shard.pages if by_url[u].kind == "collectief")
        collective = by_url[url].collective
        assert collective is not None
        page.goto(base + "zoeken/?q=" + urllib.parse.quote(collective.name))
        wanted = page.locator(f'.pagefind-ui__result-link[href="/een/map/{url}"]')
        more = page.locator(".pagefind-ui__button")  # "load more results", until it is listed
        while not wanted.count():
            page.locator(".pagefind-ui__result-link").first.wait_for()
            if wanted.count():
                break
            assert more.count(), f"{collective.name} ({shard.folder}) not found"
            more.click()
        assert wanted.first.inner_text() == collective.name, shard.folder
    assert errors == [] and elsewhere == []
    page.close()
