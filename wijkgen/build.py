"""Runs the stages: load → validate → assemble → plan → render → write."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from wijkgen.errors import ContentError, Problem, ProjectError, has_errors, sort_problems
from wijkgen.i18n.strings import interface_strings
from wijkgen.load.project import LoadMemo, RawProject, load_project, source_digest
from wijkgen.model.assemble import AssemblyMemo, assemble
from wijkgen.model.entities import Site
from wijkgen.model.markup import MarkdownRenderer
from wijkgen.outputs import search
from wijkgen.outputs.files import data_files, photo_files, template_helpers
from wijkgen.render.pages import Page, plan_pages
from wijkgen.render.templates import Renderer, TemplateProblem
from wijkgen.speed.cache import BuildCache, code_fingerprint, digest
from wijkgen.speed.workers import ordered_map
from wijkgen.write.pause import pause_at
from wijkgen.write.staging import OutputLock, StagedSite, check_output_folder, write_error


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


def check(
    root: Path,
    display_base: Path | None = None,
    store: BuildCache | None = None,
    memo: AssemblyMemo | None = None,
    files: LoadMemo | None = None,
    touched: frozenset[str] | None = None,
) -> CheckResult:
    """Load, validate and assemble a project; writes nothing (but a ``store`` remembers parsed files, and
    the memos of a long-running process the untouched files and the assembled wijken; ``touched``: see
    :func:`~wijkgen.load.project.load_project`)."""
    project, problems = load_project(root, display_base, store, files, touched)
    markdown = MarkdownRenderer(store, project.config.language)
    markdown.prepare(_bodies(project))
    site, more = assemble(project, markdown, memo)
    return CheckResult(site=site, project=project, problems=sort_problems([*problems, *more]))


def _bodies(project: RawProject) -> list[str]:
    """The Markdown bodies of every readable content file: most of the Markdown a build renders. A wijk
    whose folder did not change since the previous load (``serve``) is left out: its assembly is kept."""
    bodies: list[str] = []
    for wijk in project.wijken:
        if wijk.slug in project.unchanged:
            continue
        for doc in (wijk.profile, *wijk.collectives, *wijk.news):
            if doc is not None and doc.ok and doc.body.strip():
                bodies.append(doc.body)
    return bodies


@dataclass(frozen=True)
class _Manifest:
    """What the last build into an output folder wrote: the digest of its inputs, every file and the result."""

    inputs: bytes
    files: dict[str, tuple[bytes, int, int]]  # output path → (digest, size, change time in ns)
    pages: int
    wijken: int
    problems: list[Problem]


def build(
    root: Path,
    out: Path | None = None,
    only_wijk: str | None = None,
    strict: bool = False,
    display_base: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    use_cache: bool = True,
    waiting: Callable[[int | None], None] | None = None,
) -> BuildResult:
    """Check the project and, when it is valid, write the whole site to ``out`` (default ``site/``).

    Raises :class:`ContentError` with every problem when the content is not
    valid (warnings count with ``strict``); the previous output is then untouched.
    ``progress(done, total)`` is called after each page. With ``use_cache`` the
    build keeps its cache in ``PROJECT/.wijkgen-cache`` (see :mod:`wijkgen.speed.cache`):
    an unchanged project leaves ``out`` as it is, and unchanged files are carried
    over from the previous site instead of written again.
    One build at a time writes ``out``: another one waits for it (``waiting(pid)``
    is called first). Raises :class:`ProjectError` when the output cannot be
    written (disk full, no permission, …).
    """
    root = root.resolve()
    out = (out or root / "site").resolve()
    check_output_folder(out, root)
    try:
        with OutputLock(out, waiting):
            store = BuildCache.open(root) if use_cache else BuildCache.disabled()
            try:
                return _build(root, out, only_wijk, strict, display_base, progress, store)
            finally:
                store.close()
    except OSError as err:
        raise write_error(err, out) from err


def _build(
    root: Path,
    out: Path,
    only_wijk: str | None,
    strict: bool,
    display_base: Path | None,
    progress: Callable[[int, int], None] | None,
    store: BuildCache,
) -> BuildResult:
    shown_from = str((display_base or Path.cwd()).resolve())
    manifest_key = digest(code_fingerprint(), "build", str(out))
    inputs = digest(code_fingerprint(), source_digest(root), search.tool_fingerprint(), shown_from,
                    only_wijk or "\0")
    previous = store.get("builds", manifest_key)
    previous = previous if isinstance(previous, _Manifest) else None
    if previous is not None and previous.inputs == inputs and _intact(out, previous):
        if has_errors(previous.problems, strict):
            raise ContentError(previous.problems)
        if progress is not None:
            progress(previous.pages, previous.pages)
        return BuildResult(out=out, pages=previous.pages, files=len(previous.files), wijken=previous.wijken,
                           problems=previous.problems)

    result = check(root, display_base, store)
    store.flush()
    if has_errors(result.problems, strict):
        raise ContentError(result.problems)
    site = result.site
    if only_wijk is not None:
        chosen = tuple(w for w in site.wijken if w.slug == only_wijk)
        if not chosen:
            raise ProjectError("project.unknown_wijk", slug=only_wijk, known=", ".join(w.slug for w in site.wijken))
        site = dataclasses.replace(site, wijken=chosen)

    renderer = Renderer(site, root, recording=False)
    pages = plan_pages(site)
    renderer.add_globals(**template_helpers(site, pages))
    strings = interface_strings(site.config.language)
    old_files = previous.files if previous is not None else {}
    files: dict[str, tuple[bytes, int, int]] = {}
    with StagedSite(out) as staged:
        for page in pages:
            staged.reserve(page.output_path)

        def render_chunk(chunk: list[Page]) -> list[tuple[str, tuple[bytes, int, int]]] | Problem:
            done: list[tuple[str, tuple[bytes, int, int]]] = []
            for page in chunk:
                try:
                    data = renderer.render(page).encode("utf-8")
                except TemplateProblem as err:
                    return err.problem
                rel = page.output_path
                done.append((rel, _put(staged, rel, data, out, old_files)))
            return done

        chunks = [pages[i : i + _CHUNK] for i in range(0, len(pages), _CHUNK)]
        for outcome in ordered_map(render_chunk, chunks, min_items=4):
            if isinstance(outcome, Problem):
                raise ContentError([*result.problems, outcome])
            files.update(outcome)
            pause_at("pages")
            if progress is not None:
                progress(len(files), len(pages))
        static = renderer.static_files()
        for rel, path in static.items():
            staged.reserve(rel)
            files[rel] = _put(staged, rel, path.read_bytes(), out, old_files)
        for rel, data in photo_files(site, result.problems):
            staged.reserve(rel)
            files[rel] = _put(staged, rel, data, out, old_files)
        for rel, data in data_files(site, pages, strings):
            staged.reserve(rel)
            files[rel] = _put(staged, rel, data, out, old_files)
        html = {rel: record[0] for rel, record in files.items() if rel.endswith(".html")}
        old_html = {rel: record[0] for rel, record in old_files.items() if rel.endswith(".html")}
        old_index = {rel: record for rel, record in old_files.items() if rel.startswith(f"{search.OUTPUT_SUBDIR}/")}
        if html == old_html and old_index and all(_unchanged(out, rel, r) for rel, r in old_index.items()):
            for rel, record in old_index.items():  # the same pages give the same index: carry it over
                staged.reserve(rel)
                stat = staged.carry(rel, out.joinpath(*rel.split("/")))
                files[rel] = (record[0], stat.st_size, stat.st_mtime_ns)
        else:
            pause_at("search-index")
            try:
                added = staged.run(search.build_index)
            except search.SearchIndexError as err:
                problem = Problem(f"{out.name}/{search.OUTPUT_SUBDIR}", 1, 1, "build.search_failed",
                                  {"detail": str(err)})
                raise ContentError([*result.problems, problem]) from err
            assert staged.staging is not None
            for rel in added:
                path = staged.staging.joinpath(*rel.split("/"))
                stat = path.stat()
                files[rel] = (digest(path.read_bytes()), stat.st_size, stat.st_mtime_ns)
        count = len(staged.written)
        staged.commit()
    store.put("builds", manifest_key, _Manifest(inputs=inputs, files=files, pages=len(pages),
                                                wijken=len(site.wijken), problems=result.problems))
    return BuildResult(out=out, pages=len(pages), files=count, wijken=len(site.wijken), problems=result.problems)


_CHUNK = 32  # pages per task handed to a worker


def _put(
    staged: StagedSite, rel: str, data: bytes, out: Path, old_files: dict[str, tuple[bytes, int, int]]
) -> tuple[bytes, int, int]:
    """Fill the reserved ``rel`` with ``data``, carrying the previous site's file over when it has these bytes."""
    found = digest(data)
    old = old_files.get(rel)
    if old is not None and old[0] == found and _unchanged(out, rel, old):
        stat = staged.carry(rel, out.joinpath(*rel.split("/")))
    else:
        stat = staged.fill(rel, data)
    return (found, stat.st_size, stat.st_mtime_ns)


def _unchanged(out: Path, rel: str, record: tuple[bytes, int, int]) -> bool:
    """True when the previous site's file at ``rel`` is still the one the last build wrote (size, change time)."""
    try:
        stat = os.stat(os.path.join(out, *rel.split("/")))
    except OSError:
        return False
    return stat.st_size == record[1] and stat.st_mtime_ns == record[2]


def _intact(out: Path, manifest: _Manifest) -> bool:
    """True when ``out`` holds exactly the files of ``manifest``, none of them changed since."""
    if not out.is_dir():
        return False
    found = 0
    folders = [(str(out), "")]
    while folders:  # plain os.scandir: pathlib costs more than the stat calls at tens of thousands of files
        folder, prefix = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return False
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, rel + "/"))
                continue
            record = manifest.files.get(rel)
            if record is None:
                return False
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                return False
            if stat.st_size != record[1] or stat.st_mtime_ns != record[2]:
                return False
            found += 1
    return found == len(manifest.files)
