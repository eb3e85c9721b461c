"""`wijkgen schema`: the exported files are the validator's own schemas, accept good content, reject bad."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from tests.conftest import BROKEN, REPO
from wijkgen.cli import main
from wijkgen.load.config import config_from
from wijkgen.load.project import load_project
from wijkgen.parse.documents import Document, parse_markdown, parse_yaml
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.parse.text import read_text
from wijkgen.scaffold.editor import content_kind
from wijkgen.schema.framework import vocabulary_of
from wijkgen.schema.schemas import CONTENT_TYPES, build_schema
from wijkgen.schema.translate import schema_in

# Broken cases that no schema can see: the file cannot be parsed at all, or the mistake is between files,
# between fields, in the Markdown text, or only a warning. wijkgen check reports them; an editor's
# YAML support shows the parse errors itself.
NOT_SCHEMA_CASES = {
    "duplicate-key", "duplicate-slug", "end-before-start", "news-date-mismatch", "no-front-matter",
    "remote-image", "unknown-collective", "unknown-collective-none", "unused-file", "yaml-indent", "yaml-tab",
    "yaml-unclosed-quote",
    "boundary-outside", "boundary-point", "event-end-before-start", "missing-photo", "not-a-photo",
    # YAML that does not parse, or that wijkgen refuses while parsing (aliases, nesting)
    "front-matter-unclosed", "yaml-indent-list", "yaml-unclosed-single-quote", "yaml-flow-unclosed",
    "yaml-missing-colon", "yaml-at-sign", "yaml-backslash-in-quotes", "yaml-second-document", "yaml-alias-bomb",
    "yaml-recursive-alias", "yaml-deep-nesting", "yaml-deep-flow-nesting", "empty-md",
    # files that are not UTF-8, the GeoJSON file, the Markdown text, file and folder names
    "not-utf8", "utf16", "missing-boundary", "boundary-out-of-range", "geojson-not-json", "geojson-trailing-comma",
    "geojson-not-geojson", "geojson-bad-ring", "geojson-bad-position", "markdown-deep-list", "html-deep-nesting",
    # map layers are GeoJSON files next to the content, checked by the loader; an earlier year of a key
    # figure is checked against the figure's own year, which no JSON Schema can compare
    "kaartlaag-bad-json", "kaartlaag-short-line", "kaartlaag-unknown-file", "kaartlaag-wrong-shape",
    "kerncijfer-eerder-jaar",
    "file-name-case", "file-name-without-letters", "wijk-folder-with-spaces", "duplicate-news-slug",
    "duplicate-anchor-slug",
    # control characters: checked in every text by the loader, not by a pattern on each field
    "control-character-escape", "control-character-body",
    # numbers read from the text as written (23,5 and 1.250.000 as meant, 11.800 refused as ambiguous),
    # which a schema sees only after YAML made them 11.8 or text
    "decimal-comma", "number-dutch-decimals", "number-thousands-comma", "number-thousands-dot",
    "number-thousands-groups",
    # images in the Markdown text
    "body-image-decorative", "body-image-emptied", "body-image-html-without-alt", "body-image-in-steps",
    "body-image-missing", "body-image-not-an-image", "body-image-path", "body-image-without-alt",
}


def export(runner: CliRunner, project: Path, out: Path) -> dict[str, dict[str, Any]]:
    result = runner.invoke(main, ["schema", str(project), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"6 schema's geschreven naar {out}.\n"
    files = sorted(out.iterdir())
    assert [p.name for p in files] == sorted(f"{kind}.schema.json" for kind in CONTENT_TYPES)
    return {p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8")) for p in files}


def documents(root: Path, schemas: dict[str, dict[str, Any]]) -> list[tuple[str, Document]]:
    """Every content file of a project, read as wijkgen reads it, guided by the exported schema of its kind."""
    found = []
    for path in [root / "wijkgen.yaml", *sorted((root / "content").rglob("*"))]:
        rel = path.relative_to(root).as_posix()
        kind = content_kind(rel)
        if kind is None or path.suffix not in (".md", ".yaml", ".yml"):
            continue
        schema = schemas[kind]
        text, trouble = read_text(path)
        if trouble is not None:  # not UTF-8: no editor shows such a file as the author meant it
            continue
        parse = parse_markdown if path.suffix == ".md" else parse_yaml
        found.append((kind, parse(rel, text, SchemaNavigator(schema), schema)))
    return found


def schema_errors(schema: dict[str, Any], doc: Document) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker(formats=["date"]))
    return [error.message for error in validator.iter_errors(doc.data)]


def test_exported_schemas_are_the_ones_the_validator_loads(runner: CliRunner, tmp_path: Path) -> None:
    exported = export(runner, REPO, tmp_path / "schemas")
    project, _ = load_project(REPO)
    assert exported == project.schemas
    for schema in exported.values():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_exported_schemas_validate_the_example_project(runner: CliRunner, tmp_path: Path) -> None:
    schemas = export(runner, REPO, tmp_path / "schemas")
    docs = documents(REPO, schemas)
    assert {kind for kind, _ in docs} == set(CONTENT_TYPES)
    assert len(docs) > 30
    for kind, doc in docs:
        assert doc.ok, doc.problems
        assert schema_errors(schemas[kind], doc) == [], doc.file


CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=CASES)
def test_exported_schemas_reject_each_broken_fixture(case: str, project: Callable[..., Path], runner: CliRunner,
                                                     tmp_path: Path) -> None:
    root = project(broken=case)
    schemas = export(runner, root, tmp_path / "schemas")
    changed = {p.relative_to(BROKEN / case).as_posix() for p in (BROKEN / case).rglob("*") if p.is_file()}
    docs = [(kind, doc) for kind, doc in documents(root, schemas) if doc.file in changed]
    rejected = [doc.file for kind, doc in docs if doc.ok and schema_errors(schemas[kind], doc)]
    unparsable = [doc.file for _, doc in docs if not doc.ok]
    if case in NOT_SCHEMA_CASES:
        assert rejected == []
    else:
        assert rejected and not unparsable, case
        assert (BROKEN / case / "expected.txt").read_text(encoding="utf-8").startswith("exit 1")


def test_schema_follows_the_project_framework(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    config = root / "wijkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "kader:\n  soorten: [buurthuis, club]\n", encoding="utf-8")
    result = runner.invoke(main, ["schema", str(root)])
    assert result.exit_code == 0, result.output
    collective = json.loads((root / "schemas" / "collectief.schema.json").read_text(encoding="utf-8"))
    assert collective["$defs"]["soort"]["enum"] == ["buurthuis", "club"]


def test_an_english_project_gets_schemas_with_english_texts(project: Callable[..., Path], runner: CliRunner) -> None:
    root = project()
    config = root / "wijkgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "taal: en\n", encoding="utf-8")
    assert runner.invoke(main, ["schema", str(root)]).exit_code == 0
    collective = json.loads((root / "schemas" / "collectief.schema.json").read_text(encoding="utf-8"))
    assert collective["properties"]["naam"]["description"] == "Name of the collective."  # an editor's hover
    assert collective["$defs"]["fotos"]["description"].startswith("Photos, each with a description")
    dutch = build_schema("collectief", vocabulary_of(config_from(None).framework))
    assert collective == schema_in("collectief", dutch, "en")  # only the texts differ from the validator's


def test_schema_with_broken_config_reports_it(project: Callable[..., Path], runner: CliRunner,
                                               tmp_path: Path) -> None:
    root = project()
    (root / "wijkgen.yaml").write_text("titel: Test\ntaal: fries\n", encoding="utf-8")
    result = runner.invoke(main, ["schema", str(root)])
    assert result.exit_code == 1
    assert "'fries' is geen geldige waarde voor 'taal'" in result.stderr
    assert not (root / "schemas").exists()
    assert runner.invoke(main, ["schema", str(tmp_path / "niets")]).exit_code == 2
