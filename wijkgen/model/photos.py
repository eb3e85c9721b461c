"""The resized copies a photo is offered in: their sizes and names, planned while the model is assembled."""

from __future__ import annotations

from wijkgen.load.photos import FORMATS, PhotoSource
from wijkgen.model.entities import PhotoVariant
from wijkgen.model.slug import slugify

# The widths a photo is offered in (CSS pixels); a smaller original is never enlarged.
WIDTHS = (480, 960, 1600)



def sizes(width: int, height: int) -> list[tuple[int, int]]:
    """The sizes of the copies of a ``width``×``height`` photo, narrow to wide; never larger than the original."""
    widths = [w for w in WIDTHS if w < width]
    widest = min(width, WIDTHS[-1])
    if widest not in widths:
        widths.append(widest)
    return [(w, max(1, round(height * w / width))) for w in widths]



def variants(source: PhotoSource, stem: str) -> tuple[PhotoVariant, ...]:
    """The copies of ``source`` to write, named ``<stem>-<width>.<ext>`` next to the page that shows them."""
    ext = FORMATS[source.format]
    base = slugify(stem) or "foto"
    return tuple(PhotoVariant(w, h, f"{base}-{w}.{ext}") for w, h in sizes(source.width, source.height))
