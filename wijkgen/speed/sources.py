"""A digest of every file a build reads, so that an unchanged project can leave its site as it is.

It follows the loader's rule on paths: nothing outside the project is read, and a
symbolic link that leads out counts by where it points.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wijkgen.load.config import CONFIG_FILE
from wijkgen.parse.limits import MAX_PHOTO_BYTES
from wijkgen.parse.paths import leads_out


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


def source_digests(root: Path) -> SourceDigests:
    """The digests of :func:`source_digest`, also per wijk folder (see :class:`SourceDigests`)."""
    root = root.resolve()
    whole = hashlib.blake2b(digest_size=20)
    others = hashlib.blake2b(digest_size=20)
    wijken: dict[str, hashlib.blake2b] = {}
    linked: set[str] = set()
    for name in (CONFIG_FILE, "content", "templates"):
        top = root / name
        found = ([(name, _LINK if top.is_symlink() else _FILE)] if top.is_file()
                 else sorted(_entries(str(top), name)) if top.is_dir() else [])
        for rel, kind in found:
            named, data = _entry_digest(root, rel, kind)
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
                         frozenset(linked))


def wijk_digest(folder: Path) -> bytes | None:
    """The digest :func:`source_digests` gives the wijk folder ``folder`` (``PROJECT/content/<name>``), by
    itself; None when it is or holds a symbolic link (or cannot be read)."""
    if folder.is_symlink() or not folder.is_dir():
        return None
    h = hashlib.blake2b(digest_size=20)
    for rel, kind in sorted(_entries(str(folder), f"content/{folder.name}")):
        if kind == _LINK:
            return None
        named, data = _entry_digest(folder.parent.parent, rel, kind)
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


def _entry_digest(root: Path, rel: str, kind: str) -> tuple[bytes, bytes]:
    """What a digest takes of one entry: its name (with its kind), and a digest of its bytes."""
    named = b"\0" + rel.encode("utf-8", "surrogateescape") + b"\0"
    path = root / rel
    if kind == _FOLDER:
        return named + b"/", b""
    if kind == _LINK and not path.is_file():  # a link to a folder, or one that leads nowhere: where it points
        try:
            return named + b"@", os.readlink(path).encode("utf-8", "surrogateescape")
        except OSError:
            return named + b"@", b"unreadable"
    return named, _file_digest(root, path, kind == _LINK)


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
