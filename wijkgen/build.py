"""The build sequence: load → validate → assemble → plan → render → write, one stage after another.

Plain data passes between the stages: the loaded project (:class:`RawProject`), the model
(:class:`Site`), the page list, HTML text, and bytes for the writer. The few steps that a layer
may do faster are methods of :class:`Steps`; the plain versions here do each one the simplest
way, in this process. :mod:`wijkgen.speed` hands :func:`build` its faster steps (a cache between
builds, worker processes, files carried over from the previous site), and the live preview
(:mod:`wijkgen.live`) calls :func:`load_and_assemble` with its own; neither changes what comes out.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from wijkgen.errors import ContentError, Problem, ProjectError, has_errors, sort_problems
from wijkgen.i18n.catalogue import catalogue
from wijkgen.load.config import with_base_url
from wijkgen.load.project import Parsing, RawProject, load_project
from wijkgen.model.assemble import assemble
from wijkgen.model.entities import Site
from wijkgen.model.markup import MarkdownRenderer
from wijkgen.outputs import search
from wijkgen.outputs.beheer import editor_files
from wijkgen.outputs.files import data_files, photo_files, template_helpers
from wijkgen.render.pages import Page, plan_pages
from wijkgen.render.templates import Renderer, TemplateProblem
from wijkgen.write.pause import pause_at
from wijkgen.write.staging import OutputLock, StagedSite, check_output_folder, write_error

Progress = Callable[[int, int], None]  # (pages done, pages in all)


@dataclass(frozen=True)
class Assembled:
    """A loaded and assembled project: the model (as far as it could be built) and every problem, sorted."""

    site: Site
    project: RawProject
    problems: list[Problem]


@dataclass(frozen=True)
class PageChanges:
    """The pages (their files, such as ``wijk/index.html``) a build added, changed and removed, compared with the
    previous build into the same folder."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, and the warnings it let pass."""

    out: Path
    pages: int
    files: int
    wijken: int
    problems: list[Problem]
    base_url: str  # the address the site was built for; "" when it has none (no sitemap, canonical addresses …)
    changes: PageChanges | None = None  # known where a layer remembers the previous build (speed.build)
    rendered: int | None = None  # pages rendered (the others carried over unchanged), where a layer knows it


@dataclass(frozen=True)
class BuildRequest:
    """What a build was asked for: the project, the output folder and the options that shape the site."""

    root: Path
    out: Path
    only_wijk: str | None
    strict: bool
    display_base: Path
    base_url: str | None  # replaces basis_url of wijkgen.yaml when given
    with_search: bool = True  # False: no search index, whatever wijkgen.yaml says (``--zonder-zoeken``)
    shard_pages: int = search.SHARD_PAGES  # pages per shard of the search index, about


class Steps:
    """The steps of a build that a layer may do faster; these plain ones do each the simplest way, here."""

    def parsing(self) -> Parsing:
        """How the loader parses files."""
        return Parsing()

    def markdown(self, language: str) -> MarkdownRenderer:
        """What renders the Markdown of the content while the model is assembled."""
        return MarkdownRenderer(language)

    def assemble(self, project: RawProject, markdown: MarkdownRenderer) -> tuple[Site, list[Problem]]:
        """The model of the loaded project and the problems found between its files (Markdown rendered by
        ``markdown``); a layer may take a wijk whose files and settings are as before from an earlier build."""
        markdown.prepare(markdown_texts(project))
        return assemble(project, markdown)

    def previous(self, request: BuildRequest) -> BuildResult | None:
        """The result of an earlier build that still stands (nothing changed since); the plain build never knows one."""
        return None

    def assembled(self, result: Assembled) -> None:
        """Told of the loaded and assembled project, before the build writes anything; the plain build keeps nothing."""

    def renderer(self, site: Site, root: Path) -> Renderer:
        """The renderer of the pages (a layer may hand one that records what each page reads)."""
        return Renderer(site, root)

    def write_pages(self, renderer: Renderer, pages: list[Page], staged: StagedSite, progress: Progress) -> None:
        """Render every page into its reserved place; a template mistake raises :class:`TemplateProblem`."""
        for done, page in enumerate(pages, start=1):
            staged.fill(page.output_path, renderer.render(page).encode("utf-8"))
            pause_at("pages")
            progress(done, len(pages))

    def put(self, staged: StagedSite, rel: str, data: bytes) -> None:
        """Write one reserved file besides the pages (static files, photos, data files)."""
        staged.fill(rel, data)

    def index(self, staged: StagedSite, shards: tuple[search.Shard, ...], language: str,
              meanwhile: Callable[[], None] = lambda: None) -> None:
        """Index the finished pages for search (Pagefind), shard by shard, into the staging folder; call
        ``meanwhile`` while Pagefind's services work (they run in processes of their own)."""
        with search.Indexer(language, started=functools.partial(pause_at, "indexing")) as indexer:
            results = indexer.index_each(shards, staged.read)
            meanwhile()
            for _, files in results:
                for rel, data in files:
                    staged.reserve(rel)
                    staged.fill(rel, data)

    def finished(self, request: BuildRequest, result: BuildResult) -> None:
        """Told of a build that is in place; the plain build keeps nothing."""


def load_and_assemble(
    root: Path, display_base: Path | None = None, steps: Steps | None = None, base_url: str | None = None
) -> Assembled:
    """Load, validate and assemble the project at ``root``; writes nothing. ``base_url``, when given, is the
    site's address in place of ``basis_url`` in wijkgen.yaml.

    Raises :class:`ProjectError` when there is no project or ``base_url`` is no web address; content problems
    are in the result.
    """
    steps = steps or Steps()
    project, problems = load_project(root, display_base, steps.parsing())
    project = dataclasses.replace(project, config=with_base_url(project.config, base_url))
    site, more = steps.assemble(project, steps.markdown(project.config.language))
    return Assembled(site=site, project=project, problems=sort_problems([*problems, *more]))


def markdown_texts(project: RawProject) -> list[str]:
    """The Markdown bodies of every readable content file: most of the Markdown an assembly renders."""
    return [
        doc.body
        for wijk in project.wijken
        for doc in (wijk.profile, *wijk.collectives, *wijk.news)
        if doc is not None and doc.ok and doc.body.strip()
    ]


def build(
    root: Path,
    out: Path | None = None,
    *,
    only_wijk: str | None = None,
    strict: bool = False,
    display_base: Path | None = None,
    base_url: str | None = None,
    progress: Progress | None = None,
    waiting: Callable[[int | None], None] | None = None,
    steps: Steps | None = None,
    with_search: bool = True,
    shard_pages: int = search.SHARD_PAGES,
) -> BuildResult:
    """Check the project and, when it is valid, write the whole site to ``out`` (default ``site/``).
    ``base_url`` (the site's web address) replaces ``basis_url`` of wijkgen.yaml when given.

    Raises :class:`ContentError` with every problem when the content is not valid (warnings count
    with ``strict``); the previous output is then untouched. ``progress(done, total)`` is called
    after each page. One build at a time writes ``out``: another one waits for it (``waiting(pid)``
    is called first). Raises :class:`ProjectError` when the output cannot be written. Without
    ``with_search`` (or with ``zoeken: nee`` in wijkgen.yaml) the site has no search index; ``shard_pages``
    is about how many pages go into one shard of the index.
    """
    steps = steps or Steps()
    root = root.resolve()
    out = (out or root / "site").resolve()
    request = BuildRequest(root, out, only_wijk, strict, (display_base or Path.cwd()).resolve(), base_url,
                           with_search, shard_pages)
    check_output_folder(out, root)
    try:
        with OutputLock(out, waiting):
            return _build(request, steps, progress or _no_progress)
    except OSError as err:
        raise write_error(err, out) from err


def _no_progress(done: int, total: int) -> None:
    """Progress that nobody watches."""


def _build(request: BuildRequest, steps: Steps, progress: Progress) -> BuildResult:
    earlier = steps.previous(request)
    if earlier is not None:
        if has_errors(earlier.problems, request.strict):
            raise ContentError(earlier.problems)
        progress(earlier.pages, earlier.pages)
        return earlier

    checked = load_and_assemble(request.root, request.display_base, steps, request.base_url)
    steps.assembled(checked)
    if has_errors(checked.problems, request.strict):
        raise ContentError(checked.problems)
    site, problems = _with_only(checked.site, request.only_wijk), checked.problems
    editor = editor_files(checked.project)  # /beheer/, when wijkgen.yaml names a Git host for it
    del checked  # nothing past the model needs the parsed documents: at 100,000 collectives they are a GiB
    pages = plan_pages(site)
    renderer = steps.renderer(site, request.root)
    renderer.add_globals(**template_helpers(site, pages))

    with StagedSite(request.out) as staged:
        for page in pages:
            staged.reserve(page.output_path)
        try:
            steps.write_pages(renderer, pages, staged, progress)
        except TemplateProblem as err:
            raise ContentError([*problems, err.problem]) from err
        besides = itertools.chain(  # made one at a time: a big site's data files are tens of megabytes
            ((rel, path.read_bytes()) for rel, path in renderer.static_files().items()),
            photo_files(site, problems),
            data_files(site, pages, catalogue(site.config.language)),
            editor,
        )

        def write_besides() -> None:
            for rel, data in besides:
                staged.reserve(rel)
                steps.put(staged, rel, data)

        if request.with_search and site.config.search:
            shards = search.plan_shards(pages, request.shard_pages)
            staged.reserve(search.SHARDS_FILE)
            steps.put(staged, search.SHARDS_FILE, search.shards_file(shards))
            pause_at("search-index")
            # The files besides the pages are made while Pagefind indexes the pages: it needs only those.
            _index(steps, staged, shards, site.config.language, request, problems, write_besides)
        else:
            write_besides()
        files = len(staged.written)
        staged.commit()
    result = BuildResult(out=request.out, pages=len(pages), files=files, wijken=len(site.wijken),
                         problems=problems, base_url=site.config.base_url)
    steps.finished(request, result)
    return result


def _index(steps: Steps, staged: StagedSite, shards: tuple[search.Shard, ...], language: str,
           request: BuildRequest, problems: list[Problem], meanwhile: Callable[[], None]) -> None:
    """Index the pages for search, calling ``meanwhile`` while Pagefind works; a failure of Pagefind is a
    problem of the build."""
    try:
        steps.index(staged, shards, language, meanwhile)
    except search.SearchIndexError as err:
        failed = Problem(f"{request.out.name}/{search.OUTPUT_SUBDIR}", 1, 1, "build.search_failed", err.message_args)
        raise ContentError([*problems, failed]) from err


def _with_only(site: Site, only_wijk: str | None) -> Site:
    """``site`` with only the wijk ``only_wijk`` (all of them when None); an unknown slug is a usage error."""
    if only_wijk is None:
        return site
    chosen = tuple(w for w in site.wijken if w.slug == only_wijk)
    if not chosen:
        raise ProjectError("project.unknown_wijk", slug=only_wijk, known=", ".join(w.slug for w in site.wijken))
    return dataclasses.replace(site, wijken=chosen)

