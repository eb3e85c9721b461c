"""The content schemas: JSON Schema files shipped with the package, completed per project.

Each content type has one file in ``wijkgen/schema/json/``. The shared definitions
(``common.json``) and the project's vocabulary (values, kinds, needs, step ids)
are copied into every schema's ``$defs``, so each finished schema stands on its
own: the validator uses it, and the same document can be handed to an editor.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

CONTENT_TYPES: tuple[str, ...] = ("config", "wijk", "collectief", "stappen", "ankerinstelling", "nieuws")
# The JSON Schema "format" of a field that names a file next to the content file: a bare name, no path.
FILE_NAME = "bestandsnaam"
# A keyword of our own next to an "enum": words authors write instead of an allowed value (casefolded),
# with that value. Validators ignore it; the explanation of an enum error suggests from it.
SYNONYMS = "x-synoniemen"


@cache
def _raw(name: str) -> dict[str, Any]:
    text = resources.files("wijkgen.schema").joinpath("json", f"{name}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def raw_schema(name: str) -> dict[str, Any]:
    """A copy of the shipped schema file ``name`` as it is, before a project completes it."""
    return copy.deepcopy(_raw(name))


@dataclass(frozen=True)
class Vocabulary:
    """The enumerations a project's content is checked against."""

    values: Sequence[str]
    kinds: Sequence[str]
    needs: Sequence[str]
    step_ids: Sequence[str]
    # Words written instead of a value, per list ("waarden", "soorten", "behoeften", "status"), by value.
    synonyms: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)


def build_schema(name: str, vocabulary: Vocabulary) -> dict[str, Any]:
    """The finished JSON Schema of content type ``name`` for a project's vocabulary."""
    schema = copy.deepcopy(_raw(name))
    defs: dict[str, Any] = copy.deepcopy(_raw("common")["$defs"])
    enums = {"waarde": vocabulary.values, "soort": vocabulary.kinds, "behoefte": vocabulary.needs,
             "stap": vocabulary.step_ids}
    lists = {"waarde": "waarden", "soort": "soorten", "behoefte": "behoeften"}
    for name, allowed in enums.items():  # common.json describes them; the project's framework lists them
        defs[name] = {"enum": list(allowed), "description": defs[name]["description"]}
        _add_synonyms(defs[name], vocabulary.synonyms.get(lists.get(name, ""), {}))
    defs.update(schema.get("$defs", {}))
    schema["$defs"] = defs
    _add_status_synonyms(schema, vocabulary.synonyms.get("status", {}))
    return schema


def _add_synonyms(enum_schema: dict[str, Any], words: Mapping[str, Sequence[str]]) -> None:
    """Put the synonyms of the values ``enum_schema`` allows next to its enum."""
    allowed = set(enum_schema["enum"])
    table = {w.casefold(): value for value, synonyms in words.items() if value in allowed for w in synonyms}
    if table:
        enum_schema[SYNONYMS] = table


def _add_status_synonyms(node: Any, words: Mapping[str, Sequence[str]]) -> None:
    """Put the synonyms of a step's status next to every ``status`` enum in a schema."""
    if isinstance(node, dict):
        status = node.get("properties", {}).get("status") if isinstance(node.get("properties"), dict) else None
        if isinstance(status, dict) and "enum" in status:
            _add_synonyms(status, words)
        for child in node.values():
            _add_status_synonyms(child, words)
    elif isinstance(node, list):
        for child in node:
            _add_status_synonyms(child, words)


def build_schemas(vocabulary: Vocabulary) -> dict[str, dict[str, Any]]:
    """Every content type's finished schema, by name."""
    return {name: build_schema(name, vocabulary) for name in CONTENT_TYPES}


