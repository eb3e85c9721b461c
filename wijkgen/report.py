"""Problems for machines: GitHub Actions annotations and JSON.

The compiler-style text for people stays in :mod:`wijkgen.errors`; these
formats carry the same problems, with the same Dutch (or English) messages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from wijkgen.errors import Problem, Severity

FORMATS = ("text", "github", "json")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, lang: str = "nl") -> str:
    """A workflow command that shows ``problem`` on its line in the pull request."""
    command = "error" if problem.severity is Severity.ERROR else "warning"
    properties = ",".join(
        (
            f"file={_escape_property(problem.file)}",
            f"line={problem.line}",
            f"col={problem.column}",
            f"title={_escape_property('wijkgen ' + problem.code)}",
        )
    )
    return f"::{command} {properties}::{_escape_data(problem.text(lang))}"


def problems_json(problems: Iterable[Problem], lang: str = "nl", **extra: object) -> str:
    """Every problem as one JSON document: place, severity, code, its arguments and the message."""
    items = list(problems)
    errors = sum(1 for p in items if p.severity is Severity.ERROR)
    document = {
        **extra,
        "errors": errors,
        "warnings": len(items) - errors,
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "severity": p.severity.value,
                "code": p.code,
                "message": p.text(lang),
                "args": {k: v if isinstance(v, (str, int, float, bool)) or v is None else str(v)
                         for k, v in p.args.items()},
            }
            for p in items
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
