"""Reading content files: YAML and Markdown front matter into values with line marks.

YAML is parsed to PyYAML's node graph (``compose``), never constructed with
PyYAML's YAML 1.1 rules. The values are then built from the nodes *guided by
the schema*: where the schema expects text, a plain scalar stays the text the
author wrote (``0363`` stays "0363", ``NO`` stays "NO", ``2021-03-01`` stays
"2021-03-01"). Every value and every key keeps the line and column it came
from, so later stages can point at them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from wijkgen.errors import Problem
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.parse.limits import MAX_NESTING
from wijkgen.parse.numbers import Number, readings, written

try:  # libyaml is much faster where it is available
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

JsonPath = tuple[str | int, ...]
Mark = tuple[int, int]

SINGLE = "'"
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
    # Problems with one value (a number that can be read two ways) that leave the rest readable:
    # the loader reports them after validating the document, so its other problems are found too.
    value_problems: list[Problem] = field(default_factory=list)

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


def _yaml_problem(file: str, err: yaml.MarkedYAMLError, line_offset: int, text: str) -> Problem:
    """Turn a PyYAML parse error into a located problem with a plain-language code."""
    problem = err.problem or ""
    context = err.context or ""
    mark = err.problem_mark
    lines = text.split("\n")
    line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
    char = line_text[mark.column : mark.column + 1] if mark else ""
    code = "yaml.generic"
    args: dict[str, Any] = {"detail": problem}
    if "'\\t'" in problem or "tab character" in problem or (char == "\t" and "cannot start any token" in problem):
        code = "yaml.tab"
    elif "quoted scalar" in context and "escape" in problem:
        code = "yaml.escape"
    elif "quoted scalar" in context:
        code = "yaml.unclosed_quote"
        mark = err.context_mark or mark
    elif "cannot start any token" in problem or "directive" in context or "tag handle" in problem or (
        "an anchor" in context or "an alias" in context or "expected node content" in problem
    ) or "mapping keys are not allowed" in problem or "block scalar" in context:
        starts = "an anchor" in context or "an alias" in context or "block scalar" in context
        mark = err.context_mark if starts else mark
        code, args = "yaml.reserved_char", _quoting_advice(lines, mark)
    elif "mapping values are not allowed" in problem or "could not find expected ':'" in problem:
        # The line without a colon: the one scanned as a key, or the one above a colon that does not fit.
        key_mark = err.context_mark if "simple key" in context else None
        suspect = key_mark.line if key_mark else (mark.line if mark else 0) - 1
        missing = _missing_colon(lines, suspect)
        if missing is not None:
            column, example = missing
            return Problem(file, suspect + 1 + line_offset, column + 1, "yaml.missing_colon", {"example": example})
        code = "yaml.colon" if "mapping values" in problem else "yaml.indent"
    elif "maximum nesting depth" in problem:  # libyaml's own bound (1000 levels), met before ours in [[[…
        code, args = "yaml.too_deep", {"limit": MAX_NESTING}
    elif "did not find expected key" in problem and mark and line_text[: mark.column].rstrip()[-1:] in ("'", '"'):
        code, args = "yaml.after_quote", {"example": _requoted(line_text)}
    elif "expected <block end>" in problem or (
        "did not find expected key" in problem or "expected '-' indicator" in problem
    ):
        code = "yaml.indent"
    elif "block sequence entries are not allowed" in problem:
        code = "yaml.dash"
    elif "expected <document start>" in problem:
        code = "yaml.document_end"
    elif "flow sequence" in context or "flow mapping" in context:
        code = "yaml.flow"
    line = (mark.line + 1 if mark else 1) + line_offset
    column = mark.column + 1 if mark else 1
    return Problem(file, line, column, code, args)


def _quoting_advice(lines: list[str], mark: Any) -> dict[str, Any]:
    """The character a value may not start with, and the author's line with that value in quotes."""
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    column = mark.column if mark else 0
    value = line[column:].strip()
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return {"char": value[:1] or "?", "example": f"{line[:column].strip()} {quoted}".strip()}


def _requoted(line: str) -> str:
    """``naam: "Buurtkeuken" Oost`` as it should be: the whole value in the other kind of quotes."""
    key, _, value = line.partition(": ")
    value = value.strip()
    if value.startswith('"'):  # single quotes hold double ones; a single quote inside is written twice
        return f"{key.strip()}: '{value.replace(SINGLE, SINGLE * 2)}'"
    return f'{key.strip()}: "{value}"'


_WORDS_WITHOUT_COLON = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s+(\S.*)$")


def _missing_colon(lines: list[str], at: int) -> tuple[int, str] | None:
    """When line ``at`` (0-based) is a field name and a value without the colon between them
    (``naam Buurtkeuken``): the column where it starts (0-based) and the line as it should be."""
    if not 0 <= at < len(lines) or ":" in lines[at]:
        return None
    words = _WORDS_WITHOUT_COLON.match(lines[at])
    if words is None:
        return None
    return len(words[1]), f"{words[2]}: {words[3]}"


class _Refused(Exception):
    """YAML that parses but that wijkgen does not take: an alias, nesting too deep, a second document."""

    def __init__(self, code: str, mark: Any, args: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.mark = mark
        self.args_ = args or {}


def _compose(text: str) -> yaml.Node | None:
    """The node graph of YAML ``text``, as ``yaml.compose`` gives it, built from the parser's events.

    Unlike PyYAML's own composer it refuses aliases (``*naam``): a few lines of aliases can stand
    for billions of values ("billion laughs") and a recursive alias for an endless one, while
    content never needs them. It refuses blocks and lists nested deeper than
    :data:`~wijkgen.parse.limits.MAX_NESTING` as soon as the parser opens one, and a second document.
    It does not recurse, so no text can exhaust the stack.
    """
    loader = _Loader(text)
    try:
        root: yaml.Node | None = None
        documents = 0
        open_nodes: list[list[Any]] = []  # each: [collection node, key node waiting for its value]
        while loader.check_event():
            event: Any = loader.get_event()
            start: Any = event.start_mark  # libyaml's marks, which PyYAML's nodes take like its own
            end: Any = event.end_mark
            node: yaml.Node
            if isinstance(event, yaml.ScalarEvent):
                node = yaml.ScalarNode("", event.value, start, end, event.style)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                if len(open_nodes) >= MAX_NESTING:
                    raise _Refused("yaml.too_deep", start, {"limit": MAX_NESTING})
                kind = yaml.MappingNode if isinstance(event, yaml.MappingStartEvent) else yaml.SequenceNode
                open_nodes.append([kind("", [], start, end, event.flow_style), None])
                continue
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                node = open_nodes.pop()[0]
                node.end_mark = end
            elif isinstance(event, yaml.AliasEvent):
                raise _Refused("yaml.alias", start, {"name": event.anchor})
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused("yaml.second_document", start)
                continue
            else:  # the start and end of the stream, the end of a document
                continue
            if not open_nodes:
                root = node
            elif isinstance(open_nodes[-1][0], yaml.SequenceNode):
                open_nodes[-1][0].value.append(node)
            elif open_nodes[-1][1] is None:
                open_nodes[-1][1] = node
            else:
                open_nodes[-1][0].value.append((open_nodes[-1][1], node))
                open_nodes[-1][1] = None
        return root
    finally:
        loader.dispose()


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
        return self._scalar(node, path, schema)

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

    def _scalar(self, node: yaml.ScalarNode, path: JsonPath, schema: Any) -> Any:
        text: str = node.value
        found = CONTROL_CHARACTER.search(text)
        if found:  # written as an escape such as "\x1b": it would break the feeds' XML
            self.doc.problems.append(Problem(self.doc.file, *self._mark(node), "text.control_character",
                                             {"code": f"U+{ord(found[0]):04X}"}))
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
            meant = readings(text)
            if meant:
                return self._reading(node, path, schema, meant)
        if expected:
            return text  # leave as text: validation reports the wrong type
        # No schema guidance (an unknown key, say): YAML 1.2 core rules.
        if text in _CORE_TRUE:
            return True
        if text in _CORE_FALSE:
            return False
        number = _number(text)
        return text if number is None else number

    def _reading(self, node: yaml.ScalarNode, path: JsonPath, schema: Any, meant: tuple[Number, ...]) -> Number:
        """The one number a written number means in this field; when it can mean two (``11.800``: 11800
        or 11.8) and both fit the field, a problem that shows both and what to write."""
        if len(meant) == 1:
            return meant[0]
        resolved = self.nav.resolve(schema) if self.nav else None
        bounds = resolved if isinstance(resolved, dict) else {}
        whole_only = "number" not in (self.nav.types(schema) if self.nav else {"number"})
        typed = [n for n in meant if not whole_only or float(n).is_integer()]
        fitting = [n for n in typed if _in_range(n, bounds.get("minimum"), bounds.get("maximum"))]
        if len(fitting) == 1:
            return fitting[0]
        if len(fitting) > 1:
            whole, decimal = meant
            name = next((p for p in reversed(path) if isinstance(p, str)), "")
            self.doc.value_problems.append(Problem(self.doc.file, *self._mark(node), "number.ambiguous", {
                "field": name, "written": node.value, "whole": written(whole), "decimal": decimal}))
        # Validation then reports what does not fit (a year before 1800, say); an ambiguous number is an error.
        return meant[-1] if not typed or meant[-1] in typed else typed[0]


def _in_range(number: Number, low: Any, high: Any) -> bool:
    return (not isinstance(low, int | float) or number >= low) and (not isinstance(high, int | float) or number <= high)


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
        node = _compose(text)
    except yaml.MarkedYAMLError as err:
        doc.problems.append(_yaml_problem(file, err, line_offset, text))
        return doc
    except _Refused as refused:
        mark = refused.mark
        doc.problems.append(Problem(file, mark.line + 1 + line_offset, mark.column + 1, refused.code, refused.args_))
        return doc
    except yaml.reader.ReaderError as err:  # a control character, which YAML does not allow anywhere
        at = max(0, text.find(chr(err.character))) if isinstance(err.character, int) else 0
        line, column = text.count("\n", 0, at) + 1 + line_offset, at - text.rfind("\n", 0, at)
        doc.problems.append(Problem(file, line, column, "yaml.control_char", {"code": f"U+{err.character or 0:04X}"}))
        return doc
    if node is None:
        doc.data = None
        doc.marks[()] = (1 + line_offset, 1)
        return doc
    doc.data = _Builder(doc, nav, line_offset).build(node, (), schema)
    return doc


_FENCE = re.compile(r"^---[ \t]*$")


# Characters no text on a page or in a feed may hold (XML 1.0 forbids them): C0 controls except tab and
# line ends, DEL, and the two non-characters U+FFFE/U+FFFF. Written raw in YAML they already fail parsing.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def parse_markdown(file: str, text: str, nav: SchemaNavigator | None, schema: Any) -> Document:
    """Parse a Markdown file with YAML front matter between ``---`` lines."""
    if not text.strip("\ufeff \t\r\n"):
        doc = Document(file=file)
        doc.problems.append(Problem(file, 1, 1, "empty_file"))
        return doc
    lines = text.splitlines(keepends=True)
    first = lines[0].lstrip("\ufeff")
    if not _FENCE.match(first.rstrip("\r\n")):
        doc = Document(file=file)
        doc.problems.append(Problem(file, 1, 1, "frontmatter.missing"))
        return doc
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i].rstrip("\r\n"))), None)
    if end is None:
        doc = Document(file=file)
        doc.problems.append(Problem(file, 1, 1, "frontmatter.unclosed"))
        return doc
    doc = parse_yaml(file, "".join(lines[1:end]), nav, schema, line_offset=1)
    head = "".join(lines[: end + 1])
    doc.body = text[len(head):]
    doc.body_line = head.count("\n") + 1  # lines as editors count them (splitlines also breaks at \x0b, \x85…)
    found = CONTROL_CHARACTER.search(doc.body)
    if found:
        before = doc.body[: found.start()]
        line = doc.body_line + before.count("\n")
        column = found.start() - (before.rfind("\n") + 1) + 1
        doc.problems.append(Problem(file, line, column, "text.control_character", {"code": f"U+{ord(found[0]):04X}"}))
    return doc


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def json_mark(text: str, path: JsonPath) -> Mark:
    """Line and column where the value at ``path`` starts in the JSON ``text`` (or its nearest parent that does).

    ``json`` keeps no positions; this walks the text along ``path`` only, skipping the
    values before it, so it stays linear however large the file is.
    """
    decoder = json.JSONDecoder()
    at = _JSON_SPACE.match(text).end()  # type: ignore[union-attr]
    try:
        for part in path:
            found = _json_child(decoder, text, at, part)
            if found is None:
                break
            at = found
    except (ValueError, IndexError):
        pass  # the text is not JSON after all: point at the last place found
    line_start = text.rfind("\n", 0, at) + 1
    return text.count("\n", 0, at) + 1, at - line_start + 1


def _json_child(decoder: json.JSONDecoder, text: str, at: int, part: str | int) -> int | None:
    """Where the member ``part`` of the array or object starting at ``at`` starts; None when it is not there."""

    def skip_space(i: int) -> int:
        return _JSON_SPACE.match(text, i).end()  # type: ignore[union-attr]

    opener = text[at]
    at = skip_space(at + 1)
    if opener == "[" and isinstance(part, int):
        for _ in range(part):
            at = skip_space(decoder.raw_decode(text, at)[1])
            if text[at] != ",":
                return None
            at = skip_space(at + 1)
        return at if text[at] != "]" else None
    if opener == "{" and isinstance(part, str):
        while text[at] == '"':
            key, end = decoder.raw_decode(text, at)
            at = skip_space(end)
            at = skip_space(at + 1)  # past the colon
            if key == part:
                return at
            at = skip_space(decoder.raw_decode(text, at)[1])
            if text[at] != ",":
                return None
            at = skip_space(at + 1)
    return None
