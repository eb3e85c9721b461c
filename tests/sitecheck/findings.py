"""What the site checkers report: one finding per problem, and a tally of what was checked."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Finding:
    """One problem a checker found on one page of a built site."""

    checker: str  # links, vnu, browser or axe
    page: str  # the page's path in the site, e.g. "de-banne/index.html"
    kind: str  # what kind of problem, e.g. "broken-link", "image-alt", "external-request"
    detail: str  # the specifics: the target, the message, the element

    def __str__(self) -> str:
        return f"{self.checker}: {self.page}: {self.kind}: {self.detail}"


def report(findings: list[Finding]) -> str:
    """Findings as sorted lines, for assertion messages and expected files."""
    return "".join(f"{f}\n" for f in sorted(set(findings)))


@dataclass
class Tally:
    """Counts and times of the checks over the example site, printed at the end of the test run."""

    counts: Counter[str] = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, n: int = 1) -> None:
        """Add ``n`` to the count called ``name``."""
        self.counts[name] += n

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        """Add the time the block takes to the time called ``name``."""
        start = time.monotonic()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.monotonic() - start

    def lines(self) -> list[str]:
        """The tally as report lines, or nothing when no site check ran."""
        if not self.counts and not self.seconds:
            return []
        out = [f"{name}: {self.counts[name]}" for name in sorted(self.counts)]
        out += [f"time {name}: {self.seconds[name]:.1f} s" for name in sorted(self.seconds)]
        return out


TALLY = Tally()
