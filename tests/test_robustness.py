"""No input an author can write makes wijkgen crash: random edits of valid files give problems, not tracebacks."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from wijkgen.build import check
from wijkgen.config import config_from, vocabulary_of
from wijkgen.schema import SchemaNavigator, build_schema
from wijkgen.sources import parse_markdown, parse_yaml
from wijkgen.validate import Validator

VOCAB = vocabulary_of(config_from(None).framework)

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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), position=st.floats(0, 1), cut=st.integers(0, 12), insert=SNIPPETS)
def test_fast_and_full_validators_agree(target: str, position: float, cut: int, insert: str) -> None:
    kind = {"wijk.md": "wijk", "buurtkeuken.md": "collectief", "stappen.yaml": "stappen"}[target.rsplit("/", 1)[1]]
    schema = build_schema(kind, VOCAB)
    validator = Validator(schema)
    text = (FIXTURES / "minimal" / target).read_text(encoding="utf-8")
    at = int(position * len(text))
    text = text[:at] + insert + text[at + cut:]
    nav = SchemaNavigator(schema)
    doc = parse_markdown("x", text, nav, schema) if target.endswith(".md") else parse_yaml("x", text, nav, schema)
    if doc.ok and doc.data is not None:
        full = list(validator._validator.iter_errors(doc.data))
        assert validator.is_valid(doc.data) == (not full), [e.message for e in full]


def test_fast_validator_knows_dates_and_dependencies() -> None:
    validator = Validator(build_schema("collectief", VOCAB))
    base = {"naam": "A", "soort": "stichting", "waarden": ["geld"]}
    assert validator.is_valid(base)
    assert not validator.is_valid({**base, "locatie": {"breedtegraad": 52.1}})
    steps = Validator(build_schema("stappen", VOCAB))
    assert steps.is_valid({"stappen": [{"stap": "wijkteam", "status": "bezig", "start": "2020-01-31"}]})
    assert not steps.is_valid({"stappen": [{"stap": "wijkteam", "status": "bezig", "start": "2020-13-01"}]})
