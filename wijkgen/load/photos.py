"""Photos as found: check that an original named under ``fotos:`` is a usable image within the bounds.

Only the header is read here; :mod:`wijkgen.model.photos` plans the copies and
:mod:`wijkgen.outputs.photos` writes them without metadata.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from wijkgen.parse.limits import MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS

# The image formats a photo may have, with the file extension its copies get.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_EXIF_ORIENTATION = 0x0112
_SWAPS_SIDES = {5, 6, 7, 8}


class PhotoError(Exception):
    """A file that cannot be used as a photo; ``reason`` is a message code saying why."""

    code = "content.bad_photo"

    def __init__(self, reason: str, fmt: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.format = fmt

    def args_for_message(self, name: str) -> dict[str, Any]:
        """The arguments of a ``content.bad_photo`` problem about the file ``name``."""
        return {"name": name, "reason_code": self.reason, "format": self.format}


class PhotoTooLarge(PhotoError):
    """A photo over a bound of :mod:`wijkgen.parse.limits`: its file size, or its pixels (a small file can hold a huge
    image); ``code`` names the message, ``found`` what was found and the bound."""

    def __init__(self, code: str, **found: int) -> None:
        super().__init__(code)
        self.code = code
        self.found = found

    def args_for_message(self, name: str) -> dict[str, Any]:
        """The arguments of its problem: the photo's name, what was found and the bound."""
        return {"name": name, **self.found}


@dataclass(frozen=True)
class PhotoSource:
    """An original photo that was found and could be read: where it is, its format and upright size."""

    path: str
    format: str
    width: int
    height: int


def inspect(path: Path) -> PhotoSource:
    """Read the header of the photo at ``path``: format and size as it will be shown (EXIF rotation applied).

    A file over the bounds in :mod:`wijkgen.parse.limits` is refused before its pixels are decoded.
    """
    size = path.stat().st_size
    if size > MAX_PHOTO_BYTES:
        raise PhotoTooLarge("content.photo_too_large", size_bytes=size, limit_bytes=MAX_PHOTO_BYTES)
    try:
        # Pillow warns between 89 and 179 megapixels; wijkgen refuses those itself, below.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.verify()  # only directly after opening: reading the EXIF of a PNG may load its pixels
            image = Image.open(path)
        with image:
            fmt = image.format or ""
            width, height = image.size
            if width * height > MAX_PHOTO_PIXELS:
                raise _too_many_pixels(width * height)
            orientation = image.getexif().get(_EXIF_ORIENTATION, 1)
    except Image.DecompressionBombError as err:  # over Pillow's own bound, which it reports in its message
        found = re.search(r"\((\d+) pixels\)", str(err))
        raise _too_many_pixels(int(found[1]) if found else 2 * (Image.MAX_IMAGE_PIXELS or 0)) from err
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as err:
        raise PhotoError("reason.photo_unreadable") from err
    if fmt not in FORMATS:
        raise PhotoError("reason.photo_format", fmt)
    if orientation in _SWAPS_SIDES:
        width, height = height, width
    return PhotoSource(path=str(path), format=fmt, width=width, height=height)


def _too_many_pixels(pixels: int) -> PhotoTooLarge:
    return PhotoTooLarge("content.photo_too_many_pixels", megapixels=round(pixels / 1e6),
                         limit_megapixels=MAX_PHOTO_PIXELS // 1_000_000)


