"""Reading content files: YAML and Markdown front matter into values with line marks.

YAML is parsed to PyYAML's node graph (``compose``), never constructed with
PyYAML's YAML 1.1 rules. The values are then built from the nodes *guided by
the schema*: where the schema expects text, a plain scalar stays the text the
author wrote (``0363`` stays "0363", ``NO`` stays "NO", ``2021-03-01`` stays
"2021-03-01"). Every value and every key keeps the line and column it came
from, so later stages can point at them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from wijkgen.errors import Problem
from wijkgen.schema import SchemaNavigator

try:  # libyaml is much faster where it is available
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

JsonPath = tuple[str | int, ...]
Mark = tuple[int, int]

_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_TRUE = {"true", "True", "TRUE", "ja", "Ja", "JA", "yes", "Yes", "YES"}
_FALSE = {"false", "False", "FALSE", "nee", "Nee", "NEE", "no", "No", "NO"}
_CORE_TRUE = {"true", "True", "TRUE"}
_CORE_FALSE = {"false", "False", "FALSE"}


@dataclass
class Document:
    """One parsed content file: its data, where each part of it stood, and its body."""

    file: str
    data: Any = None
    marks: dict[JsonPath, Mark] = field(default_factory=dict)
    key_marks: dict[JsonPath, Mark] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)

    def mark(self, path: JsonPath) -> Mark:
        """Line and column of the value at ``path``, or of its nearest parent."""
        for n in range(len(path), -1, -1):
            found = self.marks.get(tuple(path[:n]))
            if found:
                return found
        return (1, 1)

    def key_mark(self, path: JsonPath) -> Mark:
        """Line and column of the key that holds the value at ``path``."""
        return self.key_marks.get(tuple(path)) or self.mark(path)

    @property
    def ok(self) -> bool:
        """True when the file could be read at all."""
        return not self.problems


def _yaml_problem(file: str, err: yaml.MarkedYAMLError, line_offset: int) -> Problem:
    """Turn a PyYAML parse error into a located problem with a plain-language code."""
    problem = err.problem or ""
    context = err.context or ""
    mark = err.problem_mark
    code = "yaml.generic"
    args: dict[str, Any] = {"detail": problem}
    if "'\\t'" in problem or "tab character" in problem:
        code = "yaml.tab"
    elif "quoted scalar" in context:
        code = "yaml.unclosed_quote"
        mark = err.context_mark or mark
    elif "mapping values are not allowed" in problem:
        code = "yaml.colon"
    elif "expected <block end>" in problem or "could not find expected ':'" in problem:
        code = "yaml.indent"
    elif "flow sequence" in context or "flow mapping" in context:
        code = "yaml.flow"
    elif "undefined alias" in problem:
        code = "yaml.alias"
    line = (mark.line + 1 if mark else 1) + line_offset
    column = mark.column + 1 if mark else 1
    return Problem(file, line, column, code, args)


class _Builder:
    """Builds plain values from a YAML node graph, guided by a schema."""

    def __init__(self, doc: Document, nav: SchemaNavigator | None, line_offset: int) -> None:
        self.doc = doc
        self.nav = nav
        self.offset = line_offset

    def _mark(self, node: yaml.Node) -> Mark:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: JsonPath, schema: Any) -> Any:
        self.doc.marks[path] = self._mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, schema)
        if isinstance(node, yaml.SequenceNode):
            item_schema = self.nav.item(schema) if self.nav else None
            return [self.build(child, (*path, i), item_schema) for i, child in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, schema)

    def _mapping(self, node: yaml.MappingNode, path: JsonPath, schema: Any) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            key_mark = self._mark(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.doc.problems.append(Problem(self.doc.file, *key_mark, "yaml.complex_key"))
                continue
            key = str(key_node.value)
            if key in seen:
                self.doc.problems.append(
                    Problem(self.doc.file, *key_mark, "yaml.duplicate_key", {"key": key, "first": seen[key][0]})
                )
                continue
            seen[key] = key_mark
            child_path = (*path, key)
            self.doc.key_marks[child_path] = key_mark
            child_schema = self.nav.prop(schema, key) if self.nav else None
            result[key] = self.build(value_node, child_path, child_schema)
        return result

    def _scalar(self, node: yaml.ScalarNode, schema: Any) -> Any:
        text: str = node.value
        if node.style not in (None, ""):  # quoted or block scalars are always text
            return text
        expected = self.nav.types(schema) if self.nav else set()
        if _NULL.match(text):
            return None
        if "string" in expected:
            return text
        if "boolean" in expected:
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
        if expected & {"integer", "number"}:
            number = _number(text)
            if number is not None:
                return number
        if expected:
            return text  # leave as text: validation reports the wrong type
        # No schema guidance (an unknown key, say): YAML 1.2 core rules.
        if text in _CORE_TRUE:
            return True
        if text in _CORE_FALSE:
            return False
        number = _number(text)
        return text if number is None else number


def _number(text: str) -> int | float | None:
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return None


def parse_yaml(file: str, text: str, nav: SchemaNavigator | None, schema: Any, line_offset: int = 0) -> Document:
    """Parse YAML ``text`` into a :class:`Document`; problems are collected, never raised."""
    doc = Document(file=file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        doc.problems.append(_yaml_problem(file, err, line_offset))
        return doc
    except yaml.YAMLError as err:  # pragma: no cover - non-located errors are rare
        doc.problems.append(Problem(file, 1 + line_offset, 1, "yaml.generic", {"detail": str(err)}))
        return doc
    if node is None:
        doc.data = None
        doc.marks[()] = (1 + line_offset, 1)
        return doc
    doc.data = _Builder(doc, nav, line_offset).build(node, (), schema)
    return doc


_FENCE = re.compile(r"^---[ \t]*$")


def parse_markdown(file: str, text: str, nav: SchemaNavigator | None, schema: Any) -> Document:
    """Parse a Markdown file with YAML front matter between ``---`` lines."""
    lines = text.splitlines(keepends=True)
    first = lines[0].lstrip("\ufeff") if lines else ""
    if not lines or not _FENCE.match(first.rstrip("\r\n")):
        doc = Document(file=file)
        doc.problems.append(Problem(file, 1, 1, "frontmatter.missing"))
        return doc
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i].rstrip("\r\n"))), None)
    if end is None:
        doc = Document(file=file)
        doc.problems.append(Problem(file, 1, 1, "frontmatter.unclosed"))
        return doc
    doc = parse_yaml(file, "".join(lines[1:end]), nav, schema, line_offset=1)
    doc.body = "".join(lines[end + 1 :])
    doc.body_line = end + 2
    return doc
