"""What the plain path would cost instead of two shortcuts, on a generated project (a report, not a test).

Run from the repository root (after `pip install -e .`):

    python benchmarks/shortcuts.py                    # 10,000 generated collectives
    python benchmarks/shortcuts.py --collectives 1000 --pairs 5

The shortcuts, each against its plain path, in paired runs (A B A B …; median of the per-pair ratios
B / A with their range):

- `model.markup.removed_html` with the Markdown source: a pattern over the HTML of a text without `<`
  and `{` (Markdown's own tags only), instead of the HTML parser (B: without the source). Run on the
  raw HTML of every Markdown body of the project, as each is rendered once in a cold build.
- `model.slug.topic_slugs` (`functools.cache`): A a hit, B the undecorated function.

How often a full build calls `topic_slugs` is counted by rendering every page once in this process (as the
workers of a build do between them) and reading the cache's counters. (The `lru_cache`s of the progress
matrix and the sitemap were measured here too, and removed: see benchmarks/README.md.) A cold `wijkgen build`
(cache and output removed first, a fresh process with its workers, Pagefind included) gives the whole
to compare with. Figures vary with the machine.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wijkgen.build import load_and_assemble
from wijkgen.model.markup import MarkdownRenderer, removed_html
from wijkgen.model.slug import topic_slugs
from wijkgen.outputs.files import template_helpers
from wijkgen.render.pages import plan_pages
from wijkgen.render.templates import Renderer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402  (a script next to this one)
from paired import Paired, paired  # noqa: E402


def cold_build(root: Path, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds (with its workers and Pagefind) of a cold `wijkgen build` of ``root``."""
    walls, cpus = [], []
    out = root.parent / "site-koud"
    for _ in range(runs):
        shutil.rmtree(root / ".wijkgen-cache", ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "wijkgen", "build", str(root), "--out", str(out)], check=True,
                       capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    shutil.rmtree(out, ignore_errors=True)
    return statistics.median(walls), statistics.median(cpus)


def report(name: str, result: Paired, calls: float, per_run: int, build_cpu: float) -> None:
    """The paired figures, and what the plain path would add to a full build that pays it ``calls`` times
    (each timed run made ``per_run`` calls)."""
    extra = (statistics.median(result.b) - statistics.median(result.a)) / per_run * calls
    print(f"{name}\n  {result.summary('shortcut', 'plain')}")
    each = "a run" if per_run == 1 else f"a run / {per_run:,}"
    print(f"  the plain path in a full build: {calls:,.0f} time(s) the cost of {each} = +{extra * 1000:,.0f} ms CPU, "
          f"{extra / build_cpu:.2%} of the cold build's CPU")


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collectives", type=int, default=10000)
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--build-runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wijkgen-shortcuts-") as work:
        root = generate("wijkgen", Path(work) / "project", args.collectives, max(1, args.collectives // 20))
        build_wall, build_cpu = cold_build(root, args.build_runs)
        print(f"N = {args.collectives:,}: cold wijkgen build {build_wall:.1f} s wall, {build_cpu:.1f} s CPU "
              f"({args.build_runs} run(s))")

        result = load_and_assemble(root)
        site = result.site
        pages = plan_pages(site)
        renderer = Renderer(site, root)
        renderer.add_globals(**template_helpers(site, pages))
        topic_slugs.cache_clear()
        start = time.process_time()
        for page in pages:  # every page once, as a build's workers do between them
            renderer.render(page)
        print(f"  every page rendered once in this process: {time.process_time() - start:.1f} s CPU")
        slug_calls = topic_slugs.cache_info()

        markdown = MarkdownRenderer()
        texts = [doc.body for wijk in result.project.wijken
                 for doc in (wijk.profile, *wijk.collectives, *wijk.news) if doc is not None and doc.body.strip()]
        raws = [(markdown._md.reset().convert(text), text) for text in texts]
        assert all(removed_html(raw, text) == removed_html(raw) for raw, text in raws)
        shortcut = paired(lambda: [removed_html(raw, text) for raw, text in raws],
                          lambda: [removed_html(raw) for raw, _ in raws], args.pairs)
        taken = sum(1 for _, text in raws if "<" not in text and "{" not in text)
        print(f"\nremoved_html over the HTML of {len(raws):,} Markdown bodies ({taken:,} take the pattern)")
        report("", shortcut, 1, 1, build_cpu)

        info = slug_calls
        values = site.framework.values
        plain_slugs = topic_slugs.__wrapped__  # type: ignore[attr-defined]
        repeat = 1000
        report(f"\ntopic_slugs ({len(values)} names; during the render: {info.hits:,} hits, {info.misses} misses; "
               f"{repeat:,} calls a run)",
               paired(lambda: [topic_slugs(values) for _ in range(repeat)],
                      lambda: [plain_slugs(values) for _ in range(repeat)], args.pairs),
               info.hits, repeat, build_cpu)


if __name__ == "__main__":
    main()
