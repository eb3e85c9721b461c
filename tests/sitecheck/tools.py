"""Where the checks' tools are: Chromium from Debian, axe-core and vnu-jar from npm (package-lock.json)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
CHROMIUM = Path("/usr/bin/chromium")


def node_module(relative: str) -> Path:
    """A file of an npm package installed from the repository's lock file; fails with the fix when missing."""
    path = REPO / "node_modules" / relative
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: run `npm ci --ignore-scripts` in {REPO} (scripts/test.sh does)")
    return path


def chromium() -> Path:
    """Debian's Chromium; fails with the fix when it is not installed."""
    if not CHROMIUM.is_file():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install chromium (scripts/test.sh does)")
    return CHROMIUM
