"""Photos: check the originals, plan their resized copies, and encode them without any metadata.

Phones write EXIF into every photo, including the GPS position where it was
taken, which for a resident's photo is often their home. The copies this module
writes are rebuilt from pixels alone: no EXIF, no XMP, no comments, no colour
profile (the pixels are converted to sRGB first), so nothing but the picture
leaves the build.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from wijkgen.limits import MAX_PHOTO_BYTES, MAX_PHOTO_PIXELS
from wijkgen.model import Photo, PhotoVariant
from wijkgen.slug import slugify

# The widths a photo is offered in (CSS pixels); a smaller original is never enlarged.
WIDTHS = (480, 960, 1600)
_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
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
    """A photo over a bound of :mod:`wijkgen.limits`: its file size, or its pixels (a small file can hold a huge
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

    A file over the bounds in :mod:`wijkgen.limits` is refused before its pixels are decoded.
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
    if fmt not in _FORMATS:
        raise PhotoError("reason.photo_format", fmt)
    if orientation in _SWAPS_SIDES:
        width, height = height, width
    return PhotoSource(path=str(path), format=fmt, width=width, height=height)


def _too_many_pixels(pixels: int) -> PhotoTooLarge:
    return PhotoTooLarge("content.photo_too_many_pixels", megapixels=round(pixels / 1e6),
                         limit_megapixels=MAX_PHOTO_PIXELS // 1_000_000)


def sizes(width: int, height: int) -> list[tuple[int, int]]:
    """The sizes of the copies of a ``width``×``height`` photo, narrow to wide; never larger than the original."""
    widths = [w for w in WIDTHS if w < width]
    widest = min(width, WIDTHS[-1])
    if widest not in widths:
        widths.append(widest)
    return [(w, max(1, round(height * w / width))) for w in widths]


def variants(source: PhotoSource, stem: str) -> tuple[PhotoVariant, ...]:
    """The copies of ``source`` to write, named ``<stem>-<width>.<ext>`` next to the page that shows them."""
    ext = _FORMATS[source.format]
    base = slugify(stem) or "foto"
    return tuple(PhotoVariant(w, h, f"{base}-{w}.{ext}") for w, h in sizes(source.width, source.height))


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert pixels with an embedded colour profile to sRGB, so dropping the profile keeps the colours."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        srgb = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(image, profile, srgb, outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError):
        return image
    return converted if converted is not None else image


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image with the same pixels and nothing else: no info, no EXIF, no palette tricks."""
    return Image.frombytes(image.mode, image.size, image.tobytes())


def encode(photo: Photo) -> list[tuple[str, bytes]]:
    """Every copy of ``photo`` as (file name, bytes), resized from the original and free of metadata."""
    try:
        with Image.open(photo.source) as original:
            fmt = original.format or "JPEG"
            upright = ImageOps.exif_transpose(original)
            upright.load()
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as err:
        raise PhotoError("reason.photo_unreadable") from err
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info)
    mode = "RGBA" if has_alpha and fmt != "JPEG" else "RGB"
    if upright.mode == "RGB" or upright.mode == "RGBA":
        upright = _to_srgb(upright)
    image = _pixels_only(upright.convert(mode))
    out: list[tuple[str, bytes]] = []
    for variant in photo.variants:
        copy = image if image.size == (variant.width, variant.height) else image.resize(
            (variant.width, variant.height), Image.Resampling.LANCZOS
        )
        out.append((variant.name, _save(_pixels_only(copy), fmt)))
    return out


def _save(image: Image.Image, fmt: str) -> bytes:
    """Encode with fixed settings and no metadata arguments at all."""
    buffer = io.BytesIO()
    if fmt == "PNG":
        image.save(buffer, format="PNG", optimize=True)
    elif fmt == "WEBP":
        image.save(buffer, format="WEBP", quality=80, method=4)
    else:
        image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()
