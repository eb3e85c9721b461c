"""Markdown to safe HTML: Python-Markdown renders, nh3 removes anything unsafe."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape as html_unescape
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3
from markdown.extensions import Extension, toc
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from wijkgen.i18n.catalogue import text
from wijkgen.parse.limits import too_deep_line


class _NoH1(Treeprocessor):
    """Turns ``# heading`` into h2: the page title is the only h1, so sections start at h2."""

    def run(self, root: Any) -> None:
        for element in root.iter("h1"):
            element.tag = "h2"


class _NoBlankAlt(Treeprocessor):
    """Drops the blank alt text of a Markdown image (``![](keuken.jpg)``), so that it counts as missing:
    only ``<img … alt="">`` in HTML says on purpose that an image is decoration."""

    def run(self, root: Any) -> None:
        for element in root.iter("img"):
            if not (element.get("alt") or "").strip():
                element.attrib.pop("alt", None)


class _NoH1Extension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_NoH1(md), "wijkgen_no_h1", 40)  # before toc (5) assigns ids
        md.treeprocessors.register(_NoBlankAlt(md), "wijkgen_no_blank_alt", 15)  # after inline (20) makes images


_EXTENSIONS: list[str | Extension] = ["extra", "sane_lists", "toc", _NoH1Extension()]

# The sanitising policy: an allowlist of what author HTML may reach a page. Everything else is removed.
# Text-level and structural tags only: no scripts, styles, frames, embedded objects, forms, SVG or MathML,
# no <meta>, <base> or <link>, and no landmarks (<nav>, <header>, …) that would confuse the page's own.
ALLOWED_TAGS: frozenset[str] = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "data",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s",
    "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul", "var", "wbr",
})
# Attributes per tag; none is an event handler, a style or a class. Every href and src is checked against
# URL_SCHEMES after the HTML parser has decoded entities (ammonia, inside nh3), so `&#106;avascript:`,
# `JaVaScRiPt:` and `java\tscript:` are all caught.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "hreflang", "title"},
    "abbr": {"title"},
    "bdo": {"dir"},
    "col": {"span"},
    "colgroup": {"span"},
    "data": {"value"},
    "del": {"datetime"},
    "dfn": {"title"},
    "img": {"src", "alt", "width", "height", "title"},
    "ins": {"datetime"},
    "li": {"id"},  # footnotes
    "ol": {"start"},
    "sup": {"id"},  # footnote references
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "time": {"datetime"},
    **{h: {"id"} for h in ("h2", "h3", "h4", "h5", "h6")},  # anchors from the table of contents
}
# Links may go to the web, to an e-mail address or a phone number, or (relative) to another page of the site.
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})
# Removed together with everything inside them (other disallowed tags lose only the tag, not their text).
REMOVED_WITH_CONTENT: frozenset[str] = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "noembed",
    "noframes", "template", "textarea", "select", "title", "xmp", "plaintext", "svg", "math",
})
LINK_REL = "noopener noreferrer"

_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                             "cite", "srcset", "ping", "codebase", "dynsrc", "lowsrc"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")  # C0 controls and spaces, stripped around a URL
_URL_NOISE = re.compile(r"[\t\n\r]")  # dropped anywhere in a URL


def _normalised_url(value: str) -> str:
    """A URL as a browser reads it (entities are already decoded): controls and spaces around it, tabs and
    newlines inside it gone, backslashes read as slashes."""
    return _URL_NOISE.sub("", _URL_EDGES.sub("", value)).replace("\\", "/")


def url_scheme(value: str) -> str:
    """The scheme of a URL as a browser would see it, lower case ("" for a relative URL)."""
    found = _SCHEME.match(_normalised_url(value))
    return found.group(1).lower() if found else ""


def is_remote(value: str) -> bool:
    """True when an image address would make the reader's browser fetch something from another host."""
    url = _normalised_url(value)
    return url.startswith("//") or url_scheme(url) != ""


class _Audit(HTMLParser):
    """Lists what the sanitiser will remove from author HTML, so authors are told (nothing silently dropped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.removed: dict[str, None] = {}

    def set_cdata_mode(self, *args: Any, **kwargs: Any) -> None:
        """Read inside <script> and <style> as markup too: an unclosed one must not hide what follows."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note a disallowed tag, event handler or URL scheme."""
        if tag not in ALLOWED_TAGS:
            self.removed[f"<{tag}>"] = None
        for name, value in attrs:
            if name.startswith("on"):
                self.removed[f"{name}="] = None
            elif name in _URL_ATTRIBUTES and value:
                scheme = url_scheme(value)
                if scheme and scheme not in URL_SCHEMES:
                    self.removed[f"{scheme}:"] = None


_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)([^>]*)>")
_ATTRIBUTE = re.compile(r'([^\s="]+)="([^"]*)"')


def removed_html(html: str, source: str | None = None) -> tuple[str, ...]:
    """The disallowed tags, event handlers and URL schemes in ``html``, in the order they first appear.

    ``html`` as Python-Markdown made it from ``source``: when that has no ``<`` (no author HTML) and no
    ``{`` (no attribute lists), every tag is Markdown's own, written with double-quoted, escaped
    attributes, so a pattern finds the same as the parser does, in a fraction of the time (most texts).
    """
    if source is not None and "<" not in source and "{" not in source:
        found: dict[str, None] = {}
        for name, attributes in _TAG.findall(html):
            if name.lower() not in ALLOWED_TAGS:
                break  # not expected from Markdown alone: let the parser decide
            for attribute, value in _ATTRIBUTE.findall(attributes):
                attribute = attribute.lower()
                if attribute.startswith("on"):
                    found[f"{attribute}="] = None
                elif attribute in _URL_ATTRIBUTES and value:
                    scheme = url_scheme(html_unescape(value))
                    if scheme and scheme not in URL_SCHEMES:
                        found[f"{scheme}:"] = None
        else:
            return tuple(found)
    audit = _Audit()
    audit.feed(html)
    audit.close()
    return tuple(audit.removed)


@dataclass(frozen=True)
class Rendered:
    """Rendered Markdown, the remote images it tried to load (not allowed on our sites) and what the sanitiser
    removed from its HTML (see :func:`removed_html`)."""

    html: Markup
    remote_images: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    too_deep_line: int = 0  # the first line nested deeper than MAX_NESTING: then nothing is rendered


HEADING_ID_PREFIX = "kop-"


def _heading_id(text: str, separator: str) -> str:
    """The id of a heading in author text: Python-Markdown's slug with a prefix, so that "# Inhoud" or
    "## Wijk collectieven" cannot take an id the theme uses on the same page (the skip link's target)."""
    return HEADING_ID_PREFIX + toc.slugify(text, separator)


class MarkdownRenderer:
    """Renders author Markdown; ``#`` and ``##`` both give h2 because the page title is the h1.

    Each text is converted when asked for. The speed layer hands the assembler a subclass that
    renders many texts ahead (:meth:`prepare`) from its cache and across the cores.
    """

    def __init__(self, language: str = "nl") -> None:
        back = text("markdown.footnote_back", language, {"number": "%d"})
        self._md = markdown.Markdown(
            extensions=_EXTENSIONS,
            extension_configs={
                "toc": {"permalink": False, "slugify": _heading_id},
                "extra": {"footnotes": {"BACKLINK_TITLE": back}},  # the link from a footnote back to the text
            },
            output_format="html",
        )
        self.language = language

    def prepare(self, texts: Iterable[str]) -> None:
        """Get ready to render ``texts`` (most of what an assembly asks for); here, nothing to do."""

    def render(self, text: str) -> Rendered:
        """Render ``text``; raw HTML in it is sanitised, scripts and styles are removed."""
        if not text.strip():
            return Rendered(Markup(""))
        return self.convert(text)

    def convert(self, text: str) -> Rendered:
        """Convert ``text`` now: Python-Markdown, then the sanitiser, then the list of what it removed."""
        deep = too_deep_line(text)
        if deep:  # refused before Python-Markdown recurses and the sanitiser slows down on it
            return Rendered(Markup(""), too_deep_line=deep)
        raw = self._md.reset().convert(text)
        html, remote = sanitise(raw)
        return Rendered(Markup(html), remote, removed_html(raw, text))

    def inline(self, text: str) -> Markup:
        """Render a one-paragraph text without the surrounding <p>."""
        html = str(self.render(text).html)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)


def sanitise(html: str) -> tuple[str, tuple[str, ...]]:
    """``html`` reduced to the allowlist above, and the remote image addresses it removed.

    A raw ``<h1>`` becomes ``<h2>``: the page title is the page's only h1.
    """
    remote: list[str] = []

    def keep(tag: str, attr: str, value: str) -> str | None:
        if tag == "img" and attr == "src" and url_scheme(value) not in ("", "http", "https"):
            return None
        if tag == "img" and attr == "src" and is_remote(value):
            remote.append(value)
            return None
        return value

    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=keep,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    clean = clean.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return clean, tuple(remote)
