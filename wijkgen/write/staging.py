"""The write stage: output goes to a staging folder and is swapped in only when complete.

A failed build leaves the previous site as it was. A killed build leaves it as it was too:
the swap is one step (on Linux), and the next build, holding the :class:`OutputLock`,
removes what the killed one left.

The staging folder is kept between builds (``.<name>.staging`` next to the output folder):
after the swap it holds the previous generation of the site, whose unchanged files are hard
links to the same files as the new one. The next build brings that folder up to date instead
of making every folder and link anew, so writing a rebuild costs what changed, not the size of
the site. It trusts nothing it finds there without a look: a file is kept only when it is the
very file (device and inode) of the current site that the build carries over; every other file
is replaced (unlinked first, never written through, as it may be a link into the live site), and
whatever the new site does not have is removed before the swap.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from types import TracebackType

from wijkgen.errors import ProjectError
from wijkgen.write.pause import pause_at

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]


class UnsafePath(ValueError):
    """A page path that would escape the output folder or land on another page."""


def check_output_folder(out: Path, project_root: Path) -> None:
    """Refuse output folders whose replacement would destroy the project itself."""
    out = out.resolve()
    root = project_root.resolve()
    if out == root or out in root.parents:
        raise ProjectError("project.bad_out", path=str(out), reason_code="reason.is_project")
    for source in (root / "content", root / "templates", root / "wijkgen.yaml"):
        if out == source or source in out.parents or out in source.parents:
            raise ProjectError("project.bad_out", path=str(out), reason_code="reason.inside_source")
    if out.exists() and not out.is_dir():
        raise ProjectError("project.bad_out", path=str(out), reason_code="reason.is_file")


_IN_PROCESS: dict[Path, threading.Lock] = {}  # record locks are per process: its threads queue here first


class OutputLock:
    """Only one build at a time writes an output folder: an exclusive lock on ``.<name>.lock`` next to it.

    A POSIX record lock (``fcntl``): the kernel drops it the moment the process
    ends, however it ends, so a killed build never leaves a lock that blocks; and
    it belongs to this process alone, so forked render workers that outlive a
    killed build do not hold it either. A second build waits (``waiting`` is told
    the other build's process id first). Once locked, leftovers of killed builds
    (staging folders, a replaced site) are removed; the lock file itself is
    removed when the build ends.
    """

    def __init__(self, out: Path, waiting: Callable[[int | None], None] | None = None) -> None:
        self.out = out
        self.path = out.parent / f".{out.name}.lock"
        self.waiting = waiting
        self._fd: int | None = None
        self._held = False
        self._thread_lock = _IN_PROCESS.setdefault(self.path, threading.Lock())

    def __enter__(self) -> OutputLock:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._thread_lock.acquire()
        try:
            fd = self._lock()
            with contextlib.suppress(OSError):  # the process id only informs a waiting build
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            remove_leftovers(self.out)
        except BaseException:
            self._release()
            raise
        return self

    def _lock(self) -> int:
        """Open and lock the lock file; again when the build before removed it while this one waited."""
        told = False
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
            self._fd = fd
            if fcntl is None:
                return fd
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as err:
                if err.errno not in (errno.EACCES, errno.EAGAIN):
                    raise
                if self.waiting is not None and not told:
                    self.waiting(_holder(fd))
                    told = True
                fcntl.lockf(fd, fcntl.LOCK_EX)
            try:
                now, mine = os.stat(self.path), os.fstat(fd)
                if (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino):
                    self._held = True
                    return fd
            except FileNotFoundError:
                pass
            os.close(fd)  # locked a file that is no longer the lock file: try the current one
            self._fd = None

    def _release(self) -> None:
        if self._fd is not None:
            if self._held:
                with contextlib.suppress(OSError):
                    os.unlink(self.path)  # still locked here, so no other build holds this file
                self._held = False
            os.close(self._fd)  # closing drops the record lock
            self._fd = None
        self._thread_lock.release()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._release()


def _holder(fd: int) -> int | None:
    """The process id the build holding the lock wrote into the lock file, if it did yet."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def staging_folder(out: Path) -> Path:
    """The staging folder of ``out``, kept between builds: it holds the previous site between them."""
    return out.parent / f".{out.name}.staging"


def remove_leftovers(out: Path) -> None:
    """Remove the staging and replaced folders that killed builds into ``out`` left next to it (of this
    version's fallback without an atomic swap, and of earlier versions). The kept staging folder stays: the
    next build brings it up to date. A site that a build killed halfway through the fallback's two renames
    had moved aside is put back first.

    Call only while holding the :class:`OutputLock` of ``out``: a running build owns such folders.
    """
    try:
        entries = sorted(os.scandir(out.parent), key=lambda entry: entry.name)
    except OSError:
        return
    prefixes = (f".{out.name}.staging-", f".{out.name}.old-")
    for entry in entries:
        if entry.name.startswith(prefixes) and entry.is_dir(follow_symlinks=False):
            if entry.name.startswith(f".{out.name}.old-") and not os.path.lexists(out):
                with contextlib.suppress(OSError):
                    os.rename(entry.path, out)
                    continue
            shutil.rmtree(entry.path, ignore_errors=True)


def write_error(err: OSError, out: Path) -> ProjectError:
    """The message for a build that could not write its output: what happened and what to do (disk full, …)."""
    reason = _WRITE_REASONS.get(err.errno or 0, "other")
    shown = out
    if isinstance(err.filename, str | bytes):
        shown = Path(os.fsdecode(err.filename))
        for folder in shown.parents:  # a file in the staging folder is shown where it was meant to go
            if folder.parent == out.parent and folder.name.startswith(f".{out.name}.staging"):
                shown = out / shown.relative_to(folder)
                break
    return ProjectError("build.write_failed", file=str(shown), out=str(out), detail=err.strerror or str(err),
                        reason_code=f"reason.write_{reason}", hint_code=f"hint.write_{reason}")


_WRITE_REASONS = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "quota",
    errno.EFBIG: "too_big",
    errno.EACCES: "denied",
    errno.EPERM: "denied",
    errno.EROFS: "read_only",
}


@contextlib.contextmanager
def _naming(target: Path | str) -> Iterator[None]:
    """Name ``target`` in a write error that does not say which file it was about (a failed ``write``)."""
    try:
        yield
    except OSError as err:
        if err.filename is None:
            raise OSError(err.errno, err.strerror, str(target)) from err
        raise


@cache
def _renameat2() -> Callable[..., int] | None:
    try:
        function: Callable[..., int] = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Swap the folders ``a`` and ``b`` in one step (Linux ``renameat2``); False where the system cannot."""
    rename = _renameat2()
    if rename is None:
        return False
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
    return rename(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange) == 0


class StagedSite:
    """A site being written: ``write`` files, then ``commit`` swaps it in atomically enough.

    Use as a context manager. The staging folder is the one the last build left (see the module's
    description), brought up to date, or a new one. Leaving without ``commit`` touches nothing else; it
    removes a new staging folder, and a kept one only after a failed write (an :class:`OSError`: the
    disk may be full), leaving it otherwise for the next build.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.staging: Path | None = None
        self.written: set[str] = set()
        self.reserved: set[str] = set()
        self._root = ""  # the staging folder as text: paths are joined as strings, one os call per file
        self._folders: set[str] = set()  # folders known to exist in the staging folder (full paths)
        self._found: dict[str, bool] = {}  # what the kept folder held when this build took it: path → is a folder
        self._fresh = False  # the staging folder was made by this build (there was none to keep)

    def __enter__(self) -> StagedSite:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        kept = staging_folder(self.out)
        self._root = str(kept)
        if os.path.isdir(self.out) and kept.is_dir() and not kept.is_symlink():
            self._found = _walk(self._root)
        else:  # no site to share files with (a first build, or site/ removed by hand): start afresh
            _remove(self._root)
            os.mkdir(self._root, 0o700)
            self._found = {}
            self._fresh = True
        self._folders = {self._root, *(f"{self._root}/{rel}" for rel, folder in self._found.items() if folder)}
        self.staging = kept
        pause_at("staging")
        return self

    def _target(self, rel: str) -> str:
        assert self.staging is not None
        parts = rel.split("/")
        if not rel or rel.startswith("/") or "\0" in rel or any(p in ("", ".", "..") for p in parts):
            raise UnsafePath(f"path escapes the output folder: {rel}")
        if rel in self.written:
            raise UnsafePath(f"two outputs on one path: {rel}")
        self.written.add(rel)
        target = f"{self._root}/{rel}"
        parent = os.path.dirname(target)
        if parent not in self._folders:
            self._make_folders(parent)
        if self._found.get(rel):  # a folder of the kept site where this file goes
            self._clear(target)
        return target

    def _make_folders(self, folder: str) -> None:
        """Make ``folder`` and the folders above it that do not exist yet; a kept file in the way goes."""
        missing = []
        while folder not in self._folders:
            missing.append(folder)
            folder = os.path.dirname(folder)
        for folder in reversed(missing):
            if folder[len(self._root) + 1 :] in self._found:
                self._clear(folder)
            os.mkdir(folder)
            self._folders.add(folder)

    def _clear(self, path: str) -> None:
        """Remove what the kept folder held at ``path`` (a file, a link or a whole folder)."""
        _remove(path)
        self._found.pop(path[len(self._root) + 1 :], None)
        inside = path + "/"
        self._folders = {folder for folder in self._folders if folder != path and not folder.startswith(inside)}

    def reserve(self, rel: str) -> None:
        """Claim output path ``rel`` now (checked like a write), to be filled later by :meth:`fill`.

        Worker processes forked after the reservations fill them; every path is
        checked here, in one place, before any of them writes.
        """
        self._target(rel)
        self.reserved.add(rel)

    def _reserved(self, rel: str) -> str:
        assert self.staging is not None
        if rel not in self.reserved:
            raise UnsafePath(f"not a reserved output: {rel}")
        return f"{self._root}/{rel}"

    def fill(self, rel: str, data: bytes) -> os.stat_result:
        """Write ``data`` at the reserved path ``rel``; returns the new file's status (size, change time)."""
        return _write(self._reserved(rel), data)

    def read(self, rel: str) -> bytes:
        """The bytes written at output path ``rel``."""
        if rel not in self.written:
            raise UnsafePath(f"not an output: {rel}")
        with open(f"{self._root}/{rel}", "rb") as stream:
            return stream.read()

    def carry(self, rel: str, previous: Path | str) -> os.stat_result:
        """Fill the reserved path ``rel`` with the unchanged file ``previous`` of the last site, without
        rewriting it: nothing to do when the kept folder holds that very file already, else a hard link
        where the file system allows, else a copy."""
        target = self._reserved(rel)
        if rel in self._found:
            source = os.stat(previous)
            try:
                here = os.lstat(target)
            except FileNotFoundError:
                pass
            else:
                if (here.st_dev, here.st_ino) == (source.st_dev, source.st_ino):
                    return source
                os.unlink(target)
        try:
            os.link(previous, target)
        except OSError:
            with _naming(target):
                _remove(target)  # a copy must not write through a file that is there after all
                shutil.copy2(previous, target)
        return os.stat(target)

    def write(self, rel: str, data: bytes) -> None:
        """Write ``data`` at output path ``rel`` (POSIX, relative)."""
        _write(self._target(rel), data)

    def copy(self, rel: str, source: Path) -> None:
        """Copy the file ``source`` to output path ``rel``."""
        self.write(rel, source.read_bytes())

    def _prune(self) -> None:
        """Remove from the staging folder what the kept site had and the new one has not."""
        needed: set[str] = set()
        for rel in self.written:
            folder = rel.rpartition("/")[0]
            while folder and folder not in needed:
                needed.add(folder)
                folder = folder.rpartition("/")[0]
        stale = sorted(rel for rel, folder in self._found.items()
                       if rel not in (needed if folder else self.written))
        gone: set[str] = set()
        for rel in stale:
            above = rel.rpartition("/")[0]
            while above and above not in gone:
                above = above.rpartition("/")[0]
            if above:  # inside a folder removed already
                continue
            _remove(f"{self._root}/{rel}")
            gone.add(rel)
            if len(gone) == 1:
                pause_at("pruning")
        if not gone:
            pause_at("pruning")

    def commit(self) -> None:
        """Swap the finished staging folder in place of the output folder (in one step where the system can);
        the folder it leaves holds the previous site, kept for the next build."""
        assert self.staging is not None
        self._prune()
        os.chmod(self.staging, 0o755)
        if self.out.is_dir() and _exchange(self.staging, self.out):
            pause_at("swapped")
            self.staging = None  # it holds the previous site now
            return
        old: Path | None = None
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            os.rmdir(old)
            os.rename(self.out, old)
        os.rename(self.staging, self.out)
        pause_at("swapped")
        if old is not None:
            with contextlib.suppress(OSError):
                os.rename(old, self.staging)  # kept as the exchange keeps it
            _remove(str(old))
        self.staging = None

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.staging is not None and (self._fresh or isinstance(exc, OSError)):
            # a new folder shares nothing with the site; after a failed write the disk may be full
            shutil.rmtree(self.staging, ignore_errors=True)
        self.staging = None


def _walk(root: str) -> dict[str, bool]:
    """Every entry below the folder ``root``, by relative POSIX path, with whether it is a folder (not a link
    to one); plain os.scandir, which knows that without a stat call per entry."""
    found: dict[str, bool] = {}
    folders = [(root, "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                inside = entry.is_dir(follow_symlinks=False)
                found[rel] = inside
                if inside:
                    folders.append((entry.path, rel + "/"))
    return found


def _remove(path: str) -> None:
    """Remove whatever is at ``path`` (a file, a link or a folder with everything in it), if anything."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except (IsADirectoryError, PermissionError):
        shutil.rmtree(path, ignore_errors=True)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _write(target: str, data: bytes) -> os.stat_result:
    """Write ``data`` into a new file ``target`` with plain system calls; its status after writing. A file
    already there (kept from the previous site) is unlinked first: it may be a hard link to the live site's."""
    try:
        try:
            fd = os.open(target, _CREATE, 0o666)
        except FileExistsError:
            os.unlink(target)
            fd = os.open(target, _CREATE, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            return os.fstat(fd)
        finally:
            os.close(fd)
    except OSError as err:
        if err.filename is None:
            raise OSError(err.errno, err.strerror, target) from err
        raise
