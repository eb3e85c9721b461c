"""What recording page reads costs: this checkout's wijkgen against another one, paired (A B A B).

Run from the repository root, with the Python of a second checkout's venv as A (e.g. a worktree of
the commit before a change, installed with `pip install -e .`):

    python benchmarks/recording.py --base-python /work/wt-base/.venv/bin/python --collectives 1000

Each side builds its own copy of one generated project. Per pair, each side makes a cold build
(output folder and build cache removed) and then a command-line rebuild after one edited collective
(a sentence added to its story). It prints, for both kinds of build, the median of the per-pair
ratios B / A with their range for wall time, CPU (whole process tree), the largest process's peak
memory and the tree's peak PSS, and each side's median. Figures vary with the machine; this is not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402  (scripts next to this one)
from paired import alternate, ratio_line  # noqa: E402
from run import Measurement, edit, measure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-python", required=True, help="the Python (venv) of the checkout to compare with")
    parser.add_argument("--collectives", type=int, default=1000)
    parser.add_argument("--wijken", type=int, default=50)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--cold-once", action="store_true",
                        help="one unpaired cold build per side first, then pairs of one-edit rebuilds only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wijkgen-recording-") as tmp:
        source = Path(tmp) / "project"
        generate("wijkgen", source, args.collectives, args.wijken)
        sides = {"A": (args.base_python, Path(tmp) / "a"), "B": (sys.executable, Path(tmp) / "b")}
        for _, project in sides.values():
            shutil.copytree(source, project)
        edits = {"A": 0, "B": 0}

        def run(side: str, cold: bool = True) -> tuple[Measurement | None, Measurement]:
            python, project = sides[side]
            argv = [python, "-m", "wijkgen", "build", str(project)]
            first = None
            if cold:
                for name in ("site", ".wijkgen-cache"):
                    shutil.rmtree(project / name, ignore_errors=True)
                first = measure(argv, project)
            edits[side] += 1
            edit(project, edits[side])
            return first, measure(argv, project)

        if args.cold_once:
            for side in sides:
                first, _ = run(side)
                assert first is not None
                print(f"# cold build {side} (unpaired): wall {first.wall:.2f} s, CPU {first.cpu:.2f} s, "
                      f"largest process {first.peak_mib:.0f} MiB, tree {first.tree_mib:.0f} MiB")
        a, b = alternate(lambda: run("A", not args.cold_once), lambda: run("B", not args.cold_once), args.pairs,
                         warmup=not args.cold_once)
        for index, label in ((0, "cold build"), (1, "one-edit rebuild")):
            if args.cold_once and index == 0:
                continue
            print(f"# {label}, {args.collectives} collectives, {args.pairs} pairs (B / A)")
            for field in ("wall", "cpu", "peak_mib", "tree_mib"):
                xs = [getattr(m[index], field) for m in a]
                ys = [getattr(m[index], field) for m in b]
                print(f"  {ratio_line(field, xs, ys)}; A median {statistics.median(xs):.2f}, "
                      f"B median {statistics.median(ys):.2f}")


if __name__ == "__main__":
    main()
