"""A small builder for inline SVG: elements, numbers, accessible roots, serialisation. Pure.

Charts and maps are drawn with :mod:`xml.etree.ElementTree`, so text and
attributes are always escaped and the output is well-formed XML that also
parses as HTML. Numbers are rounded so the same input gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"

# Colours of the default theme (see templates/static/wijkgen.css). Each has at
# least 3:1 contrast against white, as WCAG 1.4.11 asks of graphics.
INK = "#1c2420"
MUTED = "#55605a"
DONE = "#1f6a4a"
BUSY = "#9a6416"
OPEN = "#6b716d"
LINE = "#8f958f"
AREA = "#e4efe8"
AREA_EDGE = "#1d4a38"
WHITE = "#ffffff"
BUSY_FILL = "#fdefc4"


def num(value: float) -> str:
    """A coordinate as short text: at most one decimal, no trailing ``.0``."""
    text = f"{round(value, 1):.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def el(tag: str, attrs: dict[str, str | float] | None = None, text: str | None = None,
       children: Iterable[ET.Element] = ()) -> ET.Element:
    """An element with attributes (floats become short numbers), optional text and children."""
    node = ET.Element(tag, {k: num(v) if isinstance(v, float | int) else v for k, v in (attrs or {}).items()})
    if text is not None:
        node.text = text
    for child in children:
        node.append(child)
    return node


def text_width(text: str, size: float, bold: bool = False) -> float:
    """A generous estimate of how wide ``text`` is in a sans-serif font of ``size`` units."""
    return len(text) * size * (0.64 if bold else 0.58)


def chars_in(space: float, size: float, bold: bool = False) -> int:
    """How many characters of a ``size`` font fit in ``space`` units (the inverse of :func:`text_width`)."""
    return max(1, int(space / (size * (0.64 if bold else 0.58))))


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a word if one ends late enough, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - 1)]
    word_end = cut.rfind(" ")
    if word_end >= limit // 2:
        cut = cut[:word_end]
    return cut.rstrip(" ,.;:-—") + "…"


def wrap(text: str, limit: int, lines: int = 2) -> list[str]:
    """``text`` on at most ``lines`` lines of ``limit`` characters, broken at spaces; the last line shortened."""
    out: list[str] = []
    rest = text.strip()
    while rest and len(out) < lines - 1 and len(rest) > limit:
        cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            break
        out.append(rest[:cut])
        rest = rest[cut + 1:].lstrip()
    out.append(shorten(rest, limit))
    return out


@dataclass(frozen=True)
class Layout:
    """A width a picture is drawn for, and the font size its text gets there.

    Inline SVG text scales with the drawing: a picture drawn 680 units wide and
    shown in a 358 px phone column would print 16-unit text at 8 px. So every
    picture is drawn twice, and CSS shows one: the narrow drawing is never
    wider than a phone's column, so its text keeps its size there; the wide one
    uses a desktop column and is shown only from 48em on.
    """

    name: str  # "smal" or "breed": the suffix of ids and the CSS class svg-<name>
    width: float
    font: float


NARROW = Layout("smal", 340.0, 15.0)
WIDE = Layout("breed", 680.0, 16.0)


def at_both_widths(draw: Callable[[Layout], Markup]) -> Markup:
    """The picture drawn by ``draw`` for phones and for wider screens, one after the other (CSS shows one)."""
    return Markup("").join(draw(layout) for layout in (NARROW, WIDE))


def root(width: float, height: float, ident: str, title: str, desc: str = "", role: str = "img",
         css_class: str = "") -> ET.Element:
    """An ``<svg>`` with a viewBox, a ``<title>`` that names it and an optional ``<desc>``.

    ``role="img"`` for a picture without links (its title and description are
    what a screen reader hears); ``role=""`` for a drawing with links inside:
    it keeps the implicit role of an SVG document, labelled by its title, and
    its links stay reachable (an ``img`` hides what is inside it).
    """
    attrs: dict[str, str | float] = {
        "xmlns": SVG_NS,
        "viewBox": f"0 0 {num(width)} {num(height)}",
        "width": width,
        "height": height,
    }
    if role:
        attrs["role"] = role
    attrs["aria-labelledby"] = f"{ident}-titel"
    if desc:
        attrs["aria-describedby"] = f"{ident}-uitleg"
    if css_class:
        attrs["class"] = css_class
    node = el("svg", attrs)
    node.append(el("title", {"id": f"{ident}-titel"}, title))
    if desc:
        node.append(el("desc", {"id": f"{ident}-uitleg"}, desc))
    return node


def to_markup(node: ET.Element) -> Markup:
    """The element as HTML-embeddable markup."""
    return Markup(ET.tostring(node, encoding="unicode", short_empty_elements=True))


def hatch_pattern(ident: str, colour: str, background: str) -> ET.Element:
    """A ``<defs>`` with diagonal stripes, to mark "in progress" by texture as well as colour."""
    pattern = el(
        "pattern",
        {"id": ident, "width": 6, "height": 6, "patternUnits": "userSpaceOnUse", "patternTransform": "rotate(45)"},
        children=[
            el("rect", {"width": 6, "height": 6, "fill": background}),
            el("rect", {"width": 3, "height": 6, "fill": colour}),
        ],
    )
    return el("defs", children=[pattern])
