"""Parsed files from the build cache and across the cores: the loader's parsing, made faster.

A content file whose text, shown name and finished schema are the same as in an
earlier build gives the same document: it is kept in the build cache under a
digest of those. Files not seen before are parsed by worker processes.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from wijkgen.load.project import ParseJob, Parsing, parse_document
from wijkgen.parse.documents import Document
from wijkgen.speed.cache import BuildCache, code_fingerprint, digest
from wijkgen.speed.workers import ordered_map


class CachedParsing(Parsing):
    """A :class:`~wijkgen.load.project.Parsing` that keeps parsed files in ``store`` and parses the rest in workers."""

    def __init__(self, store: BuildCache) -> None:
        super().__init__()
        self.store = store
        self.schema_digests: dict[str, bytes] = {}

    def start(self, schemas: dict[str, dict[str, Any]]) -> None:
        """Take the schemas of this load, with a digest of each for the cache keys."""
        if schemas != self.schemas:
            self.schema_digests = {
                kind: digest(json.dumps(schema, sort_keys=True, ensure_ascii=False)) for kind, schema in schemas.items()
            }
        super().start(schemas)

    def key(self, job: ParseJob) -> bytes:
        """The cache key of a parsed file: its text and shown name, and the finished schema it is checked with."""
        return digest(code_fingerprint(), "document", job.kind, self.schema_digests[job.kind],
                      job.file + "\0" + job.path.suffix, job.text)

    def parse(self, jobs: Sequence[ParseJob]) -> list[Document]:
        """The documents of ``jobs``: from the cache where it has them, the rest parsed across the cores."""
        keys = [self.key(job) for job in jobs]
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
