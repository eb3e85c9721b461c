"""Runs the stages: load → validate → assemble → plan → render → write."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from wijkgen import feeds, opendata, photos, search, seo
from wijkgen.assemble import assemble
from wijkgen.errors import ContentError, Problem, ProjectError, has_errors, sort_problems
from wijkgen.loader import RawProject, load_project
from wijkgen.model import Collective, NewsItem, Site
from wijkgen.pages import Page, plan_pages, url_for
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
) -> BuildResult:
    """Check the project and, when it is valid, write the whole site to ``out`` (default ``site/``).

    Raises :class:`ContentError` with every problem when the content is not
    valid (warnings count with ``strict``); the previous output is then untouched.
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
            for page in pages:
                staged.write(page.output_path, renderer.render(page).encode("utf-8"))
        except TemplateProblem as err:
            raise ContentError([*result.problems, err.problem]) from err
        static = renderer.static_files()
        for rel, path in static.items():
            staged.copy(rel, path)
        write_photos(staged, site, result.problems)
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


def template_helpers(site: Site, pages: list[Page]) -> dict[str, Any]:
    """What templates get besides the model: the page list and helpers of the output modules."""
    return {
        "all_pages": pages,
        "canonical": partial(seo.canonical, site),
        "open_graph": partial(seo.open_graph, site),
        "json_ld": partial(seo.json_ld, site),
        "base_path": seo.base_path(site),
        "feed_url": feeds.feed_url,
        "datasets": opendata.DATASETS,
        "data_url": opendata.data_url,
    }


def data_files(site: Site, pages: list[Page], strings: Mapping[str, str]) -> dict[str, bytes]:
    """The files beside the pages: feeds, open data, sitemap.xml (with ``basis_url``) and robots.txt."""
    files = {**feeds.feeds(site, strings), **opendata.open_data(site), "robots.txt": seo.robots(site)}
    sitemap = seo.sitemap(site, pages)
    if sitemap is not None:
        files["sitemap.xml"] = sitemap
    return files


def write_photos(staged: StagedSite, site: Site, problems: list[Problem]) -> None:
    """Resize every photo next to the page that shows it; an unreadable photo stops the build with its place."""
    for wijk in site.wijken:
        owners: list[Collective | NewsItem] = [*wijk.collectives, *wijk.news]
        for owner in owners:
            for photo in owner.photos:
                try:
                    encoded = photos.encode(photo)
                except photos.PhotoError as err:
                    args = err.args_for_message(Path(photo.source).name)
                    bad = Problem(photo.file, photo.line, 1, "content.bad_photo", args)
                    raise ContentError([*problems, bad]) from err
                for name, data in encoded:
                    staged.write(url_for(owner) + name, data)
