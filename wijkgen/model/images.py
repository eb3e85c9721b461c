"""Images in Markdown texts, under the rules of photos: a file next to the text, readable, with alt text.

The sanitiser has already removed what is unsafe (:mod:`wijkgen.model.markup`). Each ``<img>`` left in
its HTML is checked here against the image files the loader read next to the document
(:class:`~wijkgen.load.project.BodyImages`). A usable one becomes a photo of the page: resized copies
next to it, like those under ``fotos:``. Any other leaves nothing behind (no broken image, no
``<img>`` without a source) and, unless the sanitiser already reported why, gives a located error.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html import escape
from html import unescape as html_unescape
from pathlib import PurePosixPath
from urllib.parse import unquote

from markupsafe import Markup

from wijkgen.errors import Problem
from wijkgen.load.photos import PhotoSource
from wijkgen.load.project import BodyImages
from wijkgen.model.entities import Photo
from wijkgen.model.photos import variants
from wijkgen.parse.paths import bare_name, is_file_name

_IMG = re.compile(r"<img\b[^>]*>")
_ATTRIBUTE = re.compile(r'([^\s="]+)="([^"]*)"')  # the sanitiser writes every attribute this way
SIZES = "(min-width: 48rem) 44rem, 100vw"  # as the photo gallery's


@dataclass
class PagePhotos:
    """The photos one page shows: those under ``fotos:`` first, then those its text shows."""

    listed: tuple[Photo, ...]
    in_text: list[Photo] = field(default_factory=list)

    def photo_for(self, source: PhotoSource, name: str, file: str, line: int, alt: str) -> Photo:
        """The photo of the image file ``name`` (read as ``source``): the one already shown from the same
        file, or a new one whose copies take names no other photo of the page has."""
        for shown in (*self.listed, *self.in_text):
            if shown.source == source.path:
                return shown
        taken = {v.name for shown in (*self.listed, *self.in_text) for v in shown.variants}
        stem = PurePosixPath(name).stem
        found, n = variants(source, stem), 1
        while any(v.name in taken for v in found):
            n += 1
            found = variants(source, f"{stem}-{n}")
        photo = Photo(source.path, file, line, alt, "", found)
        self.in_text.append(photo)
        return photo


def place_images(html: Markup, text: str, first_line: int, file: str, images: BodyImages | None,
                 page: PagePhotos | None, field_mark: tuple[int, int] | None = None) -> tuple[Markup, list[Problem]]:
    """``html`` with each image checked and pointed at its copies; the problems found.

    ``page`` is None for a text that has no page of its own to put copies next to (a field of a YAML
    file, whose place is ``field_mark``): an image there is an error.
    """
    if "<img" not in html:
        return html, []
    problems: list[Problem] = []
    cursor = [0]  # where the text's next image is looked for: images appear in the HTML in the text's order

    def replace(tag: re.Match[str]) -> str:
        attrs = {k.lower(): html_unescape(v) for k, v in _ATTRIBUTE.findall(tag[0])}
        src = attrs.get("src", "")
        if not src:  # emptied by the sanitiser, which reported why (another website, a script address)
            return ""
        name = unquote(src)
        offset = _find(text, (src, name), cursor[0])
        cursor[0] = max(cursor[0], offset + 1)
        line = first_line + text.count("\n", 0, offset)
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        if field_mark is not None:  # a YAML value: quotes and escapes move the text against the file
            line, column = field_mark

        def refuse(code: str, args: dict[str, object]) -> str:
            problems.append(Problem(file, line, column, code, args))
            return ""

        if page is None:
            return refuse("content.image_not_here", {"name": name})
        alt = attrs.get("alt")
        if alt is None or (alt and not alt.strip()):
            refuse("content.image_alt", {"name": name})
        if not is_file_name(name):
            return refuse("content.image_path", {"name": name, "bare": bare_name(name)})
        if images is not None and name in images.refused:
            code, args = images.refused[name]
            return refuse(code, args)
        source = images.found.get(name) if images is not None else None
        if source is None:
            names = images.names if images is not None else ()
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            folder = images.folder if images is not None else str(PurePosixPath(file).parent)
            return refuse("content.missing_photo", {"name": name, "folder": folder, "close": close[0] if close else ""})
        if alt is None or (alt and not alt.strip()):
            return ""
        photo = page.photo_for(source, name, file, line, alt)
        default = photo.default
        srcset = ", ".join(f"{v.name} {v.width}w" for v in photo.variants)
        title = f' title="{escape(attrs["title"])}"' if attrs.get("title") else ""
        return (f'<img src="{default.name}" srcset="{srcset}" sizes="{SIZES}" width="{default.width}" '
                f'height="{default.height}" alt="{escape(alt)}"{title} loading="lazy" decoding="async">')

    return Markup(_IMG.sub(replace, str(html))), problems


def _find(text: str, spellings: tuple[str, ...], start: int) -> int:
    """Where the text names an image, from ``start`` on (else from its beginning); 0 when not found."""
    for begin in (start, 0):
        for spelling in spellings:
            found = text.find(spelling, begin)
            if found >= 0:
                return found
    return 0
