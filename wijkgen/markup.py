"""Markdown to safe HTML: Python-Markdown renders, nh3 removes anything unsafe."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from wijkgen.limits import too_deep_line
from wijkgen.parallel import ordered_map

if TYPE_CHECKING:
    from wijkgen.cache import BuildCache


class _NoH1(Treeprocessor):
    """Turns ``# heading`` into h2: the page title is the only h1, so sections start at h2."""

    def run(self, root: Any) -> None:
        for element in root.iter("h1"):
            element.tag = "h2"


class _NoH1Extension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_NoH1(md), "wijkgen_no_h1", 40)  # before toc (5) assigns ids


_EXTENSIONS: list[str | Extension] = ["extra", "sane_lists", "toc", _NoH1Extension()]
_ATTRIBUTES: dict[str, set[str]] = copy.deepcopy(nh3.ALLOWED_ATTRIBUTES)
for _heading in ("h2", "h3", "h4", "h5", "h6"):
    _ATTRIBUTES.setdefault(_heading, set()).add("id")
_ATTRIBUTES.setdefault("img", set()).update({"alt", "src", "width", "height", "title"})
_ATTRIBUTES.setdefault("a", set()).add("title")
_TAGS = set(nh3.ALLOWED_TAGS) - {"center", "strike", "tt", "acronym"}


@dataclass(frozen=True)
class Rendered:
    """Rendered Markdown and the remote images it tried to load (not allowed on our sites)."""

    html: Markup
    remote_images: tuple[str, ...] = ()
    too_deep_line: int = 0  # the first line nested deeper than MAX_NESTING: then nothing is rendered


class MarkdownRenderer:
    """Renders author Markdown; ``#`` and ``##`` both give h2 because the page title is the h1."""

    def __init__(self, store: BuildCache | None = None) -> None:
        self._md = markdown.Markdown(
            extensions=_EXTENSIONS,
            extension_configs={"toc": {"permalink": False}},
            output_format="html",
        )
        self._store = store
        self._known: dict[bytes, Rendered] = {}

    def _key(self, text: str) -> bytes:
        from wijkgen.cache import code_fingerprint, digest

        return digest(code_fingerprint(), "markdown", text)

    def prepare(self, texts: Iterable[str]) -> None:
        """Render many texts ahead of use: from the cache where it has them, the rest across the cores."""
        wanted = {self._key(t): t for t in texts if t.strip()}
        if self._store is not None:
            self._known.update(self._store.get_many("markdown", wanted.keys() - self._known.keys()))
        missing = [(k, t) for k, t in wanted.items() if k not in self._known]
        for (key, _), rendered in zip(missing, ordered_map(self._convert, [t for _, t in missing]), strict=True):
            self._remember(key, rendered)

    def _remember(self, key: bytes, rendered: Rendered) -> None:
        self._known[key] = rendered
        if self._store is not None:
            self._store.put("markdown", key, rendered)

    def render(self, text: str) -> Rendered:
        """Render ``text``; raw HTML in it is sanitised, scripts and styles are removed."""
        if not text.strip():
            return Rendered(Markup(""))
        if self._store is None and not self._known:
            return self._convert(text)
        key = self._key(text)
        found = self._known.get(key)
        if found is None and self._store is not None:
            found = self._store.get("markdown", key)
            if isinstance(found, Rendered):
                self._known[key] = found
            else:
                found = None
        if found is None:
            found = self._convert(text)
            self._remember(key, found)
        return found

    def _convert(self, text: str) -> Rendered:
        deep = too_deep_line(text)
        if deep:  # refused before Python-Markdown recurses and the sanitiser slows down on it
            return Rendered(Markup(""), too_deep_line=deep)
        remote: list[str] = []

        def keep(tag: str, attr: str, value: str) -> str | None:
            if tag == "img" and attr == "src" and "//" in value:
                remote.append(value)
                return None
            return value

        raw = self._md.reset().convert(text)
        clean = nh3.clean(
            raw, tags=_TAGS, attributes=_ATTRIBUTES, attribute_filter=keep, link_rel="noopener noreferrer"
        )
        return Rendered(Markup(clean), tuple(remote))

    def inline(self, text: str) -> Markup:
        """Render a one-paragraph text without the surrounding <p>."""
        html = str(self.render(text).html)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)
