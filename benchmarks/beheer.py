"""What the browser editor costs the preview: its configuration on every rebuild, and one save.

Run from the repository root (after `pip install -e .`):

    python benchmarks/beheer.py            # the example project
    python benchmarks/beheer.py --pairs 15

Two paired comparisons (A B A B …, median of the per-pair ratios B / A with their range; see paired.py),
plus the CPU ratio of each pair:

1. The configuration `wijkgen serve` makes anew on each rebuild: A writes it as JSON (what
   outputs/beheer.py does; JSON is YAML too), B with PyYAML's safe_dump, the obvious alternative.
2. A save from the editor, through the local backend on a copy of the project: A an unchanged save of
   stappen.yaml (parsed twice, nothing written), B a save that changes one step's status (merged with
   ruamel.yaml, validated and written).

Figures vary with the machine; this is not a test.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

from benchmarks.paired import paired
from wijkgen.live.editing import LocalBackend
from wijkgen.load.project import load_project
from wijkgen.outputs.beheer import config_text, editor_config, local_backend

REPO = Path(__file__).resolve().parent.parent
STEPS = "content/wildemanbuurt/stappen.yaml"


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_ratio(a: Callable[[], object], b: Callable[[], object], pairs: int) -> str:
    ratios = []
    for _ in range(pairs):
        start = cpu()
        a()
        middle = cpu()
        b()
        ratios.append((cpu() - middle) / max(middle - start, 1e-9))
    return f"CPU B / A: median {statistics.median(ratios):.2f}× (range {min(ratios):.2f}–{max(ratios):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=9)
    pairs = parser.parse_args().pairs
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "voorbeeld"
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "wijkgen.yaml", root / "wijkgen.yaml")
        project, _ = load_project(root)

        def as_json() -> bytes:
            return config_text(editor_config(project, local_backend()))

        def as_yaml() -> bytes:
            config = editor_config(project, local_backend())
            return yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode("utf-8")

        print(f"configuration of {len(as_json()):,} bytes (JSON) for {len(project.wijken)} wijken")
        print("1.", paired(as_json, as_yaml, pairs).summary("JSON", "PyYAML"), ";", cpu_ratio(as_json, as_yaml, pairs))

        backend = LocalBackend(root, project.schemas, "nl")
        original = (root / STEPS).read_text(encoding="utf-8")
        changed = original.replace("status: bezig", "status: afgerond", 1)

        def save(raw: str) -> Callable[[], object]:
            def run() -> object:
                (root / STEPS).write_text(original, encoding="utf-8")
                request = {"action": "persistEntry", "params": {"dataFiles": [{"path": STEPS, "raw": raw}]}}
                answer = backend.handle(json.dumps(request).encode("utf-8"))
                assert answer.status == 200, answer.body
                return answer
            return run

        unchanged, one_field = save(original), save(changed)
        print("2.", paired(unchanged, one_field, pairs).summary("unchanged save", "one status changed"), ";",
              cpu_ratio(unchanged, one_field, pairs))


if __name__ == "__main__":
    main()
