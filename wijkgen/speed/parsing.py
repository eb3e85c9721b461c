"""Parsed files and whole wijk folders from the build cache, the rest across the cores: the loader's parsing,
made faster.

A content file whose text, shown name and finished schema are the same as in an
earlier build gives the same document: it is kept in the build cache under a
digest of those. Files not seen before are parsed by worker processes.

A wijk folder whose files (names and bytes) are all as in an earlier build, read
with the same schemas, shown from the same folder, gives the same loaded wijk;
with the same settings of the assembly (:func:`~wijkgen.model.assemble.wijk_settings`)
it also assembles into the same wijk of the model. Both are kept together in the
cache under a digest of the folder (:func:`~wijkgen.speed.sources.wijk_digest`),
so a warm build takes each unchanged wijk in one piece instead of its files one by one.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from wijkgen.load.project import LoadedWijk, ParseJob, Parsing, RawWijk, parse_document
from wijkgen.model.assemble import WijkAssembly
from wijkgen.parse.documents import Document
from wijkgen.speed.cache import BuildCache, code_fingerprint, digest
from wijkgen.speed.sources import SourceDigests, project_digests, wijk_digest
from wijkgen.speed.workers import ordered_map


@dataclass(frozen=True)
class KeptWijk:
    """A wijk folder as a build read and assembled it (the value of the cache's ``wijken`` table)."""

    loaded: LoadedWijk
    settings: tuple[Any, ...]  # what the assembly read of the settings (model.assemble.wijk_settings)
    language: str  # of the Markdown in it
    made: WijkAssembly
    documents: tuple[bytes, ...]  # the cache keys of its parsed files, and of its rendered Markdown: rows the
    texts: tuple[bytes, ...]  # cache keeps while this wijk is used, for the next edit in it


class _Folder(NamedTuple):
    """A wijk folder of this load that may be kept: its path, the digest of its files and its cache key."""

    path: Path
    files: bytes
    key: bytes


class CachedParsing(Parsing):
    """A :class:`~wijkgen.load.project.Parsing` that keeps parsed files and whole wijk folders in ``store`` and
    parses the rest in workers. ``sources``: the digests of the project's files when the build has them
    already; else they are taken at the first wijk folder."""

    def __init__(self, store: BuildCache, sources: SourceDigests | None = None) -> None:
        super().__init__()
        self.store = store
        self.sources = sources
        self.schema_digests: dict[str, bytes] = {}
        self._context = b""
        self._folders: dict[str, _Folder] = {}  # by name: the wijk folders of this load that may be kept
        self._taken: dict[str, KeptWijk] = {}  # by name: those this load took from the cache
        self._read: dict[str, LoadedWijk] = {}  # by name: those this load read
        self._documents: dict[str, bytes] = {}  # shown file name → the cache key of its parsed document

    def start(self, schemas: dict[str, dict[str, Any]], display_base: Path | None = None) -> None:
        """Take the schemas of this load, with a digest of each for the cache keys."""
        if schemas != self.schemas:
            self.schema_digests = {
                kind: digest(json.dumps(schema, sort_keys=True, ensure_ascii=False)) for kind, schema in schemas.items()
            }
        super().start(schemas, display_base)
        self._context = digest(code_fingerprint(), "wijk", str(display_base),
                                 *(part for kind in sorted(self.schema_digests) for part in
                                   (kind, self.schema_digests[kind])))
        self._folders, self._taken, self._read, self._documents = {}, {}, {}, {}

    def config_parsing(self) -> Parsing:
        """The config file too is parsed once and then taken from the cache."""
        if self._config is None:
            self._config = CachedParsing(self.store)
        return self._config

    def key(self, job: ParseJob) -> bytes:
        """The cache key of a parsed file: its text and shown name, and the finished schema it is checked with."""
        return digest(code_fingerprint(), "document", job.kind, self.schema_digests[job.kind],
                      job.file + "\0" + job.path.suffix, job.text)

    def parse(self, jobs: Sequence[ParseJob]) -> list[Document]:
        """The documents of ``jobs``: from the cache where it has them, the rest parsed across the cores."""
        keys = [self.key(job) for job in jobs]
        self._documents.update((job.file, key) for job, key in zip(jobs, keys, strict=True))
        found = self.store.get_many("documents", keys)
        missing = [i for i, key in enumerate(keys) if not isinstance(found.get(key), Document)]
        for kind in {jobs[i].kind for i in missing}:
            self.validator(kind)  # made here once, before the workers are forked, not in each of them

        def parse_one(index: int) -> Document:
            job = jobs[index]
            return parse_document(job, self.schemas[job.kind], self.validator(job.kind))

        for index, doc in zip(missing, ordered_map(parse_one, missing), strict=True):
            found[keys[index]] = doc
            self.store.put("documents", keys[index], doc)
        # each its own list of problems: the loader adds the photo checks to it
        return [dataclasses.replace(found[key], problems=list(found[key].problems)) for key in keys]

    def kept_wijk(self, folder: Path) -> LoadedWijk | None:
        """The wijk folder as an earlier build read it, when its files are all as they were then."""
        name = folder.name
        if self.sources is None:
            self.sources = project_digests(self.store, folder.parent.parent)
        files = None if name in self.sources.linked else self.sources.wijken.get(name)
        if files is None:  # holds a symbolic link, or is one: read it every time
            return None
        key = digest(self._context, str(folder), files)
        self._folders[name] = _Folder(folder, files, key)
        found = self.store.get("wijken", key)
        if not isinstance(found, KeptWijk):
            return None
        self.store.keep("documents", found.documents)
        self.store.keep("markdown", found.texts)
        self._taken[name] = found
        self.kept.add(name)
        return found.loaded

    def read_wijk(self, folder: Path, loaded: LoadedWijk) -> None:
        """Note a wijk folder this load read, to keep it with its assembly (:meth:`assembled`)."""
        if folder.name in self._folders:
            self._read[folder.name] = loaded

    def assembly(self, raw: RawWijk, settings: tuple[Any, ...], language: str) -> WijkAssembly | None:
        """What an earlier build assembled of ``raw`` (a wijk this load took whole), when it did so with equal
        settings and Markdown language; None when it must be assembled."""
        taken = self._taken.get(raw.slug)
        if taken is None or taken.loaded.wijk is not raw or taken.settings != settings or taken.language != language:
            return None
        return taken.made

    def assembled(self, raw: RawWijk, settings: tuple[Any, ...], language: str, made: WijkAssembly,
                  texts: Sequence[bytes]) -> None:
        """Keep a wijk of this load with its assembly (``texts``: the cache keys of the Markdown it rendered), when
        its files are still those its digest was taken of (an author may save while a build reads)."""
        folder = self._folders.get(raw.slug)
        taken = self._taken.get(raw.slug)
        if folder is None:
            return
        if taken is not None and taken.loaded.wijk is raw:
            loaded, documents = taken.loaded, taken.documents
        else:
            read = self._read.get(raw.slug)
            if read is None or read.wijk is not raw or wijk_digest(folder.path) != folder.files:
                return
            loaded = read
            docs = (raw.profile, raw.steps, *raw.collectives, *raw.anchors, *raw.news)
            documents = tuple(self._documents[d.file] for d in docs if d is not None and d.file in self._documents)
        self.store.put("wijken", folder.key, KeptWijk(loaded, settings, language, made, documents,
                                                      tuple(dict.fromkeys(texts))))
