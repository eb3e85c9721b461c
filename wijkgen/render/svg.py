"""A small builder for inline SVG: elements, numbers, accessible roots, serialisation. Pure.

Charts and maps are drawn with :mod:`xml.etree.ElementTree`, so text and
attributes are always escaped and the output is well-formed XML that also
parses as HTML. Numbers are rounded so the same input gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable

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


def text_width(text: str, size: float) -> float:
    """A generous estimate of how wide ``text`` is in a sans-serif font of ``size`` units."""
    return len(text) * size * 0.58


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
