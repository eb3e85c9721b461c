"""Static full-text search: Pagefind indexes the finished pages into ``pagefind/`` of the site.

The Pagefind binary comes from the ``pagefind-bin`` package (installed with
``pagefind[bin]``); nothing is downloaded at run time. It runs on the staging
folder before the swap, so a failed index leaves the previous site untouched.
Pagefind indexes only elements marked ``data-pagefind-body`` (the theme marks
``<main>`` of every content page), and writes its own script, styles and
WebAssembly next to the index: the search page loads them from the site itself.

Determinism: Pagefind names its files after hashes of their contents and sorts
its input, so the same pages give byte-identical output (tests check this; also
checked by hand on a generated project of 1,217 pages). Its own script files and
``pagefind-entry.json`` carry its version, so identical output also needs the
same ``pagefind-bin`` version (pyproject.toml allows 1.x). It
reads configuration from ``pagefind.*`` files in its working folder and from
``PAGEFIND_*`` variables; wijkgen runs it in the staging folder (which has no
such file) with those variables removed, so only the flags below count.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"
TIMEOUT_SECONDS = 600


class SearchIndexError(Exception):
    """Pagefind could not build the index: why, in Pagefind's words, or as a message of wijkgen (``detail_code``)."""

    def __init__(self, detail: str = "", detail_code: str | None = None) -> None:
        super().__init__(detail or detail_code)
        self.message_args: dict[str, str] = {"detail_code": detail_code} if detail_code else {"detail": detail}


def executable() -> Path:
    """The Pagefind binary shipped in the ``pagefind-bin`` wheel."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError as err:
        raise SearchIndexError(detail_code="search.not_installed") from err
    path: Path = get_executable()
    return path


def command(site_dir: Path, output: Path | None = None) -> list[str]:
    """The Pagefind command line that indexes the site in ``site_dir`` (into ``output`` when given)."""
    where = ["--output-path", str(output)] if output is not None else ["--output-subdir", OUTPUT_SUBDIR]
    return [str(executable()), "--site", str(site_dir), *where, "--quiet"]


def build_index(site_dir: Path, output: Path | None = None) -> None:
    """Index the HTML pages in ``site_dir`` into ``site_dir/pagefind`` (or into ``output``, a folder that
    ``serve`` moves into place later); raises :class:`SearchIndexError`."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
    try:
        done = subprocess.run(
            command(site_dir, output), cwd=site_dir, env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise SearchIndexError(str(err)) from err
    if done.returncode != 0:
        said = [line.strip() for line in done.stderr.splitlines() if line.strip()]
        said = said or [line.strip() for line in done.stdout.splitlines() if line.strip()][-3:]
        raise SearchIndexError(" ".join(dict.fromkeys(said)) or f"exit code {done.returncode}")


def tool_fingerprint() -> str:
    """Which Pagefind binary indexes (path, size, change time): a carried-over index needs the same one."""
    try:
        path = executable()
        stat = path.stat()
    except (SearchIndexError, OSError):
        return "missing"
    return f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}"
