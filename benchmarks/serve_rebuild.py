"""How long `wijkgen serve` takes to show one edited collective: the example project and a generated big one.

Run from the repository root (after `pip install -e .`; `run.py` calls this for each size too):

    python benchmarks/serve_rebuild.py                          # example project + 3,000 collectives
    python benchmarks/serve_rebuild.py --collectives 10000 --repeat 5
    python benchmarks/serve_rebuild.py --project PATH           # a project that exists already

For each project it builds once as `serve` does at start, then edits one collective several
times and times the rebuild that `serve` runs after each save, told (as `serve`'s watcher
tells it) which file changed: look again at that wijk's folder, assemble the model, render the
pages that depend on the change, write what changed; the search index follows in the
background and is not timed. It also times one look of the polling watcher (a stat of every
source file, which `serve --poll` does twice a second while it waits), and the notify watcher's start
and its answer while nothing changed. Two kinds of edit: a sentence added
to the story (only that collective's page shows it) and a new name (which also moves it in
every list it is on: its wijk, the home page, its values' and needs' pages). It prints the
median and range of each, and how many pages were rendered again. Figures vary with the
machine; this is not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from wijkgen.live.server import Preview
from wijkgen.live.watch import NotifyWatcher, PollingWatcher

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402  (a script next to this one)

EDITS = {
    "story": lambda text, i: text + f"\nEen zin erbij, bewerking {i}.\n",
    "name": lambda text, i: text.replace("naam: ", f"naam: Bewerkt {i} ", 1),
}


def measure(label: str, root: Path, repeat: int) -> None:
    """Start a preview of ``root`` and time rebuilds after editing one collective in each way."""
    out = Path(tempfile.mkdtemp(prefix="wijkgen-serve-bench-out-"))
    target = sorted((root / "content").glob("*/collectieven/*.md"))[0]
    original = target.read_text(encoding="utf-8")
    try:
        preview = Preview(root, out)
        start = time.perf_counter()
        first = preview.rebuild()
        assert first.ok, [p.text() for p in first.problems]
        print(f"{label}: {first.pages} pages, first build in serve {time.perf_counter() - start:.2f} s")
        preview.settle()  # as serve does when idle
        watcher = PollingWatcher(preview.root)
        looks = []
        for _ in range(repeat):
            look = time.perf_counter()
            watcher.changes()
            looks.append(time.perf_counter() - look)
        print(f"  the polling watcher's look at every source file: median {statistics.median(looks) * 1000:.0f} ms")
        opened = time.perf_counter()
        notified = NotifyWatcher(preview.root)
        opened = time.perf_counter() - opened
        asks = []
        for _ in range(repeat):
            ask = time.perf_counter()
            notified.changes()  # nothing changed: a stat of wijkgen.yaml, content/ and templates/
            asks.append(time.perf_counter() - ask)
        notified.close()
        print(f"  the notify watcher: {opened * 1000:.0f} ms to start watching; asked while idle: median "
              f"{statistics.median(asks) * 1e6:.0f} µs")
        changed = [str(target.resolve())]
        for kind, edit in EDITS.items():
            times, cpu, rendered = [], [], []
            for i in range(repeat):
                target.write_text(edit(original, i), encoding="utf-8")
                wall0, cpu0 = time.perf_counter(), time.process_time()
                report = preview.rebuild(changed)
                times.append(time.perf_counter() - wall0)
                cpu.append(time.process_time() - cpu0)
                assert report.ok
                rendered.append(report.rendered)
                preview.settle()
            print(
                f"  one {kind} edit: median {statistics.median(times) * 1000:.0f} ms wall, "
                f"{statistics.median(cpu) * 1000:.0f} ms CPU (range {min(times) * 1000:.0f}–{max(times) * 1000:.0f} ms"
                f" over {repeat} edits); {statistics.median(rendered):.0f} of {first.pages} pages rendered again"
            )
            target.write_text(original, encoding="utf-8")
            preview.rebuild(changed)
            preview.settle()
    finally:
        target.write_text(original, encoding="utf-8")
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    """Parse the options, set up the projects in a temporary folder and measure them."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collectives", type=int, default=3000)
    parser.add_argument("--wijken-per", type=int, default=20, help="collectives per wijk (default 20)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--project", type=Path, default=None, help="measure this project only")
    args = parser.parse_args()
    if args.project is not None:
        measure(str(args.project), args.project.resolve(), args.repeat)
        return
    with tempfile.TemporaryDirectory(prefix="wijkgen-serve-bench-") as tmp:
        example = Path(tmp) / "voorbeeld"
        example.mkdir()
        shutil.copy(REPO / "wijkgen.yaml", example / "wijkgen.yaml")
        shutil.copytree(REPO / "content", example / "content")
        measure("example project", example, args.repeat)
        n = args.collectives
        big = generate("wijkgen", Path(tmp) / "groot", n, max(1, n // args.wijken_per))
        measure(f"generated project ({n} collectives)", big, args.repeat)


if __name__ == "__main__":
    main()
