"""Which of a project's sources changed: told by the operating system, or found by looking at every file.

``wijkgen serve`` rebuilds with the list a watcher gives (:meth:`Watcher.changes`): the source files added,
changed, removed or renamed since the previous call, by path. The rebuild reads again only the wijk
folders that list names (:attr:`wijkgen.live.memo.LiveParsing.touched`), so the list must hold
every change. Where a watcher cannot be sure of that it answers ``None``: the rebuild then looks at every
folder itself (as a rebuild without a watcher does). Sources are ``content/``, ``templates/`` and
``wijkgen.yaml``; names starting with a dot, and files ending in ``~`` (editors' swap and backup files),
are left out.

Two watchers:

- :class:`NotifyWatcher` (the default): notifications from the operating system through ``watchfiles``
  (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows, by the Rust crate ``notify``).
  Costs nothing while nobody edits. A folder added, removed or renamed whole is named itself, its
  files not one by one. ``wijkgen.yaml`` and the identity of ``content/`` and ``templates/`` are checked
  with a ``stat`` at each call instead (an editor that saves by renaming would end a watch on the file
  itself; a folder created after the start has no watch yet): a new, removed or replaced ``content/``
  or ``templates/`` gets a new watch and the answer ``None``.
- :class:`PollingWatcher`: looks at the size and change time of every source file at each call (69 ms
  for 11,500 files, twice a second while ``serve`` waits).

:func:`open_watcher` chooses polling when

1. the user asks for it: ``wijkgen serve --poll`` or ``WIJKGEN_POLL=1``;
2. the project lies on a file system that does not deliver notifications for changes made elsewhere
   (:data:`NO_NOTIFICATIONS`, read from ``/proc/mounts`` for the folders watched): WSL2's Windows
   drives (``/mnt/c``: 9p or drvfs), network file systems (NFS, SMB), VM shared folders and sshfs;
3. the notifications cannot be had: creating the watch fails (inotify's limits on watches or
   instances: ``fs.inotify.max_user_watches``, ``max_user_instances``).

And a notify watcher turns to polling by itself when the notifications stop working later (``watchfiles``
reports an error, e.g. the watch limit reached for a new folder): that call answers ``None``, the next
ones come from polling.

Our own poller is the fallback, not ``watchfiles``' (``force_polling``): it looks exactly when it is
asked, so a rebuild always knows of every change made before it started; its list comes from comparing
two complete snapshots, so no change can fall between two looks; and it skips what the notify watcher
skips. ``watchfiles``' poller runs on a schedule of its own in a thread, walking every file there too.

One limit of the notifications: when the kernel's queue of unread events overflows
(``fs.inotify.max_queued_events``, 16,384 by default), events are lost, and ``watchfiles`` does not pass
the kernel's notice of it on (``notify``'s "rescan" event has no path, and ``watchfiles`` drops it).
Only a burst of thousands of files fills that queue (a branch switch), so more than :data:`BURST` paths
since the previous call are answered with ``None``: the rebuild then looks at every folder.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from wijkgen.load.config import CONFIG_FILE

SOURCE_FOLDERS = ("content", "templates")
BURST = 1_000  # more paths than this since the previous call: the kernel's queue may have overflowed

# File system types (as /proc/mounts names them) whose changes made elsewhere never reach inotify.
NO_NOTIFICATIONS = frozenset({
    "9p", "v9fs", "drvfs",  # WSL2's Windows drives (/mnt/c), WSL1's drvfs
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "afs", "ceph", "glusterfs", "fuse.glusterfs",  # network
    "vboxsf", "vmhgfs", "fuse.vmhgfs-fuse", "prl_fs",  # VirtualBox, VMware, Parallels shared folders
    "fuse.sshfs", "fuse.rclone", "davfs", "fuse.davfs2",  # remote folders mounted with FUSE
})

_DEBOUNCE_MS = 1_600  # watchfiles groups a burst of changes over at most this long
_STEP_MS = 50  # and hands them over once this long passes without a new one


class Watcher(Protocol):
    """Tells ``serve`` which source files changed."""

    kind: str  # "notify" or "poll"
    reason: str  # why polling was chosen ("" for notifications)

    def changes(self) -> frozenset[str] | None:
        """The source files changed since the previous call (empty when none); None when not known which."""

    def on_change(self, wake: Callable[[], object] | None) -> None:
        """Have ``wake`` called (from another thread) as soon as a change is noticed, where the watcher can."""

    def close(self) -> None:
        """Stop watching."""


def open_watcher(root: Path, poll: bool = False, mounts: str | None = None) -> Watcher:
    """The watcher for the project at ``root``: notifications where they work, else polling (see above).

    ``mounts``: the text of ``/proc/mounts`` (read when not given).
    """
    reason = polling_reason(root, poll, mounts)
    if not reason:
        try:
            return NotifyWatcher(root)
        except (OSError, RuntimeError, ImportError) as err:  # RuntimeError: WatchfilesRustInternalError;
            reason = f"no notifications: {err}"  # ImportError: watchfiles' inner module moved (it is not public)
    return PollingWatcher(root, reason)


def polling_reason(root: Path, asked: bool = False, mounts: str | None = None) -> str:
    """Why the project at ``root`` must be watched by polling; "" when notifications will do."""
    if asked:
        return "asked for (--poll or WIJKGEN_POLL)"
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:  # not Linux: FSEvents and ReadDirectoryChangesW see every change
            return ""
    for path in (root, *(root / name for name in SOURCE_FOLDERS)):
        kind = file_system(path, mounts)
        if kind in NO_NOTIFICATIONS:
            return f"{path} is on a {kind} file system"
    return ""


def file_system(path: Path, mounts: str) -> str:
    """The type of the file system holding ``path``, from the text of ``/proc/mounts`` ("" when not found)."""
    try:
        target = os.path.realpath(path)
    except OSError:
        return ""
    best, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape(fields[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):  # the deepest mount; of two on one place, the later
            best, kind = point, fields[2]
    return kind


def _unescape(field: str) -> str:
    r"""A mount point as /proc/mounts writes it, with its octal escapes (``\040`` for a space) undone."""
    if "\\" not in field:
        return field
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def is_source(root: Path, path: str) -> bool:
    """True when ``path`` (under ``root``) is one the watchers report: no part of it below ``root``
    starts with a dot, and it does not end in ``~``."""
    prefix = str(root) + os.sep
    rel = path[len(prefix):] if path.startswith(prefix) else os.path.relpath(path, root)
    return not rel.endswith("~") and not any(part.startswith(".") for part in rel.split(os.sep))


def _stat(path: str) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class PollingWatcher:
    """Notices changes by looking at the size and change time of every source file at each call."""

    kind = "poll"

    def __init__(self, root: Path, reason: str = "") -> None:
        self.root = root
        self.reason = reason
        self.seen = self.snapshot()

    def snapshot(self) -> dict[str, tuple[int, int]]:
        """Modification time and size of every source file, by path."""
        found: dict[str, tuple[int, int]] = {}
        for folder in SOURCE_FOLDERS:
            for dirpath, dirnames, filenames in os.walk(self.root / folder):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in filenames:
                    if not name.startswith(".") and not name.endswith("~"):
                        self._stat(os.path.join(dirpath, name), found)
        self._stat(str(self.root / CONFIG_FILE), found)
        return found

    @staticmethod
    def _stat(path: str, found: dict[str, tuple[int, int]]) -> None:
        try:
            info = os.stat(path)
        except OSError:
            return
        found[path] = (info.st_mtime_ns, info.st_size)

    def changes(self) -> frozenset[str]:
        """The source files added, changed or removed since the last call (by path; empty when none)."""
        now = self.snapshot()
        if now == self.seen:
            return frozenset()
        found = frozenset(path for path in now.keys() | self.seen.keys() if now.get(path) != self.seen.get(path))
        self.seen = now
        return found

    def on_change(self, wake: Callable[[], object] | None) -> None:
        """Polling notices changes only when asked: nothing to wake."""

    def close(self) -> None:
        """Nothing runs in between calls."""


class NotifyWatcher:
    """Notices changes by the operating system's notifications, through ``watchfiles``.

    Creating one starts the watch (a thread of ``watchfiles``' Rust code, outside Python); the Python
    thread that collects its batches starts at the first :meth:`changes`, :meth:`wait` or
    :meth:`on_change`, so a build run in between may still fork its workers (see
    :func:`wijkgen.speed.workers.ordered_map`) and the changes made during it are reported afterwards.
    Raises ``OSError`` or ``RuntimeError`` when the notifications cannot be had.
    """

    kind = "notify"
    reason = ""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = str(root / CONFIG_FILE)
        self._cond = threading.Condition()
        self._pending: set[str] = set()
        self._failed = ""  # why the notifications stopped; polling from the next call on
        self._wake: Callable[[], object] | None = None
        self._fallback: PollingWatcher | None = None
        self._seen_config = _stat(self.config)
        self._folders = self._identities()
        self._watch: _Notifications | None = self._notifications()

    def _identities(self) -> tuple[tuple[int, int] | None, ...]:
        return tuple(_identity(str(self.root / name)) for name in SOURCE_FOLDERS)

    def _notifications(self) -> _Notifications | None:
        folders = [str(self.root / name) for name, found in zip(SOURCE_FOLDERS, self._folders, strict=True) if found]
        return _Notifications(folders, self._receive) if folders else None

    def _receive(self, paths: set[str] | None, failure: str = "") -> None:
        """Called on the collecting thread with each batch (or the error that ended the watch)."""
        with self._cond:
            if failure:
                self._failed = failure
            elif paths:
                self._pending.update(p for p in paths if is_source(self.root, p))
                if not self._pending:
                    return
            self._cond.notify_all()
            wake = self._wake
        if wake is not None:
            with contextlib.suppress(RuntimeError):  # the event loop may have closed meanwhile
                wake()

    def on_change(self, wake: Callable[[], object] | None) -> None:
        """Have ``wake`` called (on the collecting thread) after each batch of changes."""
        with self._cond:
            self._wake = wake
        self._start()

    def _start(self) -> None:
        if self._watch is not None:
            self._watch.start()

    def wait(self, timeout: float, path: str | None = None) -> bool:
        """Block until a change is known (of ``path``, when given) or ``timeout`` seconds pass; True when it
        is. Only what the notifications tell counts here, not the ``stat`` of the config file."""
        self._start()

        def known() -> bool:
            return bool(self._failed) or (path in self._pending if path is not None else bool(self._pending))

        with self._cond:
            return self._cond.wait_for(known, timeout)

    def changes(self) -> frozenset[str] | None:
        """The source files changed since the previous call (empty when none); None when not known which."""
        if self._fallback is not None:
            return self._fallback.changes()
        self._start()
        with self._cond:
            pending, self._pending = self._pending, set()
            failed = self._failed
        if failed:  # from now on by polling; its first snapshot is taken before the rebuild looks at everything
            self._stop()
            self._fallback = PollingWatcher(self.root, f"notifications stopped: {failed}")
            return None
        config = _stat(self.config)
        if config != self._seen_config:
            self._seen_config = config
            pending.add(self.config)
        folders = self._identities()
        if folders != self._folders:  # content/ or templates/ added, removed or replaced: watch them anew
            self._folders = folders
            self._stop()
            self._watch = self._notifications()
            self._start()
            return None
        if len(pending) > BURST:
            return None
        return frozenset(pending)

    def _stop(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None

    def close(self) -> None:
        """Stop watching (and the collecting thread)."""
        self._stop()
        if self._fallback is not None:
            self._fallback.close()


class _Notifications:
    """One ``watchfiles`` watch over some folders, and the thread that hands its batches to ``receive``."""

    def __init__(self, folders: list[str], receive: Callable[..., None]) -> None:
        from watchfiles._rust_notify import RustNotify

        # The Rust class behind watchfiles.watch(), used directly: watch() would start its own generator
        # thread per call and its timeout path may drop a change that lands in the same instant.
        self._notify = RustNotify(folders, False, False, 0, True, False)
        self._receive = receive
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None and not self._stopping.is_set():
            self._thread = threading.Thread(target=self._collect, name="wijkgen-watch", daemon=True)
            self._thread.start()

    def _collect(self) -> None:
        while True:
            try:
                # no timeout: it returns with changes, or "stop" once _stopping is set
                batch = self._notify.watch(_DEBOUNCE_MS, _STEP_MS, 0, self._stopping)
            except RuntimeError as err:  # the watch broke (e.g. the inotify watch limit, for a new folder)
                self._receive(None, str(err) or type(err).__name__)
                return
            if not isinstance(batch, set):
                return
            self._receive({path for _, path in batch})

    def close(self) -> None:
        self._stopping.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        self._notify.close()
