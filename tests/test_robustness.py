"""No input an author can write makes wijkgen crash: random edits of valid files give problems, not tracebacks."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from wijkgen.build import load_and_assemble
from wijkgen.errors import has_errors
from wijkgen.load.config import config_from
from wijkgen.model.markup import MarkdownRenderer
from wijkgen.outputs.files import template_helpers
from wijkgen.parse.documents import parse_markdown, parse_yaml
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.parse.text import read_text
from wijkgen.render.pages import plan_pages
from wijkgen.render.templates import Renderer
from wijkgen.schema.framework import vocabulary_of
from wijkgen.schema.schemas import build_schema
from wijkgen.schema.validate import Validator

VOCAB = vocabulary_of(config_from(None).framework)

# These tests reuse tmp_path across examples on purpose; too_slow is named again because a list here replaces the
# one of the profile in tests/conftest.py.
SLOW_FIXTURED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
TARGETS = ("content/testwijk/wijk.md", "content/testwijk/collectieven/buurtkeuken.md", "content/testwijk/stappen.yaml")
SNIPPETS = st.sampled_from(["\t", ":", "- ", "---\n", "'", '"', "[", "]", "{", "}", "*", "&a", "\n  ", "#",
                            "ja", "0363", "2021-13-01", "~", "!!int ", "é", "\x00", "|", ">"])


@pytest.mark.fuzz
@settings(max_examples=150, deadline=None, suppress_health_check=SLOW_FIXTURED)
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
    result = load_and_assemble(root, display_base=root)
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.text("nl")


@pytest.mark.fuzz
@settings(max_examples=150, deadline=None, suppress_health_check=SLOW_FIXTURED)
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


# -- Generated front matter and body: a build or located problems, never an exception ------------------
# Each example checks a whole project, so CI runs a modest number of them. To look harder, run e.g.
#   WIJKGEN_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_robustness.py -k generated
EXAMPLES = int(os.environ.get("WIJKGEN_EXAMPLES", "50"))

# Scalars an author (or a hostile pull request) might write, raw into the YAML text: YAML 1.1 words,
# impossible dates, decimal commas, YAML indicators, quotes, control characters, HTML.
GARBAGE = ["", "~", "ja", "nee", "on", "NO", "0363", "2026-02-30", "2021-03-15", "12,5", "1e309", ".nan", "-0",
           "@buurt", "`x`", "*a", "&a", "&a x", "!!int x", "!x", "!!python/object:os.system", "%x", "|", ">", "- ",
           "? x", "[", "]", "{", "}", "'", '"', "\\", "\t", "#", ": ", "---", "...", "\x00", "\x85", "\ufeff", "\r",
           "é", "Ĳ", "<script>alert(1)</script>", "javascript:alert(1)", "../../etc/passwd", "x" * 400]
# Values that are right somewhere, so that many generated files are valid and get rendered.
SENSIBLE = [*VOCAB.values, *VOCAB.kinds, *VOCAB.needs, "2021-05-01", "19:30", "2016", "52.3183", "4.9571",
            "https://voorbeeld.nl", "info@voorbeeld.nl", "Een gewone zin.", "Café de Ĳsbreker", "buurtkeuken"]
SCALARS = st.one_of(
    st.sampled_from(GARBAGE),
    st.sampled_from(SENSIBLE),
    st.text(max_size=30),
    st.text(max_size=20).map(lambda t: json.dumps(t, ensure_ascii=False)),  # double-quoted
    st.integers(),
    st.floats(),
).map(str)
MARKDOWN = st.lists(
    st.sampled_from(["tekst ", "\n", "\n\n", "# kop\n", "- punt\n", "    - dieper\n", "1. een\n", "> citaat\n",
                     ">>>> diep\n", "<div>", "</div>", "<span>", "<script>alert(1)</script>", "<!--", "-->",
                     "![foto](http://voorbeeld.example/x.jpg)", "![foto](x.jpg)", "[link](javascript:alert(1))",
                     "`code`", "```\n", "|a|b|\n|-|-|\n|1|2|\n", "*", "_", "\t", "&amp;", "[^1]\n\n[^1]: voet\n",
                     "*[HTML]: uitleg\n", "<iframe src=x>", "\x00", "\ufeff", "\r\n"]),
    max_size=25,
).map("".join)


def _keys(kind: str) -> st.SearchStrategy[str]:
    known = sorted(build_schema(kind, VOCAB)["properties"])
    return st.one_of(st.sampled_from(known), st.sampled_from(known), st.text(max_size=8))


def _values(keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        SCALARS,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
        max_leaves=12,
    )


def _yaml(value: Any, indent: int, flow: bool) -> str:
    """YAML text for a generated value: block style with the given indentation, or flow style."""
    pad = " " * indent
    if isinstance(value, dict):
        if flow:
            return "{" + ", ".join(f"{k}: {_yaml(v, 0, True)}" for k, v in value.items()) + "}"
        return "".join(f"{pad}{k}:" + _nested(v, indent + 2) for k, v in value.items())
    if isinstance(value, list):
        if flow:
            return "[" + ", ".join(_yaml(v, 0, True) for v in value) + "]"
        return "".join(f"{pad}-" + _nested(v, indent + 2) for v in value)
    return str(value)


def _nested(value: Any, indent: int) -> str:
    if isinstance(value, dict | list) and value:
        return "\n" + _yaml(value, indent, False)
    return f" {_yaml(value, 0, True)}\n"


# A valid start for each kind of file; generated fields replace, add to or remove its fields.
VALID = {
    "collectief": {"naam": "Nieuw collectief", "soort": "stichting", "waarden": ["geld"],
                   "contact": {"email": "nieuw@example.org"}},
    "wijk": {"naam": "Testwijk", "stad": "Teststad", "samenvatting": "Een wijk."},
    "nieuws": {"titel": "Nieuws", "datum": "2021-05-01"},
}


@st.composite
def _content_file(draw: st.DrawFn, kind: str) -> bytes:
    """A content file of ``kind``: generated front matter (sometimes with stray lines) and a Markdown body."""
    keys = _keys(kind)
    data: dict[str, Any] = {k: v for k, v in VALID[kind].items() if draw(st.integers(0, 9))}  # mostly kept
    data.update(draw(st.dictionaries(keys, _values(keys), max_size=draw(st.sampled_from([0, 0, 2, 8])))))
    lines = _yaml(data, 0, False).splitlines(keepends=True)
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):  # a stray line: garbage at some indentation
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, " " * draw(st.integers(0, 5)) + draw(st.sampled_from(GARBAGE)) + "\n")
    text = "---\n" + "".join(lines) + "---\n" + draw(MARKDOWN)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8", errors="surrogatepass")


PLACES = {"collectief": "content/testwijk/collectieven/nieuw.md", "wijk": "content/testwijk/wijk.md",
          "nieuws": "content/testwijk/nieuws/2021-05-01-nieuw.md"}


@pytest.mark.fuzz
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=SLOW_FIXTURED)
@given(data=st.data(), kind=st.sampled_from(sorted(PLACES)))
def test_generated_front_matter_and_body_give_a_site_or_located_problems(
    tmp_path: Path, data: st.DataObject, kind: str
) -> None:
    root = tmp_path / "p"
    if not root.exists():
        shutil.copytree(FIXTURES / "minimal", root)
    original = (FIXTURES / "minimal" / PLACES[kind]).read_bytes() if kind == "wijk" else None
    target = root / PLACES[kind]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data.draw(_content_file(kind), label="file"))
    try:
        result = load_and_assemble(root, display_base=root)
        files = {p.relative_to(root).as_posix() for p in root.rglob("*")}
        for problem in result.problems:
            assert problem.file in files, problem
            assert problem.line >= 1 and problem.column >= 1, problem
            assert problem.text("nl") and problem.text("en")
        event(" ".join(sorted({p.code for p in result.problems})) or "valid")
        if has_errors(result.problems):
            return
        # Valid: the pages showing it render (a template failing would be a located TemplateProblem).
        renderer = Renderer(result.site, root)
        pages = plan_pages(result.site)
        renderer.add_globals(**template_helpers(result.site, pages))
        for page in pages:
            if page.wijk is not None and page.kind in ("wijk", "collectief", "nieuwsbericht"):
                assert renderer.render(page)
    finally:
        if original is not None:
            target.write_bytes(original)
        else:
            target.unlink()


COLLECTIVE = build_schema("collectief", VOCAB)
COLLECTIVE_VALIDATOR = Validator(COLLECTIVE)
RENDERER = MarkdownRenderer()


@pytest.mark.fuzz
@settings(max_examples=EXAMPLES * 4, deadline=None, suppress_health_check=SLOW_FIXTURED)
@given(raw=st.one_of(st.binary(max_size=300), _content_file("collectief")))
def test_any_bytes_read_and_parse_to_values_or_located_problems(tmp_path: Path, raw: bytes) -> None:
    """The loader alone, many more examples: bytes (any encoding) → text → front matter, schema and Markdown."""
    path = tmp_path / "x.md"
    path.write_bytes(raw)
    text, trouble = read_text(path)
    if trouble is not None:
        assert trouble[0] >= 1 and trouble[1] >= 1
        return
    doc = parse_markdown("x.md", text, SchemaNavigator(COLLECTIVE), COLLECTIVE)
    problems = doc.problems or COLLECTIVE_VALIDATOR.problems(doc)
    for problem in problems:
        assert 1 <= problem.line <= text.count("\n") + 2 and problem.column >= 1, problem
        assert problem.text("nl") and problem.text("en")
    if not doc.problems:
        RENDERER.render(doc.body)
