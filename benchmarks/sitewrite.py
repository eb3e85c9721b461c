"""What writing a one-edit rebuild costs: this checkout's writer against another checkout's (paired A B A B).

    git -C /work/main archive main | tar -x -C /tmp/base      # the code to compare with (A)
    .venv/bin/python benchmarks/sitewrite.py --base /tmp/base --project /work/bench/wijkgen-10000

Two parts, each printing per-run figures and the median of the per-pair ratios B / A with their range:

- ``fs``: the writer alone. Two copies of the project's ``site/`` are written again the way a rebuild after
  one edited collective writes them: every file reserved, every file but one page carried over (the
  ``os.stat`` of the live file that ``speed.build`` makes, then ``StagedSite.carry``), that page written with
  new bytes, then ``commit``. A runs the base's ``StagedSite`` on one copy, B this checkout's on the other, so
  each finds what its own previous run left (B: its kept staging folder). Wall and CPU of this process.
- ``cli``: two copies of the project's sources (``content/``, ``wijkgen.yaml``), each built whole by its own
  code and once more after an edit; then in each pair one more collective is edited in both and
  ``wijkgen build`` runs with A's code, then B's: wall and CPU of the whole process tree (``run.measure``).
  Both sites must be the same, byte for byte (``diff -r``).

Then the disk the kept staging folder costs: ``du`` of ``site/`` alone and of ``site/`` with it (``du`` counts a
file with two names once).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))
from paired import alternate, ratio_line
from run import edit, fmt, measure

from wijkgen.write import staging


def base_staging(base: Path) -> ModuleType:
    """The ``wijkgen.write.staging`` module of the checkout ``base``, loaded beside this checkout's."""
    spec = importlib.util.spec_from_file_location("base_staging", base / "wijkgen" / "write" / "staging.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def files_of(site: Path) -> list[str]:
    """Every file of ``site``, by relative POSIX path, in the order of a sorted walk."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def rewrite(module: ModuleType, out: Path, files: list[str], edited: str, round_: int) -> tuple[float, float]:
    """Write ``out`` again as a one-edit rebuild does, with ``module``'s StagedSite: (wall, CPU) seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    with module.StagedSite(out) as staged:
        for rel in files:
            staged.reserve(rel)
        for rel in files:
            live = os.path.join(out, rel)
            if rel == edited:
                staged.fill(rel, Path(live).read_bytes() + f"<!-- bewerking {round_} -->".encode())
            else:
                os.stat(live)  # what speed.build's _unchanged asks of the live file
                staged.carry(rel, live)
        staged.commit()
    return time.perf_counter() - wall, time.process_time() - cpu


def fs_part(base: Path, project: Path, work: Path, pairs: int) -> None:
    """The writer alone, A (base) against B (this checkout), on two copies of the project's site."""
    a_out, b_out = work / "fs-a" / "site", work / "fs-b" / "site"
    for out in (a_out, b_out):
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(project / "site", out)
    files = files_of(a_out)
    edited = next(rel for rel in files if "/collectieven/" in rel and rel.endswith("index.html"))
    print(f"fs: {len(files)} files in {sum(1 for p in a_out.rglob('*') if p.is_dir())} folders; "
          f"one edited page: {edited}")
    module = base_staging(base)
    rounds = iter(range(10**6))
    a_runs, b_runs = alternate(lambda: rewrite(module, a_out, files, edited, next(rounds)),
                               lambda: rewrite(staging, b_out, files, edited, next(rounds)), pairs)
    for name, runs in (("A (base)", a_runs), ("B (this)", b_runs)):
        print(f"fs: {name} wall " + ", ".join(f"{w:.2f}" for w, _ in runs) + " s; CPU "
              + ", ".join(f"{c:.2f}" for _, c in runs) + " s")
    print("fs: " + ratio_line("wall B / A", [w for w, _ in a_runs], [w for w, _ in b_runs]) + "; "
          + ratio_line("CPU B / A", [c for _, c in a_runs], [c for _, c in b_runs]))
    disk(b_out)


def disk(out: Path) -> None:
    """The disk ``out`` takes alone, and with its kept staging folder."""
    kept = staging.staging_folder(out)

    def mib(*paths: Path) -> str:
        done = subprocess.run(["du", "-s", "-c", "--block-size=1M", *map(str, paths)], capture_output=True,
                              text=True, check=True)
        return done.stdout.splitlines()[-1].split()[0]

    print(f"disk: site/ {mib(out)} MiB; site/ with the kept staging folder {mib(out, kept)} MiB "
          f"(the kept folder alone, as if nothing were shared: {mib(kept)} MiB)")


def cli_part(base: Path, project: Path, work: Path, pairs: int, reuse: bool) -> None:
    """``wijkgen build`` after one edited collective, A (base) against B (this checkout); with ``reuse``, on the
    copies an earlier run left in ``work`` (their cache must be of the same code: any change of wijkgen's
    files makes the next build a whole one)."""
    roots = {"A": work / "cli-a", "B": work / "cli-b"}
    env = {"A": {**os.environ, "PYTHONPATH": str(base)}, "B": {k: v for k, v in os.environ.items()
                                                               if k != "PYTHONPATH"}}
    for name, root in roots.items():
        if reuse and (root / "site").is_dir():
            continue
        root.mkdir(parents=True)
        shutil.copytree(project / "content", root / "content")
        shutil.copy(project / "wijkgen.yaml", root)
        print(f"cli: {name} cold build {fmt(measure(argv(root), root, env[name]))}")
        edit(root, -1)
        print(f"cli: {name} first rebuild {fmt(measure(argv(root), root, env[name]))}")
        sys.stdout.flush()
    rounds = iter(range(1000, 10**6))

    def run(name: str) -> tuple[float, float]:
        root = roots[name]
        edit(root, next(rounds) // 2)  # the same edit in both projects
        m = measure(argv(root), root, env[name])
        return m.wall, m.cpu

    a_runs, b_runs = alternate(lambda: run("A"), lambda: run("B"), pairs, warmup=False)
    for name, runs in (("A (base)", a_runs), ("B (this)", b_runs)):
        print(f"cli: {name} wall " + ", ".join(f"{w:.2f}" for w, _ in runs) + " s; CPU "
              + ", ".join(f"{c:.2f}" for _, c in runs) + " s; median wall "
              f"{statistics.median(w for w, _ in runs):.2f} s, CPU {statistics.median(c for _, c in runs):.2f} s")
    print("cli: " + ratio_line("wall B / A", [w for w, _ in a_runs], [w for w, _ in b_runs]) + "; "
          + ratio_line("CPU B / A", [c for _, c in a_runs], [c for _, c in b_runs]))
    same = subprocess.run(["diff", "-rq", str(roots["A"] / "site"), str(roots["B"] / "site")], check=False)
    print(f"cli: both sites byte for byte the same: {same.returncode == 0}")
    disk(roots["B"] / "site")


def argv(root: Path) -> list[str]:
    return [sys.executable, "-m", "wijkgen", "build", str(root)]


def main() -> None:
    """Command-line entry point: run the parts asked for and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, required=True, help="a checkout of the code to compare with (A)")
    parser.add_argument("--project", type=Path, required=True, help="a generated project, built (its site/ is read)")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--parts", default="fs,cli", help="fs, cli or both (default)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the copies (default: temp, removed)")
    parser.add_argument("--reuse", action="store_true", help="cli: use the built copies an earlier run left in --work")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="wijkgen-sitewrite-"))
    try:
        parts = set(args.parts.split(","))
        if "fs" in parts:
            fs_part(args.base.resolve(), args.project.resolve(), work, args.pairs)
        sys.stdout.flush()
        if "cli" in parts:
            cli_part(args.base.resolve(), args.project.resolve(), work, args.pairs, args.reuse)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
