"""How fast, and in how little memory, `wijkgen check` refuses hostile input.

Run from the repository root (after `pip install -e .`):

    python benchmarks/hostile.py

Each case is the test fixture project with one hostile file laid over it, checked by
`wijkgen check` in a fresh process. It prints the exit code, the wall time and the peak
resident memory of that process, next to the same check of the untouched project, and
the first message. Figures vary with the machine; this is not a test (the exact
messages are tested in tests/fixtures/broken and tests/test_input_limits.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MINIMAL = REPO / "tests" / "fixtures" / "minimal"
COLLECTIVE = Path("content/testwijk/collectieven/buurtkeuken.md")


def _front(extra: str) -> str:
    fields = "naam: Bom\nsoort: stichting\nwaarden: [geld]\ncontact: {email: bom@example.org}\n"
    return f"---\n{fields}{extra}---\nTekst.\n"


def _alias_bomb(root: Path) -> None:
    """"Billion laughs": nine levels of nine aliases stand for 9⁹ = 387 million strings."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 10)]
    (root / COLLECTIVE.parent / "bom.md").write_text(_front("".join(lines)), encoding="utf-8")


def _recursive_alias(root: Path) -> None:
    (root / COLLECTIVE.parent / "bom.md").write_text(_front("activiteiten: &a [*a]\n"), encoding="utf-8")


def _deep_flow(root: Path) -> None:
    nested = "[" * 200_000 + "]" * 200_000
    (root / COLLECTIVE.parent / "bom.md").write_text(_front(f"activiteiten: {nested}\n"), encoding="utf-8")


def _deep_block(root: Path) -> None:
    nested = "".join("  " * i + "-\n" for i in range(1, 600))
    (root / COLLECTIVE.parent / "bom.md").write_text(_front(f"activiteiten:\n{nested}"), encoding="utf-8")


def _deep_markdown(root: Path) -> None:
    story = "<div>" * 150_000 + "x"  # 750 kB, under the size bound: the HTML sanitiser's slow case
    (root / COLLECTIVE.parent / "bom.md").write_text(_front("") + story, encoding="utf-8")


def _deep_list(root: Path) -> None:
    story = "".join("    " * i + "- punt\n" for i in range(600))  # Python-Markdown recursed past its limit here
    (root / COLLECTIVE.parent / "bom.md").write_text(_front("") + story, encoding="utf-8")


def _huge_file(root: Path) -> None:
    with (root / COLLECTIVE.parent / "bom.md").open("wb") as file:
        file.truncate(4 * 1024**3)  # 4 GB on paper (sparse)


def _pixel_bomb(root: Path) -> None:
    # 900 megapixels in ~100 kB; made in a child process, so that its memory is not counted for wijkgen's.
    target = root / COLLECTIVE.parent / "bom.png"
    code = f"from PIL import Image; Image.new('1', (30_000, 30_000)).save({str(target)!r})"
    subprocess.run([sys.executable, "-c", code], check=True)
    path = root / COLLECTIVE
    text = path.read_text(encoding="utf-8").replace(
        "behoeften:", "fotos:\n  - bestand: bom.png\n    alt: Een foto.\nbehoeften:"
    )
    path.write_text(text, encoding="utf-8")


CASES: list[tuple[str, Callable[[Path], None] | None]] = [
    ("untouched project", None),
    ("YAML alias bomb (9^9 strings)", _alias_bomb),
    ("recursive YAML alias", _recursive_alias),
    ("YAML [ nested 200,000 deep", _deep_flow),
    ("YAML list nested 600 deep", _deep_block),
    ("Markdown: 150,000 open <div>", _deep_markdown),
    ("Markdown: list nested 600 deep", _deep_list),
    ("4 GB text file", _huge_file),
    ("900-megapixel PNG of ~100 kB", _pixel_bomb),
]


def run(name: str, make: Callable[[Path], None] | None) -> None:
    """Check the minimal project with one hostile file in a child process; print time, memory, message."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(MINIMAL, root)
        if make is not None:
            make(root)
        errors = Path(tmp) / "stderr.txt"
        start = time.perf_counter()
        with errors.open("wb") as stream:
            child = subprocess.Popen([sys.executable, "-m", "wijkgen", "check", "project"], cwd=tmp,
                                     stdout=subprocess.DEVNULL, stderr=stream)
            _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory, not the largest so far
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        lines = errors.read_text(encoding="utf-8").splitlines()
        first = next((line for line in lines if ": fout: " in line), lines[0] if lines else "")
        print(f"| {name} | {code} | {seconds:.2f} s | {usage.ru_maxrss / 1024:.0f} MiB | {first[:120]} |")


def main() -> None:
    """Print one table row per case."""
    print("| input | exit | wall | peak memory | first message |")
    print("|---|---:|---:|---:|---|")
    for name, make in CASES:
        run(name, make)


if __name__ == "__main__":
    main()
