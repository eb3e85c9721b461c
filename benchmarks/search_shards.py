"""How big a search shard should be: what one edit costs the build, and what a first search costs the reader.

    python benchmarks/search_shards.py PROJECT [--sizes 1000,2000,3000,6000,0] [--query buurtkeuken …] [--phone]

PROJECT is a generated project (benchmarks/generate.py) that has been built (its ``site/``, with or without
its index). For each shard size (pages per shard, about; 0: one index for the whole site; past
``--max-shards`` shards they grow, as in a build) the site is copied with hard links into a
scratch folder (PROJECT is not changed), its index is made again in shards of that size with
``search.build_index`` (the pages of a wijk are those in its folder, as ``plan_shards`` groups them), and
then:
- the whole index: its CPU (wijkgen and its Pagefind services), wall time, files and bytes;
- one edit: a shard of the middle of the site indexed again alone, as a build does after one edited
  collective: its pages, CPU and wall time;
- a reader's first search for each ``--query`` (``search_cost.first_search``): requests and bytes of the
  visit and of the index alone, and with ``--phone`` the seconds to the first result on a throttled phone.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_cost import first_search

from wijkgen.outputs import search


@dataclass(frozen=True)
class _Wijk:
    slug: str


@dataclass(frozen=True)
class _Page:
    url: str
    output_path: str
    wijk: _Wijk | None


def planned(project: Path) -> list[_Page]:
    """The built site's HTML pages as the build plans them for the index (all of them, as the build does)."""
    site = project / "site"
    wijken = {p.name for p in (project / "content").iterdir() if p.is_dir()}
    pages: list[_Page] = []
    for folder, dirs, files in os.walk(site):
        rel = Path(folder).relative_to(site).as_posix()
        top = rel.split("/")[0]
        if top in ("pagefind", "static", "data"):
            dirs.clear()
            continue
        for name in files:
            if name.endswith(".html"):
                path = f"{rel}/{name}".removeprefix("./")
                pages.append(_Page(path.removesuffix("index.html"), path, _Wijk(top) if top in wijken else None))
    return sorted(pages, key=lambda p: p.url)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the services, once they have ended
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(project: Path, scratch: Path, size: int, queries: list[str], phone: bool, max_shards: int) -> None:
    """Index the site in shards of ``size`` pages (at most about ``max_shards`` of them) and print what it costs
    the build and the reader."""
    site = scratch / f"site-{size or 'one'}"
    if site.exists():
        shutil.rmtree(site)
    subprocess.run(["cp", "-al", str(project / "site"), str(site)], check=True)
    shutil.rmtree(site / search.OUTPUT_SUBDIR, ignore_errors=True)  # its own files from here on, not links
    pages = planned(project)
    limit = size or len(pages) + 1
    cpu, wall = _cpu(), time.perf_counter()
    written = search.build_index(site, pages, "nl", limit, max_shards=max_shards)
    cpu, wall = _cpu() - cpu, time.perf_counter() - wall
    shards = search.plan_shards(pages, limit, max_shards)
    size_of = sum((site / rel).stat().st_size for rel in written)
    print(f"shards of {size or 'all'} pages: {len(shards)} shard(s) of {min(len(s.pages) for s in shards)}–"
          f"{max(len(s.pages) for s in shards)} pages")
    print(f"  whole index: {cpu:.1f} s CPU, {wall:.1f} s wall, {len(written)} files, {size_of / 2**20:.1f} MiB")
    middle = shards[len(shards) // 2]
    cpu, wall = _cpu(), time.perf_counter()
    with search.Indexer("nl", workers=1) as indexer:
        indexer.index(middle, lambda rel: site.joinpath(*rel.split("/")).read_bytes())
    cpu, wall = _cpu() - cpu, time.perf_counter() - wall
    print(f"  one edit: {len(middle.pages)} pages indexed again, {cpu:.1f} s CPU, {wall:.1f} s wall")
    for query in queries:
        cost = first_search(site, query, phone)
        seconds = f", phone: first result after {cost['seconds']:.1f} s" if phone else ""
        print(f"  first search for {query!r}: visit {cost['visit']}; index {cost['index']}{seconds}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("--sizes", default="1000,2000,3000,6000,0")
    parser.add_argument("--query", action="append")
    parser.add_argument("--phone", action="store_true")
    parser.add_argument("--max-shards", type=int, default=search.MAX_SHARDS,
                        help=f"at most about this many shards (default {search.MAX_SHARDS}; a big number: none)")
    parser.add_argument("--scratch", type=Path, help="where the copies go (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the copies (to serve them afterwards)")
    args = parser.parse_args()
    project = args.project.resolve()
    scratch = args.scratch or Path(tempfile.mkdtemp(prefix="search-shards-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        for size in (int(s) for s in args.sizes.split(",") if s):
            measure(project, scratch, size, args.query or ["buurtkeuken"], args.phone, args.max_shards)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
