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


def paired(a: Callable[[], object], b: Callable[[], object], pairs: int = 7, warmup: bool = True) -> Paired:
    """Run ``a`` then ``b``, ``pairs`` times over (after one untimed run of each), and time each run."""
    if warmup:
        a()
        b()
    a_times: list[float] = []
    b_times: list[float] = []
    for _ in range(pairs):
        a_times.append(_timed(a))
        b_times.append(_timed(b))
    return Paired(a_times, b_times)
