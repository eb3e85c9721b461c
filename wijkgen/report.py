"""Problems for machines: GitHub Actions annotations, JSON, GitLab's Code Quality report, and a Markdown summary
of a build for a CI job's page.

The compiler-style text for people stays in :mod:`wijkgen.errors`; these
formats carry the same problems, with the same Dutch (or English) messages.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from wijkgen.build import BuildResult, PageChanges
from wijkgen.errors import Problem, Severity
from wijkgen.i18n.messages import message

FORMATS = ("text", "github", "json", "codequality")


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


# GitLab's severities are info, minor, major, critical and blocker: an error stops the build, a warning does not.
_CODE_QUALITY_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def code_quality_json(problems: Iterable[Problem], lang: str = "nl") -> str:
    """Every problem as GitLab's Code Quality report, which the merge request shows on the lines concerned.

    A problem's fingerprint leaves out its line, so that a problem that only moved is the same one to GitLab;
    equal problems in one file are told apart by their order.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for p in problems:
        text = p.text(lang)
        seen[(p.file, p.code, text)] += 1
        identity = json.dumps([p.file, p.code, text, seen[(p.file, p.code, text)]], ensure_ascii=False)
        issues.append({
            "description": text,
            "check_name": p.code,
            "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest(),
            "severity": _CODE_QUALITY_SEVERITY[p.severity],
            "location": {"path": p.file, "lines": {"begin": p.line}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _markdown_text(text: str) -> str:
    """``text`` as literal Markdown: no character of it starts markup, a link or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def markdown_summary(problems: Sequence[Problem], lang: str = "nl", result: BuildResult | None = None) -> str:
    """A short Markdown report of a build for a CI job's summary page: built or not, the counts, every problem."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    rows: list[tuple[str, str]] = []
    if result is not None:
        rows += [("summary.pages", str(result.pages)), ("summary.wijken", str(result.wijken))]
    else:
        rows.append(("summary.errors", str(errors)))
    rows.append(("summary.warnings", str(len(problems) - errors)))
    if result is not None:
        rows.append(("summary.address", _markdown_text(result.base_url) if result.base_url
                     else message("summary.no_address", lang, {})))
    lines = [f"### wijkgen: {message('summary.built' if result is not None else 'summary.failed', lang, {})}", "",
             "| | |", "|---|---|"]
    lines += [f"| {message(key, lang, {})} | {value} |" for key, value in rows]
    if result is not None:
        lines += _changes(result.changes, lang)
    if problems:
        lines += ["", message("summary.problems", lang, {}), ""]
        lines += [f"- `{p.file}:{p.line}:{p.column}` {message(f'severity.{p.severity.value}', lang, {})}: "
                  f"{_markdown_text(p.text(lang))}" for p in problems]
    return "\n".join(lines) + "\n"


_LISTED = 30  # changed pages named in a summary; the rest are counted


def _changes(changes: PageChanges | None, lang: str) -> list[str]:
    """The lines of a summary that say which pages differ from the previous build."""
    if changes is None:
        return ["", message("summary.no_previous", lang, {})]
    counts = {"added": len(changes.added), "changed": len(changes.changed), "removed": len(changes.removed)}
    lines = ["", message("summary.changes", lang, counts)]
    named = [(rel, "summary.added") for rel in changes.added] + [(rel, "summary.changed") for rel in changes.changed]
    named += [(rel, "summary.removed") for rel in changes.removed]
    if named:
        lines.append("")
        lines += [f"- `/{rel.removesuffix('index.html')}` {message(key, lang, {})}" for rel, key in named[:_LISTED]]
    if len(named) > _LISTED:
        lines.append(f"- … {message('summary.more', lang, {'count': len(named) - _LISTED})}")
    return lines
