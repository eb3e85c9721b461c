"""Markdown from the build cache and across the cores: the assembler's renderer, made faster.

The same texts give the same HTML: what Python-Markdown and the sanitiser made
of a text is kept in the build cache by its digest, and texts not seen before
are converted ahead of the assembly by worker processes.
"""

from __future__ import annotations

from collections.abc import Iterable

from wijkgen.model.markup import MarkdownRenderer, Rendered
from wijkgen.speed.cache import BuildCache, code_fingerprint, digest
from wijkgen.speed.workers import ordered_map


class CachedMarkdown(MarkdownRenderer):
    """A :class:`MarkdownRenderer` that remembers every text it rendered, in memory and in ``store``."""

    def __init__(self, store: BuildCache, language: str = "nl") -> None:
        super().__init__(language)
        self._store = store
        self._known: dict[bytes, Rendered] = {}
        self.rendered: list[bytes] | None = None  # when a list: the key of each text render() is asked for

    def _key(self, text: str) -> bytes:
        return digest(code_fingerprint(), "markdown", self.language, text)

    def prepare(self, texts: Iterable[str]) -> None:
        """Render many texts ahead of use: from the cache where it has them, the rest across the cores."""
        wanted = {self._key(t): t for t in texts if t.strip()}
        self._known.update(self._store.get_many("markdown", wanted.keys() - self._known.keys()))
        missing = [(k, t) for k, t in wanted.items() if k not in self._known]
        for (key, _), rendered in zip(missing, ordered_map(self.convert, [t for _, t in missing]), strict=True):
            self._remember(key, rendered)

    def _remember(self, key: bytes, rendered: Rendered) -> None:
        self._known[key] = rendered
        self._store.put("markdown", key, rendered)

    def render(self, text: str) -> Rendered:
        """The rendered ``text``: remembered, cached, or converted now (and remembered)."""
        if not text.strip():
            return super().render(text)
        key = self._key(text)
        if self.rendered is not None:
            self.rendered.append(key)
        found = self._known.get(key)
        if found is None:
            cached = self._store.get("markdown", key)
            if isinstance(cached, Rendered):
                found = self._known[key] = cached
        if found is None:
            found = self.convert(text)
            self._remember(key, found)
        return found
