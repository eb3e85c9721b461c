"""The write stage: output goes to a staging folder and is swapped in only when complete.

A failed build removes its staging folder and leaves the previous site as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from types import TracebackType

from wijkgen.errors import ProjectError


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
        self._folders: set[Path] = set()

    def __enter__(self) -> StagedSite:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.staging-", dir=self.out.parent))
        return self

    def _target(self, rel: str) -> Path:
        assert self.staging is not None
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts:
            raise UnsafePath(f"path escapes the output folder: {rel}")
        if rel in self.written:
            raise UnsafePath(f"two outputs on one path: {rel}")
        self.written.add(rel)
        target = self.staging.joinpath(*pure.parts)
        parent = target.parent
        if parent not in self._folders:
            parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(parent)
        return target

    def reserve(self, rel: str) -> None:
        """Claim output path ``rel`` now (checked like a write), to be filled later by :meth:`fill`.

        Worker processes forked after the reservations fill them; every path is
        checked here, in one place, before any of them writes.
        """
        self.reserved.add(rel)
        self._target(rel)

    def _reserved(self, rel: str) -> Path:
        assert self.staging is not None
        if rel not in self.reserved:
            raise UnsafePath(f"not a reserved output: {rel}")
        return self.staging.joinpath(*PurePosixPath(rel).parts)

    def fill(self, rel: str, data: bytes) -> os.stat_result:
        """Write ``data`` at the reserved path ``rel``; returns the new file's status (size, change time)."""
        target = self._reserved(rel)
        target.write_bytes(data)
        return target.stat()

    def carry(self, rel: str, previous: Path) -> os.stat_result:
        """Fill the reserved path ``rel`` with the unchanged file ``previous`` of the last site, without
        rewriting it (a hard link where the file system allows, else a copy)."""
        target = self._reserved(rel)
        try:
            os.link(previous, target)
        except OSError:
            shutil.copy2(previous, target)
        return target.stat()

    def write(self, rel: str, data: bytes) -> None:
        """Write ``data`` at output path ``rel`` (POSIX, relative)."""
        self._target(rel).write_bytes(data)

    def copy(self, rel: str, source: Path) -> None:
        """Copy the file ``source`` to output path ``rel``."""
        shutil.copyfile(source, self._target(rel))

    def run(self, tool: Callable[[Path], None]) -> list[str]:
        """Let ``tool`` add files to the staging folder (e.g. a search indexer); returns what it added.

        The tool gets the staging folder's path. Files it adds are recorded like
        written ones; changing or removing a file written before is refused.
        """
        assert self.staging is not None
        before = {rel: self._stamp(rel) for rel in self.written}
        tool(self.staging)
        for rel, stamp in before.items():
            if self._stamp(rel) != stamp:
                raise UnsafePath(f"an external tool changed an output: {rel}")
        added = sorted(
            path.relative_to(self.staging).as_posix()
            for path in self.staging.rglob("*")
            if path.is_file() and path.relative_to(self.staging).as_posix() not in self.written
        )
        self.written.update(added)
        return added

    def _stamp(self, rel: str) -> tuple[int, int] | None:
        assert self.staging is not None
        path = self.staging.joinpath(*PurePosixPath(rel).parts)
        if not path.is_file():
            return None
        stat = path.stat()
        return (stat.st_size, stat.st_mtime_ns)

    def commit(self) -> None:
        """Swap the finished staging folder in place of the output folder."""
        assert self.staging is not None
        os.chmod(self.staging, 0o755)
        old: Path | None = None
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            os.rmdir(old)
            os.rename(self.out, old)
        os.rename(self.staging, self.out)
        self.staging = None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None
