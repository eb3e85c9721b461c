"""Where Pagefind's time goes per page, and what a change of ``wijkgen/outputs/search.py`` saves against another tree.

    python benchmarks/search_profile.py SITE [--pages 3000] [--against /path/to/main] [--pairs 3]

Takes the first ``--pages`` HTML pages of the built site SITE (in path order, as a shard holds whole wijken in
slug order) and indexes them as one shard with one Pagefind service, through ``search.Indexer`` as a build
does. Each run is a process of its own; with ``--against`` the runs alternate between that tree's wijkgen (A)
and this one's (B), A B A B, and the ratios B / A are given per pair (median and range).

Per run: the wall time; the service's CPU (user + system, from ``/proc``); wijkgen's CPU (the indexing
process, all threads: reading, encoding and sending the pages, decoding the answers). Measured apart, in
this tree: what wijkgen's part of the transport costs (encoding each request, JSON then base64, and decoding
the answer with the files) and what cutting a page to what Pagefind reads costs (``search.feed``).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_TICK = os.sysconf("SC_CLK_TCK")


def pages_of(site: Path, count: int) -> list[tuple[str, str]]:
    """(address, output path) of the first ``count`` searched HTML pages of ``site``, in path order."""
    found: list[str] = []
    for folder, dirs, files in os.walk(site):
        dirs.sort()
        rel = Path(folder).relative_to(site).as_posix()
        if rel.split("/")[0] in ("pagefind", "zoeken", "static", "data"):
            dirs.clear()
            continue
        found.extend(f"{rel}/{name}".removeprefix("./") for name in sorted(files) if name.endswith(".html"))
    return [(p.removesuffix("index.html"), p) for p in sorted(found) if p != "404.html"][:count]


def cpu_of(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def one_run(site: Path, count: int) -> dict[str, float]:
    """Index the first ``count`` pages of ``site`` once, with whichever wijkgen is imported; seconds."""
    from wijkgen.outputs import search

    shard = search.Shard(search.OUTPUT_SUBDIR, tuple(pages_of(site, count)))
    marks: dict[str, float] = {}
    with search.Indexer("nl", workers=1) as indexer:
        if os.environ.get("SEARCH_PROFILE_WHOLE"):
            indexer.cut = False
        wall, own = time.perf_counter(), time.process_time()
        files = indexer.index(shard, lambda path: site.joinpath(*path.split("/")).read_bytes())
        marks["wall"] = time.perf_counter() - wall
        marks["own"] = time.process_time() - own
        marks["service"] = cpu_of(indexer._services[0]._backend.pid)
    marks["pages"] = len(shard.pages)
    marks["files"] = len(files)
    marks["bytes"] = sum(len(data) for _, data in files)
    return marks


def run_in(tree: Path, site: Path, count: int) -> dict[str, float]:
    """:func:`one_run` in a fresh process that imports wijkgen from ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, __file__, str(site), "--pages", str(count), "--one"], env=env,
                         check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out)
    return result


def apart(site: Path, count: int, files_bytes: int) -> dict[str, float]:
    """CPU seconds per page of encoding the requests, of decoding an answer of ``files_bytes``, of ``feed``."""
    from wijkgen.outputs import search

    pages = [site.joinpath(*path.split("/")).read_bytes() for _, path in pages_of(site, count)]
    start = time.process_time()
    for data in pages:
        payload = {"type": "AddFile", "index_id": 1, "url": "/x/", "file_contents": data.decode("utf-8")}
        base64.b64encode(json.dumps({"message_id": 1, "payload": payload}, ensure_ascii=False).encode("utf-8"))
    encode = time.process_time() - start
    blob = base64.b64encode(os.urandom(files_bytes)).decode("ascii")
    answer = base64.b64encode(json.dumps({"message_id": 1, "payload": {"files": [{"content": blob}]}}).encode())
    start = time.process_time()
    base64.b64decode(json.loads(base64.b64decode(answer))["payload"]["files"][0]["content"])
    decode = time.process_time() - start
    start = time.process_time()
    cut = [search.feed(data) for data in pages]
    feeding = time.process_time() - start
    n = len(pages)
    return {"encode": encode / n, "decode": decode / n, "feed": feeding / n,
            "kept": sum(map(len, cut)) / sum(map(len, pages))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--against", type=Path, help="a tree of wijkgen to compare with (A), e.g. main's")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    site = args.site.resolve()
    if args.one:
        print(json.dumps(one_run(site, args.pages)))
        return
    ours = HERE.parent
    trees = [("A", args.against.resolve()), ("B", ours)] if args.against else [("B", ours)]
    runs: dict[str, list[dict[str, float]]] = {name: [] for name, _ in trees}
    for _ in range(args.pairs):
        for name, tree in trees:
            runs[name].append(run_in(tree, site, args.pages))
    n = runs["B"][0]["pages"]
    print(f"{n:.0f} pages of {site}")
    for name, tree in trees:
        print(f"{name}: {tree}")
        for key, label in (("wall", "wall"), ("service", "Pagefind's CPU"), ("own", "wijkgen's CPU")):
            values = [r[key] * 1000 / n for r in runs[name]]
            print(f"  {label:<15} {statistics.median(values):.3f} ms/page "
                  f"(range {min(values):.3f}–{max(values):.3f}, {len(values)} runs)")
        print(f"  index: {runs[name][0]['files']:.0f} files, {runs[name][0]['bytes'] / 2**20:.2f} MiB")
    if args.against:
        for key, label in (("wall", "wall"), ("service", "Pagefind's CPU"), ("own", "wijkgen's CPU"),
                           ("both", "CPU in all")):
            ratios = [(b["service"] + b["own"]) / (a["service"] + a["own"]) if key == "both" else b[key] / a[key]
                      for a, b in zip(runs["A"], runs["B"], strict=True)]
            print(f"B / A {label:<15} {statistics.median(ratios):.3f}× "
                  f"(range {min(ratios):.3f}–{max(ratios):.3f}, {len(ratios)} pairs)")
    parts = apart(site, args.pages, int(runs["B"][0]["bytes"]))
    print(f"apart, in B: encoding a request {parts['encode'] * 1000:.3f} ms/page, decoding the files "
          f"{parts['decode'] * 1000:.3f} ms/page, search.feed {parts['feed'] * 1000:.3f} ms/page "
          f"(keeps {parts['kept']:.0%} of the bytes)")


if __name__ == "__main__":
    main()
