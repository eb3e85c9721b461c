"""Where a build's memory goes: the resident memory of the main process at each stage of one build.

    python benchmarks/memory.py PROJECT                # a cold build (site/ and the build cache removed first)
    python benchmarks/memory.py PROJECT --warm         # keep them: a rebuild
    python benchmarks/memory.py PROJECT --top 15       # also the biggest holders (tracemalloc) at chosen points

It runs the build as ``wijkgen build`` does (the fast steps: cache, workers), in this process, with
each step of :class:`~wijkgen.speed.build.FastSteps` noted as it starts. It prints, per stage, this
process's resident memory when it started and its peak until the next stage (Linux's ``VmHWM``, reset
at each stage), and at the end the largest process (this one, or a worker:
``getrusage``). ``--top`` traces allocations (slow: several times the CPU) and prints the lines
holding the most memory when loading and assembling are done, before the site is swapped in and
after the records are written. Figures vary with the machine; this is not a test.
"""

from __future__ import annotations

import argparse
import gc
import resource
import shutil
import time
import tracemalloc
from pathlib import Path
from typing import Any

from wijkgen.build import Assembled, BuildRequest, BuildResult, build
from wijkgen.speed.build import FastSteps, fast_steps


def _status(field: str) -> int:
    """A figure of this process's ``/proc/self/status`` in KiB (``VmRSS``: resident now, ``VmHWM``: its peak)."""
    with open("/proc/self/status", encoding="ascii") as stream:
        for line in stream:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    """Start ``VmHWM`` afresh from the resident memory now (Linux: ``clear_refs``)."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as stream:
        stream.write("5")


class Stages:
    """The stages seen so far: name, the memory when it began and the highest since (KiB)."""

    def __init__(self, top: int) -> None:
        self.rows: list[list[Any]] = []
        self.top = top
        self._start = time.perf_counter()
        self.mark("start")

    def mark(self, name: str) -> None:
        if self.rows:
            self.rows[-1][3] = _status("VmHWM")
        _reset_peak()
        self.rows.append([name, time.perf_counter() - self._start, _status("VmRSS"), 0])

    def snapshot(self, label: str) -> None:
        if not self.top:
            return
        snap = tracemalloc.take_snapshot()
        current, peak = tracemalloc.get_traced_memory()
        print(f"## {label}: traced now {current / 2**20:.0f} MiB (peak so far {peak / 2**20:.0f} MiB)")
        for stat in snap.statistics("lineno")[: self.top]:
            frame = stat.traceback[0]
            print(f"  {stat.size / 2**20:8.1f} MiB {stat.count:>9} blocks  {frame.filename}:{frame.lineno}")

    def stop(self) -> None:
        self.mark("end")
        self.rows[-1][3] = self.rows[-1][2]


class NotedSteps(FastSteps):
    """The fast steps, noting each stage as it begins."""

    stages: Stages

    def parsing(self) -> Any:
        self.stages.mark("load")
        return super().parsing()

    def markdown(self, language: str) -> Any:
        self.stages.mark("markdown, assemble")
        return super().markdown(language)

    def assembled(self, result: Assembled) -> None:
        self.stages.snapshot("assembled")
        self.stages.mark("cache flush, plan")
        super().assembled(result)

    def renderer(self, site: Any, root: Path) -> Any:
        self.stages.mark("renderer, helpers")
        return super().renderer(site, root)

    def write_pages(self, renderer: Any, pages: Any, staged: Any, progress: Any) -> None:
        self.stages.mark("render pages, dependency records")
        super().write_pages(renderer, pages, staged, progress)
        self.stages.mark("other files (data, photos, static)")

    def index(self, staged: Any, shards: Any, language: str) -> None:
        self.stages.mark("search index")
        super().index(staged, shards, language)
        self.stages.snapshot("indexed")
        self.stages.mark("swap")

    def finished(self, request: BuildRequest, result: BuildResult) -> None:
        self.stages.mark("records into the cache, prune")
        super().finished(request, result)
        self.stages.snapshot("records written")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("--warm", action="store_true", help="keep site/ and the build cache (a rebuild)")
    parser.add_argument("--top", type=int, default=0, help="print this many biggest holders (tracemalloc)")
    args = parser.parse_args()
    root = args.project.resolve()
    if not args.warm:
        for name in ("site", ".wijkgen-cache"):
            shutil.rmtree(root / name, ignore_errors=True)
    if args.top:
        tracemalloc.start()
    gc.collect()
    stages = Stages(args.top)
    started = time.process_time()
    with fast_steps(root) as plain:
        steps = NotedSteps(plain.store)
        steps.stages = stages
        result = build(root, steps=steps)
    cpu = time.process_time() - started
    stages.stop()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"# {root.name}: {result.pages} pages, {steps.rendered} rendered; CPU of this process {cpu:.1f} s")
    print(f"{'stage':<36} {'from s':>7} {'MiB at start':>13} {'peak MiB':>9}")
    for name, at, begin, peak in stages.rows:
        print(f"{name:<36} {at:7.1f} {begin / 1024:13.0f} {peak / 1024:9.0f}")
    print(f"peak of this process {max(row[3] for row in stages.rows) / 1024:.0f} MiB; of the largest process it "
          f"started (a worker, Pagefind) {children.ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
