"""The write stage: output goes to a staging folder and is swapped in only when complete.

A failed build removes its staging folder and leaves the previous site as it was.
A killed build leaves it as it was too: the swap is one step (on Linux), and the
next build, holding the :class:`OutputLock`, removes what the killed one left.
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


def remove_leftovers(out: Path) -> None:
    """Remove the staging and replaced folders that killed builds into ``out`` left next to it.

    Call only while holding the :class:`OutputLock` of ``out``: a running build owns such folders.
    """
    try:
        entries = list(os.scandir(out.parent))
    except OSError:
        return
    prefixes = (f".{out.name}.staging-", f".{out.name}.old-")
    for entry in entries:
        if entry.name.startswith(prefixes) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


def write_error(err: OSError, out: Path) -> ProjectError:
    """The message for a build that could not write its output: what happened and what to do (disk full, …)."""
    reason = _WRITE_REASONS.get(err.errno or 0, "other")
    shown = out
    if isinstance(err.filename, str | bytes):
        shown = Path(os.fsdecode(err.filename))
        for folder in shown.parents:  # a file in the staging folder is shown where it was meant to go
            if folder.parent == out.parent and folder.name.startswith(f".{out.name}.staging-"):
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

    Use as a context manager; leaving it without ``commit`` (or by an
    exception) removes the staging folder and touches nothing else.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.staging: Path | None = None
        self.written: set[str] = set()
        self.reserved: set[str] = set()
        self._root = ""  # the staging folder as text: paths are joined as strings, one os call per file
        self._folders: set[str] = set()

    def __enter__(self) -> StagedSite:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self._root = tempfile.mkdtemp(prefix=f".{self.out.name}.staging-", dir=self.out.parent)
        self.staging = Path(self._root)
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
        target = os.path.join(self._root, rel)
        parent = os.path.dirname(target)
        if parent not in self._folders:
            os.makedirs(parent, exist_ok=True)
            self._folders.add(parent)
        return target

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
        return os.path.join(self._root, rel)

    def fill(self, rel: str, data: bytes) -> os.stat_result:
        """Write ``data`` at the reserved path ``rel``; returns the new file's status (size, change time)."""
        return _write(self._reserved(rel), data)

    def read(self, rel: str) -> bytes:
        """The bytes written at output path ``rel``."""
        if rel not in self.written:
            raise UnsafePath(f"not an output: {rel}")
        with open(os.path.join(self._root, rel), "rb") as stream:
            return stream.read()

    def carry(self, rel: str, previous: Path | str) -> os.stat_result:
        """Fill the reserved path ``rel`` with the unchanged file ``previous`` of the last site, without
        rewriting it (a hard link where the file system allows, else a copy)."""
        target = self._reserved(rel)
        try:
            os.link(previous, target)
        except OSError:
            with _naming(target):
                shutil.copy2(previous, target)
        return os.stat(target)

    def write(self, rel: str, data: bytes) -> None:
        """Write ``data`` at output path ``rel`` (POSIX, relative)."""
        _write(self._target(rel), data)

    def copy(self, rel: str, source: Path) -> None:
        """Copy the file ``source`` to output path ``rel``."""
        target = self._target(rel)
        with _naming(target):
            shutil.copyfile(source, target)

    def commit(self) -> None:
        """Swap the finished staging folder in place of the output folder (in one step where the system can)."""
        assert self.staging is not None
        os.chmod(self.staging, 0o755)
        if self.out.is_dir() and _exchange(self.staging, self.out):
            pause_at("swapped")
            shutil.rmtree(self.staging, ignore_errors=True)  # it holds the previous site now
            self.staging = None
            return
        old: Path | None = None
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            os.rmdir(old)
            os.rename(self.out, old)
        os.rename(self.staging, self.out)
        pause_at("swapped")
        self.staging = None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def _write(target: str, data: bytes) -> os.stat_result:
    """Write ``data`` into the file ``target`` with plain system calls; its status after writing."""
    try:
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
