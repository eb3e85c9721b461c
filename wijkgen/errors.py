"""Located problems: errors and warnings as plain values, and how to print them; the errors that stop a command."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from wijkgen.i18n.catalogue import text
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
    level = text(f"severity.{problem.severity.value}", lang)
    return f"{problem.file}:{problem.line}:{problem.column}: {level}: {problem.text(lang)}"


def format_problems(problems: Iterable[Problem], lang: str = "nl") -> list[str]:
    """Every problem in compiler style and, when there are any, the line that counts them."""
    items = list(problems)
    return [*(format_problem(p, lang) for p in items), *([format_summary(items, lang)] if items else [])]


def format_summary(problems: Iterable[Problem], lang: str = "nl") -> str:
    """A closing line counting errors and warnings."""
    items = list(problems)
    errors = sum(1 for p in items if p.severity is Severity.ERROR)
    warnings = len(items) - errors
    return text("summary", lang, {"errors": errors, "warnings": warnings})


def has_errors(problems: Iterable[Problem], strict: bool = False) -> bool:
    """True when the problems must stop the build (warnings count when strict)."""
    return any(strict or p.severity is Severity.ERROR for p in problems)


class WijkgenError(Exception):
    """An error that ends a command: it knows its exit code and what to print, like Click's own exceptions.

    The command line catches every one of them in one place (:mod:`wijkgen.cli`), prints
    :meth:`report` on the error output and exits with :attr:`exit_code`.
    """

    exit_code: ClassVar[int]

    def report(self, lang: str = "nl") -> str:
        """Everything the command line prints for this error, in ``lang``: one or more lines."""
        raise NotImplementedError


class ContentError(WijkgenError):
    """Content problems stop a build or a command (exit 1); carries every problem found.

    ``kept`` is the output folder whose previous site the failed build left as it was, as the
    person gave it; the report then says so.
    """

    exit_code = 1

    def __init__(self, problems: list[Problem], kept: Path | None = None) -> None:
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = problems
        self.kept = kept

    def report(self, lang: str = "nl") -> str:
        """Every problem in compiler style, the count of errors and warnings, and what became of the site."""
        lines = format_problems(self.problems, lang)
        if self.kept is not None:
            lines.append(text("build_failed", lang, {"out": self.kept}))
        return "\n".join(lines)


class ProjectError(WijkgenError):
    """A usage problem (exit 2): no project here, an output folder that must not be used, a port in use, …"""

    exit_code = 2

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args

    def text(self, lang: str = "nl") -> str:
        """The message in ``lang``."""
        return message(self.code, lang, self.args_)

    def report(self, lang: str = "nl") -> str:
        """The message as the command line prints it: ``wijkgen: fout: …``."""
        return f"wijkgen: {text('severity.error', lang)}: {self.text(lang)}"
