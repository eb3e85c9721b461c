"""File paths in content: plain names of files next to the file that names them, never outside the project.

A photo or a boundary is named by its bare file name (``keuken.jpg``,
``grens.geojson``). A name with a folder in front, ``..`` or a drive can point
anywhere on the machine that builds the site (``../../etc/passwd``), and a
symbolic link can do the same from inside the project: wijkgen reads neither.
Symbolic links that stay inside the project keep working.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import NamedTuple

# Characters that make a name a path: folder separators on any system, and a Windows drive ("C:").
_PATH_CHARACTERS = frozenset("/\\:\0")


def is_file_name(name: str) -> bool:
    """True when ``name`` is a bare file name: no folder, no ``..``, no drive, not absolute."""
    return bool(name) and name not in (".", "..") and not (_PATH_CHARACTERS & set(name))


def bare_name(name: str) -> str:
    """The last part of a path as an author might write it (``../../kaart/grens.geojson`` → ``grens.geojson``)."""
    return PurePosixPath(name.replace("\\", "/")).name or name


class WayOut(NamedTuple):
    """How a path leads out of the project: the message code that says so, and where it really leads."""

    code: str
    target: str


def leads_out(root: Path, path: Path) -> WayOut | None:
    """Where ``path`` really leads when that is not inside the project folder ``root`` (resolved): the
    message code and the target; None when it stays inside (or does not exist there yet).

    A path leads outside through ``..``, an absolute name or a symbolic link (of the file or of a
    folder on the way); a loop of symbolic links leads nowhere.
    """
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a loop, later versions OSError
        return WayOut("path.symlink_loop", _link_text(path))
    if real == root or real.is_relative_to(root):
        return None
    return WayOut("path.symlink_outside", str(real))


def _link_text(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return str(path)
