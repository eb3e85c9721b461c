"""What editors need: the finished JSON Schemas as files, modelines that point at them, VS Code settings.

The schema files are the very documents the validator uses (``RawProject.schemas``,
from :func:`wijkgen.schema.schemas.build_schemas` with the project's vocabulary), so an
editor completes and checks the same fields and values that ``wijkgen check`` does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from wijkgen.errors import Problem
from wijkgen.load.config import CONFIG_FILE
from wijkgen.load.project import load_config
from wijkgen.schema.framework import vocabulary_of
from wijkgen.schema.schemas import build_schemas
from wijkgen.schema.translate import schema_in

SCHEMA_FOLDER = "schemas"


def schema_file_name(kind: str) -> str:
    """The file name of a content type's schema, e.g. ``collectief.schema.json``."""
    return f"{kind}.schema.json"


def project_schemas(root: Path, display_base: Path | None = None) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """The finished schemas of the project at ``root``, with their titles and descriptions (an editor's
    hovers) in the project's language, and the problems of its config file."""
    config, config_doc = load_config(root, display_base)
    schemas = build_schemas(vocabulary_of(config.framework))
    return {kind: schema_in(kind, schema, config.language) for kind, schema in schemas.items()}, list(
        config_doc.problems)


def schema_text(schema: Mapping[str, Any]) -> str:
    """A schema as a JSON document, readable and stable."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(schemas: Mapping[str, Mapping[str, Any]], out: Path) -> list[Path]:
    """Write every schema into ``out`` (created when missing); returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, schema in schemas.items():
        path = out / schema_file_name(kind)
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written


def content_kind(rel_path: str) -> str | None:
    """Which content type a project file is, from its place (``content/<wijk>/collectieven/x.md`` → collectief)."""
    parts = PurePosixPath(rel_path).parts
    if parts == (CONFIG_FILE,):
        return "config"
    if len(parts) == 3 and parts[0] == "content":
        return {"wijk.md": "wijk", "stappen.yaml": "stappen"}.get(parts[2])
    if len(parts) == 4 and parts[0] == "content":
        return {"collectieven": "collectief", "ankerinstellingen": "ankerinstelling", "nieuws": "nieuws"}.get(parts[2])
    return None


def modeline(rel_path: str, kind: str) -> str:
    """The comment that tells the YAML language server which schema a file follows, relative to that file."""
    up = "../" * (len(PurePosixPath(rel_path).parts) - 1)
    return f"# yaml-language-server: $schema={up}{SCHEMA_FOLDER}/{schema_file_name(kind)}"


def vscode_settings() -> str:
    """``.vscode/settings.json``: schemas for the YAML files, two-space indents, UTF-8."""
    folder = f"./{SCHEMA_FOLDER}/"
    settings = {
        "yaml.schemas": {
            folder + schema_file_name("config"): [CONFIG_FILE],
            folder + schema_file_name("stappen"): ["content/*/stappen.yaml"],
            folder + schema_file_name("ankerinstelling"): ["content/*/ankerinstellingen/*.yaml"],
        },
        "yaml.validate": True,
        "yaml.hover": True,
        "yaml.completion": True,
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2, "editor.detectIndentation": False},
        "[markdown]": {"editor.insertSpaces": True, "editor.tabSize": 2, "editor.wordWrap": "on"},
        "files.encoding": "utf8",
        "files.insertFinalNewline": True,
    }
    return json.dumps(settings, indent=2) + "\n"


def vscode_extensions() -> str:
    """``.vscode/extensions.json``: VS Code offers the YAML extension when the project is opened."""
    return json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n"
