"""The bounds wijkgen puts on what it reads, so no file can make a check slow, huge or crash it.

Each bound is far above what real content needs and far below what would hurt:
a file over a bound is refused with a located message that names the bound
(docs/handleiding.md lists them for authors). Pure: nothing here reads files.
"""

from __future__ import annotations

import re

# A Markdown or YAML file (a collective, a wijk profile, stappen.yaml, wijkgen.yaml). The longest real
# file is a wijk profile of a few kB; 1 MB is about 150,000 words. Checked before the file is read.
MAX_TEXT_BYTES = 1024 * 1024

# A GeoJSON boundary. A detailed CBS wijk boundary is 20–200 kB; 5 MB holds a whole city's wijken.
MAX_GEOJSON_BYTES = 5 * 1024 * 1024

# A photo file, and its size in pixels. Phone cameras write 12–50 megapixel JPEGs of 3–20 MB; the site
# never shows more than 1600 pixels wide. 60 megapixels take about 180 MB of memory to resize, and
# Pillow's own guard against "decompression bombs" (tiny files of huge images) only starts at 89.
MAX_PHOTO_BYTES = 30 * 1024 * 1024
MAX_PHOTO_PIXELS = 60_000_000

# How deep blocks and lists may sit inside each other: YAML blocks and lists, Markdown lists and
# quotes, HTML elements in a story. The deepest field wijkgen knows (a figure of an anchor
# institution's commitment) is 5 levels deep. The bound keeps recursive code (the YAML builder,
# Python-Markdown, the HTML sanitiser) far from Python's recursion limit and from quadratic slowness.
MAX_NESTING = 32

# Python-Markdown nests a list or a code block every 4 columns of indentation.
_INDENT_PER_LEVEL = 4
_QUOTES = re.compile(r"[ \t]{0,3}>")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*?)?(/?)>")
# Elements that never hold others (void), or that the HTML parser closes by itself when the next
# one starts (p, li, td, …): they do not add a level.
_FLAT_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
     "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rp", "rt"}
)


def _indent_columns(line: str) -> int:
    columns = 0
    for char in line:
        if char == " ":
            columns += 1
        elif char == "\t":
            columns += _INDENT_PER_LEVEL - columns % _INDENT_PER_LEVEL
        else:
            break
    return columns


def too_deep_line(text: str) -> int:
    """The first line (1-based) of Markdown ``text`` nested deeper than :data:`MAX_NESTING`, or 0 when none is.

    Levels are counted the way the Markdown and HTML parsers build them: every 4 columns of
    indentation, every ``>`` of a quote, and every HTML element still open.
    """
    open_elements = 0
    for number, line in enumerate(text.split("\n"), start=1):
        level = _indent_columns(line) // _INDENT_PER_LEVEL
        rest = line
        while (quote := _QUOTES.match(rest)) is not None:
            level += 1
            rest = rest[quote.end():]
        if "<" in line:
            for tag in _TAG.finditer(line):
                if tag[2].lower() in _FLAT_ELEMENTS or tag[3]:
                    continue
                open_elements = max(0, open_elements - 1) if tag[1] else open_elements + 1
                if open_elements > MAX_NESTING:
                    return number
        if level > MAX_NESTING:
            return number
    return 0
