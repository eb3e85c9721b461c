"""Saving what the browser editor sends into a content file without losing what the author wrote.

Decap CMS sends a whole new file: its own YAML, written from the form. Written as it is, that would drop
comments, reorder keys, turn ``ja`` into ``true``, unquote ``"0363"`` and drop every key the form does not
show. So the file is not replaced: both texts are read by wijkgen's own schema-guided parser, and only the
values that differ are changed in the existing file, through ruamel.yaml's round-trip editor. A save that
changes nothing writes nothing; a changed field changes only its own lines; keys the form does not show
(``intern:``, or a key of a newer schema) stay as they are. The result is read back and validated before it
is written: what does not pass ``wijkgen check`` is refused with the validator's messages.
"""

from __future__ import annotations

import difflib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from wijkgen.errors import Problem, Severity
from wijkgen.parse.documents import Document, parse_markdown, parse_yaml
from wijkgen.parse.guide import SchemaNavigator
from wijkgen.schema.validate import Validator

_FENCE = "---\n"


@dataclass(frozen=True)
class Merged:
    """The outcome of merging an editor's save into a file: the new text (None: nothing changed) or problems."""

    text: str | None
    problems: tuple[Problem, ...] = ()


def merge(file: str, old: str | None, sent: str, schema: Mapping[str, Any], shown: frozenset[str],
          lang: str = "nl") -> Merged:
    """The text of content file ``file`` after the editor saved ``sent`` over ``old`` (None: a new file).

    ``shown`` names the top-level keys the editor's form has: a key it lacks is kept from ``old``. ``lang``
    chooses how a yes/no written anew looks (``ja``/``nee`` in Dutch).
    """
    markdown = file.endswith(".md")
    new_doc = _parse(file, sent, schema, markdown)
    if new_doc.problems:
        return Merged(None, tuple(new_doc.problems))
    new_data = _pruned(new_doc.data if isinstance(new_doc.data, dict) else {})
    body = _body(new_doc.body) if markdown else ""
    if old is None:
        text = _fresh(new_data, body, markdown, lang)
        return _checked(file, text, schema, markdown)
    old_doc = _parse(file, old, schema, markdown)
    if old_doc.problems:
        return Merged(None, tuple(old_doc.problems))
    old_data = old_doc.data if isinstance(old_doc.data, dict) else {}
    for key, value in old_data.items():  # what the form does not show stays as it is
        if key not in shown:
            new_data[key] = value
    same_body = not markdown or _body(old_doc.body) == body
    if _pruned(old_data) == _pruned(new_data) and same_body:
        return Merged(None)
    head, front, tail = _split(old) if markdown else ("", old, "")
    edited = _edit(front, old_data, new_data, lang)
    if markdown:
        lead = tail[: len(tail) - len(tail.lstrip("\n"))]  # the blank lines between the fence and the story
        tail = tail if same_body else lead + body
        text = head + edited + _FENCE + tail
    else:
        text = edited
    return _checked(file, text, schema, markdown)


def _parse(file: str, text: str, schema: Mapping[str, Any], markdown: bool) -> Document:
    nav = SchemaNavigator(dict(schema))
    return parse_markdown(file, text, nav, schema) if markdown else parse_yaml(file, text, nav, schema)


def _checked(file: str, text: str, schema: Mapping[str, Any], markdown: bool) -> Merged:
    """``text`` when it passes the schema, else the validator's problems (errors only)."""
    doc = _parse(file, text, schema, markdown)
    problems = list(doc.problems) or Validator(dict(schema)).problems(doc)
    errors = tuple(p for p in problems if p.severity is Severity.ERROR)
    return Merged(None, errors) if errors else Merged(text)


def _body(body: str) -> str:
    """A story as it is compared and written: without blank lines at its ends, with one line end."""
    stripped = body.strip("\n")
    return stripped + "\n" if stripped else ""


def _split(text: str) -> tuple[str, str, str]:
    """A Markdown file's opening fence, its front matter (up to its closing fence) and what follows that fence."""
    lines = text.splitlines(keepends=True)
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip("\r\n").rstrip(" \t") == "---")
    return lines[0], "".join(lines[1:end]), "".join(lines[end + 1:])


def _pruned(value: Any) -> Any:
    """``value`` without empty fields (None, "", [] and {}), which a form sends for what was left empty."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if not _empty(v)}
    if isinstance(value, list):
        return [_pruned(v) for v in value if not _empty(_pruned(v))]
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _yaml(text: str, lang: str) -> YAML:
    """A round-trip YAML editor that writes like ``text`` was written (indents), never folds long lines, and
    writes a yes/no as ``ja``/``nee`` in Dutch."""
    try:
        _, indent, offset = load_yaml_guess_indent(text) if text.strip() else (None, 2, 0)
    except YAMLError:  # a text ruamel cannot read whole still gets the default indents
        indent, offset = 2, 0
    indent, offset = indent or 2, offset or 0
    editor = YAML()
    editor.preserve_quotes = True
    editor.width = 4096
    editor.indent(mapping=max(indent - offset, 2) if offset else indent, sequence=indent, offset=offset)
    if lang == "nl":
        editor.representer.add_representer(
            bool, lambda r, v: r.represent_scalar("tag:yaml.org,2002:bool", "ja" if v else "nee"))
    return editor


def _fresh(data: Mapping[str, Any], body: str, markdown: bool, lang: str) -> str:
    """A new file from the editor's values, indented the way ``wijkgen new`` writes files."""
    editor = _yaml("", lang)
    editor.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    editor.dump(_node(data), out)
    text = out.getvalue()
    return _FENCE + text + _FENCE + ("\n" + body if body else "") if markdown else text


def _edit(front: str, old: Mapping[str, Any], new: Mapping[str, Any], lang: str) -> str:
    """``front`` (YAML) with the values of ``new`` that differ from ``old`` changed, and nothing else."""
    editor = _yaml(front, lang)
    tree = editor.load(front) if front.strip() else None
    if not isinstance(tree, CommentedMap):
        tree = CommentedMap()
    _apply_map(tree, old, new)
    out = io.StringIO()
    editor.dump(tree, out)
    return out.getvalue()


def _apply_map(tree: CommentedMap, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
    for key in [k for k in old if k not in new and not _empty(_pruned(old[k]))]:
        if key in tree:
            del tree[key]
    previous: str | None = None
    for key, value in new.items():
        if key not in tree:
            at = list(tree.keys()).index(previous) + 1 if previous in tree else len(tree)
            tree.insert(at, key, _node(value))
        elif _pruned(old.get(key)) != _pruned(value):
            _apply_value(tree, key, old.get(key), value)
        previous = key


def _apply_value(tree: CommentedMap | CommentedSeq, key: Any, old: Any, new: Any) -> None:
    """Change ``tree[key]`` from ``old`` to ``new``: inside the same block where both are blocks, else anew."""
    current = tree[key]
    if isinstance(current, CommentedMap) and isinstance(old, dict) and isinstance(new, dict):
        _apply_map(current, old, new)
    elif isinstance(current, CommentedSeq) and isinstance(old, list) and isinstance(new, list):
        _apply_list(current, old, new)
    else:
        tree[key] = _node(new)


def _apply_list(tree: CommentedSeq, old: Sequence[Any], new: Sequence[Any]) -> None:
    """Change a list item by item: unchanged items keep their lines, changed ones are edited in place."""
    keys = [json.dumps(_pruned(v), sort_keys=True, default=str) for v in old]
    wanted = [json.dumps(_pruned(v), sort_keys=True, default=str) for v in new]
    matcher = difflib.SequenceMatcher(a=keys, b=wanted, autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for offset in range(i2 - i1):
                _apply_value(tree, i1 + offset, old[i1 + offset], new[j1 + offset])
            continue
        for index in range(i2 - 1, i1 - 1, -1):
            del tree[index]
        for offset, value in enumerate(new[j1:j2]):
            tree.insert(i1 + offset, _node(value))


def _node(value: Any) -> Any:
    """A value as ruamel writes it: blocks for mappings and lists, a literal block for text over several lines."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _node(item)
        return node
    if isinstance(value, list):
        return CommentedSeq([_node(v) for v in value])
    if isinstance(value, str) and "\n" in value.strip("\n"):
        return LiteralScalarString(value.strip("\n") + "\n")
    return value
