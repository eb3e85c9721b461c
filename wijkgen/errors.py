"""Located problems: errors and warnings as plain values, and how to print them."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wijkgen.i18n.messages import message


class Severity(enum.Enum):
    """How bad a problem is: errors stop the build, warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem found in the content, with its place and a message code.

    The text is looked up by ``code`` in the message catalogue when printed, so
    the same problem can be shown in Dutch or English.
    """

    file: str
    line: int
    column: int
    code: str
    args: Mapping[str, Any] = field(default_factory=dict)
    severity: Severity = Severity.ERROR

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """Order problems like a compiler: by file, then line, then column."""
        return (self.file, self.line, self.column, self.code)

    def text(self, lang: str = "nl") -> str:
        """The message (what is wrong, and what to write instead) in ``lang``."""
        return message(self.code, lang, self.args)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by place, without exact duplicates."""
    unique: dict[tuple[Any, ...], Problem] = {}
    for p in problems:
        key = (p.file, p.line, p.column, p.code, json.dumps(dict(p.args), sort_keys=True, default=str))
        unique.setdefault(key, p)
    return sorted(unique.values(), key=lambda p: p.sort_key)


def format_problem(problem: Problem, lang: str = "nl") -> str:
    """One problem in compiler style: ``path:line:col: fout: message``."""
    level = message(f"severity.{problem.severity.value}", lang, {})
    return f"{problem.file}:{problem.line}:{problem.column}: {level}: {problem.text(lang)}"


def format_summary(problems: Iterable[Problem], lang: str = "nl") -> str:
    """A closing line counting errors and warnings."""
    items = list(problems)
    errors = sum(1 for p in items if p.severity is Severity.ERROR)
    warnings = len(items) - errors
    return message("summary", lang, {"errors": errors, "warnings": warnings})


def has_errors(problems: Iterable[Problem], strict: bool = False) -> bool:
    """True when the problems must stop the build (warnings count when strict)."""
    return any(strict or p.severity is Severity.ERROR for p in problems)


class ContentError(Exception):
    """Raised when content problems stop a build; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = problems


class ProjectError(Exception):
    """A usage problem: no project here, or an output folder that must not be used."""

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args

    def text(self, lang: str = "nl") -> str:
        """The message in ``lang``."""
        return message(self.code, lang, self.args_)
