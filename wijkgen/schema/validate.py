"""Schema validation with jsonschema, turning its errors into located, explained problems."""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import fastjsonschema
import jsonschema
from jsonschema.exceptions import ValidationError

from wijkgen.errors import Problem
from wijkgen.parse.documents import Document, JsonPath
from wijkgen.parse.guide import SchemaNavigator, json_type
from wijkgen.parse.paths import bare_name, is_file_name
from wijkgen.schema.schemas import FILE_NAME, SYNONYMS

_DECIMAL_COMMA = re.compile(r"^-?[0-9]+,[0-9]+$")
_FORMAT_CHECKER = jsonschema.FormatChecker(formats=["date"])
# "bestandsnaam": the bare name of a file next to the content file (a photo, a boundary); never a path.
_FORMAT_CHECKER.checks(FILE_NAME)(lambda value: not isinstance(value, str) or is_file_name(value))
# Fields with a range on the globe: the message says where the range comes from.
_COORDINATES = frozenset({"breedtegraad", "lengtegraad"})


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _draft7(node: Any) -> Any:
    """A copy of a schema in the dialect fastjsonschema compiles (draft 7): ``dependentRequired`` becomes
    ``dependencies``, which means the same there."""
    if isinstance(node, dict):
        out = {k: _draft7(v) for k, v in node.items() if k != "$schema"}
        if "dependentRequired" in out:
            out["dependencies"] = out.pop("dependentRequired")
        return out
    if isinstance(node, list):
        return [_draft7(v) for v in node]
    return node


class Validator:
    """Validates documents of one content type against its finished schema.

    Valid documents (nearly all of them) take a fast path: the schema compiled to
    Python by fastjsonschema. Only a document it rejects is validated again with
    jsonschema, which reports every error with its path for the located messages.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        jsonschema.Draft202012Validator.check_schema(schema)
        self._validator = jsonschema.Draft202012Validator(schema, format_checker=_FORMAT_CHECKER)
        self._nav = SchemaNavigator(schema)
        fast_schema = _draft7(copy.deepcopy(schema))
        fast_schema["$schema"] = "http://json-schema.org/draft-07/schema#"
        self._fast: Callable[[Any], Any] = fastjsonschema.compile(
            fast_schema, formats={"date": _is_date, FILE_NAME: is_file_name}
        )

    def is_valid(self, data: Any) -> bool:
        """The fast verdict alone: True when ``data`` satisfies the schema."""
        try:
            self._fast(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    def _required(self, path: JsonPath) -> bool:
        """True when the value at ``path`` is a field its block must have (so removing it is no way out)."""
        if not path or not isinstance(path[-1], str):
            return False
        parent: Any = self._nav.root
        for part in path[:-1]:
            parent = self._nav.item(parent) if isinstance(part, int) else self._nav.prop(parent, part)
        resolved = self._nav.resolve(parent)
        return isinstance(resolved, dict) and path[-1] in resolved.get("required", ())

    def problems(self, doc: Document) -> list[Problem]:
        """Every schema problem of ``doc``, each at the line of the value it is about."""
        if doc.data is None:
            return [Problem(doc.file, *doc.mark(()), "empty_file")]
        if self.is_valid(doc.data):
            return []
        found: list[Problem] = []
        for error in self._validator.iter_errors(doc.data):
            item = _item(tuple(error.absolute_path))
            for problem in _explain(doc, error, self._required(tuple(error.absolute_path))):
                if item and "field" in problem.args:  # said as "de 2e waarde in 'waarden'"
                    problem = replace(problem, args={**problem.args, "item": item})
                found.append(problem)
        return found


def _field_name(path: JsonPath) -> str:
    """The key of the field a value is in (for a value in a list, the list's key)."""
    return next((part for part in reversed(path) if isinstance(part, str)), "")


def _item(path: JsonPath) -> int:
    """The position (from 1) of a value in the list its field holds, as in ``waarden: [a, b]``; 0 for none."""
    for i in range(len(path) - 1, -1, -1):
        if isinstance(path[i], str):
            rest = path[i + 1 :]
            return rest[0] + 1 if rest and isinstance(rest[0], int) else 0
    return 0


def _describe_value(value: Any) -> str:
    if value is None:
        return "leeg"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def _suggestion(written: str, allowed: list[str], synonyms: dict[str, str]) -> str:
    """The allowed value an author most likely meant by ``written``: the same word in other capitals
    (``AFGEROND``), a synonym (``klaar`` for ``afgerond``), or a close spelling; "" when none is."""
    word = " ".join(written.split()).casefold()
    by_word = {v.casefold(): v for v in allowed}
    if word in by_word:
        return by_word[word]
    if synonyms.get(word) in allowed:
        return synonyms[word]
    close = difflib.get_close_matches(word, [*by_word, *synonyms], n=1, cutoff=0.6)
    if not close:
        return ""
    return by_word.get(close[0]) or synonyms[close[0]]


def _explain(doc: Document, error: ValidationError, required: bool = False) -> list[Problem]:
    path: JsonPath = tuple(error.absolute_path)
    name = _field_name(path)
    line, col = doc.mark(path)
    kind = error.validator
    value: Any = error.instance
    rule: Any = error.validator_value
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    file = doc.file

    if kind == "additionalProperties" and isinstance(value, dict):
        known = sorted(schema.get("properties", {}))
        problems = []
        for key in sorted(set(value) - set(known)):
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            kline, kcol = doc.key_mark((*path, key))
            if close:
                problems.append(Problem(file, kline, kcol, "schema.unknown_key_close", {"key": key, "close": close[0]}))
            else:
                problems.append(
                    Problem(file, kline, kcol, "schema.unknown_key", {"key": key, "known": ", ".join(known)})
                )
        return problems
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(rule)
        where = name or ""
        strays = [k for k in (value or {}) if k not in schema.get("properties", {})]
        if difflib.get_close_matches(missing, strays, n=1, cutoff=0.6):
            return []  # reported once, as the misspelt key
        item = {"item": _item(path)} if _item(path) else {}
        return [Problem(file, line, col, "schema.required", {"key": missing, "parent": where, **item})]
    if value is None and kind in ("type", "minLength", "enum", "format", "pattern"):
        kline, kcol = doc.key_mark(path)
        if required and kind == "enum":
            choices = ", ".join(str(v) for v in rule)
            return [Problem(file, kline, kcol, "schema.empty_required_choice", {"field": name, "allowed": choices})]
        if required:
            return [Problem(file, kline, kcol, "schema.empty_required", {"field": name})]
        return [Problem(file, kline, kcol, "schema.empty", {"field": name})]
    if kind == "type" and not path:
        return [Problem(file, line, col, "schema.root_type", {"actual": json_type(value)})]
    if kind == "enum" and isinstance(value, (dict, list)):
        return [Problem(file, line, col, "schema.type", {"field": name, "expected": "string",
                                                          "actual": json_type(value)})]
    if kind == "enum":
        allowed = [str(v) for v in rule]
        meant = _suggestion(_describe_value(value), allowed, schema.get(SYNONYMS) or {})
        code = "schema.enum_close" if meant else "schema.enum"
        return [
            Problem(
                file,
                line,
                col,
                code,
                {
                    "field": name,
                    "value": _describe_value(value),
                    "allowed": ", ".join(allowed),
                    "close": meant,
                },
            )
        ]
    if kind == "type":
        expected = rule
        expected_list = [expected] if isinstance(expected, str) else list(expected)
        code = "schema.type"
        wants_number = bool({"number", "integer"} & set(expected_list))
        if wants_number and isinstance(value, str) and _DECIMAL_COMMA.match(value):
            code = "schema.type_decimal_comma"
        return [
            Problem(
                file,
                line,
                col,
                code,
                {
                    "field": name,
                    "expected": expected_list[0],
                    "actual": json_type(value),
                    **({} if isinstance(value, (dict, list)) else {"value": _describe_value(value)}),
                },
            )
        ]
    if kind == "format" and rule == FILE_NAME:
        return [Problem(file, line, col, "schema.file_name", {"field": name, "value": value, "name": bare_name(value)})]
    if kind == "format":
        return [Problem(file, line, col, "schema.date", {"field": name, "value": _describe_value(value)})]
    if kind == "pattern" and schema.get("format") == FILE_NAME and not is_file_name(value):
        return []  # a path: reported once, by its format
    if kind == "pattern":
        hint = str(schema.get("description", ""))
        return [Problem(file, line, col, "schema.pattern", {"field": name, "value": value, "hint": hint})]
    if kind == "minLength":
        return [Problem(file, line, col, "schema.empty_required" if required else "schema.empty", {"field": name})]
    if kind == "maxLength":
        return [
            Problem(
                file, line, col, "schema.too_long", {"field": name, "length": len(value), "max": rule}
            )
        ]
    if kind in ("minimum", "maximum") and name in _COORDINATES:
        return [Problem(file, line, col, "schema.coordinate", {"field": name, "value": value, "limit": abs(rule)})]
    if kind in ("minimum", "maximum"):
        return [
            Problem(file, line, col, f"schema.{kind}", {"field": name, "value": value, "limit": rule})
        ]
    if kind == "minItems":
        return [Problem(file, line, col, "schema.min_items", {"field": name, "min": rule})]
    if kind == "uniqueItems":
        return [Problem(file, line, col, "schema.unique", {"field": name})]
    if kind == "dependentRequired":
        present = next((k for k in rule if k in value), "")
        missing = next((m for m in rule.get(present, []) if m not in value), "")
        return [Problem(file, line, col, "schema.dependent", {"present": present, "missing": missing})]
    return [Problem(file, line, col, "schema.other", {"field": name, "detail": error.message})]
