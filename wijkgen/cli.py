"""The command line: each command parses its options and calls one library function.

wijkgen's own errors (:class:`~wijkgen.errors.WijkgenError`) carry their exit code and their
report; :class:`_Wijkgen` prints and exits for every command, in the language of the project.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from wijkgen import __version__
from wijkgen.errors import (
    ContentError,
    Problem,
    ProjectError,
    Severity,
    WijkgenError,
    format_problems,
    format_summary,
    has_errors,
)
from wijkgen.i18n.catalogue import DEFAULT_LANGUAGE, text
from wijkgen.live.server import serve as run_serve
from wijkgen.load.config import CONFIG_FILE, language_of
from wijkgen.load.project import load_config
from wijkgen.report import FORMATS, code_quality_json, github_annotation, markdown_summary, problems_json
from wijkgen.scaffold.editor import SCHEMA_FOLDER, project_schemas, write_schemas
from wijkgen.scaffold.guide import GUIDE, REFERENCE, docs_dir, reference_text
from wijkgen.scaffold.skeletons import init_project
from wijkgen.scaffold.skeletons import new_collective as run_new_collective
from wijkgen.scaffold.skeletons import new_wijk as run_new_wijk
from wijkgen.scaffold.source import ci_requirement, given_requirement
from wijkgen.speed.build import fast_build as run_build
from wijkgen.speed.build import fast_load_and_assemble

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

_LANGUAGE = "wijkgen.language"  # where a command keeps its language for the error handler (Click's ctx.meta)
_TYPED = "wijkgen.typed"  # the command as typed, and whether folders above were searched (for project.no_config)
# Words a Dutch author may type for a command: the message suggests the command.
_DUTCH_COMMANDS = {
    "bouw": "build", "bouwen": "build", "maak": "build", "controleer": "check", "controleren": "check",
    "nakijken": "check", "test": "check", "bekijk": "serve", "bekijken": "serve", "voorbeeld": "serve",
    "toon": "serve", "nieuw": "new", "voegtoe": "new", "begin": "init", "start": "init", "schemas": "schema",
}


def _usage_error(err: click.UsageError) -> ProjectError:
    """Click's usage error as one of wijkgen's messages, with the command to ask for help."""
    command = "wijkgen " + " ".join(err.ctx.command_path.split()[1:]) if err.ctx is not None else "wijkgen"
    args = {"command": command.strip()}
    if isinstance(err, click.NoSuchOption):
        close = difflib.get_close_matches(err.option_name, err.possibilities or (), n=1)
        return ProjectError("cli.no_such_option", option=err.option_name, close=close[0] if close else "", **args)
    if isinstance(err, click.MissingParameter) and err.param is not None:
        return ProjectError("cli.missing", name=_param_name(err.param), **args)
    if isinstance(err, click.BadParameter) and err.param is not None:
        named = re.search(r"'(.*)'", err.message)
        if isinstance(err.param.type, click.Path) and named and Path(named[1]).is_file():
            return ProjectError("cli.not_a_folder", name=_param_name(err.param), value=named[1], **args)
        return ProjectError("cli.bad_value", name=_param_name(err.param), detail=err.message, **args)
    return ProjectError("cli.usage_error", detail=err.message, **args)


def _param_name(param: click.Parameter) -> str:
    """How the help names a parameter: PROJECT, --port."""
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return (param.name or "").upper()


CEILING_VARIABLE = "WIJKGEN_CEILING_DIRECTORIES"


def _ceilings() -> frozenset[Path]:
    """The folders named in WIJKGEN_CEILING_DIRECTORIES (separated as PATH is), which the search for a project
    does not go up into, as Git's GIT_CEILING_DIRECTORIES; relative entries are ignored, as Git does."""
    named = os.environ.get(CEILING_VARIABLE, "").split(os.pathsep)
    return frozenset(Path(entry).resolve() for entry in named if entry and os.path.isabs(entry))


def _nearest_project(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that holds a wijkgen.yaml, as Git finds its repository: it
    stops below a ceiling folder, and at the root."""
    here = start.resolve()
    ceilings = _ceilings()
    for folder in (here, *here.parents):
        if folder != here and folder in ceilings:
            return None
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def _project_here(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """PROJECT as given; when none was given and this folder has no wijkgen.yaml, the nearest folder above
    that has one, said on the error output so that it is clear which project is used."""
    typed = "wijkgen " + " ".join(ctx.command_path.split()[1:])
    typed += " --project" if isinstance(param, click.Option) else ""
    given = ctx.get_parameter_source(param.name or "") is not ParameterSource.DEFAULT
    ctx.meta[_TYPED] = (typed, not given)
    found = None if given else _nearest_project(value)
    if found is None or found == value.resolve():
        return value
    shown = Path(os.path.relpath(found))
    click.echo(text("project.found_above", _quiet_language(found), {"path": shown, "config": shown / CONFIG_FILE}),
               err=True)
    return shown


def _quiet_language(root: Path | None) -> str:
    """The language of the project in ``root`` (Dutch when there is none, or it cannot be read)."""
    try:
        return language_of(load_config(root)[1].data) if root is not None else DEFAULT_LANGUAGE
    except ProjectError:
        return DEFAULT_LANGUAGE


project_argument = click.argument(
    "project", required=False, default=".", type=click.Path(file_okay=False, path_type=Path), callback=_project_here
)


class _Wijkgen(click.Group):
    """The wijkgen group: runs a command, and turns wijkgen's errors into their report and exit code."""

    command_class: type[click.Command] | None = None  # set to _Command below, once it is defined

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; a :class:`WijkgenError` is printed in the command's language and ends with its code."""
        try:
            return super().invoke(ctx)
        except WijkgenError as err:
            if isinstance(err, ProjectError) and err.code == "project.no_config" and _TYPED in ctx.meta:
                typed, searched_up = ctx.meta[_TYPED]
                err.args_.update(command=typed, detail_code="part.or_above" if searched_up else "part.nothing")
            report = err.report(ctx.meta.get(_LANGUAGE, DEFAULT_LANGUAGE))
            if report:
                click.echo(report, err=True)
            ctx.exit(err.exit_code)
        except click.UsageError as err:  # Click's own, raised while a command reads its arguments
            if isinstance(err, click.exceptions.NoArgsIsHelpError):
                raise
            lang = _quiet_language(_nearest_project(Path(".")))
            click.echo(_usage_error(err).report(lang), err=True)
            ctx.exit(err.exit_code)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """``wijkgen`` alone: the help on the standard output, and exit 0 (it is a question, not a mistake)."""
        if not args and not ctx.resilient_parsing:
            click.echo(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, args)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """The command named first; an unknown one is a usage error that suggests the nearest command."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            commands = self.list_commands(ctx)
            close = _DUTCH_COMMANDS.get(name.casefold()) or next(
                iter(difflib.get_close_matches(name.casefold(), commands, n=1, cutoff=0.5)), "")
            ctx.meta[_LANGUAGE] = _quiet_language(_nearest_project(Path(".")))
            raise ProjectError("cli.unknown_command", name=name, close=close, commands=", ".join(commands))
        return super().resolve_command(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The help of wijkgen itself, in the language of the project here (Dutch without one), nothing cut off."""
        lang = _quiet_language(_nearest_project(Path(".")))
        formatter.write_usage("wijkgen", text("cli.usage_args", lang), prefix=text("cli.usage", lang) + " ")
        formatter.write_paragraph()
        formatter.write_text(text("cli.about", lang))
        with formatter.section(text("cli.options", lang)):
            formatter.write_dl([("--version", text("cli.version", lang)), ("-h, --help", text("cli.help", lang))])
        with formatter.section(text("cli.commands", lang)):
            formatter.write_dl([(name, text(f"cli.command.{name}", lang)) for name in self.list_commands(ctx)])
        formatter.write_paragraph()
        formatter.write_text(text("cli.more", lang))


def _help_key(ctx: click.Context) -> str:
    """The catalogue key of a command's texts: its path after ``wijkgen``, dotted (``new.wijk``)."""
    return ".".join(ctx.command_path.split()[1:])


def _typed(ctx: click.Context) -> str:
    """The command as a user types it: ``wijkgen new wijk`` (whatever name the program was started by)."""
    return " ".join(["wijkgen", *ctx.command_path.split()[1:]])


def _write_usage(ctx: click.Context, command: click.Command, formatter: click.HelpFormatter, lang: str) -> None:
    """The usage line, its options and arguments named in the project's language (``cli.metavar.<name>``)."""
    pieces = [text("cli.options_metavar", lang)]
    for param in command.get_params(ctx):
        if isinstance(param, click.Argument):
            name = text(f"cli.metavar.{param.name}", lang) + ("..." if param.nargs != 1 else "")
            pieces.append(name if param.required else f"[{name}]")
    formatter.write_usage(_typed(ctx), " ".join(pieces), prefix=text("cli.usage", lang) + " ")


def _option_rows(ctx: click.Context, command: click.Command, lang: str) -> list[tuple[str, str]]:
    """Each option of ``command`` with its help from the catalogue (``cli.option.<command>.<name>``)."""
    rows: list[tuple[str, str]] = []
    help_option = command.get_help_option(ctx)
    for param in command.get_params(ctx):
        if not isinstance(param, click.Option) or param.hidden:
            continue
        if param is help_option:
            rows.append(("-h, --help", text("cli.help", lang)))
            continue
        names = ", ".join(param.opts)
        if not param.is_flag:
            names += " " + text(f"cli.metavar.{param.name}", lang)
        about = text(f"cli.option.{_help_key(ctx)}.{param.name}", lang)
        if param.show_default and param.default is not None:
            about += " " + text("cli.default", lang, {"value": param.default})
        rows.append((names, about))
    return rows


class _Command(click.Command):
    """A wijkgen command whose help is in the language of the project here (Dutch without one)."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Usage, what the command does and its options, from the catalogue; nothing cut off."""
        lang = _quiet_language(_nearest_project(Path(".")))
        _write_usage(ctx, self, formatter, lang)
        formatter.write_paragraph()
        formatter.write_text(text(f"cli.command.{_help_key(ctx)}", lang))
        with formatter.section(text("cli.options", lang)):
            formatter.write_dl(_option_rows(ctx, self, lang))


class _Group(click.Group):
    """A group of wijkgen commands (``new``) whose help is in the language of the project here."""

    command_class = _Command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """The group alone (``wijkgen new``): its help on the standard output, and exit 0."""
        if not args and not ctx.resilient_parsing:
            click.echo(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Usage, what the group does, its options and its commands, from the catalogue."""
        lang = _quiet_language(_nearest_project(Path(".")))
        formatter.write_usage(_typed(ctx), text("cli.usage_args", lang), prefix=text("cli.usage", lang) + " ")
        formatter.write_paragraph()
        formatter.write_text(text(f"cli.command.{_help_key(ctx)}", lang))
        with formatter.section(text("cli.options", lang)):
            formatter.write_dl(_option_rows(ctx, self, lang))
        with formatter.section(text("cli.commands", lang)):
            formatter.write_dl([(name, text(f"cli.command.{_help_key(ctx)}.{name}", lang))
                                for name in self.list_commands(ctx)])


def _language(root: Path) -> str:
    """The language of this command's messages: ``taal:`` as a build reads the project's wijkgen.yaml.

    Dutch when there is no project there or its config cannot be read. Decided once per command;
    the error handler of :class:`_Wijkgen` uses it too.
    """
    try:
        _, config = load_config(root)
        language = language_of(config.data)
    except ProjectError:
        language = DEFAULT_LANGUAGE
    click.get_current_context().meta[_LANGUAGE] = language
    return language


def _report(problems: list[Problem], lang: str) -> None:
    for line in format_problems(problems, lang):
        click.echo(line, err=True)


_Wijkgen.command_class = _Command


@click.group(cls=_Wijkgen, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--basis-url", "base_url", default=None, metavar="URL", envvar="WIJKGEN_BASIS_URL",
              help="The site's web address, in place of basis_url in wijkgen.yaml (also WIJKGEN_BASIS_URL).")
@click.option("--samenvatting", "summary", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE", help="Add a Markdown summary of the build to FILE (for CI: $GITHUB_STEP_SUMMARY).")
@click.option("--zonder-zoeken", "no_search", is_flag=True, help="Build without the search index.")
def build(project: Path, out: Path | None, only_wijk: str | None, strict: bool, base_url: str | None,
          summary: Path | None, no_search: bool) -> None:
    """Check the content and build the site into site/ (never a partial site)."""
    lang = _language(project)
    start = time.perf_counter()
    bar = _ProgressBar(lang)
    shown_out = out or project / "site"

    def waiting(pid: int | None) -> None:
        click.echo(text("build.waiting", lang, {"pid": pid or "?", "out": shown_out}), err=True)

    try:
        result = run_build(project, out=out, only_wijk=only_wijk, strict=strict, base_url=base_url,
                           progress=bar.update, waiting=waiting, with_search=not no_search)
    except ContentError as err:
        _add_summary(summary, markdown_summary(err.problems, lang))
        raise ContentError(err.problems, kept=shown_out) from err  # the report says the previous site is kept
    finally:
        bar.close()
    _report(result.problems, lang)
    if not result.base_url:
        click.echo(f"wijkgen: {text('severity.warning', lang)}: {text('build.no_base_url', lang)}", err=True)
    _add_summary(summary, markdown_summary(result.problems, lang, result))
    warnings = sum(1 for p in result.problems if p.severity is Severity.WARNING)
    seconds = time.perf_counter() - start
    args = {"pages": result.pages, "wijken": result.wijken, "warnings": warnings, "seconds": seconds, "out": result.out}
    click.echo(text("built_summary", lang, args))


def _add_summary(path: Path | None, text: str) -> None:
    """Append ``text`` to the summary file, when one was asked for (CI pages collect what each step adds)."""
    if path is not None:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)


class _ProgressBar:
    """A progress bar for builds of many pages: only on a terminal, never in CI logs."""

    MIN_PAGES = 300

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.enabled = sys.stderr.isatty() and not os.environ.get("CI")
        self.bar: ProgressBar[int] | None = None

    def update(self, done: int, total: int) -> None:
        """Move the bar to ``done`` of ``total`` pages (nothing for small sites)."""
        if not self.enabled or total < self.MIN_PAGES:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=text("progress.pages", self.lang), file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        """End the bar's line, if one was drawn."""
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command()
@project_argument
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, github for annotations on pull requests, json for programs, codequality for GitLab's "
    "Code Quality report (on standard output; the problems also go to standard error as text).",
)
def check(project: Path, strict: bool, output_format: str) -> None:
    """Validate every file and report all problems; writes nothing."""
    lang = _language(project)
    result = fast_load_and_assemble(project)
    failed = has_errors(result.problems, strict)
    if output_format == "json":
        summary = {"ok": not failed, "files": result.project.files_read, "wijken": len(result.site.wijken)}
        click.echo(problems_json(result.problems, lang, **summary))
    elif output_format == "codequality":
        click.echo(code_quality_json(result.problems, lang))
        _report(result.problems, lang)
    elif output_format == "github":
        for problem in result.problems:
            click.echo(github_annotation(problem, lang))
        if result.problems:
            click.echo(format_summary(result.problems, lang), err=True)
    else:
        _report(result.problems, lang)
    if failed:
        click.get_current_context().exit(ContentError.exit_code)
    if output_format not in ("json", "codequality"):
        click.echo(text("ok", lang, {"files": result.project.files_read, "wijken": len(result.site.wijken)}))


@main.command()
@project_argument
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--poll", is_flag=True, envvar="WIJKGEN_POLL",
              help="Look for changes twice a second instead of being told by the system (also WIJKGEN_POLL=1).")
def serve(project: Path, host: str, port: int, poll: bool) -> None:
    """Preview the site: rebuild on every change and reload the browser."""
    run_serve(project, host=host, port=port, lang=_language(project), echo=click.echo, poll=poll)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--wijkgen-bron", "source", default=None, metavar="REQUIREMENT",
              help="What the CI files install with pip, e.g. wijkgen==0.2.0 (default: this wijkgen, by the version or "
              "Git commit it was installed from).")
def init(directory: Path, source: str | None) -> None:
    """Create a ready content project in DIRECTORY (config, example wijk, CI, editor settings)."""
    requirement = ci_requirement() if source is None else given_requirement(source)
    init_project(directory, requirement)  # a new project speaks Dutch until its wijkgen.yaml says otherwise
    command = _this_wijkgen()
    click.echo(text("init.done", DEFAULT_LANGUAGE, {"path": shlex.quote(str(directory)), "wijkgen": command}))
    click.echo(text("init.installs", DEFAULT_LANGUAGE, {"requirement": requirement, "wijkgen": command}))


def _this_wijkgen() -> str:
    """How a shell runs this very wijkgen: ``wijkgen`` when the PATH finds it, else its full path (or its
    Python's ``-m wijkgen`` when started that way), so that the next command printed works as printed."""
    started = Path(sys.argv[0])
    on_path = shutil.which("wijkgen")
    if started.name == "__main__.py":
        if on_path and Path(on_path).parent.absolute() == Path(sys.executable).parent.absolute():
            return "wijkgen"
        return f"{shlex.quote(sys.executable)} -m wijkgen"
    if on_path and Path(on_path).resolve() == started.resolve():
        return "wijkgen"
    return shlex.quote(str(started.absolute()))


@main.command()
@click.option("--naslag", is_flag=True, help="The reference of every field (inhoud.md) instead of the guide.")
@click.option("--pad", is_flag=True, help="Print where the file is instead of its text.")
def handleiding(naslag: bool, pad: bool) -> None:
    """Show the guide for authors (Dutch): adding a collective, updating a step, what each message means."""
    path = docs_dir() / (REFERENCE if naslag else GUIDE)
    if pad:
        click.echo(str(path))
        return
    # the guide is in Dutch only; the reference also in the language of the project here
    content = reference_text(_quiet_language(_nearest_project(Path(".")))) if naslag else (
        path.read_text(encoding="utf-8"))
    if sys.stdout.isatty():
        click.echo_via_pager(content)
    else:
        click.echo(content, nl=False)


project_option = click.option(
    "--project",
    "project",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The project folder.",
    callback=_project_here,
)


@main.group(cls=_Group)
def new() -> None:
    """Write a commented skeleton for a new wijk or collective (never overwrites a file)."""


@new.command("wijk")
@click.argument("name")
@project_option
def new_wijk(name: str, project: Path) -> None:
    """Add a wijk called NAME: content/<slug>/wijk.md and stappen.yaml."""
    lang = _language(project)
    _written(project, run_new_wijk(project, name), lang)


@new.command("collectief")
@click.argument("wijk")
@click.argument("name")
@project_option
def new_collective(wijk: str, name: str, project: Path) -> None:
    """Add a collective called NAME to WIJK (the wijk's folder name)."""
    lang = _language(project)
    _written(project, [run_new_collective(project, wijk, name)], lang)


def _written(project: Path, paths: list[Path], lang: str) -> None:
    for path in paths:
        click.echo(text("new.written", lang, {"path": os.path.relpath(path)}))
    click.echo(text("new.next", lang))
    if not (project / SCHEMA_FOLDER).is_dir():
        click.echo(text("new.schema_hint", lang))


@main.command()
@project_argument
@click.option(
    "--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder for the schema files (default: PROJECT/schemas).",
)
def schema(project: Path, out: Path | None) -> None:
    """Write the JSON Schemas of every content type, for editors (the same ones the validator uses)."""
    lang = _language(project)
    schemas, problems = project_schemas(project)
    if has_errors(problems):
        raise ContentError(problems)
    target = out or project / SCHEMA_FOLDER
    written = write_schemas(schemas, target)
    click.echo(text("schemas.written", lang, {"count": len(written), "out": target}))
