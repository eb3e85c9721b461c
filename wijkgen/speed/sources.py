"""A digest of every file a build reads, so that an unchanged project can leave its site as it is.

It follows the loader's rule on paths: nothing outside the project is read, and a
symbolic link that leads out counts by where it points.

A file is read for its digest once: the build cache keeps each file's digest with its
size, change times and inode (:func:`project_digests`), and a file whose ``stat`` still
gives all four is not read again. Writing a file always moves its ``ctime`` (no program
can set it back); a digest is only kept of a file that was last changed more than
:data:`SETTLE_NS` before the look began, so that a save in the same tick of the file
system's clock as the look cannot go unseen (git trusts its index the same way).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wijkgen.load.config import CONFIG_FILE
from wijkgen.parse.limits import MAX_PHOTO_BYTES
from wijkgen.parse.paths import leads_out
from wijkgen.speed.cache import BuildCache, code_fingerprint, digest

SETTLE_NS = 2_000_000_000  # a file changed this shortly before a look is read again next time

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Known = dict[str, tuple[Stamp, bytes]]  # a file's name (as in the digests) → its stamp and digest then


def source_digest(root: Path) -> bytes:
    """A digest of every file a build reads: ``wijkgen.yaml``, ``content/`` and ``templates/`` (names and bytes).

    Like the loader it reads nothing outside the project: a symbolic link leading out counts by
    where it points. A file over the largest bound (:data:`~wijkgen.parse.limits.MAX_PHOTO_BYTES`) is
    refused by the loader anyway; it counts by its size and change time, so a huge file is never read.
    """
    return source_digests(root).whole


@dataclass(frozen=True)
class SourceDigests:
    """Digests of a project's files: all of them, those of each wijk folder, and all the others."""

    whole: bytes
    wijken: dict[str, bytes]  # the folder name under content/ → a digest of the files and folders in it
    others: bytes  # wijkgen.yaml, templates/ and the files of content/ outside any wijk folder
    linked: frozenset[str] = frozenset()  # wijk folders holding a symbolic link: it may lead where no digest looks
    known: Known = field(default_factory=dict)  # the digest of each settled file, for the next look


def project_digests(store: BuildCache, root: Path) -> SourceDigests:
    """:func:`source_digests`, reading only the files whose stamp changed since the last look (kept in ``store``)."""
    key = digest(code_fingerprint(), "files", str(root.resolve()))
    before = store.get("files", key)
    found = source_digests(root, before if isinstance(before, dict) else None)
    if found.known != before:
        store.put("files", key, found.known)
    return found


def source_digests(root: Path, known: Known | None = None) -> SourceDigests:
    """The digests of :func:`source_digest`, also per wijk folder (see :class:`SourceDigests`); a file whose
    stamp is in ``known`` is taken by the digest there."""
    root = root.resolve()
    look = _Look(root, known or {})
    whole = hashlib.blake2b(digest_size=20)
    others = hashlib.blake2b(digest_size=20)
    wijken: dict[str, hashlib.blake2b] = {}
    linked: set[str] = set()
    for name in (CONFIG_FILE, "content", "templates"):
        top = root / name
        found = ([(name, _LINK if top.is_symlink() else _FILE)] if top.is_file()
                 else sorted(_entries(str(top), name)) if top.is_dir() else [])
        for rel, kind in found:
            named, data = look.digest(rel, kind)
            parts = rel.split("/")
            part = others
            if parts[0] == "content" and len(parts) > 2:
                part = wijken.setdefault(parts[1], hashlib.blake2b(digest_size=20))
                if kind == _LINK:
                    linked.add(parts[1])
            for h in (whole, part):
                h.update(named)
                h.update(data)
    return SourceDigests(whole.digest(), {k: v.digest() for k, v in wijken.items()}, others.digest(),
                         frozenset(linked), look.found)


def wijk_digest(folder: Path) -> bytes | None:
    """The digest :func:`source_digests` gives the wijk folder ``folder`` (``PROJECT/content/<name>``), by
    itself; None when it is or holds a symbolic link (or cannot be read)."""
    if folder.is_symlink() or not folder.is_dir():
        return None
    h = hashlib.blake2b(digest_size=20)
    look = _Look(folder.parent.parent, {})
    for rel, kind in sorted(_entries(str(folder), f"content/{folder.name}")):
        if kind == _LINK:
            return None
        named, data = look.digest(rel, kind)
        h.update(named)
        h.update(data)
    return h.digest()


_FILE, _FOLDER, _LINK = "file", "folder", "link"


def _entries(folder: str, rel: str) -> Iterator[tuple[str, str]]:
    """Every file, folder and symbolic link under ``folder`` (not into linked folders) as ``rel``-based posix
    names, each with its kind; plain os.scandir, as a big project has tens of thousands of files."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = f"{rel}/{entry.name}"
        if entry.is_symlink():
            yield name, _LINK
        elif entry.is_dir():
            yield name, _FOLDER
            yield from _entries(entry.path, name)
        elif entry.is_file():
            yield name, _FILE


class _Look:
    """One look at a project's files: the digest of each entry, from ``known`` where its stamp is the same."""

    def __init__(self, root: Path, known: Known) -> None:
        self.root = root
        self._prefix = str(root) + os.sep
        self.known = known
        self.found: Known = {}
        self.settled_before = time.time_ns() - SETTLE_NS

    def digest(self, rel: str, kind: str) -> tuple[bytes, bytes]:
        """What a digest takes of one entry: its name (with its kind), and a digest of its bytes."""
        named = b"\0" + rel.encode("utf-8", "surrogateescape") + b"\0"
        if kind == _FOLDER:
            return named + b"/", b""
        path = self._prefix + rel  # plain strings: a Path per file costs more than its stat
        if kind == _LINK:
            if os.path.isfile(path):
                return named, _file_digest(self.root, Path(path), True)
            try:  # a link to a folder, or one that leads nowhere: where it points
                return named + b"@", os.readlink(path).encode("utf-8", "surrogateescape")
            except OSError:
                return named + b"@", b"unreadable"
        try:
            stat = os.stat(path)
        except OSError:
            return named, b"unreadable"
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        before = self.known.get(rel)
        data = before[1] if before is not None and before[0] == stamp else _file_digest(self.root, Path(path), False)
        if max(stat.st_mtime_ns, stat.st_ctime_ns) < self.settled_before:
            self.found[rel] = (stamp, data)
        return named, data


def _file_digest(root: Path, path: Path, link: bool) -> bytes:
    way_out = leads_out(root, path) if link else None
    if way_out is not None:
        return b"link\0" + way_out.target.encode("utf-8", "surrogateescape")
    try:
        stat = path.stat()
        if stat.st_size > MAX_PHOTO_BYTES:
            return f"large\0{stat.st_size}\0{stat.st_mtime_ns}".encode()
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, lambda: hashlib.blake2b(digest_size=20)).digest()
    except OSError:
        return b"unreadable"
