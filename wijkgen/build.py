"""Runs the stages: load → validate → assemble → plan → render → write."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from wijkgen import search
from wijkgen.assemble import assemble
from wijkgen.errors import ContentError, Problem, ProjectError, has_errors, sort_problems
from wijkgen.loader import RawProject, load_project
from wijkgen.model import Site
from wijkgen.outputs import data_files, photo_files, template_helpers
from wijkgen.pages import plan_pages
from wijkgen.render import Renderer, TemplateProblem
from wijkgen.strings import interface_strings
from wijkgen.writer import StagedSite, check_output_folder


@dataclass(frozen=True)
class CheckResult:
    """What validation found: the model (when it could be built) and every problem."""

    site: Site
    project: RawProject
    problems: list[Problem]


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, and the warnings it let pass."""

    out: Path
    pages: int
    files: int
    wijken: int
    problems: list[Problem]


def check(root: Path, display_base: Path | None = None) -> CheckResult:
    """Load, validate and assemble a project; writes nothing."""
    project, problems = load_project(root, display_base)
    site, more = assemble(project)
    return CheckResult(site=site, project=project, problems=sort_problems([*problems, *more]))


def build(
    root: Path,
    out: Path | None = None,
    only_wijk: str | None = None,
    strict: bool = False,
    display_base: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Check the project and, when it is valid, write the whole site to ``out`` (default ``site/``).

    Raises :class:`ContentError` with every problem when the content is not
    valid (warnings count with ``strict``); the previous output is then untouched.
    ``progress(done, total)`` is called after each page.
    """
    root = root.resolve()
    out = (out or root / "site").resolve()
    check_output_folder(out, root)
    result = check(root, display_base)
    if has_errors(result.problems, strict):
        raise ContentError(result.problems)
    site = result.site
    if only_wijk is not None:
        chosen = tuple(w for w in site.wijken if w.slug == only_wijk)
        if not chosen:
            raise ProjectError("project.unknown_wijk", slug=only_wijk, known=", ".join(w.slug for w in site.wijken))
        site = dataclasses.replace(site, wijken=chosen)

    renderer = Renderer(site, root)
    pages = plan_pages(site)
    renderer.add_globals(**template_helpers(site, pages))
    strings = interface_strings(site.config.language)
    with StagedSite(out) as staged:
        try:
            for done, page in enumerate(pages, start=1):
                staged.write(page.output_path, renderer.render(page).encode("utf-8"))
                if progress is not None:
                    progress(done, len(pages))
        except TemplateProblem as err:
            raise ContentError([*result.problems, err.problem]) from err
        static = renderer.static_files()
        for rel, path in static.items():
            staged.copy(rel, path)
        for rel, data in photo_files(site, result.problems):
            staged.write(rel, data)
        for rel, data in data_files(site, pages, strings).items():
            staged.write(rel, data)
        try:
            staged.run(search.build_index)
        except search.SearchIndexError as err:
            problem = Problem(f"{out.name}/{search.OUTPUT_SUBDIR}", 1, 1, "build.search_failed", {"detail": str(err)})
            raise ContentError([*result.problems, problem]) from err
        files = len(staged.written)
        staged.commit()
    return BuildResult(out=out, pages=len(pages), files=files, wijken=len(site.wijken), problems=result.problems)
