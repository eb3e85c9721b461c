"""The build, faster: the plain build sequence handed steps that remember and share the work.

- parsed files and rendered Markdown come from the build cache (``PROJECT/.wijkgen-cache``);
- pages are rendered by worker processes, each writing its own pages into the staging folder;
- a file with the same bytes as in the previous site is carried over (a hard link) instead of
  written again, and the search index too when no page changed;
- when nothing that a build reads has changed and the previous site is intact, it is left as it is.

The tests in ``tests/test_cache.py`` hold this to the plain build: the same project gives the same
site, byte for byte, whichever way it was built.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import os
from array import array
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from wijkgen.build import (
    Assembled,
    BuildRequest,
    BuildResult,
    PageChanges,
    Progress,
    Steps,
    build,
    load_and_assemble,
    markdown_texts,
)
from wijkgen.errors import Problem
from wijkgen.load.builddate import build_date
from wijkgen.load.config import RawConfig
from wijkgen.load.project import RawProject, RawWijk
from wijkgen.model.assemble import WijkAssembly, assemble, assemble_wijk, wijk_settings
from wijkgen.model.entities import Site
from wijkgen.model.markup import MarkdownRenderer
from wijkgen.outputs import search
from wijkgen.render.pages import Page, PagePlan
from wijkgen.render.recording import RESULT, RecordingEnvironment, render_recording
from wijkgen.render.templates import Renderer, TemplateProblem, template_dirs
from wijkgen.speed.cache import BuildCache, code_fingerprint, digest
from wijkgen.speed.dependencies import (
    ENTITY_TYPES,
    Dependency,
    Key,
    Values,
    dependencies_of,
    entities_of,
    environment_fingerprint,
    fingerprint,
    page_identity,
    portable_calls,
)
from wijkgen.speed.markdown import CachedMarkdown
from wijkgen.speed.parsing import CachedParsing
from wijkgen.speed.sources import SourceDigests, project_digests
from wijkgen.speed.workers import ordered_map
from wijkgen.write.pause import pause_at
from wijkgen.write.staging import StagedSite


@dataclass(frozen=True, slots=True)  # slots: one per file of the site, and no __dict__ made when pickled
class FileRecord:
    """One file of a built site as the manifest remembers it: a digest of its bytes, its size and change time."""

    digest: bytes
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class _Manifest:
    """What the last build into an output folder wrote: the digest of its inputs, every file and the result."""

    inputs: bytes
    files: dict[str, FileRecord]
    pages: int
    wijken: int
    problems: list[Problem]
    base_url: str
    shards: dict[str, tuple[bytes, tuple[str, ...]]]  # search index: folder → (digest of its pages, its files)


# What the records keep of a page: the digest of its identity, the numbers of its dependencies, the digest of its file.
_PageRecord = tuple[bytes, "array[int]", bytes]


@dataclass(frozen=True)
class _Rendered:
    """The pages of the last build into an output folder and what each of them read (kept in the build cache,
    see :func:`_store_rendered`).

    Few objects per dependency and page: at 100,000 collectives there are about two million dependencies."""

    environment: str  # templates, interface strings, settings: when they change, every page is rendered
    dependencies: tuple[Dependency, ...]
    fingerprints: bytes  # the digest of each dependency's fingerprint in that build's model, _SHORT bytes each
    pages: dict[str, _PageRecord]
    calls: dict[Key, tuple[Any, ...]]  # the arguments of helper calls the pages depend on (entities left out)
    wijken: dict[str, bytes]  # the digest of each wijk folder's files then (see speed.sources)
    others: bytes  # of every other file then


@dataclass(frozen=True)
class _RenderedHead:
    """What the build cache holds under a folder's key in ``renders``: the keys of the rows that hold the parts
    of its :class:`_Rendered` (written before this head), and what is small."""

    environment: str
    parts: tuple[bytes, ...]
    wijken: dict[str, bytes]
    others: bytes


@dataclass(frozen=True)
class _Chunk:
    """What a worker rendered: each page's file, identity, record and dependencies (numbers into
    ``dependencies``, the chunk's own), and the helper calls among them."""

    pages: list[tuple[str, bytes, FileRecord, tuple[int, ...]]]
    calls: dict[Key, tuple[Any, ...]]
    dependencies: list[Dependency]
    fingerprints: dict[int, bytes]  # of the dependencies this worker had not handed back before, by number


_SHORT = 16  # bytes of a digest of a fingerprint


def _short(value: Hashable) -> bytes:
    """A digest of a fingerprint: what the cache keeps (a helper's result may be a whole picture)."""
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=_SHORT).digest()


_UNKNOWN = bytes(_SHORT)  # in place of a fingerprint that a later chunk brings


_CHUNK = 32  # pages per task handed to a worker


class FastSteps(Steps):
    """The build's steps with the build cache, worker processes and carry-over of unchanged files."""

    def __init__(self, store: BuildCache) -> None:
        self.store = store
        self._old: dict[str, FileRecord] = {}
        self._out = Path()
        self._files: dict[str, FileRecord] = {}
        self._inputs = b""
        self._compared: bool | None = None  # None: no previous build known; True: this build was that one
        self._old_shards: dict[str, tuple[bytes, tuple[str, ...]]] = {}
        self._root = Path()
        self._sources = SourceDigests(b"", {}, b"")
        self._digests: SourceDigests | None = None  # the same, once this build has taken them
        self._parsing: CachedParsing | None = None
        self._rendered: _Rendered | None = None
        self.rendered: int | None = None  # pages this build rendered; None when it rendered none (nothing changed)
        self._shards: dict[str, tuple[bytes, tuple[str, ...]]] = {}

    def parsing(self) -> CachedParsing:
        """Parsed files and unchanged wijk folders from the cache, the rest parsed across the cores."""
        self._parsing = CachedParsing(self.store, self._digests)
        return self._parsing

    @property
    def kept_wijken(self) -> frozenset[str]:
        """The wijk folders (names) the last load took whole from the cache."""
        return frozenset(self._parsing.kept) if self._parsing is not None else frozenset()

    def assemble(self, project: RawProject, markdown: MarkdownRenderer) -> tuple[Site, list[Problem]]:
        """The model, with each wijk that the load took whole from the cache as it was assembled then (when the
        settings it reads are equal); the others assembled, their Markdown from the cache or the workers."""
        parsing = self._parsing
        if parsing is None or not isinstance(markdown, CachedMarkdown):
            return super().assemble(project, markdown)
        settings = wijk_settings(project.config)
        fresh = [raw for raw in project.wijken if parsing.assembly(raw, settings, markdown.language) is None]
        markdown.prepare(markdown_texts(dataclasses.replace(project, wijken=fresh)))

        def each_wijk(raw: RawWijk, config: RawConfig, md: MarkdownRenderer) -> WijkAssembly:
            made = parsing.assembly(raw, wijk_settings(config), markdown.language)
            if made is None:
                markdown.rendered = []
                made = assemble_wijk(raw, config, md)
                parsing.assembled(raw, wijk_settings(config), markdown.language, made, markdown.rendered)
                markdown.rendered = None
            return made

        return assemble(project, markdown, each_wijk)

    def markdown(self, language: str) -> MarkdownRenderer:
        """Rendered Markdown from the cache, the rest rendered across the cores."""
        return CachedMarkdown(self.store, language)

    def previous(self, request: BuildRequest) -> BuildResult | None:
        """The last build into this output folder, when nothing it read has changed and its files are intact."""
        self._out = request.out
        self._sources = self._digests = project_digests(self.store, request.root)
        self._inputs = digest(code_fingerprint(), self._sources.whole, search.tool_fingerprint(),
                              str(request.display_base), request.only_wijk or "\0", request.base_url or "\0",
                              str(request.with_search), str(request.shard_pages),
                              str(build_date(request.root)))  # past events are marked by it
        found = self.store.get("builds", _manifest_key(request.out))
        manifest = found if isinstance(found, _Manifest) else None
        self._old = manifest.files if manifest is not None else {}
        self._old_shards = manifest.shards if manifest is not None else {}
        self._compared = None if manifest is None else False
        if manifest is None or manifest.inputs != self._inputs or not _intact(request.out, manifest.files):
            return None
        self._compared = True
        return BuildResult(out=request.out, pages=manifest.pages, files=len(manifest.files),
                           wijken=manifest.wijken, problems=manifest.problems, base_url=manifest.base_url)

    def assembled(self, result: Assembled) -> None:
        """Keep what the check parsed and rendered in the cache now, even when the content has errors or the
        build fails later."""
        self.store.flush()

    def renderer(self, site: Site, root: Path) -> Renderer:
        """A renderer that records what each page reads, so that the next build renders only what changed."""
        self._root = root
        return Renderer(site, root, RecordingEnvironment)

    def write_pages(self, renderer: Renderer, pages: list[Page], staged: StagedSite, progress: Progress) -> None:
        """Render the pages whose dependencies changed since the last build into this folder, in chunks across
        the worker processes (each writes its own pages); carry the others over from the previous site."""
        site = renderer.site
        environment = environment_fingerprint(site, template_dirs(self._root))
        entities = entities_of(site, pages, cast(PagePlan, renderer.env.globals["site_pages"]))
        old = _load_rendered(self.store, _manifest_key(self._out), environment) if self._compared is not None else None
        values = Values(entities, renderer.env, dict(old.calls) if old is not None else {})
        # This build's dependencies, numbered, and their fingerprints: the last build's first, in its numbering,
        # so that a page carried over keeps its numbers as they are.
        used: list[Dependency] = list(old.dependencies) if old is not None else []
        numbers: dict[Dependency, int] = {dependency: n for n, dependency in enumerate(used)}
        fingerprints = self._old_fingerprints(old, values, entities) if old is not None else bytearray()

        def number(dependency: Dependency, fingerprint: bytes) -> int:
            found = numbers.get(dependency)
            if found is None:
                found = numbers[dependency] = len(used)
                used.append(dependency)
                fingerprints.extend(fingerprint)
            return found

        records: dict[str, _PageRecord] = {}
        calls: dict[Key, tuple[Any, ...]] = {}
        if old is not None:
            was = old.fingerprints
            changed = [fingerprints[i : i + _SHORT] != was[i : i + _SHORT] for i in range(0, len(was), _SHORT)]
            for page in pages:
                path = page.output_path
                kept = old.pages.get(path)
                before = self._old.get(path)
                if (kept is not None and before is not None and kept[2] == before.digest
                        and not any(changed[n] for n in kept[1]) and kept[0] == _short(page_identity(page))
                        and _unchanged(self._out, path, before)):
                    stat = staged.carry(path, os.path.join(self._out, path))
                    self._files[path] = FileRecord(before.digest, stat.st_size, stat.st_mtime_ns)
                    records[path] = kept
            calls.update((key, args) for key, args in old.calls.items())
        todo = [page for page in pages if page.output_path not in records]
        sent: set[Dependency] = set()  # in a worker: the dependencies it has handed back already

        def render_chunk(chunk: list[Page]) -> _Chunk | Problem:
            values.known.clear()  # what this worker handed back it never needs again: keep its memory small
            done: list[tuple[str, bytes, FileRecord, tuple[int, ...]]] = []
            chunk_calls: dict[Key, tuple[Any, ...]] = {}
            results: dict[Key, Any] = {}
            local: dict[Dependency, int] = {}  # the chunk's dependencies, numbered in it
            new: dict[int, bytes] = {}
            for page in chunk:
                try:
                    html, reads = render_recording(renderer, page, ENTITY_TYPES)
                except TemplateProblem as err:  # handed back as a value: it crosses from a worker
                    return err.problem
                read = dependencies_of(reads, chunk_calls, results)
                for dependency in read - local.keys():
                    n = local[dependency] = len(local)
                    if dependency not in sent:
                        sent.add(dependency)
                        new[n] = _short(fingerprint(results[dependency[0]], deep=True)
                                        if dependency[1] == RESULT else values.get(dependency))
                done.append((page.output_path, _short(page_identity(page)),
                             self._place(staged, page.output_path, html.encode("utf-8")),
                             tuple(local[d] for d in read)))
            return _Chunk(done, portable_calls(chunk_calls), list(local), new)

        chunks = [todo[i : i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
        rendered = 0
        for outcome in ordered_map(render_chunk, chunks, min_items=4):
            if isinstance(outcome, Problem):
                raise TemplateProblem(outcome)
            latest = outcome.fingerprints
            to_build = [number(d, latest.get(n, _UNKNOWN)) for n, d in enumerate(outcome.dependencies)]
            for n, value in latest.items():  # handed back once per worker: the first counts
                at = to_build[n] * _SHORT
                fingerprints[at : at + _SHORT] = value
            for path, identity, record, read in outcome.pages:
                self._files[path] = record
                records[path] = (identity, array("I", sorted(to_build[n] for n in read)), record.digest)
            calls.update(outcome.calls)
            rendered += len(outcome.pages)
            pause_at("pages")
            progress(len(records), len(pages))
        kept_records = {p.output_path: records[p.output_path] for p in pages}
        in_use: set[int] = set()
        for _, dependencies, _ in kept_records.values():
            in_use.update(dependencies)
        if len(in_use) * 4 < len(used) * 3:  # over a quarter read by no page any more: leave those out
            kept_records, used, fingerprints = _compacted(kept_records, used, fingerprints, in_use)
        else:  # a few left over cost less to keep than to number every page's dependencies anew
            in_use = set(range(len(used)))
        kept_calls = {key: args for key, args in calls.items() if numbers.get((key, RESULT)) in in_use}
        self._rendered = _Rendered(environment, tuple(used), bytes(fingerprints), kept_records, kept_calls,
                                   self._sources.wijken, self._sources.others)
        self.rendered = rendered

    def _old_fingerprints(self, old: _Rendered, values: Values, entities: dict[Key, Any]) -> bytearray:
        """Each dependency of the last build with its fingerprint in this build's model. A dependency on a wijk
        whose files are all as they were (and a helper call given only such a wijk's objects) has its old
        fingerprint without a look: the same files and settings assemble the same wijk, and the same wijk plans
        the same pages."""
        same = ({slug for slug, found in self._sources.wijken.items()
                 if old.wijken.get(slug) == found and slug not in self._sources.linked}
                if old.others == self._sources.others else set())

        def kept(key: Key) -> bool:
            if key[0] in ("wijk", "collectief", "nieuws"):
                return key[1] in same
            if key[0] == "page":
                page = entities.get(key)
                return page is not None and page.wijk is not None and page.wijk.slug in same
            return False

        now = bytearray()
        for n, dependency in enumerate(old.dependencies):
            key, attribute = dependency
            if attribute == RESULT:
                specs = key[2]
                assert isinstance(specs, tuple) and isinstance(key[1], str)
                unchanged = values.local(key[1]) and all(s.kind != "entity" or kept(s.value) for s in specs)
            else:
                unchanged = key[0] != "page" and kept(key)
            now += old.fingerprints[n * _SHORT : (n + 1) * _SHORT] if unchanged else _short(values.get(dependency))
        return now

    def put(self, staged: StagedSite, rel: str, data: bytes) -> None:
        """Write a file besides the pages, or carry the previous site's over when it has these bytes."""
        self._files[rel] = self._place(staged, rel, data)

    def _place(self, staged: StagedSite, rel: str, data: bytes) -> FileRecord:
        found = digest(data)
        old = self._old.get(rel)
        if old is not None and old.digest == found and _unchanged(self._out, rel, old):
            stat = staged.carry(rel, os.path.join(self._out, rel))
        else:
            stat = staged.fill(rel, data)
        return FileRecord(found, stat.st_size, stat.st_mtime_ns)

    def index(self, staged: StagedSite, shards: tuple[search.Shard, ...], language: str,
              meanwhile: Callable[[], None] = lambda: None) -> None:
        """Index the shards whose pages changed, calling ``meanwhile`` while Pagefind works; carry the others
        over from the previous site (the same pages give the same shard)."""
        tool = search.tool_fingerprint()
        changed: list[search.Shard] = []
        keys: dict[str, bytes] = {}
        for shard in shards:
            key = keys[shard.folder] = digest(
                tool, language, shard.folder,
                *(part for url, rel in shard.pages for part in (url, self._files[rel].digest)))
            old = self._old_shards.get(shard.folder)
            if old is None or old[0] != key or not all(
                    rel in self._old and _unchanged(self._out, rel, self._old[rel]) for rel in old[1]):
                changed.append(shard)
                continue
            for rel in old[1]:
                staged.reserve(rel)
                stat = staged.carry(rel, os.path.join(self._out, rel))
                self._files[rel] = FileRecord(self._old[rel].digest, stat.st_size, stat.st_mtime_ns)
            self._shards[shard.folder] = old
        with search.Indexer(language, started=functools.partial(pause_at, "indexing")) as indexer:
            results = indexer.index_each(changed, staged.read)
            meanwhile()
            self._keep_rendered()  # while Pagefind still works: pickling the records is the main process's
            for shard, made in results:
                for rel, data in made:
                    staged.reserve(rel)
                    self._files[rel] = self._place(staged, rel, data)
                self._shards[shard.folder] = (keys[shard.folder], tuple(rel for rel, _ in made))

    def changes(self) -> PageChanges | None:
        """The pages this build added, changed and removed against the last build into its folder (from the
        cache's manifest, so in CI against the run whose cache was restored); None when there was none."""
        if self._compared is None:
            return None
        if self._compared:
            return PageChanges((), (), ())
        old = {rel: r.digest for rel, r in self._old.items() if rel.endswith(".html")}
        new = {rel: r.digest for rel, r in self._files.items() if rel.endswith(".html")}
        return PageChanges(added=tuple(sorted(new.keys() - old.keys())),
                           changed=tuple(sorted(rel for rel in new.keys() & old.keys() if new[rel] != old[rel])),
                           removed=tuple(sorted(old.keys() - new.keys())))

    def finished(self, request: BuildRequest, result: BuildResult) -> None:
        """Remember what this build wrote, for the next build into the same folder."""
        self.store.put("builds", _manifest_key(request.out), _Manifest(
            inputs=self._inputs, files=self._files, pages=result.pages, wijken=result.wijken, problems=result.problems,
            base_url=result.base_url, shards=self._shards,
        ))
        self._keep_rendered()
        self.store.prune()  # a whole build read everything it can use: the rest goes

    def _keep_rendered(self) -> None:
        """Store the page records of this build in the cache, once. A build that stops after this and before
        its site is in place leaves records that the next build uses only where the manifest of the site that
        stands agrees (a page is carried over only when its record's digest is that of the file there)."""
        if self._rendered is not None:
            _store_rendered(self.store, _manifest_key(self._out), self._rendered)
            self._rendered = None


def _compacted(records: dict[str, _PageRecord], used: list[Dependency], fingerprints: bytearray, read: set[int],
               ) -> tuple[dict[str, _PageRecord], list[Dependency], bytearray]:
    """``records``, ``used`` and ``fingerprints`` with only the dependencies numbered in ``read``, numbered anew."""
    kept = sorted(read)
    anew = {n: i for i, n in enumerate(kept)}
    return ({path: (identity, array("I", [anew[n] for n in dependencies]), digest)
             for path, (identity, dependencies, digest) in records.items()},
            [used[n] for n in kept], bytearray(b"".join(fingerprints[n * _SHORT : (n + 1) * _SHORT] for n in kept)))


_PART = 25_000  # dependencies, pages or helper calls of the records per row of the build cache


def _store_rendered(store: BuildCache, key: bytes, rendered: _Rendered) -> None:
    """Keep ``rendered`` in the build cache under ``key``: in parts of :data:`_PART` items, each pickled on its own,
    then a head that names them. Pickled whole, the records of 100,000 collectives would need about a GiB more
    for a moment (the pickle, its copy for the cache, the pickler's memo); in parts no moment needs more than the
    cache's pending writes. A build stopped halfway leaves the previous head and its parts as they were: the
    parts of each build have keys of their own, and its head is written last."""
    own = os.urandom(16)
    parts: list[bytes] = []

    def put(part: tuple[Any, ...]) -> None:
        part_key = digest(key, own, str(len(parts)))
        store.put("renders", part_key, part)
        parts.append(part_key)

    dependencies = rendered.dependencies
    for start in range(0, len(dependencies), _PART):
        put(("dependencies", dependencies[start : start + _PART],
             rendered.fingerprints[start * _SHORT : (start + _PART) * _SHORT]))
    for kind, items in (("pages", rendered.pages), ("calls", rendered.calls)):
        for start in range(0, len(items), _PART):
            put((kind, dict(itertools.islice(items.items(), start, start + _PART))))
    store.put("renders", key, _RenderedHead(rendered.environment, tuple(parts), rendered.wijken, rendered.others))


def _load_rendered(store: BuildCache, key: bytes, environment: str) -> _Rendered | None:
    """The records kept under ``key`` by :func:`_store_rendered`, when they are whole and of this ``environment``."""
    head = store.get("renders", key)
    if not isinstance(head, _RenderedHead) or head.environment != environment:
        return None
    found = store.get_many("renders", head.parts)
    if len(found) != len(head.parts):
        return None  # a part is missing or damaged: render every page
    dependencies: list[Dependency] = []
    fingerprints = bytearray()
    pages: dict[str, _PageRecord] = {}
    calls: dict[Key, tuple[Any, ...]] = {}
    for part_key in head.parts:
        kind, *part = found.pop(part_key)
        if kind == "dependencies":
            dependencies.extend(part[0])
            fingerprints += part[1]
        else:
            (pages if kind == "pages" else calls).update(part[0])
    return _Rendered(head.environment, tuple(dependencies), bytes(fingerprints), pages, calls, head.wijken,
                     head.others)


def _manifest_key(out: Path) -> bytes:
    return digest(code_fingerprint(), "build", str(out))


def _unchanged(out: Path, rel: str, record: FileRecord) -> bool:
    """True when the previous site's file at ``rel`` is still the one the last build wrote (size, change time)."""
    try:
        stat = os.stat(os.path.join(out, *rel.split("/")))
    except OSError:
        return False
    return stat.st_size == record.size and stat.st_mtime_ns == record.mtime_ns


def _intact(out: Path, files: dict[str, FileRecord]) -> bool:
    """True when ``out`` holds exactly ``files``, none of them changed since."""
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
            record = files.get(rel)
            if record is None:
                return False
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                return False
            if stat.st_size != record.size or stat.st_mtime_ns != record.mtime_ns:
                return False
            found += 1
    return found == len(files)


@contextmanager
def fast_steps(root: Path, use_cache: bool = True) -> Iterator[FastSteps]:
    """The fast steps for the project at ``root``, with its build cache open (a disabled one without ``use_cache``)."""
    store = BuildCache.open(root.resolve()) if use_cache else BuildCache.disabled()
    try:
        yield FastSteps(store)
    finally:
        store.close()


def fast_build(
    root: Path,
    out: Path | None = None,
    *,
    only_wijk: str | None = None,
    strict: bool = False,
    display_base: Path | None = None,
    base_url: str | None = None,
    progress: Progress | None = None,
    waiting: Callable[[int | None], None] | None = None,
    use_cache: bool = True,
    with_search: bool = True,
    shard_pages: int = search.SHARD_PAGES,
) -> BuildResult:
    """:func:`wijkgen.build.build` with the fast steps: the same site, sooner (options as for ``build``)."""
    with fast_steps(root, use_cache) as steps:
        result = build(root, out, only_wijk=only_wijk, strict=strict, display_base=display_base, base_url=base_url,
                       progress=progress, waiting=waiting, steps=steps, with_search=with_search,
                       shard_pages=shard_pages)
        return dataclasses.replace(result, changes=steps.changes(), rendered=steps.rendered)


def fast_load_and_assemble(root: Path, display_base: Path | None = None) -> Assembled:
    """:func:`wijkgen.build.load_and_assemble` with parsed files and Markdown from the build cache."""
    with fast_steps(root) as steps:
        return load_and_assemble(root, display_base, steps)
