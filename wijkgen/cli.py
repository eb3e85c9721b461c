"""The command line: each command parses its options, calls one library function, maps errors to exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from wijkgen import __version__
from wijkgen.build import build as run_build
from wijkgen.build import check as run_check
from wijkgen.errors import ContentError, Problem, ProjectError, format_problem, format_summary, has_errors
from wijkgen.messages import message

EXIT_CONTENT = 1
EXIT_USAGE = 2

project_argument = click.argument(
    "project", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)


def _language(root: Path) -> str:
    """The project's language for messages: from wijkgen.yaml when it says so, else Dutch."""
    try:
        text = (root / "wijkgen.yaml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "nl"
    for line in text.splitlines():
        if line.strip().startswith("taal:") and line.split(":", 1)[1].strip().strip("'\"") == "en":
            return "en"
    return "nl"


def _report(problems: list[Problem], lang: str) -> None:
    for problem in problems:
        click.echo(format_problem(problem, lang), err=True)
    if problems:
        click.echo(format_summary(problems, lang), err=True)


def _usage_error(err: ProjectError, lang: str) -> None:
    click.echo(f"wijkgen: {message('severity.error', lang, {})}: {err.text(lang)}", err=True)
    sys.exit(EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wijkgen")
def main() -> None:
    """wijkgen: publish wijk profiles for community wealth building (WijkWelvaartsWerk)."""


@main.command()
@project_argument
@click.option(
    "--out", "out", type=click.Path(path_type=Path), default=None, help="Output folder (default: PROJECT/site)."
)
@click.option("--wijk", "only_wijk", default=None, metavar="SLUG", help="Build only this wijk (and the overview).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def build(project: Path, out: Path | None, only_wijk: str | None, strict: bool) -> None:
    """Check the content and build the site into site/ (never a partial site)."""
    lang = _language(project)
    try:
        result = run_build(project, out=out, only_wijk=only_wijk, strict=strict)
    except ProjectError as err:
        _usage_error(err, lang)
    except ContentError as err:
        _report(err.problems, lang)
        click.echo(message("build_failed", lang, {"out": out or project / "site"}), err=True)
        sys.exit(EXIT_CONTENT)
    _report(result.problems, lang)
    click.echo(message("built", lang, {"pages": result.pages, "wijken": result.wijken, "out": result.out}))


@main.command()
@project_argument
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(project: Path, strict: bool) -> None:
    """Validate every file and report all problems; writes nothing."""
    lang = _language(project)
    try:
        result = run_check(project)
    except ProjectError as err:
        _usage_error(err, lang)
    _report(result.problems, lang)
    if has_errors(result.problems, strict):
        sys.exit(EXIT_CONTENT)
    click.echo(message("ok", lang, {"files": result.project.files_read, "wijken": len(result.site.wijken)}))
