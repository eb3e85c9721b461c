"""The date a build counts as "today": from SOURCE_DATE_EPOCH or the project's last commit, never the clock.

Pages that split events into upcoming and past need a date. Taking the wall
clock would make two builds of the same content differ; the reproducible-builds
convention SOURCE_DATE_EPOCH, or else the date of the last Git commit that
touched the project, gives every build of one commit the same bytes. The
reader's browser then splits the list again on the reader's own date.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

_GIT_TIMEOUT_S = 20.0  # a bound that only matters when something hangs


def build_date(root: Path, environ: Mapping[str, str] | None = None) -> dt.date | None:
    """The build's date (UTC): SOURCE_DATE_EPOCH when set to whole seconds, else the last commit touching
    ``root``; None when neither is known (not a Git checkout, no git installed)."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _utc_date(int(epoch))
    return _last_commit_date(root)


def _utc_date(seconds: int) -> dt.date | None:
    try:
        return dt.datetime.fromtimestamp(seconds, dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def _last_commit_date(root: Path) -> dt.date | None:
    git = shutil.which("git")
    if git is None or not root.is_dir():
        return None
    try:
        done = subprocess.run([git, "log", "-1", "--format=%ct", "--", "."], cwd=root, capture_output=True,
                              text=True, timeout=_GIT_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = done.stdout.strip()
    return _utc_date(int(stamp)) if done.returncode == 0 and stamp.isdigit() else None
