"""What the live preview keeps between rebuilds, so that an edit costs about what its own wijk costs.

A wijk folder in which nothing changed is taken whole from the previous load, and its assembly,
pages and open-data files stay the very same objects; later steps (and the incremental render)
then know the unchanged parts of the model by identity. Each memo wraps one step of a stage
through the seam that stage offers (``each_wijk``, ``encode``), so the stages keep no state.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from wijkgen.build import Assembled, markdown_texts
from wijkgen.errors import sort_problems
from wijkgen.load.config import RawConfig
from wijkgen.load.project import LoadedWijk, RawProject, RawWijk, load_project
from wijkgen.model.assemble import WijkAssembly, assemble, assemble_wijk
from wijkgen.model.entities import Photo, Site, SiteConfig, Wijk
from wijkgen.model.markup import MarkdownRenderer
from wijkgen.outputs import photos
from wijkgen.outputs.opendata import Dataset, WijkData, wijk_data
from wijkgen.render.pages import Page, wijk_pages
from wijkgen.speed.cache import BuildCache
from wijkgen.speed.markdown import CachedMarkdown
from wijkgen.speed.parsing import CachedParsing

# A file changed in the last seconds may change again without its size or time showing it (file times are
# coarse): a folder holding one is read again next time (git does the same with its index).
SETTLE_NS = 2_000_000_000


@dataclass(frozen=True)
class FolderState:
    """Every entry under a wijk folder with its size, change time and inode, and whether all are settled."""

    entries: tuple[tuple[Any, ...], ...]
    settled: bool


def folder_state(folder: str, settled_before: int) -> FolderState | None:
    """The state of ``folder`` (folders count too: adding, removing or renaming a file changes theirs); None
    when it holds a symbolic link (whose target may change unseen) or cannot be read."""
    found: list[tuple[Any, ...]] = []
    newest = 0
    pending = [folder]
    try:
        while pending:
            current = pending.pop()
            info = os.stat(current)
            found.append((current, info.st_mtime_ns, info.st_ino))
            newest = max(newest, info.st_mtime_ns)
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        return None
                    if entry.is_dir():
                        pending.append(entry.path)
                        continue
                    info = entry.stat()
                    found.append((entry.path, info.st_mtime_ns, info.st_size, info.st_ino))
                    newest = max(newest, info.st_mtime_ns)
    except OSError:
        return None
    found.sort()
    return FolderState(tuple(found), newest < settled_before)


@dataclass(frozen=True)
class _KeptWijk:
    """A wijk folder as a load read it: what it was read with (schemas, display base), its state, the result."""

    read_with: tuple[Any, ...]
    state: FolderState | None
    loaded: LoadedWijk


class LiveParsing(CachedParsing):
    """The loader's parsing in the preview: cached and parallel, and a wijk folder in which nothing changed
    since the previous load is taken whole. ``touched`` (from a watcher that saw every change) names the
    only folders that may have changed; the others are then not even looked at."""

    def __init__(self, store: BuildCache, display_base: Path) -> None:
        super().__init__(store)
        self.display_base = str(display_base)
        self.touched: frozenset[str] | None = None
        self.kept: set[str] = set()  # the wijk folders the last load took whole
        self._wijken: dict[str, _KeptWijk] = {}
        self._read_with: tuple[Any, ...] = ()
        self._settled_before = 0
        self._seen: dict[str, FolderState | None] = {}

    def start(self, schemas: dict[str, dict[str, Any]]) -> None:
        """A new load: note what it reads with, and when files count as settled."""
        super().start(schemas)
        self._read_with = (tuple(sorted(self.schema_digests.items())), self.display_base)
        self._settled_before = time.time_ns() - SETTLE_NS
        self.kept = set()
        self._seen = {}

    def kept_wijk(self, folder: Path) -> LoadedWijk | None:
        """The previous load's reading of ``folder`` when nothing in it can have changed."""
        before = self._wijken.get(folder.name)
        if before is not None and before.read_with == self._read_with and self.touched is not None \
                and folder.name not in self.touched:
            self._seen[folder.name] = before.state
            self.kept.add(folder.name)
            return before.loaded
        state = folder_state(str(folder), self._settled_before)
        if state is None:
            return None
        if state.settled:
            self._seen[folder.name] = state
        if before is not None and before.read_with == self._read_with and before.state == state:
            self.kept.add(folder.name)
            return before.loaded
        return None

    def read_wijk(self, folder: Path, loaded: LoadedWijk) -> None:
        """Remember a folder that was read, when all its files are settled."""
        if folder.name in self._seen:
            self._wijken[folder.name] = _KeptWijk(self._read_with, self._seen[folder.name], loaded)

    def finish(self) -> None:
        """After a load: forget the folders it did not see settled (gone, changed just now, or with a link)."""
        self._wijken = {name: kept for name, kept in self._wijken.items() if name in self._seen}


class _Assembled(NamedTuple):
    raw: RawWijk
    config: RawConfig
    made: WijkAssembly


@dataclass
class AssemblyMemo:
    """The wijken of the previous assembly: one whose loaded files and settings are equal to last time's is
    the very same object again, with the problems it gave."""

    wijken: dict[str, _Assembled] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)

    def assemble_wijk(self, raw: RawWijk, config: RawConfig, markdown: MarkdownRenderer) -> WijkAssembly:
        """:func:`~wijkgen.model.assemble.assemble_wijk`, or last time's result for the same files and settings."""
        self.seen.add(raw.slug)
        before = self.wijken.get(raw.slug)
        if before is not None and before.config == config and before.raw == raw:
            return before.made
        made = assemble_wijk(raw, config, markdown)
        self.wijken[raw.slug] = _Assembled(raw, config, made)
        return made

    def finish(self) -> None:
        """Forget the wijken the last assembly did not have."""
        self.wijken = {slug: kept for slug, kept in self.wijken.items() if slug in self.seen}
        self.seen = set()


class _Planned(NamedTuple):
    wijk: Wijk
    pages: tuple[Page, ...]


@dataclass
class PlanMemo:
    """A wijk's pages, planned again only when the wijk is not the very same object as last time."""

    wijken: dict[str, _Planned] = field(default_factory=dict)

    def wijk_pages(self, wijk: Wijk) -> tuple[Page, ...]:
        """:func:`~wijkgen.render.pages.wijk_pages`, or the very same pages as last time for the same wijk."""
        before = self.wijken.get(wijk.slug)
        if before is not None and before.wijk is wijk:
            return before.pages
        planned = wijk_pages(wijk)
        self.wijken[wijk.slug] = _Planned(wijk, planned)
        return planned


class _Data(NamedTuple):
    wijk: Wijk
    config: SiteConfig
    made: WijkData


@dataclass
class DataMemo:
    """A wijk's open-data files, made again only for a wijk that changed; when its rows came out the same,
    the very same file objects are handed out again (the preview then knows them unchanged by identity)."""

    parts: dict[tuple[str, str], _Data] = field(default_factory=dict)

    def wijk_data(self, dataset: Dataset, site: Site, wijk: Wijk) -> WijkData:
        """:func:`~wijkgen.outputs.opendata.wijk_data`, or last time's files when they would be the same."""
        key = (dataset.name, wijk.slug)
        before = self.parts.get(key)
        if before is not None and before.wijk is wijk and before.config == site.config:
            return before.made
        made = wijk_data(dataset, site, wijk)
        if before is not None and before.config == site.config and (
            before.made.csv_lines, before.made.json_lines
        ) == (made.csv_lines, made.json_lines):
            made = before.made
        self.parts[key] = _Data(wijk, site.config, made)
        return made


@dataclass
class WholeMemo:
    """The whole-site files (open data, sitemap) of the last rebuild, each with the parts it was made of: made
    again only when a part is not the very same (or an equal) one, else the very same bytes are handed out."""

    made: dict[str, tuple[tuple[Any, ...], bytes]] = field(default_factory=dict)

    def whole(self, rel: str, parts: tuple[Any, ...], make: Callable[[], bytes]) -> bytes:
        """The file ``rel`` made of ``parts``: last time's when its parts are the same, else ``make()``."""
        before = self.made.get(rel)
        if before is not None and len(before[0]) == len(parts) and all(
                a is b or a == b for a, b in zip(before[0], parts, strict=True)):
            return before[1]
        data = make()
        self.made[rel] = (parts, data)
        return data


@dataclass
class PhotoMemo:
    """Resized copies of each photo, made again only when its file (size, change time) or its variants change."""

    copies: dict[tuple[Any, ...], list[tuple[str, bytes]]] = field(default_factory=dict)

    def encode(self, photo: Photo) -> list[tuple[str, bytes]]:
        """:func:`~wijkgen.outputs.photos.encode`, or the copies made before from the same file."""
        try:
            stat = Path(photo.source).stat()
            key: tuple[Any, ...] = (photo.source, stat.st_size, stat.st_mtime_ns, photo.variants)
        except OSError:
            key = (photo.source, None, photo.variants)
        found = self.copies.get(key)
        if found is None:
            found = self.copies[key] = photos.encode(photo)
        return found


class LiveAssembly:
    """Loading and assembling the same project again and again, as the preview does, with the memos above."""

    def __init__(self, root: Path, display_base: Path | None = None, store: BuildCache | None = None) -> None:
        self.root = root.resolve()
        self.store = store or BuildCache.disabled()
        self.parsing = LiveParsing(self.store, (display_base or Path.cwd()).resolve())
        self.display_base = display_base
        self.assembly = AssemblyMemo()
        self.markdown: CachedMarkdown | None = None

    def load_and_assemble(self, touched: frozenset[str] | None = None) -> Assembled:
        """Load, validate and assemble; ``touched``: the only wijk folders that may have changed, when known."""
        self.parsing.touched = touched
        project, problems = load_project(self.root, self.display_base, self.parsing)
        self.parsing.finish()
        language = project.config.language
        if self.markdown is None or self.markdown.language != language:
            self.markdown = CachedMarkdown(self.store, language)
        self.markdown.prepare(markdown_texts(_without(project, self.parsing.kept)))
        site, more = assemble(project, self.markdown, self.assembly.assemble_wijk)
        self.assembly.finish()
        return Assembled(site=site, project=project, problems=sort_problems([*problems, *more]))


def _without(project: RawProject, kept: set[str]) -> RawProject:
    """``project`` without the wijk folders taken whole from the previous load: their Markdown is assembled."""
    return dataclasses.replace(project, wijken=[w for w in project.wijken if w.slug not in kept])
