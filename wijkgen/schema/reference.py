"""The content reference for authors (docs/inhoud.md), written from the same schemas the validator uses.

Its words are in the message catalogue (``reference.*``) and the schemas' texts come through
:func:`~wijkgen.schema.translate.schema_in`, so the same reference exists in English; docs/inhoud.md is
the Dutch one, and ``wijkgen handleiding --naslag`` writes the English one for a project with ``taal: en``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import reduce
from typing import Any

from wijkgen.i18n.catalogue import text
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.schema.framework import Framework
from wijkgen.schema.schemas import CONTENT_TYPES, Vocabulary, build_schema
from wijkgen.schema.translate import schema_in

_TYPES = ("string", "integer", "number", "boolean", "array", "object")
# The files of the map layers and the geometries each may hold (checked by wijkgen.model.geo.layer_from_geojson).
_LAYER_FILES = (
    ("water", "`Polygon`, `MultiPolygon`, `LineString`, `MultiLineString`"),
    ("groen", "`Polygon`, `MultiPolygon`"),
    ("straten", "`LineString`, `MultiLineString`"),
)


def _codes(values: Iterable[Any]) -> str:
    return ", ".join(f"`{v}`" for v in values)


def _type_word(nav: SchemaNavigator, schema: Any, lang: str) -> str:
    resolved = nav.resolve(schema) or {}
    if "enum" in resolved:
        return text("reference.type.one_of", lang, {"values": _codes(resolved["enum"])})
    if resolved.get("format") == "date":
        return text("reference.type.date", lang)
    words = [text(f"reference.type.{t}", lang) if t in _TYPES else t for t in sorted(nav.types(schema))]
    if resolved.get("type") == "array":
        item = nav.resolve(resolved.get("items")) or {}
        if "enum" in item:
            return text("reference.type.list_one_of", lang, {"values": _codes(item["enum"])})
        if item.get("type") == "object":
            return text("reference.type.list_of_blocks", lang)
        return text("reference.type.list_of", lang, {"item": _type_word(nav, resolved.get("items"), lang)})
    if not words:
        return text("reference.type.string", lang)
    return reduce(lambda first, second: text("reference.type.either", lang, {"first": first, "second": second}),
                  words)


def _rows(nav: SchemaNavigator, schema: Any, prefix: str, lang: str) -> Iterator[tuple[str, str, str, str]]:
    resolved = nav.resolve(schema) or {}
    required = set(resolved.get("required", ()))
    for key, sub in resolved.get("properties", {}).items():
        name = f"{prefix}{key}"
        sub_resolved = nav.resolve(sub) or {}
        description = str(sub.get("description") or sub_resolved.get("description", ""))
        yield name, _type_word(nav, sub, lang), text("reference.yes", lang) if key in required else "", description
        if "object" in nav.types(sub):
            yield from _rows(nav, sub_resolved, f"{name}.", lang)
        elif sub_resolved.get("type") == "array":
            item = nav.resolve(sub_resolved.get("items")) or {}
            if item.get("type") == "object":
                yield from _rows(nav, item, f"{name}[].", lang)


def _layers(lang: str) -> list[str]:
    """The context layers of a wijk map: GeoJSON files, not YAML with a schema."""
    out = [f"## {text('reference.layers.heading', lang)}", "", text("reference.layers.where", lang), "",
           text("reference.layers.intro", lang), "", text("reference.layers.head", lang), "|---|---|---|"]
    out += [f"| `{name}.geojson` | {text(f'reference.layers.{name}', lang)} | {kinds} |"
            for name, kinds in _LAYER_FILES]
    return [*out, "", text("reference.layers.source", lang), ""]


def reference_markdown(framework: Framework, vocabulary: Vocabulary, lang: str = "nl") -> str:
    """The full reference of every file type and field in Markdown, in ``lang`` (the framework's steps come
    in the language ``framework`` was made for)."""
    out = [
        f"# {text('reference.title', lang)}",
        "",
        f"<!-- {text('reference.generated', lang)} -->",
        "",
        text("reference.intro.check", lang),
        text("reference.intro.required", lang),
        text("reference.intro.formats", lang),
        "",
    ]
    for name in CONTENT_TYPES:
        schema = schema_in(name, build_schema(name, vocabulary), lang)
        nav = SchemaNavigator(schema)
        where = text("reference.where", lang, {"where": text(f"reference.where.{name}", lang)})
        out += [f"## {schema['title']}", "", where, "", str(schema.get("description", "")), ""]
        out += [text("reference.fields_head", lang), "|---|---|---|---|"]
        for field, kind, required, description in _rows(nav, schema, "", lang):
            out.append(f"| `{field}` | {kind} | {required} | {description} |")
        out.append("")
    out += _layers(lang)
    out += [f"## {text('reference.framework.heading', lang)}", "", text("reference.framework.intro", lang), "",
            text("reference.framework.head", lang), "|---|---|---|---|"]
    for step in framework.steps:
        out.append(f"| {step.number} | `{step.id}` | {step.title} | {step.description} |")
    out += ["", text("reference.framework.values", lang, {"values": _codes(framework.values)}), "",
            text("reference.framework.kinds", lang, {"values": _codes(framework.kinds)}), "",
            text("reference.framework.needs", lang, {"values": _codes(framework.needs)}), ""]
    return "\n".join(out)
