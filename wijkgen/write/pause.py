"""Named pause points in a build, for the fault tests only: nothing happens unless a test asks for one.

``tests/test_faults.py`` kills builds at precise moments. Rather than guess a moment by time, it starts a
build with ``WIJKGEN_TEST_PAUSE_AT=<point>`` and ``WIJKGEN_TEST_PAUSE_FILE=<path>``. The first time that
process reaches ``<point>``, it creates ``<path>`` (holding the point's name and its process id) and waits
there until the file is removed again, or until it is killed, which is what the tests do. Without those
variables :func:`pause_at` returns at once and does nothing.

The points, in the order a build reaches them:

- ``cache-write``: inside a write transaction of the build cache, its rows inserted, not yet committed;
- ``staging``: the build has taken the staging folder: a new, empty one, or the one the last build kept (it holds
  the previous site), not changed yet;
- ``pages``: the first pages are in the staging folder, the render workers go on with the rest;
- ``search-index``: every page and data file is staged, Pagefind is about to index them;
- ``indexing``: Pagefind's service runs and has the first pages of the first shard (paused in the thread
  that drives it);
- ``pruning``: the staging folder holds every file of the new site; what only the kept previous site had is being
  removed (one entry is gone, when there was any);
- ``swapped``: the new site has just been swapped in; the staging folder now holds the previous one.
"""

from __future__ import annotations

import os
import time

POINTS = ("cache-write", "staging", "pages", "search-index", "indexing", "pruning", "swapped")
POINT_VARIABLE = "WIJKGEN_TEST_PAUSE_AT"
FILE_VARIABLE = "WIJKGEN_TEST_PAUSE_FILE"

_reached: set[str] = set()  # each point pauses once per process (forked workers inherit this)


def pause_at(point: str) -> None:
    """Wait here when a test asked for ``point`` (see the module's description); otherwise do nothing."""
    assert point in POINTS, point
    if os.environ.get(POINT_VARIABLE) != point or point in _reached:
        return
    _reached.add(point)
    announce = os.environ.get(FILE_VARIABLE)
    if not announce:
        return
    temporary = f"{announce}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(f"{point} {os.getpid()}\n")
    os.replace(temporary, announce)  # the test never sees a half-written file
    while os.path.exists(announce):
        time.sleep(0.01)
