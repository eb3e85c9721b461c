"""No input an author can write makes wijkgen crash: random edits of valid files give problems, not tracebacks."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from wijkgen.build import check

TARGETS = ("content/testwijk/wijk.md", "content/testwijk/collectieven/buurtkeuken.md", "content/testwijk/stappen.yaml")
SNIPPETS = st.sampled_from(["\t", ":", "- ", "---\n", "'", '"', "[", "]", "{", "}", "*", "&a", "\n  ", "#",
                            "ja", "0363", "2021-13-01", "~", "!!int ", "é", "\x00", "|", ">"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), position=st.floats(0, 1), cut=st.integers(0, 12), insert=SNIPPETS)
def test_random_edits_never_crash(tmp_path: Path, target: str, position: float, cut: int, insert: str) -> None:
    root = tmp_path / "p"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(FIXTURES / "minimal", root)
    path = root / target
    text = path.read_text(encoding="utf-8")
    at = int(position * len(text))
    path.write_text(text[:at] + insert + text[at + cut:], encoding="utf-8")
    result = check(root, display_base=root)
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.text("nl")
