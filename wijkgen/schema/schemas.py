"""The content schemas: JSON Schema files shipped with the package, completed per project.

Each content type has one file in ``wijkgen/schema/json/``. The shared definitions
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
    text = resources.files("wijkgen.schema").joinpath("json", f"{name}.json").read_text(encoding="utf-8")
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
    enums = {"waarde": vocabulary.values, "soort": vocabulary.kinds, "behoefte": vocabulary.needs,
             "stap": vocabulary.step_ids}
    for name, allowed in enums.items():  # common.json describes them; the project's framework lists them
        defs[name] = {"enum": list(allowed), "description": defs[name]["description"]}
    defs.update(schema.get("$defs", {}))
    schema["$defs"] = defs
    return schema


def build_schemas(vocabulary: Vocabulary) -> dict[str, dict[str, Any]]:
    """Every content type's finished schema, by name."""
    return {name: build_schema(name, vocabulary) for name in CONTENT_TYPES}


