"""The titles and descriptions of the content schemas in the language of a site.

The JSON files in ``wijkgen/schema/json/`` hold the Dutch texts, the source. Every other language has a
catalogue ``wijkgen/schema/i18n/<language>.yaml`` with a text per Dutch one, keyed by where the Dutch
text is: the schema's name and the JSON pointer of the text, ``collectief#/properties/naam/description``.
The shared definitions of ``common.json`` are copied into every schema's ``$defs``; their texts are
translated once, under ``common#/$defs/...``. The editor (``/beheer/``) and the authors' reference use
:func:`schema_in`; the validator keeps the Dutch schema (its messages come from the message catalogue).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

from wijkgen.i18n.catalogue import DEFAULT_LANGUAGE, read_texts
from wijkgen.schema.schemas import CONTENT_TYPES, raw_schema

COMMON = "common"  # the schema whose $defs every other schema shares
TEXT_KEYWORDS = ("title", "description")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs")  # keywords holding schemas by name
_SCHEMA_ONE = ("items", "additionalProperties", "if", "then", "else", "not", "contains", "propertyNames")
_SCHEMA_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")


def texts_of(node: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """The JSON pointer and text of every title and description in schema ``node``, its subschemas included.

    Only schema keywords are followed, so a property named ``description`` is a field, not a text."""
    if not isinstance(node, Mapping):
        return
    for keyword in TEXT_KEYWORDS:
        if isinstance(node.get(keyword), str):
            yield f"{pointer}/{keyword}", node[keyword]
    for keyword in _SCHEMA_MAPS:
        for name, sub in (node.get(keyword) or {}).items():
            yield from texts_of(sub, f"{pointer}/{keyword}/{_escape(name)}")
    for keyword in _SCHEMA_ONE:
        yield from texts_of(node.get(keyword), f"{pointer}/{keyword}")
    for keyword in _SCHEMA_LIST:
        for i, sub in enumerate(node.get(keyword) or ()):
            yield from texts_of(sub, f"{pointer}/{keyword}/{i}")


def _escape(name: str) -> str:
    """A name as a step of a JSON pointer (RFC 6901)."""
    return name.replace("~", "~0").replace("/", "~1")


def source_texts() -> dict[str, str]:
    """Every Dutch title and description of the shipped schemas, by its address ``<schema>#<pointer>``."""
    return {f"{name}#{pointer}": text
            for name in (COMMON, *CONTENT_TYPES) for pointer, text in texts_of(raw_schema(name))}


def catalogue_path(language: str) -> str:
    """Where the texts of ``language`` are, relative to the package (for messages and tests)."""
    return f"wijkgen/schema/i18n/{language}.yaml"


@cache
def schema_texts(language: str) -> Mapping[str, str]:
    """The schema texts of ``language`` by address; empty for Dutch and for a language without a catalogue."""
    entry = resources.files("wijkgen.schema").joinpath("i18n", f"{language}.yaml")
    if language == DEFAULT_LANGUAGE or not entry.is_file():
        return {}
    return read_texts(entry.read_text(encoding="utf-8"), catalogue_path(language))


def schema_in(name: str, schema: Mapping[str, Any], language: str) -> dict[str, Any]:
    """Finished schema ``name`` (see :func:`~wijkgen.schema.schemas.build_schema`) with its titles and
    descriptions in ``language``; in Dutch, or for a text without a translation, the Dutch text stays."""
    translated = copy.deepcopy(dict(schema))
    texts = schema_texts(language)
    if not texts:
        return translated
    for pointer, _ in list(texts_of(schema)):
        translation = texts.get(f"{name}#{pointer}")
        if translation is None and pointer.startswith("/$defs/"):  # a definition copied from common.json
            translation = texts.get(f"{COMMON}#{pointer}")
        if translation is not None:
            _set(translated, pointer, translation)
    return translated


def _set(document: dict[str, Any], pointer: str, value: str) -> None:
    """Put ``value`` at ``pointer`` (which exists) in ``document``."""
    steps = [s.replace("~1", "/").replace("~0", "~") for s in pointer.split("/")[1:]]
    node: Any = document
    for step in steps[:-1]:
        node = node[int(step)] if isinstance(node, list) else node[step]
    node[steps[-1]] = value
