"""Load and assemble with a warm cache after one edit, and the one-edit command-line build, paired with another
checkout of wijkgen (for instance main).

Run from the repository root (after `pip install -e .` here and in the other checkout):

    python benchmarks/warm_load.py --project P --other ../main --work W              # warm load, 7 pairs
    python benchmarks/warm_load.py --project P --other ../main --work W --profile    # and a cProfile top of each
    python benchmarks/warm_load.py --project P --other ../main --work W --build 3   # and 3 pairs of builds

Each side gets its own copy of the project under ``--work`` (kept between runs: its cache and site stay warm),
and runs in fresh processes of its own checkout's ``.venv/bin/python``. Before each pair, the same collective
of both copies gets one more sentence, so every measured run finds one changed file. A run of the warm load
times :func:`wijkgen.speed.build.fast_load_and_assemble` (what ``wijkgen check`` does) inside its process,
imports left out: CPU of the process and its worker processes, and wall time. A run of ``--build`` times
``wijkgen build`` as a whole: wall, CPU of the whole process tree and peak memory (``run.measure``). The other
checkout is A, this one B; each line gives the median of the per-pair ratios B / A with their range
(``paired``). Figures vary with the machine; this is not a test.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from paired import alternate, ratio_line  # scripts next to this one
from run import Measurement, edit, fmt, measure, median

REPO = Path(__file__).resolve().parent.parent

# Run in each side's own Python: one warm load, measured inside the process (argv: project, profile rows).
LOAD = """
import cProfile, io, json, pstats, resource, sys, time
from pathlib import Path
from wijkgen.speed.build import fast_load_and_assemble

def cpu():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

root, rows = Path(sys.argv[1]), int(sys.argv[2])
profile = cProfile.Profile() if rows else None
start_cpu, start = cpu(), time.perf_counter()
if profile:
    profile.enable()
result = fast_load_and_assemble(root, root)
if profile:
    profile.disable()
wall, used = time.perf_counter() - start, cpu() - start_cpu
top = ""
if profile:
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(rows)
    top = out.getvalue()
print(json.dumps({"wall": wall, "cpu": used, "problems": len(result.problems), "wijken": len(result.site.wijken),
                  "top": top}))
"""


def python_of(checkout: Path) -> str:
    """The Python of a checkout's virtualenv."""
    found = checkout / ".venv" / "bin" / "python"
    if not found.is_file():
        raise SystemExit(f"no {found}: make the checkout's virtualenv first (python -m venv .venv; pip install -e .)")
    return str(found)


def warm_load(python: str, project: Path, rows: int = 0) -> dict[str, object]:
    """One warm load of ``project`` in a fresh process of ``python``: its figures (and profile top)."""
    done = subprocess.run([python, "-c", LOAD, str(project), str(rows)], check=True, capture_output=True, text=True,
                          cwd=project)
    figures: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def copy_of(project: Path, work: Path, name: str) -> Path:
    """The side's own copy of the project (made once; its cache and site are kept between runs)."""
    target = work / name
    if not target.is_dir():
        shutil.copytree(project, target, ignore=shutil.ignore_patterns(".wijkgen-cache", "site"))
    return target


def build_argv(python: str, project: Path) -> list[str]:
    return [python, "-m", "wijkgen", "build", str(project)]


def main() -> None:
    """Command-line entry point: measure both sides and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, required=True, help="a wijkgen project (copied, never changed)")
    parser.add_argument("--other", type=Path, required=True, help="the checkout to compare with (A), e.g. main")
    parser.add_argument("--work", type=Path, required=True, help="folder for the two copies of the project")
    parser.add_argument("--pairs", type=int, default=7, help="pairs of warm loads (default 7)")
    parser.add_argument("--profile", type=int, nargs="?", const=25, default=0,
                        help="print the cProfile top (default 25 rows) of one warm load of each side")
    parser.add_argument("--build", type=int, default=0, help="pairs of one-edit `wijkgen build` runs (default 0)")
    args = parser.parse_args()

    sides = {"A": (python_of(args.other.resolve()), copy_of(args.project, args.work, "A")),
             "B": (python_of(REPO), copy_of(args.project, args.work, "B"))}
    collectives = sum(1 for _ in (args.project / "content").glob("*/collectieven/*.md"))
    print(f"# A = {args.other.resolve()}, B = {REPO}; project {args.project} ({collectives} collectives)")
    edits = iter(range(10**6))

    def both_edited() -> int:
        i = next(edits)
        for _, project in sides.values():
            edit(project, i)
        return i

    if args.build:
        for python, project in sides.values():  # a first build of each copy: site/ and the cache exist
            if not (project / "site").is_dir():
                m = measure(build_argv(python, project), cwd=project)
                print(f"first build of {project.name}: {fmt(m)}")
            measure(build_argv(python, project), cwd=project)

    for python, project in sides.values():  # the cache warm for this version of the files
        warm_load(python, project)
    a_runs: list[dict[str, object]] = []
    b_runs: list[dict[str, object]] = []
    for _ in range(args.pairs):
        both_edited()
        a_runs.append(warm_load(*sides["A"]))
        b_runs.append(warm_load(*sides["B"]))
    for a, b in zip(a_runs, b_runs, strict=True):  # both sides load the same project
        assert (a["problems"], a["wijken"]) == (b["problems"], b["wijken"])

    def values(runs: list[dict[str, object]], key: str) -> list[float]:
        return [float(str(run[key])) for run in runs]

    print(f"warm load + assemble, one file changed ({args.pairs} pairs):")
    for side, runs in (("A", a_runs), ("B", b_runs)):
        print(f"  {side}: CPU median {statistics.median(values(runs, 'cpu')):.3f} s "
              f"(range {min(values(runs, 'cpu')):.3f}–{max(values(runs, 'cpu')):.3f}), "
              f"wall median {statistics.median(values(runs, 'wall')):.3f} s")
    print("  " + ratio_line("B / A: CPU", values(a_runs, "cpu"), values(b_runs, "cpu")))
    print("  " + ratio_line("B / A: wall", values(a_runs, "wall"), values(b_runs, "wall")))
    sys.stdout.flush()

    if args.profile:
        both_edited()
        for side, (python, project) in sides.items():
            print(f"\n## cProfile of one warm load, {side} (one file changed)")
            print(warm_load(python, project, args.profile)["top"])
        sys.stdout.flush()

    if args.build:
        def one_build(side: str) -> Measurement:
            python, project = sides[side]
            return measure(build_argv(python, project), cwd=project)

        a_builds: list[Measurement] = []
        b_builds: list[Measurement] = []
        for _ in range(args.build):
            both_edited()
            a, b = alternate(lambda: one_build("A"), lambda: one_build("B"), pairs=1, warmup=False)
            a_builds += a
            b_builds += b
        print(f"one-edit command-line build ({args.build} pairs; wall, CPU of the tree, largest process, tree):")
        print(f"  A: {fmt(median(a_builds))}")
        print(f"  B: {fmt(median(b_builds))}")
        print("  " + ratio_line("B / A: CPU", [m.cpu for m in a_builds], [m.cpu for m in b_builds]))
        print("  " + ratio_line("B / A: wall", [m.wall for m in a_builds], [m.wall for m in b_builds]))


if __name__ == "__main__":
    main()
