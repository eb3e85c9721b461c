"""Work spread over the machine's cores: forked worker processes that inherit the parent's state.

Results come back in the order of the input, so output stays deterministic.
Workers are forked (POSIX), so they see the model, templates and renderer the
parent built without pickling them; only the items and results cross. Where
fork is not available, or there is one core, or little work, everything runs
in the calling process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_TASK: Callable[[Any], Any] | None = None


def workers() -> int:
    """How many worker processes to use: the cores this process may run on (``WIJKGEN_JOBS`` overrides)."""
    wanted = os.environ.get("WIJKGEN_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _run(item: Any) -> Any:
    assert _TASK is not None
    return _TASK(item)


def ordered_map(task: Callable[[T], R], items: Sequence[T], min_items: int = 64) -> Iterator[R]:
    """``task`` applied to each item, results yielded in input order, spread over forked workers.

    ``task`` may be any callable (a closure too): the workers inherit it by fork.
    Runs in this process when there is one worker, few items or no fork, and when this process
    has other threads (``serve``'s server and search indexer): forking those can deadlock a worker.
    """
    global _TASK
    processes = min(workers(), max(1, len(items) // max(1, min_items)))
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        yield from map(task, items)
        return
    _TASK = task
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            chunk = max(1, min(64, len(items) // (processes * 8)))
            results = pool.imap(_run, items, chunksize=chunk)
            try:
                yield from results
            except (GeneratorExit, Exception):
                # The caller stopped early (say, a template error) or a task failed. Leaving the pool
                # now terminates it while its task thread may still be handing out work, which can
                # hang for good (seen under load); so the remaining tasks finish first.
                _drain(results)
                raise
    finally:
        _TASK = None


def _drain(results: Iterator[Any]) -> None:
    """Take every remaining result, ignoring failures (the first one is already on its way up)."""
    while True:
        try:
            next(results)
        except StopIteration:
            return
        except Exception:  # only waiting for the workers here
            continue
