"""Work spread over the machine's cores: forked worker processes that inherit the parent's state.

Results come back in the order of the input, so output stays deterministic.
Workers are forked (POSIX), so they see the model, templates and renderer the
parent built without pickling them; only the items and results cross. Where
fork is not available, or there is one core, or little work, everything runs
in the calling process.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The work of a worker process: set once in each worker when it starts (by fork it inherits the task and
# the items themselves), never in the process that hands out the work.
_WORKER_JOB: list[tuple[Callable[[Any], Any], Sequence[Any]]] = []


def workers() -> int:
    """How many worker processes to use: the cores this process may run on (``WIJKGEN_JOBS`` overrides)."""
    wanted = os.environ.get("WIJKGEN_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _run(index: int) -> Any:
    task, items = _WORKER_JOB[0]
    return task(items[index])


def _start_worker(parent: int, task: Callable[[Any], Any], items: Sequence[Any]) -> None:
    """In a new worker: take its task and items, let SIGTERM end it again, and end it when its parent ends.

    A worker forked from ``serve`` inherits the no-op SIGTERM handler of its event loop, so
    ``Pool.terminate`` could not stop one waiting for a task, and the pool's exit would wait for it
    forever. And when the parent is killed (SIGKILL), PR_SET_PDEATHSIG (Linux) ends the worker at
    once, instead of it working on into a staging folder nobody will use.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it ended before that took effect
        os._exit(1)
    _WORKER_JOB.append((task, items))


def ordered_map(task: Callable[[T], R], items: Sequence[T], min_items: int = 64) -> Iterator[R]:
    """``task`` applied to each item, results yielded in input order, spread over forked workers.

    ``task`` may be any callable (a closure too): the workers inherit it, and the items, by fork; only
    indexes go to them. (Big pickled items could also leave ``Pool.terminate`` hanging on a half-written
    task when a worker fails, e.g. on a full disk.)
    Runs in this process when there is one worker, few items or no fork, and when this process
    has other threads (``serve``'s server and search indexer): forking those can deadlock a worker.
    """
    processes = min(workers(), max(1, len(items) // max(1, min_items)))
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        yield from map(task, items)
        return
    # With fork the initializer's arguments are inherited, not pickled: a closure and big items are fine.
    with multiprocessing.get_context("fork").Pool(processes, _start_worker, (os.getpid(), task, items)) as pool:
        chunk = max(1, min(64, len(items) // (processes * 8)))
        results = pool.imap(_run, range(len(items)), chunksize=chunk)
        try:
            yield from results
        except (GeneratorExit, Exception):
            # The caller stopped early (say, a template error) or a task failed. Leaving the pool
            # now terminates it while its task thread may still be handing out work, which can
            # hang for good (seen under load); so the remaining tasks finish first.
            _drain(results)
            raise


def _drain(results: Iterator[Any]) -> None:
    """Take every remaining result, ignoring failures (the first one is already on its way up)."""
    while True:
        try:
            next(results)
        except StopIteration:
            return
        except Exception:  # only waiting for the workers here
            continue
