"""Do we need both jsonschema and fastjsonschema? Schema validation of every document, two ways, paired.

Run from the repository root (after `pip install -e .`):

    python benchmarks/validators.py                       # 1,000 and 10,000 generated collectives
    python benchmarks/validators.py --sizes 1000 --pairs 5

For each size it generates a project with generate.py (20 collectives per wijk, as run.py does), reads
and parses every document once, then validates all of them again and again, alternating:

- A, the fast path: wijkgen's Validator as `wijkgen check` uses it (fastjsonschema compiled from the
  schema decides; jsonschema runs only for a document it rejects, to explain the errors);
- B, jsonschema alone: Draft202012Validator with the same format checker, every document.

Each run builds its validators first (one per content type, as every `wijkgen check` does: compiling
is part of the fast path's price) and then validates every document (all valid here, as nearly all
are). It prints the median of the per-pair ratios B / A with their range, and how A and B compare with
a whole `wijkgen check` of the same project (a fresh process, like the command line, with its worker
processes; median of a few runs): the CPU seconds of the check, and each side's share of them. In a
check the collectives are parsed and validated across the cores, so B's extra wall time there is
about its extra CPU time divided by the workers. Figures vary with the machine; this is not a test.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema

from wijkgen.load.project import RawProject, load_project
from wijkgen.parse.documents import Document
from wijkgen.schema.validate import _FORMAT_CHECKER, Validator

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402  (a script next to this one)
from paired import paired  # noqa: E402


def documents(project: RawProject) -> Iterator[tuple[str, Document]]:
    """Every parsed content document of ``project`` with its content type."""
    for wijk in project.wijken:
        if wijk.profile is not None:
            yield "wijk", wijk.profile
        if wijk.steps is not None:
            yield "stappen", wijk.steps
        yield from (("collectief", doc) for doc in wijk.collectives)
        yield from (("ankerinstelling", doc) for doc in wijk.anchors)
        yield from (("nieuws", doc) for doc in wijk.news)


def fast_path(schemas: dict[str, dict[str, Any]], docs: list[tuple[str, Document]]) -> Callable[[], int]:
    def run() -> int:
        validators = {kind: Validator(schemas[kind]) for kind in {kind for kind, _ in docs}}
        return sum(len(validators[kind].problems(doc)) for kind, doc in docs)

    return run


def jsonschema_alone(schemas: dict[str, dict[str, Any]], docs: list[tuple[str, Document]]) -> Callable[[], int]:
    def run() -> int:
        validators = {}
        for kind in {kind for kind, _ in docs}:
            jsonschema.Draft202012Validator.check_schema(schemas[kind])
            validators[kind] = jsonschema.Draft202012Validator(schemas[kind], format_checker=_FORMAT_CHECKER)
        return sum(1 for kind, doc in docs for _ in validators[kind].iter_errors(doc.data))

    return run


def whole_check(root: Path, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds (with its workers) of `wijkgen check` on ``root`` in a fresh process."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "wijkgen", "check", str(root)], check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def measure(n: int, pairs: int, check_runs: int, work: Path) -> None:
    root = generate("wijkgen", work / f"wijkgen-{n}", n, max(1, n // 20))
    project, problems = load_project(root)
    assert not problems, problems[:3]
    docs = list(documents(project))
    a, b = fast_path(project.schemas, docs), jsonschema_alone(project.schemas, docs)
    assert a() == 0 and b() == 0  # every document valid: each side does the same work
    result = paired(a, b, pairs)
    wall, cpu = whole_check(root, check_runs)
    med_a, med_b = statistics.median(result.a), statistics.median(result.b)
    print(f"N = {n:,} ({len(docs):,} documents)")
    print(f"  {result.summary('fast path', 'jsonschema alone')}")
    print(f"  wijkgen check: median {wall:.2f} s wall, {cpu:.2f} s CPU ({check_runs} runs)")
    print(f"  share of the check's CPU: fast path {med_a / cpu:.1%}; jsonschema alone "
          f"{med_b / (cpu - med_a + med_b):.1%} (+{med_b - med_a:.2f} s CPU, "
          f"+{(med_b - med_a) / cpu:.1%} on the check)")


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--check-runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wijkgen-validators-") as work:
        for n in args.sizes:
            measure(n, args.pairs, args.check_runs, Path(work))


if __name__ == "__main__":
    main()
