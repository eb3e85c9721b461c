"""Schema guidance for the parser: the sub-schema of a key or an item, and the JSON types a schema admits.

The parser asks it what a field expects, so that ``0363`` stays text where text is expected.
"""

from __future__ import annotations

from typing import Any


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
