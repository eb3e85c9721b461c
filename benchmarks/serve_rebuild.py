"""How long `wijkgen serve` takes to show one edited file: the example project and a generated big one.

Run from the repository root (after `pip install -e .`):

    python benchmarks/serve_rebuild.py                 # example project + 3,000 collectives in 30 wijken
    python benchmarks/serve_rebuild.py --collectives 5000 --wijken 50 --repeat 7

For each project it builds once as `serve` does at start, then edits one collective
(its name, which also moves it in the wijk's sorted list) several times and times the
rebuild that `serve` runs after each save: load and check every file, assemble the
model, render the pages that depend on the change, write what changed. It prints the
median and the range, and where the time goes. Figures vary with the machine; this is
not a test.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from wijkgen.build import check
from wijkgen.serve import Preview, SourceWatcher

REPO = Path(__file__).resolve().parent.parent

_WORDS = (
    "buurt", "bewoners", "samen", "koken", "tuin", "wijk", "ruimte", "vrijwilligers", "werk", "school", "jongeren",
    "ouderen", "plein", "geld", "lokaal", "coöperatie", "ondernemers", "gezondheid", "natuur", "veiligheid", "leren",
    "delen", "netwerk", "week", "avond", "buren", "straat", "project", "plan", "droom", "eten", "oogst", "fiets",
    "reparatie", "taal", "les", "koffie", "markt", "zon", "energie", "dak",
)
_KINDS = ("bewonersgroep", "coöperatie", "stichting", "vereniging", "sociale onderneming", "buurtinitiatief")
_VALUES = ("geld", "werkgelegenheid", "natuur", "gezondheid", "leefbaarheid", "sociale netwerken", "opleiding")
_NEEDS = ("vrijwilligers", "ruimte", "kennis", "geld", "materiaal")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _story(rng: random.Random, words: int) -> str:
    paragraphs = []
    left = words
    while left > 0:
        size = min(left, rng.randint(40, 80))
        paragraphs.append(" ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(max(1, size // 12))))
        left -= size
    return "\n\n".join(paragraphs) + "\n"


def generate(root: Path, collectives: int, wijken: int, seed: int = 1) -> None:
    """Write a synthetic project of ``collectives`` collectives spread over ``wijken`` wijken."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "wijkgen.yaml").write_text("titel: Benchmark\nvoorbeeldinhoud: ja\n", encoding="utf-8")
    per_wijk = [collectives // wijken + (1 if i < collectives % wijken else 0) for i in range(wijken)]
    for w, count in enumerate(per_wijk, start=1):
        slug = f"wijk-{w:03d}"
        folder = root / "content" / slug
        (folder / "collectieven").mkdir(parents=True)
        (folder / "wijk.md").write_text(
            f"---\nnaam: Wijk {w}\nstad: Benchmarkstad\nsamenvatting: {_sentence(rng, 14)}\n---\n"
            + _story(rng, 150),
            encoding="utf-8",
        )
        slugs = []
        for c in range(1, count + 1):
            cslug = f"collectief-{w:03d}-{c:04d}"
            slugs.append(cslug)
            values = "\n".join(f"  - {v}" for v in rng.sample(_VALUES, 3))
            needs = "".join(
                f"  - soort: {n}\n    omschrijving: {_sentence(rng, 8)}\n" for n in rng.sample(_NEEDS, 2)
            )
            (folder / "collectieven" / f"{cslug}.md").write_text(
                f"---\nnaam: Collectief {w}-{c}\nsoort: {rng.choice(_KINDS)}\n"
                f"samenvatting: {_sentence(rng, 10)}\nwaarden:\n{values}\nopgericht: {rng.randint(1990, 2023)}\n"
                f"contact:\n  email: info-{cslug}@example.org\nbehoeften:\n{needs}---\n"
                + _story(rng, rng.randint(150, 400)),
                encoding="utf-8",
            )
        taken = "\n".join(f"      - {s}" for s in slugs[: min(5, len(slugs))])
        (folder / "stappen.yaml").write_text(
            "stappen:\n  - stap: wijkteam\n    status: afgerond\n    start: 2020-01-01\n    einde: 2020-06-30\n"
            f"    collectieven:\n{taken}\n  - stap: wijk-in-kaart\n    status: bezig\n    start: 2020-07-01\n",
            encoding="utf-8",
        )


def measure(label: str, root: Path, repeat: int) -> None:
    """Start a preview of ``root`` and time rebuilds after editing one collective."""
    out = Path(tempfile.mkdtemp(prefix="wijkgen-serve-bench-out-"))
    try:
        preview = Preview(root, out)
        start = time.perf_counter()
        first = preview.rebuild()
        cold = time.perf_counter() - start
        assert first.ok, [p.text() for p in first.problems]
        target = sorted((root / "content").glob("*/collectieven/*.md"))[0]
        original = target.read_text(encoding="utf-8")
        watcher = SourceWatcher(root)
        times, checks, polls, rendered = [], [], [], []
        for i in range(repeat):
            target.write_text(original.replace("naam: ", f"naam: Bewerkt {i} ", 1), encoding="utf-8")
            t0 = time.perf_counter()
            assert watcher.changed()
            polls.append(time.perf_counter() - t0)
            t1 = time.perf_counter()
            report = preview.rebuild()
            times.append(time.perf_counter() - t1)
            assert report.ok
            rendered.append(report.rendered)
            t2 = time.perf_counter()
            check(root)
            checks.append(time.perf_counter() - t2)
        target.write_text(original, encoding="utf-8")
        pages = first.pages
        print(f"{label}: {pages} pages, first build {cold:.2f} s")
        print(
            f"  one-file rebuild in serve: median {statistics.median(times) * 1000:.0f} ms "
            f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; {repeat} edits), "
            f"{statistics.median(rendered):.0f} of {pages} pages rendered again"
        )
        check_ms = statistics.median(checks) * 1000
        print(
            f"  of which load + validate + assemble: ~{check_ms:.0f} ms; "
            f"render + write: ~{max(0.0, statistics.median(times) * 1000 - check_ms):.0f} ms; "
            f"noticing the change (one poll of the sources): {statistics.median(polls) * 1000:.0f} ms"
        )
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    """Parse the options, set up both projects in a temporary folder and measure them."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--collectives", type=int, default=3000)
    parser.add_argument("--wijken", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wijkgen-serve-bench-") as tmp:
        example = Path(tmp) / "voorbeeld"
        example.mkdir()
        shutil.copy(REPO / "wijkgen.yaml", example / "wijkgen.yaml")
        shutil.copytree(REPO / "content", example / "content")
        measure("example project", example, args.repeat)
        big = Path(tmp) / "groot"
        generate(big, args.collectives, args.wijken)
        measure(f"generated project ({args.collectives} collectives, {args.wijken} wijken)", big, args.repeat)


if __name__ == "__main__":
    main()
