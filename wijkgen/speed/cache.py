"""The build cache: work that can be reused between builds, kept in ``PROJECT/.wijkgen-cache/``.

One SQLite file (transactional, safe against a build that is interrupted) holds
six tables, each a map from a digest to a value:

- ``markdown``: Markdown text → sanitised HTML and the remote images it named;
- ``documents``: a content file (its text, kind, shown name and the finished
  schema it is validated against) → the parsed, validated :class:`Document`;
- ``wijken``: a wijk folder (the digest of its files, the schemas, where names are
  shown from) → the loaded wijk and what it assembled into (``speed.parsing``);
- ``files``: the project → the digest of each of its files with the size, times and
  inode it had (``speed.sources``: a file whose stamp is the same is not read again);
- ``builds``: the manifest of the last build into an output folder (digest of
  every input, every output file with its digest, size and change time);
- ``renders``: what each page of that build read (its dependencies and their
  fingerprints), so that the next build renders only the pages whose reads changed;
  in rows of parts, each pickled on its own, under a head row written last
  (``speed.build._store_rendered``).

Every key includes :func:`code_fingerprint`, a digest of wijkgen's own files
(code, schemas, theme, translations) and the versions of Python-Markdown and
nh3, so a new wijkgen, an edited theme or another library version never reuses
old work. The folder is safe to delete at any time; a damaged or unreadable
cache is ignored (and replaced), never trusted: each value carries a digest of
itself (a damaged value is a miss), a file SQLite finds damaged is started
afresh, and a cache that cannot be written (read-only, disk full) is left alone.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import pickle
import sqlite3
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import markdown

from wijkgen import __version__
from wijkgen.write.pause import pause_at

CACHE_DIR = ".wijkgen-cache"
CACHE_FILE = "cache.sqlite3"
_SCHEMA_VERSION = 3
_CHECK = 20  # each value starts with the digest of the rest, so that damage on disk is noticed, never trusted
_TABLES = ("markdown", "documents", "wijken", "files", "builds", "renders")


def digest(*parts: bytes | str) -> bytes:
    """A 20-byte BLAKE2b digest of ``parts``, each length-prefixed so that no two sequences collide."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


@cache
def code_fingerprint() -> bytes:
    """A digest of everything in wijkgen that shapes its output: its package files and library versions."""
    from wijkgen.render.templates import theme_dir

    h = hashlib.blake2b(digest_size=20)
    h.update(f"{__version__}\0{markdown.__version__}\0{metadata.version('nh3')}\0{_SCHEMA_VERSION}".encode())
    for folder in (Path(__file__).resolve().parents[1], theme_dir()):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                h.update(b"\0" + path.relative_to(folder).as_posix().encode() + b"\0")
                h.update(hashlib.blake2b(path.read_bytes(), digest_size=20).digest())
    return h.digest()


_ABSENT = object()
_FLUSH_BYTES = 8 * 2**20  # pending writes kept in memory before they go to the file


class BuildCache:
    """The cache of one project. Open with :meth:`open`; every method fails soft (a miss), never raises."""

    def __init__(
        self, connection: sqlite3.Connection | None, folder: Path | None = None, remember: bool = False
    ) -> None:
        self._db = connection
        self._folder = folder
        self._pending: dict[str, list[tuple[bytes, bytes]]] = {name: [] for name in _TABLES}
        self._pending_bytes = 0
        # With ``remember`` (``serve``), values also stay in memory, so the next rebuild skips the file and
        # unpickling; callers treat what they get as read-only (or copy it).
        self._memory: dict[tuple[str, bytes], Any] | None = {} if remember else None
        self._used: dict[str, set[bytes]] = {name: set() for name in _TABLES}  # read or stored by this run

    @classmethod
    def open(cls, project_root: Path, remember: bool = False) -> BuildCache:
        """The cache in ``project_root/.wijkgen-cache``, created when missing; a broken one is started afresh.

        When the folder cannot be written (read-only, disk full), the build goes on without a cache.
        With ``remember`` it also keeps what it read and stored in memory, for a long-running process.
        """
        folder = project_root / CACHE_DIR
        for attempt in range(2):
            try:
                folder.mkdir(exist_ok=True)
                ignore = folder / ".gitignore"
                if not ignore.is_file():
                    ignore.write_text("*\n", encoding="utf-8")
                return cls(_connect(folder / CACHE_FILE), folder, remember)
            except sqlite3.Error as err:  # damaged: start afresh; busy, read-only, …: leave it to its owner
                if attempt == 1 or not _is_damage(err) or not _remove(folder):
                    break
            except OSError:
                break
        return cls(None, remember=remember)

    def _damaged(self, err: sqlite3.Error) -> None:
        """After SQLite found the file damaged (not merely busy or full): start the cache afresh, once."""
        if self._db is None or not _is_damage(err):
            return
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        self._db = None
        if self._folder is not None and _remove(self._folder):
            with contextlib.suppress(OSError, sqlite3.Error):
                self._db = _connect(self._folder / CACHE_FILE)
        self._folder = None  # a second damage in one run: go on without a cache

    @classmethod
    def disabled(cls) -> BuildCache:
        """A cache that remembers nothing (every lookup misses)."""
        return cls(None)

    def get_many(self, table: str, keys: Iterable[bytes]) -> dict[bytes, Any]:
        """The stored values of those ``keys`` that are present and intact, unpickled."""
        found: dict[bytes, Any] = {}
        wanted = list(dict.fromkeys(keys))
        memory = self._memory
        if memory is not None:
            for key in wanted:
                value = memory.get((table, key), _ABSENT)
                if value is not _ABSENT:
                    found[key] = value
                    self._used[table].add(key)
            wanted = [key for key in wanted if key not in found]
        if self._db is None or not wanted:
            return found
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, value FROM {table} WHERE key IN ({marks})", chunk)
                for key, value in rows:
                    self._used[table].add(bytes(key))
                    data = bytes(value)
                    if digest(data[_CHECK:]) != data[:_CHECK]:
                        continue  # damaged on disk: a miss (the build stores it again)
                    try:
                        found[bytes(key)] = loaded = _unpickle(data[_CHECK:])
                    except Exception:  # intact but not loadable here (it should not happen): a miss
                        continue
                    if memory is not None:
                        memory[(table, bytes(key))] = loaded
        except sqlite3.Error as err:
            self._damaged(err)
            return {k: v for k, v in found.items() if memory is not None and (table, k) in memory}
        return found

    def get(self, table: str, key: bytes) -> Any:
        """The stored value of ``key``, or None."""
        return self.get_many(table, [key]).get(key)

    def put(self, table: str, key: bytes, value: Any) -> None:
        """Remember ``value`` under ``key``; written on :meth:`flush`."""
        self._used[table].add(key)
        if self._memory is not None:
            self._memory[(table, key)] = value
        if self._db is not None:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            self._pending[table].append((key, digest(data) + data))
            self._pending_bytes += len(data)
            if self._pending_bytes > _FLUSH_BYTES:  # a cold build of a big project: write as it goes
                self.flush()

    def keep(self, table: str, keys: Iterable[bytes]) -> None:
        """Count ``keys`` as used by this run without reading them (:meth:`prune` leaves their rows)."""
        self._used[table].update(keys)

    def flush(self) -> None:
        """Write what was remembered, in one transaction (into a fresh file when the old one turns out damaged)."""
        while self._db is not None and any(self._pending.values()):
            db = self._db
            try:
                db.execute("BEGIN")
                for table, rows in self._pending.items():
                    db.executemany(f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)", rows)
                pause_at("cache-write")
                db.execute("COMMIT")
                break
            except sqlite3.Error as err:
                with contextlib.suppress(sqlite3.Error):  # e.g. disk full: this build's work is simply not kept
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                self._damaged(err)
                if self._db is db:
                    break
        for rows in self._pending.values():
            rows.clear()
        self._pending_bytes = 0

    def prune(self) -> None:
        """Delete every row this run neither read nor stored: after a whole build, what the current site
        can use is exactly what it used (older versions of files, other wijkgen versions, other outputs)."""
        self.flush()
        if self._db is None:
            return
        db = self._db
        try:
            db.execute("BEGIN")
            db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key BLOB PRIMARY KEY)")
            for table in _TABLES:
                db.execute("DELETE FROM keep")
                db.executemany("INSERT OR IGNORE INTO keep (key) VALUES (?)", ((k,) for k in self._used[table]))
                db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM keep)")
            db.execute("DELETE FROM keep")
            db.execute("COMMIT")
        except sqlite3.Error as err:
            with contextlib.suppress(sqlite3.Error):
                if db.in_transaction:
                    db.execute("ROLLBACK")
            self._damaged(err)

    def close(self) -> None:
        """Write what is pending and close the file."""
        self.flush()
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


def _unpickle(data: bytes) -> Any:
    """``pickle.loads`` without the cyclic garbage collector looking at the new objects.

    A cached value (a wijk with its documents and model) is a hundred thousand objects that live on and
    make no garbage. Left to the collector, each of them would be walked again and again as the process
    grows (more than half the time of a warm load); here the collector is paused while they are made and
    they then go straight to its oldest generation (``gc.freeze()`` and ``gc.unfreeze()`` move them there
    without a walk), as if they had been made long ago. Nothing is left uncollected: garbage among them or
    among the young objects moved with them is found by the next full collection.
    """
    if not gc.isenabled():
        return pickle.loads(data)
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()


def _is_damage(err: sqlite3.Error) -> bool:
    """True when SQLite says the file is damaged or no database at all (not merely busy, full or read-only)."""
    return (getattr(err, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _connect(path: Path) -> sqlite3.Connection:
    """Open (or create) the cache database at ``path``; raises when it is not a usable database."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        for table in _TABLES:
            db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key BLOB PRIMARY KEY, value BLOB NOT NULL)")
        db.execute("SELECT count(*) FROM builds").fetchone()
    except sqlite3.Error:
        db.close()
        raise
    return db


def _remove(folder: Path) -> bool:
    """Delete the cache's database files in ``folder``; False when they cannot be deleted (read-only)."""
    try:
        for name in (CACHE_FILE, f"{CACHE_FILE}-wal", f"{CACHE_FILE}-shm"):
            (folder / name).unlink(missing_ok=True)
    except OSError:
        return False
    return True
