"""Paired timing of two ways to do the same work, for the scripts next to this one.

The machine is shared and noisy, so two alternatives are compared only within pairs run back to back
(A B A B …), by the median of the per-pair ratios
B / A and their range; never by medians of separate runs.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

A = TypeVar("A")
B = TypeVar("B")


@dataclass(frozen=True)
class Paired:
    """The times of A and B in each pair (seconds) and the ratio B / A of each pair."""

    a: list[float]
    b: list[float]

    @property
    def ratios(self) -> list[float]:
        return [b / a for a, b in zip(self.a, self.b, strict=True)]

    def summary(self, a_name: str = "A", b_name: str = "B") -> str:
        """One line: the median ratio with its range, and each side's median time."""
        r = self.ratios
        return (
            f"{b_name} / {a_name}: median {statistics.median(r):.2f}× (range {min(r):.2f}–{max(r):.2f}, "
            f"{len(r)} pairs); {a_name} median {statistics.median(self.a) * 1000:.1f} ms, "
            f"{b_name} median {statistics.median(self.b) * 1000:.1f} ms"
        )


def _timed(work: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def alternate(a: Callable[[], A], b: Callable[[], B], pairs: int = 7, warmup: bool = True) -> tuple[list[A], list[B]]:
    """Run ``a`` then ``b``, ``pairs`` times over (after one unrecorded run of each): what each run returned."""
    if warmup:
        a()
        b()
    a_results: list[A] = []
    b_results: list[B] = []
    for _ in range(pairs):
        a_results.append(a())
        b_results.append(b())
    return a_results, b_results


def ratio_line(label: str, a: list[float], b: list[float]) -> str:
    """``label``: the median of the per-pair ratios b / a, with their range."""
    r = [y / x for x, y in zip(a, b, strict=True)]
    return f"{label} {statistics.median(r):.2f}× (range {min(r):.2f}–{max(r):.2f}, {len(r)} pairs)"


def paired(a: Callable[[], object], b: Callable[[], object], pairs: int = 7, warmup: bool = True) -> Paired:
    """Run ``a`` then ``b``, ``pairs`` times over (after one untimed run of each), and time each run."""
    a_times, b_times = alternate(lambda: _timed(a), lambda: _timed(b), pairs, warmup)
    return Paired(a_times, b_times)
