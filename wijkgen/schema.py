"""The content schemas: JSON Schema files shipped with the package, completed per project.

Each content type has one file in ``wijkgen/schemas/``. The shared definitions
(``common.json``) and the project's vocabulary (values, kinds, needs, step ids)
are copied into every schema's ``$defs``, so each finished schema stands on its
own: the validator uses it, and the same document can be handed to an editor.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

CONTENT_TYPES: tuple[str, ...] = ("config", "wijk", "collectief", "stappen", "ankerinstelling", "nieuws")
# The JSON Schema "format" of a field that names a file next to the content file: a bare name, no path.
FILE_NAME = "bestandsnaam"


@cache
def _raw(name: str) -> dict[str, Any]:
    text = resources.files("wijkgen").joinpath("schemas", f"{name}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass(frozen=True)
class Vocabulary:
    """The enumerations a project's content is checked against."""

    values: Sequence[str]
    kinds: Sequence[str]
    needs: Sequence[str]
    step_ids: Sequence[str]


def build_schema(name: str, vocabulary: Vocabulary) -> dict[str, Any]:
    """The finished JSON Schema of content type ``name`` for a project's vocabulary."""
    schema = copy.deepcopy(_raw(name))
    defs: dict[str, Any] = copy.deepcopy(_raw("common")["$defs"])
    defs["waarde"] = {"enum": list(vocabulary.values), "description": "Een soort waarde uit de lijst van het project."}
    defs["soort"] = {
        "enum": list(vocabulary.kinds),
        "description": "Een soort collectief uit de lijst van het project.",
    }
    defs["behoefte"] = {
        "enum": list(vocabulary.needs),
        "description": "Een soort behoefte uit de lijst van het project.",
    }
    defs["stap"] = {"enum": list(vocabulary.step_ids), "description": "De korte naam (id) van een stap van het kader."}
    defs.update(schema.get("$defs", {}))
    schema["$defs"] = defs
    return schema


def build_schemas(vocabulary: Vocabulary) -> dict[str, dict[str, Any]]:
    """Every content type's finished schema, by name."""
    return {name: build_schema(name, vocabulary) for name in CONTENT_TYPES}


class SchemaNavigator:
    """Walks a finished schema alongside the data: the sub-schema for a key or an item.

    Only what our own schemas use is followed: ``properties``, ``items`` and
    local ``$ref``. Where it cannot tell, it answers ``None`` and the loader
    falls back to neutral YAML 1.2 rules.
    """

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def resolve(self, schema: Any) -> Any:
        """Follow local ``$ref`` pointers until a schema without one is reached."""
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 20:
            ref: str = schema["$ref"]
            if not ref.startswith("#/"):
                return None
            target: Any = self.root
            for part in ref[2:].split("/"):
                target = target.get(part) if isinstance(target, dict) else None
            extra = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**target, **extra} if isinstance(target, dict) else None
            seen += 1
        return schema

    def prop(self, schema: Any, key: str) -> Any:
        """The schema of property ``key`` of an object schema."""
        schema = self.resolve(schema)
        if not isinstance(schema, dict):
            return None
        props = schema.get("properties", {})
        return props.get(key)

    def item(self, schema: Any) -> Any:
        """The schema of the items of an array schema."""
        schema = self.resolve(schema)
        return schema.get("items") if isinstance(schema, dict) else None

    def types(self, schema: Any) -> set[str]:
        """The JSON types a schema admits, from ``type`` or from an ``enum``'s members."""
        schema = self.resolve(schema)
        if not isinstance(schema, dict):
            return set()
        declared = schema.get("type")
        if isinstance(declared, str):
            return {declared}
        if isinstance(declared, list):
            return set(declared)
        if "enum" in schema:
            return {json_type(v) for v in schema["enum"]}
        return set()


def json_type(value: Any) -> str:
    """The JSON Schema type name of a Python value as the loader builds it."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"
